"""The reads the reporting pages share, with the joins that keep them at a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from ccm_portal.collation import sort_key
from ccm_portal.meetings.models import TreatyStatus

from .deadlines import Due, next_deadline, reports_due
from .models import ContactPoint, FormEntry, Report


def reports_of_states(state_ids) -> list[Report]:
    return list(
        Report.objects.filter(state_id__in=state_ids).select_related("state").order_by("state__country", "-period_to")
    )


def report_with_forms(report: Report) -> Report:
    """The report with its forms, rows and figures read in a fixed number of queries."""
    return (
        Report.objects.select_related("state", "based_on")
        .prefetch_related(
            Prefetch("entries", queryset=FormEntry.objects.order_by("form")), "stockpiles", "areas", "cooperation"
        )
        .get(pk=report.pk)
    )


def victims_of(report: Report):
    try:
        return report.victims
    except Report.victims.RelatedObjectDoesNotExist:
        return None


# ---------------------------------------------------------------- deadlines per state


@dataclass
class Owed:
    """One report a state owes, and the report that answered it (None while it is missing)."""

    due: Due
    report: Report | None = None

    @property
    def late(self) -> bool:
        return self.report is not None and self.report.submitted_on > self.due.due

    @property
    def year(self) -> int:
        return self.due.period_to.year


@dataclass
class StateStanding:
    state: TreatyStatus
    owed: list[Owed] = field(default_factory=list)
    upcoming: Due | None = None
    last_received: date | None = None

    @property
    def name(self) -> str:
        return str(self.state.country.name)

    @property
    def due_count(self) -> int:
        return len(self.owed)

    @property
    def submitted_count(self) -> int:
        return sum(1 for item in self.owed if item.report is not None)

    @property
    def late_count(self) -> int:
        return sum(1 for item in self.owed if item.late)

    @property
    def overdue(self) -> list[Owed]:
        return [item for item in self.owed if item.report is None]

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)


def _answer(due: Due, reports: list[Report]) -> Report | None:
    """The submitted report that meets `due`: the initial report for the initial deadline; for an
    annual one, a report whose period reaches the end of that year (an initial report running
    into the next year covers the year of entry into force)."""
    for report in reports:
        if due.kind == "initial":
            if report.kind == Report.Kind.INITIAL:
                return report
        elif report.period_from <= due.period_to <= report.period_to:
            return report
    return None


def standings(*, today: date, states=None) -> list[StateStanding]:
    """Every State Party in the register with what it owes on `today`: two queries whatever the number of states."""
    states = list(
        (states if states is not None else TreatyStatus.objects.all()).filter(entry_into_force_date__isnull=False)
    )
    submitted: dict[int, list[Report]] = {}
    for report in (
        Report.objects.filter(state__in=[state.pk for state in states])
        .exclude(status=Report.Status.DRAFT)
        .only("id", "state_id", "kind", "period_from", "period_to", "status", "submitted_on", "received_on")
        .order_by("period_from")
    ):
        submitted.setdefault(report.state_id, []).append(report)
    rows = []
    for state in states:
        mine = submitted.get(state.pk, [])
        standing = StateStanding(
            state=state,
            owed=[Owed(due, _answer(due, mine)) for due in reports_due(state.entry_into_force_date, until=today)],
            upcoming=next_deadline(state.entry_into_force_date, today=today),
            last_received=max((r.received_on for r in mine if r.received_on), default=None),
        )
        rows.append(standing)
    rows.sort(key=lambda row: sort_key(row.name))
    return rows


def standing_of(state: TreatyStatus, *, today: date) -> StateStanding:
    return standings(today=today, states=TreatyStatus.objects.filter(pk=state.pk))[0]


def contact_points(status: str = ""):
    qs = ContactPoint.objects.select_related("user", "state").order_by("state__country", "user__full_name")
    return qs.filter(status=status) if status else qs


def received_reports():
    """The public list: every report received (acknowledged or published), newest first."""
    return (
        Report.objects.filter(status__in=[Report.Status.ACKNOWLEDGED, Report.Status.PUBLISHED])
        .select_related("state")
        .order_by("-received_on", "state__country")
    )
