import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import FactCheckerFactory, UserFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def fact_checker(db):
    return FactCheckerFactory(username="checker")


@pytest.fixture
def fc_api(fact_checker):
    """A client authenticated as a fact-checker with a token, as scripts are."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=fact_checker).key}")
    return client


@pytest.fixture
def user_api(db):
    """Authenticated, but without the fact-checker permission."""
    client = APIClient()
    client.force_authenticate(UserFactory(username="reader"))
    return client
