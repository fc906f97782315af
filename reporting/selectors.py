"""The reads the reporting pages share, with the joins that keep them at a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Sum

from ccm_portal.collation import sort_key
from ccm_portal.meetings.models import TreatyStatus

from .deadlines import Due, next_deadline, reports_due
from .models import AreaRow, ContactPoint, Form, FormEntry, Report, StockpileRow, VictimFigures


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


# ---------------------------------------------------------------- compiled figures


@dataclass
class YearFigures:
    year: int
    reports: int = 0
    cluster_munitions_destroyed: int = 0
    submunitions_destroyed: int = 0
    area_cleared_m2: int = 0
    area_released_m2: int = 0
    victims: int = 0
    states: set = field(default_factory=set)


RECEIVED = [Report.Status.ACKNOWLEDGED, Report.Status.PUBLISHED]


def compiled_by_year(*, public_only: bool = False) -> list[YearFigures]:
    """The figures of every report received, added up per year: five queries whatever the number of reports.

    A form counts only when it is marked "changed": an unchanged form repeats figures
    already counted in the report it refers to.
    """
    reports = Report.objects.filter(status__in=[Report.Status.PUBLISHED] if public_only else RECEIVED)
    meta = {row["pk"]: row for row in reports.values("pk", "kind", "period_from", "period_to", "state_id")}
    changed = {
        (report_id, form)
        for report_id, form in FormEntry.objects.filter(
            report__in=reports, status=FormEntry.Status.CHANGED, **({"is_public": True} if public_only else {})
        ).values_list("report_id", "form")
    }
    years: dict[int, YearFigures] = {}

    def bucket(report_id) -> YearFigures:
        row = meta[report_id]
        # An initial report counts in its first year, an annual update in the year it covers.
        year = row["period_from"].year if row["kind"] == Report.Kind.INITIAL else row["period_to"].year
        return years.setdefault(year, YearFigures(year=year))

    for report_id in meta:
        figures = bucket(report_id)
        figures.reports += 1
        figures.states.add(meta[report_id]["state_id"])
    for row in (
        StockpileRow.objects.filter(report__in=reports)
        .values("report_id")
        .annotate(cm=Sum("destroyed_cluster_munitions"), sub=Sum("destroyed_submunitions"))
    ):
        if (row["report_id"], Form.B) in changed:
            figures = bucket(row["report_id"])
            figures.cluster_munitions_destroyed += row["cm"] or 0
            figures.submunitions_destroyed += row["sub"] or 0
    for row in (
        AreaRow.objects.filter(report__in=reports)
        .values("report_id")
        .annotate(cleared=Sum("cleared_m2"), released=Sum("released_m2"))
    ):
        if (row["report_id"], Form.F) in changed:
            figures = bucket(row["report_id"])
            figures.area_cleared_m2 += row["cleared"] or 0
            figures.area_released_m2 += row["released"] or 0
    for report_id, total in VictimFigures.objects.filter(report__in=reports).values_list("report_id", "total"):
        if (report_id, Form.H) in changed:
            bucket(report_id).victims += total
    return [years[year] for year in sorted(years)]
