"""The documents acts produce: each filled from the case's log with the body's number, frozen with the act, and
rendered by the template library (documents app) when someone previews or prints it.

``build_context`` gives every document the same base (number, body, party, case, officers), lets the case's procedure
add what it knows of every case (``register_base``: who handles it, when it was filed) and then the builder of the
document's type add what that type needs from the act and the acts before it. The builders live with the procedures
that produce the documents (``procedures/penalty_documents/``) and register by document type (``register_builders``):
this module reads no act of its own (docs/decisions/0030). The snapshot is stored as JSON with dates and money
tagged, so that the rendered document shows exactly what it showed the day it was issued.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from yuezhifa.discretion.vocabulary import PenaltyType

from .models import SourceKind

if TYPE_CHECKING:
    from .engine import CaseLog

# --- freezing a context into JSON and back ----------------------------------------------------------------------


def freeze(value):
    if isinstance(value, dict):
        return {str(k): freeze(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [freeze(v) for v in value]
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    return value


def thaw(value):
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, inner),) = value.items()
            if key == "$datetime":
                return timezone.localtime(datetime.datetime.fromisoformat(inner))
            if key == "$date":
                return datetime.date.fromisoformat(inner)
            if key == "$decimal":
                return Decimal(inner)
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [thaw(v) for v in value]
    return value


# --- the base every document shares ------------------------------------------------------------------------------


def _lines(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [str(v) for v in value if str(v).strip()]


def _people(officers) -> list[dict]:
    return [{"name": o.get("name", ""), "certificate": o.get("certificate", "")} for o in officers or ()]


def remedies(body) -> dict:
    """申请行政复议、提起行政诉讼的途径: the people's government at the body's level reviews a department's decision
    (行政复议法 第二十四条); the court is the one with jurisdiction."""
    division = body.division
    return {"review_body": f"{division.full_name}人民政府", "court": "有管辖权的人民法院"}


def penalty_entries(penalties: dict, *, confiscated_property: str = "") -> list[dict]:
    """The penalties as documents print them; ``confiscated_property`` (名称、数量 of the property confiscated) follows
    the value of 没收非法财物 (处罚法 第五十九条第一款第（三）项)."""
    out = []
    for key, label in PenaltyType.choices:
        value = (penalties or {}).get(key)
        if key == PenaltyType.FINE:
            if money(value) > 0:
                out.append({"kind": label, "amount": money(value)})
        elif key in (PenaltyType.CONFISCATE_INCOME, PenaltyType.CONFISCATE_PROPERTY) and value:
            # the amount or value confiscated is printed (处罚法 第五十九条第一款第（三）项、第（四）项); an act recorded before
            # amounts were asked for holds only ``True``
            if isinstance(value, bool):
                out.append({"kind": label, "description": "数额未记录"})
            else:
                entry = {"kind": label, "amount": money(value)}
                if key == PenaltyType.CONFISCATE_PROPERTY and (confiscated_property or "").strip():
                    entry["description"] = confiscated_property.strip().rstrip("。；;")
                out.append(entry)
        elif value:
            out.append({"kind": label})
    return out


def base_context(log: CaseLog, act, number: str) -> dict:
    case = log.case
    body = case.body
    registered = log.acts[0] if log.acts else act
    ctx = {
        "document_number": number,
        "body": {"name": body.name, "address": body.address, "phone": body.phone},
        "party": {k: v for k, v in log.party.items() if v not in (None, "")},
        "case": {
            "number": case.number or "", "cause": case.cause,
            "source": SourceKind(case.source_kind).label if case.source_kind else "",
            "registered_on": registered.date, "filed_on": None,
        },
        "handlers": [],
        "officers": _people(act.officers),
        "remedies": remedies(body),
        "issued_on": act.date,
    }
    extend = BASES.get(log.procedure.code)
    if extend is not None:
        extend(log, act, ctx)
    return ctx


# --- helpers the builders share -------------------------------------------------------------------------------

CF = "《中华人民共和国行政处罚法》"


QZ = "《中华人民共和国行政强制法》"



def _cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def payment_instructions(document: str = "本决定书") -> str:
    return f"持{document}到广东省非税收入代理银行网点缴纳，或者通过广东省非税收入电子缴款渠道在线缴纳。"


def _you(party: dict) -> str:
    """How a notice addresses the party (as the templates' ``you`` filter does)."""
    return "你" if party.get("kind") == "person" else "你单位"


def _names(people) -> str:
    return "、".join(p["name"] for p in people or () if p.get("name"))


def _moment(value) -> datetime.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return timezone.localtime(value)


def _yuan(amount: Decimal) -> str:
    return f"人民币{amount:,.2f}元"


def _number(act, code: str) -> str:
    return ((act.get("document_numbers") or {}).get(code, "") if act else "") or ""


def _contact(ctx) -> dict:
    return {"name": _names(ctx["handlers"]), "phone": ctx["body"]["phone"], "address": ctx["body"]["address"]}


def _signed(act, default: str) -> dict:
    """An approval block (意见, 签名, 日期) from the act of the person approving."""
    return {"opinion": act.get("opinion") or default, "name": act.get("actor_name", ""), "on": act.date}


def _at_body(ctx) -> str:
    body = ctx["body"]
    return f"{body['name']}（{body['address']}）" if body.get("address") else body["name"]


def _penalty_phrase(entries) -> str:
    return "、".join(f"{e['kind']}{_yuan(e['amount'])}" if e.get("amount") else e["kind"] for e in entries)


def _unpaid(log) -> Decimal:
    return max(log.fine - log.paid, Decimal("0"))


def _owed(log, total: Decimal) -> list[dict]:
    """What the party owes, split into the unpaid fine and the surcharge on top of it."""
    fine = min(_unpaid(log), total) if total > 0 else _unpaid(log)
    items = [{"name": "罚款", "amount": fine}] if fine > 0 else []
    if total > fine:
        items.append({"name": "加处罚款", "amount": total - fine,
                      "description": f"依照{CF}第七十二条第一款第（一）项加处，不超出罚款数额"})
    return items


def _provisional_note(state) -> str:
    """A date counted through a year not entered is printed as 暂定, with the reason (LEGAL.md §1)."""
    return f"（上述日期为暂定：{state.provisional_reason}）" if state is not None and state.provisional else ""


def _arrears(log, who: str, as_of: str) -> str:
    paid = f"已缴纳{_yuan(log.paid)}，" if log.paid > 0 else ""
    return f"截至{as_of}，{who}{paid}尚有罚款{_yuan(_unpaid(log))}未缴纳。"


_SPEAKER = re.compile(r"^\s*([^：:，。；、\s]{1,20})\s*[：:]\s*(.+)$")


def _spoken(lines, default: str) -> list[tuple[str, str]]:
    """Record lines as (speaker, text): "主持人：……" keeps its speaker; a line without one is ``default``'s."""
    out = []
    for line in lines:
        match = _SPEAKER.match(line)
        out.append((match[1], match[2]) if match else (default, line))
    return out


def _qa(lines) -> list[dict]:
    """An inquiry's record as questions and answers: lines written "问：……" / "答：……" pair up and a line without
    either continues the answer before it; a record not kept as questions and answers is the respondent's account,
    after the customary question."""
    items: list[dict] = []
    for line in lines:
        match = _SPEAKER.match(line)
        speaker, text = (match[1], match[2]) if match and match[1] in ("问", "答") else ("", line)
        if speaker == "问":
            items.append({"q": text, "a": ""})
        elif items:
            items[-1]["a"] += text
        else:
            items.append({"q": "请如实陈述有关情况。", "a": text})
    return items


def _relation(person: dict, party: dict) -> str:
    if person.get("relation"):
        return person["relation"]
    if person.get("name") and person["name"] == party.get("name"):
        return "当事人"
    if person.get("name") and person["name"] == party.get("legal_representative"):
        return "当事人的法定代表人"
    return ""


# --- the registry: what each procedure contributes --------------------------------------------------------------

Builder = Callable[["CaseLog", object, dict], "bool | None"]

BUILDERS: dict[str, Builder] = {}  # document type -> builder(log, act, ctx): fills ctx; False = the act makes no such document
BASES: dict[str, Builder] = {}  # procedure code -> what that procedure adds to every document's base
# (procedure code, document type) -> builder: a library type another procedure also issues, filled from this one's acts
PROCEDURE_BUILDERS: dict[tuple[str, str], Builder] = {}


def register_builder(doc_type: str, builder: Builder) -> None:
    """``builder`` fills the documents of type ``doc_type``; a type has one builder, whichever procedure issues it."""
    if BUILDERS.get(doc_type, builder) is not builder:
        raise ValueError(f"document type {doc_type!r} already has a builder: {BUILDERS[doc_type].__qualname__}")
    BUILDERS[doc_type] = builder


def register_builders(builders: dict[str, Builder]) -> None:
    for doc_type, builder in builders.items():
        register_builder(doc_type, builder)


def register_procedure_builder(procedure_code: str, doc_type: str, builder: Builder) -> None:
    """``builder`` fills the documents of type ``doc_type`` that cases of ``procedure_code`` issue, in place of the
    type's own builder (the library's 责令（限期）改正通知书 issued by an inspection, docs/decisions/0043)."""
    key = (procedure_code, doc_type)
    if PROCEDURE_BUILDERS.get(key, builder) is not builder:
        raise ValueError(f"document type {doc_type!r} of {procedure_code!r} already has a builder")
    PROCEDURE_BUILDERS[key] = builder


def register_base(procedure_code: str, builder: Builder) -> None:
    """``builder`` adds to the base of every document a case of ``procedure_code`` issues (handlers, filing date)."""
    BASES[procedure_code] = builder


def _generic(log, act, ctx):
    """Documents without a builder of their own get the act's own fields beside the base."""
    for key, value in act.data.items():
        ctx.setdefault(key, value)


def build_context(doc_type: str, log: CaseLog, act, number: str) -> dict | None:
    """The document's data, or None when ``act`` does not produce this document (a builder returns False)."""
    ctx = base_context(log, act, number)
    builder = PROCEDURE_BUILDERS.get((log.procedure.code, doc_type)) or BUILDERS.get(doc_type, _generic)
    if builder(log, act, ctx) is False:
        return None
    return ctx



def render_snapshot(document, *, pdf: bool = False, masked: bool = False):
    """Render a case document from its frozen snapshot with the template chain in force on the day of its act; an
    act older than the province's first template version is printed with the version in force today. ``masked``:
    every ID and phone number in it masked (``core.masking.mask_personal``), for a reader who does not act on the
    case (a supervisor under a 第三十七条 grant) and so sees the case's act data masked too (DESIGN §5.9)."""
    from yuezhifa.core.masking import mask_personal
    from yuezhifa.documents.errors import NoActiveTemplate
    from yuezhifa.documents.rendering import render_html, render_pdf

    from .engine import local_date

    render = render_pdf if pdf else render_html
    case = document.case
    options = {"domain": case.item.domain if case.item_id else None, "body": case.body}

    def context():
        thawed = thaw(document.context)
        return mask_personal(thawed) if masked else thawed

    try:
        return render(document.doc_type, context(), on=local_date(document.act.performed_at), **options)
    except NoActiveTemplate:
        return render(document.doc_type, context(), **options)


def __getattr__(name: str):
    """Helpers that moved to the procedures' own document builders, for callers that still import them from here."""
    if name == "_due":
        from .procedures.penalty_documents.execution import _due

        return _due
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# the procedures register their builders when imported; imported last, because their builders import this module
from . import procedures  # noqa: E402, F401
from .procedures.penalty import money  # noqa: E402
