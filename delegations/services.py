"""Every write to delegations, participants and their accreditation.

Each function owns its transaction and its audit entry, and sends e-mail only
after the transaction commits.
"""

from functools import partial

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from ccm_portal import pagecache
from ccm_portal.accounts.models import User
from ccm_portal.audit.services import log_action
from ccm_portal.concurrency import ConcurrentEditError, check_version  # noqa: F401 - views catch services.ConcurrentEditError
from ccm_portal.meetings.models import (
    Category,
    Meeting,
    Organisation,
    TreatyStatus,
    derive_category,
    normalise_name,
    state_category,
)

from . import notifications
from .models import Delegation, JoinRequest, Participant


class RegistrationError(Exception):
    """A request the rules of registration do not allow; the message is for the user."""


class DelegationExists(RegistrationError):
    def __init__(self, delegation: Delegation):
        self.delegation = delegation
        names = ", ".join(str(user) for user in delegation.focal_points.all()) or _("the secretariat")
        super().__init__(
            _("%(name)s already has a delegation for this meeting; its focal point is %(names)s.")
            % {"name": delegation.sort_name, "names": names}
        )


def _require_open(meeting: Meeting, user) -> None:
    if user.is_secretariat:
        return
    now = timezone.now()
    if now < meeting.registration_opens:
        raise RegistrationError(_("Registration for this meeting has not opened yet."))
    if meeting.deadline_passed(now):
        raise RegistrationError(
            _("The registration deadline has passed; only the secretariat can change delegations now.")
        )


def _require_editable(delegation: Delegation, user) -> None:
    if delegation.status == Delegation.Status.REFUSED:
        raise RegistrationError(_("This registration was refused; it can no longer be changed."))
    _require_open(delegation.meeting, user)


def organisation_get_or_create(*, name: str, acronym: str = "", kind: str) -> Organisation:
    """The organisation known under this name (compared by normalise_name), or a new one.

    Two registrations racing to create one organisation meet the database's
    unique key; the loser's insert is undone in a savepoint and it reuses the
    winner's row, so neither answers with an error.
    """
    name = " ".join(name.split())
    key = normalise_name(name)
    if found := Organisation.objects.filter(normalised_name=key).first():
        return found
    try:
        with transaction.atomic():
            return Organisation.objects.create(name=name, acronym=acronym.strip(), kind=kind)
    except IntegrityError:
        found = Organisation.objects.filter(normalised_name=key).first()
        if found is None:
            raise
        return found


@transaction.atomic
def delegation_register(
    *,
    meeting: Meeting,
    user,
    kind: str,
    country: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
    organisation_acronym: str = "",
    contact_email: str = "",
) -> Delegation:
    """Create a delegation in draft with `user` as its focal point.

    Refuses a closed meeting, an unconfirmed account and a second delegation of
    the same state or organisation (raising DelegationExists, which names the
    focal point so the user can ask to join).
    """
    if not user.email_confirmed_at and not user.is_secretariat:
        raise RegistrationError(_("Confirm your e-mail address before registering a delegation."))
    _require_open(meeting, user)

    invitation = ""
    if kind == Delegation.Kind.STATE:
        if not country or country not in dict(countries):
            raise RegistrationError(_("Choose a state from the list."))
        category, note = state_category(country, meeting.start_date)
        # The English short name, whatever the language of the page: the list of participants sorts by it.
        with translation.override("en"):
            sort_name = str(countries.name(country))
        organisation = None
    else:
        if organisation is None:
            name = organisation_name.strip()
            if not name:
                raise RegistrationError(_("Name the organisation."))
            organisation = organisation_get_or_create(name=name, acronym=organisation_acronym, kind=kind)
        if organisation.attends_as_of_right:
            category = Category.RULE_1_2
        else:
            category = Category.RULE_1_3
            invitation = Delegation.Invitation.PROVISIONAL
        note = ""
        sort_name = organisation.name
        country = ""
        kind = (
            Delegation.Kind.INTERNATIONAL
            if organisation.kind == Organisation.Kind.INTERNATIONAL
            else Delegation.Kind.CIVIL_SOCIETY
        )

    existing = Delegation.objects.filter(meeting=meeting).exclude(status=Delegation.Status.REFUSED)
    existing = (
        existing.filter(country=country, kind=Delegation.Kind.STATE)
        if country
        else existing.filter(organisation=organisation)
    )
    if found := existing.first():
        raise DelegationExists(found)

    try:
        # A savepoint: two delegates racing for the same state meet the unique
        # constraint, and the loser is told who won.
        with transaction.atomic():
            delegation = Delegation.objects.create(
                meeting=meeting,
                kind=kind,
                country=country,
                organisation=organisation,
                sort_name=sort_name,
                category=category,
                category_note=note,
                invitation=invitation,
                created_by=user,
                contact_email=contact_email or user.email,
            )
    except IntegrityError:
        found = existing.first()
        if found is None:
            raise
        raise DelegationExists(found) from None
    delegation.focal_points.add(user)
    log_action(trail=delegation.trail, actor=user, action="registered", subject=delegation)
    return delegation


