import re

import pytest
from playwright.sync_api import expect

from ccm_portal.meetings.models import Category
from delegations.models import Delegation
from sessions import services
from sessions.models import SpeakerEntry
from tests.browser.helpers import check_layout, log_in, log_out
from tests.factories import DelegationFactory, MeetingFactory, SecretariatFactory, UserFactory
from tests.sessions.factories import MeetingSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_reads_the_programme_inscribes_the_secretariat_gives_it_the_floor_and_the_room_screen_follows(
    browser, page, live_server, language
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
    session = MeetingSessionFactory(meeting=meeting, title="Opening plenary")
    session.agenda_items.add(item)

    # The room screen is open, without login, before anything happens.
    screen_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 720})
    screen = screen_context.new_page()
    screen.set_default_timeout(15000)
    screen.goto(language.url(f"/meetings/{meeting.slug}/speakers/{speakers_list.pk}/live/"))
    assert screen.locator("html").get_attribute("dir") == ("rtl" if language.rtl else "ltr")
    assert screen.inner_text("[data-testid=live-current]").strip() == "—"
    assert "Norway" in screen.inner_text("[data-testid=live-next]")
    screen.evaluate("window.stillTheSamePage = true")

    # The focal point reads the programme and the list of speakers of its first item, from a phone.
    log_in(page, focal.email, language=language)
    page.goto(language.url(f"/meetings/{meeting.slug}/programme/"))
    check_layout(page, language, "programme")
    assert "Opening plenary" in page.inner_text("[data-testid=programme-day]")
    page.locator(f"[data-testid=programme-day] a[href$='/speakers/{speakers_list.pk}/']").first.click()
    check_layout(page, language, "speakers-list")
    assert "Norway" in page.inner_text("main")

    # It inscribes France.
    page.goto(language.url(f"/meetings/{meeting.slug}/floor/"))
    check_layout(page, language, "floor")
    page.get_by_role("button", name=language.gettext("Inscribe %(delegation)s", delegation="France")).click()
    page.get_by_text(
        language.gettext("%(name)s is inscribed at number %(position)d.", name="France", position=2)
    ).wait_for()
    assert page.inner_text("[data-testid=my-place]") == language.gettext("Number %(number)s", number=2)
    log_out(page, language)

    # The secretariat moves France up and gives it the floor.
    log_in(page, secretariat.email, language=language)
    page.goto(language.url(f"/secretariat/{meeting.slug}/sessions/speakers/{speakers_list.pk}/"))
    check_layout(page, language, "speakers-manage")
    page.get_by_role("button", name=language.gettext("Move %(name)s up", name="France"), exact=True).click()
    page.get_by_text(language.gettext("%(name)s is now number %(position)d.", name="France", position=1)).wait_for()
    assert page.locator("[data-testid=entry-name]").all_inner_texts() == ["France", "Norway"]
    page.get_by_role("button", name=f"{language.gettext('Speaking')} France", exact=True).click()
    speaking = language.text(SpeakerEntry.Status.SPEAKING.label)
    page.get_by_text(language.gettext("%(name)s: %(status)s.", name="France", status=speaking)).wait_for()

    # The room screen updates itself (htmx polling), without a reload.
    # (expect() polls through the selector engine: a string predicate would be eval, which the CSP forbids.)
    expect(screen.locator("[data-testid=live-current]")).to_contain_text("France", timeout=15000)
    assert "Norway" in screen.inner_text("[data-testid=live-next]")
    assert re.fullmatch(r"[0-5]:\d\d", screen.inner_text("[data-testid=live-clock]").strip())
    assert screen.evaluate("window.stillTheSamePage === true")
    entry = SpeakerEntry.objects.get(speakers_list=speakers_list, delegation=france)
    assert (entry.position, entry.status) == (1, SpeakerEntry.Status.SPEAKING)
    screen_context.close()
