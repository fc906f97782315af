"""Secretariat accounts pass a second factor (an authenticator app, or a recovery code) after the password."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ccm_portal.audit.models import AuditEntry
from tests.accounts.helpers import key_from_text, next_unused_code, totp_code
from tests.factories import SecretariatFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
SECRETARIAT_PAGE = "meetings:treaty_status"


@pytest.fixture
def officer(db):
    return SecretariatFactory(email="officer@un.example")


@pytest.fixture
def browser():
    """A client that logs in through the form, as a person does."""
    return Client()


def _log_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _shown_key(response) -> bytes:
    match = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', response.content.decode())
    assert match, "no key on the set-up page"
    return key_from_text(match.group(1))


def _confirmed_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def test_secretariat_without_an_app_is_sent_to_set_one_up_after_the_password(browser, officer):
    _log_in(browser, officer)

    response = browser.get(reverse(SECRETARIAT_PAGE), follow=True)

    setup = reverse("accounts:second_factor_setup")
    assert response.redirect_chain[0][0].startswith(setup)
    html = response.content.decode()
    assert "<svg" in html  # the QR code, drawn inline
    assert "<img" not in html
    assert len(_shown_key(response)) == 20


def test_set_up_with_a_real_code_confirms_the_app_and_shows_ten_recovery_codes_once(browser, officer):
    _log_in(browser, officer)
    page = browser.get(reverse("accounts:second_factor_setup"))

    response = browser.post(
        reverse("accounts:second_factor_setup"),
        {"code": totp_code(_shown_key(page)), "next": reverse(SECRETARIAT_PAGE)},
    )

    html = response.content.decode()
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', html)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert AuditEntry.objects.filter(action="second_factor_set_up", subject=officer.email).exists()
    assert browser.get(reverse(SECRETARIAT_PAGE)).status_code == 200
    again = browser.get(reverse("accounts:second_factor_setup"), follow=True)
    assert not re.findall(r'<li class="col">([a-z2-7]{8})</li>', again.content.decode())


def test_set_up_with_a_wrong_code_says_so_next_to_the_field_and_confirms_nothing(browser, officer):
    _log_in(browser, officer)
    page = browser.get(reverse("accounts:second_factor_setup"))
    wrong = f"{(int(totp_code(_shown_key(page))) + 1) % 10**6:06d}"

    response = browser.post(reverse("accounts:second_factor_setup"), {"code": wrong})

    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    assert browser.get(reverse(SECRETARIAT_PAGE)).status_code == 302


def test_set_up_page_keeps_the_same_key_until_confirmed(browser, officer):
    _log_in(browser, officer)

    first = _shown_key(browser.get(reverse("accounts:second_factor_setup")))
    second = _shown_key(browser.get(reverse("accounts:second_factor_setup")))

    assert first == second
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_secretariat_with_an_app_enters_a_code_before_any_secretariat_page(browser, officer):
    app = _confirmed_app(officer)
    _log_in(browser, officer)

    refused = browser.get(reverse(SECRETARIAT_PAGE))
    assert refused.status_code == 302
    assert refused.url == f"{reverse('accounts:second_factor_verify')}?next=%2Fmeetings%2Ftreaty-status%2F"

    response = browser.post(
        reverse("accounts:second_factor_verify"), {"code": next_unused_code(app), "next": reverse(SECRETARIAT_PAGE)}
    )

    assert response.status_code == 302
    assert response.url == reverse(SECRETARIAT_PAGE)
    assert browser.get(reverse(SECRETARIAT_PAGE)).status_code == 200


def test_admin_site_also_needs_the_second_factor(browser):
    admin = SecretariatFactory(is_staff=True, is_superuser=True)
    _confirmed_app(admin)
    _log_in(browser, admin)

    response = browser.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:second_factor_verify"))


def test_a_wrong_code_is_refused_with_a_message(browser, officer):
    app = _confirmed_app(officer)
    _log_in(browser, officer)
    wrong = f"{(int(next_unused_code(app)) + 1) % 10**6:06d}"

    response = browser.post(reverse("accounts:second_factor_verify"), {"code": wrong})

    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert browser.get(reverse(SECRETARIAT_PAGE)).status_code == 302


def test_a_code_from_the_app_works_only_once(browser, officer):
    app = _confirmed_app(officer)
    code = next_unused_code(app)
    _log_in(browser, officer)
    browser.post(reverse("accounts:second_factor_verify"), {"code": code})
    browser.post(reverse("accounts:logout"))
    _log_in(browser, officer)

    response = browser.post(reverse("accounts:second_factor_verify"), {"code": code})

    assert "That code did not work" in response.content.decode()


def test_a_recovery_code_works_once(browser, officer):
    _confirmed_app(officer)
    static = StaticDevice.objects.create(user=officer, name="Recovery codes", confirmed=True)
    static.token_set.create(token="abcd2345")
    static.token_set.create(token="efgh6723")
    _log_in(browser, officer)

    first = browser.post(reverse("accounts:second_factor_verify"), {"code": "ABCD 2345"}, follow=True)
    browser.post(reverse("accounts:logout"))
    _log_in(browser, officer)
    second = browser.post(reverse("accounts:second_factor_verify"), {"code": "abcd2345"})

    assert "You used a recovery code; 1 are left" in first.content.decode()
    assert "That code did not work" in second.content.decode()
    assert list(static.token_set.values_list("token", flat=True)) == ["efgh6723"]


def test_log_out_works_before_the_second_factor(browser, officer):
    _confirmed_app(officer)
    _log_in(browser, officer)

    response = browser.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in browser.session


def test_htmx_requests_before_the_second_factor_are_told_to_load_the_verify_page(browser, officer):
    _confirmed_app(officer)
    _log_in(browser, officer)

    response = browser.get(reverse(SECRETARIAT_PAGE), HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:second_factor_verify")


def test_delegates_need_no_second_factor(browser):
    delegate = UserFactory()
    _log_in(browser, delegate)

    response = browser.get(reverse("delegations:mine"))

    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()


def test_verify_page_refuses_to_send_the_user_to_another_site(browser, officer):
    app = _confirmed_app(officer)
    _log_in(browser, officer)

    response = browser.post(
        reverse("accounts:second_factor_verify"), {"code": next_unused_code(app), "next": "https://evil.example/"}
    )

    assert response.url == reverse("home")


def test_force_login_in_tests_passes_the_second_factor(client, officer):
    client.force_login(officer)

    assert client.get(reverse(SECRETARIAT_PAGE)).status_code == 200


def test_reset_second_factor_command_makes_the_next_login_set_up_again(browser, officer):
    from django.core.management import call_command

    _confirmed_app(officer)
    StaticDevice.objects.create(user=officer, name="Recovery codes", confirmed=True)

    call_command("reset_second_factor", officer.email)

    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    _log_in(browser, officer)
    assert browser.get(reverse(SECRETARIAT_PAGE)).url.startswith(reverse("accounts:second_factor_setup"))


def test_admin_shows_devices_without_their_secret_keys(client):
    admin = SecretariatFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    device = TOTPDevice.objects.get(user=admin)

    response = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")

    assert response.status_code == 200
    assert device.key not in response.content.decode()
