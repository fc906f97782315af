"""Past the speaking-time limit the room screen and the speakers manager say "Overtime", not "-7:13"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions import services
from sessions.models import SpeakerEntry
from sessions.templatetags.sessions_extras import time_left

pytestmark = pytest.mark.django_db


@pytest.fixture
def over_time(speakers_list, accredited, secretariat):
    """France speaking 7 minutes 13 seconds past a 5-minute limit."""
    entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=accredited, by=secretariat)
    services.speaker_set_status(entry=entry, by=secretariat, status=SpeakerEntry.Status.SPEAKING)
    limit = speakers_list.time_limit_seconds
    SpeakerEntry.objects.filter(pk=entry.pk).update(started_at=timezone.now() - dt.timedelta(seconds=limit + 433))
    return entry


def test_the_clock_reads_overtime_past_the_limit_and_minutes_left_within_it():
    assert time_left(-433) == "Overtime 7:13"
    assert time_left(-5) == "Overtime 0:05"
    assert time_left(245) == "4:05"
    assert time_left(0) == "0:00"
    assert time_left(None) == ""


def test_the_room_screen_shows_overtime_as_overtime(client, meeting, speakers_list, over_time):
    panel = client.get(reverse("ccm_sessions:live_panel", args=[meeting.slug, speakers_list.pk]))

    html = panel.content.decode()
    assert panel.context["state"].seconds_left <= -433
    assert ">Overtime 7:1" in html
    assert "-7:1" not in html
    # The per-second script gets the same words, translated, with the place of the time marked.
    assert 'data-overtime="Overtime {clock}"' in html


def test_the_speakers_manager_shows_overtime_as_overtime(client, secretariat, meeting, speakers_list, over_time):
    client.force_login(secretariat)

    html = client.get(reverse("ccm_sessions:speakers_manage", args=[meeting.slug, speakers_list.pk])).content.decode()

    assert "Overtime 7:1" in html
    assert "-7:1" not in html
    assert " left" not in html.split("Speaking now", 1)[1].split("</div>", 1)[0]
