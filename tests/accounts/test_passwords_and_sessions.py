"""Passwords of at least 12 characters, a page to change one, short-lived reset links and idle staff sessions."""

import time
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ccm_portal.accounts.middleware import LAST_ACTIVITY_KEY
from tests.factories import SecretariatFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def _sign_up(client, password):
    return client.post(
        reverse("accounts:sign_up"),
        {"full_name": "Noy Vongsa", "email": "noy@mofa.example", "password1": password, "password2": password},
    )


def test_a_password_needs_twelve_characters(client):
    eleven = _sign_up(client, "Vte#2010-ab")
    twelve = _sign_up(client, "Vte#2010-abc")

    assert "at least 12 characters" in eleven.content.decode()
    assert "Check your inbox" in twelve.content.decode()


def test_password_change_page_sets_the_new_password(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh passphrase for 2011",
            "new_password2": "a fresh passphrase for 2011",
        },
    )

    user.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert user.check_password("a fresh passphrase for 2011")
    assert client.session[SESSION_KEY] == str(user.pk)  # still logged in


def test_password_change_refuses_a_wrong_old_password_and_a_short_new_one(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not it", "new_password1": "short2010", "new_password2": "short2010"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_page_is_linked_from_the_user_menu(client):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert f'href="{reverse("accounts:password_change")}"' in response.content.decode()


def test_password_change_page_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def _reset_url(user, hours_ago: float) -> str:
    class Earlier(PasswordResetTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(hours=hours_ago)

    token = Earlier().make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def test_password_reset_link_works_for_two_hours_and_no_longer(client):
    user = UserFactory()

    fresh = client.get(_reset_url(user, hours_ago=1.5), follow=True)
    stale = client.get(_reset_url(user, hours_ago=2.5), follow=True)

    assert fresh.context["validlink"]
    assert not stale.context["validlink"]


def test_password_reset_mail_and_page_say_two_hours(client, django_capture_on_commit_callbacks):
    UserFactory(email="focal@mission.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "focal@mission.example"}, follow=True)

    assert "for 2 hours" in mail.outbox[0].body
    assert "The link works for 2 hours" in response.content.decode()


# --- Idle staff sessions --------------------------------------------------------------------


def _idle_for(client, minutes):
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time() - minutes * 60)
    session.save()


def test_secretariat_idle_for_thirty_one_minutes_is_logged_out(client):
    client.force_login(SecretariatFactory())
    _idle_for(client, 31)

    response = client.get(reverse("meetings:treaty_status"), follow=True)

    assert SESSION_KEY not in client.session
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "logged out after 30 minutes without activity" in response.content.decode()


def test_secretariat_idle_for_twenty_nine_minutes_stays_logged_in(client):
    client.force_login(SecretariatFactory())
    _idle_for(client, 29)

    response = client.get(reverse("meetings:treaty_status"))

    assert response.status_code == 200
    assert abs(client.session[LAST_ACTIVITY_KEY] - time.time()) < 5


def test_staff_idle_timeout_follows_the_setting(client, settings):
    settings.STAFF_IDLE_TIMEOUT = timedelta(minutes=10)
    client.force_login(SecretariatFactory())
    _idle_for(client, 11)

    client.get(reverse("meetings:treaty_status"))

    assert SESSION_KEY not in client.session


def test_delegates_keep_their_session_however_long_they_are_idle(client):
    client.force_login(UserFactory())
    _idle_for(client, 600)

    response = client.get(reverse("delegations:mine"))

    assert response.status_code == 200
    assert SESSION_KEY in client.session
    assert client.session[LAST_ACTIVITY_KEY] < time.time() - 500  # never tracked for delegates


def test_background_polling_does_not_keep_a_staff_session_alive(client):
    client.force_login(SecretariatFactory())
    _idle_for(client, 20)
    before = client.session[LAST_ACTIVITY_KEY]

    client.get(reverse("meetings:treaty_status"), HTTP_HX_REQUEST="true")

    assert client.session[LAST_ACTIVITY_KEY] == before
