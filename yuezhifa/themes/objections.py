"""Objections to the theme library's data (数据异议, 办法 第四十九条第一款; docs/decisions/0062).

"谁采集、谁负责": an objection to a record goes to the body that produced it (``Record.body``). Anyone concerned may
raise one: a party or any member of the public from the public result page (no login: a contact and a reason; they
get a reference number and a verification code to follow it), a supervisor whose scope covers the body, or a user of
the body itself. A user of the responsible body with the role to decide (``DECIDING_ROLES``) checks it within
``CHECK_DAYS`` working days and either corrects the record — a NEW version with the corrected fields, linked to the
objection; the old version is kept unchanged (records are never overwritten) and a published result follows the
correction (``follow_in_disclosure``) — or rejects it with reasons. Nobody else decides: not the raiser, not another
body, not a supervisor. Every step is in the audit chain.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import hmac
import secrets
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.calendar import add_working_days, observe_provisional
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.core.validation import refuse_nul
from yuezhifa.org.models import Role
from yuezhifa.org.permissions import assignments

from .ingest import digest_of
from .models import Kind, Objection, ObjectionChannel, ObjectionStatus, PartyKind, Record
from .quality import DIVISION_CODE, validity_problems

ARTICLE = "《广东省一体化行政执法平台管理办法》第四十九条第一款"
# The check period: the 办法 sets none. Docs/decisions/0062: five working days, the longest period the province's
# closest rule allows for an objection to public information (《深圳经济特区社会信用条例》第五十一条第三款: two working days,
# extendable by three with the head's approval).
CHECK_DAYS = 5
CHECK_BASIS = (f"{ARTICLE}（谁采集、谁负责）；核查期限参照《深圳经济特区社会信用条例》第五十一条第三款"
               f"（两个工作日，经批准可延长三个工作日），本平台定为{CHECK_DAYS}个工作日")
DECIDING_ROLES = frozenset({Role.HEAD, Role.LEGAL_REVIEWER})
REASON_MIN, REASON_MAX = 5, 1000
ANSWER_MIN, ANSWER_MAX = 4, 1000

# The fields an objection may name and a correction may change (the record's identity — source, kind, key, body —
# never changes by a correction).
CORRECTABLE = ("document_number", "case_number", "item_code", "item_name", "party_name", "party_credit_code",
               "legal_representative", "facts", "basis", "measures", "content", "fine_amount", "confiscation_amount",
               "filed_on", "decided_on", "closed_on", "disclosed_on", "division_code")
DATE_FIELDS = {"filed_on", "decided_on", "closed_on", "disclosed_on"}
AMOUNT_FIELDS = {"fine_amount", "confiscation_amount"}
NULLABLE = DATE_FIELDS - {"decided_on"} | AMOUNT_FIELDS


def field_label(name: str) -> str:
    return str(Record._meta.get_field(name).verbose_name)


def field_choices() -> list[tuple[str, str]]:
    return [(name, field_label(name)) for name in CORRECTABLE]


# --- who may do what -----------------------------------------------------------------------------------------------

def _roles_on(user, body_id) -> set[str]:
    if getattr(user, "body_id", None) is None or user.body_id != body_id or not getattr(user, "is_active", False):
        return set()
    return {role for role, _scope in assignments(user)}


def can_decide(user, objection: Objection) -> bool:
    """Only a user of the responsible body with a deciding role; never the one who raised it."""
    if objection.raised_by_id is not None and objection.raised_by_id == getattr(user, "pk", None):
        return False
    return bool(_roles_on(user, objection.body_id) & DECIDING_ROLES)


def can_raise(user, record: Record) -> bool:
    """A user of the record's body, or a supervisor whose scope covers it."""
    from yuezhifa.supervision.permissions import BODY_ROLES, supervised_bodies_q

    if not getattr(user, "is_authenticated", False):
        return False
    if _roles_on(user, record.body_id) & BODY_ROLES:
        return True
    if not any(role == Role.SUPERVISOR for role, _ in assignments(user)):
        return False
    q = supervised_bodies_q(user)
    from yuezhifa.org.models import EnforcementBody

    return q is None or EnforcementBody.objects.filter(q, pk=record.body_id).exists()


def visible_q(user) -> Q:
    """Objections ``user`` sees inside the platform: those of their own body (its users), those of the bodies they
    supervise (read only)."""
    from yuezhifa.supervision.permissions import BODY_ROLES, supervised_bodies_q

    result = Q(pk__in=[])
    if getattr(user, "body_id", None) is not None and any(r in BODY_ROLES for r, _ in assignments(user)):
        result |= Q(body_id=user.body_id)
    if getattr(user, "is_superuser", False) or any(r == Role.SUPERVISOR for r, _ in assignments(user)):
        q = supervised_bodies_q(user, "body__")
        result = Q() if q is None else result | q
    return result


