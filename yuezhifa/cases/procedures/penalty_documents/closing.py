"""The documents of transferring a case to the judicial organs and of closing it."""

from __future__ import annotations

import re

from ...documents import _cn, _contact, _lines, _signed, _yuan, register_builders
from ..penalty import date_of, money
from .common import _report_lines, _the_decision

_OFFENCE = re.compile(r"涉嫌([^，。；]*?罪)")


def _criminal_transfer(log, act, ctx):
    flag, approval = log.last("flag_crime"), log.last("decide_transfer")
    reason = flag.get("reason", "") if flag else ""
    found = _OFFENCE.search(reason)
    ctx.update({
        "receiver": act.get("receiver", ""),
        "suspected_offence": act.get("offence") or (found[1] if found else "犯罪"),
        "facts": _report_lines(log, "facts") + _lines(reason),
        "approval": {"name": approval.get("actor_name", ""), "on": approval.date} if approval else {},
        "attachments": [{"name": text} for text in _lines(act.get("materials"))],
        "contact": _contact(ctx),
        "transferred_on": act.date,
    })


def _performance(log) -> tuple[list[str], str]:
    """What became of the case (执行情况) and why it can be closed (结案理由), from its log."""
    lines = []
    for a in log.acts:
        on = _cn(a.date)
        if a.code == "record_payment":
            surcharge = money(a.get("surcharge"))
            lines.append(f"{_cn(date_of(a.get('paid_on')) or a.date)}缴纳罚款{_yuan(money(a.get('amount')))}"
                         + (f"、加处罚款{_yuan(surcharge)}" if surcharge > 0 else "") + "。")
        elif a.code == "collect_on_spot":
            lines.append(f"{on}当场收缴罚款{_yuan(money(a.get('amount')))}（票据号 {a.get('receipt', '')}）。")
        elif a.code == "apply_court":
            lines.append(f"{on}申请{a.get('court', '')}强制执行。")
        elif a.code == "enforce":
            lines.append(f"{on}决定强制执行：{a.get('measure', '')}。")
        elif a.code == "record_substitute":
            lines.append(f"{on}代履行：{a.get('performer', '')}，费用{_yuan(money(a.get('cost')))}。")
        elif a.code == "terminate_enforcement":
            lines.append(f"{on}终结执行：{a.get('reason', '')}")
        elif a.code == "transfer":
            lines.append(f"{on}将案件移送{a.get('receiver', '')}。")
        elif a.code == "serve" and a.get("document") == "no_penalty_decision":
            lines.append(f"{_cn(date_of(a.get('served_on')) or a.date)}送达不予行政处罚决定书。")
    if log.has("transfer"):
        reason = "案件已移送司法机关。"
    elif log.has("decide_no_penalty"):
        reason = "作出不予行政处罚决定并已送达。"
    elif log.fine > 0 and log.fine_paid:
        reason = "行政处罚决定已执行完毕。"
    elif log.has("apply_court"):
        reason = "已申请人民法院强制执行。"
    elif log.has("terminate_enforcement"):
        reason = "依法终结执行（《中华人民共和国行政强制法》第四十条）。"
    elif log.has("enforce"):
        reason = "已依法作出行政强制执行决定。"
    else:
        reason = "行政处罚决定已执行完毕。" if log.has("serve") else ""
    return lines or ([reason] if reason else []), reason


def _closing(log, act, ctx):
    performance, reason = _performance(log)
    ctx.update({
        "decision": _the_decision(log),
        "performance": performance,
        "closing_reason": reason or act.get("summary", ""),
        "handler_opinion": _lines(act.get("summary")),
        "handler_opinion_on": act.date,
        "approval": _signed(act, "同意结案。"),
    })


register_builders({
    "criminal_transfer": _criminal_transfer,
    "case_closing_approval": _closing,
})
