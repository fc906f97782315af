"""An anonymous visitor's whole page is stored (ccm_portal/pagecache.py, render_page): each
response still carries the visitor's own CSRF token, and a change shows on the next request."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_two_visitors_of_a_stored_page_get_their_own_csrf_token_and_can_switch_language():
    meeting = MeetingFactory(is_published=True)
    url = reverse("meetings:detail", args=[meeting.slug])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    first_page = first.get(url).content.decode()
    second_page = second.get(url).content.decode()

    assert "ccm-pagecache-csrf-slot" not in first_page + second_page
    assert csrf_token(first_page) != csrf_token(second_page)
    # The substituted token is the visitor's own: the language switcher's POST is accepted.
    response = second.post(
        reverse("set_language"), {"language": "fr", "next": url, "csrfmiddlewaretoken": csrf_token(second_page)}
    )
    assert response.status_code == 302


def test_a_new_meeting_is_on_the_home_page_at_the_next_request(client):
    MeetingFactory(is_published=True, title="First meeting of the bench")
    assert "First meeting of the bench" in client.get(reverse("home")).content.decode()

    MeetingFactory(is_published=True, title="Second meeting of the bench")

    assert "Second meeting of the bench" in client.get(reverse("home")).content.decode()


def test_a_renamed_meeting_is_renamed_on_the_home_page_at_the_next_request(client):
    meeting = MeetingFactory(is_published=True, title="Before the edit")
    assert "Before the edit" in client.get(reverse("home")).content.decode()

    meeting.title = "After the edit"
    meeting.save()

    page = client.get(reverse("home")).content.decode()
    assert "After the edit" in page
    assert "Before the edit" not in page
