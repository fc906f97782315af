"""The PDF renderer fetches the portal's static files and nothing else."""

import io

import pytest
from django.template import engines
from pypdf import PdfReader

from ccm_portal.pdf import StaticOnlyURLFetcher, html_to_pdf

STYLESHEET = "/static/pdf/document.css"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _render(body: str, head: str = "") -> tuple[bytes, StaticOnlyURLFetcher]:
    fetcher = StaticOnlyURLFetcher()
    pdf = html_to_pdf(f"<!doctype html><html><head>{head}</head><body>{body}</body></html>", fetcher=fetcher)
    return pdf, fetcher


def test_renderer_refuses_local_files_network_and_traversal_but_reads_static_files():
    pdf, fetcher = _render(
        head=f'<link rel=stylesheet href="http://127.0.0.1:9/x.css"><link rel="stylesheet" href="{STYLESHEET}">',
        body='<h1>List of participants</h1><img src="file:///etc/passwd"><img src="/static/../../etc/passwd">',
    )

    assert pdf.startswith(b"%PDF-")
    assert "List of participants" in _text(pdf)
    assert "http://127.0.0.1:9/x.css" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    # The base URL resolves the dots, so the traversal arrives as /etc/passwd on the portal host.
    assert any(url.endswith("/etc/passwd") and url.startswith("https://") for url in fetcher.refused)
    assert len(fetcher.refused) == 3
    assert fetcher.served == [f"https://ccm-portal.invalid{STYLESHEET}"]


@pytest.mark.parametrize(
    "src",
    [
        pytest.param("/static/%2e%2e/%2e%2e/etc/passwd", id="encoded-dots"),
        pytest.param("//evil.example/logo.png", id="other-host"),
        pytest.param("https://ccm-portal.invalid/private_media/note.pdf", id="outside-static"),
        pytest.param("ftp://evil.example/x.png", id="ftp"),
    ],
)
def test_renderer_refuses_other_escapes(src):
    _, fetcher = _render(f'<img src="{src}">')

    assert len(fetcher.refused) == 1


def test_renderer_records_a_doubled_slash_after_static_as_refused():
    _, fetcher = _render('<img src="/static//etc/passwd">')

    assert fetcher.refused == ["https://ccm-portal.invalid/static//etc/passwd"]


def test_renderer_reads_data_urls():
    pixel = (
        "data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )

    pdf, fetcher = _render(f'<p>Seal</p><img src="{pixel}">')

    assert fetcher.refused == []
    assert "Seal" in _text(pdf)


def test_markup_typed_by_a_user_is_printed_as_text_not_fetched():
    template = engines["django"].from_string("<!doctype html><html><body><p>Function: {{ function }}</p></body></html>")
    html = template.render({"function": '<img src="file:///etc/passwd">'})
    fetcher = StaticOnlyURLFetcher()

    pdf = html_to_pdf(html, fetcher=fetcher)

    assert '<img src="file:///etc/passwd">' in _text(pdf)
    assert fetcher.refused == []
