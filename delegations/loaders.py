"""The doors to delegation-owned objects: the 404 loaders.

Views load every delegation-owned object through these functions, so a focal
point asking for another delegation's object gets 404 and learns nothing; what
the user may then do with it is a rule of delegations/rules.py.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ccm_portal.access import allowed
from ccm_portal.jobs.models import RenderJob
from ccm_portal.meetings import lookup
from ccm_portal.meetings.models import Meeting

from .models import Delegation, JoinRequest, PaperFile, PaperSubmission, Participant


def meeting_for_user(*, user, slug: str) -> Meeting:
    """A meeting the user may see (Meeting.objects.visible_to); any other slug is 404."""
    return lookup.visible_meeting(user, slug)


def participant_of_meeting(*, meeting: Meeting, pk: int) -> Participant:
    """A participant of this meeting (any delegation, any status), for the pages that manage the whole meeting."""
    return get_object_or_404(Participant.objects.select_related("delegation"), pk=pk, delegation__meeting=meeting)


def render_job_of_meeting(*, meeting: Meeting, pk: int, keys=None) -> RenderJob:
    """A render job of this meeting (only those of the given documents, when `keys` is given)."""
    qs = RenderJob.objects.select_related("meeting", "requested_by").filter(meeting=meeting)
    if keys is not None:
        qs = qs.filter(key__in=keys)
    return get_object_or_404(qs, pk=pk)


def delegation_for_user(*, user, pk: int) -> Delegation:
    qs = Delegation.objects.for_user(user).select_related("meeting", "organisation", "created_by")
    return get_object_or_404(qs, pk=pk)


def participant_for_user(*, user, delegation: Delegation, pk: int) -> Participant:
    return get_object_or_404(Participant.objects.filter(delegation=delegation), pk=pk)


def join_request_for_user(*, user, delegation: Delegation, pk: int) -> JoinRequest:
    return get_object_or_404(JoinRequest.objects.select_related("user").filter(delegation=delegation), pk=pk)


def own_join_request(*, user, pk: int) -> JoinRequest:
    """The author's own request to join (the secretariat sees every one); anyone else gets 404."""
    qs = JoinRequest.objects.select_related("delegation__meeting", "user")
    if not allowed(user, "delegations.view_any_join_request"):
        qs = qs.filter(user=user)
    return get_object_or_404(qs, pk=pk)


def paper_for_user(*, delegation: Delegation, pk: int) -> PaperSubmission:
    """A paper the delegation submitted or co-sponsors (the delegation itself found through
    delegation_for_user); any other is 404."""
    qs = PaperSubmission.objects.of_delegation(delegation).with_list_columns()
    return get_object_or_404(qs.select_related("submitted_by", "decided_by"), pk=pk)


def paper_of_meeting(*, meeting: Meeting, pk: int) -> PaperSubmission:
    """Any paper submitted to this meeting, for the secretariat's queue."""
    qs = PaperSubmission.objects.with_list_columns().select_related("submitted_by", "decided_by")
    return get_object_or_404(qs, meeting=meeting, pk=pk)


def paper_file(*, submission: PaperSubmission, pk: int) -> PaperFile:
    for row in submission.files.all():
        if row.pk == pk:
            return row
    raise Http404
