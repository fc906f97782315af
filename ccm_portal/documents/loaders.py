"""The doors to the register: a document that is not issued is "not found" for the public."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ccm_portal.access import allowed
from ccm_portal.meetings import lookup
from ccm_portal.meetings.models import Language

from . import selectors
from .models import Document


def meeting(request, slug, **_):
    """A meeting this visitor may see: a published one, or any for those who plan it."""
    return lookup.visible_meeting(request.user, slug)


def public_document(request, slug, symbol_path, **_):
    """An issued document of a visible meeting, found by its symbol after the meeting's prefix."""
    found = selectors.document_by_path(meeting(request, slug), symbol_path, issued_only=True)
    if found is None:
        raise Http404
    return found


def public_file(request, slug, symbol_path, language, **_):
    """An issued document's file in one language."""
    if language not in Language.values:
        raise Http404
    document = public_document(request, slug, symbol_path)
    for row in document.files.all():
        if row.language == language:
            return row
    raise Http404


def register_document(request, slug, pk, **_):
    """Any document of the meeting's register, reserved or issued, for those who keep it (404 for others)."""
    found = meeting(request, slug)
    if not allowed(request.user, "documents.manage_register", found):
        raise Http404
    return get_object_or_404(Document.objects.select_related("meeting", "parent"), meeting=found, pk=pk)
