"""The doors to outcome objects: what a user may not see is a 404, whoever asks.

Views find every document, revision, proposal and language version through the
functions below, so someone asking for another delegation's proposal or for a
draft they do not draft learns nothing about it; what they may then do with an
object they see is asked of the rules (outcomes/rules.py), which refuse with 403.

`meeting`, `document`, `revision`, `proposal` and their `signed_in_*` versions take
the request and the URL's arguments, for `@rule(..., load=...)`.
"""

from functools import wraps

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ccm_portal.access import allowed
from ccm_portal.accounts.rules import is_secretariat
from ccm_portal.meetings import lookup
from ccm_portal.meetings.models import Language, Meeting
from delegations.models import Delegation

from .models import OutcomeDocument, Paragraph, Proposal, Revision, Section, Translation
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


def visible_translations(user, document: OutcomeDocument):
    """The language versions this user may read: all of them for the drafters of an adopted
    document, the issued ones of a published document for everyone else."""
    qs = Translation.objects.filter(document=document)
    if not allowed(user, "outcomes.view_translations", document):
        return qs.none()
    if is_drafter.test(user, document):
        return qs
    return qs.filter(status=Translation.Status.ISSUED)


def translation_for_user(*, user, document: OutcomeDocument, language: str) -> Translation:
    """A language version this user may read (see visible_translations), with its document attached."""
    translation = get_object_or_404(visible_translations(user, document), language=language)
    translation.document = document
    return translation


def translation_to_manage(*, document: OutcomeDocument, language: str) -> Translation:
    """The version in `language` for its drafters, unsaved when it does not exist yet; the original
    language and codes that are not one of the six are 404."""
    if language not in Language.values or language == document.original_language:
        raise Http404
    translation = Translation.objects.filter(document=document, language=language).first()
    if translation is None:
        translation = Translation(document=document, language=language, version=0)
    translation.document = document
    return translation


def section_of(document: OutcomeDocument, pk: int) -> Section:
    """A section of this document that is not deleted."""
    return get_object_or_404(Section, document=document, pk=pk, removed_at__isnull=True)


def paragraph_of(document: OutcomeDocument, pk: int, *, active: bool = True) -> Paragraph:
    """A paragraph of this document, with its section; deleted ones only when `active` is False."""
    qs = Paragraph.objects.filter(document=document).select_related("section")
    if active:
        qs = qs.active()
    return get_object_or_404(qs, pk=pk)


def paragraph_by_uid(document: OutcomeDocument, uid) -> Paragraph:
    """A paragraph by the uid it keeps from revision to revision (proposals name it so)."""
    return get_object_or_404(Paragraph.objects.select_related("section"), document=document, uid=uid)


def own_delegation(user, meeting: Meeting, pk: int) -> Delegation:
    """One of the user's delegations to the meeting (they act in its name)."""
    return get_object_or_404(meeting.delegations.filter(focal_points=user), pk=pk)


def drafter_of(document: OutcomeDocument, pk: int):
    return get_object_or_404(document.drafters.all(), pk=pk)


# --- for @rule(..., load=...): the request and the URL's arguments ---------------------


def signed_in(load):
    """For the pages of those signed in: an anonymous visitor gets None, which no rule accepts,
    so they are sent to log in before anything is looked up (whether the object exists or not)."""

    @wraps(load)
    def wrapped(request, **kwargs):
        if not request.user.is_authenticated:
            return None
        return load(request, **kwargs)

    return wrapped


def meeting(request, slug, **_):
    """A meeting this visitor may see: a published one, or any for those who plan it."""
    return lookup.visible_meeting(request.user, slug)


def document(request, pk, **_):
    """The document, for anyone who may read it (published ones are public)."""
    return document_for_user(user=request.user, pk=pk)


def revision(request, pk, number, **_):
    """A frozen revision of a document, with its document attached: document_for_user and
    revision_for_user in one query (a published text's PDF is asked for by every reader)."""
    found = get_object_or_404(Revision.objects.select_related("document__meeting"), document_id=pk, number=number)
    if not can_view_document.test(request.user, found.document) or not can_view_revision.test(request.user, found):
        raise Http404
    return found


def proposal(request, pk, prpk, **_):
    """A proposal this user may see, with its document attached."""
    return proposal_for_user(user=request.user, document=document_for_user(user=request.user, pk=pk), pk=prpk)


signed_in_meeting = signed_in(meeting)
signed_in_document = signed_in(document)
signed_in_proposal = signed_in(proposal)
