"""Cached public pages (README, "Cached public pages").

The main content of a meeting's public pages (meeting page, programme, agenda, public list of
participants, published documents) is rendered once per meeting, language, time zone, day and
version of the data it shows, and kept in Django's default cache. Only anonymous visitors are
served from it: a signed-in user's page carries their own controls and is always rendered.

Each meeting has one version token per area of data. Every save or delete of a row that a public
page shows replaces the token of its area (the apps connect their models with `watch`), so the
next request misses the cache and renders the new data. The token is replaced at once and again
when the transaction commits: a request that read the old rows between the two caches them under
a token that is already gone.

The whole page of an anonymous visitor is cached too (`render_page`), under the block's key,
the template, the address and the portal's look: base.html, the menu, the language switcher and
the footer are rendered once, not on every request. The only part of such a page that differs
per response is the CSRF token (the language switcher is a POST form): the page is rendered
with CSRF_SLOT in its place and each response gets the visitor's own masked token substituted
(which also sets the CSRF cookie, as rendering the token would). The portal's pages carry no
CSP nonce (no inline script or style; tests/test_security_headers.py). A page with a message
waiting is rendered, never stored.

Conditional GET (`render_page`): an anonymous visitor's page gets a weak ETag computed before
anything is rendered, from the block's key (version tokens, language, zone, day, filters), the
address, the visitor's CSRF secret (the page's token is masked from it) and the portal's own
look (identity, static files). A browser that asks again with that ETag gets 304 and keeps its
copy, whose nonce matches the CSP header it stored with it: the 304 carries no CSP header of
its own (a new nonce would block the stored page's scripts). Pages with a message waiting, and
every signed-in visitor's page, are neither tagged nor answered 304.

The tokens, and the values a process keeps under them (`local_value`), are
ccm_portal/versions.py's; within one request each token is read from the cache once.
"""

import collections
import functools
import hashlib
import threading
import time

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers

from ccm_portal import versions as tokens

# The meeting itself (title, dates, time zone...) is part of every page's key.
MEETING = "meeting"
PROGRAMME = "programme"
PARTICIPANTS = "participants"
OUTCOMES = "outcomes"
AREAS = (MEETING, PROGRAMME, PARTICIPANTS, OUTCOMES)

PREFIX = tokens.PREFIX
# Rows shared by every meeting (organisations, the treaty-status register) change this one.
GLOBAL_KEY = f"{PREFIX}:version:global"
# Any meeting's own row (the home page lists them all) changes this one.
MEETINGS_KEY = f"{PREFIX}:version:meetings"


def timeout() -> int:
    """How long a rendered block is kept (seconds); a version change makes it unreachable sooner."""
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 3600)


def version_key(meeting_id: int, area: str) -> str:
    return f"{PREFIX}:meeting:{meeting_id}:version:{area}"


def bump(meeting_id: int | None, *areas: str) -> None:
    """Make the cached pages of these areas of a meeting stale (every meeting's if `meeting_id` is None)."""
    keys = [GLOBAL_KEY] if meeting_id is None else [version_key(meeting_id, area) for area in areas or AREAS]
    if meeting_id is None or MEETING in (areas or AREAS):
        keys.append(MEETINGS_KEY)
    tokens.replace(keys)


def versions(meeting_id: int, areas) -> str:
    """The current tokens of the global version and of these areas, in one cache round trip."""
    keys = [GLOBAL_KEY, version_key(meeting_id, MEETING)] + [version_key(meeting_id, a) for a in areas if a != MEETING]
    return tokens.read(keys)


def meetings_version() -> str:
    """The current tokens of the global version and of every meeting's row (the home page's data)."""
    return tokens.read([GLOBAL_KEY, MEETINGS_KEY])


def page_key(request, name: str, meeting, areas, *, vary=()) -> str | None:
    """The cache key of a page's content block, or None when this visitor's page is not cached.

    `vary` holds whatever else changes the output (validated filters, a flag computed from the
    clock). The language, the active time zone and today's date are always part of it.
    """
    if request.user.is_authenticated:
        return None
    parts = [
        name,
        meeting.pk,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        *vary,
        versions(meeting.pk, areas),
    ]
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f"{PREFIX}:{name}:{meeting.pk}:{digest}"


def site_key(request, name: str, version: str, *, vary=()) -> str | None:
    """page_key for a page of no one meeting (the home page): `version` from meetings_version()."""
    if request.user.is_authenticated:
        return None
    parts = [
        name,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        *vary,
        version,
    ]
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f"{PREFIX}:{name}:{digest}"


local_value = tokens.local_value


def lazy(compute):
    """`compute`, run at most once and only if the template asks: the view passes data this way.

    A plain callable, which the template engine calls when it resolves the variable, rather than
    a SimpleLazyObject: base.html's error summary looks at every context value's class, which
    would make a SimpleLazyObject run its queries even when the block comes from the cache.
    """
    return functools.cache(compute)


def cached_block(key: str | None, render) -> str:
    """The block stored under `key`, or `render()` stored there first; always rendered without a key."""
    if key is None:
        return render()
    block = cache.get(key)
    if block is None:
        block = render()
        cache.set(key, block, timeout())
    return block