@transaction.atomic
def join_request_create(*, delegation: Delegation, user, message: str = "") -> JoinRequest:
    """Ask to become a focal point of a delegation; refuses members, duplicates and refused registrations."""
    if Delegation.objects.filter(pk=delegation.pk, status=Delegation.Status.REFUSED).exists():
        raise RegistrationError(_("This registration was refused; register the delegation yourself instead."))
    if delegation.focal_points.filter(pk=user.pk).exists():
        raise RegistrationError(_("You are already a focal point of this delegation."))
    if JoinRequest.objects.filter(delegation=delegation, user=user, status=JoinRequest.Status.PENDING).exists():
        raise RegistrationError(_("Your request to join is already waiting for an answer."))
    join_request = JoinRequest.objects.create(delegation=delegation, user=user, message=message)
    log_action(trail=delegation.trail, actor=user, action="asked to join", subject=delegation)
    transaction.on_commit(partial(notifications.join_requested, join_request.pk))
    return join_request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, by, accept: bool) -> JoinRequest:
    """Accept (adding the requester as focal point) or refuse a pending request."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise RegistrationError(_("This request has already been answered."))
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.REFUSED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if accept:
        join_request.delegation.focal_points.add(join_request.user)
    log_action(
        trail=join_request.delegation.trail,
        actor=by,
        action="accepted join request" if accept else "refused join request",
        subject=join_request.user,
    )
    transaction.on_commit(partial(notifications.join_decided, join_request.pk))
    return join_request


@transaction.atomic
def join_request_escalate(*, join_request: JoinRequest, by) -> JoinRequest:
    """The requester asks the secretariat to decide a pending request the focal point has not answered."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.user_id != by.pk:
        raise RegistrationError(_("Only the person who asked to join can pass the request to the secretariat."))
    if join_request.status != JoinRequest.Status.PENDING:
        raise RegistrationError(_("This request has already been answered."))
    if join_request.escalated_at is not None:
        raise RegistrationError(_("The secretariat already has this request."))
    join_request.escalated_at = timezone.now()
    join_request.save(update_fields=["escalated_at"])
    log_action(trail=join_request.delegation.trail, actor=by, action="asked the secretariat to decide", subject=by)
    transaction.on_commit(partial(notifications.join_request_escalated, join_request.pk))
    return join_request


def _require_secretariat_for(by, what: str) -> None:
    if not by.is_secretariat:
        raise RegistrationError(what)


@transaction.atomic
def focal_point_transfer(*, delegation: Delegation, email: str, remove=(), by) -> Delegation:
    """Make the account with `email` a focal point and take the chosen current ones off; secretariat only.

    Meant for a registration made by the wrong person: the new focal point's
    pending request to join is accepted, the delegation's contact address moves
    to them if it was a removed focal point's, and both sides are e-mailed.
    Refuses an unknown or unconfirmed account and a refused registration.
    """
    _require_secretariat_for(by, _("Only the secretariat can transfer a delegation's focal point."))
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.status == Delegation.Status.REFUSED:
        raise RegistrationError(_("This registration was refused; it can no longer be changed."))
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise RegistrationError(_("No account uses this e-mail address: ask the person to sign up first."))
    if not user.email_confirmed_at:
        raise RegistrationError(_("%(name)s has not confirmed their e-mail address yet.") % {"name": user})
    current = list(delegation.focal_points.all())
    removed = [person for person in current if person in set(remove) and person.pk != user.pk]
    if user in current and not removed:
        raise RegistrationError(_("%(name)s is already a focal point of this delegation.") % {"name": user})
    delegation.focal_points.add(user)
    if removed:
        delegation.focal_points.remove(*removed)
    if delegation.contact_email and delegation.contact_email.lower() in {p.email.lower() for p in removed}:
        delegation.contact_email = user.email
        delegation.save(update_fields=["contact_email", "updated_at"])
    JoinRequest.objects.filter(delegation=delegation, user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.ACCEPTED, decided_by=by, decided_at=timezone.now()
    )
    log_action(
        trail=delegation.trail,
        actor=by,
        action="transferred focal point",
        subject=delegation,
        detail=_("%(new)s became focal point; removed: %(old)s")
        % {"new": user, "old": ", ".join(str(p) for p in removed) or "-"},
    )
    transaction.on_commit(
        partial(notifications.focal_point_transferred, delegation.pk, user.pk, [p.pk for p in removed])
    )
    return delegation


