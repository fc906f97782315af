"""The secretariat prepares the list of participants in the background, then checks a delegate in."""

import threading

import pytest
from django.template.defaultfilters import time as time_format
from django.utils import timezone, translation

from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.registry import Rendered, register
from ccm_portal.jobs.runner import dispatch
from delegations import badges, services_lists
from delegations.models import CheckIn, Delegation, Participant
from tests.browser.helpers import check_layout, log_in
from tests.factories import DelegationFactory, MeetingFactory, ParticipantFactory, SecretariatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

release = threading.Event()


@register("tests.hold-the-queue")
def _hold_the_queue(job, progress):
    # Occupies the single render thread until the test lets go, so the list of
    # participants is seen waiting, then rendering, then ready.
    release.wait(timeout=30)
    return Rendered(content=b"%PDF-1.7\n", fingerprint=job.fingerprint)


def test_staff_prepares_the_list_pdf_and_checks_a_delegate_in(page, settings, language):
    settings.RENDER_JOBS_RUNNER = "thread"
    release.clear()
    meeting = MeetingFactory(title="First Meeting of States Parties", short_title="1MSP", slug="1msp")
    SecretariatFactory(email="secretariat@example.org")
    lao = DelegationFactory(meeting=meeting, country="LA", sort_name="Lao", status=Delegation.Status.APPROVED)
    head = ParticipantFactory(
        delegation=lao,
        role="head",
        title="H.E. Mr.",
        given_name="Thongloun",
        family_name="Sisoulith",
        status="approved",
    )
    ParticipantFactory(delegation=lao, role="adviser", given_name="Noy", family_name="Vongsa", status="approved")
    blocker = RenderJob.objects.create(
        kind="tests.hold-the-queue", meeting=meeting, key="hold", fingerprint="hold", filename="hold.pdf"
    )
    dispatch(blocker.pk)

    log_in(page, "secretariat@example.org", "correct horse battery", language)
    page.goto(language.url("/secretariat/1msp/participants/"))
    check_layout(page, language, "participants-staff")
    prepare = language.gettext("Prepare the PDF")
    page.locator("[data-testid=pdf-complete]").get_by_role("button", name=prepare, exact=True).click()
    page.wait_for_selector("[data-testid=job-status][data-status=queued]")
    assert page.get_by_role("progressbar").is_visible()

    release.set()
    page.wait_for_selector("[data-testid=download]", timeout=30000)
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    download = download_info.value
    assert download.suggested_filename == "1MSP-list-of-participants-complete.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    services_lists.ensure_badge_keys(participants=[head])
    token = badges.badge_token(Participant.objects.get(pk=head.pk))
    page.goto(language.url("/secretariat/1msp/check-in/"))
    check_layout(page, language, "check-in")
    page.fill("input[name=token]", token)
    page.keyboard.press("Enter")
    card = page.locator("[data-testid=identity-card]")
    card.wait_for()
    assert card.locator("[data-testid=card-name]").inner_text() == "H.E. Mr. Thongloun SISOULITH"
    arrival = CheckIn.objects.get(participant=head, outcome=CheckIn.Outcome.ARRIVED)
    with translation.override(language.code):
        at = time_format(timezone.localtime(arrival.at, meeting.tzinfo), "TIME_FORMAT")
    welcome = language.name("<strong>Welcome.</strong> Arrival recorded at %(time)s.", time=at)
    assert page.inner_text("[data-testid=checkin-arrived]") == welcome
    check_layout(page, language, "check-in-arrived")
    assert page.locator("[data-testid=checkin-counts] td[data-category=total]").inner_text() == "1"

    page.fill("input[name=token]", token)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=checkin-repeat]")
