"""A delegation submits a working paper from a phone, the secretariat issues it, and it is on the documents page."""

import pytest

from ccm_portal.meetings.models import Category
from delegations.models import Delegation, PaperSubmission
from sessions import services
from tests.browser.helpers import ENGLISH, check_layout, log_in, log_out
from tests.conftest import make_pdf_bytes
from tests.factories import DelegationFactory, MeetingFactory, SecretariatFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_submits_a_co_sponsored_paper_the_secretariat_issues_it_and_the_public_finds_it(page):
    meeting = MeetingFactory(short_title="1MSP", slug="1msp", symbol_prefix="CCM/MSP/2010")
    secretariat = SecretariatFactory(email="secretariat@example.org")
    focal = UserFactory(email="focal.france@example.org", full_name="Claire Martin")
    france = DelegationFactory(
        meeting=meeting, country="FR", created_by=focal, category=Category.STATE_PARTY, status="approved"
    )
    DelegationFactory(meeting=meeting, country="NO", category=Category.STATE_PARTY, status=Delegation.Status.APPROVED)
    agenda = services.agenda_for(meeting)
    services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "General exchange of views"})
    services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "Victim assistance"})

    # The focal point goes from the delegation's page to its papers and submits one.
    log_in(page, focal.email)
    page.goto(france.get_absolute_url())
    page.click("[data-testid=papers-link]")
    check_layout(page, ENGLISH, "papers")
    page.get_by_role("link", name="Submit a paper", exact=True).click()
    check_layout(page, ENGLISH, "paper-submit")
    page.fill("#id_title", "Victim assistance: a national focal point in every State")
    page.select_option("#id_agenda_item", "2")
    page.select_option("#id_co_sponsors", label="Norway")
    page.set_input_files(
        "#id_pdf", {"name": "paper.pdf", "mimeType": "application/pdf", "buffer": make_pdf_bytes("Working paper")}
    )
    page.get_by_role("button", name="Submit to the secretariat", exact=True).click()
    page.get_by_text("The paper is with the secretariat.", exact=False).wait_for()
    check_layout(page, ENGLISH, "paper")
    assert page.inner_text("[data-testid=paper-status]") == "Submitted, awaiting the secretariat"
    assert "English" in page.inner_text("[data-testid=paper-files]")
    log_out(page)

    # The secretariat opens it from its queue and issues it.
    log_in(page, secretariat.email)
    page.goto(f"/secretariat/{meeting.slug}/papers/")
    check_layout(page, ENGLISH, "paper-queue")
    page.get_by_role("link", name="Victim assistance: a national focal point in every State").click()
    check_layout(page, ENGLISH, "paper-review")
    page.get_by_role("button", name="Issue the paper", exact=True).click()
    page.get_by_text("Issued as CCM/MSP/2010/WP.1", exact=False).wait_for()
    log_out(page)

    # Anyone finds it on the meeting's documents page, by two states.
    page.goto(f"/meetings/{meeting.slug}/documents/")
    main = page.inner_text("main")
    assert "WP.1" in main
    assert "Victim assistance: a national focal point in every State" in main
    assert "Multiple States" in main
    assert PaperSubmission.objects.get().status == PaperSubmission.Status.ISSUED
