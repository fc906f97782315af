"""Long staff lists at scale: the staff list read one page at a time, the CSV export streamed,
the statistics counted by the database; each gives what the whole-list computation gave."""

import csv
import io
import itertools

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation

from ccm_portal import pagecache
from ccm_portal.meetings.models import Category
from delegations import charts, exports, selectors_lists, services_lists
from delegations.models import Participant
from tests.delegations.factories_lists import approved_delegation, approved_organisation, approved_participant
from tests.factories import MeetingFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

SORTS = [None, "name", "-name", "delegation", "-function", "role", "gender", "-public", "badge", "-arrived"]


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def mixed():
    """Sixty listed participants in five delegations of four categories, every gender and role,
    accented names, some arrived, some with badges, one pending (never listed)."""
    meeting = MeetingFactory(slug="mixed")
    delegations = [
        approved_delegation(meeting, country="CI", sort_name="Côte d'Ivoire"),
        approved_delegation(meeting, country="CU", sort_name="Cuba", category=Category.SIGNATORY),
        approved_delegation(meeting, country="CN", sort_name="China", category=Category.OBSERVER_STATE),
        approved_delegation(meeting, country="AT", sort_name="Austria"),
        approved_organisation(meeting, "Comité international", category=Category.RULE_1_2),
    ]
    genders = itertools.cycle([g for g, _label in Participant.Gender.choices])
    families = itertools.cycle(["Élan", "Zola", "Ömer", "Abbas", "élan", "Nuñez", "Иванов"])
    people = []
    for delegation in delegations:
        for n in range(12):
            role = "head" if n == 0 else ["representative", "alternate", "adviser", "expert"][n % 4]
            people.append(
                approved_participant(
                    delegation,
                    role=role,
                    given_name=f"Given{n:02d}",
                    family_name=next(families),
                    function=["=Minister", "Adviser", "Écrivain", ""][n % 4],
                    gender=next(genders),
                    public_consent=n % 3 != 0,
                    needs_visa_letter=n % 2 == 0,
                )
            )
    for person in people[::7]:
        services_lists.check_in(participant=person, by=None)
    approved_participant(delegations[0], role="expert", family_name="Waiting", status=Participant.Status.PENDING)
    return {"meeting": meeting, "people": people}


