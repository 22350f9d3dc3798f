"""`manage.py seed`: the five seed articles and the curated corpus, created once; people's work is kept."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.fixtures import Seeder, SeedError, article_entries, fixture_entries
from sources.services.ingest import IngestError

# Fixtures named 00_* (the outlets) are what the articles' metadata refers to: they go first.
EARLY_PREFIX = "00_"
# One seed at a time per database: two `make run` starting together must not both create a row.
LOCK = "SELECT pg_advisory_xact_lock(hashtext('summit seed'))"
# The outcomes seed counts (claims.fixtures.Seeder.counts), as its summary names them.
OUTCOMES = {
    "created": _("created"),
    "updated": _("updated"),
    "overwritten": _("overwritten"),
    "re-created": _("re-created"),
    "unchanged": _("unchanged"),
    "left alone": _("left alone"),
}


class Command(BaseCommand):
    help = (
        "Create what is missing of the articles of seeds/ and the curated fixtures of fixtures/. "
        "A record changed or deleted since it was seeded is left as it is, and listed; a fixture's "
        "change reaches only records nobody has changed. --reset writes the fixtures back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=Path, default=settings.BASE_DIR / "seeds")
        parser.add_argument("--fixtures", type=Path, default=settings.BASE_DIR / "fixtures")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="For development: write the fixtures back over every change and re-create what was "
            "deleted, listing each record overwritten. An article's stored text is never replaced.",
        )

    @transaction.atomic
    def handle(self, *args, seeds: Path, fixtures: Path, reset: bool, **options):
        with connection.cursor() as cursor:
            cursor.execute(LOCK)
        files = sorted(fixtures.glob("*.json")) if fixtures.is_dir() else []
        early = [f for f in files if f.name.startswith(EARLY_PREFIX)]
        seeder = Seeder(reset=reset)
        try:
            for path in early:
                seeder.load(fixture_entries(path))
            seeder.load(article_entries(seeds))
            for path in files:
                if path not in early:
                    seeder.load(fixture_entries(path))
        except (SeedError, IngestError) as exc:
            raise CommandError(str(exc)) from exc
        for line in seeder.lines:
            self.stdout.write(line)
        counts = seeder.counts
        outcomes = ["created", "updated", "unchanged", "left alone"]
        if reset:
            outcomes[2:2] = ["overwritten", "re-created"]
        summary = ", ".join(f"{counts[o]} {OUTCOMES[o]}" for o in outcomes)
        if counts["left alone"]:
            summary += gettext(
                " (listed above: changed or deleted since seeded; `seed --reset` writes them back)"
            )
        self.stdout.write(gettext("seed: %(summary)s") % {"summary": summary})
