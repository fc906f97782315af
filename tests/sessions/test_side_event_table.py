"""The side-event requests queue: status tabs and search through a FilterSet, sortable columns,
pages of 25 that keep the tab and the search."""

import re

import pytest
from django.urls import reverse

from tests.factories import DelegationFactory
from tests.queries import warm_queries
from tests.sessions.factories import SideEventRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(client, secretariat, meeting):
    """28 pending requests of one delegation (expected 1 to 28) and 2 declined ones."""
    delegation = DelegationFactory(meeting=meeting, status="approved", country="NO", sort_name="Norway")
    for n in range(28):
        SideEventRequestFactory(delegation=delegation, title=f"Pending {n + 1:02d}", expected_attendance=n + 1)
    for n in range(2):
        SideEventRequestFactory(delegation=delegation, title=f"Decided {n + 1}", status="declined")
    client.force_login(secretariat)
    return reverse("ccm_sessions:side_events", args=[meeting.slug])


def _titles(response) -> list[str]:
    page = response.content.decode()
    table = page[page.index('data-testid="side-event-queue"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<strong dir="auto">([^<]+)</strong>', table)


def test_side_event_queue_shows_the_pending_tab_in_pages_of_25_and_page_2_keeps_the_tab(client, queue):
    first = client.get(queue)
    second_link = re.search(r'rel="next" href="([^"]+)"', first.content.decode()).group(1).replace("&amp;", "&")
    declined_page_2 = client.get(queue, {"status": "declined", "page": 2})

    assert len(_titles(first)) == 25
    assert _titles(client.get(queue + second_link)) == ["Pending 26", "Pending 27", "Pending 28"]
    assert _titles(declined_page_2) == ["Decided 1", "Decided 2"]  # past the end: the last page


def test_side_event_queue_sorts_and_searches(client, queue):
    biggest = _titles(client.get(queue, {"sort": "-expected_attendance"}))
    found = _titles(client.get(queue, {"status": "all", "q": "decided"}))

    assert biggest[:2] == ["Pending 28", "Pending 27"]
    assert found == ["Decided 1", "Decided 2"]


def test_side_event_status_tabs_keep_the_search(client, queue):
    page = client.get(queue, {"q": "decided"}).content.decode()

    assert 'href="?status=declined&amp;q=decided"' in page


def test_side_event_queue_pages_make_as_many_queries_for_1_row_as_for_many(client, secretariat, meeting):
    url = reverse("ccm_sessions:side_events", args=[meeting.slug])
    client.force_login(secretariat)
    SideEventRequestFactory(delegation__meeting=meeting, delegation__country="FR")
    one = warm_queries(client, url, {"sort": "delegation"})

    for code in ("PE", "GH", "NZ"):
        delegation = DelegationFactory(meeting=meeting, status="approved", country=code)
        SideEventRequestFactory.create_batch(10, delegation=delegation)
    many = warm_queries(client, url, {"sort": "delegation"})
    page_2 = warm_queries(client, url, {"sort": "delegation", "page": 2})

    assert one == many == page_2
