"""Who may see and move an outcome document: decided here and nowhere else.

- Drafters are the secretariat and the users the secretariat names on a
  document (the presidency, the Friend of the President for the area).
- A draft is seen by its drafters only. Once circulated, the focal points of
  the meeting's accredited delegations (Delegation.status == approved) read
  it and, while it is circulated or under negotiation, propose amendments.
- The meeting's adoption is recorded, and the adopted text published, by the
  secretariat. Published documents are public; drafts and proposals never are.

The predicates below are asked through the rules registered at the end (views
with `@rule`, templates with `{% has_perm %}`); the services call the same
predicates before they write. Objects are found through `outcomes.loaders`, so
someone asking for a document or proposal they may not see gets 404 before
any rule is asked.

Each predicate takes the object its rule is about (a document, a revision, a
proposal, a meeting) and answers False for None: a loader hands None for an
anonymous visitor on a signed-in page, who is then sent to log in.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from ccm_portal.accounts.rules import is_secretariat
from delegations.models import Delegation

from .models import OutcomeDocument, Proposal, Revision

State = OutcomeDocument.State


# --- accreditation (cached on the user for the request) ---------------------------


def accredited_delegations(user, meeting):
    """The user's delegations to this meeting that the secretariat approved."""
    if not user.is_authenticated:
        return Delegation.objects.none()
    return Delegation.objects.filter(meeting=meeting, focal_points=user, status=Delegation.Status.APPROVED)


def is_accredited(user, meeting) -> bool:
    """Whether the user is a focal point of an accredited delegation to the meeting; one query per meeting."""
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_outcomes_accredited", None)
    if cache is None:
        cache = user._outcomes_accredited = {}
    if meeting.pk not in cache:
        cache[meeting.pk] = accredited_delegations(user, meeting).exists()
    return cache[meeting.pk]


# --- about a meeting ---------------------------------------------------------------


@rules.predicate
def is_accredited_to_meeting(user, meeting) -> bool:
    return meeting is not None and is_accredited(user, meeting)


# --- about a document ---------------------------------------------------------------


@rules.predicate
def is_drafter(user, document) -> bool:
    """The secretariat, or a user named on the document; the names are read once per document object."""
    if document is None or not user.is_authenticated:
        return False
    if is_secretariat(user):
        return True
    cache = getattr(document, "_drafter_ids", None)
    if cache is None:
        cache = set(document.drafters.values_list("pk", flat=True))
        document._drafter_ids = cache
    return user.pk in cache


@rules.predicate
def is_accredited_to_its_meeting(user, document) -> bool:
    return document is not None and is_accredited(user, document.meeting)


@rules.predicate
def is_published(_user, document) -> bool:
    return document is not None and document.state == State.PUBLISHED


@rules.predicate
def is_draft(_user, document) -> bool:
    return document is not None and document.state == State.DRAFT


@rules.predicate
def is_under_negotiation(_user, document) -> bool:
    return document is not None and document.state == State.NEGOTIATION


@rules.predicate
def is_open_for_work(_user, document) -> bool:
    return document is not None and document.is_open_for_work


@rules.predicate
def is_final(_user, document) -> bool:
    return document is not None and document.is_final


@rules.predicate
def takes_proposals(_user, document) -> bool:
    return document is not None and document.takes_proposals


# Circulated texts are read by the accredited delegations; drafts only by their drafters.
can_view_document = is_published | is_drafter | (~is_draft & is_accredited_to_its_meeting)
# The working text between circulations: drafters always, delegations while it is negotiated.
can_view_live_text = is_drafter | (is_under_negotiation & can_view_document)
can_edit_text = is_open_for_work & is_drafter
can_edit_settings = ~is_final & is_drafter
# Open a document (about a meeting); name drafters, upload language versions: the secretariat.
can_create = is_secretariat
can_manage = is_secretariat
can_decide_proposals = takes_proposals & is_drafter
can_view_proposals = is_drafter | (~is_draft & is_accredited_to_its_meeting)
# Language versions are prepared by the drafters once the text is adopted; the issued ones
# are public once the document is published (outcomes.loaders.visible_translations).
can_view_translations = is_final & (is_published | is_drafter)
can_manage_translations = is_final & is_drafter


def _step_is_open(action: str):
    """The document's table (OutcomeDocument.TRANSITIONS) allows this step from its state."""
    target = OutcomeDocument.ACTIONS[action]

    @rules.predicate(name=f"{action}_is_open")
    def step_is_open(_user, document) -> bool:
        return document is not None and document.can_transition(target)

    return step_is_open


