"""The documents acts produce: each filled from the case's log with the body's number, frozen with the act, and
rendered by the template library (documents app) when someone previews or prints it.

``build_context`` gives every document the same base (number, body, party, case, officers) and adds what its type
needs from the act and the acts before it. The snapshot is stored as JSON with dates and money tagged, so that the
rendered document shows exactly what it showed the day it was issued.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.vocabulary import BUILTIN_BY_CODE, PenaltyType

from .engine import CaseLog, local_date
from .models import SourceKind
from .procedures.execution import power_citation
from .procedures.penalty import date_of, hearing_rights, money

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


def penalty_entries(penalties: dict) -> list[dict]:
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
                out.append({"kind": label, "amount": money(value)})
        elif value:
            out.append({"kind": label})
    return out


def base_context(log: CaseLog, act, number: str) -> dict:
    case = log.case
    body = case.body
    handlers = log.value("file", "handler_cards") or []
    file_act = log.last("file")
    registered = log.acts[0] if log.acts else act
    return {
        "document_number": number,
        "body": {"name": body.name, "address": body.address, "phone": body.phone},
        "party": {k: v for k, v in log.party.items() if v not in (None, "")},
        "case": {
            "number": case.number or "", "cause": case.cause,
            "source": SourceKind(case.source_kind).label if case.source_kind else "",
            "registered_on": registered.date, "filed_on": file_act.date if file_act else None,
        },
        "handlers": _people(handlers),
        "officers": _people(act.officers) or _people(handlers),
        "remedies": remedies(body),
        "issued_on": act.date,
    }


# --- per document type ---------------------------------------------------------------------------------------------


def _filing(log, act, ctx):
    ctx.update({
        "summary": _lines(act.get("summary")),
        "filing_opinion": f"建议立案调查，由{'、'.join(h['name'] for h in ctx['handlers'])}承办。",
        "filing_opinion_on": log.last("verify_source").date if log.has("verify_source") else act.date,
        "approval": {"opinion": act.get("opinion") or "同意立案。", "name": act.get("actor_name", ""), "on": act.date},
        "notes": "",
    })


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
        "penalties": penalty_entries(proposed),
        "statement_days": log.rules["penalty.statement"].amount,
        "hearing_rights": bool(act.get("hearing_rights")),
        "contact": {"name": "、".join(h["name"] for h in ctx["handlers"]), "phone": ctx["body"]["phone"],
                    "address": ctx["body"]["address"]},
        "issued_on": act.date,
    })


def _procedure_paragraph(log) -> list[str]:
    parts = []
    file_act, notice = log.last("file"), log.last("notify")
    if file_act:
        parts.append(f"{log.case.cause}一案，本机关于{_cn(file_act.date)}立案调查。")
    if notice:
        served_on = date_of(notice.get("served_on")) or notice.date
        number = notice.get("document_numbers", {}).get("penalty_advance_notice", "")
        parts.append(f"{_cn(served_on)}，本机关向当事人送达了《行政处罚事先告知书》" + (f"（{number}）" if number else "")
                     + "，告知当事人拟作出行政处罚的内容及事实、理由、依据，以及依法享有的陈述、申辩"
                     + ("、要求听证" if notice.get("hearing_rights") else "") + "权利。")
    statements = log.all("record_statement")
    if statements and not all(s.get("waived") for s in statements):
        parts.append("当事人提出了陈述、申辩意见，本机关已进行复核。")
    elif statements:
        parts.append("当事人明确放弃陈述、申辩权利。")
    elif notice:
        parts.append("当事人在法定期限内未提出陈述、申辩意见。")
    if log.has("hold_hearing"):
        parts.append("应当事人要求，本机关依法举行了听证。")
    if log.has("legal_review"):
        parts.append("本案经法制审核。")
    if log.has("collective_discussion"):
        parts.append("本案经本机关负责人集体讨论决定。")
    parts.append("本案现已调查终结。")
    return ["".join(parts)]


def _cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _decision(log, act, ctx):
    report = log.last("finish_investigation")
    penalties = act.get("penalties") or {}
    fine = money(penalties.get("fine"))
    discretion = act.get("discretion") or {}
    ctx.update({
        "procedure": _procedure_paragraph(log),
        "facts": _lines(act.get("facts")) or (_lines(report.get("facts")) if report else []),
        "evidence": _lines(report.get("evidence")) if report else [],
        "violated": _lines(report.get("violated")) if report else [],
        "violation_name": f"{log.case.cause}的违法行为",
        "discretion": (discretion.get("reason") or log.value("notify", "reasons") or ""),
        "basis": _lines(act.get("basis")) or _lines(report.get("basis") if report else None),
        "penalties": penalty_entries(penalties),
        "fine_total": fine if fine > 0 else None,
        "amount_total": fine if fine > 0 else None,
        "correction": "本机关已责令当事人改正上述违法行为（《中华人民共和国行政处罚法》第二十八条第一款）。",
        # the template itself prints the late-payment surcharge (第七十二条) after the payment method
        "performance": ("当事人应当自收到本决定书之日起十五日内缴纳罚款（《中华人民共和国行政处罚法》第六十七条第三款）。"
                        if fine > 0 else "当事人应当自收到本决定书之日起履行上述行政处罚决定。")
        + (f"罚款以外的行政处罚，当事人应当于{_cn(date_of(act.get('perform_by')))}前履行。"
           if act.get("perform_by") else ""),
        "payment": {"instructions": payment_instructions()}
        if fine > 0 else {},
        "decided_on": act.date,
        "to_be_published": True,
    })
    if act.code == "change_decision":  # 变更行政处罚决定 (处罚法 第六十一条; docs/decisions/0028)
        earlier = next((a for a in reversed(log.acts) if a.seq < act.seq
                        and a.code in ("decide", "change_decision")), None)
        number = _number(earlier, "penalty_decision")
        ctx["replaces"] = number
        ctx["procedure"] = [*ctx["procedure"], f"本机关于{_cn(earlier.date)}作出的行政处罚决定" + (f"（{number}）" if number else "")
                            + f"，因{act.get('reason') or ''}，现予变更，原决定不再执行。"]


def _on_the_spot(log, act, ctx):
    penalties = act.get("penalties") or {}
    fine = money(penalties.get("fine"))
    ctx.update({
        "facts": act.get("facts", ""),
        "violated": _lines(act.get("violated")),
        "basis": _lines(act.get("basis")),
        "penalties": penalty_entries(penalties),
        "has_fine": fine > 0,
        "fine_total": fine if fine > 0 else None,
        "performance": ("当事人应当自收到本决定书之日起十五日内到指定的银行或者通过电子支付系统缴纳罚款"
                        "（《中华人民共和国行政处罚法》第六十七条第三款）。" if fine > 0 else ""),
        "decided_at": timezone.localtime(act.performed_at),
        "place": act.place or "",
        "refused_to_sign": bool(act.get("refused_to_sign")),
    })


def _service(log, act, ctx):
    code = act.get("document", "penalty_decision")
    decision = next((a for a in reversed(log.acts) if code in (a.get("document_numbers") or {})), None)
    number = (decision.get("document_numbers") or {}).get(code, "") if decision else ""
    names = {"penalty_decision": "行政处罚决定书", "no_penalty_decision": "不予行政处罚决定书"}
    ctx.update({
        "documents": [{"name": names.get(code, code), "number": number, "copies": 1}],
        "recipient": {"name": act.get("recipient", "")},
        "place": act.place or ctx["party"].get("address", ""),
        "method": dict(_SERVICE_METHODS).get(act.get("method"), act.get("method", "")),
        "servers": ctx["officers"],
        "served_on": date_of(act.get("served_on")),
        "notes": "",
    })


_SERVICE_METHODS = [("on_the_spot", "宣告后当场交付"), ("direct", "直接送达"), ("post", "邮寄送达"),
                    ("announcement", "公告送达")]


# --- helpers the builders share -------------------------------------------------------------------------------

CF = "《中华人民共和国行政处罚法》"
QZ = "《中华人民共和国行政强制法》"


DECISIONS = (  # (act, document, name) of the decisions a case can end in; a changed decision replaces the first
    ("change_decision", "penalty_decision", "行政处罚决定书"),
    ("decide", "penalty_decision", "行政处罚决定书"),
    ("decide_on_spot", "on_the_spot_decision", "当场行政处罚决定书"),
    ("decide_no_penalty", "no_penalty_decision", "不予行政处罚决定书"),
)


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


def _served_on(log, code: str, decision) -> datetime.date | None:
    """When the decision ``code`` reached the party: the service of it, or the day an on-the-spot decision was
    handed over (处罚法 第五十二条第二款)."""
    if code == "on_the_spot_decision":
        return decision.date
    from .procedures.penalty import email_services

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


def _report_lines(log, key: str) -> list[str]:
    return _lines(log.value("finish_investigation", key))


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


# --- 立案 --------------------------------------------------------------------------------------------------------


def _source_register(log, act, ctx):
    ctx.update({
        "summary": _lines(act.get("summary")),
        "informant": {"name": act.get("reporter")} if act.get("reporter") else {},
        "handlers": [{"name": act.get("actor_name", "")}],
        "handler_opinion_on": act.date,
    })


def _nonfiling(log, act, ctx):
    verify = log.last("verify_source")
    ctx.update({
        "summary": _lines(verify.get("findings")) if verify else _lines(log.value("register_source", "summary")),
        "reasons": _lines(act.get("reason")),
        "handlers": _people(verify.officers) if verify else [],
        "handler_opinion": "经核查，建议不予立案。",
        "handler_opinion_on": verify.date if verify else act.date,
        "approval": _signed(act, "同意不予立案。"),
    })


# --- 调查 --------------------------------------------------------------------------------------------------------


def _relation(person: dict, party: dict) -> str:
    if person.get("relation"):
        return person["relation"]
    if person.get("name") and person["name"] == party.get("name"):
        return "当事人"
    if person.get("name") and person["name"] == party.get("legal_representative"):
        return "当事人的法定代表人"
    return ""


def _inquiry(log, act, ctx):
    if act.get("kind") != "inquiry":
        return False
    respondent = {"name": act.get("subject", ""), **(act.get("respondent") or {})}
    respondent["relation"] = _relation(respondent, ctx["party"])
    if respondent["relation"] == "当事人的法定代表人":
        respondent.setdefault("employer", ctx["party"].get("name"))
    ctx.update({
        "started_at": _moment(act.performed_at), "ended_at": _moment(act.get("ended_at")),
        "place": act.place,  # 询问地点 is the record's own (第五十五条第二款): no fallback
        "respondent": {k: v for k, v in respondent.items() if v},
        "qa": _qa(_lines(act.get("record"))),
    })
    return None


def _inspection(log, act, ctx):
    if act.get("kind") != "inspection":
        return False
    subject, present = act.get("subject", ""), act.get("respondent") or {}
    address = ctx["party"].get("address")
    ctx.update({
        "started_at": _moment(act.performed_at), "ended_at": _moment(act.get("ended_at")),
        # an inspection takes place where what is inspected is
        "place": act.place or (f"{subject}（{address}）" if address and subject else subject or address or ""),
        "present": {k: present.get(k) for k in ("name", "position", "phone") if present.get(k)},
        "findings": _lines(act.get("record")),
    })
    return None


def _preservation(log, act, ctx):
    approval = next((a for a in log.all("approve_preservation") if a.seq == act.get("approval_seq")), None)
    items = [{"name": text} for text in _lines(act.get("items"))]
    storage = act.get("storage_place") or act.place or ctx["party"].get("address", "")
    ctx.update({
        "reason": act.get("reason", ""),
        # the head's approval act (处罚法 第五十六条); acts recorded before it existed typed the approver's name
        "approved_on": approval.date if approval else date_of(act.get("approved_on")) or act.date,
        "approved_by": approval.get("actor_name", "") if approval else act.get("approved_by", ""),
        "preserved_on": act.date,
        "items": items,
        "storage": {"place": storage},
        "contact": _contact(ctx),
    })


_MEASURES = {"release": "解除先行登记保存", "seize": "依法采取查封、扣押", "confiscate": "依法予以没收", "return": "退还"}


def _preservation_handling(log, act, ctx):
    """Handles the preservation it names; one recorded before it named one handled every preservation still open."""
    before = [a for a in log.all("handle_preserved") if a.seq < act.seq]
    since = before[-1].seq if before else 0
    handled = [a for a in log.all("preserve_evidence") if a.seq == act.get("preservation_seq")]
    handled = handled or [a for a in log.all("preserve_evidence") if since < a.seq < act.seq] \
        or log.all("preserve_evidence")[-1:]
    measure = _MEASURES.get(act.get("measure"), act.get("measure", ""))
    first = handled[0] if handled else None
    ctx.update({
        "preservation": {"number": "、".join(n for n in (_number(a, "evidence_preservation_notice") for a in handled)
                                             if n),
                         "preserved_on": first.date if first else None},
        "items": [{"name": text, "handling": measure} for a in handled for text in _lines(a.get("items"))],
        "handling": [f"处理决定：{measure}。理由：{act.get('reason', '')}"],
        "contact": _contact(ctx),
    })


def _investigation_steps(log, until_seq: int) -> list[str]:
    steps = []
    for a in log.acts:
        if a.seq >= until_seq:
            break
        on = _cn(a.date)
        if a.code == "investigate":
            inquiry = a.get("kind") == "inquiry"
            steps.append(f"{on}，执法人员{_names(a.officers)}对{a.get('subject', '')}进行了"
                         f"{'询问，制作了询问笔录' if inquiry else '现场检查，制作了现场检查（勘验）笔录'}。")
        elif a.code == "preserve_evidence":
            number = _number(a, "evidence_preservation_notice")
            steps.append(f"{on}，经本机关负责人批准，执法人员对{'、'.join(_lines(a.get('items')))}予以先行登记保存"
                         + (f"（{number}）" if number else "") + "。")
        elif a.code == "handle_preserved":
            steps.append(f"{on}，本机关对先行登记保存的证据作出处理决定：{_MEASURES.get(a.get('measure'), '')}。")
    titles = [a.get("title", "") for a in log.all("collect_evidence") if a.seq < until_seq]
    if titles:
        steps.append(f"调查中，执法人员收集了{'、'.join(titles)}{'等' if len(titles) > 1 else ''}证据。")
    return steps


_RECOMMENDATIONS = {
    "penalty": f"依照{CF}第五十七条第一款第（一）项的规定，建议对当事人作出如下行政处罚：",
    "no_penalty_minor": f"当事人的违法行为轻微，依法可以不予行政处罚，建议依照{CF}第五十七条第一款第（二）项的规定"
                        "不予行政处罚。",
    "no_penalty_unproven": f"当事人的违法事实不能成立，建议依照{CF}第五十七条第一款第（三）项的规定不予行政处罚。",
    "transfer": f"当事人的违法行为涉嫌犯罪，建议依照{CF}第二十七条第一款、第五十七条第一款第（四）项的规定移送司法机关。",
}


def _circumstances(codes) -> str:
    names = [BUILTIN_BY_CODE[c].name for c in codes or () if c in BUILTIN_BY_CODE]
    return f"当事人具有{'、'.join(names)}的情节。" if names else ""


def _final_report(log, act, ctx):
    proposal = act.get("proposal", "")
    penalties = penalty_entries(act.get("proposed") or {}) if proposal == "penalty" else []
    ctx.update({
        "procedure": _investigation_steps(log, act.seq),
        "facts": _lines(act.get("facts")),
        "evidence": _lines(act.get("evidence")),
        "violated": _lines(act.get("violated")),
        "violation_name": f"{log.case.cause}的违法行为",
        "basis": _lines(act.get("basis")),
        "discretion": _circumstances(act.get("circumstances")),
        "recommendation": (_RECOMMENDATIONS.get(proposal, "") if penalties or proposal != "penalty"
                           else f"依照{CF}第五十七条第一款第（一）项的规定，建议对当事人给予行政处罚。"),
        "penalties": penalties,
        "hearing_applicable": bool(penalties) and hearing_rights(log.party_kind, act.get("proposed") or {}),
        "reported_on": act.date,
    })


# --- 告知、陈述申辩、听证 -------------------------------------------------------------------------------------------


def _notice_reference(log) -> dict:
    notice = log.last("notify")
    if notice is None:
        return {}
    return {"name": "行政处罚事先告知书", "number": _number(notice, "penalty_advance_notice"),
            "served_on": date_of(notice.get("served_on")) or notice.date}


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


# --- 审核、讨论、决定 ----------------------------------------------------------------------------------------------


def _review_grounds(log) -> str:
    review = log.last("review")
    grounds = []
    if review is not None and review.get("major_public_interest"):
        grounds.append("第（一）项规定的涉及重大公共利益")
    if log.has("hold_hearing"):
        grounds.append("第（二）项规定的直接关系当事人或者第三人重大权益，经过听证程序")
    if review is not None and review.get("complex_case"):
        grounds.append("第（三）项规定的案件情况疑难复杂、涉及多个法律关系")
    if review is not None and review.get("other_review_ground"):
        grounds.append(f"第（四）项规定的法律、法规规定应当进行法制审核的其他情形（{review.get('other_review_ground')}）")
    return f"{CF}第五十八条第一款" + "，以及".join(grounds) if grounds else ""


def _reviewer(act) -> dict:
    from yuezhifa.org.models import User

    user = User.objects.filter(pk=act.actor_id).select_related("officer").first() if act.actor_id else None
    officer = getattr(user, "officer", None)
    reviewer = {"name": act.get("actor_name", "")}
    if officer is not None and officer.legal_qualification_no:
        reviewer["qualification"] = officer.legal_qualification_no
    return reviewer


def _legal_review(log, act, ctx):
    ctx.update({
        "review_ground": _review_grounds(log),
        "findings": [{"item": "审核意见", "opinion": text} for text in _lines(act.get("opinion"))],
        "conclusion": "审核通过。" if act.get("passed") else "审核未通过。",
        "reviewers": [_reviewer(act)],
        "reviewed_on": act.date,
    })


def _collective(log, act, ctx):
    participants = [{"name": name} for name in _lines(act.get("participants"))]
    ctx.update({
        "started_at": _moment(act.performed_at),
        "place": act.place or _at_body(ctx),
        "presider": {"name": act.get("presider") or act.get("actor_name", "")},
        "recorder": {"name": act.get("recorder") or act.get("actor_name", "")},
        "attendees": participants,
        "report": _report_lines(log, "facts"),
        "speeches": [{"name": who, "opinion": text} for who, text in _spoken(_lines(act.get("record")), "讨论情况")],
        "conclusion": _lines(act.get("conclusion")),
    })


def _statement_summary(log) -> list[str]:
    lines = []
    notice = _notice_reference(log)
    if notice:
        lines.append(f"{_cn(notice['served_on'])}送达《行政处罚事先告知书》"
                     + (f"（{notice['number']}）" if notice["number"] else "") + "。")
    for a in log.all("record_statement"):
        if a.get("waived"):
            lines.append(f"当事人于{_cn(a.date)}明确放弃陈述、申辩权利。")
        else:
            lines.append(f"当事人于{_cn(a.date)}提出陈述、申辩：{a.get('content', '')}经复核：{a.get('review', '')}"
                         + ("意见成立，予以采纳。" if a.get("adopted") else ""))
    if notice and not log.has("record_statement"):
        lines.append("当事人在法定期限内未提出陈述、申辩意见。")
    if log.has("hold_hearing"):
        hearing = log.last("hold_hearing")
        lines.append(f"当事人要求听证，本机关于{_cn(hearing.date)}举行了听证。")
    elif log.value("notify", "hearing_rights"):
        lines.append("当事人未要求听证。")
    return lines


def _decision_approval(log, act, ctx):
    report = log.last("finish_investigation")
    legal = log.last("legal_review")
    discussion = log.last("collective_discussion")
    ctx.update({
        "facts": _lines(act.get("facts")) or _report_lines(log, "facts"),
        "evidence": _report_lines(log, "evidence"),
        "violated": _report_lines(log, "violated"),
        "basis": _lines(act.get("basis")) or _report_lines(log, "basis"),
        "discretion": (act.get("discretion") or {}).get("reason") or log.value("notify", "reasons") or "",
        "statement_summary": _statement_summary(log),
        "collective_discussion": (f"{_cn(discussion.date)}经本机关负责人集体讨论：{discussion.get('conclusion', '')}"
                                  if discussion else ""),
        "handler_opinion": "建议对当事人作出如下行政处罚：",
        "penalties": penalty_entries(act.get("penalties") or {}),
        "handler_opinion_on": report.date if report else act.date,
        "legal_review": _signed(legal, "") if legal else {},
        "approval": _signed(act, "同意。"),
    })


def _no_penalty(log, act, ctx):
    minor = log.value("review", "outcome") == "no_penalty_minor"
    violated = _report_lines(log, "violated") if minor else []
    file_act = log.last("file")
    ctx.update({
        "procedure": [f"{log.case.cause}一案，本机关于{_cn(file_act.date)}立案调查，现已调查终结。"] if file_act else [],
        "facts": _report_lines(log, "facts"),
        "evidence": _report_lines(log, "evidence"),
        "violated": violated,
        "violation_name": f"{log.case.cause}的违法行为" if violated else "",
        "ground": _lines(act.get("reason")),
        "basis": _lines(act.get("basis")),
        "education": (f"依照{CF}第三十三条第三款的规定，本机关对当事人进行教育：当事人应当严格遵守"
                      f"{'、'.join(violated)}的规定，杜绝同类违法行为再次发生。") if violated else "",
        "contact": _contact(ctx),
        "decided_on": act.date,
    })


# --- 执行 --------------------------------------------------------------------------------------------------------


def _instalments(act) -> list[dict]:
    schedule = []
    for index, line in enumerate(act.get("instalments") or (), start=1):
        try:
            schedule.append({"due_on": date_of(line.get("due_on") or line.get("date")),
                             "amount": money(line.get("amount"))})
        except (ValueError, TypeError, ArithmeticError):
            raise DomainError(f"分期计划第{index}期的日期或者金额无效（日期如 2026-12-31，金额如 1000.00）。",
                              field="instalments") from None
    return schedule


def _deferral(log, act, ctx):
    amount = _unpaid(log)
    schedule = (_instalments(act) if act.get("kind") == "instalments" else []) \
        or [{"due_on": date_of(act.get("until")), "amount": amount}]
    ctx.update({
        "decision": _the_decision(log),
        "applied_on": date_of(act.get("applied_on")),
        "reason": act.get("reason", ""),
        "amount": amount,
        "schedule": schedule,
        "payment": {"instructions": payment_instructions()},
        "contact": _contact(ctx),
        "decided_on": act.date,
    })


def _due(log, who: str) -> str:
    """When the fine was due: the deferral's last day if one was granted, else the end of the payment period."""
    deferral, pay = log.last("approve_deferral"), log.deadline("penalty.pay")
    due = date_of(deferral.get("until")) if deferral else pay.due if pay else None
    if not due:
        return ""
    return f"依照该决定，{who}应当于{_cn(due)}前缴纳罚款{_yuan(log.fine)}。" + (
        _provisional_note(pay) if not deferral else "")


