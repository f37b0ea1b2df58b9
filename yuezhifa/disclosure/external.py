"""Automatic disclosure of results delivered to the theme library by other systems (办法 第四十五条第（二）项:
非办案平台产生的行政执法结果信息数据，依托执法数据主题库实现自动公示).

A delivered record of any of the three kinds (``themes.Record`` of an external source: 行政处罚, 行政强制, 行政检查)
becomes a ``PublishedResult`` with ``case=None`` and the record's category, masked by the same rules as the platform's
own results (``masking.mask_text``; natural persons' ID numbers, addresses and phones never shown; the party's name per
the settings, and always masked for an inspection as in ``services._inspection_snapshot``) and displayed for the same
period (``display_months``). A new version of the record updates the result; a version whose state is 撤销 (revoked)
withdraws it (处罚法 第四十八条第二款). A minor's case (by the ID number's birth date) is recorded as withheld
(处罚法 第五十条).

The 双公示 items of a delivered penalty (docs/decisions/0056, 0063): CF_SJLY / CF_SJLYDM are the delivering unit of
the record's source (办法 第四十五条第（二）项), BZ the delivered remark, and the 不予公示 ID columns (CF_XDR_ZJLX/ZJHM of
a natural person, CF_FRDB and CF_FR_ZJLX/ZJHM of an organisation) go to the result's ``ReportedIdentity``, which only
the login-only report file reads; never to the public side.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.calendar import add_months
from yuezhifa.core.masking import mask_name

from . import indexing
from .masking import mask_text
from .models import DisclosureSettings, PartyKind, PublishedResult, ReportedIdentity, ResultCategory, ResultStatus
from .services import COMPULSION_MINOR_REASON, MINOR_REASON, PUBLISH_DEADLINES, _deadline, display_months

DOCUMENT_TYPE = "行政处罚决定书"
DOCUMENT_TYPES = {ResultCategory.PENALTY: DOCUMENT_TYPE, ResultCategory.COMPULSION: "行政强制决定书",
                  ResultCategory.INSPECTION: "行政检查结果告知书"}
REVOKED_REASON = "该行政处罚决定已被依法撤销（报送单位经执法数据主题库报送；《中华人民共和国行政处罚法》第四十八条第二款）。"
REVOKED_OTHER_REASON = "该决定已被依法撤销（报送单位经执法数据主题库报送；《广东省一体化行政执法平台管理办法》第四十五条）。"


def _minor(record) -> bool:
    number = record.party_id_number or ""
    if record.party_kind != "natural_person" or record.party_id_type != "身份证" or len(number) != 18:
        return False
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    day = record.decided_on
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day)) < 18


def snapshot(record, settings: DisclosureSettings) -> tuple[dict, str]:
    """(the PublishedResult fields, why it is withheld or "") of a delivered record."""
    category = ResultCategory(record.kind)
    inspection = category == ResultCategory.INSPECTION
    person = record.party_kind == "natural_person"
    mask_person = settings.mask_person_names or inspection  # an inspected person's name is always masked (0043)
    names, keep = set(), set()
    if record.legal_representative:
        publish_lr = settings.publish_legal_representative and not person and not inspection
        (keep if publish_lr else names).add(record.legal_representative)
    if person:
        (names if mask_person else keep).add(record.party_name)

    def clean(text: str) -> str:
        return mask_text(text or "", names=names, keep_names=keep, all_addresses=person)

    source = record.source
    unit = source.unit
    fields = {
        "case": None, "body_id": record.body_id, "body_name": record.body_name,
        "body_credit_code": record.body_credit_code, "category": category,
        "document_type": DOCUMENT_TYPES[category], "document_number": record.document_number,
        "party_name": (mask_name(record.party_name) if person and mask_person else record.party_name)[:200],
        "party_kind": PartyKind.PERSON if person else PartyKind.ORGANISATION,
        "party_credit_code": "" if person else record.party_credit_code,
        "legal_representative": "" if person or inspection or not settings.publish_legal_representative
        else record.legal_representative,
        "illegal_act_type": clean((record.extra or {}).get("illegal_act_type") or record.item_name)[:300],
        "facts": clean(record.facts), "basis": clean(record.basis), "penalty_types": record.measures[:300],
        "penalty_content": clean(record.content), "fine_amount": record.fine_amount or None,
        "confiscation_amount": record.confiscation_amount or None, "decision_date": record.decided_on,
        # 双公示 CF_SJLY / CF_SJLYDM: the delivering unit (办法 第四十五条第（二）项); BZ: the delivered remark
        "source_name": (unit.name if unit else source.name)[:200], "source_credit_code": unit.credit_code if unit else "",
        "remark": str((record.extra or {}).get("remark") or "")[:512],
    }
    if inspection:
        fields["illegal_act_type"] = clean(record.item_name)[:300]
        fields["items"] = [{"code": record.item_code, "name": record.item_name}] if record.item_name else []
    withheld = "" if not _minor(record) else MINOR_REASON if category == ResultCategory.PENALTY \
        else COMPULSION_MINOR_REASON
    if withheld:
        fields.update({"party_name": "", "party_credit_code": "", "legal_representative": "", "facts": "",
                       "basis": "", "penalty_content": "", "illegal_act_type": "", "items": []})
    return fields, withheld


def identity(record) -> dict:
    """The 不予公示 items of a delivered penalty for the report file (``ReportedIdentity``; docs/decisions/0056): the
    ID type and number of a natural person, or an organisation's legal representative as delivered and his or her
    ID (双公示 CF_FR_ZJLX / CF_FR_ZJHM, kept by the theme library in ``extra``)."""
    from yuezhifa.themes.dictionary import LR_ID_NUMBER, LR_ID_TYPE

    if record.party_kind == "natural_person":
        return {"legal_representative": "", "representative_id_type": "", "representative_id_number": "",
                "party_id_type": record.party_id_type, "party_id_number": record.party_id_number}
    extra = record.extra or {}
    return {"legal_representative": record.legal_representative,
            "representative_id_type": str(extra.get(LR_ID_TYPE) or ""),
            "representative_id_number": str(extra.get(LR_ID_NUMBER) or ""), "party_id_type": "",
            "party_id_number": ""}


def _keep_identity(result: PublishedResult, record) -> None:
    """The result's ``ReportedIdentity`` follows the record: kept for a published penalty, removed otherwise."""
    if result.category == ResultCategory.PENALTY and result.status in (ResultStatus.PUBLISHED, ResultStatus.EXPIRED):
        ReportedIdentity.objects.update_or_create(result=result, defaults=identity(record))
    else:
        ReportedIdentity.objects.filter(result=result).delete()


