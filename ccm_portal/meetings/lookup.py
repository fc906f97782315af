"""Meetings found by their address name, read from the database once per version of the meetings.

Nearly every page names a meeting in its address: the time-zone middleware needs its zone and
the view its row. Both ask here. Every meeting's row is loaded once per version of the
meetings (pagecache.meetings_version(), which the save or delete of any meeting replaces, in
every process at once) and kept in the process, pickled: each caller unpickles its own copy, so
nothing a view does to its meeting reaches another request. A page then costs one cache read
for its meeting instead of two queries.

Pages that change a meeting (the secretariat's edit form) read it from the database, as they
must: they compare what they show with what is stored.
"""

import pickle

from django.http import Http404

from ccm_portal import pagecache

from .models import Meeting


def _load() -> dict[str, bytes]:
    return {meeting.slug: pickle.dumps(meeting) for meeting in Meeting.objects.all()}


def by_slug(slug: str) -> Meeting | None:
    """The meeting with this address name (published or not), or None."""
    rows = pagecache.local_value(pagecache.meetings_version(), "meetings-by-slug", _load)
    found = rows.get(slug)
    return pickle.loads(found) if found is not None else None  # noqa: S301 (pickled by this process)


def visible_meeting(user, slug: str) -> Meeting:
    """The meeting this user may see (Meeting.objects.visible_to), else 404."""
    meeting = by_slug(slug)
    if meeting is None or not meeting.is_visible_to(user):
        raise Http404
    return meeting