def _provisional_note(state) -> str:
    """A date counted through a year not entered is printed as 暂定, with the reason (LEGAL.md §1)."""
    return f"（上述日期为暂定：{state.provisional_reason}）" if state is not None and state.provisional else ""


def _arrears(log, who: str, as_of: str) -> str:
    paid = f"已缴纳{_yuan(log.paid)}，" if log.paid > 0 else ""
    return f"截至{as_of}，{who}{paid}尚有罚款{_yuan(_unpaid(log))}未缴纳。"


def _reminder(log, act, ctx):
    items = _owed(log, money(act.get("amount_due")))
    wait = log.deadline("compulsion.reminder_wait")
    ctx.update({
        "decision": _the_decision(log),
        "obligation": _due(log, _you(ctx["party"])) + _arrears(log, _you(ctx["party"]), "本催告书作出之日")
        + ("" if act.get("deadline") else _provisional_note(wait).replace("上述日期", "本催告书的履行期限")),
        "deadline": date_of(act.get("deadline")) or (wait.due if wait else None),
        "method": act.get("manner", ""),
        "monetary": True,
        "items": items,
        "amount": sum((i["amount"] for i in items), Decimal("0")),
        "payment": {"instructions": payment_instructions("本催告书")},
        "statement_days": act.get("statement_days") or 3,
        "application_to_court": True,
        "contact": _contact(ctx),
    })


