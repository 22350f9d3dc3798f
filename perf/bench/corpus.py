"""Generate the benchmark corpus into its own database: create, migrate, bulk-load, analyse."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, TextIO

from django.core.management import call_command
from django.db import connections
from tqdm import tqdm

from perf.bench import database
from perf.bench.generator import Batch, Generator, Sizes
from perf.bench.loader import TABLES, Index, bulk_load

DEFAULT_CLAIMS = 20_000
DEFAULT_SEED = 0


def generate(name: str, claims: int, seed: int, out: TextIO) -> dict[str, Any]:
    """(Re)create database `name` holding a corpus of `claims` claims; returns what was recorded."""
    database.check_name(name)
    sizes = Sizes.for_claims(claims)
    began = time.monotonic()
    database.recreate(name)
    database.use_database(name)
    call_command("migrate", interactive=False, verbosity=0)
    connections["default"].close()
    migrated = time.monotonic()

    generator = Generator(sizes, seed)
    # Progress in generated rows: each batch of claims, articles (+ their statements) advances it.
    bar = tqdm(total=sizes.claims + sizes.articles, desc="rows", unit="row", unit_scale=True, file=out)
    counted = {"claims_claim", "sources_article"}

    def advance(batch: Batch) -> None:
        if batch.table in counted:
            bar.update(len(batch.rows))

    index_bar: tqdm | None = None

    def indexed(index: Index, total: int) -> None:
        nonlocal index_bar
        if index_bar is None:
            bar.close()
            index_bar = tqdm(total=total, desc="indexes", unit="index", file=out)
        index_bar.update(1)
        index_bar.set_postfix_str(index.name)

    with database.connect(name) as conn:
        written = bulk_load(conn, generator.batches(), on_batch=advance, on_index=indexed)
        loaded = time.monotonic()
        conn.autocommit = True
        conn.execute("ANALYZE " + ", ".join(TABLES))
    for closing in (bar, index_bar):
        if closing is not None:
            closing.close()
    facts = {
        "claims": claims,
        "seed": seed,
        "rows": dict(written),
        "seconds": {
            "migrate": round(migrated - began, 1),
            "load": round(loaded - migrated, 1),
            "analyze": round(time.monotonic() - loaded, 1),
            "total": round(time.monotonic() - began, 1),
        },
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    database.record(name, facts)
    return facts
