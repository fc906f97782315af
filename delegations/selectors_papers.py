"""The reads of the papers pages: a delegation's submissions, the secretariat's queue, the form's choices."""

from django.db.models import Count, QuerySet

from ccm_portal.meetings.models import Meeting

from .models import Delegation, PaperSubmission


def delegation_papers(delegation: Delegation) -> QuerySet:
    """The papers the delegation submitted or co-sponsors, newest first, with what the list prints
    (a fixed number of queries)."""
    return PaperSubmission.objects.of_delegation(delegation).with_list_columns().order_by("-submitted_at", "-pk")


def paper_queue(meeting: Meeting, *, status: str = PaperSubmission.Status.SUBMITTED) -> QuerySet:
    """The meeting's submissions in one status ("" for all), oldest first: the order they are dealt with."""
    qs = PaperSubmission.objects.filter(meeting=meeting).with_list_columns()
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("submitted_at", "pk")


def queue_counts(meeting: Meeting) -> dict[str, int]:
    rows = PaperSubmission.objects.filter(meeting=meeting).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(PaperSubmission.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def co_sponsor_choices(delegation: Delegation) -> QuerySet:
    """The other accredited state delegations of the meeting, which may co-sponsor the paper."""
    return (
        Delegation.objects.filter(meeting_id=delegation.meeting_id, kind=Delegation.Kind.STATE)
        .filter(status=Delegation.Status.APPROVED)
        .exclude(pk=delegation.pk)
        .only("id", "sort_name", "country")
        .order_by("sort_name")
    )


def revisable_papers(delegation: Delegation) -> QuerySet:
    """The delegation's issued papers, which a new submission may revise."""
    return (
        PaperSubmission.objects.filter(delegation=delegation, status=PaperSubmission.Status.ISSUED)
        .select_related("document")
        .order_by("document__sort_key")
    )
