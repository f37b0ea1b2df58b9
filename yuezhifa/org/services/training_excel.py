"""Excel (.xlsx) import and export of training records (办法 第39条), on ``yuezhifa.core.excel``.

One row is one officer's attendance of one course. The course is named by its own columns (name, organiser, dates);
rows naming the same course share it, and a course already registered is reused, so a sign-in sheet of a course can
be uploaded as it is. Import is all or nothing: every row is checked first and every bad row reported by row and
column; a clean file is written through ``training_course_create`` and ``training_record_add`` in one transaction.
Exports mask the ID number like every other export (DESIGN §5.5).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.excel import (
    MAX_BYTES,
    MAX_EXPORT_ROWS,
    MAX_ROWS,
    ExcelColumn,
    ExcelImportError,
    ImportResult,
    Row,
    RowError,
    add_instructions,
    check_export_size,
    new_workbook,
    read_rows,
    run_import,
    save_workbook,
)
from yuezhifa.core.identifiers import validate_resident_id
from yuezhifa.core.masking import mask_id_number

from .. import selectors
from ..models import TrainingCategory, TrainingCourse, TrainingRecord
from .training import to_decimal, training_course_create, training_record_add

__all__ = ["TRAINING_COLUMNS", "ExcelImportError", "training_records_export", "training_records_import", "training_template"]

TRAINING_COLUMNS = (
    ExcelColumn("身份证号码", True, "参训执法人员的 18 位居民身份证号码；须已登记并在您的管理范围内。请保持本列为“文本”格式。",
                field="officer", width=22),
    ExcelColumn("培训名称", True, "同一培训的各行须填写相同的名称、主办单位和日期。", field="title", width=30),
    ExcelColumn("主办单位", True, "举办培训的单位。", field="organiser", width=24),
    ExcelColumn("培训类别", True, "填写类别名称，见“填写说明”。", field="category", width=20),
    ExcelColumn("开始日期", True, "日期，如 2026-03-02。", field="start_date", kind="date", width=14),
    ExcelColumn("结束日期", True, "日期，不早于开始日期；学时计入结束日期所在年度。", field="end_date", kind="date", width=14),
    ExcelColumn("课程学时", True, "该培训的总学时，最多一位小数。", field="course_hours", width=10),
    ExcelColumn("认定学时", False, "选填；不填则按课程学时认定，不能超过课程学时。", field="hours", width=10),
    ExcelColumn("考试日期", False, "选填；填写考试成绩或结果而不填日期的，按结束日期。", field="exam_date", kind="date",
                width=14),
    ExcelColumn("考试成绩", False, "选填，0 至 100 分。", field="exam_score", width=10),
    ExcelColumn("考试结果", False, "选填：合格 或 不合格。", field="exam_passed", width=10),
    ExcelColumn("备注", False, "选填。", field="note", width=20),
)
TRAINING_EXTRA_HEADERS = ("姓名", "所在主体")

_CATEGORIES = {label: value for value, label in TrainingCategory.choices}
_CATEGORIES.update({value: value for value in TrainingCategory.values})
_CATEGORIES.update({"公共法律知识": TrainingCategory.GENERAL_LAW, "综合法律知识": TrainingCategory.GENERAL_LAW,
                    "新法规": TrainingCategory.NEW_LAW, "新法律法规": TrainingCategory.NEW_LAW})
_RESULTS = {"合格": True, "通过": True, "是": True, "不合格": False, "未通过": False, "否": False}


def _require_change_right(actor) -> None:
    if not selectors.body_list(user=actor, action="change").exists():
        raise NotAllowed("您没有维护培训记录的权限。")


def _number(row: Row, header: str, label: str) -> Decimal | None:
    text = row.text(header)
    if not text:
        return None
    try:
        return to_decimal(text, field=header, label=label)
    except DomainError as exc:
        row.error(header, exc.message)
        return None


def training_records_import(*, actor, data: bytes, filename: str) -> ImportResult:
    """Record every attendance of the sheet (layout ``TRAINING_COLUMNS``), registering the courses it names that are
    not yet registered — or record nothing."""
    _require_change_right(actor)
    raw_rows = read_rows(data, filename, TRAINING_COLUMNS, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    errors: list[RowError] = []
    rows = [Row(number, values, TRAINING_COLUMNS, errors) for number, values in raw_rows]
    for row in rows:
        row.id_number = row.identifier("身份证号码", validate_resident_id)
        row.title = row.text("培训名称", 200)
        row.organiser = row.text("主办单位", 200)
        category = row.text("培训类别")
        row.category = _CATEGORIES.get(category) if category else None
        if category and row.category is None:
            row.error("培训类别", f"未知的培训类别“{category}”，可填：{'、'.join(TrainingCategory.labels)}。")
        row.start_date = row.date("开始日期")
        row.end_date = row.date("结束日期")
        if row.start_date and row.end_date and row.end_date < row.start_date:
            row.error("结束日期", "结束日期不能早于开始日期。")
        row.course_hours = _number(row, "课程学时", "课程学时")
        if row.course_hours is not None and row.course_hours <= 0:
            row.error("课程学时", "课程学时须大于 0。")
        row.hours = _number(row, "认定学时", "认定学时")
        if row.hours is not None and row.course_hours is not None and not 0 <= row.hours <= row.course_hours:
            row.error("认定学时", f"认定学时须在 0 到课程学时 {row.course_hours} 之间。")
        row.exam_date = row.optional_date("考试日期")
        row.exam_score = _number(row, "考试成绩", "考试成绩")
        if row.exam_score is not None and not 0 <= row.exam_score <= 100:
            row.error("考试成绩", "考试成绩须在 0 到 100 之间。")
        result = row.text("考试结果")
        row.exam_passed = _RESULTS.get(result) if result else None
        if result and row.exam_passed is None:
            row.error("考试结果", f"“{result}”无法识别，请填写“合格”或“不合格”。")
        row.note = row.text("备注", 200)
        row.key = (row.title, row.organiser, row.start_date, row.end_date) \
            if row.title and row.organiser and row.start_date and row.end_date else None

    # A course is the same wherever the file names it: its category and hours must agree, with the file's first
    # row naming it and with the course as already registered.
    ids = {r.id_number for r in rows if r.id_number}
    officers = {o.id_number: o for o in selectors.officer_list(user=actor, action="change").filter(id_number__in=ids)}
    keys = {r.key for r in rows if r.key}
    titles = {k[0] for k in keys}
    existing = {(c.title, c.organiser, c.start_date, c.end_date): c
                for c in TrainingCourse.objects.filter(title__in=titles)}
    visible = set(selectors.training_course_list(user=actor).filter(pk__in=[c.pk for c in existing.values()])
                  .values_list("pk", flat=True))
    first_row: dict[tuple, Row] = {}
    for row in rows:
        row.officer = officers.get(row.id_number) if row.id_number else None
        if row.id_number and row.officer is None:
            row.error("身份证号码", f"未找到身份证号码为 {mask_id_number(row.id_number)} 的执法人员，或该人员不在您的管理范围内。")
        if row.key is None:
            continue
        course = existing.get(row.key)
        if course is not None:
            if course.pk not in visible:
                row.error("培训名称", "该培训课程已由其他单位登记，您无权使用。")
            if row.category and row.category != course.category:
                row.error("培训类别", f"与已登记的该培训不一致（已登记为“{course.get_category_display()}”）。")
            if row.course_hours is not None and row.course_hours != course.hours:
                row.error("课程学时", f"与已登记的该培训不一致（已登记为 {course.hours} 学时）。")
            if row.hours is not None and row.hours > course.hours:
                row.error("认定学时", f"认定学时不能超过课程学时 {course.hours}。")
        earlier = first_row.setdefault(row.key, row)
        if earlier is not row:
            if row.category and earlier.category and row.category != earlier.category:
                row.error("培训类别", f"与第 {earlier.number} 行同一培训的类别不一致。")
            if row.course_hours is not None and earlier.course_hours is not None \
                    and row.course_hours != earlier.course_hours:
                row.error("课程学时", f"与第 {earlier.number} 行同一培训的课程学时不一致。")
    seen: dict[tuple, int] = {}
    taken = set()
    if existing and officers:
        taken = set(TrainingRecord.objects.filter(course__in=existing.values(), officer__in=officers.values())
                    .values_list("officer_id", "course_id"))
    for row in rows:
        if row.officer is None or row.key is None:
            continue
        pair = (row.officer.pk, row.key)
        if pair in seen:
            row.error("身份证号码", f"与第 {seen[pair]} 行重复：同一人员同一培训只能有一条记录。")
        else:
            seen[pair] = row.number
        course = existing.get(row.key)
        if course is not None and (row.officer.pk, course.pk) in taken:
            row.error("身份证号码", f"{row.officer.name} 已有该培训的记录。")

    courses: dict[tuple, TrainingCourse] = dict(existing)

    def create(row: Row) -> TrainingRecord:
        course = courses.get(row.key)
        if course is None:
            body = getattr(actor, "body", None) or row.officer.body
            course = training_course_create(actor=actor, title=row.title, organiser=row.organiser,
                                            category=row.category, hours=row.course_hours,
                                            start_date=row.start_date, end_date=row.end_date, body=body,
                                            has_exam=row.exam_score is not None or row.exam_passed is not None)
            courses[row.key] = course
        return training_record_add(actor=actor, officer=row.officer, course=course, hours=row.hours,
                                   exam_date=row.exam_date, exam_score=row.exam_score, exam_passed=row.exam_passed,
                                   note=row.note)

    return run_import(actor, rows, errors, TRAINING_COLUMNS, create, "org.training.import", data, filename,
                      "org.trainingrecord")


def training_template() -> bytes:
    workbook, _ = new_workbook("培训记录", TRAINING_COLUMNS)
    extra = [(f"培训类别 {label}", "", "") for label in TrainingCategory.labels]
    add_instructions(workbook, TRAINING_COLUMNS, extra, max_rows=MAX_ROWS)
    return save_workbook(workbook)


def _date(value: datetime.date | None):
    return value if value else None


@transaction.atomic
def training_records_export(*, actor, records: QuerySet, filters: dict | None = None) -> bytes:
    """The records of ``records`` (already restricted by the caller's selector) as .xlsx, the ID number masked."""
    _require_change_right(actor)
    count = check_export_size(records, max_rows=MAX_EXPORT_ROWS)
    workbook, sheet = new_workbook("培训记录", TRAINING_COLUMNS, TRAINING_EXTRA_HEADERS)
    for r in records.select_related("officer", "officer__body", "course"):
        course = r.course
        sheet.append([mask_id_number(r.officer.id_number), course.title, course.organiser,
                      course.get_category_display(), course.start_date, course.end_date, course.hours, r.hours,
                      _date(r.exam_date), r.exam_score,
                      "" if r.exam_passed is None else ("合格" if r.exam_passed else "不合格"), r.note,
                      r.officer.name, r.officer.body.name])
    audit_record(actor=actor, action="org.training.export", object_type="org.trainingrecord",
                 object_repr=f"导出培训记录 {count} 条", after={"rows": count, "filters": filters or {}})
    return save_workbook(workbook)
