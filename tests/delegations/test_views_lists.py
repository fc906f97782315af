"""The pages of a render job of the list of participants (delegations/views_lists.py): progress, download, failure."""

import pytest
from django.urls import reverse

from ccm_portal.jobs.models import RenderJob
from delegations import renderers, services_lists
from tests.delegations.factories_lists import approved_participant, run_jobs

pytestmark = pytest.mark.django_db


def test_failed_render_shows_the_error_and_keeps_the_previous_good_pdf(client, world, secretariat, monkeypatch):
    client.force_login(secretariat)
    meeting = world["meeting"]
    good, _how = services_lists.request_lop_pdf(meeting=meeting, variant="complete")
    run_jobs()
    good.refresh_from_db()
    with good.file.open("rb") as stored:
        good_bytes = stored.read()

    monkeypatch.setattr(renderers, "LOP_PDF_TEMPLATE", "delegations/pdf/no_such_template.html")
    approved_participant(world["lao"], role="expert", given_name="Late", family_name="Comer")
    response = client.post(reverse("delegations:lop_pdf_prepare", args=["1msp"]), {"variant": "complete"})
    assert run_jobs() == ["failed"]
    failed = RenderJob.objects.get(status="failed")
    assert response["Location"] == reverse("delegations:job", args=["1msp", failed.pk])

    page = client.get(response["Location"]).content.decode()
    assert "could not be rendered" in page
    assert "TemplateDoesNotExist" in page
    assert reverse("delegations:job_download", args=["1msp", good.pk]) in page
    assert client.get(reverse("delegations:job_download", args=["1msp", failed.pk])).status_code == 404
    previous = client.get(reverse("delegations:job_download", args=["1msp", good.pk]))
    assert b"".join(previous.streaming_content) == good_bytes
    staff_page = client.get(reverse("delegations:lop_staff", args=["1msp"])).content.decode()
    assert "The last attempt failed" in staff_page


def test_job_page_shows_progress_then_the_download(client, world, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("delegations:lop_pdf_prepare", args=["1msp"]), {"variant": "public"})
    job = RenderJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in page
    assert 'data-hx-trigger="every 1s"' in page
    assert "htmx" in page

    run_jobs()
    status = client.get(reverse("delegations:job_status", args=["1msp", job.pk])).content.decode()
    assert "hx-trigger" not in status
    download = reverse("delegations:job_download", args=["1msp", job.pk])
    assert download in status
    served = client.get(download)
    assert served["Content-Type"] == "application/pdf"
    assert served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content).startswith(b"%PDF")
