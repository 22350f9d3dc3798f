"""Writing generated batches with COPY, and the bulk-load tricks around it.

`write_batches` works on any psycopg connection (the pytest database inside a test's
transaction too). `bulk_load` is what `generate_corpus` runs on its own database: in one
transaction it truncates, drops the secondary indexes, COPYs with FREEZE (rows written
already frozen: no hint-bit or vacuum pass on first read), rebuilds the indexes once from
sorted data instead of row by row, and resets the id sequences. Interrupted, it rolls back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from claims.triggers import RECOUNT_STANDING_CONTRADICTIONS
from perf.bench.generator import Batch

# Every table the generator fills, parents first (the order TRUNCATE and sequences use).
TABLES = (
    "sources_outlet",
    "sources_article",
    "claims_speaker",
    "claims_speakeralias",
    "claims_topic",
    "claims_event",
    "claims_claim",
    "claims_verdict",
    "claims_statement",
    "claims_statementvia",
    "claims_contradiction",
)


def write_batches(
    conn: psycopg.Connection,
    batches: Iterable[Batch],
    *,
    freeze: bool = False,
    on_batch: Callable[[Batch], None] | None = None,
) -> Counter[str]:
    """COPY every batch into its table; returns the rows written per table."""
    written: Counter[str] = Counter()
    options = sql.SQL(" WITH (FREEZE)" if freeze else "")
    with conn.cursor() as cursor:
        for batch in batches:
            if batch.rows:
                statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
                    sql.Identifier(batch.table),
                    sql.SQL(", ").join(map(sql.Identifier, batch.columns)),
                    options,
                )
                with cursor.copy(statement) as copy:
                    for row in batch.rows:
                        copy.write_row(row)
                written[batch.table] += len(batch.rows)
            if on_batch is not None:
                on_batch(batch)
    return written


def reset_sequences(conn: psycopg.Connection, tables: Iterable[str] = TABLES) -> None:
    """Identity sequences continue after the explicit ids COPY wrote."""
    for table in tables:
        conn.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 0) + 1, false) FROM {}"
            ).format(sql.Identifier(table)),
            [table],
        )


@dataclass(frozen=True)
class Index:
    """A secondary index, unique or exclusion constraint, with the SQL that drops and re-creates it."""

    table: str
    name: str
    drop: str
    create: str
    # Statistics targets set on the index's expressions, which a new index would not have.
    settings: tuple[str, ...] = ()


def secondary_indexes(conn: psycopg.Connection, tables: Iterable[str] = TABLES) -> list[Index]:
    """Every index of `tables` but the primary keys (the foreign keys need those)."""
    rows = conn.execute(
        """
        SELECT t.relname, ix.relname, pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid),
               ARRAY(SELECT ARRAY[a.attnum, a.attstattarget] FROM pg_attribute a
                     WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0 ORDER BY a.attnum)
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_class ix ON ix.oid = i.indexrelid
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('u', 'x')
        WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND t.relnamespace = 'public'::regnamespace
        ORDER BY pg_relation_size(t.oid) DESC, ix.relname
        """,
        [list(tables)],
    ).fetchall()
    found = []
    for table, name, indexdef, constraint, constraintdef, targets in rows:
        quoted_table, quoted = _quote(table), _quote(constraint or name)
        if constraint:
            drop = f"ALTER TABLE {quoted_table} DROP CONSTRAINT {quoted}"
            create = f"ALTER TABLE {quoted_table} ADD CONSTRAINT {quoted} {constraintdef}"
        else:
            drop, create = f"DROP INDEX {quoted}", indexdef
        settings = tuple(
            f"ALTER INDEX {_quote(name)} ALTER COLUMN {column} SET STATISTICS {target}"
            for column, target in targets
        )
        found.append(Index(table, constraint or name, drop, create, settings))
    return found


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def bulk_load(
    conn: psycopg.Connection,
    batches: Iterable[Batch],
    *,
    on_batch: Callable[[Batch], None] | None = None,
    on_index: Callable[[Index, int], None] | None = None,
) -> Counter[str]:
    """Replace the corpus tables' contents with `batches`, in one transaction."""
    with conn.transaction():
        # Generated rows are consistent by construction (tests/test_performance.py checks the
        # foreign keys on a small corpus); skipping the per-row checks saves a third of the load.
        conn.execute("SET LOCAL session_replication_role = replica")
        conn.execute("SET LOCAL maintenance_work_mem = '1GB'")
        conn.execute("SET LOCAL synchronous_commit = off")
        conn.execute(sql.SQL("TRUNCATE {} CASCADE").format(sql.SQL(", ").join(map(sql.Identifier, TABLES))))
        indexes = secondary_indexes(conn)
        for index in indexes:
            conn.execute(index.drop.encode())
        written = write_batches(conn, batches, freeze=True, on_batch=on_batch)
        # What the triggers, off here, keep: counted before the indexes exist, as rows are rewritten.
        conn.execute(RECOUNT_STANDING_CONTRADICTIONS)
        for index in indexes:
            conn.execute(index.create.encode())
            for setting in index.settings:
                conn.execute(setting.encode())
            if on_index is not None:
                on_index(index, len(indexes))
        reset_sequences(conn)
    return written
