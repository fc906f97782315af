"""Serving stored renders to browsers: conditional GET, the "being prepared" answer, and the
per-user limit on the PDFs still rendered while someone waits.

A stored copy never changes once written, so its fingerprint is a strong ETag and the time
its job finished is its Last-Modified: a browser that already has it gets 304 and no body.
When no copy exists yet the render is queued and the visitor is asked to come back in a few
seconds (503 with Retry-After): no request of a visitor ever runs WeasyPrint. What staff
still render on demand (the working text, a comparison, reports) goes through
`on_demand_allowed`, a counter per user in Django's cache.
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from ccm_portal.downloads import PRIVATE, stored_file

from .models import RenderJob

# How long the "being prepared" page asks the browser to wait before trying again.
RETRY_AFTER_SECONDS = 5


def _validators(job: RenderJob) -> tuple[str, float | None]:
    etag = quote_etag(job.fingerprint)
    # HTTP dates count whole seconds: a copy finished at 10:00:00.7 is "not modified since 10:00:00".
    last_modified = int(job.finished_at.timestamp()) if job.finished_at else None
    return etag, last_modified


def serve_job(
    request, job: RenderJob, *, filename: str | None = None, inline: bool = False, cache_control: str | None = None
):
    """The job's stored file, or 304 when the browser's copy (If-None-Match / If-Modified-Since) is this one.

    What an anonymous visitor may download is public: browsers and proxies may keep it and ask
    again with its ETag ("no-cache"). A signed-in reader's copy stays out of every cache.
    """
    if cache_control is None:
        cache_control = PRIVATE if request.user.is_authenticated else "no-cache"
    etag, last_modified = _validators(job)
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        response = stored_file(
            job.file,
            filename=filename or job.filename,
            content_type=job.content_type,
            inline=inline,
            cache_control=cache_control,
        )
    else:
        response = not_modified
        response["Cache-Control"] = cache_control
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def preparing(request, job: RenderJob | None, *, title: str, back_url: str = ""):
    """The page answered while the first copy of a document is rendered: retry in a few seconds."""
    response = render(
        request,
        "jobs/preparing.html",
        {"title": title, "job": job, "back_url": back_url, "retry_after": RETRY_AFTER_SECONDS},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # An expected answer, not a server error: kept out of django.request's error log (and admins' mail).
    response._has_been_logged = True
    return response


def on_demand_limit() -> tuple[int, int]:
    """(renders, seconds): how many on-demand renders one user may start in a window."""
    return tuple(getattr(settings, "ON_DEMAND_RENDER_LIMIT", (10, 60)))


def on_demand_allowed(user, what: str = "pdf") -> bool:
    """Count one on-demand render for this user; False once they have used up the window's allowance."""
    limit, window = on_demand_limit()
    key = f"on-demand-render:{what}:{getattr(user, 'pk', None) or 'anonymous'}"
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def too_many_renders(request, *, back_url: str = ""):
    """The 429 page: this user asked for too many PDFs rendered on demand in a short time."""
    limit, window = on_demand_limit()
    response = render(
        request,
        "jobs/too_many_renders.html",
        {"limit": limit, "window": window, "back_url": back_url},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response
