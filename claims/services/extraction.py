"""Candidate statements from an article: reported speech found by `reported_speech`, filed for a
fact-checker to review, never facts.

`store_candidates` files every attributed candidate as a `candidate` statement with a claim of its
own, its Vietnamese text as the claim's Vietnamese summary (the English one is left for the
fact-checker), and every speaker the text names that no known speaker is as a `proposed` speaker,
unpublished until a fact-checker confirms it or merges it into a known one.
"""

from __future__ import annotations

from django.db import transaction

from claims.choices import ReviewStatus, SpeakerKind, Stance
from claims.models import Claim, Speaker, Statement, Topic
from claims.services.claims import save_claim
from claims.services.matching import suggest_claims
from claims.services.reported_speech import Candidate, SpeakerNames, find_candidates
from claims.services.speaker_phrases import ProposedSpeaker, Who
from claims.services.speakers import propose_speaker
from claims.services.statements import create_statement
from core.text import shortened
from sources.models import Article, Outlet

__all__ = ["Candidate", "SpeakerNames", "find_candidates", "store_candidates", "unclassified_topic"]

UNCLASSIFIED_SLUG = "unclassified"
UNCLASSIFIED_NAME = "Unclassified: to be assigned by a fact-checker"


def unclassified_topic() -> Topic:
    topic, _ = Topic.objects.get_or_create(slug=UNCLASSIFIED_SLUG, defaults={"name": UNCLASSIFIED_NAME})
    return topic


class _Speakers:
    """The speakers of one extraction run: known ones as found, proposed ones created once."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.proposed: dict[ProposedSpeaker, Speaker] = {}

    def speaker(self, who: Who) -> Speaker:
        if who.speaker is not None:
            return who.speaker
        proposal = who.proposed
        if proposal is None:
            outlet = who.outlet.name if who.outlet is not None else ""
            proposal = ProposedSpeaker(outlet, outlet, "", SpeakerKind.OUTLET)
        if proposal not in self.proposed:
            self.proposed[proposal] = self._anonymous(proposal) or propose_speaker(
                name=proposal.name,
                role=proposal.role,
                kind=proposal.kind,
                aliases=[proposal.phrase, proposal.name],
            )
        return self.proposed[proposal]

    def _anonymous(self, proposal: ProposedSpeaker) -> Speaker | None:
        """An anonymous source is someone else in every article: no alias carries it over, and
        only this article's earlier extraction may have proposed it already."""
        if proposal.kind != SpeakerKind.ANONYMOUS:
            return None
        earlier = Speaker.objects.filter(
            kind=SpeakerKind.ANONYMOUS, name=proposal.name, claims__statements__article=self.article
        ).first()
        return earlier or propose_speaker(
            name=proposal.name, role=proposal.role, kind=proposal.kind, aliases=[]
        )

    def link(self, who: Who) -> tuple[Outlet | None, Speaker | None]:
        return (who.outlet, None) if who.outlet is not None else (None, self.speaker(who))


@transaction.atomic
def store_candidates(article: Article) -> list[Statement]:
    """Store each attributed candidate as a `candidate` statement with a claim of its own, its
    Vietnamese text as the claim's Vietnamese summary; a proposed speaker is stored `proposed`.

    A span that overlaps a statement of the same speaker in the article (curated, candidate or
    rejected) is skipped, so a second run stores nothing and a rejection is not undone.
    """
    Article.objects.select_for_update().filter(pk=article.pk).first()  # one extraction at a time
    taken: dict[int, list[tuple[int, int]]] = {}
    rows = Statement.objects.filter(article=article).values_list("claim__speaker_id", "start", "end")
    for speaker_id, start, end in rows:
        taken.setdefault(speaker_id, []).append((start, end))
    topic = unclassified_topic()
    speakers = _Speakers(article)
    stored = []
    for candidate in find_candidates(article):
        who = candidate.who
        if who is None:
            continue
        speaker = speakers.speaker(who)
        spans = taken.setdefault(speaker.pk, [])
        if any(candidate.overlaps(start, end) for start, end in spans):
            continue
        claim = Claim(
            speaker=speaker,
            topic=topic,
            stance=Stance.NEUTRAL,
            status=ReviewStatus.CANDIDATE,
            summary_vi=shortened(candidate.quote, 201),
        )
        claim.full_clean()
        save_claim(claim)
        statement = create_statement(
            claim=claim,
            article=article,
            quote=candidate.quote,
            start=candidate.start,
            end=candidate.end,
            mode=candidate.mode,
            status=ReviewStatus.CANDIDATE,
            via=[speakers.link(source) for source in candidate.via],
            note=f"Found by extraction (cue: {candidate.cue}).",
        )
        suggest_claims(statement)  # the claims of other articles it may report too
        stored.append(statement)
        spans.append((candidate.start, candidate.end))
    return stored
