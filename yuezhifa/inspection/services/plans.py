"""Annual inspection plans (年度行政检查计划) and the matching of plans of different bodies into one visit (综合查一次),
LEGAL.md §4; 国办发〔2024〕54号; 粤府办〔2025〕15号; docs/decisions/0039.

- A plan is drafted by an officer or the head of its body, lists published inspection items only (清单之外无检查)
  and runs within its year. A special plan (专项检查计划) carries its approving document; one deployed from above
  (上级部署) names the deploying body, which must be above the planning body (its path a prefix of the body's).
- The head of the body approves; the plan is then published. A routine plan of year Y approved after the configured
  due date (default 31 March of Y, ``settings.YZF_INSPECTION_PLAN_DUE``) is recorded as late and shown as such.
- Drawn subjects of plans of different bodies whose periods overlap are proposed as joint visits; a head of one of
  the bodies agrees to lead, or declines.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed

from ..models import DrawnSubject, ItemProfile, JointVisit, JointVisitStatus, Plan, PlanKind, PlanStatus

BASIS_PLAN = "国办发〔2024〕54号（严格规范涉企行政检查）、粤府办〔2025〕15号：年度行政检查计划经负责人批准后公示"
BASIS_SPECIAL = "国办发〔2024〕54号：专项检查须经批准，并记录批准或部署文件"
BASIS_JOINT = "国办发〔2024〕54号：同一检查对象的多项检查“综合查一次”"
LIVE = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)


def plan_due_date(year: int) -> datetime.date:
    """The date by which a routine annual plan of ``year`` should be approved (configurable, default 31 March)."""
    month, day = (int(x) for x in str(settings.YZF_INSPECTION_PLAN_DUE).split("-"))
    return datetime.date(year, month, day)


def _allowed(user, plan: Plan, action: str) -> bool:
    return Plan.objects.restrict(user, action).filter(pk=plan.pk).exists()


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _snapshot(plan: Plan) -> dict:
    return {"status": plan.status, "title": plan.title, "year": plan.year, "kind": plan.kind,
            "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
            "basis_document": plan.basis_document, "from_above": plan.from_above,
            "deployed_by": str(plan.deployed_by_id or ""), "late": plan.late}


@transaction.atomic
def plan_create(*, actor, body, year: int, title: str, profiles, period_start: datetime.date,
                period_end: datetime.date, kind: str = PlanKind.ROUTINE, basis_document: str = "",
                from_above: bool = False, deployed_by=None) -> Plan:
    title = (title or "").strip()
    if not title:
        raise DomainError("请填写检查计划名称。", field="title")
    if kind not in PlanKind.values:
        raise DomainError("检查计划类别只能是日常检查计划或专项检查计划。", field="kind")
    if not (2000 <= int(year) <= 2100):
        raise DomainError("年度无效。", field="year")
    if period_end < period_start:
        raise DomainError("实施期间止不得早于实施期间起。", field="period_end")
    if period_start.year != year or period_end.year != year:
        raise DomainError(f"实施期间须在计划年度 {year} 年之内（年度检查计划）。", field="period_start")
    profiles = list(profiles)
    if not profiles:
        raise DomainError("请至少选择一项检查事项。", field="items")
    ids = [p.pk for p in profiles]
    published = set(ItemProfile.objects.filter(pk__in=ids, published_at__isnull=False).values_list("pk", flat=True))
    unpublished = [str(p) for p in profiles if p.pk not in published]
    if unpublished:
        raise DomainError(f"检查事项“{'、'.join(unpublished)}”未公示，不得列入检查计划（清单之外无检查，国办发〔2024〕54号）。",
                          field="items")
    basis_document = (basis_document or "").strip()
    if kind == PlanKind.SPECIAL and not basis_document:
        raise DomainError(f"专项检查计划须填写批准文件名称及文号（{BASIS_SPECIAL}）。", field="basis_document")
    if from_above:
        if kind != PlanKind.SPECIAL:
            raise DomainError("只有专项检查计划可以是上级部署。", field="from_above")
        if deployed_by is None:
            raise DomainError("上级部署的专项检查须填写部署机关。", field="deployed_by")
        if deployed_by.pk == body.pk or not body.path.startswith(deployed_by.path):
            raise DomainError(f"部署机关“{deployed_by}”不是“{body}”的上级机关；上级部署的专项检查不计入频次上限，"
                              "须由上级机关部署。", field="deployed_by")
    elif deployed_by is not None:
        raise DomainError("非上级部署的检查计划不填写部署机关。", field="deployed_by")
    plan = Plan.objects.create(body=body, year=year, kind=kind, title=title, period_start=period_start,
                               period_end=period_end, basis_document=basis_document, from_above=from_above,
                               deployed_by=deployed_by if from_above else None)
    plan.items.set(profiles)
    if not _allowed(actor, plan, "draft"):
        raise NotAllowed(f"只有“{body}”的执法人员或负责人可以起草该机关的检查计划。")
    audit_record(actor=actor, action="inspection.plan.create", obj=plan, after=_snapshot(plan))
    return plan


@transaction.atomic
def plan_approve(*, actor, plan: Plan) -> Plan:
    plan = _lock(plan)
    if not _allowed(actor, plan, "approve"):
        raise NotAllowed(f"检查计划由“{plan.body}”的负责人批准（{BASIS_PLAN}）。")
    if plan.status != PlanStatus.DRAFT:
        raise Conflict(f"检查计划当前状态为“{plan.get_status_display()}”，只有草稿可以批准。")
    before = _snapshot(plan)
    now = timezone.now()
    plan.status, plan.approved_by, plan.approved_at = PlanStatus.APPROVED, actor, now
    if plan.kind == PlanKind.ROUTINE:
        plan.due_date = plan_due_date(plan.year)
        plan.late = timezone.localdate(now) > plan.due_date
    plan.save(update_fields=["status", "approved_by", "approved_at", "due_date", "late", "updated_at"])
    audit_record(actor=actor, action="inspection.plan.approve", obj=plan, before=before, after=_snapshot(plan))
    return plan


@transaction.atomic
def plan_publish(*, actor, plan: Plan) -> Plan:
    plan = _lock(plan)
    if not _allowed(actor, plan, "draft"):
        raise NotAllowed(f"只有“{plan.body}”的执法人员或负责人可以公示该机关的检查计划。")
    if plan.status != PlanStatus.APPROVED:
        raise Conflict(f"检查计划须先经负责人批准才能公示（{BASIS_PLAN}）。")
    plan.status, plan.published_at = PlanStatus.PUBLISHED, timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="inspection.plan.publish", obj=plan, after=_snapshot(plan))
    match_joint_visits(plan)
    return plan


@transaction.atomic
def plan_withdraw(*, actor, plan: Plan, reason: str) -> Plan:
    plan = _lock(plan)
    if not _allowed(actor, plan, "approve"):
        raise NotAllowed(f"撤回检查计划须由“{plan.body}”的负责人决定。")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写撤回理由。", field="reason")
    if plan.status == PlanStatus.WITHDRAWN:
        raise Conflict("检查计划已撤回。")
    before = _snapshot(plan)
    plan.status, plan.withdrawn_at, plan.withdrawn_reason = PlanStatus.WITHDRAWN, timezone.now(), reason[:300]
    plan.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    JointVisit.objects.filter(plans=plan, status=JointVisitStatus.PROPOSED).update(
        status=JointVisitStatus.DECLINED, decline_reason=f"检查计划“{plan.title}”已撤回")
    audit_record(actor=actor, action="inspection.plan.withdraw", obj=plan, before=before,
                 after={**_snapshot(plan), "reason": plan.withdrawn_reason})
    return plan


# --- 综合查一次 -------------------------------------------------------------------------------------------------

def match_joint_visits(plan: Plan) -> list[JointVisit]:
    """Propose a joint visit for each subject drawn for ``plan`` that a live plan of another body, with an
    overlapping period, has also drawn. An open proposal (or agreed visit) of the subject whose period overlaps is
    extended with the plans instead of a second one being made. Runs inside the caller's transaction."""
    if plan.status not in LIVE:
        return []
    mine = DrawnSubject.objects.filter(draw__plan=plan).values("subject_id")
    others = (DrawnSubject.objects.filter(subject_id__in=mine, draw__plan__status__in=LIVE,
                                          draw__plan__period_start__lte=plan.period_end,
                                          draw__plan__period_end__gte=plan.period_start)
              .exclude(draw__plan__body_id=plan.body_id)
              .values_list("subject_id", "draw__plan_id", "draw__plan__period_start", "draw__plan__period_end")
              .distinct())
    by_subject: dict = {}
    for subject_id, plan_id, start, end in others:
        by_subject.setdefault(subject_id, {})[plan_id] = (start, end)
    made = []
    for subject_id, plans in by_subject.items():
        start = max([plan.period_start, *(s for s, _e in plans.values())])
        end = min([plan.period_end, *(e for _s, e in plans.values())])
        if end < start:  # each overlaps this plan, not necessarily one another: the common part of this one and each
            start, end = plan.period_start, plan.period_end
        joint = (JointVisit.objects.filter(subject_id=subject_id, status__in=[JointVisitStatus.PROPOSED,
                                                                            JointVisitStatus.AGREED],
                                           period_start__lte=plan.period_end, period_end__gte=plan.period_start)
                 .order_by("period_start").first())
        if joint is None:
            joint = JointVisit.objects.create(subject_id=subject_id, period_start=start, period_end=end)
        joint.plans.add(plan, *plans.keys())
        made.append(joint)
    return made


