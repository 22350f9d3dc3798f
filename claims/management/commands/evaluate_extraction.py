"""`manage.py evaluate_extraction`: how well candidate extraction finds the curated statements of the
seeds and the hand-labelled statements of the development set (`devset/`), each reported apart."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.services.extraction_scores import (
    SPLITS,
    ArticleScore,
    SetScore,
    evaluate,
    score_split,
)
from claims.services.matching import MatchingScore, evaluate_pairs
from claims.services.reported_speech import SpeakerNames
from sources.models import Article


class Command(BaseCommand):
    help = (
        "Run candidate extraction (storing nothing) on the seed articles and compare it with their "
        "verified statements (a candidate is right when it overlaps a verified statement of its "
        "speaker); then on the development set's tuning and held-out articles, by the rules of "
        "devset/README.md. Last, claim matching on its labelled pairs (claims/evaluation/claim_pairs.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", help="Article keys (default: the articles of --seeds).")
        parser.add_argument("--seeds", type=Path, default=settings.BASE_DIR / "seeds")
        parser.add_argument("--devset", type=Path, default=settings.BASE_DIR / "devset")
        parser.add_argument(
            "--split", choices=[*SPLITS, "none"], action="append", help="Development-set splits to score."
        )
        parser.add_argument("--errors", action="store_true", help="List each development-set error.")

    def handle(self, *args, keys: list[str], seeds: Path, devset: Path, split, errors: bool, **options):
        keys = keys or [path.stem for path in sorted(seeds.glob("*.txt"))]
        articles = list(Article.objects.filter(key__in=keys).order_by("key"))
        if not articles:
            raise CommandError("none of these articles is in the database; run `manage.py seed` first")
        missing = sorted(set(keys) - {a.key for a in articles})
        if missing:
            self.stderr.write(f"not in the database, skipped: {', '.join(missing)}")
        names = SpeakerNames()
        scores = evaluate(articles, names)
        for score in [*scores.articles, scores.total]:
            self.stdout.write(_line(score))
        if scores.total.curated == 0:
            self.stderr.write("no verified statements to compare with: recall means nothing yet")
        splits = [s for s in (split or SPLITS) if s != "none"]
        for name in splits:
            if not (devset / name / "labels.json").exists():
                raise CommandError(f"no development set at {devset / name}")
            result = score_split(devset / name, names)
            self.stdout.write(_devset_line(result))
            if errors:
                for error in result.errors:
                    self.stdout.write(f"  {error}")
        self.stdout.write(_matching_line(evaluate_pairs()))


def _line(score: ArticleScore) -> str:
    return (
        f"{score.key}: candidates={score.candidates} curated={score.curated} "
        f"correct={score.true_positives} found={score.found} misattributed={score.misattributed} "
        f"precision={score.precision:.3f} recall={score.recall:.3f}"
    )


def _devset_line(score: SetScore) -> str:
    return (
        f"devset {score.name}: candidates={score.candidates} labels={score.labels} "
        f"correct={score.correct} found={score.found} misattributed={score.misattributed} "
        f"precision={score.precision:.3f} recall={score.recall:.3f} "
        f"misattributed_share={score.misattribution_rate:.3f} "
        f"mode_right={score.mode_right} via_right={score.via_right}"
    )


def _matching_line(score: MatchingScore) -> str:
    """Claim matching (the same claim across outlets) on its labelled pairs."""
    return (
        f"claim matching: pairs={score.pairs} same={score.same} threshold={score.threshold} "
        f"suggested={score.suggested} correct={score.correct} "
        f"precision={score.precision:.3f} recall={score.recall:.3f}"
    )
