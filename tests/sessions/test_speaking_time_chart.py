"""Speakers' time by category: summed from the lists of speakers, drawn as an SVG chart with its table."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from ccm_portal.meetings.models import Category
from sessions import services
from sessions.charts import speaking_minutes_by_category
from sessions.models import SpeakerEntry

pytestmark = pytest.mark.django_db

START = dt.datetime(2030, 11, 9, 8, 0, tzinfo=dt.UTC)


def _spoke(speakers_list, delegation, by, minutes, *, status=SpeakerEntry.Status.SPOKE):
    entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=by)
    SpeakerEntry.objects.filter(pk=entry.pk).update(
        status=status, started_at=START, ended_at=START + dt.timedelta(minutes=minutes)
    )


@pytest.fixture
def spoken(speakers_list, secretariat, make_delegation):
    _spoke(speakers_list, make_delegation("NO", Category.STATE_PARTY), secretariat, 4)
    _spoke(speakers_list, make_delegation("IE", Category.STATE_PARTY), secretariat, 2.5)
    _spoke(speakers_list, make_delegation("CU", Category.SIGNATORY), secretariat, 3)
    # Still at the microphone: not counted until they finish.
    _spoke(
        speakers_list, make_delegation("MX", Category.STATE_PARTY), secretariat, 9, status=SpeakerEntry.Status.SPEAKING
    )
    return speakers_list


def test_speaking_minutes_are_summed_per_category_from_finished_speeches(spoken, meeting):
    minutes = speaking_minutes_by_category(meeting)

    assert minutes[Category.STATE_PARTY] == 6.5
    assert minutes[Category.SIGNATORY] == 3
    assert minutes[Category.OBSERVER_STATE] == 0


def test_lists_of_speakers_page_shows_the_speaking_time_chart_and_its_table(client, secretariat, spoken, meeting):
    client.force_login(secretariat)

    page = client.get(reverse("ccm_sessions:speakers_index", args=[meeting.slug])).content.decode()

    figure = page[page.index("Speaking time by category</figcaption>") :]
    figure = figure[: figure.index("</figure>")]
    assert 'role="img"' in figure
    assert "9.5." in figure  # the total in the description
    assert ">6.5</text>" in figure
    assert re.search(r"States Parties</th><td>6.5</td>", figure)
    assert re.search(r"Signatory States</th><td>3.0</td>", figure)
