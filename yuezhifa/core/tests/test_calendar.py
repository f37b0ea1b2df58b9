"""The working-day calendar and the deadline rules (LEGAL.md §1; 处罚法 第85条, 强制法 第69条, 民法典 第201-203条)."""

import datetime as dt
import re

import pytest

from yuezhifa.core import calendar as cal
from yuezhifa.core.calendar import (
    RULES,
    Binds,
    CalendarYearMissing,
    Unit,
    add_calendar_days,
    add_months,
    add_working_days,
    compute_deadline,
    count_working_days,
    deadline_for,
    get_rule,
    is_working_day,
    next_working_day,
)
from yuezhifa.core.models import CalendarDay, CalendarYear
from yuezhifa.core.services import calendar_import_package

D = dt.date
pytestmark = pytest.mark.django_db


def ensure_calendar_seed() -> None:
    """The data migration seeds 2004-2026; a transactional test elsewhere may have flushed it: put it back."""
    if CalendarYear.objects.filter(year__range=(2004, 2026)).count() < 23:
        calendar_import_package(actor=None, years=range(2004, 2027))


@pytest.fixture(autouse=True)
def _calendar_seed(db):
    ensure_calendar_seed()


# --- The State Council arrangement ----------------------------------------------------------------------------------


def test_2026_10_10_saturday_is_a_make_up_working_day():
    """LEGAL.md §1: make-up working days on weekends count as working days."""
    assert D(2026, 10, 10).weekday() == 5
    assert is_working_day(D(2026, 10, 10)) is True
    assert cal.day_info(D(2026, 10, 10)).name == "国庆节调休上班"


def test_2026_10_01_national_day_is_not_a_working_day():
    assert is_working_day(D(2026, 10, 1)) is False
    assert cal.day_info(D(2026, 10, 1)).name == "国庆节"


def test_plain_weekend_and_weekday():
    assert is_working_day(D(2026, 11, 7)) is False  # Saturday
    assert is_working_day(D(2026, 11, 9)) is True  # Monday


def test_three_working_days_after_2026_09_30_is_2026_10_10():
    """处罚法 第85条: “三日” are working days; the National Day week does not count, the make-up Saturday does."""
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_start_day_is_not_counted_civil_code_article_201():
    assert add_working_days(D(2026, 11, 9), 1) == D(2026, 11, 10)
    assert add_calendar_days(D(2026, 11, 9), 1) == D(2026, 11, 10)
    assert add_working_days(D(2026, 11, 6), 1) == D(2026, 11, 9)  # Friday → Monday
    assert add_working_days(D(2026, 11, 9), 0) == D(2026, 11, 9)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)
    with pytest.raises(ValueError):
        add_months(D(2026, 1, 5), -1)


def test_count_working_days_in_half_open_interval():
    assert count_working_days(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert count_working_days(D(2026, 10, 10), D(2026, 10, 10)) == 0
    assert next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)


# --- A year not entered is an error, never plain weekdays ----------------------------------------------------------


def test_year_not_entered_raises_naming_the_year():
    with pytest.raises(CalendarYearMissing) as info:
        is_working_day(D(2027, 1, 4))
    assert info.value.year == 2027
    assert info.value.status_code == 422
    assert "2027" in info.value.message and "管理员" in info.value.message
    assert info.value.extra == {"year": 2027}


def test_adding_working_days_across_into_a_year_not_entered_raises():
    """2026-12-28 + 5 working days reaches into 2027, whose holidays are unknown until entered."""
    with pytest.raises(CalendarYearMissing) as info:
        add_working_days(D(2026, 12, 28), 5)
    assert info.value.year == 2027


def test_a_computation_that_stays_in_entered_years_does_not_raise_near_the_boundary():
    assert add_working_days(D(2026, 12, 28), 3) == D(2026, 12, 31)
    assert count_working_days(D(2026, 12, 1), D(2026, 12, 31)) == 22  # 23 weekdays, the 1st not counted


def test_years_before_the_seed_are_not_entered_either():
    with pytest.raises(CalendarYearMissing) as info:
        is_working_day(D(2003, 6, 2))
    assert info.value.year == 2003


def test_a_day_exception_in_a_year_not_entered_does_not_make_the_year_usable():
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working=False, name="元旦")
    with pytest.raises(CalendarYearMissing):
        is_working_day(D(2027, 1, 1))


# --- Months: 民法典 第202条 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "months", "expected"), [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2026, 3, 31), 1, D(2026, 4, 30)),
    (D(2026, 8, 15), 3, D(2026, 11, 15)),
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    (D(2026, 12, 31), 2, D(2027, 2, 28)),
    (D(2026, 5, 20), 12, D(2027, 5, 20)),
    (D(2026, 5, 20), 0, D(2026, 5, 20)),
])
def test_add_months_ends_on_the_corresponding_day_or_the_months_last_day(start, months, expected):
    """民法典 第202条: 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。"""
    assert add_months(start, months) == expected


