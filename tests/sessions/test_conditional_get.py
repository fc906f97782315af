"""Conditional GET on the cached public pages (ccm_portal/pagecache.py, render_page).

An anonymous visitor's page carries an ETag computed before rendering; asking again with it
answers 304 without rendering, until the page's data changes.
"""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from delegations.models import ParticipantListSettings

from .factories import MeetingSessionFactory

pytestmark = pytest.mark.django_db


def public_urls(meeting) -> dict[str, str]:
    return {
        "meeting": reverse("meetings:detail", args=[meeting.slug]),
        "programme": reverse("ccm_sessions:programme", args=[meeting.slug]),
        "agenda": reverse("ccm_sessions:agenda", args=[meeting.slug]),
        "participants": reverse("delegations:lop_public", args=[meeting.slug]),
        "outcomes": reverse("outcomes:published", kwargs={"slug": meeting.slug}),
    }


@pytest.fixture
def public_meeting(meeting, agenda, room):
    ParticipantListSettings.objects.update_or_create(
        meeting=meeting, defaults={"symbol": "CCM/MSP/2010/INF.1", "is_public": True}
    )
    MeetingSessionFactory(meeting=meeting, room=room, title="Opening plenary")
    return meeting


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return response, len(captured)


@pytest.mark.parametrize("page", ["meeting", "programme", "agenda", "participants", "outcomes"])
def test_asking_again_with_the_etag_answers_304_without_rendering(public_meeting, page):
    url = public_urls(public_meeting)[page]
    visitor = Client()
    first, first_queries = get(visitor, url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "private, no-cache"
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in first["Vary"].split(",")}

    again, again_queries = get(visitor, url, if_none_match=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "private, no-cache"
    # The browser keeps the CSP header stored with its copy: that copy's nonce.
    assert "Content-Security-Policy" not in again
    assert again_queries <= 3  # the meeting (and the list's settings), not the page's rows
    assert again_queries < first_queries


def test_an_edited_session_answers_200_with_the_new_programme(client, secretariat, public_meeting, room):
    url = public_urls(public_meeting)["programme"]
    visitor = Client()
    first = visitor.get(url)
    assert "Opening plenary" in first.content.decode()
    session = public_meeting.sessions.get(title="Opening plenary")
    client.force_login(secretariat)
    edited = client.post(
        reverse("ccm_sessions:session_edit", args=[public_meeting.slug, session.pk]),
        {
            "kind": "plenary",
            "title": "Resumed opening plenary",
            "day": public_meeting.start_date.isoformat(),
            "start_time": "15:00",
            "end_time": "18:00",
            "room": room.pk,
            "version": session.version,
        },
    )
    assert edited.status_code == 302

    again = visitor.get(url, headers={"if_none_match": first["ETag"]})

    assert again.status_code == 200
    assert "Resumed opening plenary" in again.content.decode()
    assert again["ETag"] != first["ETag"]
    assert visitor.get(url, headers={"if_none_match": again["ETag"]}).status_code == 304


def test_each_language_and_each_filter_has_its_own_etag(public_meeting):
    visitor = Client()
    english = visitor.get(public_urls(public_meeting)["programme"])
    with translation.override("fr"):
        french = visitor.get(reverse("ccm_sessions:programme", args=[public_meeting.slug]))
    assert french.status_code == 200
    filtered = visitor.get(public_urls(public_meeting)["programme"] + "?area=universalization")
    tags = {english["ETag"], french.get("ETag"), filtered.get("ETag")}
    assert len(tags) == 3


def test_a_new_csrf_secret_changes_the_etag(public_meeting):
    url = public_urls(public_meeting)["agenda"]
    visitor = Client()
    first = visitor.get(url)
    other_browser = Client()
    other_browser.get(url)  # a CSRF cookie of its own

    # The stored page's CSRF token was masked from another secret: it is sent again.
    assert other_browser.get(url, headers={"if_none_match": first["ETag"]}).status_code == 200


def test_a_signed_in_visitor_gets_no_etag_and_never_304(client, secretariat, public_meeting):
    url = public_urls(public_meeting)["programme"]
    etag = Client().get(url)["ETag"]
    client.force_login(secretariat)

    page = client.get(url, headers={"if_none_match": etag})

    assert page.status_code == 200
    assert "ETag" not in page


def test_a_page_with_a_message_waiting_gets_no_etag_and_shows_it(public_meeting):
    url = public_urls(public_meeting)["agenda"]
    visitor = Client()
    etag = visitor.get(url)["ETag"]
    # A message left for the next page (after a form elsewhere), in the messages cookie.
    cookie_storage = CookieStorage(RequestFactory().get(url))
    visitor.cookies["messages"] = cookie_storage._encode([Message(constants.INFO, "Your request was sent.")])

    page = visitor.get(url, headers={"if_none_match": etag})

    assert page.status_code == 200
    assert "Your request was sent." in page.content.decode()
    assert "ETag" not in page
