"""Training of enforcement officers (办法 第39条): courses, attendance with the hours credited, exam results, and each
officer's yearly hours against the annual minimum (``conf.annual_min_hours``).

Every write is one transaction, permission-checked (the administrators whose scope covers the course's body or the
officer's body) and audited.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed

from ..models import EnforcementBody, Officer, TrainingCategory, TrainingCourse, TrainingRecord
from ..permissions import require

MAX_HOURS = Decimal("9999")


def course_snapshot(course: TrainingCourse) -> dict:
    return {"title": course.title, "organiser": course.organiser, "category": course.category,
            "hours": str(course.hours), "start_date": course.start_date.isoformat(),
            "end_date": course.end_date.isoformat(), "has_exam": course.has_exam,
            "pass_score": None if course.pass_score is None else str(course.pass_score), "body": str(course.body_id)}


def record_snapshot(record: TrainingRecord) -> dict:
    return {"officer": str(record.officer_id), "course": str(record.course_id), "hours": str(record.hours),
            "exam_date": record.exam_date.isoformat() if record.exam_date else None,
            "exam_score": None if record.exam_score is None else str(record.exam_score),
            "exam_passed": record.exam_passed, "note": record.note}


def to_decimal(value, *, field: str, label: str) -> Decimal | None:
    """A number typed by a user (text, int, float or Decimal) as a Decimal with one decimal place; blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是有效的数字。", field=field) from None
    if not number.is_finite():
        raise DomainError(f"{label}“{value}”不是有效的数字。", field=field)
    if number != number.quantize(Decimal("0.1")):
        raise DomainError(f"{label}最多保留一位小数。", field=field)
    return number.quantize(Decimal("0.1"))


def _validate_course(course: TrainingCourse) -> None:
    if not course.title:
        raise DomainError("培训名称不能为空。", field="title")
    if not course.organiser:
        raise DomainError("主办单位不能为空。", field="organiser")
    if course.category not in TrainingCategory.values:
        raise DomainError(f"未知的培训类别：{course.category}。", field="category")
    if course.hours is None or course.hours <= 0 or course.hours > MAX_HOURS:
        raise DomainError("学时须大于 0。", field="hours")
    if course.end_date < course.start_date:
        raise DomainError("结束日期不能早于开始日期。", field="end_date")
    if course.pass_score is not None:
        if not course.has_exam:
            raise DomainError("未设考试的培训不能填写合格分数线。", field="pass_score")
        if not Decimal(0) <= course.pass_score <= Decimal(100):
            raise DomainError("合格分数线须在 0 到 100 之间。", field="pass_score")
    clash = TrainingCourse.objects.filter(title=course.title, organiser=course.organiser,
                                          start_date=course.start_date, end_date=course.end_date)
    if clash.exclude(pk=course.pk).exists():
        raise DomainError(f"“{course.title}”（{course.organiser}，{course.start_date.isoformat()} 至 "
                          f"{course.end_date.isoformat()}）已登记，请直接在该课程下添加培训记录。", field="title")


@transaction.atomic
def training_course_create(*, actor, title: str, organiser: str, category: str, hours, start_date: datetime.date,
                           end_date: datetime.date, body: EnforcementBody | None = None, has_exam: bool = False,
                           pass_score=None, description: str = "") -> TrainingCourse:
    """Register a course, kept by ``body`` (default: the actor's own body)."""
    body = body or getattr(actor, "body", None)
    if body is None:
        raise DomainError("请指定登记单位。", field="body")
    require(actor, "change", body)
    course = TrainingCourse(title=(title or "").strip()[:200], organiser=(organiser or "").strip()[:200],
                            category=category, hours=to_decimal(hours, field="hours", label="学时"),
                            start_date=start_date, end_date=end_date, has_exam=bool(has_exam) or pass_score not in
                            (None, ""), pass_score=to_decimal(pass_score, field="pass_score", label="合格分数线"),
                            body=body, description=(description or "").strip())
    _validate_course(course)
    course.save(force_insert=True)
    audit_record(actor=actor, action="org.training.course_create", obj=course, after=course_snapshot(course))
    return course


