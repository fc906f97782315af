"""The Article 7 reports in the open API: what the public page of reports received shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import Form, FormEntry, Report
from reporting.services import contact_point_appoint, report_acknowledge, report_publish, report_submit
from tests.factories import SecretariatFactory, TreatyStatusFactory, UserFactory
from tests.reporting.helpers import complete_report

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/transparency-reports/"
FIGURES = "/api/v1/transparency-reports/figures/"


@pytest.fixture
def staff():
    return SecretariatFactory()


def _state(code, staff):
    state = TreatyStatusFactory(country=code, entry_into_force_date=dt.date(2010, 8, 1))
    return state, contact_point_appoint(state=state, user=UserFactory(), by=staff).user


def _received(code, staff, *, publish, **figures) -> Report:
    state, reporter = _state(code, staff)
    report = complete_report(state, by=reporter, **figures)
    report_submit(report=report, by=reporter, today=dt.date(2011, 1, 20))
    report = report_acknowledge(report=report, received_on=dt.date(2011, 1, 24), by=staff)
    return report_publish(report=report, by=staff, today=dt.date(2011, 2, 1)) if publish else report


def test_received_reports_are_listed_and_only_published_ones_link_their_page(api_get, validate, staff):
    published = _received("NO", staff, publish=True)
    _received("LA", staff, publish=False)
    state, reporter = _state("FR", staff)
    complete_report(state, by=reporter)  # a draft: never listed

    response = api_get(REPORTS)

    assert response.status_code == 200
    validate(REPORTS, response.data)
    rows = {row["country"]["code"]: row for row in response.data["items"]}
    assert set(rows) == {"NO", "LA"}
    assert rows["NO"]["published"] is True
    assert rows["NO"]["page"].endswith(f"/transparency-reports/{published.pk}/")
    assert rows["NO"]["pdf"].endswith(f"/transparency-reports/{published.pk}/pdf/")
    assert (rows["NO"]["kind"]["code"], rows["NO"]["year"], rows["NO"]["received_on"]) == (
        "initial",
        2010,
        "2011-01-24",
    )
    assert rows["LA"]["published"] is False
    assert rows["LA"]["page"] is None
    assert rows["LA"]["pdf"] is None


def test_reports_filter_by_country_and_answer_junk_with_422(api_get, staff):
    _received("NO", staff, publish=True)
    _received("LA", staff, publish=True)

    assert [row["country"]["code"] for row in api_get(f"{REPORTS}?country=la").data["items"]] == ["LA"]
    assert api_get(f"{REPORTS}?country=Laos").status_code == 422
    assert api_get(f"{REPORTS}?kind=secret").status_code == 422


def test_reports_list_reads_the_same_number_of_queries_for_one_and_many(client, staff):
    _received("NO", staff, publish=True)
    with CaptureQueriesContext(connection) as one:
        client.get(REPORTS)
    for code in ("LA", "LB", "MX", "AT"):
        _received(code, staff, publish=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get(REPORTS)

    assert response.json()["count"] == 5
    assert len(many) == len(one) <= 6


def test_figures_add_up_published_reports_and_leave_out_private_forms(api_get, validate, staff):
    _received("NO", staff, publish=True, stockpile=(100, 1000, 40, 400), victims=(10, 3, 4, 1, 2, 0))
    private = _received("LA", staff, publish=True, stockpile=(10, 100, 10, 100), victims=(5, 1, 1, 1, 1, 1))
    FormEntry.objects.filter(report=private, form=Form.H).update(is_public=False)
    _received("MX", staff, publish=False, stockpile=(7, 70, 7, 70))  # received, not published

    response = api_get(FIGURES)

    validate(FIGURES, response.data)
    [year] = response.data["items"]
    assert (year["year"], year["reports"], year["states"]) == (2010, 2, 2)
    assert (year["cluster_munitions_destroyed"], year["submunitions_destroyed"]) == (50, 500)
    assert year["victims"] == 10


def test_an_edit_after_publication_shows_in_the_next_answer(api_get, staff):
    _received("NO", staff, publish=True)
    first = api_get(REPORTS)
    _received("LA", staff, publish=True)

    second = api_get(REPORTS, HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert second.data["count"] == 2
    assert api_get(REPORTS, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
