"""Logins to the admin: too many wrong passwords for one account from one address lock that pair out."""

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/?next=/admin/"


def log_in(client: Client, username: str, password: str, address: str = "192.0.2.10", **headers):
    headers.setdefault("HTTP_ACCEPT_LANGUAGE", "en")  # the pages' English wording is what is read here
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def can_log_in(username: str = "anna", **kwargs) -> bool:
    client = Client()
    return log_in(client, username, PASSWORD, **kwargs).status_code == 302 and logged_in(client)


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


@pytest.fixture
def locked_out(checker, limit):
    """anna has given a wrong password as often as allowed, from the usual address."""
    for _ in range(limit):
        log_in(Client(), "anna", "wrong")
    assert log_in(Client(), "anna", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_after_the_limit_even_the_right_password_is_refused_with_a_page_that_says_why(checker, limit):
    client = Client()
    for _ in range(limit - 1):
        assert log_in(client, "anna", "wrong").status_code == 200  # the form again, with its error
    refused = log_in(client, "anna", "wrong")
    assert refused.status_code == 429
    again = log_in(client, "anna", PASSWORD)
    assert again.status_code == 429
    assert not logged_in(client)
    page = again.content.decode()
    assert "Too many failed logins" in page
    assert "After 3 wrong passwords for <strong>anna</strong>" in page
    assert "for 30 minutes after the last attempt" in page


@pytest.mark.django_db
def test_a_lockout_holds_one_account_at_one_address_only(locked_out):
    UserFactory(username="binh", is_staff=True)
    assert can_log_in(address="198.51.100.4")
    assert can_log_in("binh")


@pytest.mark.django_db
def test_a_forwarded_for_header_of_the_clients_own_does_not_reset_its_failures(checker, limit):
    for i in range(limit):
        log_in(Client(), "anna", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    assert log_in(Client(), "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_address_is_the_clients(checker, limit, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    for _ in range(limit):
        log_in(Client(), "anna", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    refused = log_in(Client(), "anna", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert refused.status_code == 429
    # Another client behind the same proxy is not locked out.
    assert can_log_in(address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")


@pytest.mark.django_db
def test_a_successful_login_forgets_the_failures_before_it(checker, limit):
    for _ in range(limit - 1):
        log_in(Client(), "anna", "wrong")
    assert can_log_in()
    for _ in range(limit - 1):
        log_in(Client(), "anna", "wrong")
    assert can_log_in()


@pytest.mark.django_db
def test_the_lockout_ends_when_its_time_has_passed(locked_out, settings):
    # As if the last attempt were just over the cool-off ago.
    just_over = (
        datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    AccessAttempt.objects.update(attempt_time=just_over)
    assert can_log_in()


@pytest.mark.django_db
def test_an_administrator_lifts_a_lockout_in_the_admin(locked_out):
    admin = Client()
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "anna" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="anna")
    assert admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    assert can_log_in()


@pytest.mark.django_db
def test_the_command_lifts_a_lockout(locked_out):
    call_command("axes_reset_username", "anna", stdout=io.StringIO())
    assert can_log_in()