def watch(model, areas, meeting_id_of) -> None:
    """Replace the tokens of `areas` of the row's meeting whenever a row of `model` is saved or deleted.

    `meeting_id_of(row)` returns the meeting's id, or None for a row every meeting shows. A row
    whose parent is already gone (a cascade) makes every page stale rather than one too few.
    """

    def changed(sender, instance, **kwargs):
        if kwargs.get("raw") or kwargs.get("action", "post_").startswith("pre_"):
            return
        try:
            # From the other side of a many-to-many relation the row is not one of ours.
            meeting_id = meeting_id_of(instance) if isinstance(instance, model) else None
        except ObjectDoesNotExist:
            meeting_id = None
        bump(meeting_id, *areas)

    uid = f"pagecache:{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(changed, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}:{field.name}")


# Browsers keep the page and ask again every time; shared caches keep nothing (Vary alone would
# let a proxy mix languages or hand one visitor's CSRF token to another).
PAGE_CACHE_CONTROL = "private, no-cache"
PAGE_VARY = ("Cookie", "Accept-Language")


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0  # counts them without marking them read


def _site_token() -> str:
    """What every page shows of the portal itself: its identity (cached) and its static files' manifest.

    The identity's row as stored (one cache read) and the settings its empty fields fall back to.
    """
    from ccm_portal.meetings import identity

    names = ("PORTAL_EMBLEM", "PORTAL_CONTACT_EMAIL", "DEFAULT_FROM_EMAIL")
    fallbacks = [getattr(settings, name, "") for name in names]
    return f"{getattr(staticfiles_storage, 'manifest_hash', '')}|{sorted(identity.current().items())!r}|{fallbacks!r}"


def page_etag(request, key: str | None, site: str | None = None) -> str | None:
    """The weak ETag of an anonymous visitor's page whose block is cached under `key`; None for no ETag."""
    if key is None or request.method not in ("GET", "HEAD") or _has_messages(request):
        return None
    site = _site_token() if site is None else site
    parts = [key, request.get_full_path(), request.META.get("CSRF_COOKIE", ""), site]
    return f'W/"{hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]}"'


def _validated(response, etag: str):
    response["ETag"] = etag
    response["Cache-Control"] = PAGE_CACHE_CONTROL
    patch_vary_headers(response, PAGE_VARY)
    return response


# Stands in for the CSRF token in a stored page; every response gets the visitor's own token there.
CSRF_SLOT = "ccm-pagecache-csrf-slot"


def html_key(request, key: str, template_name: str, site: str) -> str:
    """Where the whole page of an anonymous visitor is stored: the block's key, the template, the address, the look."""
    parts = [key, template_name, request.get_full_path(), request.headers.get("HX-Request", ""), site]
    return f"{PREFIX}:html:{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:32]}"


class _LocalPages:
    """This process's copies of the stored whole pages, in front of the shared cache.

    A stored page never changes under its key (the key holds the version tokens, the language,
    the day and the look), so a copy kept here is as good as the shared one while it is young
    enough; it saves the shared cache's round trip and the unpickling of a page of 200 kB.
    Bounded by size, the oldest dropped first.
    """

    MAX_BYTES = 32 * 1024 * 1024

    def __init__(self):
        self.pages = collections.OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self.lock:
            found = self.pages.get(key)
            if found is None:
                return None
            expires, html = found
            if expires < time.monotonic():
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return html

    def set(self, key: str, html: str, seconds: int) -> None:
        if len(html) > self.MAX_BYTES // 8:
            return
        with self.lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = (time.monotonic() + seconds, html)
            self.size += len(html)
            while self.size > self.MAX_BYTES:
                self._drop(next(iter(self.pages)))

    def _drop(self, key: str) -> None:
        _expires, html = self.pages.pop(key)
        self.size -= len(html)


_local_pages = _LocalPages()


def _stored_page(key: str) -> str | None:
    html = _local_pages.get(key)
    if html is None:
        html = cache.get(key)
        if html is not None:
            _local_pages.set(key, html, timeout())
    return html


def _store_page(key: str, html: str) -> None:
    cache.set(key, html, timeout())
    _local_pages.set(key, html, timeout())


def render_page(request, template_name: str, context: dict, *, key: str | None = None):
    """`render()` for a page with a cached block (`key`, else the context's page_key), with conditional GET.

    304 when the browser's ETag is the page's: nothing rendered, no query for the block. An
    anonymous visitor's page is served whole from the cache when it is there (nothing rendered).
    """
    key = context.get("page_key") if key is None else key
    if key is None:
        return render(request, template_name, context)
    site = _site_token()
    etag = page_etag(request, key, site)
    if etag is not None:
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            # The stored page keeps the CSP header (and nonce) it came with.
            not_modified._csp_exempt = not_modified._csp_exempt_ro = True
            return _validated(not_modified, etag)
    # Without an ETag (a message waiting, a POST) the page is rendered and never stored.
    stored_under = html_key(request, key, template_name, site) if etag is not None else None
    html = _stored_page(stored_under) if stored_under is not None else None
    if html is None:
        response = render(request, template_name, {**context, "csrf_token": CSRF_SLOT})
        html = response.content.decode(response.charset)
        if stored_under is not None and response.status_code == 200 and not _has_messages(request):
            _store_page(stored_under, html)
    else:
        response = HttpResponse(content_type="text/html; charset=utf-8")
    # The visitor's own masked token (a first visit's CSRF secret is made here, and its cookie set).
    response.content = html.replace(CSRF_SLOT, get_token(request)) if CSRF_SLOT in html else html
    if etag is not None and response.status_code == 200 and not _has_messages(request):
        # Again: a first visit's CSRF secret was just made.
        response = _validated(response, page_etag(request, key, site))
    return response
