"""The list of meetings and the treaty-status register come in pages of 25, at a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccm_portal.meetings.models import TreatyStatus
from ccm_portal.un_states import STATES
from tests.factories import MeetingFactory, TreatyStatusFactory

pytestmark = pytest.mark.django_db


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _meetings(count: int):
    return [
        MeetingFactory(title=f"Meeting number {n:03d}", start_date=dt.date(2010, 1, 1) + dt.timedelta(days=30 * n))
        for n in range(count)
    ]


def test_meeting_list_reads_a_fixed_number_of_queries_for_one_or_many_meetings(client):
    _meetings(1)
    one = _queries(client, reverse("meetings:list"))
    _meetings(40)
    assert _queries(client, reverse("meetings:list")) == one


def test_meeting_list_second_page_shows_the_next_meetings_earliest_first(client):
    _meetings(30)

    first = client.get(reverse("meetings:list")).content.decode()
    second = client.get(reverse("meetings:list"), {"page": 2}).content.decode()

    assert "Meeting number 024" in first
    assert "Meeting number 025" not in first
    assert "Meeting number 025" in second
    assert "Meeting number 029" in second
    assert "Meeting number 024" not in second
    assert "Rows 26–30 of 30" in second


def test_meeting_list_sorts_by_title_and_keeps_the_sort_in_the_page_links(client):
    for n in range(30):
        MeetingFactory(title=f"Meeting {chr(ord('Z') - n % 26)}{n:02d}")

    html = client.get(reverse("meetings:list"), {"sort": "-title"}).content.decode()

    titles = re.findall(r'dir="auto">(Meeting [A-Z]\d\d)</a>', html)
    assert titles == sorted(titles, reverse=True)
    assert len(titles) == 25
    assert 'href="?sort=-title&amp;page=2"' in html


def _states(count: int):
    codes = sorted(STATES)[:count]
    for code in codes:
        TreatyStatusFactory(country=code)
    return codes


def test_treaty_register_reads_a_fixed_number_of_queries_for_one_or_many_states(client, secretariat):
    client.force_login(secretariat)
    _states(1)
    one = _queries(client, reverse("meetings:treaty_status"))
    _states(120)
    assert TreatyStatus.objects.count() == 120
    assert _queries(client, reverse("meetings:treaty_status")) == one


def test_treaty_register_second_page_shows_the_next_states_and_keeps_the_search(client, secretariat):
    client.force_login(secretariat)
    _states(197)
    url = reverse("meetings:treaty_status")

    first = client.get(url).context["table"]
    second = client.get(url, {"page": 2}).context["table"]
    first_names = [row.record["row"].country.code for row in first.page.object_list]
    second_names = [row.record["row"].country.code for row in second.page.object_list]

    assert len(first_names) == 25
    assert len(second_names) == 25
    assert not set(first_names) & set(second_names)
    everyone = [row["row"].country.code for row in first.data]
    assert everyone[25:50] == second_names
    # A search that still fills two pages keeps its words in the page links.
    searched = client.get(url, {"q": "a"}).content.decode()
    assert 'href="?q=a&amp;page=2"' in searched
