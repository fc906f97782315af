import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from ccm_portal.accounts.models import User
from ccm_portal.audit.models import AuditEntry
from ccm_portal.audit.services import log_action
from ccm_portal.privacy.selectors import personal_data
from delegations.models import Delegation, JoinRequest
from tests.factories import (
    DelegationFactory,
    JoinRequestFactory,
    MeetingFactory,
    ParticipantFactory,
    UserFactory,
)

PASSWORD = "correct horse battery"  # tests/factories.py UserFactory


@pytest.fixture
def past_meeting(db):
    return MeetingFactory(
        start_date=dt.date(2010, 11, 9),
        end_date=dt.date(2010, 11, 12),
        registration_opens=timezone.make_aware(dt.datetime(2010, 6, 1)),
        registration_deadline=timezone.make_aware(dt.datetime(2010, 10, 1)),
    )


@pytest.fixture
def leaver(db, past_meeting, meeting):
    """A focal point of a past delegation (alone) and of an open one (with a colleague), asking to join a third."""
    user = UserFactory(full_name="Lena Leaver", email="lena.leaver@mission.example")
    past = DelegationFactory(meeting=past_meeting, created_by=user, contact_email=user.email, country="NO")
    shared = DelegationFactory(meeting=meeting, created_by=user, country="NZ")
    shared.focal_points.add(UserFactory(full_name="Colin Colleague"))
    JoinRequestFactory(user=user, delegation=DelegationFactory(meeting=meeting, country="PE"))
    log_action(trail=past.trail, actor=user, action="submitted", subject=past)
    return user


def delete(client, user, password=PASSWORD):
    client.force_login(user)
    return client.post(reverse("privacy:account"), {"password": password, "confirm": "on"})


def test_account_page_is_in_the_user_menu_and_offers_download_and_deletion(client, leaver):
    client.force_login(leaver)
    home = client.get(reverse("home")).content.decode()
    assert reverse("privacy:account") in home

    page = client.get(reverse("privacy:account")).content.decode()

    assert "lena.leaver@mission.example" in page
    assert reverse("privacy:personal_data") in page
    assert "Delete my account" in page


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    for name in ("privacy:account", "privacy:personal_data"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_wrong_password_refuses_and_changes_nothing(client, leaver):
    response = delete(client, leaver, password="not my password")

    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.deleted_at is None
    assert leaver.is_active
    assert leaver.delegations.count() == 2


def test_deleting_the_account_anonymises_it_and_keeps_what_it_did(client, leaver, past_meeting):
    past = Delegation.objects.get(meeting=past_meeting)
    shared = Delegation.objects.get(country="NZ")

    response = delete(client, leaver)

    assert response.status_code == 302
    user = User.objects.get(pk=leaver.pk)
    assert user.deleted_at is not None
    assert user.full_name == ""
    assert "lena" not in user.email
    assert user.email.endswith("@deleted.invalid")
    assert not user.has_usable_password()
    assert not user.is_active
    assert str(user) == "a deleted user"
    assert not user.delegations.exists()
    assert not JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).exists()
    past.refresh_from_db()
    assert past.created_by == user  # the registration stays, attributed to the anonymised row
    assert past.contact_email == ""
    assert shared.focal_points.count() == 1
    assert AuditEntry.objects.filter(trail=past.trail, actor=user, action="submitted").exists()
    # The delegation's history now reads "a deleted user" where the name was.
    colleague = shared.focal_points.get()
    client.force_login(colleague)
    history = client.get(shared.get_absolute_url()).content.decode()
    assert "a deleted user" in history
    assert "Lena Leaver" not in history
    # The old address and password no longer open anything.
    client.logout()
    login = client.post(reverse("accounts:login"), {"username": "lena.leaver@mission.example", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert login.status_code in (200, 429)


def test_two_deleted_accounts_get_different_placeholder_addresses(client, db):
    first, second = UserFactory(), UserFactory()
    delete(client, first)
    delete(client, second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.email != second.email


def test_only_focal_point_of_a_delegation_of_an_open_meeting_cannot_delete(client, delegation, focal_point):
    client.force_login(focal_point)
    page = client.get(reverse("privacy:account")).content.decode()
    assert "You are the only focal point of France" in page

    response = delete(client, focal_point)

    assert response.status_code == 200
    assert "You are the only focal point of France" in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.deleted_at is None
    assert delegation.focal_points.filter(pk=focal_point.pk).exists()


def test_personal_data_download_holds_their_data_and_nothing_of_anyone_else(client, leaver, past_meeting, meeting):
    past = Delegation.objects.get(meeting=past_meeting)
    ParticipantFactory(delegation=past, given_name="Colleague", family_name="Listedbyme", email="colleague@x.example")
    ParticipantFactory(
        delegation=DelegationFactory(meeting=meeting, country="GH"),
        given_name="Lena",
        family_name="Leaver",
        email="LENA.LEAVER@mission.example",
        accessibility_needs="Needs a sign-language interpreter",
    )
    stranger = UserFactory(full_name="Stranger Danger", email="stranger@elsewhere.example")
    theirs = DelegationFactory(meeting=meeting, country="MX", created_by=stranger, contact_email="desk@mx.example")
    ParticipantFactory(delegation=theirs, given_name="Someone", family_name="Unrelated", email="someone@mx.example")
    JoinRequestFactory(user=stranger, delegation=past, message="Please add me, stranger here")
    log_action(trail=theirs.trail, actor=stranger, action="registered", subject=theirs)

    client.force_login(leaver)
    response = client.get(reverse("privacy:personal_data"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    expected = json.loads(json.dumps(personal_data(leaver), default=str))
    assert {key: value for key, value in data.items() if key != "generated_at"} == {
        key: value for key, value in expected.items() if key != "generated_at"
    }
    assert data["account"]["email"] == "lena.leaver@mission.example"
    assert [d["delegation"] for d in data["focal_point_of"]] == ["Norway", "New Zealand"]
    assert data["focal_point_of"][0]["participants_listed"] == 1
    assert data["participant_records"][0]["accessibility_needs"] == "Needs a sign-language interpreter"
    assert [r["delegation"] for r in data["join_requests"]] == ["Peru"]
    assert {"at", "action"} == set(data["actions_recorded"][0])
    text = response.content.decode()
    for other in ("Stranger", "stranger@", "Unrelated", "someone@mx", "desk@mx", "Colleague", "colleague@", "Colin"):
        assert other not in text, other


def test_deleting_the_account_forgets_its_devices_queued_mail_and_login_records(client, leaver):
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ccm_portal.mail.models import OutboxMessage

    TOTPDevice.objects.create(user=leaver, name="phone", confirmed=True)
    sent = OutboxMessage.objects.create(
        to=["lena.leaver@mission.example", "colin@x.example"], subject="Decided", body="", status="sent"
    )
    pending = OutboxMessage.objects.create(to=["Lena.Leaver@mission.example"], subject="Reset", body="a link")
    AccessAttempt.objects.create(username="lena.leaver@mission.example", ip_address="192.0.2.1", failures_since_start=1)

    delete(client, leaver)

    leaver.refresh_from_db()
    assert not TOTPDevice.objects.filter(user=leaver).exists()
    assert not OutboxMessage.objects.filter(pk=pending.pk).exists()
    sent.refresh_from_db()
    assert sent.to == ["colin@x.example", leaver.email]
    assert not AccessAttempt.objects.filter(username__icontains="lena").exists()
