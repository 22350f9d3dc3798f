"""Each claims model's one search, used by the API's `q` and the admin's search box alike.

The rule is `core.search`'s; here each model names the fields a term is looked for in.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from claims.models import Claim, Note, Speaker, SpeakerAlias, Topic
from core.search import RelatedIds, Search, all_of, any_of, in_fields
from core.text import folded_contains
from sources.models import Article


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
