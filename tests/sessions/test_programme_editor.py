"""Sessions: times in the venue's zone, clashes refused or knowingly accepted, stale forms refused."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ccm_portal.audit.models import AuditEntry
from sessions import services
from sessions.models import MeetingSession, Room
from tests.factories import MeetingFactory

from .factories import MeetingSessionFactory, RoomFactory, local

pytestmark = pytest.mark.django_db


def session_data(meeting, room, *, day=0, start=(10, 0), end=(13, 0), **extra):
    return {
        "kind": MeetingSession.Kind.PLENARY,
        "title": "Opening plenary",
        "starts_at": local(meeting, day, *start),
        "ends_at": local(meeting, day, *end),
        "room": room,
        **extra,
    }


def form_post(meeting, room, *, day=None, start="10:00", end="13:00", **extra):
    return {
        "kind": "plenary",
        "title": "Opening plenary",
        "day": (day or meeting.start_date).isoformat(),
        "start_time": start,
        "end_time": end,
        "room": room.pk,
        **extra,
    }


def test_a_session_is_stored_as_the_instant_of_its_local_time(secretariat):
    meeting = MeetingFactory(
        time_zone="Asia/Vientiane", start_date=dt.date(2010, 11, 9), end_date=dt.date(2010, 11, 12)
    )
    room = RoomFactory(meeting=meeting)

    starts_at = services.local_datetime(meeting, dt.date(2010, 11, 9), dt.time(10, 0))
    session = services.session_save(
        meeting=meeting, by=secretariat, data=session_data(meeting, room) | {"starts_at": starts_at}
    )

    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2010, 11, 9, 3, 0, tzinfo=dt.UTC)


def test_a_time_the_clocks_skip_is_refused():
    meeting = MeetingFactory(time_zone="Europe/Zurich", start_date=dt.date(2031, 3, 30), end_date=dt.date(2031, 3, 31))

    with pytest.raises(services.ProgrammeError, match="does not exist"):
        services.local_datetime(meeting, dt.date(2031, 3, 30), dt.time(2, 30))


def test_a_session_ending_before_it_starts_is_refused(meeting, room, secretariat):
    with pytest.raises(services.ProgrammeError, match="ends before it starts") as caught:
        services.session_save(
            meeting=meeting, by=secretariat, data=session_data(meeting, room, start=(15, 0), end=(14, 0))
        )

    assert caught.value.field == "end_time"
    assert not MeetingSession.objects.exists()


def test_the_database_refuses_a_session_ending_before_it_starts(meeting, room):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSessionFactory(meeting=meeting, room=room, ends_at=local(meeting, 0, 9))


def test_a_double_booked_room_is_refused_naming_the_other_session(meeting, room, secretariat):
    MeetingSessionFactory(meeting=meeting, room=room, title="Opening plenary", starts_at=local(meeting, 0, 10))

    with pytest.raises(services.ClashError) as caught:
        services.session_save(
            meeting=meeting,
            by=secretariat,
            data=session_data(meeting, room, start=(12, 0), end=(14, 0), title="Working lunch"),
        )

    assert [clash.kind for clash in caught.value.clashes] == ["room"]
    assert "Plenary Hall is already booked" in str(caught.value)
    assert "“Opening plenary”" in str(caught.value)
    assert MeetingSession.objects.count() == 1


def test_sessions_that_touch_end_to_start_do_not_clash(meeting, room, secretariat):
    MeetingSessionFactory(meeting=meeting, room=room, starts_at=local(meeting, 0, 10))

    session = services.session_save(
        meeting=meeting, by=secretariat, data=session_data(meeting, room, start=(13, 0), end=(15, 0))
    )

    assert session.accepted_clashes == ""


def test_the_same_time_in_another_room_is_fine(meeting, room, secretariat):
    MeetingSessionFactory(meeting=meeting, room=room, starts_at=local(meeting, 0, 10))
    side_room = RoomFactory(meeting=meeting, name="Side Room 1")

    services.session_save(meeting=meeting, by=secretariat, data=session_data(meeting, side_room))

    assert MeetingSession.objects.count() == 2


def test_a_session_outside_the_meeting_is_refused_until_accepted_and_the_override_is_recorded(
    meeting, room, secretariat
):
    data = session_data(meeting, room, day=-1, title="Briefing the evening before")
    with pytest.raises(services.ClashError, match="outside the meeting's dates") as caught:
        services.session_save(meeting=meeting, by=secretariat, data=data)

    session = services.session_save(meeting=meeting, by=secretariat, data=data, accept_clashes=caught.value.signature)

    assert "outside the meeting's dates" in session.accepted_clashes
    entry = AuditEntry.objects.get(action="accepted clash")
    assert entry.actor == secretariat
    assert "outside the meeting's dates" in entry.detail


def test_accepting_other_clashes_than_those_seen_is_refused(meeting, room, secretariat):
    data = session_data(meeting, room, day=-1)
    with pytest.raises(services.ClashError) as seen:
        services.session_save(meeting=meeting, by=secretariat, data=data)
    MeetingSessionFactory(meeting=meeting, room=room, starts_at=local(meeting, -1, 11))

    with pytest.raises(services.ClashError) as now:
        services.session_save(meeting=meeting, by=secretariat, data=data, accept_clashes=seen.value.signature)

    assert {clash.kind for clash in now.value.clashes} == {"room", "dates"}
    assert MeetingSession.objects.count() == 1


def test_a_side_event_over_its_room_capacity_is_a_clash(meeting, secretariat):
    small = RoomFactory(meeting=meeting, name="Side Room 2", capacity=60)
    data = session_data(meeting, small, kind=MeetingSession.Kind.SIDE_EVENT, expected_attendance=90)

    with pytest.raises(services.ClashError, match="90 people are expected but Side Room 2 seats 60"):
        services.session_save(meeting=meeting, by=secretariat, data=data)


def test_a_stale_edit_is_refused(meeting, room, secretariat):
    session = services.session_save(meeting=meeting, by=secretariat, data=session_data(meeting, room))
    services.session_save(
        meeting=meeting,
        by=secretariat,
        session=session,
        expected_version=1,
        data=session_data(meeting, room, title="Opening ceremony"),
    )

    with pytest.raises(services.ConcurrentEditError):
        services.session_save(
            meeting=meeting,
            by=secretariat,
            session=session,
            expected_version=1,
            data=session_data(meeting, room, title="Lost update"),
        )

    session.refresh_from_db()
    assert session.title == "Opening ceremony"


def test_a_room_of_another_meeting_is_refused(meeting, secretariat):
    elsewhere = RoomFactory()

    with pytest.raises(services.ProgrammeError, match="room of this meeting"):
        services.session_save(meeting=meeting, by=secretariat, data=session_data(meeting, elsewhere))


def test_a_delegate_cannot_create_sessions(meeting, room, focal_point):
    with pytest.raises(services.ProgrammeError):
        services.session_save(meeting=meeting, by=focal_point, data=session_data(meeting, room))


# Through the editor page ----------------------------------------------------


def test_the_editor_takes_local_times_in_the_meeting_time_zone(client, secretariat):
    meeting = MeetingFactory(
        time_zone="Asia/Vientiane", start_date=dt.date(2010, 11, 9), end_date=dt.date(2010, 11, 12)
    )
    room = RoomFactory(meeting=meeting)
    client.force_login(secretariat)

    response = client.post(reverse("ccm_sessions:session_new", args=[meeting.slug]), form_post(meeting, room))

    assert response.status_code == 302
    session = MeetingSession.objects.get()
    assert session.starts_at == dt.datetime(2010, 11, 9, 3, 0, tzinfo=dt.UTC)
    assert session.ends_at == dt.datetime(2010, 11, 9, 6, 0, tzinfo=dt.UTC)


def test_the_editor_shows_an_end_before_the_start_next_to_the_end_time(client, secretariat, meeting, room):
    client.force_login(secretariat)

    response = client.post(
        reverse("ccm_sessions:session_new", args=[meeting.slug]), form_post(meeting, room, start="15:00", end="14:00")
    )

    assert response.status_code == 400
    assert "ends before it starts" in response.context["form"].errors["end_time"][0]
    assert not MeetingSession.objects.exists()


def test_the_editor_warns_about_a_clash_then_saves_it_when_accepted(client, secretariat, meeting, room):
    MeetingSessionFactory(meeting=meeting, room=room, title="Opening plenary", starts_at=local(meeting, 0, 10))
    client.force_login(secretariat)
    url = reverse("ccm_sessions:session_new", args=[meeting.slug])
    post = form_post(meeting, room, start="11:00", end="12:00", title="Regional group meeting")

    warned = client.post(url, post)

    assert warned.status_code == 400
    assert "Plenary Hall is already booked" in warned.content.decode()
    assert MeetingSession.objects.count() == 1
    token = warned.context["form"]["clash_token"].value()
    assert token

    accepted = client.post(url, {**post, "clash_token": token, "accept_clashes": "on"})

    assert accepted.status_code == 302
    saved = MeetingSession.objects.get(title="Regional group meeting")
    assert "Opening plenary" in saved.accepted_clashes
    assert AuditEntry.objects.filter(action="accepted clash", subject="Regional group meeting").exists()


def test_ticking_accept_without_having_seen_the_clash_does_not_save(client, secretariat, meeting, room):
    MeetingSessionFactory(meeting=meeting, room=room, starts_at=local(meeting, 0, 10))
    client.force_login(secretariat)

    response = client.post(
        reverse("ccm_sessions:session_new", args=[meeting.slug]),
        form_post(meeting, room, accept_clashes="on", clash_token="made-up"),
    )

    assert response.status_code == 400
    assert MeetingSession.objects.count() == 1


def test_the_editor_reports_a_stale_form_with_409(client, secretariat, meeting, room):
    session = MeetingSessionFactory(meeting=meeting, room=room, version=3)
    client.force_login(secretariat)

    response = client.post(
        reverse("ccm_sessions:session_edit", args=[meeting.slug, session.pk]),
        form_post(meeting, room, title="Renamed", version=2),
    )

    assert response.status_code == 409
    session.refresh_from_db()
    assert session.title != "Renamed"


def test_removing_a_room_in_use_is_refused(meeting, room, secretariat):
    MeetingSessionFactory(meeting=meeting, room=room)

    with pytest.raises(services.ProgrammeError, match="still holds 1 session"):
        services.room_delete(room=room, by=secretariat)

    assert Room.objects.filter(pk=room.pk).exists()


def test_two_rooms_with_one_name_are_refused(meeting, room, secretariat):
    with pytest.raises(services.ProgrammeError, match="already has a room") as caught:
        services.room_save(meeting=meeting, by=secretariat, data={"name": "plenary hall", "capacity": 10})

    assert caught.value.field == "name"


def test_the_room_page_shows_a_duplicate_name_next_to_the_field(client, secretariat, meeting, room):
    client.force_login(secretariat)

    response = client.post(
        reverse("ccm_sessions:rooms", args=[meeting.slug]), {"name": "Plenary Hall", "capacity": "50"}
    )

    assert response.status_code == 400
    # Next to the name in the meeting's first language, where the old field name's text goes.
    assert "already has a room" in response.context["form"].errors["name_en"][0]
    assert Room.objects.filter(meeting=meeting).count() == 1


def test_a_room_needs_at_least_one_seat(client, secretariat, meeting):
    client.force_login(secretariat)

    response = client.post(reverse("ccm_sessions:rooms", args=[meeting.slug]), {"name": "Cupboard", "capacity": "0"})

    assert response.status_code == 400
    assert "capacity" in response.context["form"].errors


def test_a_thematic_session_takes_its_area_and_friend_of_the_president_from_its_item(
    meeting, room, agenda, secretariat
):
    victims = services.agenda_item_add(
        agenda=agenda,
        by=secretariat,
        data={"title": "Victim assistance", "thematic_area": "victim_assistance", "coordinator": "MX"},
    )

    session = services.session_save(
        meeting=meeting,
        by=secretariat,
        data=session_data(meeting, room, kind=MeetingSession.Kind.THEMATIC, agenda_items=[victims]),
    )

    assert (session.thematic_area, session.coordinator.code) == ("victim_assistance", "MX")


def test_the_accept_checkbox_appears_only_once_there_is_a_clash(client, secretariat, meeting, room):
    client.force_login(secretariat)

    page = client.get(reverse("ccm_sessions:session_new", args=[meeting.slug])).content.decode()

    assert 'type="checkbox" name="accept_clashes"' not in page


def test_the_sessions_page_flags_clashes_already_in_the_programme(client, secretariat, meeting, room):
    MeetingSessionFactory(meeting=meeting, room=room, title="First", starts_at=local(meeting, 0, 10))
    MeetingSessionFactory(meeting=meeting, room=room, title="Second", starts_at=local(meeting, 0, 12))
    MeetingSessionFactory(meeting=meeting, room=room, title="Third", starts_at=local(meeting, 1, 10))
    client.force_login(secretariat)

    response = client.get(reverse("ccm_sessions:manage", args=[meeting.slug]))

    problems = {s.title: s.problems for day in response.context["days"] for s in day.sessions}
    assert problems == {"First": ["same room as “Second”"], "Second": ["same room as “First”"], "Third": []}
    assert "2 sessions clash with the programme" in response.content.decode()


def test_the_meeting_page_links_to_the_programme(client, meeting):
    html = client.get(reverse("meetings:detail", args=[meeting.slug])).content.decode()

    assert reverse("ccm_sessions:programme", args=[meeting.slug]) in html
    assert reverse("ccm_sessions:agenda", args=[meeting.slug]) in html
