from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import export_corpus


class Command(BaseCommand):
    help = (
        "Write the whole corpus (articles, claims, contradictions, users, groups and their permissions, and "
        "the history of every change) to a JSON file, ids included. API tokens, sessions and other operational "
        "tables are left out. It holds password hashes: keep it as safe as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        counts = export_corpus(path)
        self.stdout.write(f"{sum(counts.values())} objects written to {path}")
