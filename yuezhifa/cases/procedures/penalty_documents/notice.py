"""The documents of the advance notice, the party's statement and the hearing."""

from __future__ import annotations

import re

from ...documents import (
    _at_body,
    _contact,
    _lines,
    _moment,
    _penalty_phrase,
    _relation,
    _spoken,
    penalty_entries,
    register_builders,
)
from ..penalty import date_of
from .common import _notice_reference, _report_lines


def _notice(log, act, ctx):
    report = log.last("finish_investigation")
    proposed = act.get("proposed") or {}
    ctx.update({
        "facts": _lines(act.get("facts")),
        "evidence": _lines(report.get("evidence")) if report else [],
        "violated": _lines(report.get("violated")) if report else [],
        "violation_name": f"{log.case.cause}的违法行为",
        "discretion": act.get("reasons", ""),
        "basis": _lines(act.get("basis")),
        "penalties": penalty_entries(proposed, confiscated_property=act.get("confiscated_property") or ""),
        "statement_days": log.rules["penalty.statement"].amount,
        "hearing_rights": bool(act.get("hearing_rights")),
        "contact": {"name": "、".join(h["name"] for h in ctx["handlers"]), "phone": ctx["body"]["phone"],
                    "address": ctx["body"]["address"]},
        "issued_on": act.date,
    })


def _statement(log, act, ctx):
    party = ctx["party"]
    speaker = {"name": party.get("name", ""), **(act.get("speaker") or {})}
    speaker["relation"] = _relation(speaker, party)
    statements = ["当事人明确表示放弃陈述、申辩的权利。"] if act.get("waived") else _lines(act.get("content"))
    if act.get("waives_hearing"):
        statements.append("当事人明确表示放弃要求听证的权利。")
    ctx.update({
        "started_at": _moment(act.performed_at),
        "place": act.place or _at_body(ctx),
        "speaker": {k: v for k, v in speaker.items() if v},
        "notice": _notice_reference(log),
        "statements": statements,
    })


def _officer(pk) -> dict:
    from yuezhifa.org.models import Officer

    officer = Officer.objects.filter(pk=pk).values("name", "position").first() if pk else None
    return {k: v for k, v in (officer or {}).items() if v}


def _hearing_notice(log, act, ctx):
    ctx.update({
        "applied_on": date_of(log.value("request_hearing", "requested_on")),
        "hearing_at": _moment(act.get("hearing_at")),
        "place": act.get("location", ""),
        "public": bool(act.get("public", True)),
        "presider": _officer(act.get("chair")),
        "contact": _contact(ctx),
    })


def _hearing(log, act, ctx):
    """What the hearing record and report share: when and where, who presided, who took part."""
    notice = log.last("notify_hearing")
    ctx.update({
        "hearing_at": _moment(act.performed_at),
        "place": act.place or (notice.get("location", "") if notice else ""),
        "public": bool(notice.get("public", True)) if notice else True,
        "presider": _officer(notice.get("chair")) if notice else {},
        "clerk": {"name": act.get("clerk") or act.get("actor_name", "")},
        "investigators": ctx["handlers"],
        "party_attendees": [],
    })


def _hearing_record(log, act, ctx):
    _hearing(log, act, ctx)
    lines = ([] if act.get("party_attended", True) else ["当事人未出席听证。"]) + _lines(act.get("record"))
    ctx["proceedings"] = [{"speaker": who, "text": text} for who, text in _spoken(lines, "记录")]


def _hearing_report(log, act, ctx):
    _hearing(log, act, ctx)
    notice = log.last("notify")
    proposed = penalty_entries(notice.get("proposed") or {}) if notice else []
    facts = _lines(notice.get("facts")) if notice else _report_lines(log, "facts")
    views = [f"调查人员认为：{''.join(facts)}"] if facts else []
    if _report_lines(log, "evidence"):
        views.append(f"证据有：{'、'.join(_report_lines(log, 'evidence'))}。")
    if proposed:
        views.append(f"建议{_penalty_phrase(proposed)}。")
    record = _lines(act.get("record"))
    # when the act does not sum up the party's answers, they are its lines in the hearing record
    said = [line for line in record if re.match(r"^[^：:]{0,12}(当事人|代理人)", line)] or record
    ctx.update({
        "investigator_views": views,
        "party_views": _lines(act.get("party_views")) or (said if act.get("party_attended", True)
                                                          else ["当事人未出席听证。"]),
        "opinion": _lines(act.get("report")),
        "reported_on": act.date,
    })


register_builders({
    "penalty_advance_notice": _notice,
    "statement_record": _statement,
    "hearing_notice": _hearing_notice,
    "hearing_record": _hearing_record,
    "hearing_report": _hearing_report,
})
