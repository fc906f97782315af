import pytest
from django.core import mail
from django.urls import reverse

from ccm_portal.audit.models import AuditEntry
from delegations.models import Delegation
from sessions import services
from sessions.models import MeetingSession, SideEventRequest
from sessions.slots import slot_value

from .factories import MeetingSessionFactory, RoomFactory, SideEventRequestFactory, local

pytestmark = pytest.mark.django_db


def request_data(meeting, **extra):
    return {
        "title": "Victim assistance in practice",
        "organisers": "France and Handicap International",
        "description": "Survivors speak about services.",
        "expected_attendance": 80,
        "preferred_slots": [slot_value(meeting.start_date, "lunch")],
        **extra,
    }


def test_a_focal_point_requests_a_side_event_from_the_floor_page(client, focal_point, accredited, meeting):
    client.force_login(focal_point)
    slot = slot_value(meeting.start_date, "lunch")

    response = client.post(
        reverse("ccm_sessions:side_event_new", args=[meeting.slug, accredited.pk]),
        {
            "title": "Victim assistance in practice",
            "organisers": "France",
            "expected_attendance": "80",
            "preferred_slots": [slot],
        },
    )

    assert response.status_code == 302
    request = SideEventRequest.objects.get()
    assert (request.delegation, request.requested_by, request.status) == (accredited, focal_point, "pending")
    assert request.preferred_slots == [slot]


def test_a_request_needs_a_slot_during_the_meeting(client, focal_point, accredited, meeting):
    client.force_login(focal_point)

    response = client.post(
        reverse("ccm_sessions:side_event_new", args=[meeting.slug, accredited.pk]),
        {
            "title": "No slot",
            "organisers": "France",
            "expected_attendance": "80",
            "preferred_slots": ["1999-01-01/lunch"],
        },
    )

    assert response.status_code == 400
    assert "preferred_slots" in response.context["form"].errors
    assert not SideEventRequest.objects.exists()


def test_a_draft_delegation_cannot_request_a_side_event(delegation, focal_point, meeting):
    assert delegation.status == Delegation.Status.DRAFT

    with pytest.raises(services.ProgrammeError, match="Submit the registration"):
        services.side_event_request(delegation=delegation, by=focal_point, data=request_data(meeting))


def test_the_same_title_twice_is_refused_next_to_the_title(accredited, focal_point, meeting):
    services.side_event_request(delegation=accredited, by=focal_point, data=request_data(meeting))

    with pytest.raises(services.ProgrammeError, match="already requested") as caught:
        services.side_event_request(
            delegation=accredited, by=focal_point, data=request_data(meeting, title="VICTIM assistance in practice")
        )

    assert caught.value.field == "title"
    assert SideEventRequest.objects.count() == 1


def test_another_delegations_focal_point_cannot_request_for_it(client, focal_point, other_accredited, meeting):
    client.force_login(focal_point)

    response = client.get(reverse("ccm_sessions:side_event_new", args=[meeting.slug, other_accredited.pk]))

    assert response.status_code == 404


