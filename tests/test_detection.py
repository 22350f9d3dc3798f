"""Contradiction detection: suggestions between verified claims, one per pair of speakers per topic
(their latest claims), one reversal per speaker, never again once stored."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from claims.choices import ContradictionKind, ContradictionStatus, DetectionMethod, ReviewStatus, Stance
from claims.models import Claim, Contradiction
from claims.services.claims import save_claim, update_claim
from claims.services.detection import WITHDRAWN, detect_all
from claims.services.notes import add_note
from claims.services.review import review, review_contradiction
from tests.factories import ClaimFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db


def pair(a: Claim, b: Claim) -> tuple[int, int]:
    return min(a.pk, b.pk), max(a.pk, b.pk)


def suggestions(topic=None) -> dict[tuple[int, int], tuple[str, str]]:
    """Every stored opposing or reversal pair, with its kind and status."""
    stored = Contradiction.objects.exclude(kind=ContradictionKind.DISCREPANCY)
    if topic is not None:
        stored = stored.filter(claim_a__topic=topic)
    rows = stored.values_list("claim_a_id", "claim_b_id", "kind", "status")
    return {(a, b): (kind, status) for a, b, kind, status in rows}


SUSPECTED_OPPOSING = (ContradictionKind.OPPOSING, ContradictionStatus.SUSPECTED)
SUSPECTED_REVERSAL = (ContradictionKind.REVERSAL, ContradictionStatus.SUSPECTED)


def test_saving_an_opposite_claim_records_a_suspected_opposing_contradiction():
    topic = TopicFactory()
    supports = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    assert not Contradiction.objects.exists()
    opposes = ClaimFactory(topic=topic, stance=Stance.OPPOSES)  # stored by save_claim, which detects
    contradiction = Contradiction.objects.get()
    assert (contradiction.kind, contradiction.status, contradiction.detected_by) == (
        ContradictionKind.OPPOSING,
        ContradictionStatus.SUSPECTED,
        DetectionMethod.DETECTOR,
    )
    assert (contradiction.claim_a_id, contradiction.claim_b_id) == (supports.pk, opposes.pk)
    assert contradiction.statement_a_id is None and contradiction.statement_b_id is None
    assert not contradiction.notes.exists()  # `detected_by` says where it came from


def test_one_speaker_on_both_sides_is_a_reversal():
    speaker, topic = SpeakerFactory(), TopicFactory()
    ClaimFactory(speaker=speaker, topic=topic, stance=Stance.SUPPORTS)
    ClaimFactory(speaker=speaker, topic=topic, stance=Stance.OPPOSES)
    assert Contradiction.objects.get().kind == ContradictionKind.REVERSAL


def test_each_pair_of_speakers_is_suggested_once_and_detect_all_adds_nothing_after():
    topic = TopicFactory()
    first = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    second = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    third = ClaimFactory(topic=topic, stance=Stance.OPPOSES)
    pairs = set(suggestions())
    assert pairs == {pair(first, third), pair(second, third)}
    outcome = detect_all()
    assert (outcome.created, outcome.withdrawn) == ([], 0)
    save_claim(third)
    assert set(suggestions()) == pairs


def test_two_opposing_claims_on_a_busy_topic_make_one_suggestion_per_pair_of_speakers():
    # Four supporters, one of them with two claims and one a candidate nobody verified yet; then
    # one speaker opposes twice. Every supporter against every opposing claim made eight.
    topic, opposer = TopicFactory(), SpeakerFactory()
    twice = SpeakerFactory()
    ClaimFactory(topic=topic, speaker=twice, stance=Stance.SUPPORTS, said_on=dt.date(2021, 6, 16))
    latest_of_twice = ClaimFactory(
        topic=topic, speaker=twice, stance=Stance.SUPPORTS, said_on=dt.date(2021, 12, 7)
    )
    others = [ClaimFactory(topic=topic, stance=Stance.SUPPORTS) for _ in range(2)]
    ClaimFactory(topic=topic, stance=Stance.SUPPORTS, status=ReviewStatus.CANDIDATE)
    ClaimFactory(topic=topic, speaker=opposer, stance=Stance.OPPOSES, said_on=dt.date(2021, 12, 7))
    newest = ClaimFactory(topic=topic, speaker=opposer, stance=Stance.OPPOSES, said_on=dt.date(2021, 12, 30))
    assert suggestions(topic) == {
        pair(newest, supporter): SUSPECTED_OPPOSING for supporter in [latest_of_twice, *others]
    }


def test_a_candidate_claim_suggests_nothing_until_it_is_verified():
    topic = TopicFactory()
    supports = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    candidate = ClaimFactory(topic=topic, stance=Stance.OPPOSES, status=ReviewStatus.CANDIDATE)
    assert not Contradiction.objects.exists()
    review(candidate, ReviewStatus.VERIFIED, None)
    assert suggestions() == {pair(supports, candidate): SUSPECTED_OPPOSING}


@pytest.mark.parametrize("status", [ReviewStatus.REJECTED, ReviewStatus.CANDIDATE])
def test_a_claim_no_longer_verified_takes_its_suspected_suggestions_away_but_not_reviewed_ones(status):
    topic, speaker = TopicFactory(), SpeakerFactory()
    supporters = [ClaimFactory(topic=topic, stance=Stance.SUPPORTS) for _ in range(2)]
    opposes = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES)
    confirmed = Contradiction.objects.get(claim_a=supporters[0])
    review_contradiction(confirmed, ContradictionStatus.CONFIRMED, None, note="Both said so on camera.")
    review(opposes, status, None)
    assert suggestions() == {pair(supporters[0], opposes): (ContradictionKind.OPPOSING, "confirmed")}
    withdrawn = Contradiction.history.filter(history_type="-").get()
    assert (withdrawn.claim_a_id, withdrawn.history_change_reason) == (supporters[1].pk, WITHDRAWN)


def test_a_newer_claim_replaces_the_older_suspected_suggestion_of_its_speaker():
    topic, speaker = TopicFactory(), SpeakerFactory()
    supports = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    older = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 6, 16))
    assert set(suggestions()) == {pair(supports, older)}
    newer = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 12, 7))
    assert suggestions() == {pair(supports, newer): SUSPECTED_OPPOSING}
    # Entered later but said earlier: not the speaker's latest claim, so no suggestion of its own.
    ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 1, 1))
    undated = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES)  # older than any dated
    assert suggestions() == {pair(supports, newer): SUSPECTED_OPPOSING}
    assert not Contradiction.objects.filter(claim_b=undated).exists()


@pytest.mark.parametrize("status", [ContradictionStatus.CONFIRMED, ContradictionStatus.DISMISSED])
def test_a_reviewed_suggestion_is_never_removed_and_a_newer_claim_is_suggested_beside_it(status):
    topic, speaker = TopicFactory(), SpeakerFactory()
    supports = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    older = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 6, 16))
    review_contradiction(Contradiction.objects.get(), status, None, note="Reviewed.")
    newer = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 12, 7))
    assert suggestions() == {
        pair(supports, older): (ContradictionKind.OPPOSING, status),
        pair(supports, newer): SUSPECTED_OPPOSING,
    }
    review(older, ReviewStatus.REJECTED, None)
    assert pair(supports, older) in suggestions()


def test_a_suspected_suggestion_someone_wrote_a_note_on_stays():
    topic, speaker = TopicFactory(), SpeakerFactory()
    supports = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    older = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 6, 16))
    add_note(Contradiction.objects.get(), text="Looking into it.")
    newer = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 12, 7))
    assert set(suggestions()) == {pair(supports, older), pair(supports, newer)}


def test_a_reversal_pairs_the_speakers_latest_claim_of_each_side():
    topic, speaker = TopicFactory(), SpeakerFactory()
    ClaimFactory(topic=topic, speaker=speaker, stance=Stance.SUPPORTS, said_on=dt.date(2021, 6, 16))
    opposes = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 7, 1))
    supports = ClaimFactory(
        topic=topic, speaker=speaker, stance=Stance.SUPPORTS, said_on=dt.date(2021, 12, 7)
    )
    assert suggestions() == {pair(opposes, supports): SUSPECTED_REVERSAL}


def test_a_claim_moved_to_another_topic_takes_its_suggestions_along():
    nato, sanctions, speaker = TopicFactory(), TopicFactory(), SpeakerFactory()
    supports = ClaimFactory(topic=nato, stance=Stance.SUPPORTS)
    older = ClaimFactory(topic=nato, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 6, 16))
    moved = ClaimFactory(topic=nato, speaker=speaker, stance=Stance.OPPOSES, said_on=dt.date(2021, 12, 7))
    elsewhere = ClaimFactory(topic=sanctions, stance=Stance.SUPPORTS)
    update_claim(moved, changes={"topic": sanctions})
    # On NATO the speaker's latest claim is the older one again; on sanctions the moved one is.
    assert suggestions() == {
        pair(supports, older): SUSPECTED_OPPOSING,
        pair(elsewhere, moved): SUSPECTED_OPPOSING,
    }


def test_a_dismissed_contradiction_is_neither_revived_nor_duplicated():
    topic = TopicFactory()
    ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    opposes = ClaimFactory(topic=topic, stance=Stance.OPPOSES)
    contradiction = review_contradiction(
        Contradiction.objects.get(), ContradictionStatus.DISMISSED, None, note="Different scopes."
    )
    assert detect_all().created == []
    save_claim(opposes)  # detection again
    contradiction.refresh_from_db()
    assert Contradiction.objects.count() == 1
    assert contradiction.status == ContradictionStatus.DISMISSED
    assert [note.text for note in contradiction.notes.all()] == ["Different scopes."]


def test_neutral_stances_and_other_topics_contradict_nothing():
    topic = TopicFactory()
    ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    ClaimFactory(topic=topic, stance=Stance.NEUTRAL)
    ClaimFactory(topic=topic, stance=Stance.NEUTRAL)
    ClaimFactory(topic=TopicFactory(), stance=Stance.OPPOSES)
    assert detect_all().created == []
    assert not Contradiction.objects.exists()


def test_rejected_claims_are_ignored():
    topic = TopicFactory()
    ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    ClaimFactory(topic=topic, stance=Stance.OPPOSES, status=ReviewStatus.REJECTED)
    assert detect_all().created == []
    assert not Contradiction.objects.exists()


def test_the_command_catches_up_on_claims_saved_without_a_service_and_prints_its_count():
    # bulk_create goes through no service, so detects nothing, as `loaddata` does not either.
    putin, biden, topic = SpeakerFactory(), SpeakerFactory(), TopicFactory()
    Claim.objects.bulk_create(
        [
            ClaimFactory.build(
                speaker=putin, topic=topic, stance=Stance.SUPPORTS, said_on=dt.date(2021, 12, 7)
            ),
            ClaimFactory.build(speaker=biden, topic=topic, stance=Stance.OPPOSES),
            ClaimFactory.build(
                speaker=putin, topic=topic, stance=Stance.OPPOSES, said_on=dt.date(2021, 6, 16)
            ),
            ClaimFactory.build(
                speaker=biden, topic=topic, stance=Stance.SUPPORTS, status=ReviewStatus.CANDIDATE
            ),
        ]
    )
    assert not Contradiction.objects.exists()
    out = StringIO()
    call_command("detect_contradictions", stdout=out)
    assert (
        out.getvalue().strip()
        == "2 suspected contradictions created (1 opposing stances, 1 reversal by one speaker)"
    )
    assert Contradiction.objects.filter(status=ContradictionStatus.SUSPECTED).count() == 2
    out = StringIO()
    call_command("detect_contradictions", stdout=out)
    assert out.getvalue().strip() == "0 suspected contradictions created"


def test_the_command_withdraws_suggestions_that_no_longer_hold():
    topic, speaker = TopicFactory(), SpeakerFactory()
    ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    opposes = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES)
    Claim.objects.filter(pk=opposes.pk).update(status=ReviewStatus.REJECTED)  # no service: no detection
    out = StringIO()
    call_command("detect_contradictions", stdout=out)
    assert out.getvalue().strip() == "0 suspected contradictions created; 1 suspected contradiction withdrawn"
    assert not Contradiction.objects.exists()


def test_a_claim_on_a_busy_topic_records_its_pairs_and_their_history_in_fixed_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rivals in (3, 9):
        topic, speaker = TopicFactory(), SpeakerFactory()
        opposing = [ClaimFactory(topic=topic, stance=Stance.OPPOSES) for _ in range(rivals - 1)]
        opposing.append(ClaimFactory(topic=topic, speaker=speaker, stance=Stance.OPPOSES))
        ClaimFactory(topic=topic, stance=Stance.NEUTRAL)  # no stance to oppose
        with CaptureQueriesContext(connection) as queries:
            claim = ClaimFactory(topic=topic, speaker=speaker, stance=Stance.SUPPORTS)
        counts.append(len(queries))
        pairs = Contradiction.objects.filter(claim_b=claim)
        assert sorted(pairs.values_list("claim_a_id", flat=True)) == sorted(c.pk for c in opposing)
        assert sorted(pairs.values_list("kind", flat=True)) == ["opposing"] * (rivals - 1) + ["reversal"]
        # Each pair has its "created" history row, as one saved alone has.
        history = Contradiction.history.filter(claim_b_id=claim.pk, history_type="+")
        assert sorted(history.values_list("id", flat=True)) == sorted(pairs.values_list("id", flat=True))
    assert counts[0] == counts[1]