def _reference_csv(participants, meeting) -> bytes:
    """The CSV as the export built it before it streamed: the whole file in a buffer, each row's
    labels looked up row by row through the model's display methods."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label in exports.COLUMNS])
    categories = dict(Category.choices)
    for p in participants:
        row = [
            str(categories.get(p.delegation.category, "")),
            p.delegation.sort_name,
            p.title,
            p.given_name,
            p.family_name,
            p.list_name,
            p.function,
            p.get_role_display(),
            p.get_gender_display(),
            p.email,
            translation.gettext("yes") if p.public_consent else translation.gettext("no"),
            translation.gettext("yes") if p.needs_visa_letter else translation.gettext("no"),
            p.accessibility_needs,
            exports._local(p.badge_printed_at, meeting),
            exports._local(getattr(p, "arrived_at", None), meeting),
        ]
        writer.writerow([exports.safe_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@pytest.mark.parametrize("sort", SORTS)
def test_staff_list_pages_together_hold_the_whole_list_in_the_same_order(mixed, sort):
    meeting = mixed["meeting"]
    whole = [p.pk for p in selectors_lists.staff_participants(meeting, sort=sort)]

    page = selectors_lists.staff_page(meeting, sort=sort)
    paged = [p.pk for start in range(0, len(page), 25) for p in page[start : start + 25]]

    assert len(page) == len(whole) == 60
    assert paged == whole


@pytest.mark.parametrize("sort", SORTS)
def test_export_rows_are_the_staff_participants_in_the_same_order_with_the_same_cells(mixed, sort):
    meeting = mixed["meeting"]
    row = exports.row_builder(meeting)
    participants = selectors_lists.staff_participants(meeting, sort=sort)

    rows = selectors_lists.export_rows(meeting, sort=sort)

    assert [r.pk for r in rows] == [p.pk for p in participants]
    assert [row(r) for r in rows] == [row(p) for p in participants]


def test_staff_list_page_2_shows_the_rows_after_the_first_25(staff, mixed):
    url = reverse("delegations:lop_staff", args=["mixed"])
    second = [p.list_name for p in selectors_lists.staff_participants(mixed["meeting"], sort="name")][25:50]

    response = staff.get(url, {"sort": "name", "page": 2})

    assert response.status_code == 200
    body = response.content.decode()
    positions = [body.index(name) for name in second]
    assert positions == sorted(positions)
    assert "WAITING" not in body


@pytest.mark.parametrize("language", ["en", "fr"])
def test_streamed_csv_has_the_same_bytes_as_the_file_built_whole(staff, mixed, language):
    meeting = mixed["meeting"]
    query = {"sort": "-name", "consent": "yes"}

    with translation.override(language):
        response = staff.get(reverse("delegations:export_csv", args=["mixed"]), query)
        filterset = selectors_lists.staff_filter(meeting, query)
        expected = _reference_csv(
            selectors_lists.staff_participants(meeting, sort="-name", filterset=filterset), meeting
        )

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == expected
    assert expected.count(b"\r\n") == 1 + 40


def test_csv_export_reads_its_labels_once_not_once_a_row(mixed, monkeypatch):
    calls = []
    real = exports._

    def counting(message):
        calls.append(message)
        return real(message)

    monkeypatch.setattr(exports, "_", counting)
    participants = selectors_lists.staff_participants(mixed["meeting"])

    exports.participants_csv(participants, mixed["meeting"])

    assert len(participants) == 60
    assert sorted(calls) == ["no", "yes"]


@pytest.mark.parametrize(
    "query", [{}, {"gender": "female"}, {"category": "1", "consent": "no"}, {"arrived": "yes"}, {"q": "nobody"}]
)
def test_statistics_from_the_database_equal_the_count_over_the_rows(mixed, query):
    meeting = mixed["meeting"]
    filterset = selectors_lists.staff_filter(meeting, query)
    rows = selectors_lists.staff_participants(meeting, filterset=filterset)

    from_database = exports.statistics_of(selectors_lists.staff_filter(meeting, query).qs)

    assert from_database == exports.statistics(rows)
    assert charts.arrival_days(meeting, filterset.qs) == charts.arrival_days(meeting, rows)


def test_statistics_count_every_gender_and_the_heads_of_delegation(mixed):
    stats = exports.statistics_of(selectors_lists.staff_filter(mixed["meeting"]).qs)

    assert stats["total"] == 60
    assert stats["delegations"] == 5
    assert stats["heads_total"] == 5
    assert sum(stats["totals"]) == 60
    assert (
        sum(
            day
            for day in charts.arrival_days(mixed["meeting"], selectors_lists.staff_filter(mixed["meeting"]).qs).values()
        )
        == 9
    )


def _after_a_change_and_again(client, meeting, url, params) -> tuple[int, int]:
    """The queries of a page's first view after the list changed, and of the view after it.

    The staff page remembers the lists' fingerprints under the list's version (selectors_lists.
    recent_lop_fingerprints), so its query count depends on that cache: both sides of a
    comparison are measured in both states, the first view after a change (as a save of a
    participant leaves it) and the next one (the usual view). The process is warm, as a running
    portal's is: it served the page once before the change (tests/queries.py).
    """
    count_queries(client, url, params)
    pagecache.bump(meeting.pk, pagecache.PARTICIPANTS)
    return count_queries(client, url, params), count_queries(client, url, params)


def test_exports_and_statistics_make_as_many_queries_for_1_row_as_for_many(staff):
    meeting = MeetingFactory(slug="guard")
    norway = approved_delegation(meeting, country="NO", sort_name="Norway")
    services_lists.check_in(participant=approved_participant(norway, role="head"), by=None)
    names = ["lop_staff", "export_csv", "export_xlsx", "statistics", "statistics_csv"]
    urls = [reverse(f"delegations:{name}", args=["guard"]) for name in names]
    params = {"sort": "-arrived"}
    one = [_after_a_change_and_again(staff, meeting, url, params) for url in urls]

    for code in ("PE", "GH", "NZ"):
        other = approved_delegation(meeting, country=code)
        for n in range(12):
            person = approved_participant(other, role="head" if n == 0 else "expert")
            if n % 2:
                services_lists.check_in(participant=person, by=None)
    many = [_after_a_change_and_again(staff, meeting, url, params) for url in urls]
    second_page = _after_a_change_and_again(staff, meeting, urls[0], {**params, "page": 2})

    assert one == many
    assert second_page == many[0]
    # The repeat view reads the remembered fingerprints instead of every row: one query fewer.
    assert many[0][1] == many[0][0] - 1
