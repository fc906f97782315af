import threading

import pytest
from django.db import connection
from django.urls import reverse

from ccm_portal.audit.models import AuditEntry
from delegations import badges, selectors_lists, services_lists
from delegations.models import CheckIn, Delegation
from tests.delegations.factories_lists import approved_delegation, approved_participant
from tests.factories import MeetingFactory
from tests.queries import warm_get

pytestmark = pytest.mark.django_db


def token_of(participant) -> str:
    services_lists.ensure_badge_keys(participants=[participant])
    participant.refresh_from_db()
    return badges.badge_token(participant)


@pytest.fixture
def desk(client, secretariat):
    client.force_login(secretariat)
    return client


def scan(desk, token, **extra):
    return desk.post(reverse("delegations:checkin", args=["1msp"]), {"token": token}, **extra)


def test_scanning_a_badge_records_the_arrival_and_shows_the_identity_card(desk, world):
    head = world["lao_head"]

    response = scan(desk, token_of(head))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="checkin-arrived"' in body
    assert "H.E. Mr. Thongloun SISOULITH" in body
    assert "Lao People&#x27;s Democratic Republic" in body
    assert "States Parties" in body
    assert "Approved" in body
    arrival = CheckIn.objects.get(participant=head)
    assert arrival.outcome == "arrived"
    assert arrival.by is not None
    assert AuditEntry.objects.filter(trail=head.trail, action="checked in").exists()


def test_a_second_check_in_is_shown_as_such_with_the_first_time(desk, world):
    token = token_of(world["ivory"])
    scan(desk, token)

    second = scan(desk, token).content.decode()

    assert 'data-testid="checkin-repeat"' in second
    assert "Already checked in" in second
    assert list(CheckIn.objects.values_list("outcome", flat=True).order_by("pk")) == ["arrived", "repeat"]


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("rejected", "was rejected"),
        ("pending", "is not approved"),
        ("in_rejected", "delegation of this participant was rejected"),
        ("in_draft", "not accredited"),
    ],
)
def test_a_registration_that_is_not_approved_is_refused_loudly(desk, world, who, reason):
    response = scan(desk, token_of(world[who]))

    body = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="checkin-refused"' in body
    assert "REFUSED" in body
    assert reason in body
    assert CheckIn.objects.get(participant=world[who]).outcome == "refused"
    assert not CheckIn.objects.filter(outcome="arrived").exists()


def test_a_registration_revoked_after_the_badge_was_printed_is_refused(desk, world, secretariat):
    from delegations import services

    head = world["lao_head"]
    token = token_of(head)
    services.participant_decide(participant=head, by=secretariat, approve=False, reason="Credentials withdrawn")

    response = scan(desk, token)
    assert response.status_code == 403
    assert "was rejected" in response.content.decode()


def test_tampered_and_foreign_tokens_are_refused_at_the_door(desk, world):
    token = token_of(world["lao_head"])
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    other_meeting = MeetingFactory(short_title="2MSP")
    foreigner = approved_participant(approved_delegation(other_meeting, country="NO", sort_name="Norway"))

    for bad, message in [
        (tampered, "altered"),
        (token_of(foreigner), "another meeting"),
        ("https://example.org/not-a-badge", "not a badge code"),
    ]:
        response = scan(desk, bad)
        assert response.status_code == 403
        assert message in response.content.decode()
    assert not CheckIn.objects.exists()


def test_htmx_scan_returns_the_card_and_fresh_counts(desk, world):
    response = scan(desk, token_of(world["china"]), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Mr. 王伟" in body
    assert 'data-hx-swap-oob="true"' in body
    assert '<td class="text-end" data-category="3">1</td>' in body


def test_live_counts_by_category(desk, world):
    for who in ("lao_head", "lao_adviser", "icrc_member"):
        services_lists.check_in(participant=world[who], by=None)
    services_lists.check_in(participant=world["lao_head"], by=None)  # a repeat is not a second arrival

    counts = {
        row["category"]: (row["arrived"], row["expected"]) for row in selectors_lists.live_counts(world["meeting"])
    }
    assert counts[1] == (2, 5)
    assert counts[4] == (1, 1)
    assert counts[None] == (3, 8)
    fragment = desk.get(reverse("delegations:checkin_counts", args=["1msp"])).content.decode()
    assert 'data-category="total">3<' in fragment
    assert 'data-hx-trigger="every 5s"' in fragment


def test_name_search_finds_the_participant_and_the_card_records_arrival(desk, world):
    found = desk.get(reverse("delegations:checkin", args=["1msp"]), {"q": "sisoul"}).content.decode()
    card_url = reverse("delegations:checkin_card", args=["1msp", world["lao_head"].pk])
    assert card_url in found

    card = desk.get(card_url).content.decode()
    assert "Record arrival" in card
    assert "Thongloun" in card
    desk.post(card_url)
    assert CheckIn.objects.get(participant=world["lao_head"]).outcome == "arrived"


def test_card_of_a_rejected_participant_warns_before_any_scan(desk, world):
    card = desk.get(reverse("delegations:checkin_card", args=["1msp", world["rejected"].pk])).content.decode()
    assert "Do not admit" in card


def test_name_search_makes_the_same_queries_for_one_or_many_matches(desk, world):
    url = reverse("delegations:checkin", args=["1msp"])
    one, page = warm_get(desk, url, {"q": "Sisoulith"})
    assert "Sisoulith" in page.content.decode()
    for index in range(5):
        approved_participant(world["lao"], role="expert", given_name=f"Extra{index}", family_name="Sisoulith")
    many, page = warm_get(desk, url, {"q": "Sisoulith"})
    assert page.content.decode().count("/check-in/participants/") == 6
    assert one == many


@pytest.mark.django_db(transaction=True)
def test_two_scanners_reading_the_same_badge_at_once_record_one_arrival(on_postgres, world):
    participant = world["ivory"]
    barrier = threading.Barrier(2)
    outcomes = []

    def door():
        try:
            barrier.wait(timeout=10)
            outcomes.append(services_lists.check_in(participant=participant, by=None).outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=door) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["arrived", "repeat"]
    assert CheckIn.objects.filter(participant=participant, outcome="arrived").count() == 1


def test_check_in_refuses_participant_of_delegation_made_pending_again(world):
    Delegation.objects.filter(pk=world["icrc"].pk).update(status=Delegation.Status.SUBMITTED)
    result = services_lists.check_in(participant=world["icrc_member"], by=None)
    assert result.refused
    assert "not accredited" in result.reason
