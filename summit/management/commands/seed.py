"""`manage.py seed`: the five seed articles and the curated corpus; a second run changes nothing."""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources.services.ingest import IngestError, Outcome, article_paths, ingest_article, read_article
from summit.fixtures import load_fixture

# Fixtures named 00_* (the outlets) are what the articles' metadata refers to: they go first.
EARLY_PREFIX = "00_"


class Command(BaseCommand):
    help = "Load the articles of seeds/ and the curated fixtures of fixtures/. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=Path, default=settings.BASE_DIR / "seeds")
        parser.add_argument("--fixtures", type=Path, default=settings.BASE_DIR / "fixtures")

    @transaction.atomic
    def handle(self, *args, seeds: Path, fixtures: Path, **options):
        files = sorted(fixtures.glob("*.json")) if fixtures.is_dir() else []
        early = [f for f in files if f.name.startswith(EARLY_PREFIX)]
        for path in early:
            self._load(path)
        articles: Counter = Counter()
        try:
            for path in article_paths([seeds]):
                _, outcome = ingest_article(read_article(path))
                articles[outcome] += 1
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("articles: " + ", ".join(f"{articles[o]} {o.value}" for o in Outcome))
        for path in files:
            if path not in early:
                self._load(path)

    def _load(self, path: Path) -> None:
        counts = load_fixture(path)
        parts = ", ".join(f"{counts[k]} {k}" for k in ("created", "updated", "unchanged"))
        self.stdout.write(f"{path.name}: {parts}")