@transaction.atomic
def delegation_refuse(*, delegation: Delegation, by, reason: str) -> Delegation:
    """Refuse a registration for good (e.g. its note verbale is not the state's); secretariat only.

    The delegation stays, read only, with the reason its focal points are told;
    it no longer holds its state or organisation, so the real mission can
    register. Pending requests to join it are closed and their authors told
    they may register themselves.
    """
    _require_secretariat(by)
    delegation = Delegation.objects.select_for_update().select_related("meeting").get(pk=delegation.pk)
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(_("Give a reason for the refusal; the focal point will read it."))
    if delegation.status == Delegation.Status.REFUSED:
        raise RegistrationError(_("This registration has already been refused."))
    delegation.require_transition(Delegation.Status.REFUSED, RegistrationError)
    now = timezone.now()
    delegation.status = Delegation.Status.REFUSED
    delegation.decided_at = now
    delegation.decision_reason = reason
    delegation.save(update_fields=["status", "decided_at", "decision_reason", "updated_at"])
    pending = JoinRequest.objects.filter(delegation=delegation, status=JoinRequest.Status.PENDING)
    waiting = list(pending.values_list("pk", flat=True))
    JoinRequest.objects.filter(pk__in=waiting).update(status=JoinRequest.Status.REFUSED, decided_by=by, decided_at=now)
    log_action(trail=delegation.trail, actor=by, action="refused registration", subject=delegation, detail=reason)
    transaction.on_commit(partial(notifications.delegation_refused, delegation.pk, waiting))
    return delegation


@transaction.atomic
def delegation_attach_document(*, delegation: Delegation, upload, by) -> Delegation:
    """Store the note verbale or letter under a generated name, replacing an earlier one."""
    _require_editable(delegation, by)
    old = delegation.document.name if delegation.document else ""
    delegation.document_name = upload.name[:200]
    delegation.document.save("document.pdf", upload, save=False)
    delegation.document_uploaded_at = timezone.now()
    delegation.save(update_fields=["document", "document_name", "document_uploaded_at", "updated_at"])
    if old:
        transaction.on_commit(partial(delegation.document.storage.delete, old))
    log_action(
        trail=delegation.trail,
        actor=by,
        action="uploaded document",
        subject=delegation,
        detail=delegation.document_name,
    )
    return delegation


PARTICIPANT_FIELDS = Participant.EDITABLE_FIELDS


# The audit trail, which focal points read and which outlives the participant, records
# only that these changed, never their values: health information (accessibility
# needs), contact details and what a person discloses about themselves or their travel.
AUDIT_REDACTED_FIELDS = frozenset({"email", "gender", "accessibility_needs", "needs_visa_letter", "photo"})


def _store_photo(participant: Participant, content: bytes) -> str:
    """Write a checked, re-encoded photo under a new random name; returns the name it replaced ("" if none).

    The row is saved by the caller. The replaced file is deleted once the transaction
    commits; the new one is deleted if saving fails (see _discard_new_photo).
    """
    old = participant.photo.name if participant.photo else ""
    participant.photo.save("photo.jpg", ContentFile(content), save=False)
    if old:
        transaction.on_commit(partial(participant.photo.storage.delete, old))
    return old


def _discard_new_photo(participant: Participant, name: str) -> None:
    if name:
        participant.photo.storage.delete(name)


def _photo_state(participant: Participant) -> str:
    return _("a photo") if participant.photo else _("no photo")


def _audit_changes(changed_fields: dict[str, tuple[str, str]]) -> str:
    """The audit detail of a participant edit: old and new values, except for redacted fields."""
    parts = []
    for field, (old, new) in changed_fields.items():
        label = str(Participant._meta.get_field(field).verbose_name)
        if field in AUDIT_REDACTED_FIELDS:
            parts.append(_("%(field)s changed") % {"field": label})
        else:
            parts.append(f"{label}: {old} → {new}")
    return "; ".join(parts)