# --- helpers -------------------------------------------------------------------------------------------------------

def check_due(raised_on: datetime.date) -> tuple[datetime.date, bool]:
    """The last day to decide: ``CHECK_DAYS`` working days after the day it was raised; provisional when the count
    went through a year whose holiday arrangement is not entered."""
    with observe_provisional() as years:
        due = add_working_days(raised_on, CHECK_DAYS)
    return due, bool(years)


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def _new_reference(today: datetime.date) -> str:
    for _ in range(10):
        reference = f"YY{today:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Objection.objects.filter(reference=reference).exists():
            return reference
    raise Conflict("异议编号生成失败，请重试。")


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _clean_fields(fields) -> list[str]:
    fields = [f for f in (fields or []) if f]
    unknown = [f for f in fields if f not in CORRECTABLE]
    if unknown:
        raise DomainError(f"异议字段“{unknown[0]}”不存在或者不可更正。", field="fields")
    return sorted(set(fields), key=CORRECTABLE.index)


def _clean_text(value, *, field: str, label: str, low: int, high: int) -> str:
    text = refuse_nul(" ".join(str(value or "").split()), field=field, label=label)
    if len(text) < low:
        raise DomainError(f"请填写{label}（至少 {low} 个字）。", field=field)
    if len(text) > high:
        raise DomainError(f"{label}最多 {high} 个字。", field=field)
    return text


def _audit_dict(objection: Objection) -> dict:
    return {"reference": objection.reference, "record": str(objection.record_id), "body": str(objection.body_id),
            "channel": objection.channel, "fields": objection.fields, "status": objection.status,
            "due_on": objection.due_on.isoformat(),
            "correction": str(objection.correction_id) if objection.correction_id else None}


# --- raise ---------------------------------------------------------------------------------------------------------

@transaction.atomic
def raise_objection(*, actor, record: Record, reason: str, fields=(), contact: str = "", raiser_name: str = "",
                    published_result=None, public: bool = False) -> tuple[Objection, str]:
    """Raise an objection to ``record`` (its current version). Inside the platform ``actor`` must be a user of the
    record's body or a supervisor over it; from the public site (``public``) a contact is required instead. Returns
    the objection and, for a public one, the verification code (shown once, only its hash is kept)."""
    record = Record.objects.select_related("body").get(pk=record.pk)
    if not record.current:
        raise DomainError("该记录已有更新的版本，请对现行版本提出异议。", field="record")
    if not public and not can_raise(actor, record):
        raise NotAllowed("只有该记录所属执法主体的人员或者对其有监督权限的监督人员可以在平台内提出数据异议。",
                         field="record")
    reason = _clean_text(reason, field="reason", label="异议理由", low=REASON_MIN, high=REASON_MAX)
    fields = _clean_fields(fields)
    contact = refuse_nul(" ".join(str(contact or "").split()), field="contact", label="联系方式")
    raiser_name = refuse_nul(" ".join(str(raiser_name or "").split()), field="raiser_name", label="提出人")
    if public and len(contact) < 5:
        raise DomainError("请填写联系方式（电话或者电子邮箱），以便执法主体核实。", field="contact")
    if len(contact) > 100:
        raise DomainError("联系方式最多 100 个字。", field="contact")
    if len(raiser_name) > 100:
        raise DomainError("提出人最多 100 个字。", field="raiser_name")
    now = timezone.now()
    today = timezone.localdate(now)
    due, provisional = check_due(today)
    code = _new_code() if public else ""
    objection = Objection.objects.create(
        reference=_new_reference(today), code_hash=_hash(code) if code else "", record=record, body=record.body,
        published_result=published_result, channel=ObjectionChannel.PUBLIC if public else ObjectionChannel.INTERNAL,
        raised_by=None if public else actor, raiser_name=raiser_name, contact=contact, fields=fields, reason=reason,
        raised_at=now, due_on=due, due_provisional=provisional)
    # the contact and the reason are personal data: the chain keeps the facts, not them
    audit_record(actor=actor, action="themes.objection.raise", obj=objection, after=_audit_dict(objection))
    return objection, code


def record_for_result(result) -> Record | None:
    """The library's current record behind a public result (same body, kind and document number)."""
    if result is None or not result.document_number:
        return None
    return (Record.objects.filter(current=True, body_id=result.body_id, kind=result.category,
                                  document_number=result.document_number)
            .order_by("-received_at").first())


# --- decide --------------------------------------------------------------------------------------------------------

