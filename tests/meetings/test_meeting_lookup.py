"""Meetings found by address from each process's table (ccm_portal/meetings/lookup.py): a change
to a meeting is seen at the next request, and each request has its own copy of the row."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccm_portal import pagecache
from ccm_portal.meetings import lookup
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_an_unpublished_meeting_is_not_found_at_the_next_request(client):
    meeting = MeetingFactory(is_published=True)
    url = reverse("meetings:detail", args=[meeting.slug])
    assert client.get(url).status_code == 200

    meeting.is_published = False
    meeting.save()

    assert client.get(url).status_code == 404
    assert client.get(reverse("ccm_sessions:programme", args=[meeting.slug])).status_code == 404


def test_a_renamed_meeting_and_its_new_time_zone_show_on_its_page_at_the_next_request(client):
    meeting = MeetingFactory(is_published=True, title="Before the edit", time_zone="Asia/Vientiane")
    url = reverse("meetings:detail", args=[meeting.slug])
    assert "Before the edit" in client.get(url).content.decode()

    meeting.title = "After the edit"
    meeting.time_zone = "America/Santiago"
    meeting.save()

    page = client.get(url).content.decode()
    assert "After the edit" in page
    assert "Before the edit" not in page
    assert lookup.by_slug(meeting.slug).time_zone == "America/Santiago"


def test_a_deleted_meeting_is_not_found_any_more():
    meeting = MeetingFactory(is_published=True)
    slug = meeting.slug
    assert lookup.by_slug(slug) is not None

    meeting.delete()

    assert lookup.by_slug(slug) is None


def test_what_one_caller_does_to_its_meeting_does_not_reach_the_next():
    meeting = MeetingFactory(is_published=True, title="As stored")

    mine = lookup.by_slug(meeting.slug)
    mine.title = "Changed in memory only"
    mine.official_languages.append("xx")

    again = lookup.by_slug(meeting.slug)
    assert again.title == "As stored"
    assert "xx" not in again.official_languages


def test_the_table_is_read_once_per_version_of_the_meetings():
    first = MeetingFactory(is_published=True)
    second = MeetingFactory(is_published=True)
    lookup.by_slug(first.slug)

    with CaptureQueriesContext(connection) as queries:
        assert lookup.by_slug(second.slug).pk == second.pk
        assert lookup.by_slug("no-such-meeting") is None
    assert len(queries) == 0


def test_an_unpublished_meeting_is_seen_only_by_those_who_plan_meetings(secretariat):
    meeting = MeetingFactory(is_published=False)

    with pytest.raises(Http404):
        lookup.visible_meeting(AnonymousUser(), meeting.slug)
    assert lookup.visible_meeting(secretariat, meeting.slug).pk == meeting.pk


def test_a_version_token_is_read_from_the_cache_once_per_request(client, monkeypatch):
    meeting = MeetingFactory(is_published=True)
    # The meeting page reads the meetings' tokens (its lookup) and its areas' (its key): both include the global one.
    url = reverse("meetings:detail", args=[meeting.slug])
    client.get(url)
    reads = []
    real_get_many = pagecache.cache.get_many
    monkeypatch.setattr(pagecache.cache, "get_many", lambda keys: reads.extend(keys) or real_get_many(keys))

    client.get(url)

    assert reads, "the page reads its version tokens"
    assert len(reads) == len(set(reads))


def test_outside_a_request_every_read_asks_the_cache():
    meeting = MeetingFactory(is_published=True)
    before = pagecache.versions(meeting.pk, [pagecache.PROGRAMME])

    pagecache.cache.set(pagecache.version_key(meeting.pk, pagecache.PROGRAMME), "set-elsewhere", None)

    assert pagecache.versions(meeting.pk, [pagecache.PROGRAMME]) != before
