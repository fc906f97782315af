"""The iCalendar feeds parse back to the right UTC instants, whatever the venue's zone and season."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.factories import MeetingFactory

from .factories import MeetingSessionFactory, RoomFactory, local

pytestmark = pytest.mark.django_db


def meeting_in(tz: str, start: dt.date, days: int = 4):
    return MeetingFactory(time_zone=tz, start_date=start, end_date=start + dt.timedelta(days=days - 1))


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {
        str(event["summary"]): (event.decoded("dtstart").astimezone(dt.UTC), event.decoded("dtend").astimezone(dt.UTC))
        for event in calendar.walk("VEVENT")
    }


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_vientiane_sessions_are_seven_hours_ahead_of_utc(client):
    meeting = meeting_in("Asia/Vientiane", dt.date(2010, 11, 9))
    room = RoomFactory(meeting=meeting)
    MeetingSessionFactory(
        meeting=meeting, room=room, title="Opening", starts_at=local(meeting, 0, 10), ends_at=local(meeting, 0, 13)
    )

    calendar = parse(client.get(reverse("ccm_sessions:programme_ics", args=[meeting.slug])))

    assert events(calendar)[f"{meeting.short_title}: Opening"] == (utc(2010, 11, 9, 3, 0), utc(2010, 11, 9, 6, 0))
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Vientiane"]


@pytest.mark.parametrize(
    ("start", "expected_start"),
    [
        (dt.date(2030, 1, 14), utc(2030, 1, 14, 9, 0)),  # winter: UTC+1
        (dt.date(2030, 7, 15), utc(2030, 7, 15, 8, 0)),  # summer: UTC+2
    ],
)
def test_geneva_sessions_follow_winter_and_summer_time(client, start, expected_start):
    meeting = meeting_in("Europe/Zurich", start)
    room = RoomFactory(meeting=meeting)
    MeetingSessionFactory(
        meeting=meeting, room=room, title="Plenary", starts_at=local(meeting, 0, 10), ends_at=local(meeting, 0, 13)
    )

    calendar = parse(client.get(reverse("ccm_sessions:programme_ics", args=[meeting.slug])))

    starts, ends = events(calendar)[f"{meeting.short_title}: Plenary"]
    assert starts == expected_start
    assert ends - starts == dt.timedelta(hours=3)


def test_the_vtimezone_alone_gives_the_right_offsets_in_winter_and_summer(client):
    # A calendar program that ignores the TZID name must get the same instants from the VTIMEZONE rules.
    meeting = meeting_in("Europe/Zurich", dt.date(2030, 3, 29), days=4)  # clocks go forward on 31 March 2030
    room = RoomFactory(meeting=meeting)
    MeetingSessionFactory(
        meeting=meeting, room=room, title="Before", starts_at=local(meeting, 0, 10), ends_at=local(meeting, 0, 11)
    )
    MeetingSessionFactory(
        meeting=meeting, room=room, title="After", starts_at=local(meeting, 3, 10), ends_at=local(meeting, 3, 11)
    )

    calendar = parse(client.get(reverse("ccm_sessions:programme_ics", args=[meeting.slug])))

    vtimezone = calendar.walk("VTIMEZONE")[0].to_tz()
    by_summary = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    before = by_summary[f"{meeting.short_title}: Before"].decoded("dtstart").replace(tzinfo=None)
    after = by_summary[f"{meeting.short_title}: After"].decoded("dtstart").replace(tzinfo=None)
    assert before.replace(tzinfo=vtimezone).astimezone(dt.UTC) == utc(2030, 3, 29, 9, 0)
    assert after.replace(tzinfo=vtimezone).astimezone(dt.UTC) == utc(2030, 4, 1, 8, 0)


def test_one_sessions_feed_holds_that_session_only_with_its_room_and_items(client, meeting, item):
    room = RoomFactory(meeting=meeting, name="Plenary Hall")
    wanted = MeetingSessionFactory(meeting=meeting, room=room, title="Wanted")
    wanted.agenda_items.add(item)
    MeetingSessionFactory(meeting=meeting, room=room, title="Other", starts_at=local(meeting, 1, 10))

    calendar = parse(client.get(reverse("ccm_sessions:session_ics", args=[meeting.slug, wanted.pk])))

    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]).endswith("Wanted")
    assert "Plenary Hall" in str(event["location"])
    assert "Agenda item 1: General exchange of views" in str(event["description"])
    assert str(event["uid"]) == f"session-{wanted.pk}@127.0.0.1" or str(event["uid"]).startswith(
        f"session-{wanted.pk}@"
    )


def test_a_session_of_another_meeting_has_no_feed_here(client, meeting):
    other = MeetingSessionFactory()

    assert client.get(reverse("ccm_sessions:session_ics", args=[meeting.slug, other.pk])).status_code == 404
