"""When Article 7 reports are due: pure functions of dates, no database.

Article 7(1): an initial report as soon as practicable and not later than 180 days after
entry into force for the state; Article 7(2): an annual update by 30 April covering the
previous calendar year.
"""

from dataclasses import dataclass
from datetime import date, timedelta

INITIAL_DAYS = 180
ANNUAL_MONTH, ANNUAL_DAY = 4, 30


@dataclass(frozen=True)
class Due:
    kind: str  # "initial" or "annual"
    due: date
    period_from: date
    period_to: date


def initial_due(entry_into_force: date) -> date:
    """The initial report's deadline: 180 days after entry into force for the state."""
    return entry_into_force + timedelta(days=INITIAL_DAYS)


def annual_due(year_covered: int) -> date:
    """The annual update covering `year_covered` is due on 30 April of the next year."""
    return date(year_covered + 1, ANNUAL_MONTH, ANNUAL_DAY)


def first_annual_year(entry_into_force: date) -> int:
    """The first calendar year an annual update covers: the year the state became a party.

    The initial report covers entry into force up to its own submission; the first annual
    update is taken to cover the rest of that calendar year. That reading is an assumption
    still to be confirmed with the secretariat; this is the one place to change it.
    """
    return entry_into_force.year


def _initial(entry_into_force: date) -> Due:
    first = initial_due(entry_into_force)
    return Due("initial", first, entry_into_force, first)


def _annual(year: int, entry_into_force: date) -> Due:
    """The annual update covering `year`, from 1 January or the entry into force if later."""
    return Due("annual", annual_due(year), max(date(year, 1, 1), entry_into_force), date(year, 12, 31))


def reports_due(entry_into_force: date | None, *, until: date) -> list[Due]:
    """Every report whose deadline falls on or before `until`, oldest first.

    A state with no entry into force, or whose first deadline is after `until`, owes nothing yet.
    """
    if entry_into_force is None:
        return []
    owed = []
    initial = _initial(entry_into_force)
    if initial.due <= until:
        owed.append(initial)
    year = first_annual_year(entry_into_force)
    while annual_due(year) <= until:
        owed.append(_annual(year, entry_into_force))
        year += 1
    return owed


def next_deadline(entry_into_force: date | None, *, today: date) -> Due | None:
    """The first deadline on or after `today` (None for a state not yet a party in the register)."""
    if entry_into_force is None:
        return None
    initial = _initial(entry_into_force)
    if initial.due >= today:
        return initial
    year = max(first_annual_year(entry_into_force), today.year - 1)
    while annual_due(year) < today:
        year += 1
    return _annual(year, entry_into_force)


def period_of(kind: str, entry_into_force: date, *, year: int | None = None) -> Due:
    """The deadline and period of the initial report, or of the annual update covering `year`."""
    if kind == "initial":
        return _initial(entry_into_force)
    return _annual(year, entry_into_force)
