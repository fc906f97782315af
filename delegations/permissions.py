"""One place decides who may see and change a delegation.

Views load every delegation-owned object through these functions, so a focal
point asking for another delegation's object gets 404 and learns nothing.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Delegation, JoinRequest, Participant


def delegation_for_user(*, user, pk: int) -> Delegation:
    qs = Delegation.objects.for_user(user).select_related("meeting", "organisation", "created_by")
    return get_object_or_404(qs, pk=pk)


def participant_for_user(*, user, delegation: Delegation, pk: int) -> Participant:
    return get_object_or_404(Participant.objects.filter(delegation=delegation), pk=pk)


def join_request_for_user(*, user, delegation: Delegation, pk: int) -> JoinRequest:
    return get_object_or_404(JoinRequest.objects.select_related("user").filter(delegation=delegation), pk=pk)


def can_edit_delegation(user, delegation: Delegation, now=None) -> bool:
    """Focal points edit until the meeting's registration deadline; the secretariat always."""
    if delegation.status == Delegation.Status.REFUSED:
        return False
    if user.is_secretariat:
        return True
    now = now or timezone.now()
    return not delegation.meeting.deadline_passed(now) and delegation.focal_points.filter(pk=user.pk).exists()


def own_join_request(*, user, pk: int) -> JoinRequest:
    """The author's own request to join (the secretariat sees every one); anyone else gets 404."""
    qs = JoinRequest.objects.select_related("delegation__meeting", "user")
    if not user.is_secretariat:
        qs = qs.filter(user=user)
    return get_object_or_404(qs, pk=pk)
