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


# --- A year not entered: counted provisionally, never refused, never plain weekdays (LEGAL.md §1) -------------------


def test_the_fixed_statutory_holidays_of_2027_come_from_the_lunar_calendar_and_the_solar_terms():
    """《全国年节及纪念日放假办法》（2024年修订）第二条: for 2027, Jan 1; Feb 5-8 (除夕 to 初三); Apr 5 (清明);
    May 1-2; Jun 9 (端午); Sep 15 (中秋); Oct 1-3 (LEGAL.md §1)."""
    holidays = cal.fixed_holidays(2027)
    assert sorted(holidays) == [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8),
                                D(2027, 4, 5), D(2027, 5, 1), D(2027, 5, 2), D(2027, 6, 9), D(2027, 9, 15),
                                D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)]
    assert holidays[D(2027, 2, 5)] == "春节（除夕）" and holidays[D(2027, 4, 5)] == "清明节"


def test_the_fixed_holidays_agree_with_the_official_arrangements_of_entered_years():
    """Every fixed holiday of 2025 and 2026 (the years under the 2024 revision) is a day off in the State Council's
    arrangement as seeded from chinesecalendar: the provisional count never works on a statutory holiday."""
    for year in (2025, 2026):
        for day in cal.fixed_holidays(year):
            assert is_working_day(day) is False, day


def test_a_day_of_a_year_not_entered_is_counted_with_weekends_and_fixed_holidays_marked_provisional():
    info = cal.day_info(D(2027, 2, 8))  # 初三, a Monday
    assert (info.is_working_day, info.name, info.provisional) == (False, "春节（暂定）", True)
    assert is_working_day(D(2027, 1, 4)) is True
    assert is_working_day(D(2027, 1, 9)) is False  # a Saturday
    assert cal.day_info(D(2026, 12, 31)).provisional is False


def test_15_working_days_from_late_december_2026_reach_2027_provisionally():
    """The examples of the issue: 15 working days from 2026-12-20 is 2027-01-11, from 2026-12-21 is 2027-01-12
    (元旦 left out), both provisional with the reason; the filing limit (处罚法 第五十四条) is such a period."""
    assert add_working_days(D(2026, 12, 20), 15) == D(2027, 1, 11)
    assert add_working_days(D(2026, 12, 21), 15) == D(2027, 1, 12)
    deadline = deadline_for("penalty.file", D(2026, 12, 21))
    assert deadline.due == D(2027, 1, 12) and deadline.provisional
    assert deadline.provisional_reason.startswith("2027年的节假日安排尚未录入工作日历")
    assert "《全国年节及纪念日放假办法》" in deadline.provisional_reason
    assert "暂定" in deadline.explanation and deadline.provisional_reason in deadline.explanation


def test_3_working_days_from_2027_02_03_skip_the_four_spring_festival_days():
    """2027-02-03 + 3 working days: Feb 4 (Thu), then 除夕 Feb 5 to 初三 Feb 8 are holidays, Feb 9, Feb 10."""
    assert add_working_days(D(2027, 2, 3), 3) == D(2027, 2, 10)
    assert deadline_for("compulsion.freeze_notice", D(2027, 2, 3)).due == D(2027, 2, 10)  # 强制法 第三十一条


def test_a_computation_that_stays_in_entered_years_is_not_provisional():
    assert add_working_days(D(2026, 12, 28), 3) == D(2026, 12, 31)
    assert count_working_days(D(2026, 12, 1), D(2026, 12, 31)) == 22  # 23 weekdays, the 1st not counted
    deadline = deadline_for("penalty.statement", D(2026, 12, 22))  # ends 2026-12-29
    assert deadline.due == D(2026, 12, 29) and not deadline.provisional and deadline.provisional_reason == ""


def test_a_day_exception_in_a_year_not_entered_is_not_trusted_until_the_year_is_entered():
    """A half-entered arrangement (a bridging day stored, the year not confirmed) does not count yet."""
    CalendarDay.objects.create(date=D(2027, 1, 4), is_working=False, name="元旦（调休）")
    assert is_working_day(D(2027, 1, 4)) is True
    assert cal.day_info(D(2027, 1, 4)).provisional


def test_a_year_beyond_the_lunar_library_still_raises_naming_the_year():
    with pytest.raises(CalendarYearMissing) as info:
        is_working_day(D(2100, 1, 4))
    assert info.value.year == 2100 and info.value.status_code == 422
    assert "2100" in info.value.message and "管理员" in info.value.message
    assert info.value.extra == {"year": 2100}


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
    """An agency limit in calendar days keeps its nominal date and consults no calendar. A party's period ending in
    a year not entered is extended over the fixed holidays and marked provisional; so is a working-day period."""
    decide = deadline_for("penalty.decide", D(2026, 12, 1))
    assert decide.due == D(2027, 3, 1) and not decide.provisional
    pay = deadline_for("penalty.pay", D(2026, 12, 20))
    assert pay.due == D(2027, 1, 4) and pay.provisional
    assert "2027年的节假日安排尚未录入" in pay.explanation
    statement = deadline_for("penalty.statement", D(2026, 12, 28))  # 12-29, 12-30, 12-31, (元旦) 01-04, 01-05
    assert statement.due == D(2027, 1, 5) and statement.provisional


def test_a_provisional_party_period_ending_on_a_fixed_holiday_moves_past_it():
    """民法典 第二百零三条: 15 days from 2026-12-17 end on 2027-01-01 (元旦, a fixed holiday under any
    arrangement), so the provisional last day is the next working day, Monday 2027-01-04 — never 01-01, which
    would start the surcharge (处罚法 第七十二条) earlier than the fixed-holiday calendar allows."""
    pay = deadline_for("penalty.pay", D(2026, 12, 17))
    assert (pay.nominal_due, pay.due, pay.extended, pay.provisional) == (D(2027, 1, 1), D(2027, 1, 4), True, True)
    assert "元旦（暂定）" in pay.explanation


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
