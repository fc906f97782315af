"""The secretariat's participants list: django-filter filters, sortable columns, pages of 25, exports that follow."""

import csv
import io
import re

import pytest
from django.urls import reverse

from ccm_portal import pagecache
from tests.delegations.factories_lists import approved_delegation, approved_participant
from tests.factories import MeetingFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


def _names(response) -> list[str]:
    """The family names in the Name column of the staff table, in the order shown."""
    page = response.content.decode()
    table = page[page.index('data-testid="staff-list"') :]
    table = table[: table.index("</table>")]
    # The list prints family names in capitals ("Anne BERG"): compared as the factories spell them.
    return [m.group(1).split()[-1].title() for m in re.finditer(r'<td dir="auto">([^<]+)</td>', table)]


def _csv_family_names(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")[1:])))
    return [row[4] for row in rows[1:]]


@pytest.fixture
def crowd():
    """One meeting with 30 listed participants of Norway (28 experts) and one of Peru."""
    meeting = MeetingFactory(slug="crowd")
    norway = approved_delegation(meeting, country="NO", sort_name="Norway")
    peru = approved_delegation(meeting, country="PE", sort_name="Peru")
    approved_participant(norway, role="head", given_name="Anne", family_name="Berg", gender="female")
    for n in range(28):
        approved_participant(norway, role="expert", given_name="Ola", family_name=f"Expert{n:02d}", gender="male")
    approved_participant(peru, role="head", given_name="Rosa", family_name="Quispe", gender="female")
    return {"meeting": meeting, "norway": norway, "peru": peru}


def test_staff_list_filters_through_the_filter_form(staff, crowd):
    url = reverse("delegations:lop_staff", args=["crowd"])

    women = _names(staff.get(url, {"gender": "female"}))
    peru = _names(staff.get(url, {"delegation": crowd["peru"].pk}))

    assert women == ["Berg", "Quispe"]
    assert peru == ["Quispe"]


def test_staff_list_filter_selects_are_bootstrap_selects(staff, crowd):
    page = staff.get(reverse("delegations:lop_staff", args=["crowd"])).content.decode()

    form = page[page.index('data-testid="participant-filters"') :]
    form = form[: form.index("</form>")]
    assert form.count("<select") == 7
    assert form.count('class="form-select"') == 7
    assert 'class="form-control"' in form


def test_staff_list_sorts_by_a_column_and_back(staff, crowd):
    url = reverse("delegations:lop_staff", args=["crowd"])

    listed = _names(staff.get(url, {"gender": "female"}))
    by_name_down = _names(staff.get(url, {"gender": "female", "sort": "-name"}))
    by_delegation_down = _names(staff.get(url, {"gender": "female", "sort": "-delegation"}))

    assert listed == ["Berg", "Quispe"]
    assert by_name_down == ["Quispe", "Berg"]
    assert by_delegation_down == ["Quispe", "Berg"]


def test_sorted_column_says_so_and_its_links_keep_the_filter(staff, crowd):
    page = staff.get(reverse("delegations:lop_staff", args=["crowd"]), {"gender": "male", "sort": "name"}).content
    page = page.decode()

    assert 'aria-sort="ascending"' in page
    assert re.search(r'href="\?[^"]*gender=male[^"]*sort=-name|href="\?[^"]*sort=-name[^"]*gender=male', page)


def test_staff_list_shows_25_rows_a_page_and_page_2_keeps_the_filter_and_order(staff, crowd):
    url = reverse("delegations:lop_staff", args=["crowd"])

    first = staff.get(url, {"delegation": crowd["norway"].pk, "sort": "-name"})
    page = first.content.decode()
    second = staff.get(url, {"delegation": crowd["norway"].pk, "sort": "-name", "page": 2})

    assert len(_names(first)) == 25
    assert 'data-testid="participant-count">29<' in page
    nav = page[page.index('data-testid="pagination"') :]
    assert "aria-label=" in page[page.index("<nav", page.index('data-testid="staff-list"')) :][:200]
    next_link = re.search(r'rel="next" href="([^"]+)"', nav).group(1).replace("&amp;", "&")
    assert "page=2" in next_link
    assert f"delegation={crowd['norway'].pk}" in next_link
    assert "sort=-name" in next_link
    assert _names(second) == ["Expert02", "Expert01", "Expert00", "Berg"]
    assert 'aria-current="page"' in second.content.decode()


def test_a_page_past_the_end_shows_the_last_page_instead_of_failing(staff, crowd):
    response = staff.get(reverse("delegations:lop_staff", args=["crowd"]), {"page": 99})

    assert response.status_code == 200
    assert len(_names(response)) == 5


def test_exports_hold_the_filtered_rows_in_the_order_of_the_page(staff, crowd):
    query = {"gender": "male", "sort": "-name", "page": 2}
    page_url = reverse("delegations:lop_staff", args=["crowd"])
    shown = _names(staff.get(page_url, {**query, "page": 1})) + _names(staff.get(page_url, query))

    exported = _csv_family_names(staff.get(reverse("delegations:export_csv", args=["crowd"]), query))

    assert len(exported) == 28
    assert exported == shown
    assert exported[:2] == ["Expert27", "Expert26"]


def test_export_links_carry_the_filter_and_order_but_not_the_page(staff, crowd):
    page = staff.get(reverse("delegations:lop_staff", args=["crowd"]), {"gender": "male", "sort": "name", "page": 2})

    link = re.search(r'href="([^"]*export\.csv[^"]*)"', page.content.decode()).group(1).replace("&amp;", "&")
    assert "gender=male" in link
    assert "sort=name" in link
    assert "page=" not in link


def test_an_unknown_sort_or_filter_value_falls_back_to_the_list(staff, crowd):
    url = reverse("delegations:lop_staff", args=["crowd"])

    response = staff.get(url, {"sort": "email", "gender": "nonsense", "delegation": "x"})

    assert response.status_code == 200
    assert _names(response)[:2] == ["Berg", "Expert00"]


def test_a_delegate_cannot_reach_the_staff_lists_or_their_exports(client, crowd):
    focal_point = crowd["norway"].created_by
    client.force_login(focal_point)

    for name in ("lop_staff", "statistics", "export_csv", "export_xlsx", "dashboard"):
        response = client.get(reverse(f"delegations:{name}", args=["crowd"]), {"sort": "name", "page": 2})
        assert response.status_code == 403, name


def _after_a_change_and_again(client, meeting, url, params) -> tuple[int, int]:
    """The queries of a page's first view after the list changed, and of the view after it: the
    staff page remembers the lists' fingerprints under the list's version, so both sides of a
    comparison are measured in both cache states, in a warm process that served the page once
    before the change, as a running portal has (tests/queries.py)."""
    count_queries(client, url, params)
    pagecache.bump(meeting.pk, pagecache.PARTICIPANTS)
    return count_queries(client, url, params), count_queries(client, url, params)


def test_staff_list_pages_and_exports_make_as_many_queries_for_1_row_as_for_many(staff):
    meeting = MeetingFactory(slug="guard")
    norway = approved_delegation(meeting, country="NO", sort_name="Norway")
    approved_participant(norway, role="head", gender="male")  # the one row the filter keeps
    urls = [reverse(f"delegations:{name}", args=["guard"]) for name in ("lop_staff", "export_csv", "statistics")]
    params = {"sort": "-name", "gender": "male"}
    one = [_after_a_change_and_again(staff, meeting, url, params) for url in urls]

    for code in ("PE", "GH", "NZ"):
        other = approved_delegation(meeting, country=code)
        for _n in range(10):
            approved_participant(other, role="expert", gender="male")
    many = [_after_a_change_and_again(staff, meeting, url, params) for url in urls]
    second_page = _after_a_change_and_again(staff, meeting, urls[0], {**params, "page": 2})

    assert one == many
    assert second_page == many[0]
