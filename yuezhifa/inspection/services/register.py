"""Writing the inspection register (LEGAL.md §4; 国办发〔2024〕54号; docs/decisions/0037): a body's 主体资格, the
inspection items' elements and checklists, and the subject register (检查对象名录库).

Every write checks the actor against the policies of ``inspection.permissions`` (``restrict(user, action)``), runs in
one transaction and leaves an audit entry. A refusal is a ``DomainError`` naming the field.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.core.identifiers import validate_credit_code, validate_resident_id
from yuezhifa.items.models import Item, ItemType
from yuezhifa.items.permissions import can_edit_items
from yuezhifa.items.rules import item_unusable_reason
from yuezhifa.org.models import Division, Domain, EnforcementBody

from ..models import ChecklistPoint, ItemProfile, Method, Qualification, RiskGrade, Subject, SubjectKind
from ..permissions import may_register_in

BASIS_54 = "国办发〔2024〕54号"
"""关于严格规范涉企行政检查的意见: 主体资格, 检查事项 and 频次 are published before any inspection (清单之外无检查)."""


def _allowed(model, obj, actor, action: str) -> bool:
    return model.objects.filter(pk=obj.pk).restrict(actor, action).exists()


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


# --- 主体资格 ---------------------------------------------------------------------------------------------------


def qualification_snapshot(q: Qualification) -> dict:
    return {"body": str(q.body_id), "basis": q.basis, "confirmed_on": _iso(q.confirmed_on),
            "published_at": _iso(q.published_at), "revoked_at": _iso(q.revoked_at), "revoked_reason": q.revoked_reason}


@transaction.atomic
def qualification_confirm(*, actor, body: EnforcementBody, basis: str, confirmed_on: datetime.date | None = None
                          ) -> Qualification:
    """Confirm (or confirm again, after a revocation or to correct the basis) ``body``'s 主体资格 to carry out
    行政检查. Only an administrator of a justice department whose division covers the body, or the province, may.
    A confirmation is not yet published: an unpublished one does not let the body inspect."""
    basis = (basis or "").strip()
    if not basis:
        raise DomainError("请填写主体资格依据：设定或授权其行政检查职权的法律、法规、规章或确认文件的名称及文号"
                          f"（{BASIS_54}：行政检查主体资格须经确认并公告）。", field="basis")
    if len(basis) > 300:
        raise DomainError("主体资格依据不能超过 300 字。", field="basis")
    existing = Qualification.objects.select_for_update().filter(body=body).first()
    before = qualification_snapshot(existing) if existing else None
    q = existing or Qualification(body=body)
    q.basis = basis
    q.confirmed_on = confirmed_on or timezone.localdate()
    q.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    if q.revoked_at is not None:  # confirmed again: published anew
        q.revoked_at, q.revoked_reason, q.published_at = None, "", None
    q.save()
    if not _allowed(Qualification, q, actor, "change"):
        raise NotAllowed(f"您无权确认“{body.name}”的行政检查主体资格：只有覆盖该主体所在区划的司法行政部门系统管理员"
                         "或省级系统管理员可以确认。", field="body")
    audit_record(actor=actor, action="inspection.qualification.confirm", obj=q, before=before,
                 after=qualification_snapshot(q))
    return q


def _require_change(actor, q: Qualification) -> None:
    if not _allowed(Qualification, q, actor, "change"):
        raise NotAllowed(f"您无权管理“{q.body.name}”的行政检查主体资格。", field="body")


@transaction.atomic
def qualification_publish(*, actor, qualification: Qualification) -> Qualification:
    """Publish a confirmed qualification on /gongshi/ (事前公示): from now the body may open inspections."""
    q = Qualification.objects.select_for_update().select_related("body").get(pk=qualification.pk)
    _require_change(actor, q)
    if q.revoked_at is not None:
        raise DomainError("该主体资格已撤销，须重新确认后才能公示。", field="qualification")
    if q.published_at is not None:
        raise Conflict("该主体资格已公示。", field="qualification")
    before = qualification_snapshot(q)
    q.published_at = timezone.now()
    q.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action="inspection.qualification.publish", obj=q, before=before,
                 after=qualification_snapshot(q))
    return q


@transaction.atomic
def qualification_revoke(*, actor, qualification: Qualification, reason: str) -> Qualification:
    """Revoke a qualification: the body may open no further inspection; the published entry is withdrawn."""
    q = Qualification.objects.select_for_update().select_related("body").get(pk=qualification.pk)
    _require_change(actor, q)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写撤销理由。", field="reason")
    if len(reason) > 300:
        raise DomainError("撤销理由不能超过 300 字。", field="reason")
    if q.revoked_at is not None:
        raise Conflict("该主体资格已撤销。", field="qualification")
    before = qualification_snapshot(q)
    q.revoked_at, q.revoked_reason = timezone.now(), reason
    q.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    audit_record(actor=actor, action="inspection.qualification.revoke", obj=q, before=before,
                 after=qualification_snapshot(q))
    return q


# --- 检查事项 (item profiles and checklists) --------------------------------------------------------------------


PROFILE_FIELDS = ("subject_object", "method", "standard", "annual_cap")


def profile_snapshot(p: ItemProfile, points: Iterable[ChecklistPoint] | None = None) -> dict:
    points = p.points.order_by("seq") if points is None else points
    return {"item": str(p.item_id), "subject_object": p.subject_object, "method": p.method, "standard": p.standard,
            "annual_cap": p.annual_cap, "published_at": _iso(p.published_at),
            "points": [{"seq": x.seq, "text": x.text, "provision": x.provision} for x in points]}


def _require_profile_editor(actor) -> None:
    # The ``change`` policy of ItemProfile: the maintainers of the provincial items list.
    if not can_edit_items(actor):
        raise NotAllowed("只有维护全省执法事项清单的人员（省司法行政部门系统管理员）可以维护行政检查事项。")


def _clean_profile_fields(fields: dict) -> dict:
    out = {}
    for name in PROFILE_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name in ("subject_object", "standard"):
            value = (value or "").strip()
            label = "检查对象" if name == "subject_object" else "检查标准"
            if not value:
                raise DomainError(f"请填写{label}（{BASIS_54}：检查事项须明确检查对象、检查标准）。", field=name)
            if name == "subject_object" and len(value) > 300:
                raise DomainError("检查对象不能超过 300 字。", field=name)
        elif name == "method":
            if value not in Method.values:
                raise DomainError(f"检查方式“{value}”无效，应为 {'、'.join(Method.values)} 之一。", field=name)
        elif name == "annual_cap" and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365):
            raise DomainError("频次上限应为 1 至 365 之间的整数（次/年/企业）。", field=name)
        out[name] = value
    return out


@transaction.atomic
def profile_save(*, actor, item: Item, **fields) -> ItemProfile:
    """Create or change the inspection elements of ``item`` (an item of type 行政检查): object, method, standard and
    the annual cap per enterprise (频次上限). A change to a published profile is published at once (the page shows
    the current elements); the audit log keeps each version."""
    _require_profile_editor(actor)
    if item.type != ItemType.INSPECTION:
        raise DomainError(f"“{item.code} {item.name}”是{item.get_type_display()}事项，只有行政检查事项才能设置检查要素。",
                          field="item")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    profile = ItemProfile.objects.select_for_update().filter(item=item).first()
    cleaned = _clean_profile_fields(fields)
    if profile is None:
        missing = [n for n in ("subject_object", "standard", "annual_cap") if n not in cleaned]
        if missing:
            cleaned.update(_clean_profile_fields({n: fields.get(n) for n in missing}))
        before = None
        profile = ItemProfile(item=item)
    else:
        before = profile_snapshot(profile)
    for name, value in cleaned.items():
        setattr(profile, name, value)
    profile.save()
    audit_record(actor=actor, action="inspection.profile.save", obj=profile, before=before,
                 after=profile_snapshot(profile))
    return profile


def _clean_points(points: list[dict]) -> list[tuple[int, str, str]]:
    out, seen = [], set()
    for i, point in enumerate(points):
        field = f"points[{i}]"
        try:
            seq = int(point.get("seq") or i + 1)
        except (TypeError, ValueError):
            raise DomainError("序号应为正整数。", field=f"{field}.seq") from None
        if seq < 1 or seq > 32767:
            raise DomainError("序号应为正整数。", field=f"{field}.seq")
        if seq in seen:
            raise DomainError(f"序号 {seq} 重复。", field=f"{field}.seq")
        seen.add(seq)
        text = (point.get("text") or "").strip()
        provision = (point.get("provision") or "").strip()
        if not text:
            raise DomainError("请填写检查内容。", field=f"{field}.text")
        if len(text) > 500:
            raise DomainError("检查内容不能超过 500 字。", field=f"{field}.text")
        if not provision:
            raise DomainError("请填写该检查要点的依据条款，如《中华人民共和国食品安全法》第五十三条。",
                              field=f"{field}.provision")
        if len(provision) > 300:
            raise DomainError("依据条款不能超过 300 字。", field=f"{field}.provision")
        out.append((seq, text, provision))
    return sorted(out)


@transaction.atomic
def profile_set_points(*, actor, profile: ItemProfile, points: list[dict]) -> ItemProfile:
    """Replace the checklist (检查事项清单) of ``profile``: each point with its sequence, text and provision.
    A published profile keeps at least one point."""
    _require_profile_editor(actor)
    profile = ItemProfile.objects.select_for_update().get(pk=profile.pk)
    cleaned = _clean_points(list(points))
    if profile.published_at is not None and not cleaned:
        raise DomainError("已公示的检查事项至少须有一个检查要点。", field="points")
    before = profile_snapshot(profile)
    profile.points.all().delete()
    ChecklistPoint.objects.bulk_create([ChecklistPoint(profile=profile, seq=s, text=t, provision=p)
                                        for s, t, p in cleaned])
    profile.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="inspection.profile.points", obj=profile, before=before,
                 after=profile_snapshot(profile))
    return profile


def profile_unpublishable_reason(profile: ItemProfile, on: datetime.date) -> str | None:
    """Why ``profile`` may not be published on ``on``, or None."""
    reason = item_unusable_reason(profile.item, on)
    if reason is not None:
        return reason
    if not profile.points.exists():
        return (f"“{profile.item.name}”没有检查要点：检查事项须有检查事项清单（检查要点及其依据条款）才能公示"
                f"（{BASIS_54}）。")
    return None


@transaction.atomic
def profile_publish(*, actor, profile: ItemProfile) -> ItemProfile:
    """Publish the inspection item on /gongshi/ (事前公示, 清单之外无检查): only with an active item of the provincial
    list and at least one checklist point."""
    _require_profile_editor(actor)
    profile = ItemProfile.objects.select_for_update().select_related("item").get(pk=profile.pk)
    if profile.published_at is not None:
        raise Conflict("该检查事项已公示。", field="profile")
    reason = profile_unpublishable_reason(profile, timezone.localdate())
    if reason is not None:
        raise DomainError(reason, field="points" if "检查要点" in reason else "item")
    before = profile_snapshot(profile)
    profile.published_at = timezone.now()
    profile.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action="inspection.profile.publish", obj=profile, before=before,
                 after=profile_snapshot(profile))
    return profile


@transaction.atomic
def profile_withdraw(*, actor, profile: ItemProfile, reason: str) -> ItemProfile:
    """Take a published inspection item off the list: it can no longer be used for a new inspection."""
    _require_profile_editor(actor)
    profile = ItemProfile.objects.select_for_update().get(pk=profile.pk)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写撤回理由。", field="reason")
    if profile.published_at is None:
        raise Conflict("该检查事项尚未公示。", field="profile")
    before = profile_snapshot(profile)
    profile.published_at = None
    profile.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action="inspection.profile.withdraw", obj=profile, before=before,
                 after={**profile_snapshot(profile), "reason": reason[:300]})
    return profile


# --- 检查对象名录 (the subject register) ------------------------------------------------------------------------


SUBJECT_FIELDS = ("credit_code", "id_number", "name", "kind", "industry", "division", "address", "domain",
                  "risk_grade", "graded_by", "graded_on", "active")


def subject_snapshot(s: Subject) -> dict:
    """What the audit log keeps of a subject: a natural person's identity number is kept masked."""
    from yuezhifa.core.masking import mask_id_number

    return {"credit_code": s.credit_code, "id_number": mask_id_number(s.id_number) if s.id_number else "",
            "name": s.name, "kind": s.kind, "industry": s.industry, "division": s.division_id, "address": s.address,
            "domain": s.domain_id, "risk_grade": s.risk_grade, "graded_by": str(s.graded_by_id or ""),
            "graded_on": _iso(s.graded_on), "active": s.active}