def _display(participant: Participant, field: str) -> str:
    value = getattr(participant, field)
    if hasattr(participant, f"get_{field}_display"):
        return str(getattr(participant, f"get_{field}_display")())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _check_head(delegation: Delegation, role: str, exclude_pk=None) -> None:
    if role != Participant.Role.HEAD:
        return
    heads = delegation.participants.filter(role=Participant.Role.HEAD)
    if exclude_pk:
        heads = heads.exclude(pk=exclude_pk)
    if head := heads.first():
        raise RegistrationError(
            _("%(name)s is already head of this delegation; a delegation has exactly one head.")
            % {"name": head.display_name}
        )


@transaction.atomic
def participant_create(*, delegation: Delegation, data: dict, by, photo: bytes | None = None) -> Participant:
    """Add a pending participant; refuses a second head and edits after the deadline.

    `photo` is a JPEG already checked and re-encoded (ParticipantForm.clean_photo).
    """
    # Checked on the locked row: a refusal committed a moment ago is seen here.
    _require_editable(Delegation.objects.select_for_update().select_related("meeting").get(pk=delegation.pk), by)
    _check_head(delegation, data.get("role"))
    participant = Participant(delegation=delegation, **{f: data[f] for f in PARTICIPANT_FIELDS if f in data})
    if photo:
        _store_photo(participant, photo)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        _discard_new_photo(participant, participant.photo.name)
        raise RegistrationError(_("This delegation already has a head.")) from None
    log_action(trail=delegation.trail, actor=by, action="added participant", subject=participant)
    return participant


@transaction.atomic
def participant_update(
    *,
    participant: Participant,
    data: dict,
    by,
    expected_version: int,
    photo: bytes | None = None,
    remove_photo: bool = False,
) -> Participant:
    """Save a participant's changes if nobody saved in between.

    A change to an approved participant puts it back to pending and records
    what changed, so the secretariat sees exactly what to look at again. A new
    `photo` (checked, re-encoded JPEG bytes) replaces the stored one; `remove_photo`
    deletes it; either way the old file goes once the transaction commits.
    """
    delegation = participant.delegation
    _require_editable(delegation, by)
    current = Participant.objects.select_for_update().get(pk=participant.pk)
    check_version(current, expected_version)
    _check_head(delegation, data.get("role", current.role), exclude_pk=current.pk)

    before = {field: _display(current, field) for field in PARTICIPANT_FIELDS}
    for field in PARTICIPANT_FIELDS:
        if field in data:
            setattr(current, field, data[field])
    after = {field: _display(current, field) for field in PARTICIPANT_FIELDS}
    changed = {field: [before[field], after[field]] for field in PARTICIPANT_FIELDS if before[field] != after[field]}
    audited = {field: (before[field], after[field]) for field in changed}
    new_photo = ""
    if photo or (remove_photo and current.photo):
        photo_before = _photo_state(current)
        if photo:
            _store_photo(current, photo)
            new_photo = current.photo.name
            photo_after = _("a new photo")
        else:
            transaction.on_commit(partial(current.photo.storage.delete, current.photo.name))
            current.photo = ""
            photo_after = _photo_state(current)
        changed["photo"] = [photo_before, photo_after]
        audited["photo"] = (photo_before, photo_after)
    if not changed:
        return current
    if current.status == Participant.Status.APPROVED and not by.is_secretariat:
        current.require_transition(Participant.Status.PENDING, RegistrationError)
        current.status = Participant.Status.PENDING
        current.changes_since_approval = changed
    elif current.status == Participant.Status.PENDING and current.changes_since_approval:
        merged = dict(current.changes_since_approval)
        for field, (old, new) in changed.items():
            merged[field] = [merged.get(field, [old])[0], new]
        current.changes_since_approval = merged
    current.version = F("version") + 1
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        _discard_new_photo(current, new_photo)
        raise RegistrationError(_("This delegation already has a head.")) from None
    current.refresh_from_db()
    log_action(
        trail=delegation.trail,
        actor=by,
        action="changed participant",
        subject=current,
        detail=_audit_changes(audited),
    )
    return current


@transaction.atomic
def participant_remove(*, participant: Participant, by) -> None:
    """Remove a participant; refuses after the deadline unless the secretariat asks."""
    _require_editable(participant.delegation, by)
    log_action(trail=participant.trail, actor=by, action="removed participant", subject=participant)
    participant.delete()


