"""The querysets the endpoints read, with everything their serializers touch joined or prefetched."""

from django.db.models import Prefetch

from claims.models import Claim, Contradiction, Speaker, SpeakerAlias, Statement, StatementVia


def speakers():
    return Speaker.objects.select_related("affiliation", "outlet").prefetch_related(
        Prefetch("aliases", queryset=SpeakerAlias.objects.order_by("name"))
    )


def claims():
    return Claim.objects.select_related("speaker", "topic", "event", "verdict__reviewer")


def statements():
    chain = StatementVia.objects.select_related("outlet", "speaker").order_by("position")
    return (
        Statement.objects.select_related("claim__speaker", "article__outlet")
        .defer("article__body")
        .prefetch_related(Prefetch("via", queryset=chain))
    )


def contradictions():
    return Contradiction.objects.select_related(
        "claim_a__speaker", "claim_a__topic", "claim_b__speaker", "claim_b__topic",
        "statement_a__article", "statement_b__article", "reviewed_by",
    ).defer("statement_a__article__body", "statement_b__article__body")  # fmt: skip
