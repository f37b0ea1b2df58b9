"""The inspected subject's own page and what it leaves there (LEGAL.md §4; 国办发〔2024〕54号; 深府规〔2025〕6号;
docs/decisions/0041).

* ``enterprise_page(token)``: without an account, by the subject's signed token (``inspection.links``): its inspections
  this year across all bodies (the 检查台账 ``inspection.Visit``) with each one's public facts read through
  ``cases.selectors.inspection_public_facts`` (body, date, officers with certificate number and validity, items,
  result). Nothing of other parties, no identity numbers or phones.
* ``feedback_submit``: an evaluation of a visit (满意度 1-5, once per visit, after the officers checked in) or a
  complaint (any time), stored as ``InspectionFeedback``. They go to the supervisors only (``permissions``); a
  complaint raises the ``inspection_complaint`` alert (``alerts``) until a supervisor handles it.
* ``feedback_handle``: a supervisor whose jurisdiction covers the inspecting body marks a complaint handled with a
  note (audited); the alert is then resolved.
* ``feedback_list``: the supervisors' list with filters; text and contact masked in the list (``core.masking``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.cases.models import Case
from yuezhifa.cases.selectors import inspection_public_facts
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.masking import mask_contact, mask_text
from yuezhifa.inspection.links import subject_id_from
from yuezhifa.inspection.models import Subject, Visit
from yuezhifa.inspection.selectors.caps import visits_of_subject

from .models import FeedbackKind, InspectionFeedback

BASIS = "国办发〔2024〕54号《国务院办公厅关于严格规范涉企行政检查的意见》；深府规〔2025〕6号（行政执法监督码）"
TEXT_MAX = 1000
CONTACT_MAX = 100
NOTE_MAX = 1000
SCORES = [(5, "5 非常满意"), (4, "4 满意"), (3, "3 一般"), (2, "2 不满意"), (1, "1 非常不满意")]


@dataclass
class VisitRow:
    case_id: uuid.UUID
    on: object
    body: str
    number: str
    officers: list
    items: list
    result: str
    joint: bool
    on_site: bool
    can_evaluate: bool
    evaluated: bool
    can_complain: bool


def _subject(token: str) -> Subject | None:
    pk = subject_id_from(token)
    return Subject.objects.filter(pk=pk).first() if pk is not None else None


def enterprise_page(token: str, *, year: int | None = None) -> dict | None:
    """The subject's page for ``token``, or None for a bad or forged token (the view answers 404)."""
    subject = _subject(token)
    if subject is None:
        return None
    year = year or timezone.localdate().year
    visits = list(visits_of_subject(subject, year))
    facts = inspection_public_facts([v.case_id for v in visits])
    evaluated = set(InspectionFeedback.objects.filter(kind=FeedbackKind.EVALUATION, subject=subject,
                                                      case_id__in=[v.case_id for v in visits])
                    .values_list("case_id", flat=True))
    rows = []
    for visit in visits:
        fact = facts.get(visit.case_id)
        rows.append(VisitRow(
            case_id=visit.case_id, on=visit.on, body=visit.body.name, number=(fact or {}).get("number", ""),
            officers=(fact or {}).get("officers", []),
            items=[i["name"] for i in fact["items"]] if fact else [p.item.name for p in visit.items.all()],
            result=fact["result"] if fact else "—", joint=visit.joint_visit_id is not None, on_site=visit.on_site,
            can_evaluate=bool(fact and fact["checked_in"]) and visit.case_id not in evaluated,
            evaluated=visit.case_id in evaluated, can_complain=fact is not None))
    return {"subject": subject.name, "year": year, "visits": rows, "scores": SCORES, "basis": BASIS,
            "evaluable": any(r.can_evaluate for r in rows), "complainable": any(r.can_complain for r in rows)}


def _visit(subject: Subject, case_id) -> Visit:
    try:
        pk = uuid.UUID(str(case_id))
    except ValueError:
        raise DomainError("请选择要评价或者投诉的检查。", field="case") from None
    visit = Visit.objects.select_related("body").filter(subject=subject, case_id=pk).first()
    if visit is None or not Case.objects.filter(pk=pk).exists():
        raise DomainError("该检查不是对本企业的检查。", field="case")
    return visit


