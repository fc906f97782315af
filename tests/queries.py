"""Count the queries of a page as a running portal serves it: in a warm process.

A running portal keeps per-process memories warm (the meetings found by address, ccm_portal/
meetings/lookup.py; the public list's settings; the stored PDF copies already found), each
loaded by the first request after what it remembers changed. A test that creates or saves a
meeting and then counts one GET counts that load too, once, on whichever side of a 1-vs-many
comparison comes first. warm_queries asks once, as a running portal has been, then counts.

The warm-up leaves nothing in the shared cache, only in the process: an anonymous visitor's
programme, agenda, list or documents would otherwise be served whole from the cache of public
pages (ccm_portal/pagecache.py) on the counted request, which would then count no rendering at
all, and the staff list would use the lists' remembered fingerprints (delegations/
selectors_lists.recent_lop_fingerprints) instead of reading them. The counted request is the
first after a change, as the tests measured before d497052, in a warm process.
"""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext


def counted_get(client, url, data=None, *, status=200, **extra):
    """The queries and the response of one GET of `url`, in whatever state the process is in (use
    warm_get unless the test sets that state itself). A streamed response is read while counting,
    as it queries while it is read. The response must have `status`."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data, **extra)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == status, f"{url}: {response.status_code}, expected {status}"
    return len(captured.captured_queries), response


def count_queries(client, url, data=None, *, status=200, **extra) -> int:
    """The queries of one GET of `url`, in whatever state the process is in (see counted_get)."""
    return counted_get(client, url, data, status=status, **extra)[0]


def warm_get(client, url, data=None, *, status=200, **extra):
    """The queries and the response of one GET of `url` in a warm process: asked once first, as a
    running portal has been (per-process memories such as the meetings table are then loaded),
    then counted. Both responses must have `status`. What the warm-up would keep in the shared
    cache expires at once, so the counted request renders the page (see the module's docstring)."""
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, LOP_FINGERPRINT_CHECK_SECONDS=0):
        counted_get(client, url, data, status=status, **extra)
    return counted_get(client, url, data, status=status, **extra)


def warm_queries(client, url, data=None, *, status=200, **extra) -> int:
    """Queries of one GET of `url` in a warm process: asked once first, as a running portal has been
    (per-process memories such as the meetings table are then loaded), then counted."""
    return warm_get(client, url, data, status=status, **extra)[0]
