"""Batch work in the approval queues (issue 15 §2; docs/decisions/0049): approve several cases at once, export or print
the chosen items.

A batch approval is the same act performed case by case through ``services.act_perform``: every case's guards,
checks and permissions apply, each case commits or is refused on its own (nothing half-done within a case), and the
result names, case by case, what was done and why a case was refused. Only an act that asks the approver for nothing
case by case may be batch-approved (``batchable``): decided from the act's own definition, never from a list of act
codes. Repeating a batch (the same ``batch_key``) performs nothing twice.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone

from yuezhifa.core.errors import DomainError, NotAllowed

from . import services
from .engine import CaseLog
from .models import Act, Case
from .permissions import acting_roles
from .procedures.dsl import HEAD, ActSpec

MAX_BATCH = 50


@functools.cache
def per_case_input(spec: ActSpec) -> tuple[str, ...]:
    """What ``spec`` asks case by case (empty: nothing, the act may be batch-approved): a required field of its form,
    officers to name, a position, the party restated, a review of the file, a correction or a recusal. Read from the
    act's definition (docs/decisions/0049)."""
    needs = []
    if spec.fields is not None:
        serializer = spec.fields()
        needs += [str(field.label or name) for name, field in serializer.fields.items()
                  if field.required and not field.read_only]
    if spec.officers:
        needs.append("执法人员")
    if spec.gps_required:
        needs.append("定位")
    if spec.carries_party:
        needs.append("当事人")
    if spec.reviews:
        needs.append("审核意见")
    if spec.correction or spec.recusal:
        needs.append("更正或回避事项")
    return tuple(dict.fromkeys(needs))


def batchable(spec: ActSpec) -> bool:
    """An approval (``queue``) that asks nothing case by case."""
    return bool(spec.queue) and not per_case_input(spec)


@dataclass(frozen=True)
class BatchResult:
    case_id: str
    number: str
    cause: str
    ok: bool
    message: str
    act: str = ""
    seq: int | None = None


def _act_for(case: Case, roles: set[str]) -> tuple[ActSpec | None, str]:
    """The batchable approval ``case`` waits on for a head, or None with the Chinese reason it has none."""
    if HEAD not in roles:
        return None, "您不是该案件办案主体的负责人，不能审批。"
    log = CaseLog(case, list(Act.objects.filter(case=case).order_by("seq")))
    waiting = [a.spec for a in log.next_acts() if a.allowed and a.spec.queue and HEAD in a.spec.roles]
    if not waiting:
        return None, "该案件当前没有待负责人审批的事项。"
    fit = [spec for spec in waiting if batchable(spec)]
    if not fit:
        spec = waiting[0]
        return None, (f"“{spec.queue}”（{spec.name}）须逐案填写{'、'.join(per_case_input(spec))}，不能批量审批，"
                      "请打开案件办理。")
    if len(fit) > 1:
        return None, f"该案件同时待{'、'.join(s.queue for s in fit)}，请打开案件分别办理。"
    return fit[0], ""


def batch_approve(*, actor, case_ids, batch_key: str = "") -> list[BatchResult]:
    """Approve each of ``case_ids`` (at most ``MAX_BATCH``) with the one batchable approval it waits on, as ``actor``
    (a head), each in its own transaction. ``batch_key`` makes the batch idempotent: with the same key a case already
    approved by this batch is reported as done, never approved twice."""
    from .views import roles_of

    if HEAD not in roles_of(actor):
        raise NotAllowed("只有负责人可以批量审批。")
    ids = list(dict.fromkeys(str(pk) for pk in case_ids if str(pk).strip()))
    if not ids:
        raise DomainError("请至少选择一件案件。", field="ids")
    if len(ids) > MAX_BATCH:
        raise DomainError(f"一次最多批量审批 {MAX_BATCH} 件（本次 {len(ids)} 件）。", field="ids")
    visible = {}
    for pk in ids:
        try:
            uuid.UUID(pk)
        except ValueError:
            continue
        visible[pk] = None
    for case in Case.objects.restrict(actor, "view").filter(pk__in=list(visible)):
        visible[str(case.pk)] = case
    now = timezone.now()
    results = []
    for pk in ids:
        case = visible.get(pk)
        if case is None:
            results.append(BatchResult(pk, "", "", False, "未找到该案件，或您无权查看。"))
            continue
        results.append(_approve_one(actor, case, batch_key, now))
    return results


def _approve_one(actor, case: Case, batch_key: str, now: datetime.datetime) -> BatchResult:
    label = case.number or ""
    key = f"batch:{batch_key}:{case.pk}"[:100] if batch_key else ""
    if key:
        from .models import IdempotencyKey

        done = IdempotencyKey.objects.filter(user=actor, key=key).select_related("act").first()
        if done is not None and done.act is not None:
            return BatchResult(str(case.pk), label, case.cause, True, f"已于本批次办理“{done.act.name}”（第 "
                                                                      f"{done.act.seq} 项）。", done.act.code,
                               done.act.seq)
    spec, problem = _act_for(case, acting_roles(actor, case))
    if spec is None:
        return BatchResult(str(case.pk), label, case.cause, False, problem)
    try:
        act = services.act_perform(actor=actor, case=case, code=spec.code, data={}, performed_at=now,
                                   idempotency_key=key)
    except services.Replayed as replay:
        act = replay.record.act
        return BatchResult(str(case.pk), label, case.cause, True, f"已于本批次办理“{act.name}”。", act.code, act.seq)
    except (DomainError, DjangoValidationError) as exc:
        message = getattr(exc, "message", None) or "；".join(getattr(exc, "messages", [])) or str(exc)
        return BatchResult(str(case.pk), label, case.cause, False, str(message))
    return BatchResult(str(case.pk), case.number or label, case.cause, True, f"已办理“{spec.name}”（{spec.queue}）。",
                       spec.code, act.seq)