def _lock_joint(joint: JointVisit) -> JointVisit:
    return JointVisit.objects.select_for_update().get(pk=joint.pk)


@transaction.atomic
def joint_visit_agree(*, actor, joint: JointVisit) -> JointVisit:
    """A head of one of the bodies agrees that their body leads the joint visit (牵头)."""
    if not JointVisit.objects.restrict(actor, "agree").filter(pk=joint.pk).exists():
        raise NotAllowed(f"综合查一次由所涉检查计划的制定机关负责人商定（{BASIS_JOINT}）。")
    joint = _lock_joint(joint)
    if joint.status != JointVisitStatus.PROPOSED:
        raise Conflict(f"该综合查一次已“{joint.get_status_display()}”。")
    joint.status, joint.lead_body, joint.agreed_at, joint.decided_by = (
        JointVisitStatus.AGREED, actor.body, timezone.now(), actor)
    joint.save(update_fields=["status", "lead_body", "agreed_at", "decided_by", "updated_at"])
    audit_record(actor=actor, action="inspection.joint.agree", obj=joint,
                 after={"lead_body": str(actor.body), "plans": [str(p.pk) for p in joint.plans.all()]})
    return joint


@transaction.atomic
def joint_visit_decline(*, actor, joint: JointVisit, reason: str) -> JointVisit:
    if not JointVisit.objects.restrict(actor, "agree").filter(pk=joint.pk).exists():
        raise NotAllowed(f"综合查一次由所涉检查计划的制定机关负责人商定（{BASIS_JOINT}）。")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写不合并的理由。", field="reason")
    joint = _lock_joint(joint)
    if joint.status != JointVisitStatus.PROPOSED:
        raise Conflict(f"该综合查一次已“{joint.get_status_display()}”。")
    joint.status, joint.decline_reason, joint.decided_by = JointVisitStatus.DECLINED, reason[:300], actor
    joint.save(update_fields=["status", "decline_reason", "decided_by", "updated_at"])
    audit_record(actor=actor, action="inspection.joint.decline", obj=joint, after={"reason": joint.decline_reason})
    return joint


__all__ = ["joint_visit_agree", "joint_visit_decline", "match_joint_visits", "plan_approve", "plan_create",
           "plan_due_date", "plan_publish", "plan_withdraw"]
