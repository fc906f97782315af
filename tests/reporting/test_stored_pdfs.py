"""Issue 12 for Article 7 reports: every report PDF is a stored copy; no visitor's request runs WeasyPrint."""

import datetime as dt

import pytest
import weasyprint
from django.urls import reverse

from reporting.models import Form, StockpileRow
from reporting.services import contact_point_appoint, report_acknowledge, report_publish, report_submit
from tests.factories import UserFactory
from tests.reporting.helpers import complete_report
from tests.stored_pdfs import body, fetch_pdf, get, run_queued_jobs
from tests.test_pdf_languages import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Every WeasyPrint render, whoever asks for it (ccm_portal.pdf.html_to_pdf ends in write_pdf)."""
    counted = []
    original = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        counted.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    return counted


@pytest.fixture
def inline_jobs(settings):
    settings.RENDER_JOBS_RUNNER = "inline"


def _received(state, contact, staff, **figures):
    report = complete_report(state, by=contact.user, **figures)
    report_submit(report=report, by=contact.user)
    return report_acknowledge(report=report, received_on=dt.date.today(), by=staff)


@pytest.fixture
def published(norway, contact, staff, inline_jobs, django_capture_on_commit_callbacks):
    """A published report of Norway; the renders its steps queue run after each commit, as outside a test."""
    with django_capture_on_commit_callbacks(execute=True):
        report = _received(norway, contact, staff)
        report_publish(report=report, by=staff)
    report.refresh_from_db()
    return report


def _public_url(report) -> str:
    return reverse("reporting:public_report_pdf", args=[report.pk])


def test_a_published_report_is_rendered_at_publication_and_visitors_cause_no_render(client, published, renders):
    renders.clear()
    first = get(client, _public_url(published))
    second = get(client, _public_url(published))

    assert renders == []
    assert (first.status_code, second.status_code) == (200, 200)
    assert first["ETag"] == second["ETag"]
    assert first["Cache-Control"] == "no-cache"
    assert first["Content-Disposition"].startswith("attachment")
    text = pdf_text(body(second))
    assert "UNDP" in text
    assert "BL755" in text


def test_a_matching_etag_or_date_answers_304(client, published):
    first = get(client, _public_url(published))

    again = get(client, _public_url(published), HTTP_IF_NONE_MATCH=first["ETag"])
    since = get(client, _public_url(published), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert (again.status_code, body(again)) == (304, b"")
    assert since.status_code == 304


def test_with_no_copy_yet_a_visitor_gets_the_being_prepared_page_and_no_render(client, norway, contact, staff, renders):
    # A report published while no worker ran (on_commit never fires in a test transaction): no copy exists.
    report = _received(norway, contact, staff)
    report_publish(report=report, by=staff)
    renders.clear()

    waiting = get(client, _public_url(report))

    assert waiting.status_code == 503
    assert waiting["Retry-After"] == "5"
    assert renders == []
    assert run_queued_jobs() == ["done"]
    assert get(client, _public_url(report)).status_code == 200


def test_a_change_to_the_public_figures_is_rendered_in_the_background_and_the_old_copy_served_meanwhile(
    client, published, renders, settings, monkeypatch
):
    settings.REPORTING_PDF_CHECK_SECONDS = 0  # every request compares the copy with the data
    old = get(client, _public_url(published))
    assert "40" in pdf_text(body(old))
    # A correction made without a service (the shell): picked up by the next check of the copy.
    StockpileRow.objects.filter(report=published).update(destroyed_cluster_munitions=77)
    monkeypatch.setattr("ccm_portal.jobs.services.dispatch", lambda job_id: None)  # the worker is busy
    renders.clear()

    meanwhile = get(client, _public_url(published))

    assert meanwhile.status_code == 200
    assert meanwhile["ETag"] == old["ETag"]
    assert renders == []
    assert run_queued_jobs() == ["done"]
    fresh = get(client, _public_url(published))
    assert fresh["ETag"] != old["ETag"]
    assert "77" in pdf_text(body(fresh)).split("BL755", 1)[1]
    assert len(renders) == 1


def test_a_new_contact_point_is_on_the_next_public_copy(client, published, staff, django_capture_on_commit_callbacks):
    before = pdf_text(body(get(client, _public_url(published))))
    with django_capture_on_commit_callbacks(execute=True):
        contact_point_appoint(state=published.state, user=UserFactory(full_name="Ingrid Second"), by=staff)

    after = pdf_text(body(get(client, _public_url(published))))

    assert "Ingrid Second" not in before
    assert "Ingrid Second" in after


def test_an_unpublished_report_pdf_is_404_for_a_visitor_and_never_rendered(client, norway, contact, staff, renders):
    report = _received(norway, contact, staff)  # acknowledged, not published
    renders.clear()

    assert get(client, _public_url(report)).status_code == 404
    assert get(client, reverse("reporting:report_pdf", args=[report.pk])).status_code == 404
    assert renders == []


def test_the_full_report_pdf_is_stored_and_another_states_contact_point_gets_404(
    client, norway, contact, other_contact, staff, renders
):
    report = complete_report(norway, by=contact.user)
    url = reverse("reporting:report_pdf", args=[report.pk])
    client.force_login(other_contact.user)
    assert get(client, url).status_code == 404

    client.force_login(contact.user)
    first = fetch_pdf(client, url)  # a draft with no copy yet: rendered while its reader waits a few seconds
    renders.clear()
    second = get(client, url)

    assert (first.status_code, second.status_code) == (200, 200)
    assert renders == []
    assert second["ETag"] == first["ETag"]
    assert "private" in second["Cache-Control"]
    assert "BL755" in pdf_text(body(second))


def test_a_changed_draft_gives_a_new_full_copy(client, norway, contact):
    from reporting.services import form_save

    report = complete_report(norway, by=contact.user)
    url = reverse("reporting:report_pdf", args=[report.pk])
    client.force_login(contact.user)
    old = fetch_pdf(client, url)
    a = report.entries.get(form=Form.A)
    form_save(
        entry=a, data={"status": "changed", "text": "Act of 2 March 2011"}, expected_version=a.version, by=contact.user
    )

    new = fetch_pdf(client, url)

    assert new["ETag"] != old["ETag"]
    assert "Act of 2 March 2011" in pdf_text(body(new))


def test_acknowledging_a_report_renders_the_annex_in_the_background(
    client, norway, contact, staff, renders, inline_jobs, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    fetch_pdf(client, reverse("reporting:compiled_pdf"))  # a copy of the annex in English exists
    report = complete_report(norway, by=contact.user)
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, by=contact.user)
        report_acknowledge(report=report, received_on=dt.date.today(), by=staff)
    renders.clear()

    annex = get(client, reverse("reporting:compiled_pdf"))

    assert annex.status_code == 200
    assert renders == []
    assert "40" in pdf_text(body(annex))  # the acknowledged report's figures are in the annex


def test_a_received_report_full_pdf_is_rendered_once_for_every_reader(client, norway, contact, staff, renders):
    report = _received(norway, contact, staff)
    url = reverse("reporting:report_pdf", args=[report.pk])
    client.force_login(staff)
    assert fetch_pdf(client, url).status_code == 200
    client.force_login(contact.user)
    renders.clear()

    again = get(client, url)

    assert again.status_code == 200
    assert renders == []


def test_a_report_taken_off_publication_is_404_at_the_next_request(client, published):
    page = reverse("reporting:public_report", args=[published.pk])
    assert get(client, _public_url(published)).status_code == 200
    assert client.get(page).status_code == 200

    published.status = published.Status.ACKNOWLEDGED
    published.published_on = None
    published.save()

    assert client.get(_public_url(published)).status_code == 404
    assert client.get(page).status_code == 404