@transaction.atomic
def publish_records(record_ids) -> list[PublishedResult]:
    """Publish, update or withdraw the result of each delivered record of the three kinds (current versions only).
    Idempotent: a record whose result already says the same is left alone."""
    from yuezhifa.themes.models import Record

    settings = DisclosureSettings.current()
    now = timezone.now()
    changed, removed = [], []
    records = Record.objects.filter(pk__in=list(record_ids), current=True, source__kind="external")
    for record in records.select_related("source__unit").order_by("decided_on", "record_key"):
        existing = (PublishedResult.objects.select_for_update()
                    .filter(case=None, category=record.kind, body_id=record.body_id,
                            document_number=record.document_number)
                    .exclude(status=ResultStatus.WITHDRAWN).order_by("-created_at").first())
        if (record.extra or {}).get("state") == "revoked":
            if existing is not None and existing.status in (ResultStatus.PUBLISHED, ResultStatus.EXPIRED):
                existing.status, existing.withdrawn_at = ResultStatus.WITHDRAWN, now
                existing.withdrawn_reason = REVOKED_REASON if record.kind == ResultCategory.PENALTY \
                    else REVOKED_OTHER_REASON
                existing.changed_on = timezone.localdate()
                existing.save()
                _keep_identity(existing, record)
                audit_record(actor=SYSTEM, action="disclosure.withdraw", obj=existing,
                             after={"document_number": existing.document_number, "record": str(record.pk)})
                removed.append(existing.pk)
            continue
        fields, withheld = snapshot(record, settings)
        result = existing or PublishedResult()
        before = {k: getattr(result, k) for k in fields if k != "case"} if existing else None
        for name, value in fields.items():
            setattr(result, name, value)
        if existing is not None and before == {k: getattr(result, k) for k in fields if k != "case"}:
            _keep_identity(existing, record)  # the ID columns are not compared above: they may change alone
            continue
        result.publish_due = _deadline(PUBLISH_DEADLINES[ResultCategory(result.category)], result.decision_date)
        if withheld:
            result.status, result.withheld_reason, result.display_until = ResultStatus.WITHHELD, withheld, None
        else:
            result.status, result.withheld_reason = ResultStatus.PUBLISHED, ""
            result.published_at = result.published_at or now
            months = display_months(result.penalty_types, result.fine_amount, settings)
            result.display_until = add_months(result.decision_date, months)
            if result.publish_due is not None:
                result.published_in_time = timezone.localdate(result.published_at) <= result.publish_due
            if result.display_until < timezone.localdate():
                result.status, result.expired_at = ResultStatus.EXPIRED, now
        result.save()
        _keep_identity(result, record)
        audit_record(actor=SYSTEM, action="disclosure.publish" if existing is None else "disclosure.update",
                     obj=result, after={"document_number": result.document_number, "record": str(record.pk),
                                        "status": result.status})
        (changed if result.status == ResultStatus.PUBLISHED else removed).append(
            result if result.status == ResultStatus.PUBLISHED else result.pk)
    if changed:
        indexing.index_results(changed)
    if removed:
        indexing.remove_results(removed)
    return changed
