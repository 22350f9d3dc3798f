"""Admin tests run as a fact-checker: staff, in the Fact-checkers group, not a superuser."""

import pytest
from django.contrib import admin

from claims.models import Claim
from summit import admin_search
from tests.factories import FactCheckerFactory


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Every test makes an account; PBKDF2's deliberate slowness would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def checker(db):
    return FactCheckerFactory(username="anna", is_staff=True)


@pytest.fixture
def checker_client(client, checker):
    client.force_login(checker)
    return client


SLEEP = "pg_sleep(0.05) IS NOT NULL"


@pytest.fixture
def slow_claims(monkeypatch):
    """Testing each claim costs the database 50 ms, so a count outlasts its 20 ms. Gives a
    function that counts the captured queries which tested claims."""
    claim_admin = admin.site.get_model_admin(Claim)
    plain = claim_admin.get_queryset

    def slow(request):
        return plain(request).extra(where=[SLEEP])

    monkeypatch.setattr(claim_admin, "get_queryset", slow)
    monkeypatch.setattr(admin_search.CappedCountPaginator, "timeout_ms", 20)
    return lambda queries: sum(SLEEP in q["sql"] for q in queries.captured_queries)
