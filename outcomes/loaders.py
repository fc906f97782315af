"""The doors to outcome objects: what a user may not see is a 404, whoever asks.

Views find every document, revision, proposal and language version through the
functions below, so someone asking for another delegation's proposal or for a
draft they do not draft learns nothing about it; what they may then do with an
object they see is asked of the rules (outcomes/rules.py), which refuse with 403.

`document`, `signed_in_document`, `revision` and `proposal` take the request and
the URL's arguments, for `@rule(..., load=...)`.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ccm_portal.access import allowed
from ccm_portal.accounts.rules import is_secretariat
from ccm_portal.meetings.models import Meeting
from delegations.models import Delegation

from .models import OutcomeDocument, Proposal, Revision, Translation
from .rules import can_view_document, can_view_proposals, can_view_revision, is_accredited, is_drafter

State = OutcomeDocument.State


def visible_proposals(user, document: OutcomeDocument):
    """Drafters see every proposal; delegations see all but other delegations' withdrawn ones."""
    qs = Proposal.objects.filter(document=document)
    if is_drafter.test(user, document):
        return qs
    if not can_view_proposals.test(user, document):
        return qs.none()
    mine = Delegation.objects.filter(meeting=document.meeting, focal_points=user)
    return qs.filter(~Q(status=Proposal.Status.WITHDRAWN) | Q(delegation__in=mine))


def visible_documents(user, meeting: Meeting):
    qs = OutcomeDocument.objects.filter(meeting=meeting)
    if not user.is_authenticated:
        return qs.filter(state=State.PUBLISHED)
    if is_secretariat.test(user):
        return qs
    drafted = Q(drafters=user)
    if is_accredited(user, meeting):
        return qs.filter(drafted | ~Q(state=State.DRAFT)).distinct()
    return qs.filter(drafted | Q(state=State.PUBLISHED)).distinct()


def document_for_user(*, user, pk: int) -> OutcomeDocument:
    document = get_object_or_404(OutcomeDocument.objects.select_related("meeting"), pk=pk)
    if not can_view_document.test(user, document):
        raise Http404
    return document


def revision_for_user(*, user, document: OutcomeDocument, number: int) -> Revision:
    revision = get_object_or_404(Revision.objects.filter(document=document), number=number)
    revision.document = document
    if not can_view_revision.test(user, revision):
        raise Http404
    return revision


def proposal_for_user(*, user, document: OutcomeDocument, pk: int) -> Proposal:
    proposal = get_object_or_404(
        visible_proposals(user, document).select_related("delegation", "paragraph", "submitted_by"), pk=pk
    )
    proposal.document = document
    return proposal


def translation_for_user(*, user, document: OutcomeDocument, language: str) -> Translation:
    """A language version, once adopted for the drafters and once published for everyone."""
    translation = get_object_or_404(Translation, document=document, language=language)
    if not allowed(user, "outcomes.view_translations", document):
        raise Http404
    return translation


# --- for @rule(..., load=...) -------------------------------------------------------


def document(request, pk, **_):
    """The document, for pages anyone who may read it sees (published ones are public)."""
    return document_for_user(user=request.user, pk=pk)


def signed_in_document(request, pk, **_):
    """The document, for pages of those who are signed in.

    An anonymous visitor gets None, which no rule accepts: they are sent to log in,
    whether or not the document exists, as before any object is looked up.
    """
    if not request.user.is_authenticated:
        return None
    return document_for_user(user=request.user, pk=pk)


def revision(request, pk, number, **_):
    """A frozen revision of a document, with its document attached."""
    return revision_for_user(user=request.user, document=document_for_user(user=request.user, pk=pk), number=number)


def proposal(request, pk, prpk, **_):
    """A proposal this user may see (signed-in pages), with its document attached."""
    if not request.user.is_authenticated:
        return None
    return proposal_for_user(user=request.user, document=document_for_user(user=request.user, pk=pk), pk=prpk)
