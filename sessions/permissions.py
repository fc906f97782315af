"""Who may see and change the programme, the lists of speakers and statements.

- Everyone (no login) reads the programme, the agenda, the lists of speakers,
  the live screen and published statements of a published meeting.
- The secretariat and the presidency (role "organiser") plan: rooms, agenda, sessions.
- The secretariat alone runs side-event requests and the lists of speakers.
- A focal point acts for their own delegation only; another delegation's
  objects are a 404, so nothing leaks about them.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ccm_portal.meetings.models import Meeting
from delegations.models import Delegation

from .models import SpeakerEntry, Statement


def can_plan_programme(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_secretariat or user.role == user.Role.ORGANISER


def can_manage_speakers(user) -> bool:
    return bool(user.is_authenticated and user.is_secretariat)


def _guard(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Anonymous visitors go to the login page; logged-in users without the role get 403.
planner_required = _guard(can_plan_programme)
speakers_manager_required = _guard(can_manage_speakers)


def meeting_for_visitor(user, slug: str) -> Meeting:
    """A published meeting, or any meeting for those who plan it."""
    qs = Meeting.objects.all() if can_plan_programme(user) else Meeting.objects.published()
    return get_object_or_404(qs, slug=slug)


def meeting_for_staff(slug: str) -> Meeting:
    return get_object_or_404(Meeting, slug=slug)


def delegations_of_user(user, meeting: Meeting):
    """The delegations to this meeting the user acts for (all of them for the secretariat)."""
    return Delegation.objects.for_user(user).filter(meeting=meeting).select_related("organisation", "meeting")


def delegation_for_user(*, user, meeting: Meeting, pk: int) -> Delegation:
    return get_object_or_404(delegations_of_user(user, meeting), pk=pk)


def can_see_statement(user, statement) -> bool:
    """Published statements are public; others only for the delegation's focal points and the secretariat."""
    if statement.is_published:
        return True
    if not user.is_authenticated:
        return False
    if user.is_secretariat:
        return True
    return statement.entry.delegation.focal_points.filter(pk=user.pk).exists()


def statement_for_user(*, user, meeting: Meeting, pk: int) -> Statement:
    statement = get_object_or_404(
        Statement.objects.select_related("entry__delegation", "entry__speakers_list"),
        pk=pk,
        entry__speakers_list__meeting=meeting,
    )
    if not can_see_statement(user, statement):
        raise Http404
    return statement


def entry_for_delegation(*, delegation: Delegation, pk: int) -> SpeakerEntry:
    return get_object_or_404(
        SpeakerEntry.objects.select_related("speakers_list", "delegation"), pk=pk, delegation=delegation
    )
