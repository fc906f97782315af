"""Request bodies above MAX_REQUEST_BYTES are refused with a readable 413 before anything reads them."""

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import make_pdf_bytes


def test_the_request_limit_leaves_room_for_one_upload_and_the_form():
    assert django_settings.MAX_REQUEST_BYTES == django_settings.MAX_UPLOAD_BYTES + 1024 * 1024


@pytest.mark.django_db
def test_a_body_over_the_limit_gets_a_413_page_and_nothing_is_saved(client, focal_point, delegation):
    client.force_login(focal_point)
    big = make_pdf_bytes() + b"%" * (django_settings.MAX_REQUEST_BYTES + 10)

    response = client.post(
        reverse("delegations:document_upload", args=[delegation.pk]),
        {"document": SimpleUploadedFile("note.pdf", big, content_type="application/pdf")},
        HTTP_REFERER=f"http://testserver{reverse('delegations:detail', args=[delegation.pk])}",
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert "That file is too large" in page
    assert "at most 5.0" in page
    assert reverse("delegations:detail", args=[delegation.pk]) in page
    delegation.refresh_from_db()
    assert not delegation.document


@pytest.mark.django_db
def test_the_limit_follows_the_setting_and_smaller_bodies_pass(client, focal_point, delegation, settings):
    client.force_login(focal_point)
    url = reverse("delegations:document_upload", args=[delegation.pk])
    pdf = make_pdf_bytes()
    settings.MAX_REQUEST_BYTES = len(pdf) + 2000

    small = client.post(url, {"document": SimpleUploadedFile("note.pdf", pdf, content_type="application/pdf")})
    padded = pdf + b"%" * 4000
    large = client.post(url, {"document": SimpleUploadedFile("note.pdf", padded, content_type="application/pdf")})

    assert small.status_code == 302
    assert large.status_code == 413
