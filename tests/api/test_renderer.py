"""The API's orjson renderer writes the bytes DRF's JSONRenderer writes."""

import datetime as dt
import zoneinfo

import pytest
from rest_framework.renderers import JSONRenderer

from core.api.renderers import ORJSONRenderer

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2021, 6, 16, 10, 0, tzinfo=dt.UTC),
        dt.datetime(2021, 6, 16, 10, 0, 0, 123456, tzinfo=zoneinfo.ZoneInfo("UTC")),
        dt.datetime(2021, 6, 16, 17, 0, 0, 5, tzinfo=HANOI),
        dt.datetime(2021, 6, 16, 10, 0),
        dt.date(2021, 6, 16),
    ],
    ids=str,
)
def test_datetimes_are_written_as_drf_writes_them(value):
    data = {"results": [{"created_at": value, "title": "Thượng đỉnh Nga – Mỹ"}]}
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)


def test_indent_is_honoured():
    rendered = ORJSONRenderer().render({"a": [1]}, "application/json; indent=4")
    assert rendered == b'{\n  "a": [\n    1\n  ]\n}'
