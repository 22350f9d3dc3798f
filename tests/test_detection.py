"""Contradiction detection: opposite stances on one topic become suspected contradictions, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from claims.choices import ContradictionKind, ContradictionStatus, DetectionMethod, ReviewStatus, Stance
from claims.models import Claim, Contradiction
from claims.services.claims import save_claim
from claims.services.detection import detect_all
from claims.services.review import review_contradiction
from tests.factories import ClaimFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db


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


def test_one_speaker_on_both_sides_is_a_reversal():
    speaker, topic = SpeakerFactory(), TopicFactory()
    ClaimFactory(speaker=speaker, topic=topic, stance=Stance.SUPPORTS)
    ClaimFactory(speaker=speaker, topic=topic, stance=Stance.OPPOSES)
    assert Contradiction.objects.get().kind == ContradictionKind.REVERSAL


def test_each_opposite_pair_is_recorded_and_detect_all_adds_nothing_after():
    topic = TopicFactory()
    first = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    second = ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    third = ClaimFactory(topic=topic, stance=Stance.OPPOSES)
    pairs = set(Contradiction.objects.values_list("claim_a_id", "claim_b_id"))
    assert pairs == {(first.pk, third.pk), (second.pk, third.pk)}
    assert detect_all() == []
    save_claim(third)
    assert set(Contradiction.objects.values_list("claim_a_id", "claim_b_id")) == pairs


def test_a_dismissed_contradiction_is_neither_revived_nor_duplicated():
    topic = TopicFactory()
    ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    opposes = ClaimFactory(topic=topic, stance=Stance.OPPOSES)
    contradiction = review_contradiction(
        Contradiction.objects.get(), ContradictionStatus.DISMISSED, None, note="Different scopes."
    )
    assert detect_all() == []
    save_claim(opposes)  # detection again
    contradiction.refresh_from_db()
    assert Contradiction.objects.count() == 1
    assert (contradiction.status, contradiction.note) == (ContradictionStatus.DISMISSED, "Different scopes.")


def test_neutral_stances_and_other_topics_contradict_nothing():
    topic = TopicFactory()
    ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    ClaimFactory(topic=topic, stance=Stance.NEUTRAL)
    ClaimFactory(topic=topic, stance=Stance.NEUTRAL)
    ClaimFactory(topic=TopicFactory(), stance=Stance.OPPOSES)
    assert detect_all() == []
    assert not Contradiction.objects.exists()


def test_rejected_claims_are_ignored():
    topic = TopicFactory()
    ClaimFactory(topic=topic, stance=Stance.SUPPORTS)
    ClaimFactory(topic=topic, stance=Stance.OPPOSES, status=ReviewStatus.REJECTED)
    assert detect_all() == []
    assert not Contradiction.objects.exists()


def test_the_command_catches_up_on_claims_saved_without_signals_and_prints_its_count():
    # bulk_create goes through no service, so detects nothing, as `loaddata` does not either.
    putin, biden, topic = SpeakerFactory(), SpeakerFactory(), TopicFactory()
    Claim.objects.bulk_create(
        [
            ClaimFactory.build(speaker=putin, topic=topic, stance=Stance.SUPPORTS),
            ClaimFactory.build(speaker=biden, topic=topic, stance=Stance.OPPOSES),
            ClaimFactory.build(speaker=putin, topic=topic, stance=Stance.OPPOSES),
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
