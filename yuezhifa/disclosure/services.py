"""Every write of the disclosure platform (DESIGN §5.1): publishing a decision when the unit's head approves it
(办法 第45条), withdrawing it when the decision is changed or revoked (处罚法 第48条第2款), expiring it when its display
period is over, and the province's settings. Each runs in one transaction, checks the actor, writes an audit entry and
keeps the search index in step (docs/decisions/0014-公示平台.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.calendar import CalendarYearMissing, add_months, deadline_for
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.core.masking import mask_name

from . import indexing
from .masking import mask_text, people_in
from .models import DisclosureSettings, PartyKind, PublishedResult, ReportedIdentity, ResultCategory, ResultStatus

MINOR_CIRCUMSTANCES = {"under_14", "age_14_to_18"}
SECRETS = {"state": "涉及国家秘密", "commercial": "涉及商业秘密"}
LOW_LEVEL_TYPES = {"warning", "criticism", "fine"}
MINOR_REASON = "当事人为未成年人，依法不予公开（《中华人民共和国行政处罚法》第五十条；《中华人民共和国未成年人保护法》）。"
CLASSIFIED_REASON = "{what}，依法不予公开（《中华人民共和国行政处罚法》第五十条）。"
# results of administrative compulsion: 政府信息公开条例 第十四条 (state secrets), 第十五条 (commercial secrets, privacy)
INFO_REGULATION = "《中华人民共和国政府信息公开条例》"
COMPULSION_MINOR_REASON = ("当事人为未成年人，依法不予公开（" + INFO_REGULATION + "第十五条；《中华人民共和国未成年人保护法》"
                           "）。")
COMPULSION_CLASSIFIED_REASON = {"state": f"涉及国家秘密，依法不予公开（{INFO_REGULATION}第十四条）。",
                                "commercial": f"涉及商业秘密，依法不予公开（{INFO_REGULATION}第十五条）。"}
PUBLISH_DEADLINES = {ResultCategory.PENALTY: "disclosure.publish", ResultCategory.COMPULSION: "disclosure.publish_other",
                     ResultCategory.INSPECTION: "disclosure.publish_other"}


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _require_head(actor, case) -> None:
    """Publication and withdrawal are the unit head's decisions (办法 第45条): the head of the case's body (or of a
    body above it), or the platform itself."""
    if actor is SYSTEM:
        return
    from yuezhifa.cases.interface import acting_roles
    from yuezhifa.cases.procedures.dsl import HEAD

    if HEAD not in acting_roles(actor, case):
        raise NotAllowed("只有本单位负责人可以批准公示或撤回行政处罚决定信息（《广东省一体化行政执法平台管理办法》第四十五条）。")


# --- reading the decision from the case --------------------------------------------------------------------------


@dataclass
class Snapshot:
    """What would be published about a case's decision: the fields of ``PublishedResult``, or why nothing is."""

    fields: dict
    withheld_reason: str = ""
    masked_names: list[str] = field(default_factory=list)
    identity: dict = field(default_factory=dict)
    """The 不予公示 items for the credit platform's report file (``ReportedIdentity``; decision 0056)."""

    @property
    def publishable(self) -> bool:
        return not self.withheld_reason


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _birth_from_id(id_number: str) -> datetime.date | None:
    digits = "".join(str(id_number or "").split())
    if len(digits) == 18 and digits[:17].isdigit():
        try:
            return datetime.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
        except ValueError:
            return None
    return None


def is_minor_case(log, party: dict, decided_on: datetime.date) -> bool:
    """A minor's case (处罚法 第30条, 第50条; 未成年人保护法): the party was under 18 on the decision date by the birth
    date or the ID number on record, or the case records the circumstance 不满十四周岁 / 已满十四周岁不满十八周岁."""
    if party.get("kind") == "person":
        for birth in (_as_date(party.get("birth_date")), _birth_from_id(party.get("id_number", ""))):
            if birth is not None and _age_on(birth, decided_on) < 18:
                return True
    for act in log.acts:
        circumstances = act.get("circumstances") or []
        discretion = act.get("discretion") or {}
        if isinstance(discretion, dict):
            circumstances = [*circumstances, *(discretion.get("circumstances") or [])]
        if MINOR_CIRCUMSTANCES & {str(c) for c in circumstances if isinstance(c, str)}:
            return True
    return False