def clean_subject(subject: Subject) -> None:
    """Check and normalise one subject's fields (the form, the API and the import all come here)."""
    subject.name = (subject.name or "").strip()
    if not subject.name:
        raise DomainError("请填写检查对象名称。", field="name")
    if len(subject.name) > 200:
        raise DomainError("名称不能超过 200 字。", field="name")
    if subject.kind not in SubjectKind.values:
        raise DomainError(f"类别“{subject.kind}”无效。", field="kind")
    if subject.risk_grade not in RiskGrade.values:
        raise DomainError(f"风险等级“{subject.risk_grade}”无效，应为 A、B、C、D 之一。", field="risk_grade")
    try:
        subject.credit_code = validate_credit_code(subject.credit_code) if subject.credit_code else ""
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages), field="credit_code") from None
    if subject.id_number and subject.kind != SubjectKind.PERSON:
        raise DomainError("只有自然人检查对象才登记身份证件号码。", field="id_number")
    if subject.kind == SubjectKind.PERSON:
        if not subject.id_number:
            raise DomainError("自然人检查对象须填写身份证件号码（仅在检查事项需要时登记自然人）。", field="id_number")
        try:
            subject.id_number = validate_resident_id(subject.id_number, field="身份证件号码")
        except ValidationError as exc:
            raise DomainError("；".join(exc.messages), field="id_number") from None
    elif not subject.credit_code:
        raise DomainError("企业、个体工商户和其他组织须填写统一社会信用代码。", field="credit_code")
    for name, limit in (("industry", 100), ("address", 300)):
        if len(getattr(subject, name) or "") > limit:
            raise DomainError(f"{Subject._meta.get_field(name).verbose_name}不能超过 {limit} 字。", field=name)
    if subject.graded_on and subject.graded_by_id is None:
        raise DomainError("填写了评定日期，请同时填写评定机关。", field="graded_by")
    if subject.graded_on and subject.graded_on > timezone.localdate():
        raise DomainError("评定日期不能晚于今天。", field="graded_on")


