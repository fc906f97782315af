"""The accreditation queue's "select every row on this page" box: shown and working when the
script runs under the strict CSP, and the ticked page decided in one go."""

import pytest
from django_countries import countries

from delegations.models import Delegation
from tests.browser.helpers import log_in
from tests.factories import DelegationFactory, MeetingFactory, SecretariatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_ticks_a_whole_page_of_the_queue_and_approves_it(page):
    meeting = MeetingFactory(slug="2msp", short_title="2MSP")
    codes = [code for code, _name in countries][:27]
    for n, code in enumerate(codes):
        DelegationFactory(meeting=meeting, status="submitted", country=code, sort_name=f"State {n:02d}")
    SecretariatFactory(email="secretariat@example.org")

    log_in(page, "secretariat@example.org")
    page.goto(f"/secretariat/{meeting.slug}/")
    queue = page.locator("[data-testid=delegation-queue]")
    select_all = queue.get_by_label("Select every delegation on this page")
    select_all.check()

    rows = queue.locator('tbody input[name="delegations"]')
    assert rows.count() == 25
    assert all(rows.nth(i).is_checked() for i in range(25))
    rows.nth(0).uncheck()
    assert select_all.evaluate("box => box.indeterminate")
    rows.nth(0).check()

    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record decisions").click()
    page.wait_for_selector("text=25 decisions recorded.")

    assert Delegation.objects.filter(meeting=meeting, status="approved").count() == 25
    assert Delegation.objects.filter(meeting=meeting, status="submitted").count() == 2
