"""Every write to the working-day calendar and the deadline settings (DESIGN §5.1): one function per act,
transactional, permission-checked, audited.

Only the province's administrators change the calendar: it sets every deadline of every body in the province.
``actor=None`` is the system itself (``yzf import-calendar`` run without ``--user``); views always pass the request's
user, which is never None.
"""

import csv
import datetime as dt
import io
import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from yuezhifa.audit.services import audit_record

from .calendar import CONFIGURABLE_MAX, RULES, WEEKDAYS, UnknownRule
from .errors import DomainError, NotAllowed
from .models import CalendarDay, CalendarSource, CalendarYear, DeadlineSetting

MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_FILE_BYTES = 1024 * 1024
NAME_MAX = CalendarDay._meta.get_field("name").max_length
NOTE_MAX = CalendarYear._meta.get_field("note").max_length

TRUE_WORDS = {"1", "true", "yes", "y", "是", "上班", "工作日", "班"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "放假", "休息", "休息日", "休"}

# chinesecalendar's holiday names → the names the State Council's notices use.
PACKAGE_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


# --- Permission -----------------------------------------------------------------------------------------------------


def calendar_can_change(user) -> bool:
    """Superusers and users holding a role that may change organisation data province-wide (系统管理员 · 全省)."""
    from yuezhifa.org.permissions import body_scope_q

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return body_scope_q(user, "change") is None


def _require_change(actor) -> None:
    if actor is not None and not calendar_can_change(actor):
        raise NotAllowed("只有全省系统管理员可以维护工作日历和期限设置。")


# --- Validation shared by the services, the admin forms and the file import -----------------------------------------


def validate_calendar_day(day: dt.date, is_working: bool, name: str) -> list[tuple[str, str]]:
    """Problems with one exception as ``(field, Chinese message)`` pairs; empty when it is acceptable."""
    problems = []
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        problems.append(("date", f"日期应在 {MIN_YEAR} 年至 {MAX_YEAR} 年之间。"))
    if is_working and day.weekday() < 5:
        problems.append(("is_working", f"{day.isoformat()} 是{WEEKDAYS[day.weekday()]}，本来就是工作日；调休上班日"
                                       "应为周六或周日。如要取消该日的节假日，请删除这条记录。"))
    name = (name or "").strip()
    if not name:
        problems.append(("name", "名称不能为空，如“国庆节”或“国庆节调休上班”。"))
    elif len(name) > NAME_MAX:
        problems.append(("name", f"名称不能超过 {NAME_MAX} 个字。"))
    return problems


def validate_calendar_year(year: int) -> list[tuple[str, str]]:
    """Problems with declaring ``year`` entered. A year without a single weekday holiday is surely not entered yet:
    declaring it would make every deadline in it count plain weekdays."""
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        return [("year", f"年度应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的整数。")]
    rows = CalendarDay.objects.filter(date__year=year).values_list("date", "is_working")
    if not _has_weekday_holiday(rows):
        return [("year", f"{year} 年尚未录入任何工作日放假的节假日，不能确认该年度安排。请先按国务院办公厅的通知"
                         "录入节假日和调休上班日，或用文件导入整年安排。")]
    return []


def _validate_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"年度应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的整数。", field="year")
    return year


def _has_weekday_holiday(rows: Iterable[tuple[dt.date, bool]]) -> bool:
    return any(not is_working and day.weekday() < 5 for day, is_working in rows)


def _day_dict(day: CalendarDay | None) -> dict | None:
    if day is None:
        return None
    return {"date": day.date.isoformat(), "is_working": day.is_working, "name": day.name}


def _year_dict(year: CalendarYear | None) -> dict | None:
    if year is None:
        return None
    return {"year": year.year, "source": year.source, "note": year.note}


# --- Years and days -------------------------------------------------------------------------------------------------

# Sent inside the transaction that enters a year's arrangement (``actor``, ``years``, ``reason``): the case platform
# recomputes the deadlines it counted provisionally through those years (``cases.services.deadlines_recompute``), so
# the year and every recomputed deadline commit together. Core does not know the apps that keep deadlines.
calendar_entered = Signal()


def _entered(actor, year: int, note: str) -> None:
    source = f"（{note}）" if note else ""
    reason = f"{year}年的节假日安排已录入工作日历{source}，原按周末和法定节假日暂定的期限依照该安排重新计算。"
    calendar_entered.send(sender=CalendarYear, actor=actor, years=[year], reason=reason)



