import re

import pytest
from playwright.sync_api import expect

from ccm_portal.meetings.models import Category
from delegations.models import Delegation
from sessions import services
from sessions.models import SpeakerEntry
from tests.browser.helpers import log_in, log_out
from tests.factories import DelegationFactory, MeetingFactory, SecretariatFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_inscribes_the_secretariat_gives_it_the_floor_and_the_room_screen_follows(
    browser, page, live_server
):
    meeting = MeetingFactory(short_title="1MSP", slug="1msp")
    secretariat = SecretariatFactory(email="secretariat@example.org")
    focal = UserFactory(email="focal.france@example.org", full_name="Claire Martin")
    france = DelegationFactory(
        meeting=meeting,
        country="FR",
        created_by=focal,
        category=Category.STATE_PARTY,
        status=Delegation.Status.APPROVED,
    )
    norway = DelegationFactory(
        meeting=meeting, country="NO", category=Category.STATE_PARTY, status=Delegation.Status.APPROVED
    )
    agenda = services.agenda_for(meeting)
    item = services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "General exchange of views"})
    speakers_list = services.speakers_list_open(
        meeting=meeting, by=secretariat, agenda_item=item, time_limit_seconds=300
    )
    services.speaker_inscribe(speakers_list=speakers_list, delegation=norway, by=norway.created_by)

    # The room screen is open, without login, before anything happens.
    screen_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 720})
    screen = screen_context.new_page()
    screen.set_default_timeout(15000)
    screen.goto(f"/meetings/{meeting.slug}/speakers/{speakers_list.pk}/live/")
    assert screen.inner_text("[data-testid=live-current]").strip() == "—"
    assert "Norway" in screen.inner_text("[data-testid=live-next]")
    screen.evaluate("window.stillTheSamePage = true")

    # The focal point inscribes France, from a phone.
    log_in(page, focal.email)
    page.goto(f"/meetings/{meeting.slug}/floor/")
    page.get_by_role("button", name=re.compile("Inscribe France")).click()
    page.wait_for_selector("text=France is inscribed at number 2.")
    assert page.inner_text("[data-testid=my-place]") == "Number 2"
    log_out(page)

    # The secretariat moves France up and gives it the floor.
    log_in(page, secretariat.email)
    page.goto(f"/secretariat/{meeting.slug}/sessions/speakers/{speakers_list.pk}/")
    page.get_by_role("button", name="Move France up").click()
    page.wait_for_selector("text=France is now number 1.")
    assert page.locator("[data-testid=entry-name]").all_inner_texts() == ["France", "Norway"]
    page.get_by_role("button", name="Mark France speaking").click()
    page.wait_for_selector("text=France: Speaking.")

    # The room screen updates itself (htmx polling), without a reload.
    # (expect() polls through the selector engine: a string predicate would be eval, which the CSP forbids.)
    expect(screen.locator("[data-testid=live-current]")).to_contain_text("France", timeout=15000)
    assert "Norway" in screen.inner_text("[data-testid=live-next]")
    assert re.fullmatch(r"[0-5]:\d\d", screen.inner_text("[data-testid=live-clock]").strip())
    assert screen.evaluate("window.stillTheSamePage === true")
    entry = SpeakerEntry.objects.get(speakers_list=speakers_list, delegation=france)
    assert (entry.position, entry.status) == (1, SpeakerEntry.Status.SPEAKING)
    screen_context.close()
