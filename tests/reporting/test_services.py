import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from reporting.models import AreaRow, Form, FormEntry, Report, StockpileRow, VictimFigures
from reporting.services import (
    ConcurrentEditError,
    IncompleteReport,
    ReportingError,
    form_save,
    report_acknowledge,
    report_cover_save,
    report_create,
    report_publish,
    report_submit,
)
from tests.factories import TreatyStatusFactory
from tests.reporting.helpers import CHANGED, complete_report, entry_of

pytestmark = pytest.mark.django_db


def test_initial_report_period_runs_from_entry_into_force_to_its_deadline(norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)

    assert (report.period_from, report.period_to) == (dt.date(2010, 8, 1), dt.date(2011, 1, 28))
    assert sorted(report.entries.values_list("form", flat=True)) == list("ABCDEFGHIJ")


def test_report_for_a_state_not_in_force_is_refused(contact):
    signatory = TreatyStatusFactory(country="DE", ratification_date=None, entry_into_force_date=None)

    with pytest.raises(ReportingError):
        report_create(state=signatory, kind=Report.Kind.INITIAL, by=contact.user)
    assert not Report.objects.filter(state=signatory).exists()


def test_submitting_an_incomplete_report_lists_each_forms_gaps_and_changes_nothing(norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    b = entry_of(report, Form.B)
    form_save(entry=b, data={"status": CHANGED}, rows=[], expected_version=b.version, by=contact.user)

    with pytest.raises(IncompleteReport) as caught:
        report_submit(report=report, by=contact.user)

    assert set(caught.value.gaps) == set("ABCDEFGHIJ")
    assert caught.value.gaps["B"][0][0] == "rows"
    assert caught.value.gaps["A"][0][0] == "status"
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert report.submitted_on is None


def test_complete_report_is_submitted_acknowledged_and_published(norway, contact, staff):
    report = complete_report(norway, by=contact.user)

    report_submit(report=report, by=contact.user, today=dt.date(2011, 1, 20))
    report_acknowledge(report=report, received_on=dt.date(2011, 1, 24), by=staff)
    report_publish(report=report, by=staff, today=dt.date(2011, 2, 1))

    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert (report.submitted_on, report.received_on, report.published_on) == (
        dt.date(2011, 1, 20),
        dt.date(2011, 1, 24),
        dt.date(2011, 2, 1),
    )


def test_receipt_before_submission_is_refused(norway, contact, staff):
    report = report_submit(report=complete_report(norway, by=contact.user), by=contact.user, today=dt.date(2011, 1, 20))

    with pytest.raises(ReportingError):
        report_acknowledge(report=report, received_on=dt.date(2011, 1, 19), by=staff)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.received_on is None


def test_a_period_overlapping_a_submitted_report_is_refused(norway, contact):
    report_submit(report=complete_report(norway, by=contact.user), by=contact.user)
    draft = report_create(state=norway, kind=Report.Kind.ANNUAL, year=2011, by=contact.user)

    with pytest.raises(ReportingError, match="overlaps"):
        report_cover_save(
            report=draft,
            period_from=dt.date(2011, 1, 1),
            period_to=dt.date(2011, 12, 31),
            language="en",
            expected_version=draft.version,
            by=contact.user,
        )
    with pytest.raises(ReportingError, match="overlaps"):
        report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    draft.refresh_from_db()
    # The update starts the day after the initial report's period, which ran into 2011.
    assert (draft.period_from, draft.period_to) == (dt.date(2011, 1, 29), dt.date(2011, 12, 31))


def test_an_annual_update_for_a_year_the_initial_report_covered_is_refused(norway, contact):
    report_submit(report=complete_report(norway, by=contact.user), by=contact.user)

    with pytest.raises(ReportingError, match="already covered"):
        report_create(state=norway, kind=Report.Kind.ANNUAL, year=2010, by=contact.user)


def test_annual_update_starts_from_the_last_report_and_says_since_when_unchanged(norway, contact):
    initial = report_submit(report=complete_report(norway, by=contact.user), by=contact.user)

    annual = report_create(state=norway, kind=Report.Kind.ANNUAL, year=2011, by=contact.user)

    b = entry_of(annual, Form.B)
    assert annual.based_on == initial
    assert (b.status, b.unchanged_since, b.text) == (FormEntry.Status.UNCHANGED, 2011, "Destruction by a contractor.")
    assert entry_of(annual, Form.A).status == FormEntry.Status.NOT_APPLICABLE
    assert StockpileRow.objects.get(report=annual).cluster_munitions == 100
    assert VictimFigures.objects.get(report=annual).total == 10
    assert AreaRow.objects.filter(report=annual).count() == 1


def test_two_contact_points_saving_the_same_form_never_overwrite_each_other(norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    opened = entry_of(report, Form.A)

    form_save(entry=opened, data={"status": CHANGED, "text": "First"}, expected_version=opened.version, by=contact.user)
    with pytest.raises(ConcurrentEditError):
        form_save(
            entry=opened, data={"status": CHANGED, "text": "Second"}, expected_version=opened.version, by=contact.user
        )

    assert entry_of(report, Form.A).text == "First"


def test_a_submitted_report_can_no_longer_be_changed(norway, contact):
    report = report_submit(report=complete_report(norway, by=contact.user), by=contact.user)
    a = entry_of(report, Form.A)

    with pytest.raises(ReportingError):
        form_save(entry=a, data={"status": CHANGED, "text": "Late"}, expected_version=a.version, by=contact.user)


def test_database_refuses_destroyed_more_than_stockpile_and_victims_not_summing(norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)

    with pytest.raises(IntegrityError), transaction.atomic():
        StockpileRow.objects.create(
            report=report, munition_type="X", cluster_munitions=1, submunitions=1, destroyed_cluster_munitions=2
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaRow.objects.create(report=report, region="X", contaminated_m2=10, cleared_m2=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        VictimFigures.objects.create(report=report, total=5, women=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(period_to=dt.date(2000, 1, 1))