def calendar_year_enter(*, actor, year: int, note: str = "", source: str = CalendarSource.ADMIN) -> CalendarYear:
    """Declare ``year``'s arrangement entered, so deadlines may be counted in it. Enter its holidays and make-up
    working days first (``validate_calendar_year``)."""
    _validate_year(year)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(f"说明不能超过 {NOTE_MAX} 个字。", field="note")
    if source not in CalendarSource.values:
        raise DomainError("来源无效。", field="source")
    with transaction.atomic():
        _require_change(actor)
        problems = validate_calendar_year(year)
        if problems:
            raise DomainError(problems[0][1], field="year")
        existing = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = _year_dict(existing)
        entry = existing or CalendarYear(year=year)
        entry.source, entry.note = source, note
        entry.save()
        audit_record(actor=actor, action="calendar.year.enter", obj=entry, before=before, after=_year_dict(entry))
        _entered(actor, year, note)
    return entry


def calendar_year_remove(*, actor, year: int) -> None:
    """Withdraw ``year``: computations reaching it are provisional again until it is re-entered. Its days are kept."""
    with transaction.atomic():
        _require_change(actor)
        entry = CalendarYear.objects.select_for_update().filter(year=year).first()
        if entry is None:
            raise DomainError(f"{year} 年尚未录入。", field="year")
        before = _year_dict(entry)
        audit_record(actor=actor, action="calendar.year.remove", obj=entry, before=before, after=None)
        entry.delete()


def calendar_day_set(*, actor, date: dt.date, is_working: bool, name: str) -> CalendarDay:
    """Make ``date`` a holiday (``is_working=False``) or a make-up working day (``True``). Applies at once to every
    computation, including deadlines already running."""
    problems = validate_calendar_day(date, bool(is_working), name)
    if problems:
        raise DomainError("；".join(message for _, message in problems), field=problems[0][0],
                          errors=[{"field": f, "message": m} for f, m in problems])
    with transaction.atomic():
        _require_change(actor)
        existing = CalendarDay.objects.select_for_update().filter(date=date).first()
        before = _day_dict(existing)
        day = existing or CalendarDay(date=date)
        day.is_working, day.name = bool(is_working), name.strip()
        day.save()
        audit_record(actor=actor, action="calendar.day.set", obj=day, before=before, after=_day_dict(day))
    return day


def calendar_day_delete(*, actor, date: dt.date) -> None:
    """Remove the exception on ``date``: it follows the Monday-Friday rule again."""
    with transaction.atomic():
        _require_change(actor)
        day = CalendarDay.objects.select_for_update().filter(date=date).first()
        if day is None:
            raise DomainError(f"{date.isoformat()} 没有录入节假日或调休记录。", field="date")
        audit_record(actor=actor, action="calendar.day.delete", obj=day, before=_day_dict(day), after=None)
        day.delete()


# --- Whole-year imports ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarImportResult:
    year: int
    source: str
    created: int
    updated: int
    deleted: int
    changed: bool

    @property
    def summary(self) -> str:
        if not self.changed:
            return f"{self.year} 年：与已录入的安排一致，无变化。"
        return f"{self.year} 年：新增 {self.created} 天，修改 {self.updated} 天，删除 {self.deleted} 天。"


class CalendarFileInvalid(DomainError):
    code = "calendar_file_invalid"
    title = "日历文件有误"

    def __init__(self, errors: list[dict]):
        super().__init__(f"日历文件有 {len(errors)} 处错误，未导入任何数据。", errors=errors)


