"""Who may open which page, and what the public pages show."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions import selectors, services
from sessions.models import Agenda, AgendaItem, SpeakerEntry
from tests.factories import MeetingFactory, ParticipantFactory

from .factories import MeetingSessionFactory, RoomFactory, SideEventRequestFactory, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(meeting, item, room, speakers_list, accredited, other_accredited, focal_point):
    """One of everything, belonging to the other delegation where it can."""
    session = MeetingSessionFactory(meeting=meeting, room=room)
    session.agenda_items.add(item)
    theirs = services.speaker_inscribe(
        speakers_list=speakers_list, delegation=other_accredited, by=other_accredited.created_by
    )
    side_event = SideEventRequestFactory(delegation=other_accredited)
    return {"session": session, "their_entry": theirs, "side_event": side_event}


def planning_urls(meeting, world, item, room):
    slug, session = meeting.slug, world["session"]
    return [
        ("get", reverse("ccm_sessions:manage", args=[slug])),
        ("get", reverse("ccm_sessions:session_new", args=[slug])),
        ("get", reverse("ccm_sessions:session_edit", args=[slug, session.pk])),
        ("get", reverse("ccm_sessions:session_delete", args=[slug, session.pk])),
        ("get", reverse("ccm_sessions:rooms", args=[slug])),
        ("get", reverse("ccm_sessions:room_edit", args=[slug, room.pk])),
        ("post", reverse("ccm_sessions:room_delete", args=[slug, room.pk])),
        ("get", reverse("ccm_sessions:agenda_manage", args=[slug])),
        ("get", reverse("ccm_sessions:agenda_item_edit", args=[slug, item.pk])),
        ("post", reverse("ccm_sessions:agenda_item_move", args=[slug, item.pk])),
        ("post", reverse("ccm_sessions:agenda_item_delete", args=[slug, item.pk])),
        ("post", reverse("ccm_sessions:agenda_adopt", args=[slug])),
    ]


def speakers_urls(meeting, world, speakers_list):
    slug = meeting.slug
    return [
        ("get", reverse("ccm_sessions:side_events", args=[slug])),
        ("get", reverse("ccm_sessions:side_event_decide", args=[slug, world["side_event"].pk])),
        ("get", reverse("ccm_sessions:speakers_index", args=[slug])),
        ("post", reverse("ccm_sessions:speakers_open", args=[slug])),
        ("get", reverse("ccm_sessions:speakers_manage", args=[slug, speakers_list.pk])),
        ("post", reverse("ccm_sessions:speakers_settings", args=[slug, speakers_list.pk])),
        ("post", reverse("ccm_sessions:speakers_insert", args=[slug, speakers_list.pk])),
        ("post", reverse("ccm_sessions:speakers_reply", args=[slug, speakers_list.pk])),
        ("post", reverse("ccm_sessions:speaker_action", args=[slug, speakers_list.pk, world["their_entry"].pk])),
    ]


def test_anonymous_visitors_are_sent_to_log_in_on_every_non_public_page(
    client, meeting, world, item, room, speakers_list, accredited
):
    slug = meeting.slug
    floor_urls = [
        ("get", reverse("ccm_sessions:floor", args=[slug])),
        ("get", reverse("ccm_sessions:floor_delegation", args=[slug, accredited.pk])),
        ("post", reverse("ccm_sessions:inscribe", args=[slug, accredited.pk, speakers_list.pk])),
        ("get", reverse("ccm_sessions:side_event_new", args=[slug, accredited.pk])),
    ]
    for method, url in (
        planning_urls(meeting, world, item, room) + speakers_urls(meeting, world, speakers_list) + floor_urls
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_delegates_get_403_on_staff_pages(client, focal_point, meeting, world, item, room, speakers_list):
    client.force_login(focal_point)

    for method, url in planning_urls(meeting, world, item, room) + speakers_urls(meeting, world, speakers_list):
        assert getattr(client, method)(url).status_code == 403, url
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_presidency_plans_but_does_not_run_lists_or_side_events(
    client, planner, meeting, world, item, room, speakers_list
):
    client.force_login(planner)

    for _method, url in planning_urls(meeting, world, item, room)[:6]:
        assert client.get(url).status_code == 200, url
    for method, url in speakers_urls(meeting, world, speakers_list):
        assert getattr(client, method)(url).status_code == 403, url


def test_another_delegations_floor_objects_are_404(
    client, focal_point, meeting, world, speakers_list, other_accredited
):
    client.force_login(focal_point)
    slug, theirs = meeting.slug, world["their_entry"]
    mine = focal_point.delegations.get(meeting=meeting)

    for method, url in [
        ("get", reverse("ccm_sessions:floor_delegation", args=[slug, other_accredited.pk])),
        ("post", reverse("ccm_sessions:inscribe", args=[slug, other_accredited.pk, speakers_list.pk])),
        ("post", reverse("ccm_sessions:withdraw", args=[slug, other_accredited.pk, theirs.pk])),
        ("post", reverse("ccm_sessions:withdraw", args=[slug, mine.pk, theirs.pk])),
        ("post", reverse("ccm_sessions:statement_upload", args=[slug, mine.pk, theirs.pk])),
        ("post", reverse("ccm_sessions:statement_publish", args=[slug, mine.pk, theirs.pk])),
        ("get", reverse("ccm_sessions:side_event_new", args=[slug, other_accredited.pk])),
    ]:
        assert getattr(client, method)(url).status_code == 404, url
    theirs.refresh_from_db()
    assert theirs.status == SpeakerEntry.Status.INSCRIBED


def test_staff_pages_do_not_reach_objects_of_another_meeting(client, secretariat, world, speakers_list):
    elsewhere = MeetingFactory()
    client.force_login(secretariat)

    assert (
        client.get(reverse("ccm_sessions:session_edit", args=[elsewhere.slug, world["session"].pk])).status_code == 404
    )
    assert (
        client.get(reverse("ccm_sessions:speakers_manage", args=[elsewhere.slug, speakers_list.pk])).status_code == 404
    )


def test_an_unpublished_meetings_programme_is_hidden_from_the_public(client, secretariat, meeting, world):
    meeting.is_published = False
    meeting.save(update_fields=["is_published"])
    url = reverse("ccm_sessions:programme", args=[meeting.slug])

    assert client.get(url).status_code == 404
    assert client.get(reverse("ccm_sessions:programme_ics", args=[meeting.slug])).status_code == 404
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_the_floor_page_goes_straight_to_the_only_delegation(client, focal_point, accredited, meeting):
    client.force_login(focal_point)

    response = client.get(reverse("ccm_sessions:floor", args=[meeting.slug]))

    assert response["Location"] == reverse("ccm_sessions:floor_delegation", args=[meeting.slug, accredited.pk])


def test_a_focal_point_inscribes_and_withdraws_from_the_floor_page(
    client, focal_point, accredited, meeting, speakers_list
):
    client.force_login(focal_point)
    floor = reverse("ccm_sessions:floor_delegation", args=[meeting.slug, accredited.pk])

    page = client.post(
        reverse("ccm_sessions:inscribe", args=[meeting.slug, accredited.pk, speakers_list.pk]), follow=True
    )
    assert "France is inscribed at number 1." in page.content.decode()
    entry = SpeakerEntry.objects.get(speakers_list=speakers_list, delegation=accredited)

    client.post(reverse("ccm_sessions:withdraw", args=[meeting.slug, accredited.pk, entry.pk]))

    entry.refresh_from_db()
    assert entry.status == SpeakerEntry.Status.WITHDRAWN
    assert "Inscribe France" in client.get(floor).content.decode()


def test_a_focal_point_of_an_unaccredited_delegation_is_told_why_it_cannot_inscribe(
    client, focal_point, delegation, meeting, speakers_list
):
    client.force_login(focal_point)

    page = client.get(reverse("ccm_sessions:floor_delegation", args=[meeting.slug, delegation.pk])).content.decode()
    response = client.post(
        reverse("ccm_sessions:inscribe", args=[meeting.slug, delegation.pk, speakers_list.pk]), follow=True
    )

    assert "not accredited yet" in page
    assert "Inscribe France" not in page
    assert "is not accredited to this meeting" in response.content.decode()
    assert not speakers_list.entries.exists()


def test_the_floor_names_a_refused_registration_by_its_status_once(client, focal_point, delegation, meeting):
    delegation.status = delegation.Status.REFUSED
    delegation.save(update_fields=["status"])
    client.force_login(focal_point)

    page = client.get(reverse("ccm_sessions:floor_delegation", args=[meeting.slug, delegation.pk])).content.decode()

    assert "is not accredited yet (status: Registration refused)" in page
    assert "registration registration" not in page.lower()


def test_the_programme_groups_sessions_by_local_day_and_shows_local_times(client, secretariat):
    meeting = MeetingFactory(
        time_zone="Asia/Vientiane", start_date=dt.date(2010, 11, 9), end_date=dt.date(2010, 11, 12)
    )
    room = RoomFactory(meeting=meeting, name="Plenary Hall")
    # 08:30 local on 10 November is still 9 November in UTC.
    MeetingSessionFactory(
        meeting=meeting,
        room=room,
        title="Early briefing",
        starts_at=local(meeting, 1, 8, 30),
        ends_at=local(meeting, 1, 9, 30),
    )
    MeetingSessionFactory(
        meeting=meeting,
        room=room,
        title="Opening plenary",
        starts_at=local(meeting, 0, 10),
        ends_at=local(meeting, 0, 13),
    )

    response = client.get(reverse("ccm_sessions:programme", args=[meeting.slug]))

    days = response.context["days"]()  # a callable: the cached programme only computes it on a miss
    assert [(day.day, [s.title for s in day.sessions]) for day in days] == [
        (dt.date(2010, 11, 9), ["Opening plenary"]),
        (dt.date(2010, 11, 10), ["Early briefing"]),
    ]
    html = response.content.decode()
    assert "Wednesday 10 November 2010" in html
    assert "08:30–09:30" in html
    assert "10:00–13:00" in html


def test_the_programme_filters_by_thematic_area_and_room(client, meeting, agenda, secretariat):
    plenary = RoomFactory(meeting=meeting, name="Plenary Hall")
    side = RoomFactory(meeting=meeting, name="Side Room 1")
    victims = services.agenda_item_add(
        agenda=agenda, by=secretariat, data={"title": "Victim assistance", "thematic_area": "victim_assistance"}
    )
    by_item = MeetingSessionFactory(meeting=meeting, room=plenary, title="Victim assistance session")
    by_item.agenda_items.add(victims)
    MeetingSessionFactory(
        meeting=meeting,
        room=side,
        title="Survivors' side event",
        thematic_area="victim_assistance",
        starts_at=local(meeting, 1, 13),
    )
    MeetingSessionFactory(
        meeting=meeting,
        room=side,
        title="Universalization",
        thematic_area="universalization",
        starts_at=local(meeting, 2, 10),
    )
    url = reverse("ccm_sessions:programme", args=[meeting.slug])

    def titles(params):
        return [s.title for day in client.get(url, params).context["days"]() for s in day.sessions]

    assert titles({"area": "victim_assistance"}) == ["Victim assistance session", "Survivors' side event"]
    assert titles({"room": side.pk}) == ["Survivors' side event", "Universalization"]
    assert titles({"area": "victim_assistance", "room": side.pk}) == ["Survivors' side event"]


def test_the_room_screen_needs_no_login_and_shows_only_delegation_names(
    client, meeting, speakers_list, secretariat, make_delegation
):
    entries = []
    for code, name in [("NO", "Norway"), ("IE", "Ireland"), ("MX", "Mexico"), ("JP", "Japan"), ("NZ", "New Zealand")]:
        delegation = make_delegation(code, 1, sort_name=name)
        ParticipantFactory(delegation=delegation, given_name="Secretive", family_name=f"Delegate{code}")
        entries.append(services.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=secretariat))
    services.speaker_set_status(entry=entries[0], by=secretariat, status=SpeakerEntry.Status.SPEAKING)

    page = client.get(reverse("ccm_sessions:live", args=[meeting.slug, speakers_list.pk]))
    panel = client.get(
        reverse("ccm_sessions:live_panel", args=[meeting.slug, speakers_list.pk]), HTTP_HX_REQUEST="true"
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert 'hx-trigger="every 3s"' in html
    assert "htmx" in html
    assert "Secretive" not in html
    state = panel.context["state"]
    assert state.current.delegation.sort_name == "Norway"
    assert [e.delegation.sort_name for e in state.next_up] == ["Ireland", "Mexico", "Japan"]
    assert "New Zealand" not in panel.content.decode()
    assert "<html" not in panel.content.decode()
    assert 0 < state.seconds_left <= 300


def test_the_time_left_goes_negative_once_over_time(speakers_list, accredited, secretariat):
    entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=accredited, by=secretariat)
    services.speaker_set_status(entry=entry, by=secretariat, status=SpeakerEntry.Status.SPEAKING)
    entry.refresh_from_db()

    state = selectors.live_state(speakers_list, now=entry.started_at + dt.timedelta(seconds=323))

    assert state.seconds_left == -23


def test_the_agenda_page_shows_numbers_and_the_managers_move_items(client, secretariat, meeting, agenda):
    for title in ["Opening", "Election", "Closing"]:
        services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": title})
    client.force_login(secretariat)
    closing = AgendaItem.objects.get(agenda=agenda, title="Closing")

    client.post(reverse("ccm_sessions:agenda_item_move", args=[meeting.slug, closing.pk]), {"direction": "up"})
    html = client.get(reverse("ccm_sessions:agenda", args=[meeting.slug])).content.decode()

    assert html.index("Closing") < html.index("Election")
    closing.refresh_from_db()
    assert closing.number == "2"


def test_adding_an_agenda_item_without_a_title_is_refused_next_to_the_field(client, secretariat, meeting, agenda):
    client.force_login(secretariat)

    response = client.post(reverse("ccm_sessions:agenda_manage", args=[meeting.slug]), {"title_en": ""})

    assert response.status_code == 400
    assert "title_en" in response.context["form"].errors


@pytest.mark.parametrize("version", [None, "", "x"])
def test_an_agenda_item_edit_that_does_not_say_which_version_it_changes_is_refused(
    client, secretariat, meeting, item, version
):
    client.force_login(secretariat)
    data = {"title": "Renamed without a version"}
    if version is not None:
        data["version"] = version

    response = client.post(reverse("ccm_sessions:agenda_item_edit", args=[meeting.slug, item.pk]), data)

    assert response.status_code in (400, 409)
    assert "Reload the page" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "General exchange of views"


def test_opening_the_agenda_page_of_a_meeting_without_an_agenda_writes_nothing(client, secretariat, meeting):
    client.force_login(secretariat)

    response = client.get(reverse("ccm_sessions:agenda_manage", args=[meeting.slug]))

    assert response.status_code == 200
    assert "Provisional agenda" in response.content.decode()
    assert not Agenda.objects.filter(meeting=meeting).exists()
    # The first item added is the first write: it creates the agenda.
    added = client.post(reverse("ccm_sessions:agenda_manage", args=[meeting.slug]), {"title": "Opening of the meeting"})
    assert added.status_code == 302
    agenda = Agenda.objects.get(meeting=meeting)
    assert [item.title for item in agenda.items.all()] == ["Opening of the meeting"]


def test_adopting_a_meeting_without_an_agenda_is_refused_and_writes_nothing(client, secretariat, meeting):
    client.force_login(secretariat)

    response = client.post(reverse("ccm_sessions:agenda_adopt", args=[meeting.slug]), follow=True)

    assert "The agenda has no items yet." in response.content.decode()
    assert not Agenda.objects.filter(meeting=meeting).exists()


def test_the_secretariat_marks_a_speaker_speaking_from_the_manage_page(
    client, secretariat, meeting, speakers_list, accredited
):
    entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=accredited, by=secretariat)
    client.force_login(secretariat)

    client.post(
        reverse("ccm_sessions:speaker_action", args=[meeting.slug, speakers_list.pk, entry.pk]), {"action": "speaking"}
    )

    entry.refresh_from_db()
    assert entry.status == SpeakerEntry.Status.SPEAKING
    assert entry.started_at <= timezone.now()
