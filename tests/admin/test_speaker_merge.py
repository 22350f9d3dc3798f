"""A speaker extraction proposed is confirmed as someone new, or merged into the known speaker it is."""

import pytest
from django.contrib.admin import helpers

from claims.choices import SpeakerStatus
from claims.models import Speaker, SpeakerAlias, Statement, StatementVia
from tests.factories import AliasFactory, ClaimFactory, SpeakerFactory, StatementFactory, ViaFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/claims/speaker/"


def act(client, action: str, speakers, **extra):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [s.pk for s in speakers], **extra}
    return client.post(CHANGELIST, data)


def test_a_proposed_speaker_is_confirmed(checker_client):
    proposed = SpeakerFactory(name="Maia Sandu", status=SpeakerStatus.PROPOSED)
    response = act(checker_client, "confirm_selected", [proposed])
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == SpeakerStatus.CONFIRMED


def test_a_proposed_speaker_merged_into_a_known_one_hands_over_its_records(checker_client):
    peskov = SpeakerFactory(slug="dmitry-peskov", name="Dmitry Peskov")
    AliasFactory(speaker=peskov, name="Peskov")
    dmitry = SpeakerFactory(name="Dmitry", status=SpeakerStatus.PROPOSED)
    AliasFactory(speaker=dmitry, name="người phát ngôn Điện Kremlin Dmitry")
    statement = StatementFactory(claim=ClaimFactory(speaker=dmitry))
    relayed = ViaFactory(speaker=dmitry, outlet=None)

    # First the choice of whom they are, nothing changed yet.
    page = act(checker_client, "merge_selected", [dmitry])
    assert page.status_code == 200 and Speaker.objects.filter(pk=dmitry.pk).exists()

    response = act(checker_client, "merge_selected", [dmitry], post="yes", into=peskov.pk)
    assert response.status_code == 302
    assert not Speaker.objects.filter(pk=dmitry.pk).exists()
    statement = Statement.objects.select_related("claim").get(pk=statement.pk)
    assert statement.claim.speaker_id == peskov.pk and statement.speaker_id == peskov.pk
    assert StatementVia.objects.get(pk=relayed.pk).speaker_id == peskov.pk
    # The spellings it was found by now find the known speaker.
    assert set(SpeakerAlias.objects.filter(speaker=peskov).values_list("name", flat=True)) == {
        "Peskov",
        "người phát ngôn Điện Kremlin Dmitry",
        "Dmitry",
    }