def _replace_year(*, actor, year: int, source: str, note: str, rows: dict[dt.date, tuple[bool, str]],
                  action: str) -> CalendarImportResult:
    """Make ``rows`` the exceptions of ``year`` (adding, changing and removing days) and enter the year. Running it
    twice with the same rows changes nothing the second time."""
    with transaction.atomic():
        _require_change(actor)
        entry = CalendarYear.objects.select_for_update().filter(year=year).first()
        current = {day.date: day for day in CalendarDay.objects.select_for_update().filter(date__year=year)}
        to_create = [CalendarDay(date=d, is_working=w, name=n) for d, (w, n) in sorted(rows.items())
                     if d not in current]
        to_update = []
        for d, (w, n) in rows.items():
            day = current.get(d)
            if day is not None and (day.is_working, day.name) != (w, n):
                day.is_working, day.name = w, n
                to_update.append(day)
        to_delete = [d for d in current if d not in rows]
        year_changed = entry is None or (entry.source, entry.note) != (source, note)
        result = CalendarImportResult(year, source, len(to_create), len(to_update), len(to_delete),
                                      bool(to_create or to_update or to_delete or year_changed))
        if not result.changed:
            return result
        before = _year_dict(entry)
        if before is not None:
            before["days"] = [_day_dict(day) for _, day in sorted(current.items())]
        CalendarDay.objects.bulk_create(to_create)
        now = timezone.now()
        for day in to_update:
            day.updated_at = now  # bulk_update does not apply auto_now
        CalendarDay.objects.bulk_update(to_update, ["is_working", "name", "updated_at"])
        CalendarDay.objects.filter(date__in=to_delete).delete()
        entry = entry or CalendarYear(year=year)
        entry.source, entry.note = source, note
        entry.save()
        after = _year_dict(entry) | {
            "days": [{"date": d.isoformat(), "is_working": w, "name": n} for d, (w, n) in sorted(rows.items())]}
        audit_record(actor=actor, action=action, obj=entry, before=before, after=after)
        _entered(actor, year, note)
    return result


@dataclass
class _Parsed:
    year: int | None = None
    note: str = ""
    rows: list[tuple[int | None, object, object, object]] = field(default_factory=list)  # line, date, working, name
    errors: list[dict] = field(default_factory=list)

    def error(self, line: int | None, field_name: str | None, message: str) -> None:
        prefix = f"第 {line} 行：" if line else ""
        self.errors.append({"line": line, "field": field_name, "message": prefix + message})


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    if len(content) > MAX_FILE_BYTES:
        raise CalendarFileInvalid([{"line": None, "field": None,
                                    "message": "文件过大（超过 1 MB），不像是一年的日历。"}])
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in Chinese Windows saves CSV as GB18030/GBK
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CalendarFileInvalid([{"line": None, "field": None, "message": "无法识别文件编码，请保存为 UTF-8。"}])


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
CSV_HEADER = ("date", "is_working", "name")
CSV_HEADER_ZH = ("日期", "是否工作日", "名称")


def _parse_csv(text: str) -> _Parsed:
    parsed = _Parsed()
    reader = csv.reader(io.StringIO(text))
    header_seen = False
    year_line = None
    try:
        for record in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in record]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if not header_seen:
                key = cells[0].lower()
                if key in ("date", "日期"):
                    if tuple(c.lower() for c in cells) not in (CSV_HEADER, CSV_HEADER_ZH):
                        parsed.error(line, None, f"表头应为 {','.join(CSV_HEADER)}，实际为 {','.join(cells)}。")
                    header_seen = True
                elif key in ("year", "年度"):
                    if year_line is not None:
                        parsed.error(line, "year", f"年度已在第 {year_line} 行给出，一个文件只能导入一个年度。")
                        continue
                    year_line = line
                    value = cells[1] if len(cells) > 1 else ""
                    if not (value.isascii() and value.isdigit()):
                        parsed.error(line, "year", f"年度应为四位数字，如 year,2027；实际为“{value}”。")
                    else:
                        parsed.year = int(value)
                elif key in ("note", "说明"):
                    parsed.note = ",".join(cells[1:]).strip(" ,")
                else:
                    parsed.error(line, None, "表头之前只能有 year（年度）与 note（说明）两行，"
                                             f"表头应为 {','.join(CSV_HEADER)}；实际为“{','.join(cells)}”。")
                continue
            if len(cells) != 3:
                parsed.error(line, None, f"应有 3 列（{','.join(CSV_HEADER)}），实际为 {len(cells)} 列。")
                continue
            parsed.rows.append((line, cells[0], cells[1], cells[2]))
    except csv.Error as exc:
        parsed.error(reader.line_num, None, f"CSV 格式错误：{exc}")
    if year_line is None:
        parsed.error(None, "year", "缺少年度行：文件开头应为一行 year,2027（年份按实际填写）。")
    if not header_seen:
        parsed.error(None, None, f"缺少表头行 {','.join(CSV_HEADER)}。")
    return parsed


_LINE_KEY = "\x00line"


class _LineNumberingDecoder(json.JSONDecoder):
    """Records the line on which each JSON object starts, so errors can name it like a CSV row."""

    def __init__(self):
        super().__init__()

        def parse_object(s_and_end, *args, **kwargs):
            text, end = s_and_end
            obj, new_end = json.decoder.JSONObject(s_and_end, *args, **kwargs)
            obj[_LINE_KEY] = text.count("\n", 0, end) + 1
            return obj, new_end

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)


