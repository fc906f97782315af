"""The retention policy: participants' personal data goes N months after their meeting.

Each meeting says how long (Meeting.personal_data_retention_months, 24 by default,
counted from its last day). Once that has passed, `purge_personal_data`:

- keeps what the meeting's public record needs: the published list of participants
  (name, title and function of approved participants of approved delegations who
  consented to publication) and the statistics (every participant's delegation,
  category, role, status and gender stay, so counts by category and gender are unchanged);
- wipes from every participant the e-mail address, accessibility needs, the visa
  letter flag, the pending diff and the reason of a decision; and from those who are not
  on the published list also the title, names and function;
- deletes every participant's badge photo (file and reference), published or not;
- clears check-in notes, deletes the notes verbales (files and references) and the
  stored renders that name people (badges, the complete list; the public list stays);
- empties the audit details about a person (edits, rejections, refusals) and replaces the name of an
  anonymised participant in audit subjects.

A dry run computes exactly the same and writes nothing. Run by
`manage.py purge_personal_data` and by the daily Celery beat task in production.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from ccm_portal.jobs.models import RenderJob
from ccm_portal.meetings.models import Meeting
from delegations.models import CheckIn, Delegation, Participant
from delegations.names import subject_forms

ANONYMOUS_SUBJECT = "a participant (personal data removed)"
# Audit entries whose detail is about a person: the fields of an edit, the reason a
# participant was rejected or refused at the door.
PERSONAL_DETAIL_ACTIONS = {"changed participant", "rejected participant", "refused at check-in"}
# Stored renders that stay after the purge: the public list holds only published names.
KEPT_RENDER_KEYS = {"lop:public"}

WIPED_FROM_EVERYONE = {
    "email": "",
    "accessibility_needs": "",
    "needs_visa_letter": False,
    "changes_since_approval": {},
    "decision_reason": "",
}
WIPED_FROM_UNPUBLISHED = {"title": "", "given_name": "", "family_name": "", "function": ""}


@dataclass
class MeetingPurge:
    meeting: Meeting
    due_on: date
    participants: int = 0
    anonymised: int = 0
    published_kept: int = 0
    fields: Counter = field(default_factory=Counter)
    check_in_notes: int = 0
    documents: int = 0
    photos: int = 0
    audit_details: int = 0
    audit_subjects: int = 0
    renders: int = 0

    @property
    def changes(self) -> int:
        return (
            sum(self.fields.values())
            + self.check_in_notes
            + self.documents
            + self.photos
            + self.audit_details
            + self.audit_subjects
            + self.renders
        )

    def lines(self) -> list[str]:
        meeting = self.meeting
        out = [
            f"{meeting.short_title} ({meeting.slug}): last day {meeting.end_date}, "
            f"kept {meeting.personal_data_retention_months} months, due since {self.due_on}",
            f"  participants: {self.participants}; on the published list (name, title, function kept): "
            f"{self.published_kept}; anonymised: {self.anonymised}",
        ]
        if self.fields:
            out.append("  fields wiped: " + ", ".join(f"{name} {count}" for name, count in sorted(self.fields.items())))
        out.append(
            f"  check-in notes: {self.check_in_notes}; notes verbales deleted: {self.documents}; "
            f"photos deleted: {self.photos}; "
            f"stored renders deleted: {self.renders}; audit details emptied: {self.audit_details}; "
            f"audit subjects anonymised: {self.audit_subjects}"
        )
        return out


def meetings_due(today: date | None = None) -> list[Meeting]:
    """Meetings whose retention period has ended by `today`, oldest first."""
    today = today or timezone.localdate()
    return [m for m in Meeting.objects.order_by("end_date", "pk") if m.personal_data_due_on <= today]


def _is_published(participant: Participant) -> bool:
    # The same rule as the public list of participants (delegations/selectors_lists.py, listed(public=True)).
    return (
        participant.public_consent
        and participant.status == Participant.Status.APPROVED
        and participant.delegation.status == Delegation.Status.APPROVED
    )


def _purge_meeting(meeting: Meeting, *, dry_run: bool) -> MeetingPurge:
    report = MeetingPurge(meeting=meeting, due_on=meeting.personal_data_due_on)
    delegations = list(Delegation.objects.filter(meeting=meeting).select_for_update())
    trails = [d.trail for d in delegations]
    participants = list(
        Participant.objects.filter(delegation__meeting=meeting)
        .select_related("delegation")
        .select_for_update(of=("self",))
    )
    report.participants = len(participants)
    renamed = {}  # trail -> {every name the audit may hold for a participant}
    for participant in participants:
        targets = dict(WIPED_FROM_EVERYONE)
        if _is_published(participant):
            report.published_kept += 1
        else:
            targets.update(WIPED_FROM_UNPUBLISHED)
            if participant.display_name:
                renamed.setdefault(participant.trail, set()).update(subject_forms(participant))
        changed = [name for name, value in targets.items() if getattr(participant, name) != value]
        if not changed:
            continue
        if any(name in WIPED_FROM_UNPUBLISHED for name in changed):
            report.anonymised += 1
        report.fields.update(changed)
        if not dry_run:
            for name in changed:
                setattr(participant, name, targets[name])
            # No version bump: nobody edits a meeting this old, and updated_at tells when.
            participant.save(update_fields=[*changed, "updated_at"])

    check_ins = CheckIn.objects.filter(participant__delegation__meeting=meeting).exclude(note="")
    report.check_in_notes = check_ins.count()

    with_documents = [d for d in delegations if d.document]
    report.documents = len(with_documents)
    with_photos = [p for p in participants if p.photo]
    report.photos = len(with_photos)

    edits = AuditEntry.objects.filter(trail__in=trails, action__in=PERSONAL_DETAIL_ACTIONS).exclude(detail="")
    report.audit_details = edits.count()
    subjects = AuditEntry.objects.none()
    for trail, names in renamed.items():
        subjects |= AuditEntry.objects.filter(trail=trail, subject__in=names)
    report.audit_subjects = subjects.count()

    renders = RenderJob.objects.filter(meeting=meeting).exclude(key__in=KEPT_RENDER_KEYS)
    report.renders = renders.count()

    if dry_run:
        return report
    check_ins.update(note="")
    for delegation in with_documents:
        name, storage = delegation.document.name, delegation.document.storage
        delegation.document = ""
        delegation.document_name = ""
        delegation.save(update_fields=["document", "document_name", "updated_at"])
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    for participant in with_photos:
        name, storage = participant.photo.name, participant.photo.storage
        participant.photo = ""
        participant.save(update_fields=["photo", "updated_at"])
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    edits.update(detail="")
    subjects.update(subject=ANONYMOUS_SUBJECT)
    # The render files go after commit with their rows (ccm_portal/privacy/signals.py).
    for job in renders:
        job.delete()
    if report.changes or meeting.personal_data_purged_at is None:
        Meeting.objects.filter(pk=meeting.pk).update(personal_data_purged_at=timezone.now())
    return report


def purge_personal_data(*, dry_run: bool = False, today: date | None = None) -> list[MeetingPurge]:
    """Apply the retention policy to every meeting past its period; one transaction per meeting.

    Running it again changes nothing more: the counts are of values actually changed.
    """
    reports = []
    for meeting in meetings_due(today):
        with transaction.atomic():
            reports.append(_purge_meeting(meeting, dry_run=dry_run))
    return reports
