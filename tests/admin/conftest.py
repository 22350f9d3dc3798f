"""Admin tests run as a fact-checker: staff, in the Fact-checkers group, not a superuser."""

import pytest

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
