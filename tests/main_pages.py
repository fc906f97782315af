"""The main pages of the portal, on the seeded demo (`seed_demo`), as each kind of user sees them:
the pages the accessibility check (tests/browser/test_accessibility.py) and the HTML check
(tests/test_html_validity.py) go through. One page of each shape: a list, a detail page, a form."""

from django.urls import reverse

from ccm_portal.accounts.models import User
from ccm_portal.documents.models import Document
from delegations.models import Delegation, PaperSubmission
from demo.delegations import DEMO_DELEGATE
from outcomes.models import OutcomeDocument, Paragraph
from reporting.models import Report
from sessions.models import SpeakersList

ANONYMOUS, DELEGATE, SECRETARIAT = "anonymous", "delegate", "secretariat"
ROLES = [ANONYMOUS, DELEGATE, SECRETARIAT]
SLUG = "1msp"  # the demo's meeting with a past programme, lists of speakers and outcome documents
OPEN_SLUG = "2msp"  # the demo's meeting whose registration is open


def _delegation() -> Delegation:
    """The demo delegate's delegation to the first meeting (README: the demo's delegate login)."""
    return Delegation.objects.get(meeting__slug=SLUG, country=DEMO_DELEGATE)


def demo_users() -> dict[str, User | None]:
    """The user of each role: the demo's secretariat and the demo delegate (a focal point)."""
    delegation = _delegation()
    return {
        ANONYMOUS: None,
        DELEGATE: delegation.focal_points.order_by("pk").first(),
        SECRETARIAT: User.objects.filter(role=User.Role.SECRETARIAT, is_active=True).order_by("pk").first(),
    }


