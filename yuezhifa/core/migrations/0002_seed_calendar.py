"""Seed the working-day calendar with the State Council arrangements 2004-2026 carried by ``chinesecalendar``.

Only exceptions to Monday-Friday are stored: the package's holidays that fall on a weekday (non-working) and its
make-up working days that fall on a weekend (working). The logic is copied here, not imported, so that this migration
keeps meaning what it meant when it was written.
"""

import datetime

from django.db import migrations

FIRST_YEAR, LAST_YEAR = 2004, 2026

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _exceptions():
    from chinese_calendar import constants

    rows = {}
    for day, holiday in constants.holidays.items():
        if FIRST_YEAR <= day.year <= LAST_YEAR and day.weekday() < 5:
            rows[day] = (False, HOLIDAY_NAMES.get(holiday, holiday))
    for day, holiday in constants.workdays.items():
        if FIRST_YEAR <= day.year <= LAST_YEAR and day.weekday() >= 5:
            rows[day] = (True, HOLIDAY_NAMES.get(holiday, holiday) + "调休上班")
    years = {day.year for day in rows}
    missing = sorted(set(range(FIRST_YEAR, LAST_YEAR + 1)) - years)
    if missing:
        raise RuntimeError(f"chinesecalendar 缺少年度 {missing} 的数据，无法初始化工作日历。")
    return rows


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    rows = _exceptions()
    existing = set(CalendarDay.objects.filter(date__in=list(rows)).values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=day, is_working=working, name=name) for day, (working, name) in sorted(rows.items())
         if day not in existing]
    )
    entered = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=year, source="chinesecalendar", note="国务院办公厅历年部分节假日安排（chinesecalendar 软件包）")
         for year in range(FIRST_YEAR, LAST_YEAR + 1) if year not in entered]
    )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear.objects.filter(year__range=(FIRST_YEAR, LAST_YEAR), source="chinesecalendar").delete()
    CalendarDay.objects.filter(
        date__range=(datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31))).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
