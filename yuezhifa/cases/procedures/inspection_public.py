"""The 检查码 of an inspection (亮码入企, 深府规〔2025〕6号; LEGAL.md §4): a signed token for each approved (or emergency)
inspection, and what the enterprise sees when it scans it, without login: the body, the officers (name, certificate
number, valid or not today), the items and their basis, the approval, the notice, the check-in and check-out times.

Never on the page: identity numbers, phones, addresses of the officers, the case's record or its evidence. The token
is made with ``django.core.signing`` (salted, so a token of another feature is not accepted here): it cannot be
guessed from a case number and cannot be forged without the secret key.
"""

from __future__ import annotations

from django.core import signing
from django.utils import timezone

from .inspection import GB54, GD, SZ6, cap_exempt, cap_view, checked_in, emergency, opening, profiles, subject  # noqa: F401

SALT = "yuezhifa.inspection.code"
BASIS = f"{SZ6}；{GB54}"


def has_code(log) -> bool:
    """Each approved inspection gets a code; an emergency one as soon as it is opened (shown before leaving)."""
    return log.procedure.kind == "inspection" and (log.has("approve_inspection") or emergency(log))


def token_for(case) -> str:
    """The same token for a case every time (no timestamp): the code printed or shown on a phone stays valid."""
    return signing.Signer(salt=SALT).sign(str(case.pk))


def case_id_from(token: str) -> str | None:
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None


def _moment(act):
    return timezone.localtime(act.performed_at) if act is not None else None


def _officers(log, today) -> list[dict]:
    from yuezhifa.org.models import Officer
    from yuezhifa.org.services.certificates import valid_certificate

    opened = opening(log)
    cards = list(opened.officers) if opened is not None else []
    found = {str(o.pk): o for o in Officer.objects.filter(pk__in=[c["id"] for c in cards])}
    rows = []
    for card in cards:
        officer = found.get(str(card["id"]))
        cert = valid_certificate(officer, today) if officer is not None else None
        rows.append({"name": card.get("name", ""), "certificate": cert.number if cert else card.get("certificate", ""),
                     "valid": cert is not None,
                     "valid_until": cert.valid_until if cert is not None else None})
    return rows


def _items(log) -> list[dict]:
    rows = []
    for profile in profiles(log):
        item = profile.item
        bases = [str(b.provision) for b in item.bases.select_related("provision", "provision__law")]
        rows.append({"code": item.code, "name": item.name, "basis": bases, "standard": profile.standard,
                     "cap": profile.annual_cap})
    return rows


def public_view(log) -> dict:
    """What the public code page shows of the inspection of ``log`` (the caller has checked ``has_code``)."""
    today = timezone.localdate()
    approval = log.last("approve_inspection")
    notice = log.last("notify_inspection")
    check_in = log.last("inspection_check_in") or log.last("inspection_back_entry")
    found = subject(log)
    return {
        "body": log.case.body.name,
        "number": log.case.number or "",
        "subject": found.name if found is not None else "",
        "kind": dict(_kinds()).get(opening(log).get("kind"), ""),
        "emergency": emergency(log),
        "officers": _officers(log, today),
        "items": _items(log),
        "approval": ({"date": _moment(approval).date(), "role": "行政机关负责人",
                      "name": approval.get("actor_name", ""), "late": bool(approval.get("late"))}
                     if approval is not None else None),
        "notice": ({"date": notice.date, "visit_on": notice.get("visit_on"), "items": notice.get("items") or [],
                    "prepare": notice.get("prepare") or []} if notice is not None else None),
        "checked_in": checked_in(log),
        "check_in_at": (check_in.get("visited_at") and timezone.localtime(
            _parse(check_in.get("visited_at")))) if check_in is not None and check_in.code == "inspection_back_entry"
        else _moment(check_in),
        "back_entry": check_in is not None and check_in.code == "inspection_back_entry",
        "check_out_at": _moment(log.last("inspection_check_out")),
        "basis": BASIS,
        "rules": GD,
        "enterprise_path": enterprise_path(found),
    }


def enterprise_path(found) -> str:
    """The link from the code page to the subject's own page (its inspections this year, evaluation, complaint;
    docs/decisions/0041), by the subject's signed token (``inspection.links``)."""
    from django.urls import NoReverseMatch, reverse

    from yuezhifa.inspection.links import subject_token

    if found is None:
        return ""
    try:
        return reverse("qy:page", args=[subject_token(found)])
    except NoReverseMatch:
        return ""


def result_label(log) -> str:
    """The inspection's result as the enterprise's page shows it (《广东省行政检查办法》: 检查结果告知): no problem,
    an order to correct and how its re-check went, a violation handed over for a penalty case, or not yet."""
    from .inspection import correcting, outcome, penalty_opened, recheck_failed

    if penalty_opened(log) or outcome(log) == "violation":
        return "发现涉嫌违法行为，依法立案处理"
    if outcome(log) == "problems":
        if correcting(log):
            return "发现问题，责令改正（待复查）"
        if log.has("recheck_correction"):
            return "发现问题，责令改正；复查未改正" if recheck_failed(log) else "发现问题，责令改正；复查已改正"
        return "发现问题，责令改正"
    if outcome(log) == "none":
        return "合格（未发现问题）"
    return "检查中" if checked_in(log) else "已批准，尚未到场检查"


def enterprise_facts(log) -> dict:
    """One inspection as the inspected subject's own page shows it: the body, the officers (name, certificate number,
    valid or not today), the items, the result. Nothing of other parties, no identity numbers or phones."""
    return {"body": log.case.body.name, "number": log.case.number or "",
            "officers": _officers(log, timezone.localdate()),
            "items": [{"code": p.item.code, "name": p.item.name} for p in profiles(log)],
            "result": result_label(log), "checked_in": checked_in(log)}


def _parse(value):
    from django.utils.dateparse import parse_datetime

    return parse_datetime(value) if isinstance(value, str) else value


def _kinds():
    from .inspection import KINDS

    return KINDS
