"""Administrators extend and correct the calendar through services: permission-checked, audited, immediate
(DESIGN §5.1, §5.3; LEGAL.md §1: the next year's arrangement is published each November/December)."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.calendar import add_working_days, deadline_for, get_rule, is_working_day
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.models import CalendarDay, CalendarSource, CalendarYear, DeadlineSetting
from yuezhifa.core.services import (
    CalendarFileInvalid,
    calendar_can_change,
    calendar_day_delete,
    calendar_day_set,
    calendar_import_file,
    calendar_import_package,
    calendar_year_enter,
    calendar_year_remove,
    deadline_setting_reset,
    deadline_setting_set,
)
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import UserFactory

from .test_calendar import ensure_calendar_seed

D = dt.date
pytestmark = pytest.mark.django_db

# A made-up arrangement for 2027, only to exercise the import (the real one is published by the State Council).
TEST_2027_CSV = """year,2027
note,测试用安排（非官方）
date,is_working,name
2027-01-01,0,元旦
2027-02-08,0,春节
2027-02-09,0,春节
2027-02-06,1,春节调休上班
"""


@pytest.fixture(autouse=True)
def _calendar_seed(db):
    ensure_calendar_seed()


@pytest.fixture
def province_admin():
    return UserFactory(username="province-admin", roles=[(Role.ADMIN, Scope.PROVINCE)])


@pytest.fixture
def city_admin():
    return UserFactory(username="city-admin", roles=[(Role.ADMIN, Scope.SUBTREE)])


def audit_actions():
    return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


# --- Who may change the calendar ------------------------------------------------------------------------------------


def test_only_superusers_and_province_wide_administrators_may_change_the_calendar(province_admin, city_admin):
    assert calendar_can_change(province_admin)
    assert calendar_can_change(UserFactory(is_superuser=True))
    assert not calendar_can_change(city_admin)
    assert not calendar_can_change(UserFactory(roles=[(Role.SUPERVISOR, Scope.PROVINCE)]))
    assert not calendar_can_change(UserFactory(roles=[(Role.OFFICER, Scope.OWN)]))
    assert not calendar_can_change(UserFactory(is_superuser=True, is_active=False))
    assert not calendar_can_change(None)


def test_a_non_administrator_is_refused_and_nothing_is_written(city_admin):
    with pytest.raises(NotAllowed):
        calendar_day_set(actor=city_admin, date=D(2026, 11, 2), is_working=False, name="临时放假")
    assert not CalendarDay.objects.filter(date=D(2026, 11, 2)).exists()
    assert audit_actions() == []
    with pytest.raises(NotAllowed):
        calendar_import_file(actor=city_admin, content=TEST_2027_CSV.encode(), filename="2027.csv")
    with pytest.raises(NotAllowed):
        deadline_setting_set(actor=city_admin, code="penalty.file", amount=10)


# --- A change applies to the very next computation ------------------------------------------------------------------


def test_a_holiday_added_through_the_service_changes_later_computations_and_is_audited(province_admin):
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    calendar_day_set(actor=province_admin, date=D(2026, 10, 9), is_working=False, name="临时放假")
    assert is_working_day(D(2026, 10, 9)) is False
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 12)

    entry = AuditEntry.objects.get(action="calendar.day.set")
    assert entry.actor_id == province_admin.pk
    assert entry.before is None
    assert entry.after == {"date": "2026-10-09", "is_working": False, "name": "临时放假"}

    calendar_day_delete(actor=province_admin, date=D(2026, 10, 9))
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert audit_actions() == ["calendar.day.set", "calendar.day.delete"]


def test_changing_an_existing_day_records_before_and_after(province_admin):
    calendar_day_set(actor=province_admin, date=D(2026, 10, 10), is_working=False, name="国庆节")
    assert is_working_day(D(2026, 10, 10)) is False
    entry = AuditEntry.objects.get(action="calendar.day.set")
    assert entry.before == {"date": "2026-10-10", "is_working": True, "name": "国庆节调休上班"}
    assert entry.after["is_working"] is False


def test_a_weekday_marked_working_is_refused_as_a_likely_mistake(province_admin):
    with pytest.raises(DomainError) as info:
        calendar_day_set(actor=province_admin, date=D(2026, 11, 4), is_working=True, name="调休上班")
    assert info.value.field == "is_working"
    assert "星期三" in info.value.message
    with pytest.raises(DomainError) as info:
        calendar_day_set(actor=province_admin, date=D(2026, 11, 4), is_working=False, name=" ")
    assert info.value.field == "name"


# --- Entering a year ------------------------------------------------------------------------------------------------


def test_entering_a_year_needs_its_holidays_first_then_makes_it_usable(province_admin):
    with pytest.raises(DomainError) as info:
        calendar_year_enter(actor=province_admin, year=2027, note="")
    assert "2027" in info.value.message
    calendar_day_set(actor=province_admin, date=D(2027, 1, 1), is_working=False, name="元旦")
    calendar_day_set(actor=province_admin, date=D(2027, 1, 4), is_working=False, name="元旦（测试用调休）")
    # days alone do not make a year usable: until it is entered, 2027 is counted provisionally
    assert is_working_day(D(2027, 1, 4)) is True
    assert add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)
    calendar_year_enter(actor=province_admin, year=2027, note="国务院办公厅通知")
    assert is_working_day(D(2027, 1, 1)) is False and is_working_day(D(2027, 1, 4)) is False
    assert add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 5)
    assert CalendarYear.objects.get(year=2027).source == CalendarSource.ADMIN
    calendar_year_remove(actor=province_admin, year=2027)
    assert add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)  # provisional again
    assert audit_actions() == ["calendar.day.set", "calendar.day.set", "calendar.year.enter", "calendar.year.remove"]


# --- Importing a year from a file -----------------------------------------------------------------------------------


def test_import_csv_enters_the_year_and_is_idempotent(province_admin):
    result = calendar_import_file(actor=province_admin, content=TEST_2027_CSV.encode(), filename="2027.csv")
    assert (result.year, result.created, result.updated, result.deleted, result.changed) == (2027, 4, 0, 0, True)
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.note) == (CalendarSource.FILE, "测试用安排（非官方）")
    assert is_working_day(D(2027, 2, 6)) is True  # a Saturday
    assert is_working_day(D(2027, 2, 8)) is False
    assert audit_actions() == ["calendar.file.import"]

    again = calendar_import_file(actor=province_admin, content=TEST_2027_CSV.encode(), filename="2027.csv")
    assert again.changed is False
    assert audit_actions() == ["calendar.file.import"]


def test_a_file_is_the_whole_year_days_it_omits_are_removed(province_admin):
    calendar_import_file(actor=province_admin, content=TEST_2027_CSV.encode(), filename="2027.csv")
    corrected = TEST_2027_CSV.replace("2027-02-09,0,春节\n", "").replace("元旦", "元旦节")
    result = calendar_import_file(actor=province_admin, content=corrected.encode(), filename="2027.csv")
    assert (result.created, result.updated, result.deleted) == (0, 1, 1)
    assert is_working_day(D(2027, 2, 9)) is True
    assert CalendarDay.objects.get(date=D(2027, 1, 1)).name == "元旦节"


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_bad_row(province_admin):
    bad = """year,2027
