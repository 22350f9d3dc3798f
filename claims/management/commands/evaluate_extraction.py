"""`manage.py evaluate_extraction`: how well candidate extraction finds the curated statements."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.services.extraction import ArticleScore, evaluate
from claims.services.matching import MatchingScore, evaluate_pairs
from sources.models import Article


class Command(BaseCommand):
    help = (
        "Run candidate extraction (storing nothing) on the seed articles and compare it with their "
        "verified statements: a candidate is right when it overlaps a verified statement of its speaker. "
        "Then claim matching on its labelled pairs (claims/evaluation/claim_pairs.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", help="Article keys (default: the articles of --seeds).")
        parser.add_argument("--seeds", type=Path, default=settings.BASE_DIR / "seeds")

    def handle(self, *args, keys: list[str], seeds: Path, **options):
        keys = keys or [path.stem for path in sorted(seeds.glob("*.txt"))]
        articles = list(Article.objects.filter(key__in=keys).order_by("key"))
        if not articles:
            raise CommandError("none of these articles is in the database; run `manage.py seed` first")
        missing = sorted(set(keys) - {a.key for a in articles})
        if missing:
            self.stderr.write(f"not in the database, skipped: {', '.join(missing)}")
        scores = evaluate(articles)
        for score in [*scores.articles, scores.total]:
            self.stdout.write(_line(score))
        if scores.total.curated == 0:
            self.stderr.write("no verified statements to compare with: recall means nothing yet")
        self.stdout.write(_matching_line(evaluate_pairs()))


def _line(score: ArticleScore) -> str:
    return (
        f"{score.key}: candidates={score.candidates} curated={score.curated} "
        f"correct={score.true_positives} found={score.found} "
        f"precision={score.precision:.3f} recall={score.recall:.3f}"
    )


def _matching_line(score: MatchingScore) -> str:
    """Claim matching (the same claim across outlets) on its labelled pairs."""
    return (
        f"claim matching: pairs={score.pairs} same={score.same} threshold={score.threshold} "
        f"suggested={score.suggested} correct={score.correct} "
        f"precision={score.precision:.3f} recall={score.recall:.3f}"
    )
