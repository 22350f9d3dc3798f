"""Contradiction detection: suspected contradictions a reviewer can work through.

Suggestions pair verified claims only, on one topic, and only claims that take a side
(`supports` or `opposes`):
- `opposing`: for each pair of speakers, one suggestion, between each one's latest claim, when
  those take opposite sides;
- `reversal`: for each speaker who took both sides, one, between its latest claim of each side.
"Latest" is by `said_on` (an undated claim counts as older than a dated one), then creation.

Storing a claim (claims.services.claims.save_claim) brings the suggestions of its speaker on its
topic in line with these rules (and those of the speaker and topic it left, when it moved): a
suggestion no longer between the latest claims is withdrawn while it is still suspected and
nobody has written a note on it. Confirmed and dismissed contradictions, and those people
recorded, are never touched; a pair stored once, in any state, is never stored again (a unique
index on the unordered pair), so a dismissed suggestion does not come back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from claims.choices import ContradictionKind, ContradictionStatus, DetectionMethod, ReviewStatus, Stance
from claims.models import Claim, Contradiction, Note, Topic

OPPOSITE = {Stance.SUPPORTS: Stance.OPPOSES, Stance.OPPOSES: Stance.SUPPORTS}
SIDES = tuple(OPPOSITE)
DETECTED_KINDS = (ContradictionKind.OPPOSING, ContradictionKind.REVERSAL)
# The reason in a withdrawn suggestion's history, in the language of whoever's save withdrew it.
WITHDRAWN = gettext_lazy("Withdrawn by detection: no longer between the speakers' latest claims")

Pair = tuple[int, int]  # two claim ids, the lower first


class Scope(NamedTuple):
    """What a claim's detection looks at: its speaker's suggestions on its topic."""

    topic_id: int
    speaker_id: int


class Stored(NamedTuple):
    """The fields of a claim that detection reads, as stored before a change."""

    speaker_id: int
    topic_id: int
    status: str
    stance: str


@dataclass(frozen=True)
class Latest:
    """A speaker's latest verified claim of one side on a topic."""

    claim_id: int
    speaker_id: int
    stance: str
    said_on: dt.date | None
    created_at: dt.datetime

    @property
    def order(self) -> tuple:
        return (self.said_on is not None, self.said_on or dt.date.min, self.created_at, self.claim_id)


@dataclass
class Outcome:
    created: list[Contradiction] = field(default_factory=list)
    withdrawn: int = 0

    def __iadd__(self, other: Outcome) -> Outcome:
        self.created += other.created
        self.withdrawn += other.withdrawn
        return self


def takes_part(status: str, stance: str) -> bool:
    """Whether a claim in this state is one detection pairs."""
    return status == ReviewStatus.VERIFIED and stance in SIDES


def stored_state(claim: Claim) -> Stored | None:
    """The claim as stored, before the change about to be saved; none for a new claim."""
    if claim.pk is None:
        return None
    row = Claim.objects.filter(pk=claim.pk).values_list("speaker_id", "topic_id", "status", "stance").first()
    return Stored(*row) if row is not None else None


def detect_for_claim(claim: Claim, *, before: Stored | None = None) -> Outcome:
    """Bring in line the suggestions `claim` bears on: its speaker's on its topic, and, when it
    took part before its change (`before`), its former speaker's on its former topic."""
    now = Scope(claim.topic_id, claim.speaker_id)
    scopes: set[Scope] = set()
    if takes_part(claim.status, claim.stance):
        scopes.add(now)
    if before is not None and takes_part(before.status, before.stance):
        # Its suggestions are found through the claim, where it is now; its former speaker's
        # latest claim there may be another one now.
        scopes |= {now, Scope(before.topic_id, before.speaker_id)}
    outcome = Outcome()
    for scope in sorted(scopes):
        outcome += reconcile(scope.topic_id, speakers={scope.speaker_id})
    return outcome


def detect_all() -> Outcome:
    """Bring every topic's suggestions in line with the rules, e.g. after claims were loaded raw."""
    outcome = Outcome()
    for topic_id in Claim.objects.order_by("topic_id").values_list("topic_id", flat=True).distinct():
        outcome += reconcile(topic_id)
    return outcome


def reconcile(topic_id: int, speakers: set[int] | None = None) -> Outcome:
    """The suggestions on `topic_id` that involve `speakers` (all speakers: None) made to match
    the rules: missing ones stored, stale suspected ones withdrawn."""
    with transaction.atomic():
        # One detection per topic at a time, so that two claims stored together do not each miss
        # the other. NO KEY: a claim's foreign key check on the topic still passes meanwhile.
        list(Topic.objects.select_for_update(no_key=True).filter(pk=topic_id).values_list("pk"))
        latest = latest_claims(topic_id)
        wanted = wanted_pairs(latest, speakers)
        outcome = Outcome(withdrawn=_withdraw(topic_id, speakers, keep=set(wanted)))
        # Every wanted pair involves one of these claims: the stored ones are found through them.
        mine = {
            c.claim_id
            for s, sides in latest.items()
            if speakers is None or s in speakers
            for c in sides.values()
        }
        known = _stored_pairs(mine)
        outcome.created = _store([(pair, kind) for pair, kind in wanted.items() if pair not in known])
    return outcome


