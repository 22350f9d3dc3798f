"""Request rates: 429 with Retry-After past a client's rate, counted per client and per window, and
the RateLimit-* headers that tell a client where it stands."""

import hashlib

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from core.api.request_counts import STORES, DatabaseCounts
from core.api.throttles import ClientRateThrottle
from core.models import RequestCount

V1 = "/api/v1"


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "database"])
def rates(request, monkeypatch, settings):
    """Small rates and a clock the test moves, counted in each store; the cache starts and ends empty."""
    settings.THROTTLE_COUNTS = request.param
    # DRF reads the rates once, at import; point the throttles at the test's rates.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    clock = Clock(1_000_000.0)
    monkeypatch.setattr(ClientRateThrottle, "timer", clock)
    monkeypatch.setattr(STORES["database"], "next_sweep", 0.0)
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


def rate_limit(response) -> tuple[int, int, int]:
    return tuple(int(response[f"RateLimit-{name}"]) for name in ("Limit", "Remaining", "Reset"))  # type: ignore[return-value]


@pytest.mark.django_db
def test_rate_limit_headers_count_down_to_the_429_and_start_again(api, rates):
    answers = [api.get(f"{V1}/topics/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [rate_limit(a)[:2] for a in answers] == [(3, 2), (3, 1), (3, 0), (3, 0)]
    # The whole seconds until the window ends: the same while the clock stands still, at most a
    # window, and what Retry-After says on the 429.
    reset = rate_limit(answers[0])[2]
    assert 0 < reset <= 60
    assert {rate_limit(a)[2] for a in answers} == {reset}
    assert int(answers[-1]["Retry-After"]) == reset
    assert answers[-1]["Content-Language"] == "en"
    # As the clock runs, the figure falls; once it has run out, a new window starts.
    rates.now += reset - 1
    assert rate_limit(api.get(f"{V1}/topics/")) == (3, 0, 1)
    rates.now += 1
    assert rate_limit(api.get(f"{V1}/topics/")) == (3, 2, 60)


@pytest.mark.django_db
def test_rate_limit_headers_follow_the_clients_rate_on_every_answer(api, fc_api, corpus, rates):
    claim = f"{V1}/claims/{corpus['claims'][0].id}/"
    etag = fc_api.get(claim)["ETag"]
    # An authenticated client at its own rate; a 304 and an error count and say so too.
    answers = [
        fc_api.get(claim, HTTP_IF_NONE_MATCH=etag),
        fc_api.get(f"{V1}/claims/999999/"),
        fc_api.patch(claim, {"stance": "nope"}, format="json", HTTP_ACCEPT_LANGUAGE="vi"),
    ]
    assert [a.status_code for a in answers] == [304, 404, 400]
    assert [rate_limit(a)[:2] for a in answers] == [(5, 3), (5, 2), (5, 1)]
    assert answers[-1]["Content-Language"] == "vi"
    assert rate_limit(api.get(f"{V1}/topics/"))[:2] == (3, 2)


@pytest.mark.django_db
def test_the_schema_declares_the_rate_limit_and_language_headers(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    types = {"Content-Language": "string", "RateLimit-Limit": "integer", "RateLimit-Remaining": "integer",
             "RateLimit-Reset": "integer"}  # fmt: skip
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            # Declared on the answers clients act on: success and the 429.
            declared = [s for s in operation["responses"] if s.startswith("2") or s == "429"]
            assert len(declared) >= 2, (method, path)
            for status in declared:
                headers = operation["responses"][status]["headers"]
                assert {name: headers[name]["schema"]["type"] for name in types} == types, (
                    method,
                    path,
                    status,
                )


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
def test_a_busy_client_costs_one_counter_whatever_its_requests(api, rates, monkeypatch, settings):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "10000/hour", "user": "10000/hour"})
    for _ in range(50):
        api.get(f"{V1}/")
    in_memory = [cache.get(key.split(":", 2)[-1]) for key in cache._cache]  # type: ignore[attr-defined]
    in_database = list(RequestCount.objects.values_list("count", flat=True))
    # Counted in one store only.
    assert (in_memory, in_database) == (([50], []) if settings.THROTTLE_COUNTS == "memory" else ([], [50]))


@pytest.mark.django_db
@pytest.mark.parametrize("rates", ["database"], indirect=True)
def test_the_database_forgets_clients_whose_window_has_ended(api, rates):
    api.get(f"{V1}/topics/")
    api.get(f"{V1}/topics/", REMOTE_ADDR="192.0.2.7")
    assert RequestCount.objects.count() == 2
    # The next sweep, a minute on, deletes the rows of windows that have ended by then.
    rates.now += DatabaseCounts.SWEEP_SECONDS + 1
    api.get(f"{V1}/topics/", REMOTE_ADDR="192.0.2.7")
    assert sorted(RequestCount.objects.values_list("key", "count")) == [("throttle_anon_192.0.2.7", 1)]


@pytest.mark.django_db
@pytest.mark.parametrize("rates", ["database"], indirect=True)
def test_a_request_stamped_with_an_earlier_window_is_counted_in_the_current_one(rates):
    counts = STORES["database"]
    assert [counts.add("client", 7, 120.0, 100.0) for _ in range(2)] == [1, 2]
    # A machine whose clock is behind: its request counts against the window already started.
    assert counts.add("client", 6, 60.0, 50.0) == 3
    assert counts.add("client", 8, 180.0, 130.0) == 1
    assert RequestCount.objects.get(key="client").expires == 180.0


@pytest.mark.django_db
def test_a_client_cannot_escape_its_rate_with_a_forwarded_for_header_of_its_own(api, rates):
    statuses = [
        api.get(f"{V1}/topics/", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_behind_trusted_proxies_the_address_they_forwarded_is_counted(api, rates, settings):
    settings.TRUSTED_PROXIES = 1
    # The proxy appends the address it saw; what the client wrote before it is not trusted.
    spoofed = [f"203.0.113.{i}, 198.51.100.1" for i in range(4)]
    assert [api.get(f"{V1}/topics/", HTTP_X_FORWARDED_FOR=xff).status_code for xff in spoofed] == [
        200
    ] * 3 + [429]
    assert api.get(f"{V1}/topics/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


@pytest.mark.django_db
def test_a_forwarded_address_of_any_length_is_counted(api, rates, settings):
    settings.TRUSTED_PROXIES = 2
    # Fewer entries than proxies: the first entry, written by the client, is what is left.
    written = "".join(hashlib.sha256(bytes([i])).hexdigest() for i in range(100))  # 6 400 characters
    statuses = [api.get(f"{V1}/topics/", HTTP_X_FORWARDED_FOR=written).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
