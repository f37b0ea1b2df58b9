"""The dossier's cover and index, made when the case is closed."""

from __future__ import annotations

from ...documents import _penalty_phrase, register_builders
from .common import _the_decision

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

    from ...engine import local_date
    from ...models import CaseDocument

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


register_builders({
    "dossier_cover": _dossier_cover,
    "dossier_index": _dossier_index,
})