@transaction.atomic
def feedback_submit(*, token: str, case_id, kind: str, score=None, text: str = "",
                    contact: str = "") -> InspectionFeedback:
    """Store an evaluation or a complaint left on the subject's page (no account: the token is the authority)."""
    subject = _subject(token)
    if subject is None:
        raise NotAllowed("链接无效。")
    if kind not in FeedbackKind.values:
        raise DomainError("请选择评价或者投诉。", field="kind")
    visit = _visit(subject, case_id)
    text, contact = (text or "").strip(), (contact or "").strip()
    if len(text) > TEXT_MAX:
        raise DomainError(f"内容不能超过{TEXT_MAX}字。", field="text")
    if len(contact) > CONTACT_MAX:
        raise DomainError(f"联系方式不能超过{CONTACT_MAX}字。", field="contact")
    if kind == FeedbackKind.EVALUATION:
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise DomainError("请选择满意度（1至5）。", field="score")
        fact = inspection_public_facts([visit.case_id]).get(visit.case_id)
        if not fact or not fact["checked_in"]:
            raise DomainError("检查人员到场签到后才能评价该次检查。", field="case")
        if InspectionFeedback.objects.filter(kind=kind, case_id=visit.case_id).exists():
            raise DomainError(f"已经评价过该次检查，每次检查只能评价一次（{BASIS}）。", field="case")
    else:
        score = None
        if len(text) < 4:
            raise DomainError("请填写投诉的内容。", field="text")
    try:
        with transaction.atomic():
            feedback = InspectionFeedback.objects.create(kind=kind, subject=subject, case_id=visit.case_id,
                                                         body=visit.body, score=score, text=text, contact=contact)
    except IntegrityError:
        raise DomainError(f"已经评价过该次检查，每次检查只能评价一次（{BASIS}）。", field="case") from None
    audit_record(actor=None, action=f"supervision.feedback.{kind}", obj=feedback,
                 after={"case": str(visit.case_id), "body": str(visit.body_id), "score": score})
    if kind == FeedbackKind.COMPLAINT:
        from .alerts import evaluate_alerts

        evaluate_alerts(on=timezone.localdate(), cases=[visit.case_id])
    return feedback


@transaction.atomic
def feedback_handle(*, actor, feedback: InspectionFeedback, note: str) -> InspectionFeedback:
    """A supervisor marks a complaint handled, with what was done (处理情况); the complaint's alert is resolved."""
    if not InspectionFeedback.objects.restrict(actor, "handle").filter(pk=feedback.pk).exists():
        raise NotAllowed("只有对检查机关有监督权限的监督人员可以处理该投诉。")
    feedback = InspectionFeedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.kind != FeedbackKind.COMPLAINT:
        raise DomainError("只有投诉需要标记处理。", field="kind")
    if feedback.handled_at is not None:
        raise DomainError("该投诉已经处理。", field="note")
    note = (note or "").strip()
    if len(note) < 4:
        raise DomainError("请填写处理情况。", field="note")
    if len(note) > NOTE_MAX:
        raise DomainError(f"处理情况不能超过{NOTE_MAX}字。", field="note")
    feedback.handled_at, feedback.handled_by, feedback.handled_note = timezone.now(), actor, note
    feedback.save(update_fields=["handled_at", "handled_by", "handled_note", "updated_at"])
    audit_record(actor=actor, action="supervision.feedback.handle", obj=feedback, before={"handled": False},
                 after={"handled": True, "note": note})
    from .alerts import evaluate_alerts

    evaluate_alerts(on=timezone.localdate(), cases=[feedback.case_id])
    return feedback


def feedback_list(user, *, kind: str = "", handled: str = "", score: str = "") -> QuerySet:
    """The evaluations and complaints ``user`` may see (the supervisors of the inspecting body), filtered; a bad
    filter is a DomainError naming it."""
    qs = InspectionFeedback.objects.restrict(user, "view").select_related("subject", "body", "case", "handled_by")
    if kind:
        if kind not in FeedbackKind.values:
            raise DomainError("没有该类别。", field="kind")
        qs = qs.filter(kind=kind)
    if handled:
        if handled not in ("yes", "no"):
            raise DomainError("处理状态参数不正确。", field="handled")
        qs = qs.filter(kind=FeedbackKind.COMPLAINT, handled_at__isnull=handled == "no")
    if score:
        if score not in {"1", "2", "3", "4", "5"}:
            raise DomainError("满意度参数不正确。", field="score")
        qs = qs.filter(score=int(score))
    return qs.order_by("-created_at")


def masked(feedback: InspectionFeedback) -> dict:
    """A row of the list: the text and the contact masked."""
    return {"obj": feedback, "text": mask_text(feedback.text), "contact": mask_contact(feedback.contact),
            "note": mask_text(feedback.handled_note)}
