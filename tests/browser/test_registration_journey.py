import re

import pytest
from django.core import mail

from delegations.models import Delegation
from tests.browser.helpers import log_in, log_out
from tests.conftest import make_pdf_bytes
from tests.factories import MeetingFactory, SecretariatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delegate_registers_a_state_and_the_secretariat_approves(page, tmp_path):
    meeting = MeetingFactory(title="Second Meeting of States Parties", short_title="2MSP", slug="2msp")
    SecretariatFactory(email="secretariat@example.org")
    note = tmp_path / "note-verbale.pdf"
    note.write_bytes(make_pdf_bytes())

    # Sign up, from a phone-sized screen.
    page.goto("/accounts/sign-up/")
    page.fill("#id_full_name", "Khamla Phommavong")
    page.fill("#id_email", "khamla@mission.example")
    page.fill("#id_password1", "Vientiane-2010-plan")
    page.fill("#id_password2", "Vientiane-2010-plan")
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    page.wait_for_selector("text=khamla@mission.example")

    # Confirm the address with the link from the e-mail.
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.wait_for_selector("text=Your e-mail address is confirmed")
    # The link confirms but does not log in (mail scanners open links too): log in.
    log_in(page, "khamla@mission.example", "Vientiane-2010-plan")

    # Register the state delegation.
    page.goto(f"/meetings/{meeting.slug}/")
    page.get_by_role("link", name=re.compile("Register a delegation", re.I)).click()
    page.check("input[name=kind][value=state]")
    page.select_option("#id_country", "LA")
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_selector("[data-testid=delegation-name]")
    assert "Lao" in page.inner_text("[data-testid=delegation-name]")

    # Upload the note verbale.
    page.set_input_files("#id_document", str(note))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("[data-testid=document-link]")

    # Add a head of delegation and an adviser.
    for role, title, given, family, email in [
        ("head", "H.E. Mr.", "Thongloun", "Sisoulith", "head@mission.example"),
        ("adviser", "Ms.", "Noy", "Vongsa", "adviser@mission.example"),
    ]:
        page.get_by_role("link", name="Add a participant").click()
        page.fill("#id_title", title)
        page.fill("#id_given_name", given)
        page.fill("#id_family_name", family)
        page.fill("#id_function", "Ministry of Foreign Affairs")
        page.select_option("#id_role", role)
        page.fill("#id_email", email)
        page.select_option("#id_gender", "female" if role == "adviser" else "male")
        page.check("#id_public_consent")
        page.get_by_role("button", name="Save").click()
        page.wait_for_selector(f"text={given} {family}")

    page.get_by_role("button", name="Submit the delegation").click()
    page.wait_for_selector("text=submitted to the secretariat")
    assert page.inner_text("[data-testid=delegation-status]") == "Submitted"
    log_out(page)

    # The secretariat approves the delegation and both participants from the dashboard.
    log_in(page, "secretariat@example.org", "correct horse battery")
    page.goto(f"/secretariat/{meeting.slug}/")
    queue = page.locator("[data-testid=delegation-queue]")
    queue.get_by_label(re.compile("Select Lao")).check()
    for name in ("Thongloun", "Noy"):
        page.locator("[data-testid=participant-queue]").get_by_label(re.compile(f"Select .*{name}")).check()
    page.check("input[name=decision][value=approve]")
    page.get_by_role("button", name="Record decisions").click()
    page.wait_for_selector("text=3 decisions recorded")
    log_out(page)

    # The focal point sees the approval.
    log_in(page, "khamla@mission.example", "Vientiane-2010-plan")
    page.goto("/delegations/")
    page.get_by_role("link", name=re.compile("Lao")).click()
    assert page.inner_text("[data-testid=delegation-status]") == "Approved"
    assert page.locator("[data-testid=participants]").inner_text().count("Approved") == 2
    delegation = Delegation.objects.get(meeting=meeting, country="LA")
    assert delegation.status == Delegation.Status.APPROVED
    assert any("approved" in message.body for message in mail.outbox if "khamla@mission.example" in message.to)