def _check_unique(subject: Subject) -> None:
    if subject.credit_code:
        clash = Subject.objects.filter(credit_code=subject.credit_code).exclude(pk=subject.pk).first()
        if clash:
            raise Conflict(f"统一社会信用代码 {subject.credit_code} 已登记为“{clash.name}”。", field="credit_code")


def _require_division(actor, division: Division) -> None:
    if not may_register_in(actor, division.code):
        raise NotAllowed(f"您无权维护{division.name}（{division.code}）的检查对象：系统管理员只能维护本辖区的检查对象。",
                         field="division")


@transaction.atomic
def subject_create(*, actor, division: Division, name: str, credit_code: str = "", id_number: str = "",
                   kind: str = SubjectKind.ENTERPRISE, industry: str = "", address: str = "",
                   domain: Domain | None = None, risk_grade: str = RiskGrade.B,
                   graded_by: EnforcementBody | None = None, graded_on: datetime.date | None = None) -> Subject:
    """Register one subject (an administrator of the subject's division, or the province)."""
    _require_division(actor, division)
    subject = Subject(division=division, name=name, credit_code=credit_code or "", id_number=id_number or "",
                      kind=kind, industry=(industry or "").strip(), address=(address or "").strip(), domain=domain,
                      risk_grade=risk_grade, graded_by=graded_by, graded_on=graded_on)
    clean_subject(subject)
    _check_unique(subject)
    subject.save(force_insert=True)
    audit_record(actor=actor, action="inspection.subject.create", obj=subject, after=subject_snapshot(subject))
    return subject


