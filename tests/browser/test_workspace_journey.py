"""The drafters' workspace in Chromium: one actions menu per paragraph that opens without
JavaScript, tabs on one scrolling line, and several paragraphs marked agreed in one submit."""

import datetime as dt

import pytest
from django.utils import timezone

from outcomes import services
from outcomes.models import Paragraph
from tests.browser.helpers import ENGLISH, check_layout, log_in
from tests.browser.test_accessibility import FAILING_IMPACTS, axe_violations
from tests.factories import MeetingFactory, SecretariatFactory, UserFactory
from tests.outcomes.factories import build_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def negotiated_plan():
    meeting = MeetingFactory(symbol_prefix="CCM/MSP/2010", short_title="1MSP", slug="1msp")
    secretariat = SecretariatFactory()
    drafter = UserFactory(email="friend@presidency.example", full_name="Friend of the President", role="organiser")
    plan = services.document_create(
        meeting=meeting, by=secretariat, kind="action_plan", title="Vientiane Action Plan", drafters=[drafter]
    )
    plan.built = build_plan(plan, secretariat, actions_per_section=4)
    services.document_circulate(
        document=plan, by=secretariat, comment_deadline=timezone.now() + dt.timedelta(days=3), notify=False
    )
    services.document_open_negotiation(document=plan, by=drafter)
    return plan, drafter


@pytest.mark.parametrize("width", [390, 1280])
def test_a_drafter_opens_a_paragraphs_menu_and_marks_three_paragraphs_agreed_at_once(
    browser, live_server, settings, negotiated_plan, width
):
    plan, drafter = negotiated_plan
    settings.SITE_URL = live_server.url
    # The page's CSP would refuse axe's script: this context bypasses it (nothing else runs inline).
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        _journey(page, plan, drafter)
    finally:
        context.close()


def _journey(page, plan, drafter):
    log_in(page, drafter.email)
    page.goto(f"/outcomes/{plan.pk}/workspace/")
    check_layout(page, ENGLISH, "workspace")

    cards = page.locator("[data-testid=workspace-paragraph]")
    assert page.locator("[data-testid=paragraph-actions]").count() == cards.count()
    # The tabs stay on one line (they scroll sideways on a phone instead of wrapping).
    tops = page.locator("main .nav-tabs .nav-link").evaluate_all(
        "links => new Set(links.map(l => Math.round(l.getBoundingClientRect().top))).size"
    )
    assert tops == 1

    first = cards.first
    edit = first.get_by_role("link", name="Edit")
    assert not edit.is_visible()
    first.locator("summary").click()
    assert edit.is_visible()
    serious = [v["id"] for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert serious == []

    chosen = plan.built["actions"][:3]
    for paragraph in chosen:
        page.check(f"#agree-{paragraph.pk}")
    page.get_by_role("button", name="Mark the selected paragraphs agreed").click()
    page.get_by_text("3 paragraphs marked agreed.").wait_for()

    assert [Paragraph.objects.get(pk=p.pk).status for p in chosen] == [Paragraph.Status.AGREED] * 3
    assert Paragraph.objects.get(pk=plan.built["actions"][3].pk).status == Paragraph.Status.OPEN
