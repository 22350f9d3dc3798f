"""The querysets the endpoints read, with everything their serializers touch joined or prefetched.

PostgreSQL plans every query afresh (Django binds parameters client-side), and planning time
grows steeply with the number of joined tables. Relations that are rare (verdicts) or that
appear on two sides (the claims of a contradiction) are prefetched in a small query of their own
rather than joined.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch

from claims.models import Claim, Contradiction, Speaker, SpeakerAlias, Statement, StatementVia, Verdict
from sources.models import Article

# A speaker's aliases as one array per row, in the speaker's own query: a prefetch would build a
# model instance per alias and a related manager per speaker.
ALIAS_NAMES = ArraySubquery(
    SpeakerAlias.objects.filter(speaker=OuterRef("pk")).order_by("name").values("name")
)


def speakers():
    return Speaker.objects.select_related("affiliation", "outlet").annotate(alias_names=ALIAS_NAMES)


def claims():
    # Few claims have a verdict: prefetched, the verdict and its reviewer stay out of the page's plan.
    verdicts = Verdict.objects.select_related("reviewer")
    return Claim.objects.select_related("speaker", "topic", "event").prefetch_related(
        Prefetch("verdict", queryset=verdicts)
    )


def statements():
    chain = StatementVia.objects.select_related("outlet", "speaker").order_by("position")
    return (
        Statement.objects.select_related("claim__speaker", "article__outlet")
        .defer(
            *(f"article__{field}" for field in ("body", *Article.SEARCHED_ONLY)),
            *(f"claim__{field}" for field in Claim.STORED_FOLDS),
        )
        .prefetch_related(Prefetch("via", queryset=chain))
    )


def contradictions():
    claims = Claim.objects.select_related("speaker", "topic")
    return (
        Contradiction.objects.select_related("statement_a__article", "statement_b__article", "reviewed_by")
        .defer(
            *(
                f"statement_{side}__article__{field}"
                for side in "ab"
                for field in ("body", *Article.SEARCHED_ONLY)
            ),
            *(f"statement_{side}__quote_folded" for side in "ab"),
        )
        .prefetch_related(Prefetch("claim_a", queryset=claims), Prefetch("claim_b", queryset=claims))
    )