date,is_working,name
2027-01-01,0,元旦
2027-02-30,0,春节
2026-10-01,0,国庆节
2027-02-10,maybe,春节
2027-03-03,1,调休上班
2027-01-01,0,元旦
2027-05-01,0,
2027-05-03,0,劳动节,多余
"""
    with pytest.raises(CalendarFileInvalid) as info:
        calendar_import_file(actor=province_admin, content=bad.encode(), filename="2027.csv")
    errors = info.value.errors
    assert [(e["line"], e["field"]) for e in errors] == [
        (4, "date"), (5, "date"), (6, "is_working"), (7, "is_working"), (8, "date"), (9, "name"), (10, None)]
    assert errors[0]["message"].startswith("第 4 行：")
    assert "2027-02-30" in errors[0]["message"]
    assert "不在文件声明的 2027 年内" in errors[1]["message"]
    assert "第 3 行" in errors[4]["message"]  # the duplicate names the first occurrence
    assert "7 处错误" in info.value.message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert audit_actions() == []


def test_file_level_problems_are_reported(province_admin):
    with pytest.raises(CalendarFileInvalid) as info:
        calendar_import_file(actor=province_admin, content=b"2027-01-01,0,\xe5\x85\x83\xe6\x97\xa6\n", filename="x.csv")
    messages = " ".join(e["message"] for e in info.value.errors)
    assert "缺少年度行" in messages and "缺少表头" in messages
    with pytest.raises(CalendarFileInvalid) as info:
        calendar_import_file(actor=province_admin, content="year,2027\ndate,is_working,name\n2027-02-06,1,调休\n",
                             filename="x.csv")
    assert "没有 2027 年任何工作日放假的节假日" in info.value.errors[0]["message"]


def test_csv_saved_by_excel_in_gb18030_is_read(province_admin):
    result = calendar_import_file(actor=province_admin, content=TEST_2027_CSV.encode("gb18030"), filename="2027.csv")
    assert result.created == 4
    assert CalendarDay.objects.get(date=D(2027, 1, 1)).name == "元旦"


def test_import_json_and_its_errors_name_lines(province_admin):
    good = {"year": 2027, "note": "测试", "days": [
        {"date": "2027-01-01", "is_working": False, "name": "元旦"},
        {"date": "2027-02-06", "is_working": True, "name": "春节调休上班"},
    ]}
    result = calendar_import_file(actor=province_admin, content=json.dumps(good, ensure_ascii=False, indent=2),
                                  filename="2027.json")
    assert result.created == 2
    bad = '{\n "year": 2028,\n "days": [\n  {"date": "2028-01-01", "is_working": false, "name": "元旦"},\n' \
          '  {"date": "2028-13-01", "is_working": false, "name": "x"},\n  {"date": "2028-01-02"}\n ]\n}\n'
    with pytest.raises(CalendarFileInvalid) as info:
        calendar_import_file(actor=province_admin, content=bad.encode(), filename="2028.json")
    assert [(e["line"], e["field"]) for e in info.value.errors] == [(5, "date"), (6, None)]
    assert not CalendarYear.objects.filter(year=2028).exists()


def test_reimporting_the_package_years_changes_nothing():
    results = calendar_import_package(actor=None, years=[2025, 2026])
    assert [r.changed for r in results] == [False, False]
    with pytest.raises(DomainError):
        calendar_import_package(actor=None, years=[2099])


def test_import_calendar_command(tmp_path, province_admin):
    path = tmp_path / "2027.csv"
    path.write_text(TEST_2027_CSV, encoding="utf-8")
    call_command("import_calendar", str(path), "--user", "province-admin")
    assert CalendarYear.objects.filter(year=2027, source=CalendarSource.FILE).exists()
    assert AuditEntry.objects.get(action="calendar.file.import").actor_id == province_admin.pk

    bad = tmp_path / "bad.csv"
    bad.write_text("year,2028\ndate,is_working,name\n2028-02-30,0,春节\n", encoding="utf-8")
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_calendar", str(bad))
    with pytest.raises(CommandError, match="全省系统管理员"):
        UserFactory(username="officer", roles=[(Role.OFFICER, Scope.OWN)])
        call_command("import_calendar", str(path), "--user", "officer")


# --- Configurable deadlines -----------------------------------------------------------------------------------------


def test_configurable_filing_limit_changes_without_code_and_resets(province_admin):
    """LEGAL.md §2: the filing limit (处罚法 第54条) is configurable; default 15 working days."""
    start = D(2026, 9, 1)
    assert get_rule("penalty.file").amount == 15
    default_due = deadline_for("penalty.file", start).due
    deadline_setting_set(actor=province_admin, code="penalty.file", amount=10, note="本省规定")
    rule = get_rule("penalty.file")
    assert (rule.amount, rule.default_amount) == (10, 15)
    deadline = deadline_for("penalty.file", start)
    assert deadline.due == add_working_days(start, 10) < default_due
    assert "默认15个工作日" in deadline.explanation
    deadline_setting_reset(actor=province_admin, code="penalty.file")
    assert get_rule("penalty.file").amount == 15
    assert audit_actions() == ["calendar.setting.set", "calendar.setting.reset"]


def test_statutory_periods_cannot_be_configured(province_admin):
    with pytest.raises(DomainError) as info:
        deadline_setting_set(actor=province_admin, code="penalty.decide", amount=120)
    assert "第六十条" in info.value.message
    with pytest.raises(DomainError):
        deadline_setting_set(actor=province_admin, code="penalty.statement", amount=0)
    assert not DeadlineSetting.objects.exists()
