"""A field a fixture gives for the first time reaches the records nobody changed, as any fixture
change does, and not the records a person set it on."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from claims.models import Event

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEEDS = Path(settings.BASE_DIR) / "seeds"
CALL, PHONE = "video-call-2021-12-07", "phone-call-2021-12-30"


def seed(fixtures: Path) -> str:
    out = StringIO()
    call_command("seed", fixtures=fixtures, seeds=SEEDS, stdout=out)
    return out.getvalue()


def test_a_new_field_reaches_records_nobody_changed(fc_api, tmp_path):
    older = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, older)
    path = older / "20_events_topics.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    for item in items:
        for field in ("starts_at", "ends_at"):
            item["fields"].pop(field, None)
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    seed(older)
    assert Event.objects.get(slug=CALL).ends_at is None
    # A fact-checker gives the phone call the time they found; the fixture later gives another.
    set_by_person = fc_api.patch(
        "/api/v1/events/phone-call-2021-12-30/", {"ends_at": "2021-12-30T21:25:00Z"}, format="json"
    )
    assert set_by_person.status_code == 200, set_by_person.content
    newer = tmp_path / "newer"
    shutil.copytree(older, newer)
    items = json.loads((FIXTURES / "20_events_topics.json").read_text(encoding="utf-8"))
    for item in items:
        if item["fields"]["slug"] == PHONE:
            item["fields"]["ends_at"] = "2021-12-30T21:30:00Z"
    (newer / "20_events_topics.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

    out = seed(newer)

    call = Event.objects.get(slug=CALL)
    assert call.ends_at.isoformat() == "2021-12-07T17:10:00+00:00"
    assert f"updated event {CALL} (id {call.pk}) from the fixture: ends_at" in out
    assert Event.objects.get(slug=PHONE).ends_at.isoformat() == "2021-12-30T21:25:00+00:00"
    assert f"left alone: event {PHONE} (id " in out and "ends_at changed by checker" in out, out