def _locked_pending(actor, objection: Objection) -> Objection:
    objection = Objection.objects.select_for_update().select_related("record", "body").get(pk=objection.pk)
    if not can_decide(actor, objection):
        raise NotAllowed(f"数据异议由该记录所属执法主体的单位负责人或者法制审核人员核查处理（{ARTICLE}）；"
                         "提出人和其他单位不能处理。", field="objection", basis=ARTICLE)
    if objection.status != ObjectionStatus.PENDING:
        raise Conflict(f"该数据异议已处理（{objection.get_status_display()}）。", field="objection")
    return objection


def _parse(name: str, raw):
    label = field_label(name)
    text = refuse_nul("" if raw is None else str(raw).strip(), field=name, label=label)
    if name in DATE_FIELDS:
        if not text:
            if name not in NULLABLE:
                raise DomainError(f"{label}不能为空。", field=name)
            return None
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            raise DomainError(f"{label}格式应为 YYYY-MM-DD。", field=name) from None
    if name in AMOUNT_FIELDS:
        if not text:
            return None
        try:
            value = Decimal(text)
            if not value.is_finite():  # NaN cannot even be compared
                raise InvalidOperation
            value = value.quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise DomainError(f"{label}应为数字（元）。", field=name) from None
        if value < 0 or value >= Decimal("1e12"):
            raise DomainError(f"{label}应为不小于 0 的金额（元）。", field=name)
        return value
    limit = Record._meta.get_field(name).max_length
    if limit and len(text) > limit:
        raise DomainError(f"{label}最多 {limit} 个字。", field=name)
    if name == "division_code" and not DIVISION_CODE.match(text):
        raise DomainError(f"{label}应为六位数字（如 440106）。", field=name)
    return text


def _refuse_invalid(base: Record, changed: dict, today: datetime.date) -> None:
    """A correction writes nothing the validity measure (decision 0062 §1) would reject: a problem the corrected
    record has and the current one has not is refused, naming the changed field it is about."""
    trial = copy.copy(base)
    for name, value in changed.items():
        setattr(trial, name, value)
    already = set(validity_problems(base, today))
    introduced = [p for p in validity_problems(trial, today) if p not in already]
    if introduced:
        problem = introduced[0]
        field = next((n for n in changed if field_label(n) in problem), next(iter(changed)))
        raise DomainError(f"更正后{problem}，请核对（{ARTICLE}：谁校核、谁负责）。", field=field)


@transaction.atomic
def correct(*, actor, objection: Objection, changes: dict, answer: str) -> Objection:
    """Correct the record: a new current version with ``changes`` applied (field → new value); the version objected
    to, and any earlier one, stay as they were. A published result of the record follows the correction."""
    objection = _locked_pending(actor, objection)
    answer = _clean_text(answer, field="answer", label="更正说明", low=ANSWER_MIN, high=ANSWER_MAX)
    if not isinstance(changes, dict):
        raise DomainError("更正内容无效。", field="changes")
    unknown = [name for name in changes if name not in CORRECTABLE]
    if unknown:
        raise DomainError(f"字段“{unknown[0]}”不存在或者不可更正。", field=unknown[0])
    base = (Record.objects.select_for_update()
            .get(source_id=objection.record.source_id, kind=objection.record.kind,
                 record_key=objection.record.record_key, current=True))
    parsed = {name: _parse(name, raw) for name, raw in changes.items()}
    changed = {name: value for name, value in parsed.items() if getattr(base, name) != value}
    if not changed:
        raise DomainError("更正内容与现行记录相同；不需要更正的，请选择不予更正并说明理由。", field="changes")
    today = timezone.localdate()
    if changed.get("decided_on") and changed["decided_on"] > today:
        raise DomainError("决定日期不能晚于今天。", field="decided_on")
    _refuse_invalid(base, changed, today)
    now = timezone.now()
    Record.objects.filter(pk=base.pk).update(current=False, updated_at=now)
    new = Record(**{f.attname: getattr(base, f.attname) for f in Record._meta.concrete_fields
                    if f.name not in ("id", "created_at", "updated_at")})
    for name, value in changed.items():
        setattr(new, name, value)
    new.version = base.version + 1
    new.current = True
    new.supersedes = base
    new.delivery = None
    new.received_at = now
    new.extra = {**(base.extra or {}), "objection": objection.reference}
    new.digest = digest_of({f.attname: getattr(new, f.attname) for f in Record._meta.concrete_fields})
    new.save(force_insert=True)
    before = {name: _json(getattr(base, name)) for name in changed}
    objection.status = ObjectionStatus.CORRECTED
    objection.decided_at, objection.decided_by = now, actor
    objection.answer = answer
    objection.correction = new
    objection.save()
    audit_record(actor=actor, action="themes.record.correct", obj=new,
                 before={"version": base.version, "record": str(base.pk), **before},
                 after={"version": new.version, "objection": objection.reference,
                        **{name: _json(value) for name, value in changed.items()}})
    audit_record(actor=actor, action="themes.objection.correct", obj=objection, after=_audit_dict(objection))
    follow_in_disclosure(actor=actor, old=base, new=new)
    return objection


