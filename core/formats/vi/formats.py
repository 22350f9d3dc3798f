# 07/12/2026 12:17 (GMT+0700), as Vietnamese newsrooms write dates: day first.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"d/m/Y H:i (\G\M\TO)"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = r"d/m/Y H:i (\G\M\TO)"
# Day first when typed, too: Django's defaults would read 07/12/2026 as 12 July.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
]
