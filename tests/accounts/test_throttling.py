"""Failed logins are throttled per (account, address): a venue is never locked out."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
VENUE = "10.0.0.1"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def account_a(db):
    return UserFactory(email="a@mission.example")


@pytest.fixture
def account_b(db):
    return UserFactory(email="b@mission.example")


def _log_in(client, email, password, address=VENUE):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def _fail_three_times(client, email, address=VENUE):
    for _ in range(3):
        _log_in(client, email, "wrong password", address)


def test_fourth_attempt_after_three_failures_is_refused_even_with_the_right_password(client, account_a):
    _fail_three_times(client, account_a.email)

    response = _log_in(client, account_a.email, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_third_failure_shows_the_lockout_page_naming_the_account_and_address(client, account_a):
    for _ in range(2):
        _log_in(client, account_a.email, "wrong password")

    response = _log_in(client, account_a.email, "wrong password")

    html = response.content.decode()
    assert response.status_code == 429
    assert "the whole" not in html

    assert "this account from this network address" in html
    assert "15 minutes" in html
    assert reverse("accounts:password_reset") in html


def test_two_failures_do_not_lock_the_account(client, account_a):
    for _ in range(2):
        _log_in(client, account_a.email, "wrong password")

    response = _log_in(client, account_a.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(account_a.pk)


def test_other_account_at_the_same_address_still_logs_in(client, account_a, account_b):
    _fail_three_times(client, account_a.email)

    response = _log_in(client, account_b.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(account_b.pk)


def test_failures_of_different_accounts_at_one_address_do_not_add_up(client, account_a, account_b):
    for _ in range(2):
        _log_in(client, account_a.email, "wrong password")
    _log_in(client, account_b.email, "wrong password")

    response = _log_in(client, account_b.email, "wrong password")

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_same_account_from_another_address_still_logs_in(client, account_a):
    _fail_three_times(client, account_a.email)

    response = _log_in(client, account_a.email, PASSWORD, address="10.0.0.2")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(account_a.pk)


def test_changing_the_case_of_the_address_does_not_restart_the_count(client, account_a):
    _fail_three_times(client, "a@mission.example")

    response = _log_in(client, "A@Mission.example", PASSWORD)

    assert response.status_code == 429
    assert SESSION_KEY not in client.session
