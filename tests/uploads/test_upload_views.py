"""Hostile PDFs are refused next to the field on the pages that take uploads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf.generic import NameObject, TextStringObject

from tests.conftest import make_pdf_bytes
from tests.uploads.test_pdf_checks import _action, _bytes, _page_writer


def javascript_pdf() -> bytes:
    writer = _page_writer()
    writer._root_object[NameObject("/OpenAction")] = _action("/JavaScript", JS=TextStringObject("app.alert(1)"))
    return _bytes(writer)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (javascript_pdf(), "contains JavaScript"),
        (b"<html><body>hello</body></html>\n" + make_pdf_bytes(), "not a PDF"),
    ],
    ids=["javascript", "polyglot"],
)
def test_a_note_verbale_with_active_content_is_refused_next_to_the_field(
    client, focal_point, delegation, content, message
):
    client.force_login(focal_point)

    response = client.post(
        reverse("delegations:document_upload", args=[delegation.pk]),
        {"document": SimpleUploadedFile("note.pdf", content, content_type="application/pdf")},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    delegation.refresh_from_db()
    assert not delegation.document
