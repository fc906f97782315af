import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ccm_portal.accounts.models import User
from ccm_portal.accounts.tokens import EmailConfirmationTokenGenerator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
SIGN_UP = {
    "full_name": "Souphanh Vongsa",
    "email": "s.vongsa@mofa.example",
    "password1": "a long enough passphrase 2010",
    "password2": "a long enough passphrase 2010",
}


def _link_path(message) -> str:
    """The path of the one portal link in an e-mail body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _field_error(response, field: str) -> str:
    """The error text crispy renders right under the field `field`."""
    html = response.content.decode()
    match = re.search(rf'<[^>]+id="error_\d+_id_{field}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no error rendered next to {field}"
    return match.group(1)


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:sign_up"), {**SIGN_UP, **overrides})

    return post


def test_sign_up_creates_inactive_user_and_mails_one_confirmation_link(sign_up):
    response = sign_up()

    user = User.objects.get(email="s.vongsa@mofa.example")
    assert not user.is_active
    assert user.email_confirmed_at is None
    assert user.full_name == "Souphanh Vongsa"
    assert "s.vongsa@mofa.example" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["s.vongsa@mofa.example"]
    assert _link_path(mail.outbox[0]).startswith("/accounts/confirm/")


def test_sign_up_stores_the_address_in_lower_case(sign_up):
    sign_up(email="S.Vongsa@MOFA.example")

    assert User.objects.filter(email="s.vongsa@mofa.example").exists()


def test_following_the_confirmation_link_activates_and_asks_to_log_in(client, sign_up):
    sign_up()

    response = client.get(_link_path(mail.outbox[0]), follow=True)

    user = User.objects.get(email="s.vongsa@mofa.example")
    assert response.redirect_chain == [(reverse("accounts:login"), 302)]
    assert "Your e-mail address is confirmed. Log in" in response.content.decode()
    assert user.is_active
    assert user.email_confirmed_at is not None
    assert SESSION_KEY not in client.session


def test_after_confirming_the_password_logs_in(client, sign_up):
    sign_up()
    client.get(_link_path(mail.outbox[0]))

    response = client.post(reverse("accounts:login"), {"username": SIGN_UP["email"], "password": SIGN_UP["password1"]})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(User.objects.get(email=SIGN_UP["email"]).pk)


def test_confirmation_link_works_only_once(client, sign_up):
    sign_up()
    path = _link_path(mail.outbox[0])
    client.get(path)

    response = client.get(path)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_tampered_confirmation_link_shows_invalid_page_and_does_not_activate(client, sign_up):
    sign_up()
    path = _link_path(mail.outbox[0])
    tampered = path.rstrip("/")[:-1] + ("0" if not path.rstrip("/").endswith("0") else "1") + "/"

    response = client.get(tampered)

    assert response.status_code == 400
    assert "invalid or has expired" in response.content.decode()
    assert not User.objects.get(email="s.vongsa@mofa.example").is_active
    assert SESSION_KEY not in client.session


def test_confirmation_link_for_unknown_user_shows_invalid_page(client):
    response = client.get(reverse("accounts:confirm", kwargs={"uidb64": "bm9wZQ", "token": "abc-def"}))

    assert response.status_code == 400


def _confirmation_url_made(user, hours_ago: float) -> str:
    class Earlier(EmailConfirmationTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(hours=hours_ago)

    token = Earlier().make_token(user)
    return reverse("accounts:confirm", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token})


def test_confirmation_link_works_for_twelve_hours_and_no_longer(client):
    fresh = UserFactory(is_active=False, email_confirmed_at=None)
    stale = UserFactory(is_active=False, email_confirmed_at=None)

    assert client.get(_confirmation_url_made(fresh, hours_ago=11.5)).status_code == 302
    assert client.get(_confirmation_url_made(stale, hours_ago=12.5)).status_code == 400

    fresh.refresh_from_db()
    stale.refresh_from_db()
    assert fresh.is_active
    assert not stale.is_active


def test_confirmation_mail_says_how_many_hours_the_link_works(sign_up):
    sign_up()

    assert "for 12 hours" in mail.outbox[0].body


def test_expired_confirmation_link_shows_invalid_page_and_does_not_activate(client, settings):
    user = UserFactory(is_active=False, email_confirmed_at=None)

    class FourDaysAgo(EmailConfirmationTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(days=4)

    token = FourDaysAgo().make_token(user)
    url = reverse("accounts:confirm", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token})

    response = client.get(url)

    user.refresh_from_db()
    assert response.status_code == 400
    assert not user.is_active
    assert user.email_confirmed_at is None


def test_sign_up_with_an_existing_address_shows_message_next_to_the_field(sign_up):
    UserFactory(email="s.vongsa@mofa.example")

    response = sign_up(email="S.Vongsa@mofa.example")

    assert response.status_code == 200
    assert "An account with this address exists" in _field_error(response, "email")
    assert User.objects.filter(email__iexact="s.vongsa@mofa.example").count() == 1
    assert mail.outbox == []


def test_sign_up_with_different_passwords_shows_message_next_to_the_second(sign_up):
    response = sign_up(password2="another long passphrase 2010")

    assert "The two passwords differ" in _field_error(response, "password2")
    assert not User.objects.exists()
    assert mail.outbox == []


def test_sign_up_with_a_short_password_shows_message_next_to_the_field(sign_up):
    response = sign_up(password1="Xk3!", password2="Xk3!")

    assert "too short" in _field_error(response, "password1")
    assert not User.objects.exists()


def test_sign_up_with_a_password_like_the_address_is_refused(sign_up):
    response = sign_up(password1="s.vongsa@mofa.example", password2="s.vongsa@mofa.example")

    assert "too similar" in _field_error(response, "password1")
    assert not User.objects.exists()


def test_logged_in_user_visiting_sign_up_goes_home(client):
    client.force_login(UserFactory())

    response = client.get(reverse("accounts:sign_up"))

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_login_by_email_address_with_throttling_on(client, settings):
    settings.AXES_ENABLED = True
    user = UserFactory(email="focal@mission.example")

    response = client.post(reverse("accounts:login"), {"username": "Focal@Mission.example", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_login_with_a_wrong_password_says_so_and_does_not_log_in(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(email="focal@mission.example")

    response = client.post(reverse("accounts:login"), {"username": "focal@mission.example", "password": "wrong"})

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_login_before_confirming_says_confirm_first_and_resends_link(
    client, settings, django_capture_on_commit_callbacks
):
    settings.AXES_ENABLED = True
    user = UserFactory(email="new@mission.example", is_active=False, email_confirmed_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:login"), {"username": "new@mission.example", "password": PASSWORD})

    assert response.status_code == 200
    assert "Confirm your e-mail address first" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@mission.example"]
    client.get(_link_path(mail.outbox[0]))
    user.refresh_from_db()
    assert user.is_active


def test_login_before_confirming_with_a_wrong_password_sends_nothing(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(email="new@mission.example", is_active=False, email_confirmed_at=None)

    response = client.post(reverse("accounts:login"), {"username": "new@mission.example", "password": "wrong"})

    assert "Confirm your e-mail address first" not in response.content.decode()
    assert mail.outbox == []


def test_login_page_links_to_sign_up_and_password_reset(client):
    response = client.get(reverse("accounts:login"))

    html = response.content.decode()
    assert reverse("accounts:sign_up") in html
    assert reverse("accounts:password_reset") in html


def test_password_reset_mails_a_link_that_sets_a_new_password(client, settings, django_capture_on_commit_callbacks):
    settings.AXES_ENABLED = True
    user = UserFactory(email="focal@mission.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "focal@mission.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["focal@mission.example"]

    form_page = client.get(_link_path(mail.outbox[0]), follow=True)
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {"new_password1": "a brand new passphrase 2011", "new_password2": "a brand new passphrase 2011"},
    )

    user.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    assert user.check_password("a brand new passphrase 2011")
    login = client.post(
        reverse("accounts:login"), {"username": "focal@mission.example", "password": "a brand new passphrase 2011"}
    )
    assert login.status_code == 302


def test_password_reset_link_used_twice_shows_invalid_link_page(client, django_capture_on_commit_callbacks):
    UserFactory(email="focal@mission.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "focal@mission.example"})
    path = _link_path(mail.outbox[0])
    first = client.get(path, follow=True)
    client.post(
        first.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase 2011", "new_password2": "a brand new passphrase 2011"},
    )
    client.logout()

    response = client.get(path, follow=True)

    assert not response.context["validlink"]
    assert "This link does not work" in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@mission.example"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []
