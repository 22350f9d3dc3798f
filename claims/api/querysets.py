"""The querysets the endpoints read, with everything their serializers touch joined or prefetched.

Each starts from the rows the reader may see (claims.selectors: what is published, or every row
for a fact-checker). With `shown=True` (reads), each loads only the columns its serializer shows: a page then builds
no model field it does not write, and parses none of the timestamps of the rows it joins.
Writes load whole rows, as the services expect them.

PostgreSQL plans every query afresh (Django binds parameters client-side), and planning time
grows steeply with the number of joined tables. Relations that appear on two sides (the claims
of a contradiction) are read in a small query of their own rather than joined.
"""

from collections.abc import Iterable

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch, QuerySet, prefetch_related_objects

from claims.models import Claim, Contradiction, Note, SpeakerAlias, StatementVia
from claims.selectors import (
    verdict_shown,
    visible_claims,
    visible_contradictions,
    visible_speakers,
    visible_statements,
)
from core.api.permissions import is_fact_checker
from sources.models import Article

# A speaker's aliases as one array per row, in the speaker's own query: a prefetch would build a
# model instance per alias and a related manager per speaker.
ALIAS_NAMES = ArraySubquery(
    SpeakerAlias.objects.filter(speaker=OuterRef("pk")).order_by("name").values("name")
)


# What VerdictSerializer shows.
VERDICT_FIELDS = (
    "rating",
    "textual_rating",
    "explanation",
    "reviewed_on",
    "updated_at",
    "reviewer__username",
)


def refs(*relations: str) -> list[str]:
    """The columns a reference to each relation shows (`RefField`): its slug and its name."""
    return [f"{relation}__{field}" for relation in relations for field in ("slug", "name")]


def localized_refs(*relations: str) -> list[str]:
    """`refs` of relations whose name has a Vietnamese twin, shown to a reader asking for Vietnamese
    (core.api.fields.localized)."""
    return [*refs(*relations), *(f"{relation}__name_vi" for relation in relations)]


def speakers(user, *, shown: bool = False) -> QuerySet:
    queryset = (
        visible_speakers(user).select_related("affiliation", "outlet").annotate(alias_names=ALIAS_NAMES)
    )
    if shown:  # SpeakerSerializer
        queryset = queryset.only(
            "slug", "name", "kind", "role", "country", "wikidata_id", "status", *refs("affiliation", "outlet")
        )
    return queryset


def claims(user, *, shown: bool = False) -> QuerySet:
    # The verdict and its reviewer joined: a prefetch would cost a query built and run, more than
    # the two joins add to the page's planning. `verdict_shown` says whether the reader sees it.
    queryset = (
        visible_claims(user)
        .select_related("speaker", "topic", "event", "verdict__reviewer")
        .annotate(verdict_shown=verdict_shown(user))
    )
    if shown:  # ClaimSerializer, VerdictSerializer
        queryset = queryset.only(
            "key", "stance", "summary", "summary_vi", "said_on", "status", "created_at", "updated_at",
            *refs("speaker"), *localized_refs("topic", "event"),
            "verdict__rating", "verdict__textual_rating", "verdict__explanation", "verdict__published",
            "verdict__reviewed_on", "verdict__updated_at", "verdict__reviewer__username",
        )  # fmt: skip
    return queryset


def statements(user, *, shown: bool = False) -> QuerySet:
    chain = StatementVia.objects.select_related("outlet", "speaker").order_by("position")
    queryset = visible_statements(user).select_related("claim__speaker", "article__outlet")
    if shown:  # StatementSerializer, AttributionStatementSerializer
        chain = chain.only("statement", *refs("outlet", "speaker"))
        queryset = queryset.only(
            "quote", "start", "end", "mode", "status", "created_at", "updated_at", "claim__summary",
            "claim__summary_vi", "article__key", "article__title", "article__published_on",
            *refs("claim__speaker", "article__outlet"),
        )  # fmt: skip
    else:
        queryset = queryset.defer(
            *(f"article__{field}" for field in ("body", *Article.SEARCHED_ONLY)),
            *(f"claim__{field}" for field in Claim.STORED_FOLDS),
        )
    # As a list (`chain`): a prefetch into the `via` manager builds a queryset for every statement.
    return queryset.prefetch_related(Prefetch("via", queryset=chain, to_attr="chain"))


def contradictions(user, *, shown: bool = False) -> QuerySet:
    """The contradictions with their statements, articles and reviewer; their claims are read by
    `with_claims` (or on first use)."""
    queryset = visible_contradictions(user).select_related(
        "statement_a__article", "statement_b__article", "reviewed_by"
    )
    if shown:  # ContradictionSerializer, StatementBriefSerializer
        return queryset.only(
            "kind", "status", "detected_by", "reviewed_at", "created_at", "updated_at",
            "reviewed_by__username", "claim_a", "claim_b",
            *(
                f"statement_{side}__{field}"
                for side in "ab"
                for field in ("quote", "start", "end", "mode", "article__key", "article__title")
            ),
        )  # fmt: skip
    return queryset.defer(
        *(
            f"statement_{side}__article__{field}"
            for side in "ab"
            for field in ("body", *Article.SEARCHED_ONLY)
        ),
        *(f"statement_{side}__quote_folded" for side in "ab"),
    )


def with_claims(contradictions: Iterable[Contradiction]) -> list[Contradiction]:
    """`contradictions` with the claims of both sides read in one query (ClaimBriefSerializer's
    columns): a prefetch per side would read them in two. A reader who sees a contradiction sees
    both its claims."""
    contradictions = list(contradictions)
    ids = {c.claim_a_id for c in contradictions} | {c.claim_b_id for c in contradictions}
    claims = (
        Claim.objects.select_related("speaker", "topic")
        .only("stance", "summary", "summary_vi", "status", *refs("speaker"), *localized_refs("topic"))
        .in_bulk(ids)
    )
    for contradiction in contradictions:
        contradiction.claim_a = claims[contradiction.claim_a_id]
        contradiction.claim_b = claims[contradiction.claim_b_id]
    return contradictions


def with_notes(records: list | None, request) -> list | None:
    """A page of statements, claims or contradictions with their notes (NoteSerializer's columns)
    read in one query as `thread`, when a fact-checker reads it; others are shown no notes, and
    their page reads none."""
    if records and is_fact_checker(request.user):
        notes = Note.objects.only(
            "statement", "claim", "contradiction", "author_name", "text", "created_at"
        ).order_by("created_at", "id")
        prefetch_related_objects(records, Prefetch("notes", queryset=notes, to_attr="thread"))
    return records
