import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.models import Form, Report
from reporting.selectors import compiled_by_year
from reporting.services import form_save, report_acknowledge, report_create, report_publish, report_submit
from tests.factories import TreatyStatusFactory
from tests.reporting.helpers import complete_report, entry_of
from tests.stored_pdfs import body, fetch_pdf
from tests.test_pdf_languages import pdf_text

pytestmark = pytest.mark.django_db


def _received(state, by, staff, *, kind=Report.Kind.INITIAL, year=None, **figures):
    report = complete_report(state, by=by, kind=kind, year=year, **figures)
    report_submit(report=report, by=by)
    return report_acknowledge(report=report, received_on=dt.date.today(), by=staff)


def test_compiled_figures_add_up_received_reports_per_year(norway, laos, contact, other_contact, staff):
    _received(
        norway, contact.user, staff, stockpile=(100, 1000, 40, 400), area=(5000, 1200, 300), victims=(10, 3, 4, 1, 2, 0)
    )
    _received(
        laos, other_contact.user, staff, stockpile=(10, 100, 10, 100), area=(9000, 800, 0), victims=(5, 1, 1, 1, 1, 1)
    )
    complete_report(TreatyStatusFactory(country="FR"), by=contact.user)  # a draft: not counted

    [year] = compiled_by_year()

    assert (year.year, year.reports) == (2010, 2)
    assert (year.cluster_munitions_destroyed, year.submunitions_destroyed) == (50, 500)
    assert (year.area_cleared_m2, year.area_released_m2, year.victims) == (2000, 300, 15)


def test_a_form_marked_unchanged_is_not_counted_twice(norway, contact, staff):
    _received(norway, contact.user, staff)
    annual = report_create(state=norway, kind=Report.Kind.ANNUAL, year=2011, by=contact.user)
    for entry in annual.entries.exclude(form__in=[Form.B, Form.F, Form.H]):
        form_save(entry=entry, data={"status": "not_applicable"}, expected_version=entry.version, by=contact.user)
    report_submit(report=annual, by=contact.user)
    report_acknowledge(report=annual, received_on=dt.date.today(), by=staff)

    years = {row.year: row for row in compiled_by_year()}

    assert years[2011].reports == 1
    assert years[2011].cluster_munitions_destroyed == 0
    assert years[2010].cluster_munitions_destroyed == 40


def test_compiled_page_reads_a_fixed_number_of_queries_and_draws_svg_charts(client, staff, contact, norway):
    client.force_login(staff)
    _received(norway, contact.user, staff)
    client.get(reverse("reporting:compiled"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reporting:compiled"))
    for code in ["FR", "DE", "AT", "BE"]:
        state = TreatyStatusFactory(country=code)
        _received(state, contact.user, staff)
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("reporting:compiled"))

    assert len(one) == len(five)
    page = response.content.decode()
    assert page.count("<svg") == 4
    assert "Cluster munitions destroyed, by year" in page
    csv_text = client.get(reverse("reporting:compiled_csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("2010,5,200,2000")


def test_compiled_annex_pdf_has_the_table_and_charts(client, staff, contact, norway):
    _received(norway, contact.user, staff)
    client.force_login(staff)

    text = pdf_text(body(fetch_pdf(client, reverse("reporting:compiled_pdf"))))

    assert "Compiled figures from the Article 7 reports received" in text
    assert "Victims reported" in text
    assert "2010" in text


def test_report_pdf_is_in_the_language_it_was_submitted_in(client, norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, language="fr", by=contact.user)
    a = entry_of(report, Form.A)
    form_save(entry=a, data={"status": "changed", "text": "Loi du 2 mars"}, expected_version=a.version, by=contact.user)
    client.force_login(contact.user)

    text = pdf_text(body(fetch_pdf(client, reverse("reporting:report_pdf", args=[report.pk]))))

    assert "Convention sur les armes à sous-munitions" in text
    assert "Loi du 2 mars" in text
    assert "Norvège" in text


def test_public_pdf_leaves_out_the_forms_the_state_keeps_private(client, norway, contact, staff):
    report = complete_report(norway, by=contact.user)
    b = entry_of(report, Form.B)
    form_save(entry=b, data={"is_public": False}, expected_version=b.version, by=contact.user)
    report_submit(report=report, by=contact.user)
    report_acknowledge(report=report, received_on=dt.date.today(), by=staff)
    report_publish(report=report, by=staff)

    text = pdf_text(body(fetch_pdf(client, reverse("reporting:public_report_pdf", args=[report.pk]))))

    assert "UNDP" in text
    assert "BL755" not in text
    assert client.get(reverse("reporting:report_pdf", args=[report.pk])).status_code == 404


def test_dashboard_and_compiled_figures_export_as_xlsx_with_numbers_as_numbers(client, staff, contact, norway):
    import io

    from openpyxl import load_workbook

    _received(norway, contact.user, staff)
    client.force_login(staff)

    dashboard = load_workbook(io.BytesIO(body(client.get(reverse("reporting:dashboard_xlsx"))))).active
    figures = load_workbook(io.BytesIO(body(client.get(reverse("reporting:compiled_xlsx"))))).active

    rows = list(dashboard.iter_rows(values_only=True))
    assert rows[0][:2] == ("State Party", "ISO code")
    assert rows[1][:4] == ("Norway", "NO", "2010-08-01", rows[1][3])
    assert isinstance(rows[1][3], int)
    assert list(figures.iter_rows(values_only=True))[1][:4] == (2010, 1, 40, 400)
