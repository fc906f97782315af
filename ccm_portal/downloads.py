"""Responses that hand a file to the browser, the same way in every app.

A download is never sniffed into something else, never runs as a page
(sandboxed, no sources), and is kept out of shared caches unless a caller
says it is public. The file name is encoded by Django, so quotes or
non-ASCII names in it cannot break the header.
"""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

PRIVATE = "private, no-store"


def _harden(response, cache_control: str):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache_control
    return response


def download(
    content: bytes,
    *,
    filename: str,
    content_type: str = "application/pdf",
    inline: bool = False,
    cache_control: str = PRIVATE,
) -> HttpResponse:
    """Bytes made for this request (a rendered PDF, an export, a calendar)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return _harden(response, cache_control)


def streamed_download(
    chunks,
    *,
    filename: str,
    content_type: str,
    cache_control: str = PRIVATE,
) -> StreamingHttpResponse:
    """A file made for this request and sent as it is made (an export of thousands of rows)."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return _harden(response, cache_control)


def stored_file(
    field_file,
    *,
    filename: str,
    content_type: str = "application/pdf",
    inline: bool = False,
    cache_control: str = PRIVATE,
) -> FileResponse:
    """A file kept in private storage, streamed after the caller has checked permission."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    return _harden(response, cache_control)
