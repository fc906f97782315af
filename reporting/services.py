"""Every write of the reporting app: keyword-only functions that own the transaction and the audit entry."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccm_portal.audit.services import log_action
from ccm_portal.concurrency import ConcurrentEditError, check_version  # noqa: F401 - views catch it from here
from ccm_portal.meetings.models import TreatyStatus

from . import completeness, renderers
from .deadlines import period_of
from .models import (
    ActionLink,
    AreaRow,
    ContactPoint,
    CooperationRow,
    Form,
    FormEntry,
    Report,
    StockpileRow,
    VictimFigures,
)

ROW_MODELS = {Form.B: StockpileRow, Form.F: AreaRow, Form.I: CooperationRow}
ROW_FIELDS = {
    Form.B: (
        "munition_type",
        "cluster_munitions",
        "submunitions",
        "destroyed_cluster_munitions",
        "destroyed_submunitions",
    ),
    Form.F: ("region", "contaminated_m2", "cleared_m2", "released_m2"),
    Form.I: ("partner", "direction", "amount", "currency", "purpose"),
}
ENTRY_FIELDS = ("status", "unchanged_since", "text", "completion_date", "is_public")


class ReportingError(Exception):
    """A step the report's state or the other reports refuse; the message says why."""


class IncompleteReport(ReportingError):
    def __init__(self, gaps: dict):
        self.gaps = gaps
        super().__init__(_("The report is not complete yet: see what is missing next to each form."))


# ---------------------------------------------------------------- contact points


@transaction.atomic
def contact_point_appoint(*, state: TreatyStatus, user, by) -> ContactPoint:
    """The secretariat appoints `user` for `state`: confirmed at once (a proposal for them is confirmed)."""
    contact, _created = ContactPoint.objects.get_or_create(user=user, state=state, defaults={"proposed_by": by})
    if contact.status != ContactPoint.Status.CONFIRMED:
        contact.status = ContactPoint.Status.CONFIRMED
        contact.confirmed_by = by
        contact.confirmed_at = timezone.now()
        contact.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        log_action(trail=f"reporting:{state.pk}", actor=by, action="appointed contact point", subject=contact)
        renderers.refresh_state_when_committed(state.pk)  # the reports print their contact points
    return contact


@transaction.atomic
def contact_point_propose(*, state: TreatyStatus, user, by) -> ContactPoint:
    """A focal point of the state's delegation proposes `user`; the secretariat confirms later."""
    contact, created = ContactPoint.objects.get_or_create(user=user, state=state, defaults={"proposed_by": by})
    if not created:
        raise ReportingError(_("This person is already a contact point of this state, or proposed as one."))
    log_action(trail=f"reporting:{state.pk}", actor=by, action="proposed contact point", subject=contact)
    return contact


@transaction.atomic
def contact_point_confirm(*, contact: ContactPoint, by) -> ContactPoint:
    """Confirm a proposed contact point; refuses one already confirmed."""
    contact = ContactPoint.objects.select_for_update().get(pk=contact.pk)
    if contact.status == ContactPoint.Status.CONFIRMED:
        raise ReportingError(_("This contact point is already confirmed."))
    contact.status = ContactPoint.Status.CONFIRMED
    contact.confirmed_by = by
    contact.confirmed_at = timezone.now()
    contact.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    log_action(trail=f"reporting:{contact.state_id}", actor=by, action="confirmed contact point", subject=contact)
    renderers.refresh_state_when_committed(contact.state_id)
    return contact


@transaction.atomic
def contact_point_remove(*, contact: ContactPoint, by) -> None:
    """End someone's role as a contact point (their reports stay the state's)."""
    log_action(trail=f"reporting:{contact.state_id}", actor=by, action="removed contact point", subject=contact)
    contact.delete()
    renderers.refresh_state_when_committed(contact.state_id)


# ---------------------------------------------------------------- reports


