"""A registration made by the wrong person: transfer, refusal, and join requests that reach the secretariat."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from delegations import selectors, services
from delegations.models import Delegation, JoinRequest
from tests.delegations.test_services import participant_data
from tests.factories import DelegationFactory, JoinRequestFactory, UserFactory


@pytest.fixture
def real_mission(db):
    return UserFactory(full_name="Real Mission", email="mission@france.example")


# --- transfer of the focal point ---------------------------------------------------


def test_the_secretariat_gives_a_squatted_delegation_to_the_real_mission(
    secretariat, delegation, focal_point, real_mission, django_capture_on_commit_callbacks
):
    delegation.contact_email = focal_point.email
    delegation.save()
    JoinRequestFactory(delegation=delegation, user=real_mission)

    with django_capture_on_commit_callbacks(execute=True):
        services.focal_point_transfer(
            delegation=delegation, email="MISSION@france.example", remove=[focal_point], by=secretariat
        )

    delegation.refresh_from_db()
    assert list(delegation.focal_points.all()) == [real_mission]
    assert delegation.contact_email == real_mission.email
    assert JoinRequest.objects.get(user=real_mission).status == JoinRequest.Status.ACCEPTED
    entry = AuditEntry.objects.get(trail=delegation.trail, action="transferred focal point")
    assert "Real Mission" in entry.detail
    assert focal_point.full_name in entry.detail
    subjects = {tuple(message.to): message.subject for message in mail.outbox}
    assert "you are now a focal point" in subjects[(real_mission.email,)]
    assert "no longer a focal point" in subjects[(focal_point.email,)]


def test_a_transfer_to_an_unknown_or_unconfirmed_address_changes_nothing(secretariat, delegation, focal_point):
    unconfirmed = UserFactory(email_confirmed_at=None)

    with pytest.raises(services.RegistrationError, match="No account"):
        services.focal_point_transfer(
            delegation=delegation, email="nobody@example.org", remove=[focal_point], by=secretariat
        )
    with pytest.raises(services.RegistrationError, match="not confirmed"):
        services.focal_point_transfer(
            delegation=delegation, email=unconfirmed.email, remove=[focal_point], by=secretariat
        )

    assert list(delegation.focal_points.all()) == [focal_point]


def test_a_focal_point_cannot_transfer_their_delegation(delegation, focal_point, real_mission):
    with pytest.raises(services.RegistrationError, match="Only the secretariat"):
        services.focal_point_transfer(delegation=delegation, email=real_mission.email, remove=[], by=focal_point)


def test_the_transfer_page_moves_the_focal_point(client, secretariat, delegation, focal_point, real_mission):
    client.force_login(secretariat)
    url = reverse("delegations:focal_point_transfer", args=[delegation.pk])
    assert focal_point.full_name in client.get(url).content.decode()

    response = client.post(url, {"email": real_mission.email, "remove": [focal_point.pk]})

    assert response.status_code == 302
    assert list(delegation.focal_points.all()) == [real_mission]


def test_an_unknown_address_on_the_transfer_page_is_shown_next_to_the_field(client, secretariat, delegation):
    client.force_login(secretariat)

    response = client.post(
        reverse("delegations:focal_point_transfer", args=[delegation.pk]), {"email": "nobody@example.org"}
    )

    assert response.status_code == 400
    assert "No account uses this e-mail address" in response.context["form"].errors["email"][0]


# --- refusal -------------------------------------------------------------------------


def test_a_refused_registration_frees_the_state_for_the_real_mission(
    secretariat, delegation, focal_point, real_mission, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.delegation_refuse(
            delegation=delegation, by=secretariat, reason="The note verbale does not match the state registered."
        )
    registered = services.delegation_register(meeting=delegation.meeting, user=real_mission, kind="state", country="FR")

    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.REFUSED
    assert registered.pk != delegation.pk
    assert list(registered.focal_points.all()) == [real_mission]
    assert AuditEntry.objects.filter(trail=delegation.trail, action="refused registration").exists()
    refused_mail = next(message for message in mail.outbox if "registration refused" in message.subject)
    assert "note verbale does not match" in refused_mail.body
    assert focal_point.email in refused_mail.to


def test_a_refusal_closes_pending_join_requests_and_tells_their_authors(
    secretariat, delegation, real_mission, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(delegation=delegation, user=real_mission)

    with django_capture_on_commit_callbacks(execute=True):
        services.delegation_refuse(delegation=delegation, by=secretariat, reason="Not the mission's note.")

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REFUSED
    freed = next(message for message in mail.outbox if message.to == [real_mission.email])
    assert "can be registered again" in freed.subject
    assert reverse("delegations:register", args=[delegation.meeting.slug]) in freed.body


def test_a_refused_registration_can_no_longer_be_changed_approved_or_joined(
    secretariat, delegation, focal_point, real_mission
):
    services.delegation_refuse(delegation=delegation, by=secretariat, reason="Not the mission's note.")

    with pytest.raises(services.RegistrationError, match="refused"):
        services.participant_create(delegation=delegation, data=participant_data(), by=focal_point)
    with pytest.raises(services.RegistrationError, match="refused"):
        services.delegation_decide(delegation=delegation, by=secretariat, approve=True)
    with pytest.raises(services.RegistrationError, match="refused"):
        services.join_request_create(delegation=delegation, user=real_mission)
    with pytest.raises(services.RegistrationError, match="already been refused"):
        services.delegation_refuse(delegation=delegation, by=secretariat, reason="Again.")


def test_a_refusal_needs_a_reason(secretariat, delegation):
    with pytest.raises(services.RegistrationError, match="reason"):
        services.delegation_refuse(delegation=delegation, by=secretariat, reason="  ")
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.DRAFT


def test_the_refuse_page_records_the_refusal_and_the_focal_point_reads_why(
    client, secretariat, delegation, focal_point
):
    client.force_login(secretariat)
    response = client.post(
        reverse("delegations:refuse", args=[delegation.pk]), {"reason": "The note verbale is from another state."}
    )
    assert response.status_code == 302

    client.force_login(focal_point)
    page = client.get(delegation.get_absolute_url()).content.decode()
    assert "Registration refused by the secretariat: The note verbale is from another state." in page
    assert reverse("delegations:participant_add", args=[delegation.pk]) not in page


# --- join requests that reach the secretariat ----------------------------------------


def _age(join_request, days):
    JoinRequest.objects.filter(pk=join_request.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_a_join_request_left_unanswered_for_the_set_days_reaches_the_secretariat(delegation, settings):
    settings.JOIN_REQUEST_ESCALATION_DAYS = 3
    old = JoinRequestFactory(delegation=delegation)
    fresh = JoinRequestFactory(delegation=delegation)
    answered = JoinRequestFactory(delegation=delegation, status=JoinRequest.Status.REFUSED)
    _age(old, 4)
    _age(answered, 10)

    waiting = list(selectors.join_requests_for_secretariat(delegation.meeting))

    assert waiting == [old]
    assert fresh not in waiting


def test_the_requester_asks_the_secretariat_from_their_request_page(
    client, delegation, real_mission, secretariat, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(delegation=delegation, user=real_mission)
    client.force_login(real_mission)
    page = client.get(join_request.get_absolute_url()).content.decode()
    assert "Ask the secretariat" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delegations:join_request_escalate", args=[join_request.pk]))

    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.escalated_at is not None
    assert list(selectors.join_requests_for_secretariat(delegation.meeting)) == [join_request]
    assert any(secretariat.email in message.to and "asks the secretariat" in message.subject for message in mail.outbox)


def test_the_secretariat_decides_a_waiting_request_from_the_dashboard(client, secretariat, delegation, real_mission):
    join_request = JoinRequestFactory(delegation=delegation, user=real_mission)
    _age(join_request, 5)
    client.force_login(secretariat)

    page = client.get(reverse("delegations:dashboard", args=[delegation.meeting.slug])).content.decode()
    assert "Real Mission" in page
    decide = reverse("delegations:join_request_decide", args=[delegation.pk, join_request.pk])
    assert decide in page
    client.post(decide, {"decision": "accept"})

    assert real_mission in delegation.focal_points.all()


def test_asking_to_join_leads_to_the_request_page(client, delegation, real_mission):
    client.force_login(real_mission)
    response = client.post(
        reverse("delegations:register", args=[delegation.meeting.slug]), {"kind": "state", "country": "FR"}
    )
    token = response.context["join_token"]

    response = client.post(reverse("delegations:join", args=[delegation.meeting.slug]), {"token": token})

    assert response.url == JoinRequest.objects.get(user=real_mission).get_absolute_url()


# --- who may do it -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["delegations:focal_point_transfer", "delegations:refuse"])
def test_another_delegations_focal_point_and_an_anonymous_visitor_cannot_transfer_or_refuse(
    client, delegation, other_delegation, name
):
    url = reverse(name, args=[delegation.pk])

    anonymous = client.post(url, {"email": "x@example.org", "reason": "x"})
    assert anonymous.status_code == 302
    assert "/login/" in anonymous.url
    for user in (other_delegation.created_by, delegation.created_by):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"email": user.email, "reason": "Mine now."}).status_code == 403
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.DRAFT
    assert list(delegation.focal_points.all()) == [delegation.created_by]


def test_a_join_request_page_is_seen_only_by_its_author(client, delegation, other_delegation, real_mission):
    join_request = JoinRequestFactory(delegation=delegation, user=real_mission)
    url = join_request.get_absolute_url()
    escalate = reverse("delegations:join_request_escalate", args=[join_request.pk])

    assert "/login/" in client.get(url).url
    for user in (other_delegation.created_by, delegation.created_by):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(escalate).status_code == 404
    join_request.refresh_from_db()
    assert join_request.escalated_at is None


def test_the_dashboard_shows_no_waiting_request_to_a_delegate(client, delegation):
    client.force_login(delegation.created_by)
    assert client.get(reverse("delegations:dashboard", args=[delegation.meeting.slug])).status_code == 403


def test_only_the_author_can_escalate(delegation, real_mission):
    join_request = JoinRequestFactory(delegation=delegation, user=real_mission)
    with pytest.raises(services.RegistrationError, match="Only the person"):
        services.join_request_escalate(join_request=join_request, by=delegation.created_by)


def test_two_registrations_of_a_state_still_collide_unless_one_is_refused(meeting):
    DelegationFactory(meeting=meeting, country="LA", sort_name="Lao PDR", status=Delegation.Status.REFUSED)
    DelegationFactory(meeting=meeting, country="LA", sort_name="Lao PDR")

    with pytest.raises(services.DelegationExists):
        services.delegation_register(meeting=meeting, user=UserFactory(), kind="state", country="LA")
