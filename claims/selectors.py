"""The claims models as each reader may see them, and each model's one search.

Publishing: a fact-checker (`claims.fact_check`) reads every row; anyone else reads what
fact-checkers published. Each model's rule is one function below, and every read of the API
(lists, details, searches, filters, exports, attribution, ClaimReview) starts from it.

Search: the API's `q` and the admin's search box share one rule (`core.search`'s); here each
model names the fields a term is looked for in.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.lookups import IsNull

from claims.choices import ContradictionStatus, ReviewStatus, SpeakerStatus
from claims.models import Claim, ClaimSuggestion, Contradiction, Note, Speaker, SpeakerAlias, Statement, Topic
from core.api.permissions import is_fact_checker
from core.search import RelatedIds, Search, all_of, any_of, in_fields
from core.text import folded_contains
from sources.models import Article

# --- Publishing ----------------------------------------------------------------------------


def reads_unpublished(user) -> bool:
    """Whether `user` reads every row (a fact-checker) rather than what is published."""
    return is_fact_checker(user)


def visible_claims(user) -> QuerySet[Claim]:
    """Every claim for a fact-checker; a verified claim for anyone else."""
    if reads_unpublished(user):
        return Claim.objects.all()
    return Claim.objects.filter(status=ReviewStatus.VERIFIED)


def verdict_shown(user) -> Value | ExpressionWrapper:
    """For a claim `user` sees: whether they see its verdict too (annotated as `verdict_shown`).
    A fact-checker sees every verdict; anyone else a published one."""
    if reads_unpublished(user):
        return Value(True)
    return ExpressionWrapper(Q(verdict__published=True), output_field=BooleanField())


def visible_statements(user, *, of_visible_claims: bool = False) -> QuerySet[Statement]:
    """Every statement for a fact-checker; for anyone else a verified statement of a verified claim.

    `of_visible_claims`: the caller reads only statements of claims `user` sees (a subquery of
    the claims list), so the claim's state is not tested again, in a join of its own.
    """
    if reads_unpublished(user):
        return Statement.objects.all()
    statements = Statement.objects.filter(status=ReviewStatus.VERIFIED)
    return statements if of_visible_claims else statements.filter(claim__status=ReviewStatus.VERIFIED)


def visible_contradictions(user) -> QuerySet[Contradiction]:
    """Every contradiction for a fact-checker; for anyone else a confirmed one between two verified
    claims, and for a discrepancy, whose two statements it shows, between two verified statements."""
    if reads_unpublished(user):
        return Contradiction.objects.all()
    verified = ReviewStatus.VERIFIED
    # Its claims are tested in one subquery rather than joined: two more joins made PostgreSQL
    # plan a page five times as long as it read it. (The statements are joined for the page.)
    unverified = Claim.objects.filter(Q(pk=OuterRef("claim_a")) | Q(pk=OuterRef("claim_b"))).exclude(
        status=verified
    )
    return Contradiction.objects.filter(
        Q(statement_a=None) | Q(statement_a__status=verified, statement_b__status=verified),
        ~Exists(unverified),
        status=ContradictionStatus.CONFIRMED,
    )


def visible_speakers(user) -> QuerySet[Speaker]:
    """Every speaker for a fact-checker; a confirmed speaker for anyone else."""
    if reads_unpublished(user):
        return Speaker.objects.all()
    return Speaker.objects.filter(status=SpeakerStatus.CONFIRMED)


def claim_suggestions(claim: Claim | int) -> QuerySet[ClaimSuggestion]:
    """The existing claims suggested for the statements of `claim`, the most alike first, with what
    their representation shows. For fact-checkers only: suggestions are never published."""
    related = ["statement__article", "suggested_claim__speaker", "suggested_claim__topic", "decided_by"]
    return ClaimSuggestion.objects.filter(claim=claim).select_related(*related).order_by("-score", "id")


def contradicted(user) -> Q:
    """The claims with a contradiction `user` sees that is not dismissed.

    The count the database keeps on each claim (claims/triggers.py) counts every contradiction
    that is not dismissed; a published one is confirmed, so only a claim whose count is above
    zero is looked up among the contradictions others see.
    """
    standing = Q(standing_contradictions__gt=0)
    if reads_unpublished(user):
        return standing
    involving = visible_contradictions(user).filter(Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk")))
    # The first such contradiction, not EXISTS: PostgreSQL turns a top-level EXISTS into a join and
    # then collected every contested claim before sorting out the page (50 ms at 100k claims); a
    # scalar subquery is tested claim by claim as the page is walked.
    first = Subquery(involving.order_by().values("pk")[:1])
    return standing & Q(IsNull(first, False))


# --- Search --------------------------------------------------------------------------------


def naming_speakers(related: RelatedIds, term: str) -> int:
    """The speakers whose name or an alias holds `term`."""
    return related.add(
        term,
        (Speaker.objects.filter(folded_contains("name", term)), "id"),
        (SpeakerAlias.objects.filter(folded_contains("name", term)), "speaker_id"),
    )


def speaker_holds(path: str, term: str) -> Q:
    """The speaker at `path` (its id at `path_id`) holds `term` in its name or an alias, tested
    on the row."""
    aliases = SpeakerAlias.objects.filter(folded_contains("name", term), speaker=OuterRef(f"{path}_id"))
    return folded_contains(f"{path}__name", term) | Q(Exists(aliases))


def claim_conditions(terms: list[str]) -> list[Q]:
    """For each term, the claims holding it: in the summary (English or Vietnamese), the
    speaker's name or an alias, the topic's name (either language), or as the whole key."""
    related = RelatedIds()
    named = [
        (
            term,
            naming_speakers(related, term),
            related.add(
                term,
                (Topic.objects.filter(folded_contains("name", term)), "id"),
                (Topic.objects.filter(folded_contains("name_vi", term)), "id"),
            ),
        )
        for term in terms
    ]
    related.read()
    return [
        folded_contains("summary", term)
        | folded_contains("summary_vi", term)
        | Q(key=term)
        | related.condition(speakers, "speaker_id", otherwise=speaker_holds("speaker", term))
        | related.condition(
            topics,
            "topic_id",
            otherwise=folded_contains("topic__name", term) | folded_contains("topic__name_vi", term),
        )
        for term, speakers, topics in named
    ]


def claims_matching(terms: list[str]) -> Q:
    return all_of(claim_conditions(terms))


def statements_matching(terms: list[str]) -> Q:
    """Each term in the quote, the claim's summary, the speaker's name or an alias, the
    article's title, or as the article's whole key. The statement's own copy of its claim's
    speaker is matched, from its (speaker, id) index."""
    related = RelatedIds()
    named = [
        (
            term,
            related.add(term, (Claim.objects.filter(folded_contains("summary", term)), "id")),
            naming_speakers(related, term),
            related.add(term, (Article.objects.filter(folded_contains("title", term) | Q(key=term)), "id")),
        )
        for term in terms
    ]
    related.read()
    return all_of(
        folded_contains("quote", term)
        | related.condition(claims, "claim_id", otherwise=folded_contains("claim__summary", term))
        | related.condition(speakers, "speaker_id", otherwise=speaker_holds("speaker", term))
        | related.condition(
            articles, "article_id", otherwise=folded_contains("article__title", term) | Q(article__key=term)
        )
        for term, claims, speakers, articles in named
    )


def contradictions_matching(terms: list[str]) -> Q:
    """Each term in one of its notes, or in either claim as a claim search finds it (summary,
    speaker, topic)."""
    conditions = []
    for term, claim in zip(terms, claim_conditions(terms), strict=True):
        claims = Claim.objects.filter(claim).values("id")
        notes = Note.objects.filter(folded_contains("text", term), contradiction=OuterRef("pk"))
        conditions.append(Q(Exists(notes)) | Q(claim_a__in=claims) | Q(claim_b__in=claims))
    return all_of(conditions)


def speakers_matching(terms: list[str]) -> Q:
    """Each term in the name, slug, role or an alias."""

    def condition(term: str) -> Q:
        aliases = SpeakerAlias.objects.filter(folded_contains("name", term), speaker=OuterRef("pk"))
        return any_of(folded_contains(field, term) for field in ("name", "slug", "role")) | Q(Exists(aliases))

    return all_of(condition(term) for term in terms)


search_claims = Search(claims_matching)
search_statements = Search(statements_matching)
search_contradictions = Search(contradictions_matching)
# The short lists take a term of any length: a name may be one syllable ("Lý").
search_speakers = Search(speakers_matching, min_letters=1)
search_topics = in_fields("name", "name_vi", "slug", min_letters=1)
search_events = in_fields("name", "name_vi", "slug", min_letters=1)
