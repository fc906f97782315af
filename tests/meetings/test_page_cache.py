"""The meeting page is cached for anonymous visitors; a change and a signed-in user's controls show at once."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db


def test_a_renamed_meeting_and_a_new_approved_delegation_show_on_the_next_request(meeting):
    url = reverse("meetings:detail", args=[meeting.slug])
    visitor = Client()
    assert "Renamed meeting" not in visitor.get(url).content.decode()

    meeting.title = "Renamed meeting"
    meeting.save()
    DelegationFactory(meeting=meeting, status="approved", country="NO")

    page = visitor.get(url).content.decode()
    assert "Renamed meeting" in page
    assert "1 state" in page


def test_the_secretariat_sees_its_links_after_an_anonymous_visit(client, secretariat, meeting):
    url = reverse("meetings:detail", args=[meeting.slug])
    edit = reverse("meetings:edit", args=[meeting.slug])
    assert edit not in Client().get(url).content.decode()
    client.force_login(secretariat)

    assert edit in client.get(url).content.decode()
