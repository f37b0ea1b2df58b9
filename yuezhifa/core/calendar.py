"""The platform's one working-day calendar and the legal deadlines computed with it (DESIGN §5.3, LEGAL.md §1).

Working days follow the State Council's yearly arrangement: Monday to Friday, except the holidays that fall on a
weekday, plus the make-up working days that fall on a weekend. The exceptions are data (``CalendarDay``), entered by
an administrator year by year (``CalendarYear``). A year not entered never stops work: it is counted provisionally
with weekends plus the fixed statutory holidays of 《全国年节及纪念日放假办法》 (2024 revision; LEGAL.md §1), the lunar
dates from ``lunardate`` and 清明 from ``chinese_calendar``'s solar terms, and every result that relied on such a day
is marked provisional (暂定) with the reason. Never plain weekdays: the fixed holidays are always left out.

How a period is counted (民法典 第201-203条; 民事诉讼法 第85条): the start day is not counted; a period in months ends
on the corresponding day of the last month, or that month's last day if there is none; a last day that is a holiday
moves to the next working day for periods that bind the party, while limits that bind the agency keep their nominal
date, so the agency is never told it has more time than it surely has.

Every computation reads the database afresh, in one query (the entered years and the exceptions in the range), so an
administrator's change applies to the very next computation in every process.
"""

import calendar as _stdlib_calendar
import datetime as dt
import functools
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

import chinese_calendar
from django.db.models import BooleanField, CharField, DateField, IntegerField, Value
from lunardate import LunarDate
from rest_framework import status

from .errors import DomainError
from .models import CalendarDay, CalendarYear, DeadlineSetting

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

CIVIL_CODE_START = "《中华人民共和国民法典》第二百零一条"
CIVIL_CODE_MONTHS = "《中华人民共和国民法典》第二百零二条"
CIVIL_CODE_HOLIDAY = "《中华人民共和国民法典》第二百零三条第一款"
CIVIL_PROCEDURE_HOLIDAY = "《中华人民共和国民事诉讼法》第八十五条第三款"
PENALTY_LAW_DAYS = "《中华人民共和国行政处罚法》第八十五条"
COMPULSION_LAW_DAYS = "《中华人民共和国行政强制法》第六十九条"
HOLIDAYS_MEASURES = "《全国年节及纪念日放假办法》（2024年修订）第二条"
DISCLOSURE_GUIDANCE = ("《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度"
                       "重大执法决定法制审核制度的指导意见》"
                       "（国办发〔2018〕118号）“加强事后公开”")


# --- Errors ---------------------------------------------------------------------------------------------------------


