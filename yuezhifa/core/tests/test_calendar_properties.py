"""Properties of working-day and calendar arithmetic that must hold for every start date (DESIGN §10: property tests
for the calendar). The seeded years 2004-2026 are the domain; ranges keep results inside them."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yuezhifa.core.calendar import (
    RULES,
    Binds,
    Unit,
    add_calendar_days,
    add_months,
    add_working_days,
    compute_deadline,
    count_working_days,
    days_in_range,
    is_working_day,
)

from .test_calendar import ensure_calendar_seed

D = dt.date
pytestmark = pytest.mark.django_db
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30))
counts = st.integers(min_value=0, max_value=80)


@pytest.fixture(autouse=True)
def _calendar_seed(db):
    ensure_calendar_seed()


@PROPERTY
@given(start=starts, n=st.integers(min_value=1, max_value=80))
def test_result_is_a_working_day_strictly_after_start(start, n):
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)


@PROPERTY
@given(start=starts, n=counts)
def test_exactly_n_working_days_in_start_exclusive_result_inclusive(start, n):
    """民法典 第201条: the start day is not counted; the result is the n-th working day after it, not later."""
    result = add_working_days(start, n)
    assert count_working_days(start, result) == n
    if n:
        assert count_working_days(start, result - dt.timedelta(days=1)) == n - 1


@PROPERTY
@given(start=starts, m=counts, n=counts)
def test_monotonic_in_n(start, m, n):
    low, high = sorted((m, n))
    assert add_working_days(start, low) <= add_working_days(start, high)
    if low < high:
        assert add_working_days(start, low) < add_working_days(start, high)


@PROPERTY
@given(start=starts, m=st.integers(min_value=0, max_value=40), n=st.integers(min_value=0, max_value=40))
def test_working_days_compose(start, m, n):
    assert add_working_days(start, m + n) == add_working_days(add_working_days(start, m), n)


@PROPERTY
@given(start=starts, m=st.integers(min_value=0, max_value=400), n=st.integers(min_value=0, max_value=400))
def test_calendar_days_are_plain_date_arithmetic_and_compose(start, m, n):
    assert (add_calendar_days(start, n) - start).days == n
    assert add_calendar_days(start, m + n) == add_calendar_days(add_calendar_days(start, m), n)


@PROPERTY
@given(start=starts, n=st.integers(min_value=0, max_value=30))
def test_add_months_lands_n_months_later_on_the_same_or_an_earlier_day(start, n):
    """民法典 第202条: the corresponding day, or the month's last day when the month is shorter."""
    result = add_months(start, n)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
    assert result.day == start.day or (result.day < start.day and (result + dt.timedelta(days=1)).day == 1)


party_calendar_rules = sorted(code for code, rule in RULES.items()
                              if rule.binds is Binds.PARTY and rule.unit is not Unit.WORKING_DAYS)
agency_calendar_rules = sorted(code for code, rule in RULES.items()
                               if rule.binds is Binds.AGENCY and rule.unit is not Unit.WORKING_DAYS)


@PROPERTY
@given(start=starts, code=st.sampled_from(party_calendar_rules))
def test_party_deadline_ends_on_the_first_working_day_on_or_after_the_nominal_day(start, code):
    """民法典 第203条: a last day that is a holiday moves to the day after the holiday ends — and no further."""
    deadline = compute_deadline(RULES[code], start)
    assert deadline.due >= deadline.nominal_due
    assert is_working_day(deadline.due)
    skipped = days_in_range(deadline.nominal_due, deadline.due - dt.timedelta(days=1))
    assert all(not day.is_working_day for day in skipped)
    assert deadline.extended == (deadline.due != deadline.nominal_due)


@PROPERTY
@given(start=starts, code=st.sampled_from(agency_calendar_rules))
def test_agency_deadline_is_always_the_nominal_date(start, code):
    deadline = compute_deadline(RULES[code], start)
    assert deadline.due == deadline.nominal_due
    assert deadline.extended is False