def _secret(log, secret: str) -> str:
    """The secret a case involves ("state", "commercial" or ""): given by the approving act's caller, or recorded in
    the data (``secret``) of the latest act approving publication (``ActSpec.publishes``)."""
    from yuezhifa.cases.interface import last_publication

    approval = last_publication(log)
    recorded = (approval.get("secret") or "") if approval else ""
    value = secret or recorded
    if value and value not in SECRETS:
        raise DomainError(f"涉密类别“{value}”无效，可选：state（国家秘密）、commercial（商业秘密）。", field="secret")
    return value


def _lines(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount > 0 else None


def penalty_summary(penalties: dict) -> tuple[list[str], str, Decimal | None]:
    """(处罚类别 labels, 处罚内容, fine) of a decision's penalties."""
    from yuezhifa.discretion.vocabulary import PenaltyType

    types, content = [], []
    fine = _money((penalties or {}).get("fine"))
    for key, label in PenaltyType.choices:
        if key == PenaltyType.FINE:
            if fine:
                types.append(label)
                content.append(f"罚款人民币{fine:,.2f}元")
        elif (penalties or {}).get(key):
            types.append(label)
            content.append(label)
    return types, "；".join(content), fine


def build_snapshot(case, *, secret: str = "") -> Snapshot:
    """The masked snapshot of ``case``'s penalty decision, as it would be published now (no write). Raises
    DomainError when the case has no penalty decision."""
    from yuezhifa.cases.interface import case_log, decision_document_type, decision_in_force, document_context
    from yuezhifa.cases.models import CaseDocument

    log = case_log(case)
    if log.procedure.kind == "compulsion":
        return _compulsion_snapshot(case, log, secret=secret)
    if log.procedure.kind == "inspection":
        return _inspection_snapshot(case, log, secret=secret)
    decision = decision_in_force(log)
    if decision is None:
        raise DomainError("该案件尚未作出行政处罚决定，没有可以公示的结果（不予行政处罚决定不公示）。", field="case")
    doc_type = decision_document_type(log, decision)
    document = (CaseDocument.objects.filter(case=case, act_id=decision.pk, doc_type=doc_type).first()
                or CaseDocument.objects.filter(case=case, doc_type=doc_type).order_by("-created_at").first())
    if document is None or not document.number:
        raise DomainError("该案件的行政处罚决定书尚未生成文号，无法公示。", field="case")
    context = document_context(document)
    settings = DisclosureSettings.current()
    party = {**log.party, **{k: v for k, v in (context.get("party") or {}).items() if k not in log.party}}
    person = party.get("kind") == "person"
    decided_on = decision.date
    body = case.body

    withheld = ""
    if is_minor_case(log, party, decided_on):
        withheld = MINOR_REASON
    elif what := _secret(log, secret):
        withheld = CLASSIFIED_REASON.format(what=SECRETS[what])

    names: set[str] = set()
    addresses: set[str] = set()
    for act in log.acts:
        people_in(act.data, names, addresses)
    if party.get("legal_representative"):
        names.add(party["legal_representative"])
    keep: set[str] = set()
    party_name = str(party.get("name") or "").strip()
    if person:
        if party.get("address"):
            addresses.add(party["address"])
        names.discard(party_name)
        if settings.mask_person_names:
            names.add(party_name)
        else:
            keep.add(party_name)
    elif settings.publish_legal_representative and party.get("legal_representative"):
        keep.add(party["legal_representative"])

    def clean(text: str) -> str:
        return mask_text(text, names=names, addresses=addresses, keep_names=keep, all_addresses=person)

    penalties = decision.get("penalties") or {}
    types, content, fine = penalty_summary(penalties)
    amounts = decision.get("amounts") or {}
    income = penalties.get("confiscate_income")
    # the amount confiscated as recorded with the decision; acts recorded before amounts were asked for hold True
    confiscation = (_money(amounts.get("illegal_income")) if isinstance(income, bool) else _money(income)) \
        if income else None
    # 双公示 CF_NR_WFFF is 没收违法所得、没收非法财物的金额: the value of property confiscated is added when recorded
    prop = penalties.get("confiscate_property")
    if prop and not isinstance(prop, bool) and (value := _money(prop)) is not None:
        confiscation = (confiscation or Decimal(0)) + value
    facts = "\n".join(clean(line) for line in _lines(context.get("facts") or decision.get("facts")))
    basis = "\n".join(clean(line) for line in _lines(context.get("basis") or decision.get("basis")))
    fields = {
        "case": case, "body": body, "body_name": body.name, "body_credit_code": body.credit_code,
        "document_type": doc_type, "document_number": document.number,
        "party_name": (mask_name(party_name) if person and settings.mask_person_names else party_name)[:200],
        "party_kind": PartyKind.PERSON if person else PartyKind.ORGANISATION,
        "party_credit_code": "" if person else str(party.get("credit_code") or "")[:18],
        "legal_representative": "" if person or not settings.publish_legal_representative
        else str(party.get("legal_representative") or "")[:50],
        "illegal_act_type": clean(case.cause)[:300], "facts": facts, "basis": basis,
        "penalty_types": "、".join(types)[:300], "penalty_content": clean(content),
        "fine_amount": fine, "confiscation_amount": confiscation, "decision_date": decided_on,
    }
    if withheld:  # nothing about the party is kept
        fields.update({"party_name": "", "party_credit_code": "", "legal_representative": "", "facts": "",
                       "basis": "", "penalty_content": "", "illegal_act_type": ""})
    masked = sorted(n for n in names if n not in keep and n in " ".join(_lines(context.get("facts"))))
    return Snapshot(fields, withheld, masked, {} if withheld else reported_identity(party))


def reported_identity(party: dict) -> dict:
    """The 不予公示 items of the party for the 双公示 report file (docs/decisions/0056): a natural person's ID type and
    number (CF_XDR_ZJLX/ZJHM); for an organisation its legal representative as recorded (CF_FRDB, whatever the public
    setting) and the 居民身份证号码 on record, read as the legal representative's (负责人's, 经营者's: CF_FR_ZJLX/ZJHM).
    The platform records only the 居民身份证 (cases.Party.id_number), hence the one type “身份证”."""
    from .shuanggongshi import RESIDENT_ID

    number = "".join(str(party.get("id_number") or "").split()).upper()[:64]
    if party.get("kind") == "person":
        return {"party_id_type": RESIDENT_ID if number else "", "party_id_number": number}
    return {"legal_representative": str(party.get("legal_representative") or "").strip()[:50],
            "representative_id_type": RESIDENT_ID if number else "", "representative_id_number": number}


def _compulsion_snapshot(case, log, *, secret: str = "") -> Snapshot:
    """The masked snapshot of a compulsion measure's result (查封、扣押, 冻结; 国办发〔2018〕118号): the measure, what it
    covers, the reason and the basis, masked like penalty results (no ID or account numbers, phones, addresses, nor
    names of natural persons other than the party). Withheld for a minor's case or secrets (政府信息公开条例
    第十四条、第十五条)."""
    from yuezhifa.cases.models import CaseDocument
    from yuezhifa.cases.procedures.disclosure import compulsion_result

    result = compulsion_result(log)
    if result is None:
        raise DomainError("该案件尚未作出行政强制决定，没有可以公示的结果。", field="case")
    documents = CaseDocument.objects.filter(case=case, doc_type=result["document_type"]).order_by("-created_at")
    document = documents.first()
    if document is None or not document.number:
        raise DomainError("该案件的行政强制决定书尚未生成文号，无法公示。", field="case")
    settings = DisclosureSettings.current()
    party = dict(log.party or {})
    person = party.get("kind") == "person"
    decided_on = result["decided_on"]
    withheld = ""
    if is_minor_case(log, party, decided_on):
        withheld = COMPULSION_MINOR_REASON
    elif what := _secret(log, secret):
        withheld = COMPULSION_CLASSIFIED_REASON[what]
    names: set[str] = set()
    addresses: set[str] = set()
    for act in log.acts:
        people_in(act.data, names, addresses)
    if party.get("legal_representative"):
        names.add(party["legal_representative"])
    keep: set[str] = set()
    party_name = str(party.get("name") or "").strip()
    if person:
        if party.get("address"):
            addresses.add(party["address"])
        names.discard(party_name)
        (names if settings.mask_person_names else keep).add(party_name)
    elif settings.publish_legal_representative and party.get("legal_representative"):
        keep.add(party["legal_representative"])

    def clean(text: str) -> str:
        return mask_text(text, names=names, addresses=addresses, keep_names=keep, all_addresses=person)

    body = case.body
    fields = {
        "case": case, "body": body, "body_name": body.name, "body_credit_code": body.credit_code,
        "category": ResultCategory.COMPULSION, "document_type": result["document_type"],
        "document_number": document.number,
        "party_name": (mask_name(party_name) if person and settings.mask_person_names else party_name)[:200],
        "party_kind": PartyKind.PERSON if person else PartyKind.ORGANISATION,
        "party_credit_code": "" if person else str(party.get("credit_code") or "")[:18],
        "legal_representative": "" if person or not settings.publish_legal_representative
        else str(party.get("legal_representative") or "")[:50],
        "illegal_act_type": clean(case.cause)[:300],
        "facts": "\n".join(clean(line) for line in _lines(result["reason"])),
        "basis": "\n".join(clean(line) for line in _lines(result["basis"])),
        "penalty_types": result["measure"][:300], "penalty_content": clean(result["content"]),
        "fine_amount": None, "confiscation_amount": None, "decision_date": decided_on,
    }
    if withheld:  # nothing about the party is kept
        fields.update({"party_name": "", "party_credit_code": "", "legal_representative": "", "facts": "",
                       "basis": "", "penalty_content": "", "illegal_act_type": ""})
    masked = sorted(n for n in names if n not in keep and n in result["reason"])
    return Snapshot(fields, withheld, masked)


def _inspection_snapshot(case, log, *, secret: str = "") -> Snapshot:
    """The masked snapshot of an inspection's result (国办发〔2018〕118号; docs/decisions/0043): the body, the subject
    (an enterprise by name and credit code; a natural person's name always masked, never an ID number or address),
    the date of the notice of the result, the items and the result in words. The record's points, findings, photos
    and officers are not published. Withheld for secrets (政府信息公开条例 第十四条、第十五条) or a minor."""
    from yuezhifa.cases.models import CaseDocument
    from yuezhifa.cases.procedures.disclosure import inspection_result

    result = inspection_result(log)
    if result is None:
        raise DomainError("该行政检查尚未告知检查结果，没有可以公示的结果。", field="case")
    document = CaseDocument.objects.filter(case=case, doc_type=result["document_type"]).order_by("-created_at").first()
    if document is None or not document.number:
        raise DomainError("该行政检查的检查结果告知书尚未生成文号，无法公示。", field="case")
    party = dict(log.party or {})
    person = party.get("kind") == "person"
    decided_on = result["decided_on"]
    withheld = ""
    if is_minor_case(log, party, decided_on):
        withheld = COMPULSION_MINOR_REASON
    elif what := _secret(log, secret):
        withheld = COMPULSION_CLASSIFIED_REASON[what]
    party_name = str(party.get("name") or "").strip()
    names = {party_name} if person and party_name else set()
    items = [{"code": str(i.get("code", "")), "name": str(i.get("name", ""))} for i in result["items"]]
    body = case.body
    fields = {
        "case": case, "body": body, "body_name": body.name, "body_credit_code": body.credit_code,
        "category": ResultCategory.INSPECTION, "document_type": result["document_type"],
        "document_number": document.number,
        "party_name": (mask_name(party_name) if person else party_name)[:200],
        "party_kind": PartyKind.PERSON if person else PartyKind.ORGANISATION,
        "party_credit_code": "" if person else str(party.get("credit_code") or "")[:18],
        "legal_representative": "",
        "illegal_act_type": "、".join(i["name"] for i in items)[:300], "facts": "", "basis": "",
        "penalty_types": result["outcome_label"][:300],
        "penalty_content": mask_text(result["result"], names=names, addresses=set()),
        "fine_amount": None, "confiscation_amount": None, "decision_date": decided_on, "items": items,
    }
    if withheld:
        fields.update({"party_name": "", "party_credit_code": "", "penalty_content": "", "illegal_act_type": "",
                       "items": []})
    return Snapshot(fields, withheld, sorted(names))


def preview_publication(*, actor, case, secret: str = "") -> Snapshot:
    """What the head is asked to approve: the masked snapshot, or why the decision will not be published."""
    _require_head(actor, case)
    return build_snapshot(case, secret=secret)


def display_months(penalties_types: list[str] | str, fine: Decimal | None, settings: DisclosureSettings) -> int:
    """Low-level results (only a warning or a notice of criticism, or a fine of at most ``small_fine_max`` with
    nothing heavier) are displayed ``low_level_months``; the others ``standard_months`` (LEGAL.md §5)."""
    from yuezhifa.discretion.vocabulary import PenaltyType

    labels = set(penalties_types.split("、") if isinstance(penalties_types, str) else penalties_types) - {""}
    light = {PenaltyType(t).label for t in LOW_LEVEL_TYPES}
    low = labels <= light and (fine is None or fine <= settings.small_fine_max)
    return settings.low_level_months if low else settings.standard_months


def _deadline(code: str, start: datetime.date) -> datetime.date | None:
    try:
        return deadline_for(code, start).due
    except CalendarYearMissing:
        return None


def _audit_dict(result: PublishedResult) -> dict:
    return {"status": result.status, "document_number": result.document_number,
            "decision_date": result.decision_date.isoformat(),
            "published_at": result.published_at.isoformat() if result.published_at else None,
            "display_until": result.display_until.isoformat() if result.display_until else None,
            "publish_due": result.publish_due.isoformat() if result.publish_due else None,
            "published_in_time": result.published_in_time, "withheld_reason": result.withheld_reason,
            "withdrawn_reason": result.withdrawn_reason,
            "withdraw_due": result.withdraw_due.isoformat() if result.withdraw_due else None,
            "withdrawn_in_time": result.withdrawn_in_time}


@transaction.atomic
def publish_decision(*, actor, case, approved_at: datetime.datetime, secret: str = "") -> PublishedResult:
    """Publish ``case``'s penalty decision on the head's approval (办法 第45条), inside the case act's transaction.

    A minor's case, or one involving state or commercial secrets (``secret`` = "state" / "commercial", or the same in
    the ``approve_disclosure`` act's data), is recorded as withheld and published nowhere (处罚法 第50条). Records the
    deadline ``disclosure.publish`` (7 working days from the decision) and whether it was met. Approving the same
    decision again returns the existing result; a new decision of a case whose previous one is still published must
    first have that one withdrawn."""
    _require_head(actor, case)
    if not isinstance(approved_at, datetime.datetime):
        raise DomainError("批准时间无效。", field="approved_at")
    snapshot = build_snapshot(case, secret=secret)
    number = snapshot.fields["document_number"]
    current = (PublishedResult.objects.select_for_update()
               .filter(case=case, status__in=[ResultStatus.PUBLISHED, ResultStatus.WITHHELD]).order_by("-created_at"))
    for existing in current:
        if existing.document_number == number:
            return existing
        if existing.status == ResultStatus.PUBLISHED:
            raise Conflict(f"该案件已公示的行政处罚决定（{existing.document_number}）尚未撤回；"
                           "决定被变更或撤销的，请先撤回原公示信息。")
    settings = DisclosureSettings.current()
    result = PublishedResult(**snapshot.fields, approved_by=actor if getattr(actor, "pk", None) else None)
    result.publish_due = _deadline(PUBLISH_DEADLINES[ResultCategory(result.category)], result.decision_date)
    if snapshot.withheld_reason:
        result.status, result.withheld_reason = ResultStatus.WITHHELD, snapshot.withheld_reason
    else:
        result.status = ResultStatus.PUBLISHED
        result.published_at = approved_at
        months = display_months(result.penalty_types, result.fine_amount, settings)
        result.display_until = add_months(result.decision_date, months)
        if result.publish_due is not None:
            result.published_in_time = _local_date(approved_at) <= result.publish_due
    result.save(force_insert=True)
    if result.status == ResultStatus.PUBLISHED and result.category == ResultCategory.PENALTY and snapshot.identity:
        ReportedIdentity.objects.create(result=result, **snapshot.identity)
    audit_record(actor=actor, action="disclosure.publish" if result.status == ResultStatus.PUBLISHED
                 else "disclosure.withhold", obj=result, after=_audit_dict(result))
    if result.status == ResultStatus.PUBLISHED:
        indexing.index_results([result])
    return result


def published_result(case) -> PublishedResult | None:
    """The case's decision now on public display, if any."""
    return PublishedResult.objects.filter(case=case, status=ResultStatus.PUBLISHED).order_by("-created_at").first()


@transaction.atomic
def refresh_compulsion_result(*, actor, case) -> PublishedResult | None:
    """Keep a published compulsion result in step with the measure (docs/decisions/0036 补充): once the measure is
    released (解除) or handled, its content reads the current state, e.g. “已解除（2026年12月1日）”. Only the content
    is rebuilt, masked as at publication; nothing else is republished. Returns the result when it changed."""
    result = published_result(case)
    if result is None or result.category != ResultCategory.COMPULSION:
        return None
    from yuezhifa.cases.interface import case_log

    content = _compulsion_snapshot(case, case_log(case)).fields["penalty_content"]
    if content == result.penalty_content:
        return None
    before = {"penalty_content": result.penalty_content}
    result.penalty_content = content
    result.save(update_fields=["penalty_content", "updated_at"])
    audit_record(actor=actor, action="disclosure.update", obj=result, before=before,
                 after={"penalty_content": content})
    indexing.index_results([result])
    return result


@transaction.atomic
def withdraw_decision(*, actor, case, reason: str, at: datetime.datetime,
                      changed_on: datetime.date | None = None) -> PublishedResult:
    """Withdraw the published decision of ``case`` because it was changed, revoked, confirmed illegal or void
    (处罚法 第48条第2款): the result leaves search, feed and export; its notice (document number, body, date and the
    reason) stays public. Records the deadline ``disclosure.withdraw`` (3 working days from ``changed_on``, by default
    the day of ``at``) and whether it was met."""
    _require_head(actor, case)
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("请填写撤回理由（将向社会公开）。", field="reason")
    if len(reason) > 500:
        raise DomainError("撤回理由最多 500 个字。", field="reason")
    if not isinstance(at, datetime.datetime):
        raise DomainError("撤回时间无效。", field="at")
    result = (PublishedResult.objects.select_for_update()
              .filter(case=case, status__in=[ResultStatus.PUBLISHED, ResultStatus.EXPIRED])
              .order_by("-created_at").first())
    if result is None:
        raise DomainError("该案件没有已公示的行政处罚决定信息，无需撤回。", field="case")
    before = _audit_dict(result)
    changed_on = changed_on or _local_date(at)
    result.status = ResultStatus.WITHDRAWN
    result.withdrawn_reason = mask_text(reason)
    result.withdrawn_at = at
    result.changed_on = changed_on
    result.withdraw_due = _deadline("disclosure.withdraw", changed_on)
    result.withdrawn_in_time = None if result.withdraw_due is None else _local_date(at) <= result.withdraw_due
    result.save()
    audit_record(actor=actor, action="disclosure.withdraw", obj=result, before=before, after=_audit_dict(result))
    indexing.remove_results([result.pk])
    return result


def expire_results(*, today: datetime.date | None = None, batch: int = 1000) -> int:
    """Take off every published result whose display period is over (``display_until`` before ``today``): status
    expired, out of the search index. Idempotent; a periodic task runs it (``tasks.expire_published_results``)."""
    today = today or timezone.localdate()
    done = 0
    while True:
        with transaction.atomic():
            ids = list(PublishedResult.objects.select_for_update()
                       .filter(status=ResultStatus.PUBLISHED, display_until__lt=today)
                       .values_list("pk", flat=True)[:batch])
            if not ids:
                return done
            now = timezone.now()
            PublishedResult.objects.filter(pk__in=ids).update(status=ResultStatus.EXPIRED, expired_at=now,
                                                               updated_at=now)
            indexing.remove_results(ids)
            audit_record(actor=SYSTEM, action="disclosure.expire", object_type="disclosure.publishedresult",
                         object_repr=f"公示期满下线 {len(ids)} 条",
                         after={"count": len(ids), "today": today.isoformat(), "ids": [str(i) for i in ids[:100]]})
            done += len(ids)


SETTING_FIELDS = ("low_level_months", "standard_months", "small_fine_max", "mask_person_names",
                  "publish_legal_representative", "export_max_rows", "export_max_days")


@transaction.atomic
def settings_update(*, actor, **values) -> DisclosureSettings:
    """Change the province's disclosure figures (a province administrator or the platform). Display periods apply to
    results published afterwards."""
    from yuezhifa.org.permissions import user_roles

    if actor is not SYSTEM and not getattr(actor, "is_superuser", False) and "admin" not in user_roles(actor):
        raise NotAllowed("只有系统管理员可以修改公示参数。")
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise DomainError(f"未知的公示参数：{'、'.join(sorted(unknown))}。")
    current = DisclosureSettings.current()
    before = {name: str(getattr(current, name)) for name in SETTING_FIELDS}
    for name, value in values.items():
        setattr(current, name, value)
    for name in ("low_level_months", "standard_months"):
        months = getattr(current, name)
        if not isinstance(months, int) or not 1 <= months <= 120:
            raise DomainError("公示期应为 1 到 120 个月。", field=name)
    if current.low_level_months > current.standard_months:
        raise DomainError("低级别结果的公示期不能长于其他结果的公示期。", field="low_level_months")
    if not 1 <= int(current.export_max_rows) <= 1_000_000:
        raise DomainError("一次导出的最多条数应为 1 到 1,000,000。", field="export_max_rows")
    if not 1 <= int(current.export_max_days) <= 3660:
        raise DomainError("一次导出的日期跨度应为 1 到 3660 日。", field="export_max_days")
    if Decimal(str(current.small_fine_max)) < 0:
        raise DomainError("低级别罚款上限不能为负数。", field="small_fine_max")
    current.save()
    audit_record(actor=actor, action="disclosure.settings", obj=current, before=before,
                 after={name: str(getattr(current, name)) for name in SETTING_FIELDS})
    return current
