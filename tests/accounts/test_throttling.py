"""Failed logins are throttled in tiers: per account and address (django-axes), per address
across accounts, and a soft per-account delay; a venue and the real owner are never locked out."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from ccm_portal.accounts import throttling
from ccm_portal.accounts.throttling import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
VENUE = "10.0.0.1"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    cache.clear()  # tiers 2 and 3 count in the cache, which outlives a test
    yield
    cache.clear()


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


# --- The client address behind the reverse proxy -------------------------------------------

PROXY = "10.0.0.254"


def _via_proxy(client, email, password, forwarded_for):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5


def test_behind_the_proxy_five_failures_elsewhere_do_not_lock_the_owner_out(client, account_a, behind_proxy):
    for _ in range(5):
        _via_proxy(client, account_a.email, "wrong password", "198.51.100.7")

    attacker = _via_proxy(client, account_a.email, PASSWORD, "198.51.100.7")
    owner = _via_proxy(client, account_a.email, PASSWORD, "203.0.113.9")

    assert attacker.status_code == 429
    assert owner.status_code == 302
    assert client.session[SESSION_KEY] == str(account_a.pk)
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


def _meta_request(**meta):
    return RequestFactory().get("/", **meta)


def test_client_address_is_remote_addr_when_no_header_is_configured(settings):
    settings.TRUSTED_PROXY_HEADER = ""

    request = _meta_request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert client_ip(request) == PROXY


def test_client_address_ignores_entries_the_client_wrote_itself(settings, behind_proxy):
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    request = _meta_request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")

    assert client_ip(request) == "198.51.100.7"


def test_client_address_counts_two_trusted_proxies_from_the_right(settings, behind_proxy):
    settings.TRUSTED_PROXY_COUNT = 2

    request = _meta_request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.3")

    assert client_ip(request) == "198.51.100.7"


@pytest.mark.parametrize("header", ["", "not-an-address", " , "])
def test_client_address_falls_back_to_remote_addr_on_a_missing_or_bad_header(settings, behind_proxy, header):
    request = _meta_request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)

    assert client_ip(request) == PROXY


# --- Tier 2: one address across many accounts ----------------------------------------------


def test_thirty_failures_across_ten_accounts_from_one_address_lock_that_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    accounts = [UserFactory(email=f"delegate{n}@mission.example") for n in range(11)]

    answers = [
        _log_in(client, account.email, "wrong password", "198.51.100.7").status_code
        for _ in range(3)
        for account in accounts[:10]
    ]
    eleventh = _log_in(client, accounts[10].email, PASSWORD, "198.51.100.7")
    elsewhere = _log_in(client, accounts[10].email, PASSWORD, "203.0.113.9")

    assert answers[:19] == [200] * 19
    assert answers[19:] == [429] * 11  # the 20th failure locks the address
    assert eleventh.status_code == 429
    assert "from this network address, across several accounts" in eleventh.content.decode()
    assert elsewhere.status_code == 302


def test_nineteen_failures_from_one_address_still_let_a_colleague_in(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    accounts = [UserFactory(email=f"delegate{n}@mission.example") for n in range(5)]
    for account in accounts[:4]:
        for _ in range(4):
            _log_in(client, account.email, "wrong password")
    for _ in range(3):
        _log_in(client, accounts[4].email, "wrong password")

    response = _log_in(client, accounts[4].email, PASSWORD)

    assert response.status_code == 302


# --- Tier 3: one account from many addresses -----------------------------------------------


class Clock:
    def __init__(self):
        self.now = 1_900_000_000.0

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(throttling, "time", fake)
    return fake


def _spread_failures(client, email, count, start=0):
    for n in range(start, start + count):
        _log_in(client, email, "wrong password", address=f"192.0.2.{n + 1}")


def test_ten_failures_from_ten_addresses_delay_the_next_attempt_without_checking_the_password(client, account_a, clock):
    _spread_failures(client, account_a.email, 10)

    response = _log_in(client, account_a.email, PASSWORD, address="203.0.113.9")

    assert response.status_code == 429
    assert "Try again in 5 seconds" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_nine_failures_from_nine_addresses_do_not_slow_the_owner_down(client, account_a, clock):
    _spread_failures(client, account_a.email, 9)

    response = _log_in(client, account_a.email, PASSWORD, address="203.0.113.9")

    assert response.status_code == 302


def test_the_delay_doubles_with_each_failure_up_to_five_minutes(client, account_a, clock):
    _spread_failures(client, account_a.email, 10)
    delays = []
    for n in range(8):
        first = _log_in(client, account_a.email, "wrong password", address=f"198.51.100.{n + 1}")
        delays.append(int(first.context["form"].refusal.seconds))
        clock.now += delays[-1]
        _log_in(client, account_a.email, "wrong password", address=f"198.51.100.{n + 1}")

    assert delays == [5, 10, 20, 40, 80, 160, 300, 300]


def test_after_the_delay_the_owner_from_a_fresh_address_logs_in(client, account_a, clock):
    _spread_failures(client, account_a.email, 40)

    clock.now += 300
    response = _log_in(client, account_a.email, PASSWORD, address="203.0.113.9")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(account_a.pk)


def test_attempts_during_the_delay_do_not_count_as_failures(client, account_a, clock):
    _spread_failures(client, account_a.email, 10)
    for n in range(20):
        _log_in(client, account_a.email, "wrong password", address=f"198.51.100.{n + 1}")

    clock.now += 5
    response = _log_in(client, account_a.email, PASSWORD, address="203.0.113.9")

    assert response.status_code == 302


# --- Unconfirmed accounts --------------------------------------------------------------------


@pytest.fixture
def unconfirmed(db):
    return UserFactory(email="new@mission.example", is_active=False, email_confirmed_at=None)


def test_locked_unconfirmed_account_refuses_even_the_right_password_and_sends_nothing(client, unconfirmed):
    _fail_three_times(client, unconfirmed.email)

    response = _log_in(client, unconfirmed.email, PASSWORD)

    assert response.status_code == 429
    assert "Confirm your e-mail address first" not in response.content.decode()
    assert mail.outbox == []


def test_wrong_passwords_on_an_unconfirmed_account_count_as_failures(client, unconfirmed):
    answers = [_log_in(client, unconfirmed.email, "wrong password").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert AccessAttempt.objects.get(username=unconfirmed.email).failures_since_start == 3


def test_delayed_unconfirmed_account_refuses_the_right_password(client, unconfirmed, clock):
    _spread_failures(client, unconfirmed.email, 10)

    response = _log_in(client, unconfirmed.email, PASSWORD, address="203.0.113.9")

    assert response.status_code == 429
    assert "Confirm your e-mail address first" not in response.content.decode()
    assert mail.outbox == []
