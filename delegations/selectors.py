"""Reads shared by the delegation and secretariat pages."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from ccm_portal.meetings.models import Category, Meeting
from ccm_portal.tables import page_of

from .filters import OPEN, DelegationQueueFilter, PendingParticipantFilter
from .models import Delegation, JoinRequest, Participant

# The address parameter of the page of a delegation's history shown on its page.
HISTORY_PAGE = "history"


def dashboard_counts(meeting: Meeting) -> list[dict]:
    """Delegations and participants per category and status, in list order; two queries."""
    delegation_rows = Delegation.objects.filter(meeting=meeting).values("category", "status").annotate(n=Count("pk"))
    participant_rows = (
        Participant.objects.filter(delegation__meeting=meeting)
        .values("delegation__category", "status")
        .annotate(n=Count("pk"))
    )
    table = {
        value: {"category": value, "label": label, "delegations": {}, "participants": {}}
        for value, label in Category.choices
    }
    for row in delegation_rows:
        table[row["category"]]["delegations"][row["status"]] = row["n"]
    for row in participant_rows:
        table[row["delegation__category"]]["participants"][row["status"]] = row["n"]
    for entry in table.values():
        entry["delegation_total"] = sum(entry["delegations"].values())
        entry["participant_total"] = sum(entry["participants"].values())
    return list(table.values())


@dataclass
class Queue:
    """The accreditation dashboard's two queues under one filter form."""

    filters: DelegationQueueFilter
    delegations: QuerySet
    participants: QuerySet


def accreditation_queue(meeting: Meeting, data=None) -> Queue:
    """Delegations and pending participants matching the dashboard's filters (waiting for a
    decision unless another status is chosen), in list order; the tables may sort them again."""
    data = data.copy() if data is not None else QueryDict(mutable=True)
    if "status" not in data:
        data["status"] = OPEN
    delegations = (
        Delegation.objects.filter(meeting=meeting)
        .select_related("organisation")
        .annotate(
            participant_count=Count("participants", distinct=True),
            pending_count=Count(
                "participants", filter=Q(participants__status=Participant.Status.PENDING), distinct=True
            ),
        )
        .order_by("category", "sort_name", "pk")
    )
    participants = (
        Participant.objects.filter(delegation__meeting=meeting, status=Participant.Status.PENDING)
        .exclude(delegation__status__in=[Delegation.Status.DRAFT, Delegation.Status.REFUSED])
        .select_related("delegation")
        .order_by("delegation__category", "delegation__sort_name", "role_order", "family_name", "pk")
    )
    filters = DelegationQueueFilter(data, queryset=delegations)
    return Queue(
        filters=filters,
        delegations=filters.qs,
        participants=PendingParticipantFilter(data, queryset=participants).qs,
    )


def delegation_page(delegation: Delegation, *, history_page=None) -> dict:
    """What the delegation's page shows; its history newest first, one page of 25 (`history_page`)."""
    participants = list(delegation.participants.in_delegation_order())
    return {
        "participants": participants,
        "focal_points": list(delegation.focal_points.all()),
        "join_requests": list(delegation.join_requests.filter(status="pending").select_related("user")),
        "audit": page_of(
            AuditEntry.objects.filter(trail=delegation.trail).select_related("actor"), history_page, field=HISTORY_PAGE
        ),
    }


def my_delegations(user):
    return (
        Delegation.objects.filter(focal_points=user)
        .select_related("meeting")
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.only("pk", "status", "delegation_id")))
        .order_by("-meeting__start_date", "sort_name")
    )


def join_request_escalation_days() -> int:
    return int(getattr(settings, "JOIN_REQUEST_ESCALATION_DAYS", 3))


def join_requests_for_secretariat(meeting: Meeting, now=None):
    """Pending requests to join that the focal point left unanswered for the set number of days, or that
    their author passed to the secretariat; oldest first."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=join_request_escalation_days())
    return (
        JoinRequest.objects.filter(delegation__meeting=meeting, status=JoinRequest.Status.PENDING)
        .filter(Q(created_at__lte=cutoff) | Q(escalated_at__isnull=False))
        .select_related("user", "delegation")
        .prefetch_related("delegation__focal_points")
        .order_by("created_at", "pk")
    )


def my_join_requests(user):
    return JoinRequest.objects.filter(user=user).select_related("delegation__meeting").order_by("-created_at")
