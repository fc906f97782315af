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
    update covers the rest of that calendar year (the practice of the CCM secretariat).
    """
    return entry_into_force.year


def reports_due(entry_into_force: date | None, *, until: date) -> list[Due]:
    """Every report whose deadline falls on or before `until`, oldest first.

    A state with no entry into force, or one in the future of `until`'s deadlines, owes nothing yet.
    """
    if entry_into_force is None:
        return []
    owed = []
    first = initial_due(entry_into_force)
    if first <= until:
        owed.append(Due("initial", first, entry_into_force, first))
    year = first_annual_year(entry_into_force)
    while annual_due(year) <= until:
        start = max(date(year, 1, 1), entry_into_force)
        owed.append(Due("annual", annual_due(year), start, date(year, 12, 31)))
        year += 1
    return owed


def next_deadline(entry_into_force: date | None, *, today: date) -> Due | None:
    """The first deadline on or after `today` (None for a state not yet a party in the register)."""
    if entry_into_force is None:
        return None
    first = initial_due(entry_into_force)
    if first >= today:
        return Due("initial", first, entry_into_force, first)
    year = max(first_annual_year(entry_into_force), today.year - 1)
    while annual_due(year) < today:
        year += 1
    return Due("annual", annual_due(year), max(date(year, 1, 1), entry_into_force), date(year, 12, 31))