def test_add_months_needs_no_calendar_year():
    assert add_months(D(2030, 1, 31), 1) == D(2030, 2, 28)


# --- Party periods move past holidays; agency limits keep the nominal date -----------------------------------------


def test_party_payment_period_ending_on_national_day_moves_to_next_working_day():
    """处罚法 第67条第3款 (15 days) + 民法典 第203条: the party pays on the first working day after the holiday."""
    deadline = deadline_for("penalty.pay", D(2026, 9, 16))
    assert deadline.nominal_due == D(2026, 10, 1)
    assert deadline.due == D(2026, 10, 8)
    assert deadline.extended is True
    assert "第六十七条第三款" in deadline.explanation
    assert "第二百零三条" in deadline.explanation
    assert "国庆节" in deadline.explanation
    assert "2026年10月8日" in deadline.explanation


def test_party_period_ending_on_a_make_up_saturday_is_not_moved():
    deadline = deadline_for("penalty.pay", D(2026, 9, 25))
    assert deadline.due == deadline.nominal_due == D(2026, 10, 10)
    assert deadline.extended is False


def test_party_period_ending_on_a_sunday_moves_to_monday():
    deadline = deadline_for("remedy.review", D(2026, 9, 9))  # + 60 days = Sunday 2026-11-08
    assert deadline.nominal_due == D(2026, 11, 8)
    assert deadline.due == D(2026, 11, 9)
    assert "星期日" in deadline.explanation


def test_agency_decision_limit_keeps_the_nominal_date_on_a_holiday():
    """处罚法 第60条: 90 days bind the agency; the holiday does not give it more time (LEGAL.md §1)."""
    deadline = deadline_for("penalty.decide", D(2026, 7, 3))
    assert deadline.nominal_due == deadline.due == D(2026, 10, 1)
    assert deadline.extended is False
    assert "第六十条" in deadline.explanation
    assert "不顺延" in deadline.explanation


def test_litigation_months_for_the_party_move_and_court_application_months_for_the_agency_do_not():
    party = deadline_for("remedy.litigation", D(2026, 4, 1))  # 行政诉讼法 第46条: 6 months
    assert (party.nominal_due, party.due, party.extended) == (D(2026, 10, 1), D(2026, 10, 8), True)
    agency = deadline_for("compulsion.court_application", D(2026, 7, 1))  # 强制法 第53条: 3 months
    assert (agency.nominal_due, agency.due, agency.extended) == (D(2026, 10, 1), D(2026, 10, 1), False)


def test_working_day_deadline_serve_within_7_working_days_article_61():
    deadline = deadline_for("penalty.serve", D(2026, 9, 30))
    assert deadline.due == D(2026, 10, 15)  # 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15
    assert "第六十一条" in deadline.explanation and "第八十五条" in deadline.explanation


def test_agency_calendar_limit_needs_no_calendar_year_but_a_party_one_is_provisional():
    """An agency limit keeps its nominal date anyway. A party's calendar-day period ending in a year not entered
    gets its nominal date marked provisional: only a holiday extension in the party's favour is unknown (decision
    0009); a working-day period in such a year is still an error, never counted as plain weekdays."""
    decide = deadline_for("penalty.decide", D(2026, 12, 1))
    assert decide.due == D(2027, 3, 1) and not decide.provisional
    pay = deadline_for("penalty.pay", D(2026, 12, 20))
    assert pay.due == D(2027, 1, 4) and pay.provisional
    assert "2027年的节假日安排尚未录入" in pay.explanation
    with pytest.raises(CalendarYearMissing) as info:
        deadline_for("penalty.statement", D(2026, 12, 28))
    assert info.value.year == 2027


def test_compute_deadline_with_a_custom_rule():
    rule = cal.DeadlineRule("test.x", "测试期限", 2, "working", "《测试法》第一条", "party")
    assert rule.unit is Unit.WORKING_DAYS and rule.binds is Binds.PARTY
    assert compute_deadline(rule, D(2026, 9, 30)).due == D(2026, 10, 9)


# --- The registry ---------------------------------------------------------------------------------------------------

