"""An event's start and end times: instants beside its local dates, read and written through the API
(shown in the configured time zone with its offset, as every time the API gives)."""

import datetime as dt

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def test_an_event_gives_its_times_in_utc(api):
    EventFactory(slug="video-call", name="Video call", ends_at="2021-12-07T20:10:00+03:00")
    event = api.get(f"{V1}/events/video-call/").json()
    assert event["starts_at"] is None
    # 20:10 in Moscow is 00:10 on 8 December in Vietnam, whatever a source says.
    assert event["ends_at"] == "2021-12-08T00:10:00+07:00"


def test_an_event_cannot_end_before_it_starts(fc_api):
    body = {
        "slug": "call",
        "name": "Call",
        "starts_at": "2021-12-07T15:00:00Z",
        "ends_at": "2021-12-07T14:00:00Z",
    }
    response = fc_api.post(f"{V1}/events/", body, format="json")
    assert response.status_code == 400
    assert "ends_at" in response.json()["errors"] or "ends_at" in str(response.json())
    body["ends_at"] = "2021-12-07T20:10:00+03:00"
    created = fc_api.post(f"{V1}/events/", body, format="json")
    assert created.status_code == 201, created.content
    ends = dt.datetime.fromisoformat(created.json()["ends_at"])
    assert ends == dt.datetime(2021, 12, 7, 17, 10, tzinfo=dt.UTC)
