"""Refuse request bodies larger than the portal ever needs, before anything reads them.

DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and Django streams a large
upload to a temporary file whatever its size: without this check a client could fill
the disk with a multi-gigabyte "note verbale". The reverse proxy should refuse such
bodies first (nginx: client_max_body_size); this is the same limit inside the app.
"""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def max_request_bytes() -> int:
    return int(getattr(settings, "MAX_REQUEST_BYTES", settings.MAX_UPLOAD_BYTES + 1024 * 1024))


def _back(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("home")


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = max_request_bytes()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            response = render(
                request,
                "errors/request_too_large.html",
                {
                    "size": filesizeformat(length),
                    "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
                    "back": _back(request),
                },
                status=413,
            )
            # The body is not read: close the connection rather than leave it for the next request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
