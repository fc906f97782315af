"""What the portal holds on one person, gathered for them to download (JSON).

Only data about the person asking: their account, their own participant records
(found by their e-mail address), their join requests, what they uploaded and what the
audit trail recorded them doing. Delegations they are focal point of are described
without the participants listed in them: those records are other people's data, which
each of them can ask for, and which the focal point sees on the delegation page anyway.
Audit entries are given by action and time, without their subject or detail, which
may name someone else.
"""

import base64

from django.db.models import Count
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from delegations.models import Delegation, JoinRequest, Participant
from sessions.models import Statement


def _time(value):
    return value.isoformat() if value else None


def _account(user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.get_role_display(),
        "language": user.language,
        "date_joined": _time(user.date_joined),
        "email_confirmed_at": _time(user.email_confirmed_at),
        "last_login": _time(user.last_login),
        "is_active": user.is_active,
    }


def _focal_point_of(user) -> list[dict]:
    delegations = (
        Delegation.objects.filter(focal_points=user)
        .select_related("meeting")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("meeting__start_date", "sort_name")
    )
    return [
        {
            "meeting": d.meeting.title,
            "delegation": d.sort_name,
            "kind": d.get_kind_display(),
            "status": d.get_status_display(),
            "registered_by_you": d.created_by_id == user.pk,
            # The delegation's contact address only when it is the person's own.
            "contact_email": d.contact_email if d.contact_email.lower() == user.email.lower() else None,
            "participants_listed": d.participant_count,
        }
        for d in delegations
    ]


def _photo(participant) -> str:
    """The stored badge photo as a data: URI (a JPEG), "" without one or if its file is gone."""
    if not participant.photo:
        return ""
    try:
        with participant.photo.open("rb") as handle:
            return "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode("ascii")
    except OSError:
        return ""


def _participant_records(user) -> list[dict]:
    participants = (
        Participant.objects.filter(email__iexact=user.email)
        .select_related("delegation__meeting")
        .prefetch_related("check_ins", "badge_prints")
        .order_by("delegation__meeting__start_date", "pk")
    )
    return [
        {
            "meeting": p.delegation.meeting.title,
            "delegation": p.delegation.sort_name,
            "title": p.title,
            "given_name": p.given_name,
            "family_name": p.family_name,
            "function": p.function,
            "role": p.get_role_display(),
            "email": p.email,
            "gender": p.get_gender_display(),
            "accessibility_needs": p.accessibility_needs,
            "needs_visa_letter": p.needs_visa_letter,
            "public_consent": p.public_consent,
            "status": p.get_status_display(),
            "decision_reason": p.decision_reason,
            "registered_at": _time(p.created_at),
            "photo": _photo(p),
            "badge_printed_at": _time(p.badge_printed_at),
            "badge_prints": [_time(b.printed_at) for b in p.badge_prints.all()],
            "check_ins": [{"at": _time(c.at), "outcome": c.get_outcome_display()} for c in p.check_ins.all()],
        }
        for p in participants
    ]


def _join_requests(user) -> list[dict]:
    requests = JoinRequest.objects.filter(user=user).select_related("delegation__meeting").order_by("created_at")
    return [
        {
            "meeting": r.delegation.meeting.title,
            "delegation": r.delegation.sort_name,
            "message": r.message,
            "status": r.get_status_display(),
            "created_at": _time(r.created_at),
            "decided_at": _time(r.decided_at),
        }
        for r in requests
    ]


def _statements(user) -> list[dict]:
    statements = (
        Statement.objects.filter(uploaded_by=user)
        .select_related("entry__delegation__meeting")
        .order_by("uploaded_at", "pk")
    )
    return [
        {
            "meeting": s.entry.delegation.meeting.title,
            "delegation": s.entry.delegation.sort_name,
            "file_name": s.original_name,
            "published": s.is_published,
            "uploaded_at": _time(s.uploaded_at),
        }
        for s in statements
    ]


def _audit_entries(user) -> list[dict]:
    entries = AuditEntry.objects.filter(actor=user).order_by("created_at", "pk").values("created_at", "action")
    return [{"at": _time(e["created_at"]), "action": e["action"]} for e in entries]


def personal_data(user) -> dict:
    """Everything the portal holds on `user`, as plain JSON-ready data."""
    return {
        "generated_at": timezone.now().isoformat(),
        "account": _account(user),
        "focal_point_of": _focal_point_of(user),
        "participant_records": _participant_records(user),
        "join_requests": _join_requests(user),
        "statements_uploaded": _statements(user),
        "actions_recorded": _audit_entries(user),
    }
