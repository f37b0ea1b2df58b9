"""The platform's own enforcement data as theme-library records (办法 第十四条、第四十七条第一款: 办案平台产生的行政处罚、
行政强制、行政检查三类数据向主题库归集).

At the hub (or the all-in-one system) every case with a penalty decision in force, a compulsion measure decided or an
inspection's result notified becomes one record of the ``platform`` source, keyed ``<case uuid>:<kind>``. Cases are
read through the case platform's public modules only (``cases.interface``, ``cases.models``, ``cases.procedures``;
docs/decisions/0031). ``refresh_platform`` is idempotent: an unchanged case adds nothing, a changed one a new version.
The party's ID number is kept (the library is the province's store) and shown unmasked nowhere.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .ingest import Counts, load_rows
from .models import Channel, Delivery, DeliveryStatus, Kind, PartyKind, Source, SourceKind

PLATFORM_CODE = "platform"


def platform_source() -> Source:
    source, _ = Source.objects.get_or_create(code=PLATFORM_CODE, defaults={"name": "本平台（粤执法办案平台）",
                                                                           "kind": SourceKind.PLATFORM})
    return source


def _lines(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        return value.strip()
    return "\n".join(str(v).strip() for v in value if str(v).strip())


def _party(party: dict) -> dict:
    person = party.get("kind") == "person"
    return {
        "party_kind": PartyKind.NATURAL_PERSON if person else PartyKind.LEGAL_PERSON,
        "party_name": str(party.get("name") or "")[:200],
        "party_credit_code": "" if person else str(party.get("credit_code") or "")[:18],
        "party_id_type": "身份证" if person and party.get("id_number") else "",
        "party_id_number": str(party.get("id_number") or "")[:30] if person else "",
        "legal_representative": "" if person else str(party.get("legal_representative") or "")[:50],
    }


def _representative_id(party: dict) -> dict:
    """双公示 CF_FR_ZJLX / CF_FR_ZJHM of an organisation's penalty record, read from the case party exactly as the
    disclosure platform's report file reads them (``disclosure.services.reported_identity``: the 居民身份证号码 on
    record is the legal representative's). Kept in ``extra`` under the dictionary's keys; empty keys left out."""
    from yuezhifa.disclosure.services import reported_identity

    from .dictionary import LR_ID_NUMBER, LR_ID_TYPE

    if party.get("kind") == "person":
        return {}
    identity = reported_identity(party)
    if not identity.get("representative_id_number"):
        return {}
    return {LR_ID_TYPE: identity["representative_id_type"], LR_ID_NUMBER: identity["representative_id_number"]}


def _document_number(case, doc_type: str) -> str:
    from yuezhifa.cases.models import CaseDocument

    document = CaseDocument.objects.filter(case=case, doc_type=doc_type).exclude(number="").order_by(
        "-created_at").first()
    return document.number if document else ""


def _decision_context(case, doc_type: str) -> dict:
    """The decision document's context: a general-procedure decision act holds only the penalties; the facts and the
    basis are those its document states (the disclosure reads them there too)."""
    from yuezhifa.cases.interface import document_context
    from yuezhifa.cases.models import CaseDocument

    document = CaseDocument.objects.filter(case=case, doc_type=doc_type).order_by("-created_at").first()
    return document_context(document) if document is not None else {}


def _disclosed_on(case, kind: str) -> datetime.date | None:
    """When the case's result was disclosed on the platform's public site (办法 第四十五条), for the timeliness of
    第四十九条; None while it is not (a withheld result is never disclosed)."""
    from yuezhifa.disclosure.models import PublishedResult, ResultStatus

    published = PublishedResult.objects.filter(case=case, category=kind, published_at__isnull=False).exclude(
        status=ResultStatus.WITHHELD).order_by("published_at").values_list("published_at", flat=True).first()
    return timezone.localdate(published) if published else None


def project(case) -> tuple[str, dict] | None:
    """(kind, the record's values) of ``case``, or None while it has no result to record."""
    from yuezhifa.cases.interface import case_log, decision_document_type, decision_in_force, procedure_kind
    from yuezhifa.cases.procedures.disclosure import compulsion_result, inspection_result
    from yuezhifa.disclosure.services import penalty_summary

    log = case_log(case)
    kind = procedure_kind(log.procedure)
    body = case.body
    values = {"body_id": body.pk, "body_name": body.name, "body_credit_code": body.credit_code,
              "division_code": (body.division_id or "")[:6], "case_number": case.number or "",
              "item_code": case.item.code if case.item_id else "", "item_name": case.item.name if case.item_id else "",
              "filed_on": timezone.localtime(case.filed_at).date() if case.filed_at else None,
              "closed_on": timezone.localtime(case.closed_at).date() if case.closed_at else None,
              "disclosed_on": None, "extra": {"illegal_act_type": case.cause[:300]} if case.cause else {},
              **_party(log.party or {})}
    if kind == Kind.PENALTY:
        decision = decision_in_force(log)
        if decision is None:
            return None
        values["extra"].update(_representative_id(log.party or {}))
        types, content, fine = penalty_summary(decision.get("penalties") or {})
        doc_type = decision_document_type(log, decision)
        context = {} if decision.get("facts") and decision.get("basis") else _decision_context(case, doc_type)
        values.update(document_number=_document_number(case, doc_type),
                      facts=_lines(decision.get("facts") or context.get("facts")),
                      basis=_lines(decision.get("basis") or context.get("basis")),
                      measures="、".join(types)[:300], content=content, fine_amount=fine, confiscation_amount=None,
                      decided_on=decision.date)
    elif kind == Kind.COMPULSION:
        result = compulsion_result(log)
        if result is None:
            return None
        values.update(document_number=_document_number(case, result["document_type"]),
                      facts=_lines(result["reason"]), basis=_lines(result["basis"]),
                      measures=str(result["measure"])[:300], content=str(result["content"]), fine_amount=None,
                      confiscation_amount=None, decided_on=result["decided_on"])
    elif kind == Kind.INSPECTION:
        result = inspection_result(log)
        if result is None:
            return None
        items = result.get("items") or []
        values.update(document_number=_document_number(case, result["document_type"]), facts="", basis="",
                      measures=str(result.get("outcome_label") or "")[:300], content=str(result.get("result") or ""),
                      fine_amount=None, confiscation_amount=None, decided_on=result["decided_on"])
        if items:
            values["item_code"] = str(items[0].get("code", ""))[:60]
            values["item_name"] = "、".join(str(i.get("name", "")) for i in items)[:300]
    else:
        return None
    values["disclosed_on"] = _disclosed_on(case, kind)
    if isinstance(values["decided_on"], datetime.datetime):
        values["decided_on"] = values["decided_on"].date()
    values["record_key"] = f"{case.pk}:{kind}"
    return kind, values


class _Nothing(Exception):
    pass


def refresh_platform(since: datetime.datetime | None = None) -> Delivery | None:
    """Project the platform's cases (changed since ``since``, or all) into the library. Returns the Delivery of the
    refresh, or None when nothing was new or changed (then nothing is written)."""
    from yuezhifa.cases.models import Case

    source = platform_source()
    cases = Case.objects.select_related("body", "item").order_by("registered_at", "pk")
    if since is not None:
        cases = cases.filter(updated_at__gte=since)
    now = timezone.now()
    counts = Counts()
    try:
        with transaction.atomic():
            Source.objects.select_for_update().filter(pk=source.pk).first()  # one refresh at a time
            delivery = Delivery.objects.create(source=source, channel=Channel.PLATFORM, received_at=now,
                                               status=DeliveryStatus.LOADED)
            rows = 0
            by_kind: dict[str, list] = {}
            for case in cases.iterator(chunk_size=500):
                found = project(case)
                if found is not None:
                    by_kind.setdefault(found[0], []).append(found[1])
                    rows += 1
            for kind, values in by_kind.items():
                load_rows(source, kind, values, delivery=delivery, now=now, counts=counts)
            if not (counts.created or counts.changed):  # notices alone (decision 0063) write no refresh
                raise _Nothing
            Delivery.objects.filter(pk=delivery.pk).update(
                row_count=rows, created_count=counts.created, changed_count=counts.changed,
                unchanged_count=counts.unchanged, notices=counts.notices)
            delivery.refresh_from_db()
            return delivery
    except _Nothing:
        return None
