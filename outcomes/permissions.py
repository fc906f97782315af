"""Who may see and move an outcome document: decided here and nowhere else.

- Drafters are the secretariat and the users the secretariat names on a
  document (the presidency, the Friend of the President for the area).
- A draft is seen by its drafters only. Once circulated, the focal points of
  the meeting's accredited delegations (Delegation.status == approved) read
  it and, while it is circulated or under negotiation, propose amendments.
- The meeting's adoption is recorded, and the adopted text published, by the
  secretariat. Published documents are public; drafts and proposals never are.

Views load every object through the `*_for_user` functions below, so someone
asking for a document or proposal they may not see gets 404.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ccm_portal.meetings.models import Meeting
from ccm_portal.roles import is_secretariat
from delegations.models import Delegation

from .models import OutcomeDocument, Proposal, Revision

State = OutcomeDocument.State

# Who takes each step of the document; which steps exist from which state is
# OutcomeDocument.TRANSITIONS (with OutcomeDocument.ACTIONS naming them).
ACTORS = {"circulate": "drafter", "negotiate": "drafter", "adopt": "secretariat", "publish": "secretariat"}


def is_drafter(user, document: OutcomeDocument) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_secretariat:
        return True
    cache = getattr(document, "_drafter_ids", None)
    if cache is None:
        cache = set(document.drafters.values_list("pk", flat=True))
        document._drafter_ids = cache
    return user.pk in cache


def accredited_delegations(user, meeting: Meeting):
    """The user's delegations to this meeting that the secretariat approved."""
    if not user.is_authenticated:
        return Delegation.objects.none()
    return Delegation.objects.filter(meeting=meeting, focal_points=user, status=Delegation.Status.APPROVED)


def is_accredited(user, meeting: Meeting) -> bool:
    cache = getattr(user, "_outcomes_accredited", None)
    if cache is None:
        cache = user._outcomes_accredited = {}
    if meeting.pk not in cache:
        cache[meeting.pk] = accredited_delegations(user, meeting).exists()
    return cache[meeting.pk]


def can_view_document(user, document: OutcomeDocument) -> bool:
    if document.state == State.PUBLISHED:
        return True
    if not user.is_authenticated:
        return False
    if is_drafter(user, document):
        return True
    if document.state == State.DRAFT:
        return False
    return is_accredited(user, document.meeting)


def can_view_live_text(user, document: OutcomeDocument) -> bool:
    """The working text between circulations: drafters always, delegations while it is negotiated."""
    if is_drafter(user, document):
        return True
    return document.state == State.NEGOTIATION and can_view_document(user, document)


def can_edit_text(user, document: OutcomeDocument) -> bool:
    return document.is_open_for_work and is_drafter(user, document)


def can_edit_settings(user, document: OutcomeDocument) -> bool:
    return not document.is_final and is_drafter(user, document)


def can_manage(user, document: OutcomeDocument) -> bool:
    """Name drafters, upload translations: the secretariat."""
    return is_secretariat(user)


def can_create(user, meeting: Meeting) -> bool:
    return is_secretariat(user)


def can_transition(user, document: OutcomeDocument, action: str) -> bool:
    """The document's table allows the step from its state, and this user is the one who takes it."""
    if action not in ACTORS or not document.can_transition(OutcomeDocument.ACTIONS[action]):
        return False
    return is_secretariat(user) if ACTORS[action] == "secretariat" else is_drafter(user, document)


def allowed_transitions(user, document: OutcomeDocument) -> list[str]:
    return [action for action in OutcomeDocument.ACTIONS if can_transition(user, document, action)]


def proposal_refusal(user, document: OutcomeDocument, delegation: Delegation | None = None, now=None) -> str:
    """Why this user (for this delegation) may not propose now; "" when they may."""
    if not user.is_authenticated:
        return "Log in to propose amendments."
    if not document.takes_proposals:
        return "Proposals are taken only while a document is circulated for comments or under negotiation."
    if delegation is not None:
        if delegation.meeting_id != document.meeting_id:
            return "Your delegation is not taking part in this meeting."
        if delegation.status != Delegation.Status.APPROVED:
            return "Only accredited delegations can propose; your delegation's registration is not approved."
        if not delegation.focal_points.filter(pk=user.pk).exists():
            return "Only the focal points of a delegation can propose on its behalf."
    elif not is_accredited(user, document.meeting):
        return "Only the focal points of accredited delegations to this meeting can propose amendments."
    now = now or timezone.now()
    if document.state == State.CIRCULATED and document.comment_deadline and now > document.comment_deadline:
        return "The deadline for comments has passed; proposals reopen when the negotiation starts."
    return ""


def can_propose(user, document: OutcomeDocument, delegation: Delegation | None = None) -> bool:
    return proposal_refusal(user, document, delegation) == ""


def can_decide_proposals(user, document: OutcomeDocument) -> bool:
    return document.takes_proposals and is_drafter(user, document)


def can_view_proposals(user, document: OutcomeDocument) -> bool:
    if document.state == State.DRAFT:
        return is_drafter(user, document)
    return user.is_authenticated and (is_drafter(user, document) or is_accredited(user, document.meeting))


def is_proposer(user, proposal: Proposal) -> bool:
    return user.is_authenticated and proposal.delegation.focal_points.filter(pk=user.pk).exists()


def visible_proposals(user, document: OutcomeDocument):
    """Drafters see every proposal; delegations see all but other delegations' withdrawn ones."""
    qs = Proposal.objects.filter(document=document)
    if is_drafter(user, document):
        return qs
    if not can_view_proposals(user, document):
        return qs.none()
    mine = Delegation.objects.filter(meeting=document.meeting, focal_points=user)
    return qs.filter(~Q(status=Proposal.Status.WITHDRAWN) | Q(delegation__in=mine))


def can_view_revision(user, revision: Revision) -> bool:
    document = revision.document
    if document.state == State.PUBLISHED and revision.kind == Revision.Kind.ADOPTED:
        return True
    if not user.is_authenticated:
        return False
    if is_drafter(user, document):
        return True
    return document.state != State.DRAFT and is_accredited(user, document.meeting)


def visible_documents(user, meeting: Meeting):
    qs = OutcomeDocument.objects.filter(meeting=meeting)
    if not user.is_authenticated:
        return qs.filter(state=State.PUBLISHED)
    if user.is_secretariat:
        return qs
    drafted = Q(drafters=user)
    if is_accredited(user, meeting):
        return qs.filter(drafted | ~Q(state=State.DRAFT)).distinct()
    return qs.filter(drafted | Q(state=State.PUBLISHED)).distinct()


def document_for_user(*, user, pk: int) -> OutcomeDocument:
    document = get_object_or_404(OutcomeDocument.objects.select_related("meeting"), pk=pk)
    if not can_view_document(user, document):
        raise Http404
    return document


def revision_for_user(*, user, document: OutcomeDocument, number: int) -> Revision:
    revision = get_object_or_404(Revision.objects.filter(document=document), number=number)
    revision.document = document
    if not can_view_revision(user, revision):
        raise Http404
    return revision


def proposal_for_user(*, user, document: OutcomeDocument, pk: int) -> Proposal:
    return get_object_or_404(
        visible_proposals(user, document).select_related("delegation", "paragraph", "submitted_by"), pk=pk
    )
