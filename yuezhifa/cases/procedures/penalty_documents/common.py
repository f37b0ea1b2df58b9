"""What the penalty procedures' documents share: the base every one of them starts from (who handles the case,
when it was filed), the decision in force, when it was served, the investigation report and the advance notice."""

from __future__ import annotations

import datetime

from ...documents import _lines, _number, _penalty_phrase, _people, penalty_entries
from ..penalty import date_of


def penalty_base(log, act, ctx):
    """Who handles the case (the handlers named when it was filed, who sign what no officer of its own signs) and
    when it was filed."""
    file_act = log.last("file")
    ctx["case"]["filed_on"] = file_act.date if file_act else None
    ctx["handlers"] = _people(log.value("file", "handler_cards") or [])
    ctx["officers"] = ctx["officers"] or ctx["handlers"]


def _report_lines(log, key: str) -> list[str]:
    return _lines(log.value("finish_investigation", key))


DECISIONS = (  # (act, document, name) of the decisions a case can end in; a changed decision replaces the first
    ("change_decision", "penalty_decision", "行政处罚决定书"),
    ("decide", "penalty_decision", "行政处罚决定书"),
    ("decide_on_spot", "on_the_spot_decision", "当场行政处罚决定书"),
    ("decide_no_penalty", "no_penalty_decision", "不予行政处罚决定书"),
)


def _served_on(log, code: str, decision) -> datetime.date | None:
    """When the decision ``code`` reached the party: the service of it, or the day an on-the-spot decision was
    handed over (处罚法 第五十二条第二款)."""
    if code == "on_the_spot_decision":
        return decision.date
    from ..penalty import email_services

    services_of = [a for a in log.all("serve") if a.get("document", "penalty_decision") == code]
    services_of += email_services(log, code)  # e-mail service: the day the party's mail server accepted it
    latest = max(services_of, key=lambda a: a.seq, default=None)
    return date_of(latest.get("served_on")) if latest else None


def _the_decision(log) -> dict:
    """The case's decision: name, number, dates, fine and what it decided (empty before a decision)."""
    for code, doc, name in DECISIONS:
        act = log.last(code)
        if act is None:
            continue
        penalties = penalty_entries(act.get("penalties") or {})
        content = (f"作出如下行政处罚：{_penalty_phrase(penalties)}。" if penalties else "决定不予行政处罚。")
        return {"name": name, "number": _number(act, doc), "decided_on": act.date,
                "served_on": _served_on(log, doc, act), "fine": log.fine if log.fine > 0 else None,
                "content": content, "penalties": penalties}
    return {}


def _notice_reference(log) -> dict:
    notice = log.last("notify")
    if notice is None:
        return {}
    return {"name": "行政处罚事先告知书", "number": _number(notice, "penalty_advance_notice"),
            "served_on": date_of(notice.get("served_on")) or notice.date}
