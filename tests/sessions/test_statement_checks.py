"""A statement carrying JavaScript, or an HTML-first polyglot, is never stored nor published."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions import services
from sessions.models import Statement
from tests.conftest import make_pdf_bytes
from tests.uploads.test_upload_views import javascript_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(speakers_list, accredited, focal_point):
    return services.speaker_inscribe(speakers_list=speakers_list, delegation=accredited, by=focal_point)


@pytest.mark.parametrize(
    ("content", "message"),
    [(javascript_pdf(), "contains JavaScript"), (b"<html>\n" + make_pdf_bytes(), "not a PDF")],
    ids=["javascript", "polyglot"],
)
def test_a_statement_with_active_content_is_refused_and_not_published(
    client, focal_point, meeting, entry, content, message
):
    client.force_login(focal_point)
    upload = SimpleUploadedFile("statement.pdf", content, content_type="application/pdf")

    response = client.post(
        reverse("ccm_sessions:statement_upload", args=[meeting.slug, entry.delegation_id, entry.pk]),
        {"file": upload, "publish": "on"},
    )

    assert response.status_code == 400
    form = next(e.upload_form for sl in response.context["lists"] for e in sl.my_entries if e.pk == entry.pk)
    assert message in form.errors["file"][0]
    assert not Statement.objects.exists()
