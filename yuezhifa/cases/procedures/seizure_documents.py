"""The documents of a seizure (查封、扣押): the decision, the on-site record and the list handed over on the spot
(强制法 第十八条、第二十四条), the extension decision (第二十五条第二款), the testing-period notice (第二十五条第三款), and
the release decision with its list (第二十八条). Registered by document type (docs/decisions/0030)."""

from __future__ import annotations

from ..documents import _lines, _moment, _number, _people, register_base, register_builders
from .penalty_base import date_of
from .seizure import (
    DISPOSITIONS,
    EXTENSION,
    RELEASE_GROUNDS,
    RETURNS,
    SEIZURE,
    SEIZURE_PROCEDURE,
    SIGNED_BY,
    TESTING_KINDS,
)


def seizure_base(log, act, ctx):
    """The officers who seized sign what no officer of its own signs; the seizure decision is referred to."""
    seized = log.last("seize")
    if seized is None:
        return
    ctx["handlers"] = _people(seized.officers)
    ctx["officers"] = ctx["officers"] or ctx["handlers"]
    ctx["seizure"] = {"number": _number(seized, "seizure_decision"), "on": seized.date,
                      "items": list(seized.get("items") or [])}


def _period(state) -> dict:
    return {"start": state.start, "due": state.due, "days": (state.due - state.start).days} if state else {}


def _decision(log, act, ctx):
    state = log.deadline(SEIZURE)
    ctx.update({
        "reason": act.get("reason"), "basis": _lines(act.get("basis")), "items": list(act.get("items") or []),
        "period": _period(state), "decided_on": act.date, "place": act.place, "emergency": bool(act.get("emergency")),
    })


def _site_record(log, act, ctx):
    ctx.update({
        "started_at": _moment(act.performed_at), "place": act.place, "record": _lines(act.get("record")),
        "statement": act.get("statement") or "", "signed_by": dict(SIGNED_BY).get(act.get("signed_by"), ""),
        "witness": act.get("witness") or "", "items": list(act.get("items") or []),
        "certificates_shown": bool(act.get("certificates_shown")), "emergency": bool(act.get("emergency")),
    })


def _list(log, act, ctx):
    ctx.update({"items": list(act.get("items") or []), "place": act.place, "listed_on": act.date,
                "title": "查封（扣押）清单"})


def _extension(log, act, ctx):
    state = log.deadline(EXTENSION)
    original = log.deadline(SEIZURE)
    ctx.update({"reason": act.get("reason"), "days": int(act.get("days") or 0),
                "original_due": original.due if original else None,
                "period": _period(state), "decided_on": act.date})


def _testing(log, act, ctx):
    ctx.update({"kind": dict(TESTING_KINDS).get(act.get("kind"), ""), "started_on": date_of(act.get("started_on")),
                "expected_end": date_of(act.get("expected_end")), "institution": act.get("institution"),
                "items": list(act.get("items") or [])})


def _release(log, act, ctx):
    if act.get("disposition") != "release":
        return False
    ctx.update({"ground": dict(RELEASE_GROUNDS).get(act.get("ground"), ""),
                "returned": dict(RETURNS).get(act.get("returned"), ""), "proceeds": act.get("proceeds"),
                "items": list(act.get("items") or []) or ctx.get("seizure", {}).get("items", []),
                "reason": _lines(act.get("reason")), "decided_on": act.date,
                "disposition": dict(DISPOSITIONS).get(act.get("disposition"))})
    return None


def _release_list(log, act, ctx):
    if _release(log, act, ctx) is False:
        return False
    ctx["title"] = "解除查封（扣押）清单"
    return None


register_base(SEIZURE_PROCEDURE.code, seizure_base)
register_builders({
    "seizure_decision": _decision,
    "seizure_site_record": _site_record,
    "seizure_list": _list,
    "seizure_extension_decision": _extension,
    "testing_period_notice": _testing,
    "seizure_release_decision": _release,
    "seizure_release_list": _release_list,
})
