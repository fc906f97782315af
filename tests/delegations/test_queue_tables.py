"""The accreditation dashboard's queues: filters, sortable columns, pages of 25, select-all and
"decide for every matching row" (the rows on other pages cannot be ticked)."""

import re

import pytest
from django.urls import reverse
from django_countries import countries

from delegations.models import Delegation, Participant
from tests.factories import DelegationFactory, MeetingFactory, ParticipantFactory
from tests.queries import warm_queries

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in countries][:40]


@pytest.fixture
def queue(client, secretariat):
    """30 submitted delegations of category 1 (one pending participant each) and 2 of category 2."""
    meeting = MeetingFactory(slug="queue")
    rows = []
    for n, code in enumerate(CODES[:32]):
        rows.append(
            DelegationFactory(
                meeting=meeting,
                status="submitted",
                country=code,
                sort_name=f"State {n:02d}",
                category=1 if n < 30 else 2,
            )
        )
        ParticipantFactory(delegation=rows[-1], status="pending", family_name=f"Person{n:02d}")
    client.force_login(secretariat)
    return {"meeting": meeting, "client": client, "url": reverse("delegations:dashboard", args=["queue"])}


def _delegations_shown(response) -> list[str]:
    page = response.content.decode()
    table = page[page.index('data-testid="delegation-queue"') :]
    table = table[: table.index("</table>")]
    return re.findall(r">(State \d\d)<", table)


def test_queue_shows_25_delegations_a_page_and_page_2_keeps_the_filter(queue):
    client, url = queue["client"], queue["url"]

    first = client.get(url, {"category": "1"})
    second = client.get(url, {"category": "1", "d-page": 2})

    assert len(_delegations_shown(first)) == 25
    nav = first.content.decode().split('data-testid="pagination"', 1)[1]
    assert re.search(r'href="\?[^"]*category=1[^"]*d-page=2|href="\?[^"]*d-page=2[^"]*category=1', nav)
    assert _delegations_shown(second) == [f"State {n:02d}" for n in range(25, 30)]


def test_queue_sorts_by_a_column(queue):
    client, url = queue["client"], queue["url"]

    default = _delegations_shown(client.get(url))
    by_name_down = _delegations_shown(client.get(url, {"d-sort": "-sort_name"}))
    by_category_down = _delegations_shown(client.get(url, {"d-sort": "-category"}))

    assert default[:2] == ["State 00", "State 01"]
    assert by_name_down[:2] == ["State 31", "State 30"]
    assert by_category_down[:3] == ["State 31", "State 30", "State 29"]


def test_queue_filter_selects_are_bootstrap_selects(queue):
    page = queue["client"].get(queue["url"]).content.decode()

    form = page[page.index('data-testid="queue-filters"') :]
    form = form[: form.index("</form>")]
    assert form.count('class="form-select"') == 2
    assert 'class="form-control"' in form


def test_select_all_box_is_hidden_until_the_script_shows_it(queue):
    page = queue["client"].get(queue["url"]).content.decode()

    assert re.search(r'<input[^>]*data-select-all="delegations"[^>]*hidden>', page)
    assert re.search(r'<input[^>]*data-select-all="participants"[^>]*hidden>', page)
    assert "js/select-all.js" in page
    assert "<script>" not in page


def test_deciding_for_every_matching_delegation_reaches_the_rows_on_other_pages_and_only_them(queue):
    client, url = queue["client"], queue["url"]

    response = client.post(f"{url}?category=1", {"every": ["delegations"], "decision": "approve"})

    assert response.status_code == 302
    statuses = dict(Delegation.objects.filter(meeting=queue["meeting"]).values_list("sort_name", "status"))
    assert sum(1 for status in statuses.values() if status == "approved") == 30
    assert statuses["State 30"] == statuses["State 31"] == "submitted"
    assert set(Participant.objects.values_list("status", flat=True)) == {"pending"}


def test_the_every_matching_option_says_how_many_rows_it_decides(queue):
    page = queue["client"].get(queue["url"], {"category": "1"}).content.decode()

    assert "all 30 delegations matching the filters, on every page" in page
    assert "all 30 pending participants matching the filters, on every page" in page


def test_ticked_rows_alone_are_decided_without_the_every_option(queue):
    client, url = queue["client"], queue["url"]
    one = Participant.objects.get(family_name="Person05")

    client.post(url, {"participants": [one.pk], "decision": "approve"})

    assert list(Participant.objects.filter(status="approved")) == [one]


def test_queue_pages_make_as_many_queries_for_1_row_as_for_many(client, secretariat):
    meeting = MeetingFactory(slug="few")
    url = reverse("delegations:dashboard", args=["few"])
    first = DelegationFactory(meeting=meeting, status="submitted", country=CODES[0], sort_name="A")
    ParticipantFactory(delegation=first, status="pending")
    client.force_login(secretariat)
    one = warm_queries(client, url, {"d-sort": "-pending_count", "p-sort": "name"})

    for n, code in enumerate(CODES[1:35]):
        row = DelegationFactory(meeting=meeting, status="submitted", country=code, sort_name=f"S{n:02d}")
        ParticipantFactory.create_batch(2, delegation=row, status="pending")
    many = warm_queries(client, url, {"d-sort": "-pending_count", "p-sort": "name"})
    second_pages = warm_queries(client, url, {"d-sort": "-pending_count", "p-sort": "name", "d-page": 2, "p-page": 2})

    assert one == many == second_pages