@transaction.atomic
def subject_update(*, actor, subject: Subject, **changes) -> Subject:
    """Change a subject of the register; moving it to another division needs the right to both."""
    unknown = set(changes) - set(SUBJECT_FIELDS)
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    if not _allowed(Subject, subject, actor, "change"):
        raise NotAllowed(f"您无权修改检查对象“{subject.name}”：只有该对象所在辖区的系统管理员可以修改。",
                         field="division")
    if "division" in changes:
        _require_division(actor, changes["division"])
    before = subject_snapshot(subject)
    for name, value in changes.items():
        setattr(subject, name, value.strip() if isinstance(value, str) else value)
    if ("risk_grade" in changes and changes["risk_grade"] != before["risk_grade"] and "graded_on" not in changes):
        subject.graded_on = timezone.localdate()
    clean_subject(subject)
    _check_unique(subject)
    subject.save()
    audit_record(actor=actor, action="inspection.subject.update", obj=subject, before=before,
                 after=subject_snapshot(subject))
    return subject


@transaction.atomic
def subject_reveal_id_number(*, actor, subject: Subject, reason: str = "") -> str:
    """A natural person's full identity number, for the administrators who maintain the subject; every view is
    audited (DESIGN §5.5, 个人信息保护法 第28条)."""
    if not _allowed(Subject, subject, actor, "view_id_number"):
        raise NotAllowed("您无权查看该检查对象的完整身份证件号码。", field="id_number")
    audit_record(actor=actor, action="inspection.subject.view_id_number", obj=subject,
                 after={"reason": reason[:200]} if reason else None)
    return Subject.objects.values_list("id_number", flat=True).get(pk=subject.pk)


__all__ = ["BASIS_54", "clean_subject", "profile_publish", "profile_save", "profile_set_points",
           "profile_unpublishable_reason", "profile_withdraw", "qualification_confirm", "qualification_publish",
           "qualification_revoke", "subject_create", "subject_reveal_id_number", "subject_snapshot",
           "subject_update"]
