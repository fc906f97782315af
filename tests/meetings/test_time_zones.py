"""Times on a meeting's pages are in the meeting's time zone, named once, in the language's formats."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ccm_portal.meetings.forms import MeetingForm
from ccm_portal.meetings.timezones import iso_datetime, zone_name, zone_offset
from tests.factories import FirstMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def vientiane(db):
    """Registration closes 9 November 2010 at 01:00 UTC, which is 08:00 in Vientiane (UTC+7)."""
    return FirstMeetingFactory(
        start_date=dt.date(2010, 11, 9),
        end_date=dt.date(2010, 11, 12),
        registration_opens=dt.datetime(2010, 8, 1, 1, 0, tzinfo=UTC),
        registration_deadline=dt.datetime(2010, 11, 9, 1, 0, tzinfo=UTC),
    )


def test_the_meeting_page_shows_the_registration_deadline_in_the_meetings_zone_with_the_zone(client, vientiane):
    html = client.get(reverse("meetings:detail", args=[vientiane.slug])).content.decode()

    window = html.split('data-testid="registration-window"', 1)[1].split("</dd>", 1)[0]
    assert "9 November 2010, 08:00" in window
    assert "1 August 2010, 08:00" in window
    assert "01:00" not in window
    assert "UTC" not in window
    assert '<time datetime="2010-11-09T08:00:00+07:00">' in window
    zone = html.split('data-testid="meeting-zone"', 1)[1].split("</dd>", 1)[0]
    assert "Vientiane time (UTC+7)" in zone


def test_the_home_page_gives_each_deadline_in_its_meetings_zone(client):
    now = timezone.now()
    MeetingFactory(
        city="Vientiane",
        time_zone="Asia/Vientiane",
        registration_deadline=dt.datetime(now.year + 1, 1, 10, 1, 0, tzinfo=UTC),
    )

    html = client.get(reverse("home")).content.decode()

    assert f"Registration closes 10 January {now.year + 1}, 08:00 (UTC+7)" in html


def test_pages_of_no_meeting_stay_in_utc_after_a_meeting_page(client, vientiane):
    client.get(reverse("meetings:detail", args=[vientiane.slug]))

    assert timezone.get_current_timezone_name() == "UTC"


def test_the_meeting_form_shows_and_reads_registration_times_in_the_meetings_zone(client, secretariat, vientiane):
    client.force_login(secretariat)
    url = reverse("meetings:edit", args=[vientiane.slug])

    html = client.get(url).content.decode()

    assert 'name="registration_deadline" value="2010-11-09T08:00"' in html
    assert "In the meeting's time zone." in html.replace("&#x27;", "'")
    assert "In UTC" not in html


def test_the_meeting_form_reads_typed_times_in_the_zone_chosen_on_it(vientiane):
    data = {
        "kind": vientiane.kind,
        "title": vientiane.title,
        "short_title": vientiane.short_title,
        "slug": vientiane.slug,
        "city": "Geneva",
        "country": "CH",
        "start_date": "2010-11-09",
        "end_date": "2010-11-12",
        "time_zone": "Europe/Zurich",
        "registration_opens": "2010-08-01T08:00",
        "registration_deadline": "2010-11-09T08:00",
        "official_languages": ["en"],
    }

    with timezone.override("Asia/Vientiane"):
        form = MeetingForm(data, instance=vientiane)
        assert form.is_valid(), form.errors
        meeting = form.save()

    assert meeting.registration_deadline == dt.datetime(2010, 11, 9, 7, 0, tzinfo=UTC)  # 08:00 in Geneva (UTC+1)
    assert meeting.registration_opens == dt.datetime(2010, 8, 1, 6, 0, tzinfo=UTC)  # summer time (UTC+2)


def test_a_zone_is_named_by_its_city_and_its_offset_on_the_meetings_days(vientiane):
    geneva = MeetingFactory(city="Geneva", time_zone="Europe/Zurich", start_date=dt.date(2030, 7, 1))

    assert zone_name(vientiane) == "Vientiane time (UTC+7)"
    assert zone_name(geneva) == "Geneva time (UTC+2)"
    assert zone_offset(dt.datetime(2030, 1, 1, tzinfo=UTC), geneva.tzinfo) == "UTC+1"
    assert zone_offset(dt.datetime(2030, 1, 1, tzinfo=UTC), UTC) == "UTC"


def test_machine_readable_times_are_iso_to_the_second_with_the_offset():
    value = dt.datetime(2010, 11, 9, 1, 0, 12, 345678, tzinfo=UTC)

    text = iso_datetime(value, dt.timezone(dt.timedelta(hours=7)))

    assert text == "2010-11-09T08:00:12+07:00"
    assert dt.datetime.fromisoformat(text) == value.replace(microsecond=0)
