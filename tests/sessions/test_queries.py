"""N+1 guards: every list page runs the same number of queries for one row and for many."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccm_portal.meetings.models import Category
from sessions import services
from sessions.models import SpeakerEntry
from tests.conftest import make_pdf_bytes
from tests.queries import warm_queries

from .factories import MeetingSessionFactory, RoomFactory, SideEventRequestFactory, local

pytestmark = pytest.mark.django_db

CODES = ["NO", "IE", "MX", "JP", "NZ", "CH", "AU"]


@pytest.fixture
def grow(meeting, agenda, secretariat, make_delegation):
    """Adds n sessions, each with an agenda item, a list of speakers, speakers and statements."""
    state = {"sessions": 0, "delegations": []}

    def delegations(n):
        while len(state["delegations"]) < n:
            code = CODES[len(state["delegations"])]
            state["delegations"].append(make_delegation(code, Category.STATE_PARTY, sort_name=code))
        return state["delegations"][:n]

    def add(n_sessions=1, n_speakers=1):
        for _ in range(n_sessions):
            index = state["sessions"]
            state["sessions"] += 1
            room = RoomFactory(meeting=meeting, name=f"Room {index}")
            item = services.agenda_item_add(
                agenda=agenda, by=secretariat, data={"title": f"Item {index}", "thematic_area": "victim_assistance"}
            )
            session = MeetingSessionFactory(
                meeting=meeting, room=room, title=f"Session {index}", starts_at=local(meeting, index % 4, 10)
            )
            session.agenda_items.add(item)
            speakers_list = services.speakers_list_open(meeting=meeting, by=secretariat, agenda_item=item)
            for delegation in delegations(n_speakers):
                entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=secretariat)
                services.statement_upload(
                    entry=entry,
                    by=secretariat,
                    upload=SimpleUploadedFile("s.pdf", make_pdf_bytes()),
                    publish=True,
                )
            SideEventRequestFactory(delegation=delegations(1)[0], title=f"Side event {index}")
        return speakers_list, session

    return add


def assert_flat(client, url_for, grow, *, first=(1, 1), then=(5, 6)):
    speakers_list, session = grow(*first)
    few = warm_queries(client, url_for(speakers_list, session))
    speakers_list, session = grow(*then)
    many = warm_queries(client, url_for(speakers_list, session))
    assert many == few, f"{few} queries with one row, {many} with many"


def test_programme_page(client, meeting, grow):
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:programme", args=[meeting.slug]), grow)


def test_programme_page_filtered(client, meeting, grow):
    assert_flat(
        client, lambda sl, s: reverse("ccm_sessions:programme", args=[meeting.slug]) + "?area=victim_assistance", grow
    )


def test_programme_calendar_feed(client, meeting, grow):
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:programme_ics", args=[meeting.slug]), grow)


def test_session_page_with_its_speakers_and_statements(client, meeting, grow):
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:session", args=[meeting.slug, s.pk]), grow, then=(1, 6))


def test_public_speakers_list(client, meeting, grow):
    assert_flat(
        client, lambda sl, s: reverse("ccm_sessions:speakers_list", args=[meeting.slug, sl.pk]), grow, then=(1, 6)
    )


def test_room_screen_panel(client, meeting, grow, secretariat):
    def url(sl, s):
        first = sl.entries.order_by("position").first()
        services.speaker_set_status(entry=first, by=secretariat, status=SpeakerEntry.Status.SPEAKING)
        return reverse("ccm_sessions:live_panel", args=[meeting.slug, sl.pk])

    assert_flat(client, url, grow, then=(1, 6))


def test_secretariat_speakers_list(client, meeting, grow, secretariat):
    client.force_login(secretariat)
    assert_flat(
        client, lambda sl, s: reverse("ccm_sessions:speakers_manage", args=[meeting.slug, sl.pk]), grow, then=(1, 6)
    )


def test_secretariat_lists_of_speakers(client, meeting, grow, secretariat):
    client.force_login(secretariat)
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:speakers_index", args=[meeting.slug]), grow)


def test_secretariat_sessions(client, meeting, grow, secretariat):
    client.force_login(secretariat)
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:manage", args=[meeting.slug]), grow)


def test_secretariat_side_event_queue(client, meeting, grow, secretariat):
    client.force_login(secretariat)
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:side_events", args=[meeting.slug]) + "?status=all", grow)


def test_secretariat_rooms(client, meeting, grow, secretariat):
    client.force_login(secretariat)
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:rooms", args=[meeting.slug]), grow)


def test_agenda_pages(client, meeting, grow, secretariat):
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:agenda", args=[meeting.slug]), grow)
    client.force_login(secretariat)
    assert_flat(client, lambda sl, s: reverse("ccm_sessions:agenda_manage", args=[meeting.slug]), grow)


def test_floor_page_of_a_delegation(client, meeting, grow):
    def url(sl, s):
        delegation = sl.entries.order_by("position").first().delegation
        client.force_login(delegation.created_by)
        return reverse("ccm_sessions:floor_delegation", args=[meeting.slug, delegation.pk])

    assert_flat(client, url, grow)
