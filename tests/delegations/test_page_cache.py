"""The public list of participants is cached for anonymous visitors, and a change shows on the next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccm_portal.meetings.models import Category
from delegations import services
from delegations.models import Participant
from tests.factories import ParticipantFactory

from .factories_lists import approved_delegation, approved_participant

pytestmark = pytest.mark.django_db

URL = reverse("delegations:lop_public", args=["1msp"])


def fetch(client, url=URL):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def test_an_approved_consenting_participant_shows_on_the_public_list_at_the_next_request(world, secretariat):
    lao = world["lao_head"].delegation
    waiting = ParticipantFactory(
        delegation=lao, given_name="Khamsay", family_name="Phommachanh", status=Participant.Status.PENDING
    )
    visitor = Client()
    assert "Khamsay" not in fetch(visitor)[0]

    services.participant_decide(participant=waiting, by=secretariat, approve=True)

    assert "Khamsay" in fetch(visitor)[0]


def test_the_secretariats_approval_through_the_page_shows_on_the_public_list(client, world, secretariat):
    lao = world["lao_head"].delegation
    waiting = ParticipantFactory(
        delegation=lao, given_name="Khamsay", family_name="Phommachanh", status=Participant.Status.PENDING
    )
    visitor = Client()
    assert "Khamsay" not in fetch(visitor)[0]
    client.force_login(secretariat)

    decided = client.post(reverse("delegations:participant_decide", args=[lao.pk, waiting.pk]), {"decision": "approve"})

    assert decided.status_code in (200, 302)
    waiting.refresh_from_db()
    assert waiting.status == Participant.Status.APPROVED
    assert "Khamsay" in fetch(visitor)[0]


def test_withdrawn_consent_leaves_the_cached_public_list_at_the_next_request(world, secretariat):
    head = world["lao_head"]
    visitor = Client()
    assert "Thongloun" in fetch(visitor)[0]

    services.participant_update(
        participant=head, data={"public_consent": False}, by=secretariat, expected_version=head.version
    )

    assert "Thongloun" not in fetch(visitor)[0]


def test_a_cached_public_list_runs_fewer_queries_and_the_same_number_for_few_or_many_names(world):
    visitor = Client()
    _, rendered = fetch(visitor)
    _, cached_few = fetch(visitor)
    for index in range(5):
        delegation = approved_delegation(
            world["meeting"], country=["NO", "IE", "MX", "JP", "NZ"][index], category=Category.STATE_PARTY
        )
        for _ in range(4):
            approved_participant(delegation)
    fetch(visitor)
    _, cached_many = fetch(visitor)

    assert cached_few < rendered
    assert cached_many == cached_few


def test_french_and_english_public_lists_are_cached_separately(world):
    visitor = Client()
    fetch(visitor)
    french, _ = fetch(visitor, "/fr" + URL)
    english, _ = fetch(visitor)

    assert 'href="/fr/meetings/1msp/participants.pdf"' in french
    assert 'href="/meetings/1msp/participants.pdf"' in english
    assert "Thongloun" in french
    assert "Thongloun" in english
