"""CSV downloads for fact-checkers' spreadsheets, streamed so that size does not matter."""

import csv
import io
from collections.abc import Callable, Iterable
from itertools import islice

from django.http import StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Rows per piece of the stream: a piece per row cost more than writing the row (each piece is
# encoded and handed to the server on its own).
ROWS_PER_PIECE = 500


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A leading formula character would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(
    filename: str, header: list[str], rows: Iterable[tuple], row: Callable[[tuple], Iterable] = iter
) -> StreamingHttpResponse:
    """`rows` as CSV under `header`, each turned into its cells by `row`."""

    def pieces():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # a BOM, so spreadsheet programs read Vietnamese text as UTF-8
        writer.writerow(header)
        yield buffer.getvalue()
        rows_left = iter(rows)
        while items := list(islice(rows_left, ROWS_PER_PIECE)):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows([_cell(v) for v in row(item)] for item in items)
            yield buffer.getvalue()

    response = StreamingHttpResponse(pieces(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
