"""The decision period of the general procedure beyond its 90 days (处罚法 第六十条: “法律、法规、规章另有规定的，从其
规定”; docs/decisions/0026): each domain's rule (``DecisionPeriodRule``) and the province administrator's write. The
checks on an extension and on the periods that do not count, and their effect on the ``penalty.decide`` deadline,
read the case's log: they are the penalty procedure's (``procedures/decision_period.py``).

Days of a pause: a period that does not count begins on ``started_on`` and ends on ``ended_on``; like any period
counted in days, its first day is not counted (民法典 第二百零一条), so it takes ``ended_on - started_on`` days out of
the decision period, and the due date moves by that many days.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed

from .models import DecisionPeriodRule, ExtensionApprover, PauseKind

CF = "《中华人民共和国行政处罚法》"
ART60 = f"{CF}第六十条"
NO_RULE = ("办案期限为立案之日起九十日；只有“法律、法规、规章另有规定的，从其规定”，本案执法领域没有录入延长办案期限的"
           "规定，不能延长")


def _d(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def rule_for(case) -> DecisionPeriodRule | None:
    """The active rule of the case's domain (the domain of its item), or None."""
    item = getattr(case, "item", None) if getattr(case, "item_id", None) else None
    if item is None:
        return None
    return DecisionPeriodRule.objects.filter(domain_id=item.domain_id, active=True).first()


# --- the province administrator's write -----------------------------------------------------------------------------


@transaction.atomic
def period_rule_save(*, actor, domain, basis: str, max_extension_days: int, approver: str = ExtensionApprover.HEAD,
                     paused_kinds=(), confirmed: bool = False, active: bool = True, note: str = "",
                     rule: DecisionPeriodRule | None = None) -> DecisionPeriodRule:
    """Create or change a domain's rule; the province's administrator only (docs/decisions/0019, 0026)."""
    from yuezhifa.org.permissions import is_province_admin

    if not is_province_admin(actor):
        raise NotAllowed("只有全省系统管理员可以设置办案期限延长规则。")
    basis = (basis or "").strip()
    if not basis:
        raise DomainError("请写明规定延长办案期限的法律、法规、规章条款（处罚法 第六十条）。", field="basis")
    if approver not in ExtensionApprover.values:
        raise DomainError(f"批准方式“{approver}”无效。", field="approver")
    unknown = [k for k in paused_kinds or [] if k not in PauseKind.values]
    if unknown:
        raise DomainError(f"不计入办案期限的期间“{'、'.join(map(str, unknown))}”不存在，可选："
                          + "、".join(f"{v}（{label}）" for v, label in PauseKind.choices) + "。", field="paused_kinds")
    if max_extension_days is None or int(max_extension_days) < 0:
        raise DomainError("延长期限上限应为零或者正整数（日）。", field="max_extension_days")
    clash = DecisionPeriodRule.objects.filter(domain=domain).exclude(pk=getattr(rule, "pk", None)).first()
    if clash is not None:
        raise DomainError(f"执法领域“{domain}”已有延长规则，请修改该规则。", field="domain")
    before = None
    if rule is None:
        rule = DecisionPeriodRule(domain=domain)
    else:
        before = {"basis": rule.basis, "max_extension_days": rule.max_extension_days, "approver": rule.approver,
                  "paused_kinds": rule.paused_kinds, "confirmed": rule.confirmed, "active": rule.active}
    rule.domain = domain
    rule.basis, rule.max_extension_days, rule.approver = basis, int(max_extension_days), approver
    rule.paused_kinds = [k for k in PauseKind.values if k in set(paused_kinds or [])]
    rule.confirmed, rule.active, rule.note = bool(confirmed), bool(active), (note or "").strip()
    rule.save()
    audit_record(actor=actor, action="cases.decision_period_rule.save", obj=rule, before=before,
                 after={"domain": rule.domain_id, "basis": rule.basis, "max_extension_days": rule.max_extension_days,
                        "approver": rule.approver, "paused_kinds": rule.paused_kinds, "confirmed": rule.confirmed,
                        "active": rule.active})
    return rule
