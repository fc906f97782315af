"""The main pages work in a real browser under the Content-Security-Policy, and the browser
reports no violation of it: the phone menu opens, the registration form shows the fields of
the kind chosen, the check-in desk answers a scan through htmx and gets ready for the next."""

import re

import pytest
from playwright.sync_api import expect

from delegations.models import Delegation
from sessions import services as sessions_services
from tests.browser.helpers import log_in, log_out
from tests.factories import DelegationFactory, MeetingFactory, SecretariatFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page, outside the page's policy (Playwright injects it).
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


class ViolationWatch:
    """Collects CSP violations from the page's events and from the console."""

    def __init__(self, page):
        self.page = page
        self.found = []
        page.on("console", self._console)
        page.context.add_init_script(LISTEN_FOR_VIOLATIONS)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url}: console: {message.text}")

    def visit(self, url):
        response = self.page.goto(url)
        assert response.status < 400, url
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), url
        self.page.wait_for_load_state("load")
        self.collect()

    def collect(self):
        # A violation event is dispatched asynchronously: give it a moment to arrive.
        self.page.wait_for_timeout(150)
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.found.append(f"{self.page.url}: {violation}")
        self.page.evaluate("window.__cspViolations = []")


def test_main_pages_run_under_the_policy_without_a_single_violation(page):
    meeting = MeetingFactory(title="Second Meeting of States Parties", short_title="2MSP", slug="2msp")
    secretariat = SecretariatFactory(email="secretariat@example.org")
    focal = UserFactory(email="focal@mission.example", full_name="Khamla Phommavong")
    lao = DelegationFactory(meeting=meeting, country="LA", created_by=focal, status=Delegation.Status.APPROVED)
    agenda = sessions_services.agenda_for(meeting)
    item = sessions_services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "General exchange"})
    speakers_list = sessions_services.speakers_list_open(
        meeting=meeting, by=secretariat, agenda_item=item, time_limit_seconds=300
    )
    watch = ViolationWatch(page)

    for url in (
        "/",
        "/meetings/",
        f"/meetings/{meeting.slug}/",
        f"/meetings/{meeting.slug}/participants/",
        f"/meetings/{meeting.slug}/programme/",
        f"/meetings/{meeting.slug}/agenda/",
        f"/meetings/{meeting.slug}/outcomes/",
        f"/meetings/{meeting.slug}/speakers/{speakers_list.pk}/live/",
        "/accounts/sign-up/",
        "/accounts/password-reset/",
    ):
        watch.visit(url)

    # The phone menu (Bootstrap's collapse) still opens.
    watch.visit("/")
    page.get_by_role("button", name="Menu").click()
    page.wait_for_selector("#nav.show:not(.collapsing)")
    assert page.get_by_role("link", name="Log in").is_visible()

    # The registration form shows the fields of the kind chosen, from static/js.
    log_in(page, focal.email)
    watch.collect()
    watch.visit(f"/meetings/{meeting.slug}/register/")
    page.check("input[name=kind][value=state]")
    assert page.locator("#div_id_country").is_visible()
    assert page.locator("#div_id_organisation_name").is_hidden()
    page.locator("input[name=kind]:not([value=state])").first.check()
    assert page.locator("#div_id_country").is_hidden()
    assert page.locator("#div_id_organisation_name").is_visible()
    watch.visit("/delegations/")
    watch.visit(f"/delegations/{lao.pk}/")
    watch.visit(f"/meetings/{meeting.slug}/floor/")
    log_out(page)

    # The check-in desk answers a scan in place and is ready for the next badge.
    log_in(page, secretariat.email)
    watch.collect()
    for url in (
        f"/secretariat/{meeting.slug}/",
        f"/secretariat/{meeting.slug}/participants/",
        f"/secretariat/{meeting.slug}/badges/",
        f"/secretariat/{meeting.slug}/sessions/",
        f"/secretariat/{meeting.slug}/sessions/speakers/{speakers_list.pk}/",
        "/meetings/treaty-status/",
    ):
        watch.visit(url)
    watch.visit(f"/secretariat/{meeting.slug}/check-in/")
    token = page.locator("input[name=token]")
    token.fill("not-a-badge")
    page.keyboard.press("Enter")
    page.wait_for_selector("#checkin-result [data-testid=checkin-refused]")
    # expect() polls through the selector engine: wait_for_function would eval a string, which the CSP forbids.
    expect(token).to_have_value("")
    expect(token).to_be_focused()
    assert re.search(r"/check-in/$", page.url)  # answered in place by htmx, not by a full page load
    watch.collect()

    assert watch.found == []
