import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from delegations.models import Delegation
from outcomes import services
from outcomes.models import Paragraph, Proposal
from tests.browser.helpers import check_layout, log_in, log_out
from tests.conftest import make_pdf_bytes
from tests.factories import DelegationFactory, MeetingFactory, SecretariatFactory, UserFactory
from tests.outcomes.factories import build_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def circulate(page, document, days, language, *, step, symbol):
    """Take the step named `step` ("Circulate for comments", then "Circulate a revision") and confirm it."""
    page.goto(language.url(f"/outcomes/{document.pk}/"))
    page.locator("[data-testid=transitions]").get_by_role("link", name=language.gettext(step)).click()
    local = (timezone.now() + dt.timedelta(days=days)).astimezone(document.meeting.tzinfo)
    page.fill("#id_comment_deadline", local.strftime("%Y-%m-%dT%H:%M"))
    page.check("#id_confirm")
    page.get_by_role("button", name=language.gettext("Circulate"), exact=True).click()
    page.get_by_text(
        language.gettext(
            "%(symbol)s is circulated; the accredited delegations' focal points are being e-mailed.", symbol=symbol
        )
    ).wait_for()


def publish_a_declaration(meeting, by, languages):
    """An adopted and published declaration with uploaded PDFs in `languages`; returns those PDFs' bytes."""
    declaration = services.document_create(meeting=meeting, by=by, kind="declaration", title="Vientiane Declaration")
    services.paragraph_add(
        document=declaration, section=declaration.sections.get(), by=by, kind="operative", text="We declare."
    )
    services.document_circulate(
        document=declaration, by=by, comment_deadline=timezone.now() + dt.timedelta(days=1), notify=False
    )
    services.mark_all_agreed(document=declaration, by=by)
    services.document_adopt(document=declaration, by=by, own_symbol="CCM/MSP/2010/5")
    uploaded = {}
    for code in languages:
        uploaded[code] = make_pdf_bytes(f"Vientiane Declaration ({code})")
        upload = SimpleUploadedFile(f"declaration-{code}.pdf", uploaded[code], content_type="application/pdf")
        version = services.translation_upload(
            document=declaration, language=code, upload=upload, by=by, expected_version=0
        )
        # Readers see issued versions only.
        services.translation_save(
            document=declaration,
            language=code,
            by=by,
            title=f"Vientiane Declaration ({code})",
            texts={},
            status="issued",
            expected_version=version.version,
        )
    services.document_publish(document=declaration, by=by)
    return uploaded


def test_drafter_circulates_a_delegation_proposes_the_drafter_accepts_and_rev1_shows_the_change(page, language):
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
    log_in(page, drafter.email, language=language)
    circulate(page, plan, 10, language, step="Circulate for comments", symbol="CCM/MSP/2010/WP.1")
    check_layout(page, language, "outcome-document")
    assert page.inner_text("[data-testid=document-symbol]") == "CCM/MSP/2010/WP.1"
    log_out(page, language)

    # Meanwhile the meeting has published a declaration, in English and in two language versions.
    uploaded = publish_a_declaration(meeting, secretariat, languages=["fr", "ar"])

    # Mexico downloads the declaration in the language it reads the portal in.
    log_in(page, delegate.email, language=language)
    page.goto(language.url(f"/meetings/{meeting.slug}/outcomes/"))
    check_layout(page, language, "published-documents")
    with page.expect_download() as download_info:
        page.locator(f"[data-testid=published-documents] a[hreflang={language.code}]").click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF-")
    if language.code in uploaded:
        assert download.suggested_filename.endswith(f"-{language.code}.pdf")
        assert pdf == uploaded[language.code]

    # Mexico proposes to amend Action #1.
    page.goto(language.url(f"/outcomes/{plan.pk}/"))
    action_1 = language.gettext("Action #%(number)s", number=1)
    propose = language.name('Propose an amendment<span class="visually-hidden"> to %(label)s</span>', label=action_1)
    page.get_by_role("link", name=propose, exact=True).click()
    check_layout(page, language, "proposal-form")
    page.check("input[name=kind][value=replace]")
    page.fill("#id_text", "Take step 1 of area 1 within six months.")
    page.fill("#id_rationale", "Six months is achievable and keeps the pressure on.")
    page.get_by_role("button", name=language.gettext("Send the proposal"), exact=True).click()
    page.get_by_text(language.gettext("Your proposal is sent to the drafters.")).wait_for()
    check_layout(page, language, "proposals")
    assert language.text(Proposal.Status.PENDING.label) in page.inner_text("[data-testid=proposal-list]")
    log_out(page, language)

    # The drafter accepts it: the text goes into the working draft.
    log_in(page, drafter.email, language=language)
    page.goto(language.url(f"/outcomes/{plan.pk}/proposals/"))
    decide = language.name(
        'Decide<span class="visually-hidden"> on the proposal of <bdi>%(delegation)s</bdi></span>', delegation="Mexico"
    )
    page.get_by_role("link", name=decide, exact=True).first.click()
    check_layout(page, language, "proposal-decide")
    page.check("input[name=decision][value=accept]")
    page.get_by_role("button", name=language.gettext("Record the decision"), exact=True).click()
    page.get_by_text(language.gettext("Proposal accepted.")).wait_for()
    assert Proposal.objects.get().status == Proposal.Status.ACCEPTED
    assert Paragraph.objects.filter(text="Take step 1 of area 1 within six months.").exists()

    # Rev.1 is circulated, and the comparison shows what changed.
    circulate(page, plan, 20, language, step="Circulate a revision", symbol="CCM/MSP/2010/WP.1/Rev.1")
    assert page.inner_text("[data-testid=document-symbol]") == "CCM/MSP/2010/WP.1/Rev.1"
    page.get_by_role("link", name=language.pgettext("tab: compare two texts", "Compare"), exact=True).click()
    check_layout(page, language, "compare")
    assert page.inner_text("[data-testid=compare-summary]") == language.gettext(
        "%(changed)s changed, %(added)s added, %(deleted)s deleted, %(moved)s moved.",
        changed=1,
        added=0,
        deleted=0,
        moved=0,
    )
    changed = page.locator("[data-testid=compare-row][data-status=changed]")
    assert changed.locator("ins").inner_text() == "six months"
    assert changed.locator("del").inner_text() == "one year"
    assert "Action #1" in changed.inner_text()