def _overlapping_submitted(state_id: int, period_from: date, period_to: date, *, exclude_pk=None):
    qs = Report.objects.filter(state_id=state_id, period_from__lte=period_to, period_to__gte=period_from).exclude(
        status=Report.Status.DRAFT
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _refuse_overlap(state_id: int, period_from: date, period_to: date, *, exclude_pk=None) -> None:
    other = _overlapping_submitted(state_id, period_from, period_to, exclude_pk=exclude_pk)
    if other is not None:
        raise ReportingError(
            _("This period overlaps the report already submitted for %(start)s to %(end)s.")
            % {"start": other.period_from.isoformat(), "end": other.period_to.isoformat()}
        )


def last_report(state: TreatyStatus, *, before: Report | None = None) -> Report | None:
    """The state's latest report to start from: the last one submitted, else its last draft."""
    qs = Report.objects.filter(state=state).order_by("-period_to", "-pk")
    if before is not None:
        qs = qs.exclude(pk=before.pk)
    return qs.exclude(status=Report.Status.DRAFT).first() or qs.first()


def _copy_from(report: Report, previous: Report) -> None:
    """Prefill `report` from `previous`: each form keeps its data and says since when it is unchanged."""
    earlier = {entry.form: entry for entry in previous.entries.all()}
    for entry in report.entries.all():
        old = earlier.get(entry.form)
        if old is None or not old.status:
            continue
        if old.status == FormEntry.Status.NOT_APPLICABLE:
            entry.status = FormEntry.Status.NOT_APPLICABLE
        else:
            entry.status = FormEntry.Status.UNCHANGED
            entry.unchanged_since = (
                old.unchanged_since if old.status == FormEntry.Status.UNCHANGED else previous.year_covered
            )
        entry.text, entry.completion_date, entry.is_public = old.text, old.completion_date, old.is_public
        entry.save(update_fields=["status", "unchanged_since", "text", "completion_date", "is_public", "updated_at"])
        ActionLink.objects.bulk_create(
            ActionLink(entry=entry, paragraph_id=link.paragraph_id) for link in old.action_links.all()
        )
    for letter, model in ROW_MODELS.items():
        model.objects.bulk_create(
            model(report=report, position=row.position, **{name: getattr(row, name) for name in ROW_FIELDS[letter]})
            for row in model.objects.filter(report=previous)
        )
    victims = VictimFigures.objects.filter(report=previous).first()
    if victims is not None:
        VictimFigures.objects.create(
            report=report, total=victims.total, **{name: getattr(victims, name) for name in VictimFigures.DISAGGREGATED}
        )


@transaction.atomic
def report_create(*, state: TreatyStatus, kind: str, by, year: int | None = None, language: str = "en") -> Report:
    """A new draft for `state`, its period from the deadlines; an annual update starts from the last report.

    Refuses a state not yet a party in the register and a period overlapping a submitted report.
    """
    if state.entry_into_force_date is None:
        raise ReportingError(_("The convention is not in force for this state in the register: no report is due."))
    if kind == Report.Kind.ANNUAL and year is None:
        raise ReportingError(_("Say which year the annual update covers."))
    due = period_of(kind, state.entry_into_force_date, year=year)
    if due.period_from > due.period_to:
        raise ReportingError(_("The convention was not yet in force for this state in that year."))
    TreatyStatus.objects.select_for_update().filter(pk=state.pk).first()
    period_from = due.period_from
    if kind == Report.Kind.ANNUAL:
        # The initial report runs to its own deadline, into the next year: the annual update
        # starts the day after the last report submitted, so no two reports cover one day.
        covered = _overlapping_submitted(state.pk, due.period_from, due.period_to)
        while covered is not None and covered.period_to >= period_from:
            period_from = covered.period_to + timedelta(days=1)
            covered = (
                _overlapping_submitted(state.pk, period_from, due.period_to) if period_from <= due.period_to else None
            )
        if period_from > due.period_to:
            raise ReportingError(_("The year %(year)d is already covered by a report submitted.") % {"year": year})
    _refuse_overlap(state.pk, period_from, due.period_to)
    previous = last_report(state) if kind == Report.Kind.ANNUAL else None
    report = Report.objects.create(
        state=state,
        kind=kind,
        period_from=period_from,
        period_to=due.period_to,
        language=language,
        based_on=previous,
        created_by=by,
        year=period_from.year if kind == Report.Kind.INITIAL else due.period_to.year,
    )
    FormEntry.objects.bulk_create(FormEntry(report=report, form=letter) for letter in Form.values)
    if previous is not None:
        _copy_from(report, previous)
    log_action(trail=report.trail, actor=by, action="created report", subject=report)
    return report


def _require_draft(report: Report) -> None:
    if report.status != Report.Status.DRAFT:
        raise ReportingError(_("This report has been submitted: it can no longer be changed."))


@transaction.atomic
def report_cover_save(
    *, report: Report, period_from: date, period_to: date, language: str, expected_version, by
) -> Report:
    """Change the cover page of a draft, unless someone saved it since `expected_version`."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(current)
    check_version(current, expected_version)
    if period_from > period_to:
        raise ReportingError(_("The reporting period must end on or after the day it starts."))
    _refuse_overlap(current.state_id, period_from, period_to, exclude_pk=current.pk)
    current.period_from, current.period_to, current.language = period_from, period_to, language
    current.year = current.figures_year()
    current.version += 1
    current.save(update_fields=["period_from", "period_to", "year", "language", "version", "updated_at"])
    log_action(trail=current.trail, actor=by, action="changed cover page", subject=current)
    return current


@transaction.atomic
def form_save(
    *,
    entry: FormEntry,
    data: dict,
    expected_version,
    by,
    rows: list[dict] | None = None,
    victims: dict | None = None,
    actions: list[int] | None = None,
) -> FormEntry:
    """Save one form of a draft as a whole: its status and text, and its rows or figures, or nothing.

    `rows` (forms B, F, I) replace the form's rows; `victims` (form H) its figures, None
    removing them; `actions` (paragraph pks of the adopted plan's actions) its links. Refused
    when someone saved the form since `expected_version`, or when the report is no longer a draft.
    """
    current = FormEntry.objects.select_for_update().select_related("report").get(pk=entry.pk)
    _require_draft(current.report)
    check_version(current, expected_version)
    for name in ENTRY_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    if current.status != FormEntry.Status.UNCHANGED:
        current.unchanged_since = None
    current.updated_by = by
    current.version += 1
    current.save()
    report = current.report
    if rows is not None and current.form in ROW_MODELS:
        model = ROW_MODELS[current.form]
        model.objects.filter(report=report).delete()
        model.objects.bulk_create(
            model(report=report, position=position, **{name: row[name] for name in ROW_FIELDS[current.form]})
            for position, row in enumerate(rows)
        )
    if actions is not None:
        ActionLink.objects.filter(entry=current).delete()
        ActionLink.objects.bulk_create(ActionLink(entry=current, paragraph_id=pk) for pk in sorted(set(actions)))
    if current.form == Form.H:
        VictimFigures.objects.filter(report=report).delete()
        if victims is not None:
            VictimFigures.objects.create(report=report, **victims)
    log_action(trail=report.trail, actor=by, action="changed form", subject=report, detail=current.form)
    return current


@transaction.atomic
def report_submit(*, report: Report, by, today: date | None = None) -> Report:
    """Submit a complete draft: every form checked, and no overlap with a report already submitted.

    Raises IncompleteReport with the gaps of each form, or ReportingError; nothing changes then.
    """
    TreatyStatus.objects.select_for_update().filter(pk=report.state_id).first()
    current = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(current)
    found = completeness.gaps(current)
    if found:
        raise IncompleteReport(found)
    _refuse_overlap(current.state_id, current.period_from, current.period_to, exclude_pk=current.pk)
    current.status = Report.Status.SUBMITTED
    current.submitted_on = today or timezone.localdate()
    current.submitted_by = by
    current.version += 1
    current.save(update_fields=["status", "submitted_on", "submitted_by", "version", "updated_at"])
    log_action(trail=current.trail, actor=by, action="submitted report", subject=current)
    return current


def _move(report: Report, to: str) -> Report:
    current = Report.objects.select_for_update().get(pk=report.pk)
    if to not in Report.TRANSITIONS[current.status]:
        raise ReportingError(
            _("A report that is %(status)s cannot be moved to that step.") % {"status": current.get_status_display()}
        )
    current.status = to
    return current


@transaction.atomic
def report_acknowledge(*, report: Report, received_on: date, by) -> Report:
    """The secretariat records the date it received a submitted report."""
    current = _move(report, Report.Status.ACKNOWLEDGED)
    if current.submitted_on and received_on < current.submitted_on:
        raise ReportingError(_("The date of receipt cannot precede the date of submission."))
    current.received_on = received_on
    current.version += 1
    current.save(update_fields=["status", "received_on", "version", "updated_at"])
    log_action(trail=current.trail, actor=by, action="acknowledged receipt", subject=current)
    renderers.refresh_compiled_when_committed()  # its figures now count
    return current


@transaction.atomic
def report_publish(*, report: Report, by, today: date | None = None) -> Report:
    """Publish an acknowledged report: its public forms appear on the public page."""
    current = _move(report, Report.Status.PUBLISHED)
    current.published_on = today or timezone.localdate()
    current.version += 1
    current.save(update_fields=["status", "published_on", "version", "updated_at"])
    log_action(trail=current.trail, actor=by, action="published report", subject=current)
    renderers.refresh_public_when_committed(current.pk)  # the copy visitors download
    return current