def _parse_json(text: str) -> _Parsed:
    parsed = _Parsed()
    try:
        data = json.loads(text, cls=_LineNumberingDecoder)
    except json.JSONDecodeError as exc:
        parsed.error(exc.lineno, None, f"JSON 格式错误：{exc.msg}（第 {exc.colno} 列）。")
        return parsed
    if not isinstance(data, dict):
        parsed.error(1, None, "JSON 文件应为一个对象：{\"year\": 2027, \"note\": \"…\", \"days\": [...]}。")
        return parsed
    top = data.get(_LINE_KEY)
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        parsed.error(top, "year", f"year 应为整数年份，如 2027；实际为 {json.dumps(year, ensure_ascii=False)}。")
    else:
        parsed.year = year
    note = data.get("note", "")
    if not isinstance(note, str):
        parsed.error(top, "note", "note 应为文字。")
    else:
        parsed.note = note
    days = data.get("days")
    if not isinstance(days, list):
        parsed.error(top, "days", "days 应为数组，每项为 {\"date\": …, \"is_working\": …, \"name\": …}。")
        return parsed
    for index, item in enumerate(days, start=1):
        if not isinstance(item, dict):
            parsed.error(top, "days", f"days 第 {index} 项应为对象。")
            continue
        line = item.get(_LINE_KEY)
        unknown = sorted(k for k in item if k not in (*CSV_HEADER, _LINE_KEY))
        missing = [k for k in CSV_HEADER if k not in item]
        if missing or unknown:
            what = "；".join(filter(None, [f"缺少 {', '.join(missing)}" if missing else "",
                                           f"不认识的键 {', '.join(unknown)}" if unknown else ""]))
            parsed.error(line, None, f"days 第 {index} 项{what}。")
            continue
        parsed.rows.append((line, item["date"], item["is_working"], item["name"]))
    return parsed


