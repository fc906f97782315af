"""The history under a list of speakers and under a side-event request comes in pages of 25,
newest first, at a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from ccm_portal.audit.services import log_action
from tests.factories import UserFactory
from tests.queries import warm_queries
from tests.sessions.factories import SideEventRequestFactory

pytestmark = pytest.mark.django_db


def _record(trail: str, count: int, *, start: int = 0):
    for n in range(start, start + count):
        # Each entry by its own person: a query per row would show as soon as there are two.
        log_action(trail=trail, actor=UserFactory(full_name=f"Officer {n:03d}"), action="noted", subject=f"S{n:03d}")


def _queries(client, url) -> int:
    return warm_queries(client, url)


def _officers(html: str) -> list[str]:
    return re.findall(r"<bdi>Officer (\d{3})</bdi>", html)


def _urls(meeting, speakers_list):
    side_event = SideEventRequestFactory(delegation__meeting=meeting)
    return {
        speakers_list.trail: reverse("ccm_sessions:speakers_manage", args=[meeting.slug, speakers_list.pk]),
        side_event.trail: reverse("ccm_sessions:side_event_decide", args=[meeting.slug, side_event.pk]),
    }


def test_histories_read_a_fixed_number_of_queries_for_one_or_many_entries(client, secretariat, meeting, speakers_list):
    client.force_login(secretariat)
    for trail, url in _urls(meeting, speakers_list).items():
        _record(trail, 1)
        one = _queries(client, url)
        _record(trail, 40, start=1)
        assert _queries(client, url) == one, url


def test_histories_second_page_shows_the_older_entries(client, secretariat, meeting, speakers_list):
    client.force_login(secretariat)
    for trail, url in _urls(meeting, speakers_list).items():
        _record(trail, 30)

        first = client.get(url).content.decode()
        second = client.get(url, {"history": 2}).content.decode()

        assert _officers(first)[:25] == [f"{n:03d}" for n in range(29, 4, -1)], url
        assert _officers(second)[:5] == ["004", "003", "002", "001", "000"], url
        assert 'href="?history=2#history-heading"' in first