@transaction.atomic
def training_course_update(*, actor, course: TrainingCourse, **changes) -> TrainingCourse:
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    require(actor, "change", course)
    allowed = {"title", "organiser", "category", "hours", "start_date", "end_date", "has_exam", "pass_score",
               "description"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    before = course_snapshot(course)
    for name, value in changes.items():
        if name in ("hours", "pass_score"):
            value = to_decimal(value, field=name, label="学时" if name == "hours" else "合格分数线")
        elif isinstance(value, str):
            value = value.strip()
        setattr(course, name, value)
    _validate_course(course)
    over = course.records.filter(hours__gt=course.hours).count()
    if over:
        raise DomainError(f"已有 {over} 条培训记录的认定学时超过 {course.hours} 学时，不能调低课程学时。", field="hours")
    course.save()
    audit_record(actor=actor, action="org.training.course_update", obj=course, before=before,
                 after=course_snapshot(course))
    return course


def _exam(course: TrainingCourse, exam_date, exam_score, exam_passed) -> tuple:
    """The exam result as stored: the date defaults to the course's last day; with a pass mark the result follows
    the score, and a stated result that contradicts it is refused."""
    score = to_decimal(exam_score, field="exam_score", label="考试成绩")
    if score is None and exam_passed is None:
        if exam_date:
            raise DomainError("填写考试日期时须同时填写考试成绩或考试结果。", field="exam_passed")
        return None, None, None
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        raise DomainError("考试成绩须在 0 到 100 之间。", field="exam_score")
    if score is not None and course.pass_score is not None:
        derived = score >= course.pass_score
        if exam_passed is not None and bool(exam_passed) != derived:
            raise DomainError(f"成绩 {score} 分与考试结果不符：合格分数线为 {course.pass_score} 分。",
                              field="exam_passed")
        exam_passed = derived
    if exam_passed is None:
        raise DomainError("该培训未设合格分数线，请填写考试结果（合格或不合格）。", field="exam_passed")
    exam_date = exam_date or course.end_date
    if exam_date < course.start_date:
        raise DomainError("考试日期不能早于培训开始日期。", field="exam_date")
    return exam_date, score, bool(exam_passed)


def _hours(course: TrainingCourse, hours) -> Decimal:
    value = to_decimal(hours, field="hours", label="认定学时")
    if value is None:
        return course.hours
    if value < 0:
        raise DomainError("认定学时不能为负。", field="hours")
    if value > course.hours:
        raise DomainError(f"认定学时不能超过课程学时 {course.hours}。", field="hours")
    return value


@transaction.atomic
def training_record_add(*, actor, officer: Officer, course: TrainingCourse, hours=None,
                        exam_date: datetime.date | None = None, exam_score=None, exam_passed: bool | None = None,
                        note: str = "") -> TrainingRecord:
    """Record that ``officer`` attended ``course``: the hours credited (default the course's hours) and, where there
    was an exam, its result."""
    require(actor, "change", officer)
    if not TrainingCourse.objects.filter(pk=course.pk).restrict(actor, "view").exists():
        raise NotAllowed("您无权使用该培训课程。")
    if TrainingRecord.objects.filter(officer=officer, course=course).exists():
        raise DomainError(f"{officer.name} 已有“{course.title}”的培训记录。", field="officer")
    exam_date, score, passed = _exam(course, exam_date, exam_score, exam_passed)
    record = TrainingRecord(officer=officer, course=course, hours=_hours(course, hours), exam_date=exam_date,
                            exam_score=score, exam_passed=passed, note=(note or "").strip()[:200])
    record.save(force_insert=True)
    audit_record(actor=actor, action="org.training.record_add", obj=record,
                 object_repr=f"{officer.name} · {course.title}"[:300], after=record_snapshot(record))
    return record


@transaction.atomic
def training_record_update(*, actor, record: TrainingRecord, reason: str, **changes) -> TrainingRecord:
    """Correct a record's hours, exam result or note, with the reason for the correction (audited)."""
    record = TrainingRecord.objects.select_for_update().select_related("course", "officer").get(pk=record.pk)
    require(actor, "change", record.officer)
    allowed = {"hours", "exam_date", "exam_score", "exam_passed", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    if not (reason or "").strip():
        raise DomainError("修改培训记录必须写明理由。", field="reason")
    before = record_snapshot(record)
    if "hours" in changes:
        record.hours = _hours(record.course, changes["hours"])
    if {"exam_date", "exam_score", "exam_passed"} & set(changes):
        record.exam_date, record.exam_score, record.exam_passed = _exam(
            record.course, changes.get("exam_date", record.exam_date), changes.get("exam_score", record.exam_score),
            changes.get("exam_passed", None if "exam_score" in changes else record.exam_passed))
    if "note" in changes:
        record.note = (changes["note"] or "").strip()[:200]
    record.save()
    audit_record(actor=actor, action="org.training.record_update", obj=record,
                 object_repr=f"{record.officer.name} · {record.course.title}"[:300], before=before,
                 after={**record_snapshot(record), "reason": reason.strip()[:200]})
    return record