EXPECTED = {
    "penalty.file": (15, Unit.WORKING_DAYS, Binds.AGENCY, "行政处罚法》第五十四条"),
    "penalty.statement": (5, Unit.WORKING_DAYS, Binds.PARTY, "行政处罚法》第四十五条"),
    "penalty.hearing_request": (5, Unit.WORKING_DAYS, Binds.PARTY, "行政处罚法》第六十四条第一项"),
    "penalty.hearing_notice": (7, Unit.WORKING_DAYS, Binds.AGENCY, "行政处罚法》第六十四条第二项"),
    "penalty.decide": (90, Unit.CALENDAR_DAYS, Binds.AGENCY, "行政处罚法》第六十条"),
    "penalty.serve": (7, Unit.WORKING_DAYS, Binds.AGENCY, "行政处罚法》第六十一条"),
    "penalty.pay": (15, Unit.CALENDAR_DAYS, Binds.PARTY, "行政处罚法》第六十七条第三款"),
    "penalty.preservation": (7, Unit.WORKING_DAYS, Binds.AGENCY, "行政处罚法》第五十六条"),
    "penalty.transfer_decision": (3, Unit.CALENDAR_DAYS, Binds.AGENCY, "移送涉嫌犯罪案件的规定》第五条第二款"),
    "compulsion.seizure": (30, Unit.CALENDAR_DAYS, Binds.AGENCY, "行政强制法》第二十五条"),
    "compulsion.freeze_notice": (3, Unit.WORKING_DAYS, Binds.AGENCY, "行政强制法》第三十一条"),
    "compulsion.court_application": (3, Unit.MONTHS, Binds.AGENCY, "行政强制法》第五十三条"),
    "compulsion.reminder_wait": (10, Unit.WORKING_DAYS, Binds.PARTY, "行政强制法》第五十四条"),
    "platform.paper_back_entry": (3, Unit.WORKING_DAYS, Binds.AGENCY, "平台管理办法》第二十二条"),
    "platform.law_text": (10, Unit.WORKING_DAYS, Binds.AGENCY, "平台管理办法》第五十二条"),
    "disclosure.publish": (7, Unit.WORKING_DAYS, Binds.AGENCY, "平台管理办法》第四十五条"),
    "disclosure.withdraw": (3, Unit.WORKING_DAYS, Binds.AGENCY, "行政处罚法》第四十八条第二款"),
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_registry_holds_each_period_the_law_sets(code):
    amount, unit, binds, citation = EXPECTED[code]
    rule = RULES[code]
    assert (rule.amount, rule.unit, rule.binds) == (amount, unit, binds)
    assert citation in rule.basis


def test_every_rule_cites_an_article_and_short_day_periods_cite_the_working_day_article():
    """处罚法 第85条 and 强制法 第69条 make “三日/五日/七日” and “十日以内” working days."""
    for rule in RULES.values():
        assert re.search(r"《[^》]+》.*第[一二三四五六七八九十百零]+条", rule.basis), rule.code
        if "行政处罚法》" in rule.basis and rule.unit is Unit.WORKING_DAYS and not rule.configurable:
            assert rule.counting_basis == cal.PENALTY_LAW_DAYS, rule.code
        if "行政强制法》" in rule.basis and rule.amount <= 10 and rule.unit is not Unit.MONTHS:
            assert rule.unit is Unit.WORKING_DAYS and rule.counting_basis == cal.COMPULSION_LAW_DAYS, rule.code


def test_only_the_figures_the_law_leaves_open_are_configurable():
    assert {code for code, rule in RULES.items() if rule.configurable} == {"penalty.file", "penalty.statement"}


def test_get_rule_unknown_code():
    with pytest.raises(cal.UnknownRule):
        get_rule("penalty.nope")


# --- Performance: a computation reads its range at once -----------------------------------------------------------


def test_one_query_per_computation_whatever_the_number_of_days(django_assert_num_queries):
    """DESIGN §5.3: one query reads the entered years and the exceptions of the whole range, never one per day."""
    with django_assert_num_queries(1):
        assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    with django_assert_num_queries(1):
        add_working_days(D(2025, 1, 2), 240)
    with django_assert_num_queries(1):
        deadline_for("penalty.pay", D(2026, 9, 16))
    with django_assert_num_queries(1):
        count_working_days(D(2024, 1, 1), D(2026, 12, 31))
    with django_assert_num_queries(2):  # a configurable rule also reads the province's setting
        deadline_for("penalty.file", D(2026, 9, 16))


# --- The seed agrees with chinesecalendar ---------------------------------------------------------------------------


def test_every_date_2004_to_2026_agrees_with_chinesecalendar():
    import chinese_calendar

    days = cal.days_in_range(D(2004, 1, 1), D(2026, 12, 31))
    assert len(days) == (D(2026, 12, 31) - D(2004, 1, 1)).days + 1
    disagreements = [info.date for info in days if info.is_working_day != chinese_calendar.is_workday(info.date)]
    assert disagreements == []
    # is_working_day itself, on every date where the arrangement departs from Monday-Friday
    for day in CalendarDay.objects.values_list("date", flat=True):
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
