"""The documents of opening a case and investigating it: the source register, the filing and not-filing
approvals, inquiry and inspection records, evidence preservation and its handling, the final report."""

from __future__ import annotations

from yuezhifa.discretion.vocabulary import BUILTIN_BY_CODE

from ...documents import (
    CF,
    _cn,
    _contact,
    _lines,
    _moment,
    _names,
    _number,
    _people,
    _qa,
    _relation,
    _signed,
    penalty_entries,
    register_builders,
)
from ...models import EvidenceKind
from ..penalty import date_of, hearing_rights


def _source_register(log, act, ctx):
    ctx.update({
        "summary": _lines(act.get("summary")),
        "informant": {"name": act.get("reporter")} if act.get("reporter") else {},
        "handlers": [{"name": act.get("actor_name", "")}],
        "handler_opinion_on": act.date,
    })


def _filing(log, act, ctx):
    ctx.update({
        "summary": _lines(act.get("summary")),
        "filing_opinion": f"建议立案调查，由{'、'.join(h['name'] for h in ctx['handlers'])}承办。",
        "filing_opinion_on": log.last("verify_source").date if log.has("verify_source") else act.date,
        "approval": {"opinion": act.get("opinion") or "同意立案。", "name": act.get("actor_name", ""), "on": act.date},
        "notes": "",
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


def _evidence_extraction(log, act, ctx):
    """证据提取单 (处罚法 第四十六条、第五十五条第二款): evidence registered as taken from a named provider; evidence
    the officers gather themselves (no provider) has no extraction form."""
    provider = (act.get("provider") or "").strip()
    if not provider:
        return False
    if provider != ctx["party"].get("name"):
        ctx["party"] = {"name": provider}
    ctx.update({
        "extracted_at": _moment(act.performed_at),
        "place": act.place,
        "items": [{"name": act.get("title", ""), "kind": EvidenceKind(act.get("kind")).label if act.get("kind") else "",
                   "quantity": "", "note": act.get("description", "")}],
        "refused_to_sign": False,
    })
    return None


def _rectification(log, act, ctx):
    """责令（限期）改正通知书 (处罚法 第二十八条第一款): at once, or by the deadline the order sets."""
    deadline = date_of(act.get("deadline"))
    ctx.update({
        "facts": _lines(act.get("facts")),
        "violated": _lines(act.get("violated")),
        "basis": [],
        "requirements": _lines(act.get("requirements")),
        "time_limited": deadline is not None,
        "deadline": deadline,
        "contact": _contact(ctx),
    })


register_builders({
    "evidence_extraction_form": _evidence_extraction,
    "rectification_order": _rectification,
    "case_source_register": _source_register,
    "case_filing_approval": _filing,
    "case_nonfiling_approval": _nonfiling,
    "inquiry_record": _inquiry,
    "inspection_record": _inspection,
    "evidence_preservation_notice": _preservation,
    "evidence_preservation_handling_notice": _preservation_handling,
    "investigation_final_report": _final_report,
})
