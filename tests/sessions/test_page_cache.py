"""The programme and the agenda are cached for anonymous visitors, and a change shows on the next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sessions import services

from .factories import MeetingSessionFactory, RoomFactory, local

pytestmark = pytest.mark.django_db


def fetch(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def programme_url(meeting, language="en"):
    with translation.override(language):
        return reverse("ccm_sessions:programme", args=[meeting.slug])


def test_an_edited_session_shows_on_the_programme_at_the_next_request(client, secretariat, meeting, room):
    session = MeetingSessionFactory(meeting=meeting, room=room, title="Opening plenary")
    visitor = Client()
    before, _ = fetch(visitor, programme_url(meeting))
    assert "Opening plenary" in before
    client.force_login(secretariat)

    edited = client.post(
        reverse("ccm_sessions:session_edit", args=[meeting.slug, session.pk]),
        {
            "kind": "plenary",
            "title": "Resumed opening plenary",
            "day": meeting.start_date.isoformat(),
            "start_time": "15:00",
            "end_time": "18:00",
            "room": room.pk,
            "version": session.version,
        },
    )

    assert edited.status_code == 302
    after, _ = fetch(visitor, programme_url(meeting))
    assert "Resumed opening plenary" in after
    assert "15:00" in after


def test_a_new_session_and_a_deleted_one_show_at_the_next_request(meeting, room, secretariat):
    visitor = Client()
    assert "Closing plenary" not in fetch(visitor, programme_url(meeting))[0]

    session = MeetingSessionFactory(meeting=meeting, room=room, title="Closing plenary")
    assert "Closing plenary" in fetch(visitor, programme_url(meeting))[0]

    services.session_delete(session=session, by=secretariat)
    assert "Closing plenary" not in fetch(visitor, programme_url(meeting))[0]


def test_a_renamed_room_shows_on_the_programme_at_the_next_request(meeting, room):
    MeetingSessionFactory(meeting=meeting, room=room)
    visitor = Client()
    assert "Plenary Hall" in fetch(visitor, programme_url(meeting))[0]

    room.name = "Conference Room 3"
    room.save()

    body = fetch(visitor, programme_url(meeting))[0]
    assert "Conference Room 3" in body
    assert "Plenary Hall" not in body


def test_a_cached_programme_runs_fewer_queries_and_the_same_number_for_one_session_or_many(meeting):
    visitor = Client()
    MeetingSessionFactory(meeting=meeting, starts_at=local(meeting, 0, 10))
    _, rendered = fetch(visitor, programme_url(meeting))
    _, cached_one = fetch(visitor, programme_url(meeting))
    for day in range(3):
        MeetingSessionFactory(meeting=meeting, room=RoomFactory(meeting=meeting), starts_at=local(meeting, day, 15))
    fetch(visitor, programme_url(meeting))
    _, cached_many = fetch(visitor, programme_url(meeting))

    assert cached_one < rendered
    assert cached_many == cached_one


def test_french_and_english_programmes_are_cached_separately(meeting, room):
    MeetingSessionFactory(meeting=meeting, room=room)
    visitor = Client()
    fetch(visitor, programme_url(meeting, "en"))
    french, _ = fetch(visitor, programme_url(meeting, "fr"))
    english_again, _ = fetch(visitor, programme_url(meeting, "en"))

    assert "Programme de travail" in french
    assert f'href="/fr/meetings/{meeting.slug}/agenda/"' in french
    assert "Programme of work" in english_again
    assert f'href="/meetings/{meeting.slug}/agenda/"' in english_again


def test_a_signed_in_planner_sees_the_edit_link_after_an_anonymous_visit(client, secretariat, meeting, room):
    MeetingSessionFactory(meeting=meeting, room=room)
    edit_link = reverse("ccm_sessions:manage", args=[meeting.slug])
    anonymous, _ = fetch(Client(), programme_url(meeting))
    assert edit_link not in anonymous
    client.force_login(secretariat)

    signed_in, _ = fetch(client, programme_url(meeting))

    assert edit_link in signed_in


def test_filtered_programmes_are_cached_apart_and_a_bad_filter_is_not_cached(meeting, room):
    other = RoomFactory(meeting=meeting, name="Side Room")
    MeetingSessionFactory(meeting=meeting, room=room, title="In the hall")
    MeetingSessionFactory(meeting=meeting, room=other, title="In the side room", starts_at=local(meeting, 1, 10))
    visitor = Client()

    in_the_hall, _ = fetch(visitor, programme_url(meeting) + f"?room={room.pk}")
    in_the_side_room, _ = fetch(visitor, programme_url(meeting) + f"?room={other.pk}")
    fetch(visitor, programme_url(meeting) + "?room=not-a-room")
    everything, _ = fetch(visitor, programme_url(meeting))

    assert "In the hall" in in_the_hall
    assert "In the side room" not in in_the_hall
    assert "In the side room" in in_the_side_room
    assert "In the hall" not in in_the_side_room
    assert "In the hall" in everything
    assert "In the side room" in everything
    assert "is-invalid" not in everything


def test_an_added_and_a_moved_agenda_item_show_on_the_agenda_at_the_next_request(meeting, agenda, secretariat):
    url = reverse("ccm_sessions:agenda", args=[meeting.slug])
    first = services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "Opening of the meeting"})
    visitor = Client()
    assert "Opening of the meeting" in fetch(visitor, url)[0]

    services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "Election of the President"})
    body = fetch(visitor, url)[0]
    assert body.index("Opening of the meeting") < body.index("Election of the President")

    # The move swaps positions with queryset updates and renumbers with bulk_update: no post_save.
    services.agenda_item_move(item=first, by=secretariat, direction="down")
    body = fetch(visitor, url)[0]
    assert body.index("Election of the President") < body.index("Opening of the meeting")