def _other_obligations(log) -> list[dict]:
    """The obligations besides the fine the party has not performed (强制法 第五十三条; docs/decisions/0028)."""
    from .procedures.penalty import OBLIGATIONS, other_obligation, penalties_in_force

    if not other_obligation(log):
        return []
    penalties = penalties_in_force(log)
    entries = penalty_entries({k: penalties.get(k) for k in OBLIGATIONS})
    return [{"name": e["kind"], "amount": None, "description": "被申请人未在履行期限内履行"} for e in entries]


def _decision_summary(log, decision) -> str:
    violated, basis = _report_lines(log, "violated"), _report_lines(log, "basis")
    if log.has("decide_on_spot"):
        spot = log.last("decide_on_spot")
        violated, basis = _lines(spot.get("violated")), _lines(spot.get("basis"))
    return (f"被申请人{log.case.cause}" + (f"，违反了{'、'.join(violated)}的规定" if violated else "")
            + "，本机关" + (f"依照{'、'.join(basis)}的规定，" if basis else "")
            + f"对其{decision.get('content', '')}")


def _court_application(log, act, ctx):
    decision = _the_decision(log)
    remind = log.last("remind")
    items = _owed(log, money(remind.get("amount_due")) if remind else Decimal("0"))
    items += _other_obligations(log)
    litigation = log.deadline("remedy.litigation")
    deferral = log.last("approve_deferral")
    ctx.update({
        "head": {"name": act.get("actor_name", "")},
        "court": act.get("court", ""),
        "decision": {**decision, "summary": _decision_summary(log, decision),
                     "reasons": _lines(f"经被申请人申请，本机关于{_cn(deferral.date)}决定准许其延期（分期）缴纳罚款"
                                       f"（{_number(deferral, 'payment_deferral_decision')}）。") if deferral else []},
        "remedy_deadline": litigation.due if litigation and not log.has("record_remedy") else None,
        "reminder_number": _number(remind, "reminder"),
        "reminder_served_on": date_of(remind.get("served_on")) if remind else None,
        "party_opinion": act.get("party_opinion") or _arrears(log, "被申请人", "申请之日"),
        "object": items,
        "object_total": sum((i["amount"] or Decimal("0") for i in items), Decimal("0")),
        "attachments": [{"name": text} for text in _lines(act.get("materials"))],
        "applied_on": act.date,
    })


