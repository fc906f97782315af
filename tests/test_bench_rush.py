"""The delegates bench/rush.py makes beforehand (bench/support/rush.py) can each do the rush's journey,
and only on their own delegation."""

import pytest
from django.urls import reverse

from bench.support.rush import seed_rush
from delegations.models import Delegation, Participant
from tests.delegations.test_views import participant_post

pytestmark = pytest.mark.django_db

PASSWORD = "a long password of the rush"


def test_each_seeded_delegate_logs_in_and_adds_a_participant_to_their_own_delegation_only(client):
    delegates = seed_rush("rush", 3, PASSWORD)

    assert len({entry["delegation"] for entry in delegates}) == 3
    first, second = delegates[0], delegates[1]
    login = client.post(reverse("accounts:login"), {"username": first["email"], "password": PASSWORD})
    assert login.status_code == 302
    own = reverse("delegations:detail", args=[first["delegation"]])
    add = reverse("delegations:participant_add", args=[first["delegation"]])
    page = client.get(own)
    assert page.status_code == 200
    assert f'href="{add}"' in page.content.decode()
    saved = client.post(add, participant_post(email="head@rush.example"))
    assert saved.status_code == 302
    assert saved.url == own
    assert Participant.objects.filter(delegation_id=first["delegation"]).count() == 1
    # Somebody else's delegation stays closed to them.
    assert client.get(reverse("delegations:detail", args=[second["delegation"]])).status_code == 404
    assert (
        client.post(reverse("delegations:participant_add", args=[second["delegation"]]), participant_post()).status_code
        == 404
    )
    assert not Participant.objects.filter(delegation_id=second["delegation"]).exists()
    assert Delegation.objects.get(pk=second["delegation"]).status == Delegation.Status.DRAFT
