"""The changes made to an adopted agenda come in pages of 25, in the order they were made, at a
fixed number of queries."""

import re

import pytest
from django.urls import reverse

from ccm_portal.audit.services import log_action
from sessions import services
from tests.factories import UserFactory
from tests.queries import warm_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(agenda, item, secretariat):
    return services.agenda_adopt(agenda=agenda, by=secretariat)


def _record(agenda, count: int, *, start: int = 0):
    for n in range(start, start + count):
        # Each change by its own person: a query per row would show as soon as there are two.
        log_action(
            trail=agenda.trail,
            actor=UserFactory(full_name=f"Officer {n:03d}"),
            action="amended item after adoption",
            subject=f"S{n:03d}",
        )


def _queries(client, url, params=None) -> int:
    return warm_queries(client, url, params or {})


def _officers(html: str) -> list[str]:
    changes = html[html.index('data-testid="agenda-changes"') :]
    return re.findall(r"<bdi>Officer (\d{3})</bdi>", changes[: changes.index("</ul>")])


def test_changes_since_adoption_read_a_fixed_number_of_queries_for_one_or_many(client, secretariat, adopted, meeting):
    client.force_login(secretariat)
    url = reverse("ccm_sessions:agenda_manage", args=[meeting.slug])
    _record(adopted, 1)
    one = _queries(client, url)

    _record(adopted, 40, start=1)

    assert _queries(client, url) == one
    assert _queries(client, url, {"changes": 2}) == one


def test_changes_since_adoption_come_25_a_page_in_the_order_they_were_made(client, secretariat, adopted, meeting):
    client.force_login(secretariat)
    url = reverse("ccm_sessions:agenda_manage", args=[meeting.slug])
    _record(adopted, 30)

    first = client.get(url).content.decode()
    second = client.get(url, {"changes": 2}).content.decode()
    past_the_end = client.get(url, {"changes": 9}).content.decode()

    # The adoption itself comes first (it records the items adopted), then the 30 changes.
    assert "adopted agenda" in first[first.index('data-testid="agenda-changes"') :].split("</li>")[0]
    assert _officers(first) == [f"{n:03d}" for n in range(24)]
    assert _officers(second) == [f"{n:03d}" for n in range(24, 30)]
    assert _officers(past_the_end) == _officers(second)
    assert 'href="?changes=2#changes-heading"' in first
    assert "Rows 26–31 of 31" in second


def test_an_agenda_not_adopted_lists_no_changes(client, secretariat, agenda, item, meeting):
    client.force_login(secretariat)
    log_action(trail=agenda.trail, actor=secretariat, action="added item", subject="Before adoption")

    page = client.get(reverse("ccm_sessions:agenda_manage", args=[meeting.slug])).content.decode()

    assert 'data-testid="agenda-changes"' not in page
