import re

import pytest

from delegations.models import JoinRequest
from tests.browser.helpers import log_in, log_out
from tests.factories import DelegationFactory, JoinRequestFactory, MeetingFactory, SecretariatFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_real_mission_asks_the_secretariat_which_transfers_the_squatted_delegation(page):
    meeting = MeetingFactory(slug="2msp", short_title="2MSP")
    squatter = UserFactory(full_name="Someone Else", email="someone@else.example")
    delegation = DelegationFactory(meeting=meeting, country="FR", sort_name="France", created_by=squatter)
    mission = UserFactory(full_name="Mission de France", email="mission@france.example")
    join_request = JoinRequestFactory(delegation=delegation, user=mission, message="We are the Permanent Mission.")
    SecretariatFactory(email="secretariat@example.org")

    # The mission, on a phone, passes its unanswered request to the secretariat.
    log_in(page, mission.email)
    page.goto(join_request.get_absolute_url())
    assert _fits_the_phone(page)
    page.get_by_role("button", name="Ask the secretariat").click()
    page.wait_for_selector("text=The secretariat has your request")
    log_out(page)

    # The secretariat finds it on the dashboard and transfers the delegation.
    log_in(page, "secretariat@example.org")
    page.goto(f"/secretariat/{meeting.slug}/")
    waiting = page.locator("[data-testid=waiting-join-requests]")
    assert "Mission de France" in waiting.inner_text()
    waiting.get_by_role("link", name="Transfer the focal point").click()
    assert _fits_the_phone(page)
    page.fill("#id_email", mission.email)
    page.get_by_role("button", name="Transfer").click()
    page.wait_for_selector("text=The focal point is transferred")

    assert list(delegation.focal_points.all()) == [mission]
    assert JoinRequest.objects.get(pk=join_request.pk).status == JoinRequest.Status.ACCEPTED
    page.goto(f"/delegations/{delegation.pk}/refuse/")
    assert _fits_the_phone(page)
    assert re.search("note verbale does not match", page.content())
