"""The documents of review, discussion and decision: the legal review opinion, the collective discussion record,
the decision approval, the decisions (general, on the spot, no penalty) and their service receipt."""

from __future__ import annotations

from django.utils import timezone

from ...documents import (
    CF,
    _at_body,
    _cn,
    _contact,
    _lines,
    _moment,
    _number,
    _signed,
    _spoken,
    payment_instructions,
    penalty_entries,
    register_builders,
)
from ..penalty import date_of, money
from .common import _notice_reference, _report_lines


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
        "penalties": penalty_entries(act.get("penalties") or {},
                                     confiscated_property=act.get("confiscated_property") or ""),
        "handler_opinion_on": report.date if report else act.date,
        "legal_review": _signed(legal, "") if legal else {},
        "approval": _signed(act, "同意。"),
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


def _decision(log, act, ctx):
    report = log.last("finish_investigation")
    penalties = act.get("penalties") or {}
    fine = money(penalties.get("fine"))
    # 罚没款: the money the party pays over — the fine and the confiscated income; confiscated property is taken in
    # kind (its value is printed on its own line) and is not part of the sum.
    paid = fine + money(penalties.get("confiscate_income"))
    discretion = act.get("discretion") or {}
    ctx.update({
        "procedure": _procedure_paragraph(log),
        "facts": _lines(act.get("facts")) or (_lines(report.get("facts")) if report else []),
        "evidence": _lines(report.get("evidence")) if report else [],
        "violated": _lines(report.get("violated")) if report else [],
        "violation_name": f"{log.case.cause}的违法行为",
        "discretion": (discretion.get("reason") or log.value("notify", "reasons") or ""),
        "basis": _lines(act.get("basis")) or _lines(report.get("basis") if report else None),
        "penalties": penalty_entries(penalties, confiscated_property=act.get("confiscated_property") or ""),
        "fine_total": fine if fine > 0 else None,
        "amount_total": paid if paid > 0 else None,
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


def _address_confirmation(log, act, ctx):
    """送达地址确认书 (处罚法 第六十一条第二款; 民事诉讼法 第九十条): the address the party confirms and, when it consents
    to e-mail service, the address that receives the documents."""
    consent = bool(act.get("consent"))
    ctx.update({
        "recipient": {"name": act.get("recipient") or ctx["party"].get("name", "")},
        "postal_address": act.get("postal_address", ""),
        "phone": act.get("phone", ""),
        "consent": consent,
        "email": act.get("email", "") if consent else "",
        "signed_on": date_of(act.get("signed_on")),
    })


_SERVICE_METHODS = [("on_the_spot", "宣告后当场交付"), ("direct", "直接送达"), ("post", "邮寄送达"),
                    ("announcement", "公告送达")]


register_builders({
    "legal_review_opinion": _legal_review,
    "collective_discussion_record": _collective,
    "penalty_decision_approval": _decision_approval,
    "penalty_decision": _decision,
    "no_penalty_decision": _no_penalty,
    "on_the_spot_decision": _on_the_spot,
    "service_receipt": _service,
    "service_address_confirmation": _address_confirmation,
})
