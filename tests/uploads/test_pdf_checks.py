"""Uploaded PDFs: active content, polyglots and decompression bombs are refused with a clear message."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    EncodedStreamObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ccm_portal.uploads import validate_pdf_upload
from tests.conftest import make_pdf_bytes

MB = 1024 * 1024


def _bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _upload(content: bytes, name: str = "note.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _page_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value
    return action


def _refusal(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_pdf_upload(_upload(content))
    return caught.value


def _stream_of_zeros(size: int) -> EncodedStreamObject:
    """A FlateDecode stream that inflates to `size` zero bytes, built without holding them in memory."""
    deflater = zlib.compressobj(1)
    chunk = b"\0" * MB
    parts = [deflater.compress(chunk) for _ in range(size // MB)]
    parts.append(deflater.flush())
    stream = EncodedStreamObject()
    stream._data = b"".join(parts)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    return stream


def _with_streams(*streams) -> bytes:
    writer = _page_writer()
    page = writer.pages[0]
    resources = DictionaryObject()
    xobjects = DictionaryObject()
    for index, stream in enumerate(streams):
        stream[NameObject("/Type")] = NameObject("/XObject")
        stream[NameObject("/Subtype")] = NameObject("/Form")
        stream[NameObject("/BBox")] = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(1), NumberObject(1)])
        xobjects[NameObject(f"/X{index}")] = writer._add_object(stream)
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    return _bytes(writer)


def test_a_plain_pdf_with_links_and_an_open_at_page_one_is_accepted():
    writer = _page_writer()
    writer.add_uri(0, "https://www.clusterconvention.org/", [10, 10, 100, 30])
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )

    validate_pdf_upload(_upload(_bytes(writer)))


def test_a_pdf_with_a_javascript_open_action_is_refused():
    writer = _page_writer()
    writer._root_object[NameObject("/OpenAction")] = _action("/JavaScript", JS=TextStringObject("app.alert(1)"))

    error = _refusal(_bytes(writer))

    assert error.code == "javascript"
    assert "JavaScript" in error.messages[0]


def test_a_pdf_with_document_level_javascript_is_refused():
    writer = _page_writer()
    script = writer._add_object(_action("/JavaScript", JS=TextStringObject("this.print();")))
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("x"), script])}
            )
        }
    )

    assert _refusal(_bytes(writer)).code == "javascript"


def test_a_pdf_with_a_launch_action_on_a_link_is_refused():
    writer = _page_writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]),
            NameObject("/A"): _action("/Launch", F=TextStringObject("calc.exe")),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    error = _refusal(_bytes(writer))

    assert error.code == "launch"
    assert "start programs" in error.messages[0]


def test_a_pdf_with_page_triggers_is_refused():
    writer = _page_writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/JavaScript", JS=TextStringObject("app.alert(2)"))}
    )

    assert _refusal(_bytes(writer)).code == "javascript"


def test_a_pdf_with_an_embedded_file_is_refused():
    writer = _page_writer()
    writer.add_attachment("payload.exe", b"MZ\x90\x00")

    error = _refusal(_bytes(writer))

    assert error.code == "embedded"
    assert "embedded files" in error.messages[0]


def test_a_pdf_with_rich_media_is_refused():
    writer = _page_writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/RichMedia"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    assert _refusal(_bytes(writer)).code == "media"


def test_an_xfa_form_is_refused():
    writer = _page_writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp:xdp/>")}
    )

    assert _refusal(_bytes(writer)).code == "xfa"


@pytest.mark.parametrize(
    "prefix",
    [b"<html><body><script>alert(1)</script>\n", b"\xef\xbb\xbf", b" ", b"GIF89a"],
    ids=["html-first polyglot", "byte-order mark", "leading space", "gif header"],
)
def test_a_file_that_does_not_start_with_the_pdf_header_is_refused(prefix):
    error = _refusal(prefix + make_pdf_bytes())

    assert error.code == "not_pdf"


def test_a_flate_bomb_of_zeros_is_refused_without_inflating_it_all():
    error = _refusal(_with_streams(_stream_of_zeros(300 * MB)))

    assert error.code == "bomb"
    assert "more than 50.0\xa0MB" in error.messages[0]


def test_streams_that_together_inflate_beyond_the_budget_are_refused():
    error = _refusal(_with_streams(*(_stream_of_zeros(40 * MB) for _ in range(3))))

    assert error.code == "bomb"


def test_a_run_length_bomb_is_refused():
    stream = EncodedStreamObject()
    stream._data = b"\x81\x00" * (420 * 1024) + b"\x80"  # each pair: 128 zeros
    stream[NameObject("/Filter")] = NameObject("/RunLengthDecode")

    assert _refusal(_with_streams(stream)).code == "bomb"


def test_an_ordinary_compressed_stream_is_accepted():
    validate_pdf_upload(_upload(_with_streams(_stream_of_zeros(2 * MB))))


def test_a_pdf_over_the_page_limit_is_refused(settings):
    settings.MAX_PDF_PAGES = 3
    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(width=595, height=842)

    error = _refusal(_bytes(writer))

    assert error.code == "too_many_pages"
    assert "more than 3 pages" in error.messages[0]
