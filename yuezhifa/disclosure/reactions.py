"""The disclosure platform's answers to case acts (yuezhifa.cases.events; docs/decisions/0014-公示平台.md): the head's
``approve_disclosure`` publishes the decision (办法 第四十五条), ``withdraw_disclosure`` withdraws it (处罚法 第四十八条
第二款), both inside the act's transaction; the approval form shows what will be published."""

from __future__ import annotations

import datetime

from yuezhifa.cases.events import Preview
from yuezhifa.core.errors import DomainError, NotAllowed

from . import services
from .models import PartyKind, ResultCategory


def outcome_of_approval(*, actor, case, data) -> dict:
    """Kept with the approval act: whether the decision is withheld by law (a minor's case, secrets: 处罚法 第五十条)
    and why, so that the case's log knows there is nothing public to withdraw later."""
    snapshot = services.build_snapshot(case, secret=data.get("secret") or "")
    return {"withheld": snapshot.withheld_reason}


def publish_on_approval(*, actor, case, act) -> None:
    """A changed decision (变更行政处罚决定) is published in place of the one it replaces: the earlier decision's
    result is withdrawn first, the change given as the public reason (处罚法 第四十八条第二款; docs/decisions/0028)."""
    from yuezhifa.cases.interface import case_log, decision_document_type, decision_in_force

    log = case_log(case)
    decision = decision_in_force(log) if log.procedure.kind == "penalty" else None
    if decision is not None:
        number = (decision.get("document_numbers") or {}).get(decision_document_type(log, decision), "")
        published = services.published_result(case)
        if published is not None and number and published.document_number != number:
            services.withdraw_decision(
                actor=actor, case=case, at=act.performed_at, changed_on=decision.date,
                reason=f"该行政处罚决定已于{decision.date.isoformat()}变更，以变更后的行政处罚决定（{number}）为准。")
    services.publish_decision(actor=actor, case=case, approved_at=act.performed_at,
                              secret=(act.data or {}).get("secret") or "")


def withdraw_on_act(*, actor, case, act) -> None:
    data = act.data or {}
    changed_on = data.get("changed_on")
    if isinstance(changed_on, str):
        changed_on = datetime.date.fromisoformat(changed_on[:10])
    services.withdraw_decision(actor=actor, case=case, reason=data.get("reason", ""), at=act.performed_at,
                               changed_on=changed_on)


def refresh_on_act(*, actor, case, act) -> None:
    """A compulsion measure released or handled after its result was published: the public record follows."""
    services.refresh_compulsion_result(actor=actor, case=case)


def approval_preview(*, user, case) -> Preview | None:
    """The masked record the head is asked to approve, field by field as the public will see it."""
    try:
        snapshot = services.preview_publication(actor=user, case=case)
    except (NotAllowed, DomainError) as exc:
        return Preview(title="将要公示的内容", note=exc.message)
    title = "将要公示的内容（已按公示规则隐去个人信息）"
    if not snapshot.publishable:
        return Preview(title=title, note=f"本案批准后不公开：{snapshot.withheld_reason}")
    fields = snapshot.fields
    if fields.get("category") == ResultCategory.INSPECTION:
        rows = [("检查机关", fields["body_name"]), ("检查对象", fields["party_name"]),
                ("检查对象类别", PartyKind(fields["party_kind"]).label)]
        if fields["party_credit_code"]:
            rows.append(("统一社会信用代码", fields["party_credit_code"]))
        rows += [("检查结果告知书文号", fields["document_number"]), ("检查日期（告知结果）", fields["decision_date"].isoformat()),
                 ("检查事项", fields["illegal_act_type"]), ("检查结果", fields["penalty_content"])]
        note = "检查对象为自然人的，只公开姓氏；不公开检查笔录、检查要点、照片和执法人员。"
        return Preview(title=title, rows=rows, note=note)
    if fields.get("category") == ResultCategory.COMPULSION:
        rows = [("行政强制决定书文号", fields["document_number"]), ("行政相对人名称", fields["party_name"]),
                ("行政相对人类别", PartyKind(fields["party_kind"]).label), ("事由", fields["illegal_act_type"]),
                ("理由", fields["facts"]), ("依据", fields["basis"]), ("强制措施", fields["penalty_types"]),
                ("内容", fields["penalty_content"]), ("作出决定日期", fields["decision_date"].isoformat()),
                ("实施机关", fields["body_name"])]
        note = "以下自然人的姓名在公示内容中已替换：" + "、".join(snapshot.masked_names) + "。" if snapshot.masked_names else ""
        return Preview(title=title, rows=rows, note=note)
    rows = [("行政处罚决定书文号", fields["document_number"]),
            ("行政相对人名称", fields["party_name"]),
            ("行政相对人类别", PartyKind(fields["party_kind"]).label)]
    if fields["party_credit_code"]:
        rows.append(("统一社会信用代码", fields["party_credit_code"]))
    if fields["legal_representative"]:
        rows.append(("法定代表人", fields["legal_representative"]))
    rows += [("违法行为类型", fields["illegal_act_type"]), ("违法事实", fields["facts"]), ("处罚依据", fields["basis"]),
             ("处罚类别", fields["penalty_types"]), ("处罚内容", fields["penalty_content"]),
             ("处罚决定日期", fields["decision_date"].isoformat()), ("处罚机关", fields["body_name"])]
    note = ""
    if snapshot.masked_names:
        note = "以下自然人的姓名在公示内容中已替换：" + "、".join(snapshot.masked_names) + "。"
    return Preview(title=title, rows=rows, note=note)