# Who takes each step of the document; which steps exist from which state is
# OutcomeDocument.TRANSITIONS (with OutcomeDocument.ACTIONS naming them).
can_circulate = _step_is_open("circulate") & is_drafter
can_negotiate = _step_is_open("negotiate") & is_drafter
can_adopt = _step_is_open("adopt") & is_secretariat
can_publish = _step_is_open("publish") & is_secretariat

# The rule of each step, in the order the steps are taken.
TRANSITION_RULES = {
    "circulate": "outcomes.circulate_document",
    "negotiate": "outcomes.negotiate_document",
    "adopt": "outcomes.adopt_document",
    "publish": "outcomes.publish_document",
}
TRANSITIONS = {"circulate": can_circulate, "negotiate": can_negotiate, "adopt": can_adopt, "publish": can_publish}


def proposal_refusal(user, document: OutcomeDocument, delegation: Delegation | None = None, now=None) -> str:
    """Why this user (for this delegation) may not propose now; "" when they may."""
    if not user.is_authenticated:
        return _("Log in to propose amendments.")
    if not document.takes_proposals:
        return _("Proposals are taken only while a document is circulated for comments or under negotiation.")
    if delegation is not None:
        if delegation.meeting_id != document.meeting_id:
            return _("Your delegation is not taking part in this meeting.")
        if delegation.status != Delegation.Status.APPROVED:
            return _("Only accredited delegations can propose; your delegation's registration is not approved.")
        if not delegation.focal_points.filter(pk=user.pk).exists():
            return _("Only the focal points of a delegation can propose on its behalf.")
    elif not is_accredited(user, document.meeting):
        return _("Only the focal points of accredited delegations to this meeting can propose amendments.")
    now = now or timezone.now()
    if document.state == State.CIRCULATED and document.comment_deadline and now > document.comment_deadline:
        return _("The deadline for comments has passed; proposals reopen when the negotiation starts.")
    return ""


@rules.predicate
def can_propose(user, document) -> bool:
    """A focal point of an accredited delegation, while the document takes proposals and before the deadline."""
    return document is not None and proposal_refusal(user, document) == ""


# --- about a revision ----------------------------------------------------------------


@rules.predicate
def can_view_revision(user, revision: Revision) -> bool:
    """The public reads the adopted text once published; the rest is for drafters and, once circulated, delegations."""
    if revision is None:
        return False
    document = revision.document
    if document.state == State.PUBLISHED and revision.kind == Revision.Kind.ADOPTED:
        return True
    if not user.is_authenticated:
        return False
    if is_drafter(user, document):
        return True
    return document.state != State.DRAFT and is_accredited(user, document.meeting)


# --- about a proposal --------------------------------------------------------------


@rules.predicate
def is_proposer(user, proposal: Proposal) -> bool:
    """A focal point of the delegation that made the proposal."""
    if proposal is None or not user.is_authenticated:
        return False
    return proposal.delegation.focal_points.filter(pk=user.pk).exists()


@rules.predicate
def is_accredited_to_proposals_meeting(user, proposal: Proposal) -> bool:
    return proposal is not None and is_accredited(user, proposal.document.meeting)


# --- the rules ---------------------------------------------------------------------

# A meeting (the object, when one is given).
rules.add_perm("outcomes.create_document", can_create)
rules.add_perm("outcomes.read_circulated_documents", is_secretariat | is_accredited_to_meeting)

# A document.
rules.add_perm("outcomes.view_document", can_view_document)
rules.add_perm("outcomes.view_live_text", can_view_live_text)
rules.add_perm("outcomes.draft_document", is_drafter)
rules.add_perm("outcomes.edit_text", can_edit_text)
rules.add_perm("outcomes.change_settings", can_edit_settings)
rules.add_perm("outcomes.manage_document", can_manage)
rules.add_perm("outcomes.view_translations", can_view_translations)
rules.add_perm("outcomes.manage_translations", can_manage_translations)
rules.add_perm(TRANSITION_RULES["circulate"], can_circulate)
rules.add_perm(TRANSITION_RULES["negotiate"], can_negotiate)
rules.add_perm(TRANSITION_RULES["adopt"], can_adopt)
rules.add_perm(TRANSITION_RULES["publish"], can_publish)
rules.add_perm("outcomes.view_proposals", can_view_proposals)
rules.add_perm("outcomes.propose", can_propose)
rules.add_perm("outcomes.decide_proposal", can_decide_proposals)

# A revision.
rules.add_perm("outcomes.view_revision", can_view_revision)

# A proposal.
rules.add_perm("outcomes.withdraw_proposal", is_proposer)
rules.add_perm("outcomes.cosponsor_proposal", is_accredited_to_proposals_meeting)