def _enforcement(log, act, ctx):
    remind = log.last("remind")
    wait = log.deadline("compulsion.perform") or log.deadline("compulsion.reminder_wait")
    deadline = (date_of(remind.get("deadline")) if remind else None) or (wait.due if wait else None)
    ctx.update({
        "decision": _the_decision(log),
        "reminder": {"number": _number(remind, "reminder"),
                     "served_on": date_of(remind.get("served_on")) if remind else None, "deadline": deadline},
        "reason": [_due(log, "当事人") + _arrears(log, "当事人", "本决定作出之日")
                   + "经催告，当事人逾期仍不履行，且无正当理由。"],
        "basis": [f"{QZ}第三十七条", power_citation(act)],
        "method": act.get("measure", ""),
        "time": act.get("time") or f"本决定书送达后依法实施（不在夜间或者法定节假日实施，{QZ}第四十三条）",
        "contact": _contact(ctx),
        "decided_on": act.date,
    })


# --- 移送、结案 ----------------------------------------------------------------------------------------------------

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


_RETENTION = {"permanent": "永久", "30y": "30年", "10y": "10年"}


def _dossier_cover(log, act, ctx):
    decision = _the_decision(log)
    ctx["case"]["closed_on"] = act.date
    ctx["case"]["filed_on"] = ctx["case"]["filed_on"] or (decision.get("decided_on") if log.has("decide_on_spot")
                                                          else None)
    ctx.update({
        "decision_number": decision.get("number", ""),
        "outcome": _penalty_phrase(decision.get("penalties") or []) or ("移送司法机关" if log.has("transfer") else ""),
        "retention": _RETENTION.get(act.get("retention"), act.get("retention") or ""),
        "volume_count": 1,
    })


