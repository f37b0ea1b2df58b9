"""裁量试算 on the forms that propose or decide a penalty (docs/decisions/0047): the benchmark band that applies to the
case (item, tier, fine range) for the circumstances and amounts on the form, recomputed as they change, with the
amount entered checked against it before the form is sent. The same evaluation decides the act on submit
(``procedures.discretion_check``; 处罚法 第五条、第三十四条; 办法 第十三条第（五）项): this only shows it earlier.

Also the legal basis (处罚依据) and the provisions violated (违反的规定), offered from the case's 执法事项 when no
earlier act of the case gives them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from rest_framework import serializers

from yuezhifa.core.errors import DomainError

BASIS = "《中华人民共和国行政处罚法》第五条、第三十四条；《广东省一体化行政执法平台管理办法》第十三条第（五）项"


def penalty_field(spec) -> str | None:
    """The field of ``spec`` holding the penalty it proposes or decides (调查终结、告知: ``proposed``; 决定、变更决定、
    当场决定: ``penalties``), or None: the acts whose form shows the band are those with such a field."""
    from .forms import declared_fields
    from .procedures.fields import PenaltiesSerializer

    if spec is None or spec.fields is None:
        return None
    return next((name for name, field in declared_fields(spec.fields).items()
                 if isinstance(field, PenaltiesSerializer)), None)


def shows_band(log, spec) -> bool:
    return log.procedure.kind == "penalty" and log.case.item_id is not None and penalty_field(spec) is not None


def _fine(value) -> Decimal | None:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _penalties(raw: dict) -> dict:
    """The penalty on the form as the evaluation reads it; what does not parse is left out (the submit refuses it)."""
    out = {}
    for key, value in (raw or {}).items():
        if value in (None, "", False):
            continue
        if key == "fine":
            amount = _fine(value)
            if amount is not None:
                out["fine"] = amount
        else:
            out[key] = True if isinstance(value, bool) else (_fine(value) or None)
    return {k: v for k, v in out.items() if v not in (None, False)}


def trial(log, spec, payload: dict) -> dict:
    """The band for the form's values (``payload``: what ``ActForm.payload`` gives): ``{"band": …, "flags": […],
    "error": ""}``; ``band`` None where the item has no benchmark in force."""
    from .procedures.discretion_check import evaluate_decision
    from .procedures.fields import CircumstancesField

    data = {"penalties": _penalties(payload.get(penalty_field(spec) or "penalties") or {})}
    if "circumstances" in payload:
        try:
            data["circumstances"] = CircumstancesField().to_internal_value(payload["circumstances"] or [])
        except serializers.ValidationError as exc:
            return {"band": None, "flags": [], "error": " ".join(str(m) for m in exc.detail)}
    amounts = {k: v for k, v in (payload.get("amounts") or {}).items() if _fine(v) is not None}
    if amounts:
        data["amounts"] = amounts
    try:
        evaluation, deviations = evaluate_decision(log, data)
    except DomainError as exc:
        return {"band": None, "flags": [], "error": exc.message}
    if evaluation is None:
        return {"band": None, "flags": [], "error": ""}
    return {"band": describe_band(evaluation), "flags": [d.message for d in deviations] if data["penalties"] else [],
            "error": ""}


def describe_band(evaluation) -> dict:
    """The band as the panel shows it: 罚款 5,000.00 元至 50,000.00 元 in the tier, the statutory range, the reasons."""
    from yuezhifa.core.templatetags.yzf_money import money as yuan

    shown = evaluation.if_penalised if evaluation.no_penalty_discretionary and evaluation.if_penalised else evaluation
    fine = shown.fine
    text = ""
    if fine is not None:
        text = _("罚款 %(low)s至 %(high)s") % {"low": yuan(fine.lower), "high": yuan(fine.upper)}
    others = [e["label"] for e in shown.penalty_entries if e["status"] == "required"]
    return {
        "item": evaluation.item_label, "tier": shown.tier_label, "citation": evaluation.benchmark_citation,
        "fine": text, "statutory": _("法定幅度 %(low)s至 %(high)s") % {
            "low": yuan(fine.statutory_lower), "high": yuan(fine.statutory_upper)} if fine is not None else "",
        "required": others,
        "no_penalty": _("依法应当不予行政处罚") if evaluation.no_penalty_mandatory else
        _("可以不予行政处罚（如给予处罚，适用下列档次）") if evaluation.no_penalty_discretionary else "",
        "reasons": list(shown.reasons if shown is evaluation else evaluation.reasons)[:6],
    }


def item_initial(log, names) -> dict:
    """处罚依据 and 违反的规定 from the case's 执法事项 (its bases of role 处罚依据 / 违法依据), for the fields among
    ``names`` not already offered from an earlier act."""
    from yuezhifa.items.models import BasisRole

    wanted = {"basis": BasisRole.PENALTY, "violated": BasisRole.VIOLATED}
    wanted = {name: role for name, role in wanted.items() if name in names}
    item = log.case.item
    if not wanted or item is None:
        return {}
    bases = list(item.bases.filter(role__in=list(wanted.values())).select_related("provision")
                 .order_by("order", "provision__sort_key"))
    out = {}
    for name, role in wanted.items():
        lines = list(dict.fromkeys(b.provision.citation for b in bases if b.role == role))
        if lines:
            out[name] = lines
    return out
