"""The floor a request is compared with: the same SQL through plain psycopg, rows to JSON by orjson.

No ORM, no serializers, no middleware: what is left is the database round trips and the
cheapest possible JSON encoding, so `ratio` is what the Django stack costs on top. The
connection prepares statements only if Django's does (`prepare_threshold`): psycopg's own
default would skip the planning Django pays on every query and measure something else.
"""

from __future__ import annotations

import orjson
import psycopg


class Baseline:
    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def run(self, queries: list[str]) -> bytes:
        """Execute `queries` (as Django logged them, parameters inlined) and encode every row."""
        results = []
        with self.conn.cursor() as cursor:
            for query in queries:
                cursor.execute(query.encode())
                columns = [column.name for column in cursor.description or ()]
                results.append({"columns": columns, "rows": cursor.fetchall()})
        return orjson.dumps(results)