def main_pages() -> dict[str, list[tuple[str, str]]]:
    """{role: [(name, path), ...]} on the demo's data."""
    delegation = _delegation()
    # Registration is open for the second meeting: the delegate can still add participants there.
    open_delegation = Delegation.objects.get(meeting__slug=OPEN_SLUG, country=DEMO_DELEGATE)
    speakers = SpeakersList.objects.filter(meeting__slug=SLUG).order_by("pk").first()
    outcome = OutcomeDocument.objects.filter(meeting__slug=SLUG).order_by("pk").first()
    paragraph = Paragraph.objects.filter(document=outcome).order_by("pk").first()
    reserved = Document.objects.filter(meeting__slug=SLUG, status=Document.Status.RESERVED).order_by("pk").first()
    # The demo's Article 7 reports (demo/reporting.py): the demo delegate reports for its state.
    draft = Report.objects.filter(state__country=DEMO_DELEGATE, status=Report.Status.DRAFT).order_by("pk").first()
    published = Report.objects.filter(status=Report.Status.PUBLISHED).order_by("pk").first()
    # The demo delegate's paper still waiting for the secretariat (demo/working_papers.py).
    paper = PaperSubmission.objects.filter(delegation=delegation, status="submitted").order_by("pk").first()
    public = [
        ("home", reverse("home")),
        ("meetings", reverse("meetings:list")),
        ("meeting", reverse("meetings:detail", args=[SLUG])),
        ("programme", reverse("ccm_sessions:programme", args=[SLUG])),
        ("agenda", reverse("ccm_sessions:agenda", args=[SLUG])),
        ("live screen", reverse("ccm_sessions:live", args=[SLUG, speakers.pk])),
        ("public list of participants", reverse("delegations:lop_public", args=[SLUG])),
        ("published documents", reverse("outcomes:published", args=[SLUG])),
        ("documents", reverse("documents:list", args=[SLUG])),
        ("document", reverse("documents:detail", args=[SLUG, "WP.1/Rev.1"])),
        ("privacy notice", reverse("privacy:notice")),
        ("transparency reports received", reverse("reporting:received")),
        ("published transparency report", reverse("reporting:public_report", args=[published.pk])),
    ]
    anonymous = [
        *public,
        ("log in", reverse("accounts:login")),
        ("sign up", reverse("accounts:sign_up")),
        ("password reset", reverse("accounts:password_reset")),
    ]
    signed_in = [
        ("account", reverse("privacy:account")),
        ("password change", reverse("accounts:password_change")),
        ("speakers list", reverse("ccm_sessions:speakers_list", args=[SLUG, speakers.pk])),
        ("outcome document", reverse("outcomes:detail", args=[outcome.pk])),
    ]
    delegate = [
        *public[:3],
        *signed_in,
        ("my delegations", reverse("delegations:mine")),
        ("delegation", reverse("delegations:detail", args=[delegation.pk])),
        ("participant form", reverse("delegations:participant_add", args=[open_delegation.pk])),
        ("registration form", reverse("delegations:register", args=[OPEN_SLUG])),
        ("floor", reverse("ccm_sessions:floor_delegation", args=[SLUG, delegation.pk])),
        ("delegation's papers", reverse("delegations:papers", args=[delegation.pk])),
        ("submit a paper", reverse("delegations:paper_submit", args=[delegation.pk])),
        ("submitted paper", reverse("delegations:paper", args=[delegation.pk, paper.pk])),
        ("propose an amendment", reverse("outcomes:propose", args=[outcome.pk, paragraph.uid])),
        ("my state's reports", reverse("reporting:mine")),
        ("report draft", reverse("reporting:report", args=[draft.pk])),
        ("report form B", reverse("reporting:form", args=[draft.pk, "B"])),
        ("report form H", reverse("reporting:form", args=[draft.pk, "H"])),
        ("report cover page", reverse("reporting:cover", args=[draft.pk])),
    ]
    secretariat = [
        *signed_in,
        ("secretariat dashboard", reverse("delegations:dashboard", args=[SLUG])),
        ("delegation (secretariat)", reverse("delegations:detail", args=[delegation.pk])),
        ("credentials report", reverse("delegations:credentials_report", args=[SLUG])),
        ("participants (staff)", reverse("delegations:lop_staff", args=[SLUG])),
        ("badges", reverse("delegations:badges", args=[SLUG])),
        ("check-in", reverse("delegations:checkin", args=[SLUG])),
        ("programme (manage)", reverse("ccm_sessions:manage", args=[SLUG])),
        ("agenda (manage)", reverse("ccm_sessions:agenda_manage", args=[SLUG])),
        ("speakers (manage)", reverse("ccm_sessions:speakers_manage", args=[SLUG, speakers.pk])),
        ("outcome workspace", reverse("outcomes:workspace", args=[outcome.pk])),
        ("outcome revisions", reverse("outcomes:revisions", args=[outcome.pk])),
        ("paragraph history", reverse("outcomes:paragraph_history", args=[outcome.pk, paragraph.pk])),
        ("treaty status", reverse("meetings:treaty_status")),
        ("meeting form", reverse("meetings:edit", args=[SLUG])),
        ("new meeting", reverse("meetings:create")),
        ("treaty status import", reverse("meetings:treaty_status_import")),
        ("emblem and footer", reverse("meetings:portal_identity")),
        ("statistics", reverse("delegations:statistics", args=[SLUG])),
        ("list of participants settings", reverse("delegations:lop_settings", args=[SLUG])),
        ("rooms", reverse("ccm_sessions:rooms", args=[SLUG])),
        ("new session", reverse("ccm_sessions:session_new", args=[SLUG])),
        ("side events", reverse("ccm_sessions:side_events", args=[SLUG])),
        ("lists of speakers", reverse("ccm_sessions:speakers_index", args=[SLUG])),
        ("new outcome document", reverse("outcomes:create", args=[SLUG])),
        ("outcomes in preparation", reverse("outcomes:list", args=[SLUG])),
        ("final report", reverse("proceedings:final_report", args=[SLUG])),
        ("proposals", reverse("outcomes:proposals", args=[outcome.pk])),
        ("negotiation", reverse("outcomes:negotiation", args=[outcome.pk])),
        ("compare revisions", reverse("outcomes:compare", args=[outcome.pk])),
        ("register of symbols", reverse("documents:register", args=[SLUG])),
        ("register: reserved document", reverse("documents:manage", args=[SLUG, reserved.pk])),
        ("register: issue", reverse("documents:issue", args=[SLUG, reserved.pk])),
        ("submitted papers", reverse("delegations:paper_queue", args=[SLUG])),
        ("submitted paper (secretariat)", reverse("delegations:paper_review", args=[SLUG, paper.pk])),
        ("reporting dashboard", reverse("reporting:dashboard")),
        ("reporting figures", reverse("reporting:compiled")),
        ("action plan progress", reverse("reporting:actions")),
        ("contact points", reverse("reporting:contact_points")),
        ("report (secretariat)", reverse("reporting:report", args=[published.pk])),
        ("state's reporting", reverse("reporting:state", args=[DEMO_DELEGATE])),
    ]
    return {ANONYMOUS: anonymous, DELEGATE: delegate, SECRETARIAT: secretariat}
