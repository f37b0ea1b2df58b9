"""The documents of a 行政检查 (司法部《行政检查文书基本格式文本（试行）》, 2025; 《广东省行政检查办法》; docs/decisions/0043):
the approval form (行政检查审批表), the advance notice (行政检查通知书), the on-site record with the checklist's result per
point (现场检查笔录), the notice of the result (行政检查结果告知书), the order to correct (the library's 责令（限期）改正
通知书, filled for an inspection) and the re-check record (整改复查记录). Registered by document type (docs/decisions/0030);
sealed at issue like every document an act issues."""

from __future__ import annotations

from ..documents import (
    _contact,
    _lines,
    _moment,
    _number,
    _people,
    _qa,
    _signed,
    register_base,
    register_builders,
    register_procedure_builder,
)
from .inspection import INSPECTION, KINDS, OUTCOMES, RESULTS, SIGNED_BY, checked_in, opening, profiles
from .penalty_base import date_of


def _items(log) -> list[dict]:
    rows = []
    for profile in profiles(log):
        item = profile.item
        bases = [str(b.provision) for b in item.bases.select_related("provision", "provision__law")]
        rows.append({"code": item.code, "name": item.name, "basis": "；".join(bases)})
    return rows


def inspection_base(log, act, ctx):
    """Every inspection document names the kind, the items with their basis and the officers of the opening."""
    opened = opening(log)
    if opened is None:
        return
    ctx["handlers"] = _people(opened.officers)
    ctx["officers"] = ctx["officers"] or ctx["handlers"]
    plan = opened.get("plan")
    from yuezhifa.inspection.models import Plan

    found = Plan.objects.filter(pk=plan).first() if plan else None
    ctx["inspection"] = {
        "kind": dict(KINDS).get(opened.get("kind"), ""), "items": _items(log),
        "source": found.title if found is not None else (opened.get("ground") or ""),
        "ground": opened.get("ground") or "",
    }


def _approval(log, act, ctx):
    opened = opening(log)
    ctx.update({
        "visits_this_year": act.get("visits_this_year") or 0, "caps": list(act.get("caps") or []),
        "cap_exempt": act.get("cap_exempt") or "", "late": bool(act.get("late")),
        "emergency": bool(opened.get("emergency")), "emergency_reason": opened.get("emergency_reason") or "",
        "summary": opened.get("summary") or "", "approval": _signed(act, "同意检查。"),
    })


def _notice(log, act, ctx):
    ctx.update({"visit_on": date_of(act.get("visit_on")), "items": _lines(act.get("items")),
                "prepare": _lines(act.get("prepare")), "contact": _contact(ctx)})


def _points(act) -> list[dict]:
    """The record's points with the officer's note: ``points`` (kept with the act) follow ``results`` one to one."""
    labels = dict(RESULTS)
    notes = [r.get("note") or "" for r in act.get("results") or []]
    rows = []
    for i, p in enumerate(act.get("points") or []):
        rows.append({"ref": str(p.get("seq", "")), "item": p.get("item", ""), "text": p.get("text", ""),
                     "provision": p.get("provision", ""), "result": labels.get(p.get("result"), ""),
                     "note": notes[i] if i < len(notes) else ""})
    return rows


def _site_record(log, act, ctx):
    arrived = log.last("inspection_check_in") or log.last("inspection_back_entry")
    back = log.last("inspection_back_entry") if arrived is not None and arrived.code == "inspection_back_entry" else None
    subject = ctx["party"]
    ctx.update({
        "started_at": _moment(act.performed_at),
        "place": act.place or (arrived.place if arrived is not None else "") or subject.get("address", ""),
        "checked_in_at": _moment(back.get("visited_at")) if back is not None else
        (_moment(arrived.performed_at) if arrived is not None and checked_in(log) else None),
        "back_entry": back.get("reason") if back is not None else "",
        "points": _points(act), "failed": act.get("failed") or 0, "record": _lines(act.get("record")),
        "signed_by": dict(SIGNED_BY).get(act.get("signed_by"), ""), "witness": act.get("witness") or "",
    })


def _inquiry(log, act, ctx):
    ctx.update({
        "started_at": _moment(act.performed_at), "ended_at": _moment(act.get("ended_at")),
        "place": act.place or ctx["party"].get("address", ""),
        "respondent": {"name": act.get("respondent") or "", "position": act.get("position") or "",
                       "relation": act.get("relation") or ""},
        "qa": _qa(_lines(act.get("record"))),
    })


def _failed_points(log) -> list[dict]:
    record = log.last("record_inspection")
    return [p for p in _points(record) if p["result"] == dict(RESULTS)["fail"]] if record is not None else []


def _result_notice(log, act, ctx):
    record = log.last("record_inspection")
    ctx.update({
        "visited_on": record.date if record is not None else act.date,
        "outcome": dict(OUTCOMES).get(act.get("outcome"), ""), "outcome_code": act.get("outcome") or "",
        "findings": _lines(act.get("findings")), "failed_points": _failed_points(log), "contact": _contact(ctx),
    })


def _rectification(log, act, ctx):
    """责令（限期）改正通知书 for an inspection: the problems found, the provisions of the failed checklist points as
    the provisions violated, the requirements and the deadline (《广东省行政检查办法》)."""
    deadline = date_of(act.get("deadline"))
    provisions = list(dict.fromkeys(p["provision"] for p in _failed_points(log) if p["provision"]))
    ctx.update({
        "facts": _lines(act.get("problems")), "violated": provisions or ["有关法律、法规、规章"], "basis": [],
        "requirements": _lines(act.get("requirements")) or _lines(act.get("problems")),
        "time_limited": deadline is not None, "deadline": deadline, "contact": _contact(ctx),
    })


def _recheck(log, act, ctx):
    order = next((a for a in reversed(log.acts) if a.code == "order_correction" and a.seq < act.seq), None)
    passed = bool(act.get("passed"))
    ctx.update({
        "started_at": _moment(act.performed_at), "place": act.place or ctx["party"].get("address", ""),
        "order": {"number": _number(order, "rectification_order"), "deadline": date_of(order.get("deadline")),
                  "problems": _lines(order.get("problems"))} if order is not None else {},
        "findings": _lines(act.get("findings")), "passed": passed, "verdict": "已改正" if passed else "未改正",
    })


register_base(INSPECTION.code, inspection_base)
register_builders({
    "inspection_approval": _approval,
    "inspection_notice": _notice,
    "inspection_site_record": _site_record,
    "inspection_inquiry_record": _inquiry,
    "inspection_result_notice": _result_notice,
    "inspection_recheck_record": _recheck,
})
register_procedure_builder(INSPECTION.code, "rectification_order", _rectification)
