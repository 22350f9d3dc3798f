"""The querysets the endpoints read, with everything their serializers touch joined or prefetched.

PostgreSQL plans every query afresh (Django binds parameters client-side), and planning time
grows steeply with the number of joined tables: at 12 tables the contradictions page spent
15 ms planning and under 1 ms executing (docs/performance.md). Relations that are rare
(verdicts) or shared by two sides (the claims of a contradiction) are therefore prefetched in
a small query of their own rather than joined.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch

from claims.models import Claim, Contradiction, Speaker, SpeakerAlias, Statement, StatementVia, Verdict
from sources.models import Article

# A speaker's aliases as one array per row, in the speaker's own query: a prefetch built a model
# instance per alias and a related manager per speaker (half of the list's time).
ALIAS_NAMES = ArraySubquery(
    SpeakerAlias.objects.filter(speaker=OuterRef("pk")).order_by("name").values("name")
)


def speakers():
    return Speaker.objects.select_related("affiliation", "outlet").annotate(alias_names=ALIAS_NAMES)


def claims():
    # One claim in twenty has a verdict: joining verdict and reviewer doubled the planning time.
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
