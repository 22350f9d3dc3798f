"""CSV downloads for fact-checkers' spreadsheets, streamed so that size does not matter."""

import csv
from collections.abc import Callable, Iterable

from django.http import StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A leading formula character would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(
    filename: str, header: list[str], rows: Iterable, row: Callable[[object], list]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a BOM, so spreadsheet programs read Vietnamese text as UTF-8
        yield writer.writerow(header)
        for item in rows:
            yield writer.writerow([_cell(v) for v in row(item)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