def _dossier_index(log, act, ctx):
    """The case's documents in the order the acts produced them, the closing approval last."""
    from yuezhifa.documents.models import DocumentType

    from .models import CaseDocument

    rows = CaseDocument.objects.filter(case=log.case).select_related("act").order_by("act__seq", "created_at")
    entries = []
    for doc in rows:
        served = (doc.context.get("documents") or [{}])[0].get("name") if doc.doc_type == "service_receipt" else ""
        entries.append({"title": f"{doc.title}（{served}）" if served else doc.title,
                        "number": doc.number or doc.context.get("document_number") or "",
                        "date": local_date(doc.act.performed_at)})
    spec = log.procedure.act(act.code)
    if spec is not None and "case_closing_approval" in spec.documents:
        name = DocumentType.objects.filter(code="case_closing_approval").values_list("name", flat=True).first()
        entries.append({"title": name or "结案审批表", "number": "", "date": act.date})
    ctx["entries"] = [{"seq": index, **entry} for index, entry in enumerate(entries, start=1)]


BUILDERS = {
    "case_source_register": _source_register,
    "case_filing_approval": _filing,
    "case_nonfiling_approval": _nonfiling,
    "inquiry_record": _inquiry,
    "inspection_record": _inspection,
    "evidence_preservation_notice": _preservation,
    "evidence_preservation_handling_notice": _preservation_handling,
    "investigation_final_report": _final_report,
    "penalty_advance_notice": _notice,
    "statement_record": _statement,
    "hearing_notice": _hearing_notice,
    "hearing_record": _hearing_record,
    "hearing_report": _hearing_report,
    "legal_review_opinion": _legal_review,
    "collective_discussion_record": _collective,
    "penalty_decision_approval": _decision_approval,
    "penalty_decision": _decision,
    "no_penalty_decision": _no_penalty,
    "on_the_spot_decision": _on_the_spot,
    "service_receipt": _service,
    "payment_deferral_decision": _deferral,
    "reminder": _reminder,
    "court_enforcement_application": _court_application,
    "enforcement_decision": _enforcement,
    "criminal_transfer": _criminal_transfer,
    "case_closing_approval": _closing,
    "dossier_cover": _dossier_cover,
    "dossier_index": _dossier_index,
}


def _generic(log, act, ctx):
    """Documents without a builder of their own get the act's own fields beside the base."""
    for key, value in act.data.items():
        ctx.setdefault(key, value)


def build_context(doc_type: str, log: CaseLog, act, number: str) -> dict | None:
    """The document's data, or None when ``act`` does not produce this document (a builder returns False)."""
    ctx = base_context(log, act, number)
    if BUILDERS.get(doc_type, _generic)(log, act, ctx) is False:
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
