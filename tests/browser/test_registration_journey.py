import re

import pytest
from django.core import mail

from delegations.models import Delegation, Participant
from tests.browser.helpers import check_layout, log_in, log_out
from tests.conftest import make_pdf_bytes
from tests.factories import MeetingFactory, SecretariatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delegate_registers_a_state_and_the_secretariat_approves(page, tmp_path, language):
    meeting = MeetingFactory(title="Second Meeting of States Parties", short_title="2MSP", slug="2msp")
    SecretariatFactory(email="secretariat@example.org")
    note = tmp_path / "note-verbale.pdf"
    note.write_bytes(make_pdf_bytes())

    # Sign up, from a phone-sized screen.
    page.goto(language.url("/accounts/sign-up/"))
    check_layout(page, language, "sign-up")
    page.fill("#id_full_name", "Khamla Phommavong")
    page.fill("#id_email", "khamla@mission.example")
    page.fill("#id_password1", "Vientiane-2010-plan")
    page.fill("#id_password2", "Vientiane-2010-plan")
    page.get_by_role("button", name=language.gettext("Sign up"), exact=True).click()
    page.wait_for_selector("text=khamla@mission.example")

    # Confirm the address with the link from the e-mail.
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_text(
        language.gettext("Your e-mail address is confirmed. Log in with your password to continue.")
    ).wait_for()
    check_layout(page, language, "log-in")
    # The link confirms but does not log in (mail scanners open links too): log in.
    log_in(page, "khamla@mission.example", "Vientiane-2010-plan", language)

    # Register the state delegation.
    page.goto(language.url(f"/meetings/{meeting.slug}/"))
    check_layout(page, language, "meeting")
    page.get_by_role("link", name=language.gettext("Register a delegation")).click()
    check_layout(page, language, "register")
    page.check("input[name=kind][value=state]")
    page.select_option("#id_country", "LA")
    page.get_by_role("button", name=language.pgettext("verb", "Register"), exact=True).click()
    page.wait_for_selector("[data-testid=delegation-name]")
    assert "Lao" in page.inner_text("[data-testid=delegation-name]")

    # Upload the note verbale.
    page.set_input_files("#id_document", str(note))
    page.get_by_role("button", name=language.gettext("Upload"), exact=True).click()
    page.wait_for_selector("[data-testid=document-link]")

    # Add a head of delegation and an adviser.
    for role, title, given, family, email in [
        ("head", "H.E. Mr.", "Thongloun", "Sisoulith", "head@mission.example"),
        ("adviser", "Ms.", "Noy", "Vongsa", "adviser@mission.example"),
    ]:
        page.get_by_role("link", name=language.gettext("Add a participant"), exact=True).click()
        check_layout(page, language, "participant-form")
        page.fill("#id_title", title)
        page.fill("#id_given_name", given)
        page.fill("#id_family_name", family)
        page.fill("#id_function", "Ministry of Foreign Affairs")
        page.select_option("#id_role", role)
        page.fill("#id_email", email)
        page.select_option("#id_gender", "female" if role == "adviser" else "male")
        page.check("#id_public_consent")
        page.get_by_role("button", name=language.gettext("Save"), exact=True).click()
        page.wait_for_selector(f"text={given} {family}")

    check_layout(page, language, "delegation")
    page.get_by_role("button", name=language.gettext("Submit the delegation"), exact=True).click()
    page.get_by_text(language.gettext("The delegation is submitted to the secretariat.")).wait_for()
    assert page.inner_text("[data-testid=delegation-status]") == language.text(Delegation.Status.SUBMITTED.label)
    log_out(page, language)

    # The secretariat approves the delegation and both participants from the dashboard.
    log_in(page, "secretariat@example.org", "correct horse battery", language)
    page.goto(language.url(f"/secretariat/{meeting.slug}/"))
    check_layout(page, language, "accreditation")
    delegation = Delegation.objects.get(meeting=meeting, country="LA")
    queue = page.locator("[data-testid=delegation-queue]")
    queue.get_by_label(language.gettext("Select %(name)s", name=delegation.sort_name), exact=True).check()
    for participant in Participant.objects.filter(delegation=delegation):
        page.locator("[data-testid=participant-queue]").get_by_label(
            language.gettext("Select %(name)s", name=participant.display_name), exact=True
        ).check()
    page.check("input[name=decision][value=approve]")
    page.get_by_role("button", name=language.gettext("Record decisions"), exact=True).click()
    page.get_by_text(language.ngettext("%(count)d decision recorded.", "%(count)d decisions recorded.", 3)).wait_for()
    log_out(page, language)

    # The focal point sees the approval.
    log_in(page, "khamla@mission.example", "Vientiane-2010-plan", language)
    page.goto(language.url("/delegations/"))
    check_layout(page, language, "my-delegations")
    page.get_by_role("link", name=re.compile("Lao")).click()
    approved = language.text(Participant.Status.APPROVED.label)
    assert page.inner_text("[data-testid=delegation-status]") == language.text(Delegation.Status.APPROVED.label)
    assert page.locator("[data-testid=participants]").inner_text().count(approved) == 2
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.APPROVED
    assert any("approved" in message.body for message in mail.outbox if "khamla@mission.example" in message.to)
