import datetime as dt
import re

import pytest
from django.utils import timezone

from delegations.models import Delegation
from outcomes import services
from outcomes.models import Paragraph, Proposal
from tests.browser.helpers import log_in, log_out
from tests.factories import DelegationFactory, MeetingFactory, SecretariatFactory, UserFactory
from tests.outcomes.factories import build_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def circulate(page, document, days):
    page.goto(f"/outcomes/{document.pk}/")
    page.get_by_role("link", name=re.compile("Circulate")).click()
    local = (timezone.now() + dt.timedelta(days=days)).astimezone(document.meeting.tzinfo)
    page.fill("#id_comment_deadline", local.strftime("%Y-%m-%dT%H:%M"))
    page.check("#id_confirm")
    page.get_by_role("button", name="Circulate").click()
    page.wait_for_selector("text=is circulated")


def test_drafter_circulates_a_delegation_proposes_the_drafter_accepts_and_rev1_shows_the_change(page):
    meeting = MeetingFactory(symbol_prefix="CCM/MSP/2010", short_title="1MSP", slug="1msp")
    secretariat = SecretariatFactory()
    drafter = UserFactory(email="friend@presidency.example", full_name="Friend of the President", role="organiser")
    delegate = UserFactory(email="delegate@mission.example", full_name="Mexican Delegate")
    DelegationFactory(
        meeting=meeting, country="MX", sort_name="Mexico", created_by=delegate, status=Delegation.Status.APPROVED
    )
    plan = services.document_create(
        meeting=meeting, by=secretariat, kind="action_plan", title="Vientiane Action Plan", drafters=[drafter]
    )
    build_plan(plan, secretariat)

    # The Friend of the President circulates the draft action plan.
    log_in(page, drafter.email)
    circulate(page, plan, days=10)
    assert page.inner_text("[data-testid=document-symbol]") == "CCM/MSP/2010/WP.1"
    log_out(page)

    # Mexico proposes to amend Action #1.
    log_in(page, delegate.email)
    page.goto(f"/outcomes/{plan.pk}/")
    page.get_by_role("link", name="Propose an amendment to Action #1").click()
    page.check("input[name=kind][value=replace]")
    page.fill("#id_text", "Take step 1 of area 1 within six months.")
    page.fill("#id_rationale", "Six months is achievable and keeps the pressure on.")
    page.get_by_role("button", name="Send the proposal").click()
    page.wait_for_selector("text=Your proposal is sent")
    assert "Pending" in page.inner_text("[data-testid=proposal-list]")
    log_out(page)

    # The drafter accepts it: the text goes into the working draft.
    log_in(page, drafter.email)
    page.goto(f"/outcomes/{plan.pk}/proposals/")
    page.get_by_role("link", name=re.compile("Decide")).first.click()
    page.check("input[name=decision][value=accept]")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_selector("text=Proposal accepted")
    assert Proposal.objects.get().status == Proposal.Status.ACCEPTED
    assert Paragraph.objects.filter(text="Take step 1 of area 1 within six months.").exists()

    # Rev.1 is circulated, and the comparison shows what changed.
    circulate(page, plan, days=20)
    assert page.inner_text("[data-testid=document-symbol]") == "CCM/MSP/2010/WP.1/Rev.1"
    page.get_by_role("link", name="Compare").click()
    assert page.inner_text("[data-testid=compare-summary]") == "1 changed, 0 added, 0 deleted, 0 moved."
    changed = page.locator("[data-testid=compare-row][data-status=changed]")
    assert changed.locator("ins").inner_text() == "six months"
    assert changed.locator("del").inner_text() == "one year"
    assert "Action #1" in changed.inner_text()