@transaction.atomic
def reject(*, actor, objection: Objection, answer: str) -> Objection:
    """Reject the objection; the reasons are required and shown to the raiser."""
    objection = _locked_pending(actor, objection)
    answer = _clean_text(answer, field="answer", label="不予更正的理由", low=ANSWER_MIN, high=ANSWER_MAX)
    objection.status = ObjectionStatus.REJECTED
    objection.decided_at, objection.decided_by = timezone.now(), actor
    objection.answer = answer
    objection.save()
    audit_record(actor=actor, action="themes.objection.reject", obj=objection, after=_audit_dict(objection))
    return objection


def _json(value):
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


# --- the public result follows -------------------------------------------------------------------------------------

# record field → published result field, for the fields a correction may change and the public page shows
_PUBLIC_FIELDS = {"document_number": "document_number", "party_credit_code": "party_credit_code",
                  "legal_representative": "legal_representative", "facts": "facts", "basis": "basis",
                  "measures": "penalty_types", "content": "penalty_content", "fine_amount": "fine_amount",
                  "confiscation_amount": "confiscation_amount", "decided_on": "decision_date",
                  "item_name": "illegal_act_type"}
_MASKED = {"facts", "penalty_content", "basis"}


def follow_in_disclosure(*, actor, old: Record, new: Record):
    """The published result of ``old`` (same body, kind and document number, on display) takes the corrected values
    of ``new``, masked as the disclosure platform masks them; audited as ``disclosure.update`` and re-indexed.
    Returns the result, or None when the record is not on public display. The name of a natural person is never
    copied (the public result keeps its masked form)."""
    from yuezhifa.disclosure import indexing
    from yuezhifa.disclosure.masking import mask_text
    from yuezhifa.disclosure.models import PublishedResult, ResultStatus

    if not old.document_number:
        return None
    result = (PublishedResult.objects.select_for_update()
              .filter(body_id=old.body_id, category=old.kind, document_number=old.document_number,
                      status=ResultStatus.PUBLISHED).order_by("-created_at").first())
    if result is None:
        return None
    before, after = {}, {}
    names = [new.party_name] if new.party_kind == PartyKind.NATURAL_PERSON and new.party_name else []
    for field, target in _PUBLIC_FIELDS.items():
        if getattr(old, field) == getattr(new, field):
            continue
        value = getattr(new, field)
        if target in _MASKED:
            value = mask_text(value or "", names=names)
        if target == "party_credit_code" and new.party_kind == PartyKind.NATURAL_PERSON:
            continue
        if target == "legal_representative" and new.party_kind == PartyKind.NATURAL_PERSON:
            continue
        before[target] = _json(getattr(result, target))
        setattr(result, target, value if value is not None or target in ("fine_amount", "confiscation_amount")
                else "")
        after[target] = _json(getattr(result, target))
    if new.party_kind != PartyKind.NATURAL_PERSON and old.party_name != new.party_name:
        before["party_name"], result.party_name = result.party_name, new.party_name
        after["party_name"] = new.party_name
    if not after:
        return None
    result.save()
    audit_record(actor=actor, action="disclosure.update", obj=result, before=before,
                 after={**after, "objection_record": str(new.pk)})
    indexing.index_results([result])
    return result


# --- what the raiser sees ------------------------------------------------------------------------------------------

def public_status(reference: str, code: str) -> dict | None:
    """The outcome for the public raiser: by reference number and verification code; None when they do not match.
    No personal data: neither the contact nor the record's party; the answer is masked."""
    from yuezhifa.disclosure.masking import mask_text

    reference = str(reference or "").strip().upper()[:20]
    code = str(code or "").strip().upper()[:20]
    if "\x00" in reference or "\x00" in code:  # PostgreSQL text cannot hold U+0000: no such objection
        return None
    objection = (Objection.objects.filter(reference=reference, channel=ObjectionChannel.PUBLIC)
                 .select_related("body").first())
    expected = objection.code_hash if objection is not None else _hash("-")
    if objection is None or not code or not hmac.compare_digest(expected, _hash(code)):
        return None
    return {"reference": objection.reference, "status": objection.get_status_display(),
            "status_code": objection.status, "body": objection.body.name,
            "raised_on": timezone.localdate(objection.raised_at), "due_on": objection.due_on,
            "due_provisional": objection.due_provisional,
            "decided_on": timezone.localdate(objection.decided_at) if objection.decided_at else None,
            "answer": mask_text(objection.answer) if objection.answer else "",
            "fields": [field_label(name) for name in objection.fields if name in CORRECTABLE]}


KIND_LABELS = dict(Kind.choices)
