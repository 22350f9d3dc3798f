"""Request rates: 429 with Retry-After past a client's rate, counted per client and per window."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from summit.api.throttles import ClientRateThrottle

V1 = "/api/v1"


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rates(monkeypatch):
    """Small rates and a clock the test moves; the cache starts and ends empty."""
    # DRF reads the rates once, at import; point the throttles at the test's rates.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    clock = Clock(1_000_000.0)
    monkeypatch.setattr(ClientRateThrottle, "timer", clock)
    cache.clear()
    yield clock
    cache.clear()


@pytest.mark.django_db
def test_past_its_rate_a_client_gets_429_with_retry_after(api, rates):
    statuses = [api.get(f"{V1}/topics/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.get(f"{V1}/topics/")
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60


@pytest.mark.django_db
def test_requests_come_back_when_the_window_ends(api, rates):
    for _ in range(3):
        api.get(f"{V1}/topics/")
    refused = api.get(f"{V1}/topics/")
    assert refused.status_code == 429
    rates.now += int(refused["Retry-After"]) - 2
    assert api.get(f"{V1}/topics/").status_code == 429  # still inside the window
    rates.now += 2
    assert [api.get(f"{V1}/topics/").status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.django_db
def test_clients_are_counted_apart(api, fc_api, rates):
    for _ in range(3):
        api.get(f"{V1}/topics/")
    assert api.get(f"{V1}/topics/").status_code == 429
    # Another address, and an authenticated client (at its own, higher rate), are not affected.
    assert api.get(f"{V1}/topics/", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert [fc_api.get(f"{V1}/topics/").status_code for _ in range(6)] == [200] * 5 + [429]


@pytest.mark.django_db
def test_a_busy_client_costs_one_counter_whatever_its_requests(api, rates, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "10000/hour", "user": "10000/hour"})
    for _ in range(50):
        api.get(f"{V1}/")
    stored = [cache.get(key.split(":", 2)[-1]) for key in cache._cache]  # type: ignore[attr-defined]
    assert stored == [50]
