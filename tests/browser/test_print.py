"""Printing the programme prints the programme: no menu bar, language switcher, filters or buttons."""

import pytest

from tests.browser.helpers import SCREENSHOTS_DIR
from tests.factories import MeetingFactory
from tests.sessions.factories import MeetingSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shown(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).display !== 'none'")


def test_the_printed_programme_keeps_the_sessions_and_drops_the_page_chrome(page):
    meeting = MeetingFactory(slug="print-msp")
    MeetingSessionFactory(meeting=meeting, title="Opening plenary")
    page.goto(f"/meetings/{meeting.slug}/programme/")
    assert _shown(page, "nav.navbar")

    page.emulate_media(media="print")

    assert not _shown(page, "nav.navbar")
    assert not _shown(page, ".language-bar")
    assert not _shown(page, 'form[method="get"]')
    assert not _shown(page, "a.btn")
    assert _shown(page, "[data-testid=programme-day]")
    assert _shown(page, "[data-testid=meeting-band]")
    badge = page.locator(".badge").first
    assert badge.evaluate("element => getComputedStyle(element).color") == "rgb(0, 0, 0)"
    assert badge.evaluate("element => getComputedStyle(element).backgroundColor") == "rgba(0, 0, 0, 0)"
    # What the printed page looks like, for a person to judge.
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS_DIR / "print-programme.png"), full_page=True)
