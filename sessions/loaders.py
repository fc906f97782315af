"""The 404 loaders of the programme: the door to its objects.

Who may do what is in rules.py (asked by the views' `@rule` and the services); these
loaders find only what the visitor may reach, so another delegation's objects, an
unpublished meeting or a statement the visitor may not read are a 404 and nothing leaks.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ccm_portal.access import allowed
from ccm_portal.meetings import lookup
from ccm_portal.meetings.models import Meeting
from delegations.models import Delegation

from .models import SpeakerEntry, Statement


def meeting_for_visitor(user, slug: str) -> Meeting:
    """A meeting this visitor may see: a published one, or any for those who plan it."""
    return lookup.visible_meeting(user, slug)


def meeting_for_staff(slug: str) -> Meeting:
    return get_object_or_404(Meeting, slug=slug)


def delegations_of_user(user, meeting: Meeting):
    """The delegations to this meeting the user acts for (all of them for the secretariat)."""
    return Delegation.objects.for_user(user).filter(meeting=meeting).select_related("organisation", "meeting")


def delegation_for_user(*, user, meeting: Meeting, pk: int) -> Delegation:
    return get_object_or_404(delegations_of_user(user, meeting), pk=pk)


def statement_for_user(*, user, meeting: Meeting, pk: int) -> Statement:
    statement = get_object_or_404(
        Statement.objects.select_related("entry__delegation", "entry__speakers_list"),
        pk=pk,
        entry__speakers_list__meeting=meeting,
    )
    if not allowed(user, "ccm_sessions.view_statement", statement):
        raise Http404
    return statement


def entry_for_delegation(*, delegation: Delegation, pk: int) -> SpeakerEntry:
    return get_object_or_404(
        SpeakerEntry.objects.select_related("speakers_list", "delegation"), pk=pk, delegation=delegation
    )