def test_approving_places_the_side_event_in_the_programme_and_emails_the_focal_point(
    django_capture_on_commit_callbacks, secretariat, meeting
):
    side_event = SideEventRequestFactory(delegation__meeting=meeting)
    room = RoomFactory(meeting=meeting, name="Side Room 1", capacity=120)

    with django_capture_on_commit_callbacks(execute=True):
        services.side_event_approve(
            side_event=side_event,
            by=secretariat,
            room=room,
            starts_at=local(meeting, 0, 13, 15),
            ends_at=local(meeting, 0, 14, 45),
        )

    side_event.refresh_from_db()
    assert side_event.status == SideEventRequest.Status.APPROVED
    session = side_event.session
    assert (session.kind, session.title, session.room, session.expected_attendance) == (
        MeetingSession.Kind.SIDE_EVENT,
        side_event.title,
        room,
        40,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert side_event.requested_by.email in message.to
    assert "approved" in message.body
    assert "13:15-14:45" in message.body
    assert "Side Room 1" in message.body


def test_approving_into_a_room_too_small_warns_and_the_override_is_recorded(client, secretariat, meeting):
    side_event = SideEventRequestFactory(delegation__meeting=meeting, expected_attendance=150)
    room = RoomFactory(meeting=meeting, name="Side Room 2", capacity=60)
    client.force_login(secretariat)
    url = reverse("ccm_sessions:side_event_decide", args=[meeting.slug, side_event.pk])
    post = {
        "decision": "approve",
        "day": meeting.start_date.isoformat(),
        "start_time": "13:15",
        "end_time": "14:45",
        "room": room.pk,
    }

    warned = client.post(url, post)

    assert warned.status_code == 400
    assert "150 people are expected but Side Room 2 seats 60" in warned.content.decode()
    side_event.refresh_from_db()
    assert side_event.status == SideEventRequest.Status.PENDING

    token = warned.context["approve_form"]["clash_token"].value()
    accepted = client.post(url, {**post, "clash_token": token, "accept_clashes": "on"})

    assert accepted.status_code == 302
    side_event.refresh_from_db()
    assert side_event.status == SideEventRequest.Status.APPROVED
    assert AuditEntry.objects.filter(action="accepted clash", detail__contains="Side Room 2 seats 60").exists()


def test_approving_into_a_double_booked_room_is_refused(secretariat, meeting):
    room = RoomFactory(meeting=meeting)
    MeetingSessionFactory(meeting=meeting, room=room, starts_at=local(meeting, 0, 13))
    side_event = SideEventRequestFactory(delegation__meeting=meeting)

    with pytest.raises(services.ClashError):
        services.side_event_approve(
            side_event=side_event,
            by=secretariat,
            room=room,
            starts_at=local(meeting, 0, 13, 15),
            ends_at=local(meeting, 0, 14, 45),
        )

    side_event.refresh_from_db()
    assert side_event.status == SideEventRequest.Status.PENDING
    assert MeetingSession.objects.count() == 1


def test_declining_needs_a_reason(client, secretariat, meeting):
    side_event = SideEventRequestFactory(delegation__meeting=meeting)
    client.force_login(secretariat)

    response = client.post(
        reverse("ccm_sessions:side_event_decide", args=[meeting.slug, side_event.pk]),
        {"decision": "decline", "reason": ""},
    )

    assert response.status_code == 400
    assert "reason" in response.context["decline_form"].errors
    side_event.refresh_from_db()
    assert side_event.status == SideEventRequest.Status.PENDING


def test_declining_tells_the_focal_point_why(django_capture_on_commit_callbacks, secretariat, meeting):
    side_event = SideEventRequestFactory(delegation__meeting=meeting)

    with django_capture_on_commit_callbacks(execute=True):
        services.side_event_decline(side_event=side_event, by=secretariat, reason="All side rooms are taken at lunch.")

    side_event.refresh_from_db()
    assert side_event.status == SideEventRequest.Status.DECLINED
    assert "All side rooms are taken at lunch." in mail.outbox[0].body
    assert side_event.requested_by.email in mail.outbox[0].to


def test_declining_an_approved_side_event_takes_it_off_the_programme(secretariat, meeting):
    side_event = SideEventRequestFactory(delegation__meeting=meeting)
    room = RoomFactory(meeting=meeting)
    services.side_event_approve(
        side_event=side_event, by=secretariat, room=room, starts_at=local(meeting, 0, 13), ends_at=local(meeting, 0, 14)
    )

    services.side_event_decline(side_event=side_event, by=secretariat, reason="The organisers cancelled.")

    assert not MeetingSession.objects.exists()


def test_an_answered_request_cannot_be_approved_again(secretariat, meeting):
    side_event = SideEventRequestFactory(delegation__meeting=meeting)
    services.side_event_decline(side_event=side_event, by=secretariat, reason="No room.")
    room = RoomFactory(meeting=meeting)

    with pytest.raises(services.ProgrammeError, match="already been answered"):
        services.side_event_approve(
            side_event=side_event,
            by=secretariat,
            room=room,
            starts_at=local(meeting, 0, 13),
            ends_at=local(meeting, 0, 14),
        )


def test_an_approved_side_event_cannot_be_removed_as_a_plain_session(secretariat, meeting):
    side_event = SideEventRequestFactory(delegation__meeting=meeting)
    room = RoomFactory(meeting=meeting)
    services.side_event_approve(
        side_event=side_event, by=secretariat, room=room, starts_at=local(meeting, 0, 13), ends_at=local(meeting, 0, 14)
    )
    side_event.refresh_from_db()

    with pytest.raises(services.ProgrammeError, match="decline the request instead"):
        services.session_delete(session=side_event.session, by=secretariat)


def test_only_the_secretariat_decides_on_side_events(client, planner, meeting):
    side_event = SideEventRequestFactory(delegation__meeting=meeting)
    client.force_login(planner)

    response = client.post(
        reverse("ccm_sessions:side_event_decide", args=[meeting.slug, side_event.pk]),
        {"decision": "decline", "reason": "No."},
    )

    assert response.status_code == 403
    side_event.refresh_from_db()
    assert side_event.status == SideEventRequest.Status.PENDING
