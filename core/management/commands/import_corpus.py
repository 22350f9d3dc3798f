from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import RestoreRefused, import_corpus


class Command(BaseCommand):
    help = (
        "Restore a file written by export_corpus, ids included, into a database migrated to the same schema "
        "that holds no corpus and no users. A file that does not fit is refused and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the current corpus, users and groups first (the users' API tokens go with them).",
        )

    def handle(self, *args, path: Path, replace: bool, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            loaded = import_corpus(path, replace=replace)
        except RestoreRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{loaded} objects restored from {path}")
