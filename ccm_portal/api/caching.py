"""Every answer of the open API goes through `public_read`: rate limit, ETag, cached body.

1. Rate limit per client address (the one login throttling trusts, behind the configured
   proxies): `API_RATE_LIMIT` requests (default "120/min"), counted in Django's cache by
   django-ninja's throttle; past it, 429 with Retry-After in whole seconds.
2. An answer about one meeting is keyed by the version tokens of the data it shows
   (ccm_portal/pagecache.py: every save of such a row replaces them), the path, the query
   string and the day. Its body is kept in the cache under that key with its ETag, so a
   repeated request costs the meeting's lookup and no other query, and a client that
   sends the ETag back gets 304 without a body.
3. Answers spanning meetings (the meetings list) and the documents register, which no
   version token follows yet, are rendered each time; their ETag is the body's digest, so a
   conditional GET still gets 304.

The API answers the same to everyone: it never looks at who is signed in, and always in
English (translated texts are given per language in the body). Every answer allows any
origin (CORS `*`): it is public and never depends on cookies, so a page of another site
may read it.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from ninja.throttling import AnonRateThrottle

from ccm_portal import pagecache
from ccm_portal.accounts.throttling import client_ip
from ccm_portal.meetings.models import Meeting

KEY_PREFIX = "ccm:api:v1"


class ClientThrottle(AnonRateThrottle):
    """django-ninja's sliding-window throttle, per client address as the portal reads it."""

    cache_format = "ccm:api:throttle:%(ident)s"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def get_cache_key(self, request):
        return self.cache_format % {"ident": client_ip(request) or "unknown"}


def max_age() -> int:
    return settings.API_MAX_AGE_SECONDS


def too_many_requests(wait: float | None) -> HttpResponse:
    seconds = max(1, int(wait + 0.999)) if wait else 1
    response = HttpResponse(
        b'{"detail": "Too many requests: try again in a few seconds."}',
        status=429,
        content_type="application/json",
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def published_meeting(slug: str) -> Meeting:
    """A published meeting, whoever asks: the open API shows no unpublished meeting to anyone."""
    meeting = Meeting.objects.published().filter(slug=slug).first()
    if meeting is None:
        raise Http404
    return meeting


def _key(request, meeting: Meeting | None, areas) -> str:
    parts = [request.path, sorted(request.GET.lists()), timezone.localdate().isoformat()]
    if meeting is not None:
        parts += [meeting.pk, pagecache.versions(meeting.pk, areas)]
    else:
        parts.append(cache.get(pagecache.GLOBAL_KEY) or "")
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{digest}"


def _finish(request, body: bytes, etag: str, status: int = 200) -> HttpResponse:
    not_modified = get_conditional_response(request, etag=etag) if status == 200 else None
    response = not_modified or HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age())
    return response


def public_read(*areas, meeting_param: str | None = "meeting", global_data: bool = False, store: bool = True):
    """Wrap a ninja operation's `run` (ninja.decorators.decorate_view) with the steps above.

    `areas` name the pagecache areas of the meeting whose rows the answer shows; with
    `global_data` the answer depends on rows every meeting shares (the treaty-status
    register) and is cached under the global token. `store=False` for data no pagecache area
    follows yet: the answer is rendered each time and tagged with its digest. The wrapped run
    finds the meeting already loaded as `request.api_meeting`.
    """

    def decorator(run):
        @wraps(run)
        def wrapper(request, *args, **kwargs):
            response = answer(request, *args, **kwargs)
            # Public data without cookies or credentials: any web page may read it (the treaty's site).
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
            return response

        def answer(request, *args, **kwargs):
            throttle = ClientThrottle()
            if not throttle.allow_request(request):
                return too_many_requests(throttle.wait())
            with translation.override("en"):
                meeting = None
                if meeting_param:
                    try:
                        meeting = published_meeting(kwargs.get(meeting_param, ""))
                    except Http404:
                        response = HttpResponse(b'{"detail": "Not Found"}', status=404, content_type="application/json")
                        response["Cache-Control"] = "no-cache"
                        return response
                    request.api_meeting = meeting
                cacheable = store and (meeting is not None or global_data)
                key = _key(request, meeting, areas) if cacheable else None
                stored = cache.get(key) if key else None
                if stored is not None:
                    body, etag = stored
                    return _finish(request, body, etag)
                response = run(request, *args, **kwargs)
                if response.status_code != 200 or getattr(response, "streaming", False):
                    return response
                body = response.content
                etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
                if key:
                    cache.set(key, (body, etag), pagecache.timeout())
                return _finish(request, body, etag)

        return wrapper

    return decorator