def _parse_working(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return None


def _validated_rows(parsed: _Parsed) -> dict[dt.date, tuple[bool, str]]:
    """Check every row (collecting every problem, not only the first) and return the exceptions by date."""
    year = parsed.year
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        parsed.error(None, "year", f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间，实际为 {year}。")
        year = None
    rows: dict[dt.date, tuple[bool, str]] = {}
    lines: dict[dt.date, int | None] = {}
    for line, raw_date, raw_working, raw_name in parsed.rows:
        ok = True
        day = None
        if isinstance(raw_date, str) and ISO_DATE.fullmatch(raw_date):
            try:
                day = dt.date.fromisoformat(raw_date)
            except ValueError:
                day = None
        if day is None:
            parsed.error(line, "date", f"日期“{raw_date}”无效，应为 YYYY-MM-DD 格式的真实日期，如 2027-01-01。")
            ok = False
        elif year is not None and day.year != year:
            parsed.error(line, "date", f"日期 {day.isoformat()} 不在文件声明的 {year} 年内。")
            ok = False
        elif day in lines:
            where = f"第 {lines[day]} 行" if lines[day] else "前面"
            parsed.error(line, "date", f"日期 {day.isoformat()} 与{where}重复。")
            ok = False
        working = _parse_working(raw_working)
        if working is None:
            parsed.error(line, "is_working", f"is_working 的值“{raw_working}”无效，上班填 1（或 true、是、上班），"
                                             "放假填 0（或 false、否、放假）。")
            ok = False
        name = raw_name.strip() if isinstance(raw_name, str) else ""
        if not isinstance(raw_name, str):
            parsed.error(line, "name", "名称应为文字。")
            ok = False
        if day is not None and working is not None and isinstance(raw_name, str):
            for field_name, message in validate_calendar_day(day, working, name):
                if field_name != "date":  # the year range is reported once, for the file
                    parsed.error(line, field_name, message)
                    ok = False
        if day is not None and day not in lines:
            lines[day] = line
        if ok:
            rows[day] = (working, name)
    if len(parsed.note) > NOTE_MAX:
        parsed.error(None, "note", f"说明不能超过 {NOTE_MAX} 个字。")
    if year is not None and not parsed.errors and not _has_weekday_holiday((d, w) for d, (w, _) in rows.items()):
        parsed.error(None, None, f"文件中没有 {year} 年任何工作日放假的节假日，不像是完整的年度安排。")
    return rows


def calendar_import_file(*, actor, content: bytes | str, filename: str = "") -> CalendarImportResult:
    """Import one year's arrangement from a CSV or JSON file (format: docs/decisions/0002-working-day-calendar.md).

    The file is the whole year: days of that year not in it are removed. Every row is checked first; if any is wrong,
    nothing is imported and ``CalendarFileInvalid.errors`` lists each problem with its line. Importing the same file
    again changes nothing.
    """
    _require_change(actor)  # refuse before reading anything
    text = _decode(content)
    suffix = PurePath(filename).suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith("{"))
    parsed = _parse_json(text) if is_json else _parse_csv(text)
    rows = _validated_rows(parsed)
    if parsed.errors:
        raise CalendarFileInvalid(sorted(parsed.errors, key=lambda e: (e["line"] is None, e["line"] or 0)))
    return _replace_year(actor=actor, year=parsed.year, source=CalendarSource.FILE, note=parsed.note.strip(),
                         rows=rows, action="calendar.file.import")


def package_exceptions(year: int) -> dict[dt.date, tuple[bool, str]]:
    """``year``'s exceptions as carried by the installed ``chinesecalendar``; empty if it does not know the year."""
    from chinese_calendar import constants

    rows: dict[dt.date, tuple[bool, str]] = {}
    for day, holiday in constants.holidays.items():
        if day.year == year and day.weekday() < 5:
            rows[day] = (False, PACKAGE_HOLIDAY_NAMES.get(holiday, holiday))
    for day, holiday in constants.workdays.items():
        if day.year == year and day.weekday() >= 5:
            rows[day] = (True, PACKAGE_HOLIDAY_NAMES.get(holiday, holiday) + "调休上班")
    return rows


def calendar_import_package(*, actor, years: Iterable[int]) -> list[CalendarImportResult]:
    """(Re)import whole years from the installed ``chinesecalendar`` (after upgrading it, for a newly published year).
    A year the package does not carry is refused and nothing is imported."""
    years = sorted(set(years))
    for year in years:
        _validate_year(year)
    data = {year: package_exceptions(year) for year in years}
    unknown = [year for year, rows in data.items() if not rows]
    if unknown:
        from importlib.metadata import version

        raise DomainError(f"已安装的 chinesecalendar {version('chinesecalendar')} 不含 "
                          f"{'、'.join(map(str, unknown))} 年的安排，请改用文件导入。", field="year")
    with transaction.atomic():
        return [_replace_year(actor=actor, year=year, source=CalendarSource.PACKAGE,
                              note="国务院办公厅历年部分节假日安排（chinesecalendar 软件包）", rows=data[year],
                              action="calendar.package.import") for year in years]


# --- Deadline settings ----------------------------------------------------------------------------------------------


def _configurable_rule(code: str):
    rule = RULES.get(code)
    if rule is None:
        raise UnknownRule(code)
    if not rule.configurable:
        raise DomainError(f"“{rule.name}”由法律规定（{rule.basis}），不能修改。", field="code")
    return rule


def _setting_dict(setting: DeadlineSetting | None) -> dict | None:
    if setting is None:
        return None
    return {"code": setting.code, "amount": setting.amount, "note": setting.note}


def deadline_setting_set(*, actor, code: str, amount: int, note: str = "") -> DeadlineSetting:
    """Set the province's figure for a deadline the law leaves open; applies to the next computation."""
    rule = _configurable_rule(code)
    if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= amount <= CONFIGURABLE_MAX:
        raise DomainError(f"“{rule.name}”的期限数值应为 1 至 {CONFIGURABLE_MAX} 之间的整数。", field="amount")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(f"说明不能超过 {NOTE_MAX} 个字。", field="note")
    with transaction.atomic():
        _require_change(actor)
        existing = DeadlineSetting.objects.select_for_update().filter(code=code).first()
        before = _setting_dict(existing)
        setting = existing or DeadlineSetting(code=code)
        setting.amount, setting.note = amount, note
        setting.save()
        audit_record(actor=actor, action="calendar.setting.set", obj=setting, before=before,
                     after=_setting_dict(setting))
    return setting


def deadline_setting_reset(*, actor, code: str) -> None:
    """Drop the province's figure: the default in the code applies again."""
    with transaction.atomic():
        _require_change(actor)
        setting = DeadlineSetting.objects.select_for_update().filter(code=code).first()
        if setting is None:
            raise DomainError("该期限没有本省设置，已在使用默认值。", field="code")
        audit_record(actor=actor, action="calendar.setting.reset", obj=setting, before=_setting_dict(setting),
                     after=None)
        setting.delete()