def submission_problems(delegation: Delegation) -> list[str]:
    problems = []
    if not delegation.document:
        # Whole sentences: the document's name does not fit one slot in every language.
        problems.append(
            _("Upload the note verbale signed by your mission or organisation.")
            if delegation.is_state
            else _("Upload the letter signed by your mission or organisation.")
        )
    participants = list(delegation.participants.all())
    if not participants:
        problems.append(_("Add at least one participant."))
    heads = [p for p in participants if p.role == Participant.Role.HEAD]
    if delegation.is_state and len(heads) != 1:
        problems.append(_("A state delegation needs exactly one head of delegation."))
    return problems


@transaction.atomic
def delegation_submit(*, delegation: Delegation, by) -> Delegation:
    """Send the delegation to the secretariat; refuses an incomplete one or a late one."""
    delegation = Delegation.objects.select_for_update().select_related("meeting").get(pk=delegation.pk)
    _require_editable(delegation, by)
    if delegation.status in (Delegation.Status.SUBMITTED, Delegation.Status.APPROVED):
        raise RegistrationError(_("This delegation has already been submitted."))
    delegation.require_transition(Delegation.Status.SUBMITTED, RegistrationError)
    if problems := submission_problems(delegation):
        raise RegistrationError(" ".join(problems))
    delegation.status = Delegation.Status.SUBMITTED
    delegation.submitted_at = timezone.now()
    delegation.save(update_fields=["status", "submitted_at", "updated_at"])
    log_action(trail=delegation.trail, actor=by, action="submitted", subject=delegation)
    return delegation


def _require_secretariat(by) -> None:
    if not by.is_secretariat:
        raise RegistrationError(_("Only the secretariat can decide on registrations."))


@transaction.atomic
def delegation_decide(
    *, delegation: Delegation, by, approve: bool, reason: str = "", notify: bool = True
) -> Delegation:
    """Approve or reject a submitted delegation; a rejection needs a reason.

    `notify=False` leaves the e-mail to the caller (`decide_in_bulk` sends one per delegation).
    """
    _require_secretariat(by)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    reason = reason.strip()
    if not approve and not reason:
        raise RegistrationError(_("Give a reason for the rejection; the focal point will read it."))
    if delegation.status == Delegation.Status.DRAFT:
        raise RegistrationError(_("%(name)s has not been submitted yet.") % {"name": delegation.sort_name})
    if delegation.status == Delegation.Status.REFUSED:
        raise RegistrationError(
            _("The registration of %(name)s was refused; it cannot be decided again.") % {"name": delegation.sort_name}
        )
    target = Delegation.Status.APPROVED if approve else Delegation.Status.REJECTED
    if delegation.status == target:
        raise RegistrationError(
            (_("%(name)s is already approved.") if approve else _("%(name)s is already rejected."))
            % {"name": delegation.sort_name}
        )
    delegation.require_transition(target, RegistrationError)
    delegation.status = target
    delegation.decided_at = timezone.now()
    delegation.decision_reason = "" if approve else reason
    delegation.save(update_fields=["status", "decided_at", "decision_reason", "updated_at"])
    log_action(
        trail=delegation.trail,
        actor=by,
        action="approved delegation" if approve else "rejected delegation",
        subject=delegation,
        detail=reason,
    )
    if notify:
        transaction.on_commit(partial(notifications.decisions_made, delegation.pk, decided_delegation=True))
    return delegation


@transaction.atomic
def participant_decide(
    *, participant: Participant, by, approve: bool, reason: str = "", notify: bool = True
) -> Participant:
    """Approve or reject one participant; a rejection needs a reason.

    The focal points are told, and an approved participant is told too, with where to
    collect the badge. `notify=False` leaves the focal points' e-mail to the caller.
    """
    _require_secretariat(by)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    reason = reason.strip()
    if not approve and not reason:
        raise RegistrationError(_("Give a reason for the rejection; the focal point will read it."))
    target = Participant.Status.APPROVED if approve else Participant.Status.REJECTED
    if participant.status == target:
        raise RegistrationError(
            (_("%(name)s is already approved.") if approve else _("%(name)s is already rejected."))
            % {"name": participant}
        )
    participant.require_transition(target, RegistrationError)
    participant.status = target
    participant.decision_reason = "" if approve else reason
    participant.changes_since_approval = {}
    participant.version = F("version") + 1
    participant.save(update_fields=["status", "decision_reason", "changes_since_approval", "version", "updated_at"])
    participant.refresh_from_db()
    log_action(
        trail=participant.trail,
        actor=by,
        action="approved participant" if approve else "rejected participant",
        subject=participant,
        detail=reason,
    )
    if notify:
        transaction.on_commit(
            partial(notifications.decisions_made, participant.delegation_id, participant_pks=[participant.pk])
        )
    if approve:
        transaction.on_commit(partial(notifications.participant_approved, participant.pk))
    return participant


