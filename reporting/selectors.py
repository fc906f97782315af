"""The reads the reporting pages share, with the joins that keep them at a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, F, Prefetch, Sum
from django.urls import reverse

from ccm_portal.collation import sort_key
from ccm_portal.meetings.models import TreatyStatus
from outcomes.markup import plain_text
from outcomes.models import OutcomeDocument, Paragraph
from outcomes.selectors import document_outline

from .deadlines import Due, next_deadline, reports_due
from .models import ActionLink, AreaRow, ContactPoint, Form, FormEntry, Report, StockpileRow, VictimFigures


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


class Received(NamedTuple):
    """The little of a submitted report the deadlines need (read as tuples: 1,200 reports in a few ms)."""

    pk: int
    kind: str
    period_from: date
    period_to: date
    submitted_on: date
    received_on: date | None

    def get_absolute_url(self):
        return reverse("reporting:report", args=[self.pk])


@dataclass
class Owed:
    """One report a state owes, and the report that answered it (None while it is missing)."""

    due: Due
    report: Received | None = None

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

    @cached_property
    def name(self) -> str:
        # Looked up in the catalogue once: the dashboard sorts, filters and prints it.
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


def _answer(due: Due, reports: list[Received]) -> Received | None:
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
    submitted: dict[int, list[Received]] = {}
    for values in (
        Report.objects.filter(state__in=[state.pk for state in states])
        .exclude(status=Report.Status.DRAFT)
        .order_by("period_from")
        .values_list("state_id", *Received._fields)
    ):
        submitted.setdefault(values[0], []).append(Received(*values[1:]))
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
    states: int = 0


RECEIVED = [Report.Status.ACKNOWLEDGED, Report.Status.PUBLISHED]


def compiled_by_year(*, public_only: bool = False) -> list[YearFigures]:
    """The figures of every report received, added up per year in the database: four queries of a
    row per year, whatever the number of reports.

    A form counts only when it is marked "changed": an unchanged form repeats figures already
    counted in the report it refers to. `public_only`: published reports, public forms.
    """
    statuses = [Report.Status.PUBLISHED] if public_only else RECEIVED
    years: dict[int, YearFigures] = {}
    # order_by(): the default orders (Report's and the rows' by report) join the register for nothing.
    for row in (
        Report.objects.filter(status__in=statuses)
        .order_by()
        .values("year")
        .annotate(n=Count("pk"), states=Count("state", distinct=True))
    ):
        years[row["year"]] = YearFigures(year=row["year"], reports=row["n"], states=row["states"])

    def rows_of(model, form, **sums):
        entry = {"report__entries__form": form, "report__entries__status": FormEntry.Status.CHANGED}
        if public_only:
            entry["report__entries__is_public"] = True
        return (
            model.objects.filter(report__status__in=statuses, **entry)
            .order_by()
            .values(y=F("report__year"))
            .annotate(**{name: Sum(column) for name, column in sums.items()})
        )

    for row in rows_of(StockpileRow, Form.B, cm="destroyed_cluster_munitions", sub="destroyed_submunitions"):
        years[row["y"]].cluster_munitions_destroyed = row["cm"] or 0
        years[row["y"]].submunitions_destroyed = row["sub"] or 0
    for row in rows_of(AreaRow, Form.F, cleared="cleared_m2", released="released_m2"):
        years[row["y"]].area_cleared_m2 = row["cleared"] or 0
        years[row["y"]].area_released_m2 = row["released"] or 0
    for row in rows_of(VictimFigures, Form.H, victims="total"):
        years[row["y"]].victims = row["victims"] or 0
    return [years[year] for year in sorted(years)]


# ---------------------------------------------------------------- the action plan


@dataclass
class Action:
    pk: int
    label: str
    text: str


def adopted_plan():
    """The action plan last adopted (or published): the one reports link their entries to."""
    return (
        OutcomeDocument.objects.filter(
            kind=OutcomeDocument.Kind.ACTION_PLAN,
            state__in=[OutcomeDocument.State.ADOPTED, OutcomeDocument.State.PUBLISHED],
        )
        .order_by("-pk")
        .first()
    )


def plan_actions(plan=None) -> list[Action]:
    """The numbered actions of the adopted plan, in order ("Action #1" ... "Action #66")."""
    plan = plan or adopted_plan()
    if plan is None:
        return []
    return [
        Action(pk=paragraph.pk, label=paragraph.short, text=plain_text(paragraph.text))
        for section in document_outline(plan)
        for paragraph in section.paragraphs
        if paragraph.kind == Paragraph.Kind.ACTION
    ]


def action_progress(action_pk: int, *, today: date) -> dict:
    """Which States Parties reported on an action in a report received, and which did not."""
    reported = {}
    for state_id, year in (
        ActionLink.objects.filter(paragraph_id=action_pk, entry__report__status__in=RECEIVED)
        .values_list("entry__report__state_id", "entry__report__year")
        .distinct()
    ):
        reported.setdefault(state_id, set()).add(year)
    parties = sorted(
        TreatyStatus.objects.filter(entry_into_force_date__lte=today), key=lambda row: sort_key(row.country.name)
    )
    return {
        "reported": [(state, sorted(reported[state.pk])) for state in parties if state.pk in reported],
        "silent": [state for state in parties if state.pk not in reported],
    }


def action_counts() -> dict[int, int]:
    """action paragraph pk -> how many States Parties reported on it in a report received."""
    return dict(
        ActionLink.objects.filter(entry__report__status__in=RECEIVED)
        .values("paragraph_id")
        .annotate(n=Count("entry__report__state", distinct=True))
        .values_list("paragraph_id", "n")
    )