class CalendarYearMissing(DomainError):
    """A computation needs a year whose holiday arrangement has not been entered and that cannot be counted
    provisionally either (outside the years the lunar calendar library converts: 1901-2099)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    code = "calendar_year_missing"
    title = "工作日历缺少年度安排"

    def __init__(self, year: int):
        super().__init__(
            f"{year} 年的节假日安排尚未录入工作日历，且该年度超出可暂定计算的范围（1901—2099 年），无法按工作日计算期限。"
            f"请全省系统管理员依照国务院办公厅公布的 {year} 年部分节假日安排录入后再试。",
            year=year,
        )
        self.year = year


class DateOutOfRange(DomainError):
    code = "date_out_of_range"
    title = "日期超出可计算范围"

    def __init__(self):
        super().__init__("计算结果超出可表示的日期范围（公元 9999 年 12 月 31 日）。")


# --- Reading the calendar -------------------------------------------------------------------------------------------


def _shift(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise DateOutOfRange() from None


# --- The provisional calendar of a year not entered -------------------------------------------------------------

PROVISIONAL_FIRST_YEAR, PROVISIONAL_LAST_YEAR = 1901, 2099  # what lunardate can convert (除夕 of 1901 is in 1901)


@functools.cache
def fixed_holidays(year: int) -> Mapping[dt.date, str]:
    """The statutory holidays every year has, whatever the State Council's arrangement adds (bridging days) or takes
    back (make-up working days): 《全国年节及纪念日放假办法》 (2024 revision, in force 2025-01-01) 第二条 — 元旦 1 day,
    春节 4 days (除夕 and 初一 to 初三), 清明 1 day (the solar term's day), 劳动节 2 days (May 1-2), 端午 1 day,
    中秋 1 day, 国庆 3 days (Oct 1-3). Lunar dates come from ``lunardate``; 清明 from ``chinese_calendar``'s solar
    terms. A year the libraries cannot convert raises ``CalendarYearMissing``."""
    if not PROVISIONAL_FIRST_YEAR <= year <= PROVISIONAL_LAST_YEAR:
        raise CalendarYearMissing(year)
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    new_year = LunarDate(year, 1, 1).to_solar_date()
    days[new_year - dt.timedelta(days=1)] = "春节（除夕）"
    for offset in range(3):
        days[new_year + dt.timedelta(days=offset)] = "春节"
    try:
        terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
    except Exception:  # the library's table ends somewhere; past it the year cannot be counted provisionally
        raise CalendarYearMissing(year) from None
    qingming = [day for day, name in terms if name == "清明"]
    if len(qingming) != 1:
        raise CalendarYearMissing(year)
    days[qingming[0]] = "清明节"
    days[dt.date(year, 5, 1)] = days[dt.date(year, 5, 2)] = "劳动节"
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    for day in (1, 2, 3):
        days[dt.date(year, 10, day)] = "国庆节"
    return MappingProxyType(days)


def provisional_reason(years) -> str:
    """Why a date counted through ``years`` (not entered) is provisional, in the words every page and document uses."""
    listed = "、".join(f"{y}年" for y in sorted(years))
    return (f"{listed}的节假日安排尚未录入工作日历，暂按周末和{HOLIDAYS_MEASURES}规定的法定节假日计算（不含调休）；"
            "国务院办公厅公布的安排录入后自动重新计算。")


WARN_FROM_MONTH = 11  # the State Council publishes next year's arrangement in November or December


def next_year_missing(today: dt.date) -> int | None:
    """From 1 November, next year if its arrangement is not entered yet (administrators are warned), else ``None``."""
    if today.month < WARN_FROM_MONTH or CalendarYear.objects.filter(year=today.year + 1).exists():
        return None
    return today.year + 1


def next_year_missing_message(year: int) -> str:
    return (f"{year}年的节假日安排尚未录入工作日历。在录入之前，期限暂按周末和{HOLIDAYS_MEASURES}规定的法定节假日计算并标明"
            f"“暂定”；国务院办公厅公布{year}年部分节假日安排后，请及时在“工作日历年度”中录入或导入，暂定的期限将自动重新计算。")


_observers = threading.local()


@contextmanager
def observe_provisional():
    """Collect, in the yielded set, every year not entered that a computation inside the block counted
    provisionally (nested blocks each see their own and the outer ones see them too)."""
    stack = getattr(_observers, "stack", None)
    if stack is None:
        stack = _observers.stack = []
    years: set[int] = set()
    stack.append(years)
    try:
        yield years
    finally:
        stack.remove(years)


def _noted_provisional(year: int) -> None:
    for years in getattr(_observers, "stack", ()):
        years.add(year)


class _Window:
    """The calendar between ``first`` and ``last`` inclusive, read in one query. A day of a year not entered is
    counted with the fixed statutory holidays (``fixed_holidays``) and noted as provisional for ``observe_provisional``
    only when it is asked about, so a window may safely reach past the days a computation actually looks at."""

    def __init__(self, first: dt.date, last: dt.date):
        self.first, self.last = first, last
        # One query: the exceptions in the range, and (as rows with only ``year`` set) the entered years.
        days = (CalendarDay.objects.filter(date__range=(first, last)).order_by()
                .annotate(entered_year=Value(None, output_field=IntegerField()))
                .values_list("date", "is_working", "name", "entered_year"))
        years = (CalendarYear.objects.filter(year__range=(first.year, last.year)).order_by()
                 .annotate(day=Value(None, output_field=DateField()), working=Value(None, output_field=BooleanField()),
                           label=Value(None, output_field=CharField()))
                 .values_list("day", "working", "label", "year"))
        self.entered: set[int] = set()
        self.exceptions: dict[dt.date, tuple[bool, str]] = {}
        for day, is_working, name, year in days.union(years, all=True):
            if year is not None:
                self.entered.add(year)
            else:
                self.exceptions[day] = (bool(is_working), name)

    def provisional(self, day: dt.date) -> bool:
        return day.year not in self.entered

    def is_working(self, day: dt.date) -> bool:
        if day.year not in self.entered:
            # The exceptions already stored for a year not entered (a half-entered arrangement) are not trusted.
            holidays = fixed_holidays(day.year)
            _noted_provisional(day.year)
            return day not in holidays and day.weekday() < 5
        exception = self.exceptions.get(day)
        return exception[0] if exception is not None else day.weekday() < 5

    def name(self, day: dt.date) -> str:
        if day.year not in self.entered:
            name = fixed_holidays(day.year).get(day)
            return f"{name}（暂定）" if name else ""
        exception = self.exceptions.get(day)
        return exception[1] if exception is not None else ""


_preloaded = threading.local()


@contextmanager
def preloaded(first: dt.date, last: dt.date):
    """Read the calendar between ``first`` and ``last`` once and let every computation inside the block use it (the
    case engine derives all of a case's deadlines with one query)."""
    previous = getattr(_preloaded, "window", None)
    _preloaded.window = _Window(first, last)
    try:
        yield
    finally:
        _preloaded.window = previous


def _days_after(day: dt.date, horizon: int) -> Iterator[tuple[dt.date, _Window]]:
    """The days after ``day``, one by one, with the window that knows them; windows of ``horizon`` days are read as
    needed (normally one), or taken from a ``preloaded`` block that covers them."""
    while True:
        if day == dt.date.max:
            raise DateOutOfRange()
        first = day + dt.timedelta(days=1)
        shared = getattr(_preloaded, "window", None)
        if shared is not None and shared.first <= first < shared.last:
            window, last = shared, shared.last
        else:
            last = first + dt.timedelta(days=min(horizon, (dt.date.max - first).days))
            window = _Window(first, last)
        day = first
        while True:
            yield day, window
            if day == last:
                break
            day += dt.timedelta(days=1)


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    is_working_day: bool
    name: str
    provisional: bool = False  # the year is not entered: counted with the fixed statutory holidays only

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]


def day_info(day: dt.date) -> DayInfo:
    """Whether ``day`` is a working day and the name of its holiday or make-up working day, if any."""
    window = _Window(day, day)
    return DayInfo(day, window.is_working(day), window.name(day), window.provisional(day))


def days_in_range(first: dt.date, last: dt.date) -> list[DayInfo]:
    """Every day from ``first`` to ``last`` inclusive (a month view, an export), read in one go."""
    window, days, day = _Window(first, last), [], first
    while day <= last:
        days.append(DayInfo(day, window.is_working(day), window.name(day), window.provisional(day)))
        if day == last:
            break
        day += dt.timedelta(days=1)
    return days


def is_working_day(day: dt.date) -> bool:
    """The State Council arrangement if ``day`` is an exception, else Monday-Friday; for a year not entered, the
    provisional count (weekends and the fixed statutory holidays)."""
    return _Window(day, day).is_working(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted). ``n == 0`` gives ``start``."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return start
    count = 0
    # A generous estimate of the calendar span of n working days, so that one window (one query) nearly always does.
    for day, window in _days_after(start, n * 7 // 5 + n // 20 + 20):
        if window.is_working(day):
            count += 1
            if count == n:
                return day
    raise AssertionError("unreachable")  # pragma: no cover


def count_working_days(start: dt.date, end: dt.date) -> int:
    """The number of working days in (start, end]; 0 when ``end <= start``."""
    if end <= start:
        return 0
    window = _Window(_shift(start, 1), end)
    day, count = window.first, 0
    while day <= end:
        count += window.is_working(day)
        if day == end:
            break
        day += dt.timedelta(days=1)
    return count


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    for candidate, window in _days_after(day, 31):
        if window.is_working(candidate):
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """``n`` calendar days after ``start`` (the start day not counted: 民法典 第201条)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return _shift(start, n)


def add_months(start: dt.date, n: int) -> dt.date:
    """The corresponding day ``n`` months after ``start``, or that month's last day if there is none
    (民法典 第202条): 1 月 31 日 + 1 个月 = 2 月 28 日（闰年 29 日）."""
    if n < 0:
        raise ValueError("n must be >= 0")
    year, month0 = divmod(start.year * 12 + start.month - 1 + n, 12)
    if year > dt.MAXYEAR:
        raise DateOutOfRange()
    month = month0 + 1
    return dt.date(year, month, min(start.day, _stdlib_calendar.monthrange(year, month)[1]))


# --- Deadline rules -------------------------------------------------------------------------------------------------


class Unit(StrEnum):
    WORKING_DAYS = "working"
    CALENDAR_DAYS = "calendar"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return {"working": "工作日", "calendar": "日（自然日）", "months": "个月"}[self.value]


class Binds(StrEnum):
    """Whom the period binds: it decides whether a last day that is a holiday moves (LEGAL.md §1)."""

    PARTY = "party"
    AGENCY = "agency"

    @property
    def label(self) -> str:
        return {"party": "当事人", "agency": "行政机关"}[self.value]


@dataclass(frozen=True)
class DeadlineRule:
    """A legal period, stated the way the law states it.

    ``basis`` is the citation of the article that sets the period; ``counting_basis`` the article that makes its days
    working days, where that is a separate article (处罚法 第85条, 强制法 第69条); ``start_event`` the act the period
    runs from; ``note`` a sentence the explanation adds; ``configurable`` marks figures the law leaves to the province
    (an administrator sets them through ``DeadlineSetting``; ``amount`` here is the default).
    """

    code: str
    name: str
    amount: int
    unit: Unit
    basis: str
    binds: Binds
    start_event: str = ""
    counting_basis: str = ""
    note: str = ""
    configurable: bool = False
    default_amount: int | None = field(default=None, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "unit", Unit(self.unit))
        object.__setattr__(self, "binds", Binds(self.binds))
        if self.amount < 0:
            raise ValueError(f"{self.code}: amount must be >= 0")
        if self.default_amount is None:
            object.__setattr__(self, "default_amount", self.amount)

    @property
    def period_text(self) -> str:
        return _period_text(self.amount, self.unit)


def _period_text(amount: int, unit: Unit) -> str:
    if unit is Unit.WORKING_DAYS:
        return f"{amount}个工作日"
    if unit is Unit.CALENDAR_DAYS:
        return f"{amount}日"
    return f"{amount}个月"


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: the date and why it is that date."""

    rule: DeadlineRule
    start: dt.date
    due: dt.date
    nominal_due: dt.date
    extended: bool
    explanation: str
    # the count relied on a year not entered (fixed statutory holidays only): recomputed when the year is entered
    provisional: bool = False
    provisional_reason: str = ""


def _d(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def compute_deadline(rule: DeadlineRule, start: dt.date) -> Deadline:
    """The last day of ``rule``'s period starting on ``start``, with a Chinese explanation citing the basis.

    A count that went through a year not entered is provisional: made with weekends and the fixed statutory holidays
    (never plain weekdays, so a party's period never ends on 元旦 or 春节 and nothing falls due earlier than those
    holidays allow), and recomputed when the year is entered, when the arrangement's bridging days and make-up
    working days become known (``provisional_reason`` says so in the words pages and documents show)."""
    with observe_provisional() as years:
        if rule.unit is Unit.WORKING_DAYS:
            nominal = add_working_days(start, rule.amount)
        elif rule.unit is Unit.CALENDAR_DAYS:
            nominal = add_calendar_days(start, rule.amount)
        else:
            nominal = add_months(start, rule.amount)

        due, holiday = nominal, ""
        # A working-day period always ends on a working day; only calendar-day and month periods can end on a holiday.
        if rule.binds is Binds.PARTY and rule.unit is not Unit.WORKING_DAYS:
            for candidate, window in _days_after(_shift(nominal, -1), 31):
                if window.is_working(candidate):
                    due = candidate
                    break
                if not holiday:
                    name = window.name(nominal)
                    holiday = f"法定节假日（{name}）" if name else f"{WEEKDAYS[nominal.weekday()]}休息日"
    provisional = bool(years)

    parts = [f"自{_d(start)}" + (f"（{rule.start_event}）" if rule.start_event else "")
             + f"起算，开始的当日不计入（{CIVIL_CODE_START}）；依照{rule.basis}，期限为{rule.period_text}"]
    if rule.unit is Unit.WORKING_DAYS:
        parts.append(f"（依照{rule.counting_basis}按工作日计算，不含法定节假日）" if rule.counting_basis
                     else "（不含法定节假日）")
    elif rule.unit is Unit.MONTHS:
        parts.append(f"，到期月的对应日为期间的最后一日，没有对应日的为月末日（{CIVIL_CODE_MONTHS}）")
    if rule.configurable:
        parts.append(f"（该期限由本省规定，可由管理员设置，默认{_period_text(rule.default_amount, rule.unit)}）")
    if due != nominal:
        parts.append(f"。届满日{_d(nominal)}为{holiday}；本期限约束当事人，依照{CIVIL_CODE_HOLIDAY}"
                     f"（{CIVIL_PROCEDURE_HOLIDAY}同）顺延至休假日结束的次日，期限届满日为{_d(due)}。")
    elif rule.binds is Binds.PARTY:
        parts.append(f"，期限届满日为{_d(due)}。")
    elif rule.unit is Unit.WORKING_DAYS:
        parts.append(f"，期限届满日为{_d(due)}。本期限约束行政机关。")
    else:
        parts.append(f"，期限届满日为{_d(due)}。本期限约束行政机关，届满日即使为法定休假日也不顺延，"
                     "以免误以为还有更多时间。")
    reason = provisional_reason(years) if provisional else ""
    if provisional:
        parts.append(f"（暂定：{reason}）")
    if rule.note:
        parts.append(rule.note)
    return Deadline(rule=rule, start=start, due=due, nominal_due=nominal, extended=due != nominal,
                    explanation="".join(parts), provisional=provisional, provisional_reason=reason)


def explain_addition(start: dt.date, n: int, unit: Unit | str, result: dt.date) -> str:
    """A Chinese sentence for a plain addition of ``n`` working or calendar days (no rule)."""
    if Unit(unit) is Unit.WORKING_DAYS:
        return (f"自{_d(start)}起算，开始的当日不计入（{CIVIL_CODE_START}），第{n}个工作日为{_d(result)}"
                "（按国务院公布的节假日安排：法定节假日不计入，周末调休上班日计入）。")
    return f"自{_d(start)}起算，开始的当日不计入（{CIVIL_CODE_START}），{n}日后为{_d(result)}（按自然日计算）。"


_RULES = [
    # --- 行政处罚 ----------------------------------------------------------------------------------------------------
    DeadlineRule(
        "penalty.file", "立案期限", 15, Unit.WORKING_DAYS,
        "《中华人民共和国行政处罚法》第五十四条第二款、第七十六条第二款", Binds.AGENCY,
        start_event="案件来源登记之日", configurable=True,
        note="法律只要求符合立案标准的应当及时立案，具体期限由本省或行业规定。"),
    DeadlineRule(
        "penalty.statement", "陈述、申辩期限", 5, Unit.WORKING_DAYS,
        "《中华人民共和国行政处罚法》第四十五条", Binds.PARTY,
        start_event="行政处罚事先告知书送达之日", configurable=True,
        note="法律未规定陈述、申辩的具体期限，由本省规定。"),
    DeadlineRule(
        "penalty.hearing_request", "要求听证期限", 5, Unit.WORKING_DAYS,
        "《中华人民共和国行政处罚法》第六十四条第一项", Binds.PARTY,
        start_event="行政机关告知听证权利之日", counting_basis=PENALTY_LAW_DAYS),
    DeadlineRule(
        "penalty.hearing_notice", "听证通知期限", 7, Unit.WORKING_DAYS,
        "《中华人民共和国行政处罚法》第六十四条第二项", Binds.AGENCY,
        start_event="听证通知送达之日", counting_basis=PENALTY_LAW_DAYS,
        note="行政机关应当在举行听证的七日前通知当事人，听证应当安排在本期限届满之后举行。"),
    DeadlineRule(
        "penalty.preservation", "先行登记保存证据处理决定期限", 7, Unit.WORKING_DAYS,
        "《中华人民共和国行政处罚法》第五十六条", Binds.AGENCY,
        start_event="先行登记保存之日", counting_basis=PENALTY_LAW_DAYS),
    DeadlineRule(
        "penalty.decide", "作出行政处罚决定期限", 90, Unit.CALENDAR_DAYS,
        "《中华人民共和国行政处罚法》第六十条", Binds.AGENCY,
        start_event="立案之日", note="法律、法规、规章另有规定的，从其规定。"),
    DeadlineRule(
        "penalty.serve", "行政处罚决定书送达期限（当事人不在场）", 7, Unit.WORKING_DAYS,
        "《中华人民共和国行政处罚法》第六十一条", Binds.AGENCY,
        start_event="宣告行政处罚决定之日", counting_basis=PENALTY_LAW_DAYS),
    DeadlineRule(
        "penalty.pay", "缴纳罚款期限", 15, Unit.CALENDAR_DAYS,
        "《中华人民共和国行政处罚法》第六十七条第三款", Binds.PARTY,
        start_event="收到行政处罚决定书之日",
        note="经批准暂缓或者分期缴纳的，按批准的期限（《中华人民共和国行政处罚法》第六十六条第二款）。"),
    DeadlineRule(
        "penalty.cash_handover", "当场收缴罚款交至行政机关期限", 2, Unit.WORKING_DAYS,
        "《中华人民共和国行政处罚法》第七十一条", Binds.AGENCY,
        start_event="当场收缴罚款之日", counting_basis=PENALTY_LAW_DAYS,
        note="在水上当场收缴的，自抵岸之日起算。"),
    DeadlineRule(
        "penalty.transfer_decision", "移送涉嫌犯罪案件审批期限", 3, Unit.CALENDAR_DAYS,
        "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款", Binds.AGENCY,
        start_event="接到移送涉嫌犯罪案件书面报告之日",
        note="该规定未规定按工作日计算，按自然日计算；批准移送的，应当在二十四小时内向同级公安机关移送。"),
    # --- 行政强制 ----------------------------------------------------------------------------------------------------
    DeadlineRule(
        "compulsion.seizure", "查封、扣押期限", 30, Unit.CALENDAR_DAYS,
        "《中华人民共和国行政强制法》第二十五条第一款", Binds.AGENCY,
        start_event="实施查封、扣押之日",
        note="检测、检验、检疫或者技术鉴定的期间不计入（第二十五条第三款）；情况复杂的，经行政机关负责人批准"
             "可以延长，延长期限不得超过三十日。"),
    DeadlineRule(
        "compulsion.seizure_extension", "查封、扣押延长期限", 30, Unit.CALENDAR_DAYS,
        "《中华人民共和国行政强制法》第二十五条第一款", Binds.AGENCY,
        start_event="原查封、扣押期限届满之日",
        note="延长查封、扣押的决定应当及时书面告知当事人，并说明理由（第二十五条第二款）。"),
    DeadlineRule(
        "compulsion.freeze_notice", "交付冻结决定书期限", 3, Unit.WORKING_DAYS,
        "《中华人民共和国行政强制法》第三十一条", Binds.AGENCY,
        start_event="冻结存款、汇款之日", counting_basis=COMPULSION_LAW_DAYS),
    DeadlineRule(
        "compulsion.freeze", "冻结期限", 30, Unit.CALENDAR_DAYS,
        "《中华人民共和国行政强制法》第三十二条第一款", Binds.AGENCY,
        start_event="冻结存款、汇款之日",
        note="情况复杂的，经行政机关负责人批准可以延长，延长期限不得超过三十日；逾期未作出处理决定或者解除冻结决定的，"
             "金融机构应当自冻结期满之日起解除冻结（第三十三条第三款）。"),
    DeadlineRule(
        "compulsion.freeze_extension", "冻结延长期限", 30, Unit.CALENDAR_DAYS,
        "《中华人民共和国行政强制法》第三十二条第一款", Binds.AGENCY,
        start_event="原冻结期限届满之日",
        note="延长冻结的决定应当及时书面告知当事人，并说明理由（第三十二条第二款）。"),
    DeadlineRule(
        "compulsion.reminder_wait", "催告履行期限（申请人民法院强制执行前）", 10, Unit.WORKING_DAYS,
        "《中华人民共和国行政强制法》第五十四条", Binds.PARTY,
        start_event="催告书送达之日", counting_basis=COMPULSION_LAW_DAYS,
        note="期限届满后当事人仍未履行义务的，行政机关方可申请人民法院强制执行。"),
    DeadlineRule(
        "compulsion.perform", "催告书载明的履行期限", 10, Unit.WORKING_DAYS,
        "《中华人民共和国行政强制法》第三十五条第（一）项", Binds.PARTY,
        start_event="催告书送达之日", counting_basis=COMPULSION_LAW_DAYS,
        note="催告书载明履行期限的，以载明的日期为准；未载明的，按送达后十个工作日计算。期限届满当事人仍不履行的，"
             "有强制执行权的行政机关方可作出强制执行决定（第三十七条第一款）。"),
    DeadlineRule(
        "compulsion.substitute_reminder", "代履行前催告履行期限", 3, Unit.WORKING_DAYS,
        "《中华人民共和国行政强制法》第五十一条第一款第（二）项", Binds.PARTY,
        start_event="代履行前催告当事人履行之日", counting_basis=COMPULSION_LAW_DAYS,
        note="期限届满当事人仍不履行的，方可实施代履行；当事人履行的，停止代履行。"),
    DeadlineRule(
        "compulsion.suspension_lapse", "中止执行满三年期限", 36, Unit.MONTHS,
        "《中华人民共和国行政强制法》第三十九条第二款", Binds.AGENCY,
        start_event="中止执行之日",
        note="即三年。中止执行的情形消失的，应当恢复执行；期限届满仍未恢复执行，没有明显社会危害，当事人确无能力履行的，"
             "自届满日次日起行政机关可以决定不再执行（终结执行）。"),
    DeadlineRule(
        "compulsion.court_application", "申请人民法院强制执行期限", 3, Unit.MONTHS,
        "《中华人民共和国行政强制法》第五十三条", Binds.AGENCY,
        start_event="申请行政复议、提起行政诉讼的法定期限届满之日",
        note="批准延期、分期缴纳罚款的，自暂缓或者分期缴纳罚款期限结束之日起计算"
             "（《中华人民共和国行政处罚法》第七十二条第二款）。"),
    # --- 平台（办法） -------------------------------------------------------------------------------------------------
    DeadlineRule(
        "platform.paper_back_entry", "纸质办案补录期限", 3, Unit.WORKING_DAYS,
        "《广东省一体化行政执法平台管理办法》第二十二条第二款", Binds.AGENCY,
        start_event="采取纸质办案的执法活动之日"),
    DeadlineRule(
        "platform.law_text", "提供法律法规规章标准文本期限", 10, Unit.WORKING_DAYS,
        "《广东省一体化行政执法平台管理办法》第五十二条第一款", Binds.AGENCY,
        start_event="法律法规、规章颁布之日"),
    # --- 公示 -------------------------------------------------------------------------------------------------------
    DeadlineRule(
        "disclosure.publish", "行政处罚决定信息公开期限", 7, Unit.WORKING_DAYS,
        f"{DISCLOSURE_GUIDANCE}；《广东省一体化行政执法平台管理办法》第四十五条", Binds.AGENCY,
        start_event="作出行政处罚决定之日",
        note="行政许可决定信息同；办案平台产生的结果信息经本单位负责人批准后自动公示。"),
    DeadlineRule(
        "disclosure.publish_other", "其他行政执法决定信息公开期限", 20, Unit.WORKING_DAYS,
        f"{DISCLOSURE_GUIDANCE}；《广东省一体化行政执法平台管理办法》第四十五条", Binds.AGENCY,
        start_event="作出执法决定之日"),
    DeadlineRule(
        "disclosure.withdraw", "撤回已公开的行政处罚决定信息期限", 3, Unit.WORKING_DAYS,
        "《中华人民共和国行政处罚法》第四十八条第二款", Binds.AGENCY,
        start_event="行政处罚决定被变更、撤销、确认违法或者确认无效之日", counting_basis=PENALTY_LAW_DAYS,
        note="撤回时应当公开说明理由。"),
    # --- 救济（决定书载明） ------------------------------------------------------------------------------------------
    DeadlineRule(
        "remedy.review", "申请行政复议期限", 60, Unit.CALENDAR_DAYS,
        "《中华人民共和国行政复议法》第二十条第一款", Binds.PARTY,
        start_event="知道或者应当知道该行政行为之日", note="法律规定的申请期限超过六十日的除外。"),
    DeadlineRule(
        "remedy.litigation", "提起行政诉讼期限", 6, Unit.MONTHS,
        "《中华人民共和国行政诉讼法》第四十六条第一款", Binds.PARTY,
        start_event="知道或者应当知道作出行政行为之日", note="法律另有规定的除外。"),
]

RULES: Mapping[str, DeadlineRule] = MappingProxyType({rule.code: rule for rule in _RULES})
assert len(RULES) == len(_RULES), "duplicate rule code"

CONFIGURABLE_MAX = 365  # no configurable period of the penalty procedure is anywhere near a year


class UnknownRule(DomainError):
    code = "unknown_rule"
    title = "期限规则不存在"

    def __init__(self, code: str):
        super().__init__(f"期限规则“{code}”不存在。", field="rule")


def get_rule(code: str) -> DeadlineRule:
    """The rule ``code`` with the province's figure where an administrator has set one (read afresh each call)."""
    try:
        rule = RULES[code]
    except KeyError:
        raise UnknownRule(code) from None
    if rule.configurable:
        amount = DeadlineSetting.objects.filter(code=code).values_list("amount", flat=True).first()
        if amount is not None and amount != rule.amount:
            rule = replace(rule, amount=amount, default_amount=rule.amount)
    return rule


def deadline_for(code: str, start: dt.date) -> Deadline:
    """``compute_deadline(get_rule(code), start)``: what the case engine calls."""
    return compute_deadline(get_rule(code), start)


def current_rules() -> list[DeadlineRule]:
    """Every rule with the province's figures applied, read in one query."""
    settings = dict(DeadlineSetting.objects.filter(code__in=[c for c, r in RULES.items() if r.configurable])
                    .values_list("code", "amount"))
    return [replace(rule, amount=settings[code], default_amount=rule.amount)
            if code in settings and rule.configurable and settings[code] != rule.amount else rule
            for code, rule in RULES.items()]