@transaction.atomic
def decide_in_bulk(*, delegations=(), participants=(), by, approve: bool, reason: str = "") -> int:
    """Apply one decision to many rows at once: all of them, or none if one is refused.

    Each delegation's focal points get one e-mail for the whole batch (its own decision and
    its participants'), not one per row.
    """
    _require_secretariat(by)
    if not approve and not reason.strip():
        raise RegistrationError(_("Give a reason for the rejection; the focal points will read it."))
    count = 0
    decided_delegations: set[int] = set()
    decided_people: dict[int, list[int]] = {}
    for delegation in delegations:
        delegation_decide(delegation=delegation, by=by, approve=approve, reason=reason, notify=False)
        decided_delegations.add(delegation.pk)
        count += 1
    for participant in participants:
        participant = participant_decide(participant=participant, by=by, approve=approve, reason=reason, notify=False)
        decided_people.setdefault(participant.delegation_id, []).append(participant.pk)
        count += 1
    for delegation_pk in sorted(decided_delegations | set(decided_people)):
        transaction.on_commit(
            partial(
                notifications.decisions_made,
                delegation_pk,
                decided_delegation=delegation_pk in decided_delegations,
                participant_pks=decided_people.get(delegation_pk, []),
            )
        )
    return count


@transaction.atomic
def invitation_approve(*, delegation: Delegation, by) -> Delegation:
    """Record that the meeting approved a provisionally invited Rule 1.3 organisation."""
    _require_secretariat(by)
    if delegation.invitation != Delegation.Invitation.PROVISIONAL:
        raise RegistrationError(_("This delegation is not provisionally invited."))
    delegation.invitation = Delegation.Invitation.APPROVED
    delegation.save(update_fields=["invitation", "updated_at"])
    log_action(trail=delegation.trail, actor=by, action="recorded approval under Rule 1.3", subject=delegation)
    return delegation


@transaction.atomic
def credentials_update(*, delegation: Delegation, by, status: str, date=None, remark: str = "") -> Delegation:
    """Record the state of a state delegation's credentials."""
    _require_secretariat(by)
    if not delegation.is_state:
        raise RegistrationError(_("Credentials are tracked for state delegations only."))
    # Compared with the row, not the instance: a bound ModelForm has already written the new values on it.
    # The trail keeps the English labels; pages show them in the reader's language (audit_detail).
    with translation.override("en"):
        before = Delegation.objects.select_for_update().get(pk=delegation.pk).get_credentials_status_display()
        after = str(Delegation.Credentials(status).label) if status else ""
    delegation.credentials_status = status
    delegation.credentials_date = date
    delegation.credentials_remark = remark
    delegation.save(update_fields=["credentials_status", "credentials_date", "credentials_remark", "updated_at"])
    log_action(
        trail=delegation.trail,
        actor=by,
        action="updated credentials",
        subject=delegation,
        detail=f"{before} → {after}",
    )
    return delegation


def refresh_state_categories(*, meetings=None) -> int:
    """Re-derive every state delegation's category from the treaty-status register."""
    register = {row.country.code: row for row in TreatyStatus.objects.all()}
    qs = Delegation.objects.filter(kind=Delegation.Kind.STATE).select_related("meeting")
    if meetings is not None:
        qs = qs.filter(meeting__in=meetings)
    changed = []
    for delegation in qs:
        category, note = derive_category(register.get(delegation.country.code), delegation.meeting.start_date)
        if (delegation.category, delegation.category_note) != (category, note):
            delegation.category, delegation.category_note = category, note
            changed.append(delegation)
    Delegation.objects.bulk_update(changed, ["category", "category_note"])
    # bulk_update sends no post_save: the cached public pages of these meetings learn of it here.
    for meeting_id in {delegation.meeting_id for delegation in changed}:
        pagecache.bump(meeting_id, pagecache.PARTICIPANTS)
    return len(changed)
