from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from reporting.deadlines import annual_due, initial_due, next_deadline, reports_due

days = st.dates(min_value=date(2010, 1, 1), max_value=date(2040, 12, 31))


def test_initial_report_of_a_state_bound_on_1_august_2010_is_due_on_28_january_2011():
    assert initial_due(date(2010, 8, 1)) == date(2011, 1, 28)


@given(eif=days, today=days)
def test_every_deadline_owed_is_past_or_today_and_none_before_entry_into_force(eif, today):
    owed = reports_due(eif, until=today)
    assert all(item.due <= today for item in owed)
    assert all(item.period_from >= eif for item in owed)
    if today < initial_due(eif):
        assert [item for item in owed if item.kind == "initial"] == []


@given(eif=days, today=days)
def test_annual_updates_cover_consecutive_calendar_years_due_30_april(eif, today):
    annual = [item for item in reports_due(eif, until=today) if item.kind == "annual"]
    years = [item.period_to.year for item in annual]
    assert years == list(range(eif.year, eif.year + len(years)))
    assert all(item.due == date(item.period_to.year + 1, 4, 30) for item in annual)


@given(eif=days, today=days)
def test_next_deadline_is_today_or_later(eif, today):
    upcoming = next_deadline(eif, today=today)
    assert upcoming.due >= today
    assert upcoming.due not in [item.due for item in reports_due(eif, until=today - timedelta(days=1))]


@given(today=days)
def test_entry_into_force_today_owes_nothing_yet_and_next_is_the_initial_report(today):
    assert reports_due(today, until=today) == []
    assert next_deadline(today, today=today).kind == "initial"


def test_a_state_not_yet_a_party_owes_nothing():
    assert reports_due(None, until=date(2026, 12, 2)) == []
    assert next_deadline(None, today=date(2026, 12, 2)) is None
    assert annual_due(2010) == date(2011, 4, 30)
