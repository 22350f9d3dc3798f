"""`manage.py ingest PATH...`: store article text files (title on the first line, key = file stem)."""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from tqdm import tqdm

from sources.services.ingest import IngestError, Outcome, article_paths, ingest_article, read_article


class Command(BaseCommand):
    help = (
        "Store article text files idempotently: the same text again changes nothing, another text "
        "under an existing key is an error. Metadata comes from <stem>.meta.json beside each file "
        "or from the options."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Text files, or directories of .txt files.")
        parser.add_argument("--outlet", help="Slug of the publishing outlet.")
        parser.add_argument("--published-on", help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--byline")
        parser.add_argument("--url")
        parser.add_argument("--language")
        parser.add_argument(
            "--extract",
            action="store_true",
            help="Also find reported speech in new articles and store it as candidate statements.",
        )

    def handle(self, *args, paths, extract, verbosity, **options):
        overrides = {name: options[name] for name in ("outlet", "published_on", "byline", "url", "language")}
        try:
            files = article_paths(paths)
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        counts: Counter = Counter()
        failures: list[str] = []
        candidates = 0
        for path in tqdm(files, unit="article", disable=verbosity < 1 or len(files) < 10):
            try:
                article, outcome = ingest_article(read_article(path, overrides))
            except IngestError as exc:
                failures.append(f"{path}: {exc}")
                continue
            counts[outcome] += 1
            if extract and outcome is Outcome.CREATED:
                from claims.services.extraction import store_candidates

                candidates += len(store_candidates(article))
        for failure in failures:
            self.stderr.write(failure)
        summary = ", ".join(f"{counts[o]} {o.label}" for o in Outcome)
        if extract:
            summary += ", " + gettext("%(count)d candidate statements") % {"count": candidates}
        self.stdout.write(
            gettext("articles: %(summary)s, %(failed)d failed")
            % {"summary": summary, "failed": len(failures)}
        )
        if failures:
            message = gettext("%(failed)d of %(count)d files were not stored")
            raise CommandError(message % {"failed": len(failures), "count": len(files)})
