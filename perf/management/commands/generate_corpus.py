"""`manage.py generate_corpus --claims N [--seed S]`: a synthetic corpus in its own database.

The database (`summit_bench` by default) is dropped and recreated on every run, so the
curated data of the project's database is never touched and reruns start clean.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from perf.bench import database
from perf.bench.corpus import DEFAULT_CLAIMS, DEFAULT_SEED, generate


class Command(BaseCommand):
    help = "Generate a deterministic synthetic corpus into its own database (for `manage.py bench`)."
    requires_system_checks: list[str] = []  # no connection may open before the switch of database

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=DEFAULT_CLAIMS)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--database", default=database.DEFAULT_NAME, help="Database name (recreated).")

    def handle(self, *args, claims: int, seed: int, database: str, **options):
        if claims < 1:
            raise CommandError("--claims must be positive.")
        try:
            facts = generate(database, claims, seed, sys.stderr)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        rows = ", ".join(f"{table}={count}" for table, count in facts["rows"].items())
        seconds = " ".join(f"{phase}_s={value}" for phase, value in facts["seconds"].items())
        self.stdout.write(f"database={database} {rows}")
        self.stdout.write(seconds)