def latest_claims(topic_id: int) -> dict[int, dict[str, Latest]]:
    """Each speaker's latest verified claim of each side on the topic."""
    rows = (
        Claim.objects.filter(topic_id=topic_id, status=ReviewStatus.VERIFIED, stance__in=SIDES)
        .order_by("speaker_id", "stance", F("said_on").desc(nulls_last=True), "-created_at", "-id")
        .distinct("speaker_id", "stance")
        .values_list("id", "speaker_id", "stance", "said_on", "created_at")
    )
    latest: dict[int, dict[str, Latest]] = {}
    for row in rows:
        claim = Latest(*row)
        latest.setdefault(claim.speaker_id, {})[claim.stance] = claim
    return latest


def wanted_pairs(latest: dict[int, dict[str, Latest]], speakers: set[int] | None) -> dict[Pair, str]:
    """The suggestions the rules ask for that involve `speakers` (all: None), with their kind."""
    newest = {speaker: max(sides.values(), key=lambda c: c.order) for speaker, sides in latest.items()}
    scope = newest.keys() if speakers is None else speakers & newest.keys()
    wanted: dict[Pair, str] = {}
    for speaker in scope:
        sides = latest[speaker]
        if len(sides) == len(SIDES):
            wanted[_pair(sides[Stance.SUPPORTS].claim_id, sides[Stance.OPPOSES].claim_id)] = (
                ContradictionKind.REVERSAL
            )
        mine = newest[speaker]
        for other in newest.values():
            if other.speaker_id != speaker and other.stance == OPPOSITE[mine.stance]:  # type: ignore[index]
                wanted[_pair(mine.claim_id, other.claim_id)] = ContradictionKind.OPPOSING
    return wanted


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def _withdraw(topic_id: int, speakers: set[int] | None, *, keep: set[Pair]) -> int:
    """Delete the detector's suspected suggestions on claims of `speakers` on the topic that
    are not in `keep`, but those someone has written a note on."""
    claims = Claim.objects.filter(topic_id=topic_id)
    if speakers is not None:
        claims = claims.filter(speaker_id__in=speakers)
    ids = claims.order_by().values("id")
    stale = (
        Contradiction.objects.filter(
            Q(claim_a__in=ids) | Q(claim_b__in=ids),
            kind__in=DETECTED_KINDS,
            status=ContradictionStatus.SUSPECTED,
            detected_by=DetectionMethod.DETECTOR,
        )
        .exclude(Exists(Note.objects.filter(contradiction=OuterRef("pk"))))
        .order_by("id")
    )
    withdrawn = 0
    for contradiction in stale:
        if _pair(contradiction.claim_a_id, contradiction.claim_b_id) in keep:
            continue
        contradiction._change_reason = str(WITHDRAWN)  # type: ignore[attr-defined]  # its history row's
        contradiction.delete()
        withdrawn += 1
    return withdrawn


def _stored_pairs(claim_ids: Iterable[int]) -> set[Pair]:
    """The claim pairs stored as opposing or reversal, in any state, that involve `claim_ids`."""
    ids = list(claim_ids)
    if not ids:
        return set()
    rows = (
        Contradiction.objects.filter(Q(claim_a__in=ids) | Q(claim_b__in=ids))
        .exclude(kind=ContradictionKind.DISCREPANCY)
        .values_list("claim_a_id", "claim_b_id")
    )
    return {_pair(a, b) for a, b in rows}


def _suggestion(pair: Pair, kind: str) -> Contradiction:
    return Contradiction(
        claim_a_id=pair[0], claim_b_id=pair[1], kind=kind, detected_by=DetectionMethod.DETECTOR
    )


def _store(new: list[tuple[Pair, str]]) -> list[Contradiction]:
    if not new:
        return []
    # One INSERT for the suggestions and one for their history, however many a claim on a busy
    # topic has.
    try:
        with transaction.atomic():
            return bulk_create_with_history([_suggestion(*item) for item in new], Contradiction)
    except IntegrityError:
        pass  # a save outside detection stored one of the pairs first
    created = []
    for item in new:
        suggestion = _suggestion(*item)
        try:
            with transaction.atomic():
                suggestion.save()
        except IntegrityError:
            continue
        created.append(suggestion)
    return created
