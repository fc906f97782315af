"""A delegation's history and the check-in search come in pages of 25, at a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from ccm_portal.audit.services import log_action
from tests.factories import ParticipantFactory, UserFactory
from tests.queries import warm_queries

pytestmark = pytest.mark.django_db


def _queries(client, url, params=None) -> int:
    return warm_queries(client, url, params or {})


def _record(delegation, count: int, *, start: int = 0):
    for n in range(start, start + count):
        # Each entry by its own person: a query per row would show as soon as there are two.
        log_action(
            trail=delegation.trail,
            actor=UserFactory(full_name=f"Officer {n:03d}"),
            action="noted",
            subject=f"Entry number {n:03d}",
        )


def _entries(html: str) -> list[str]:
    return re.findall(r"Entry number (\d{3})", html)


def test_delegation_history_reads_a_fixed_number_of_queries_for_one_or_many_entries(client, secretariat, delegation):
    client.force_login(secretariat)
    url = reverse("delegations:detail", args=[delegation.pk])
    _record(delegation, 1)
    one = _queries(client, url)
    _record(delegation, 40, start=1)
    assert _queries(client, url) == one


def test_delegation_history_second_page_shows_the_next_entries_newest_first(client, focal_point, delegation):
    _record(delegation, 30)
    client.force_login(focal_point)
    url = reverse("delegations:detail", args=[delegation.pk])

    first = client.get(url).content.decode()
    second = client.get(url, {"history": 2}).content.decode()

    assert _entries(first) == [f"{n:03d}" for n in range(29, 4, -1)]
    assert _entries(second) == ["004", "003", "002", "001", "000"]
    # The links come back to the history, lower down the page.
    assert 'href="?history=2#audit-heading"' in first


def _found(html: str) -> list[str]:
    return re.findall(r'dir="auto">Ms\. Anna ([A-ZÉ]+ ?\d{3})</a>', html)


def _namesakes(delegation, count: int, *, start: int = 0):
    for n in range(start, start + count):
        ParticipantFactory(delegation=delegation, given_name="Anna", family_name=f"Namesake {n:03d}")


def test_checkin_search_reads_a_fixed_number_of_queries_for_one_or_many_matches(
    client, secretariat, delegation, other_delegation
):
    client.force_login(secretariat)
    url = reverse("delegations:checkin", args=[delegation.meeting.slug])
    _namesakes(delegation, 1)
    one = _queries(client, url, {"q": "anna"})
    _namesakes(delegation, 20, start=1)
    _namesakes(other_delegation, 20, start=21)
    assert _queries(client, url, {"q": "anna"}) == one


def test_checkin_search_second_page_shows_the_next_matches_and_keeps_the_search(client, secretariat, delegation):
    _namesakes(delegation, 30)
    client.force_login(secretariat)
    url = reverse("delegations:checkin", args=[delegation.meeting.slug])

    first = client.get(url, {"q": "anna"}).content.decode()
    second = client.get(url, {"q": "anna", "page": 2}).content.decode()

    assert _found(first) == [f"NAMESAKE {n:03d}" for n in range(25)]
    assert _found(second) == [f"NAMESAKE {n:03d}" for n in range(25, 30)]
    assert 'href="?q=anna&amp;page=2"' in first
