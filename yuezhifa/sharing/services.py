"""Writes of data sharing: request, decide, revoke, and the key (办法 第五十条、第五十一条; docs/decisions/0061)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.validation import refuse_nul
from yuezhifa.org.models import Division

from . import catalogue
from .models import Dataset, Grant, GrantStatus
from .permissions import can_request, is_data_admin, sharing_enabled

ARTICLE_50 = "《广东省一体化行政执法平台管理办法》第五十条"
ARTICLE_51 = "《广东省一体化行政执法平台管理办法》第五十一条"
PERSONAL_BASIS = "《中华人民共和国个人信息保护法》第十三条、第二十八条"
PURPOSE_MIN = 4
TEXT_MAX = 2000
RATE_MAX = 600  # requests per minute a grant may be given at most
VALIDITY_MAX_DAYS = 366  # a grant is valid for at most a year; then a new request
KEY_PREFIX = "yzfg_"


def normalise_division(code: str) -> str:
    """A division as its prefix code (Division.code): 440100 → 4401, 440000 → 44; 2, 4 or 6 digits."""
    code = "".join(str(code or "").split())
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise ValueError(code)
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def parse_divisions(values, field: str = "divisions") -> list[str]:
    if isinstance(values, str):
        values = values.replace("，", ",").replace("、", ",").replace(" ", ",").split(",")
    result = []
    for raw in values or []:
        if not str(raw).strip():
            continue
        try:
            code = normalise_division(raw)
        except ValueError:
            raise DomainError(f"区划代码“{raw}”无效：应为 2、4 或 6 位数字（如 4401 或 440100）。", field=field) from None
        if not Division.objects.filter(code=code).exists():
            raise DomainError(f"区划代码“{raw}”不存在。", field=field)
        if code not in result:
            result.append(code)
    if not result:
        raise DomainError("请至少填写一个行政区划代码（共享该区划及其下级区划的数据）。", field=field)
    # a division inside another one listed adds nothing
    return [c for c in result if not any(c != o and c.startswith(o) for o in result)]


def divisions_within(inner: list[str], outer: list[str]) -> bool:
    return all(any(code.startswith(o) for o in outer) for code in inner)


def _text(value, field: str, label: str, *, required: bool, minimum: int = 0) -> str:
    text = refuse_nul(str(value or "").strip(), field=field, label=label)
    if required and len(text) < max(minimum, 1):
        raise DomainError(f"请填写{label}" + (f"（至少 {minimum} 个字）" if minimum > 1 else "") + "。", field=field)
    if len(text) > TEXT_MAX:
        raise DomainError(f"{label}不能超过 {TEXT_MAX} 个字。", field=field)
    return text


def _fields(names, dataset: Dataset, field: str = "fields") -> list[str]:
    if isinstance(names, str):
        names = [names]
    names = [str(n) for n in (names or [])]
    unknown = [n for n in names if n not in dataset.fields]
    if unknown:
        raise DomainError(f"数据集“{dataset.name}”不提供字段：{'、'.join(unknown)}。", field=field)
    names = catalogue.ordered(names)
    if not names:
        raise DomainError("请至少选择一个字段（关联和最小够用，办法第五十一条）。", field=field)
    return names


def _date(value, field: str, label: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise DomainError(f"{label}格式应为 YYYY-MM-DD。", field=field) from None


def _check_enabled():
    if not sharing_enabled():
        raise DomainError("数据共享在省级平台办理，本节点不提供。", field=None)


@transaction.atomic
def request_grant(*, actor, dataset_code: str, fields, divisions, period_from, period_to, valid_until,
                  purpose: str, personal_justification: str = "", rate_per_minute=60) -> Grant:
    """A 数据共享申请人 requests a dataset for their body (办法 第五十条)."""
    _check_enabled()
    if not can_request(actor):
        raise NotAllowed("只有具有“数据共享申请人”角色的用户可以申请共享数据。")
    code = str(dataset_code or "")
    dataset = Dataset.objects.filter(code=code, active=True).first() if "\x00" not in code else None
    if dataset is None:
        raise DomainError("请选择一个可共享的数据集。", field="dataset")
    names = _fields(fields, dataset)
    codes = parse_divisions(divisions)
    start = _date(period_from, "period_from", "数据起始日期")
    end = _date(period_to, "period_to", "数据截止日期")
    if end < start:
        raise DomainError("数据截止日期不能早于起始日期。", field="period_to")
    until = _date(valid_until, "valid_until", "授权有效期")
    today = timezone.localdate()
    if until < today:
        raise DomainError("授权有效期不能早于今天。", field="valid_until")
    if until > today + datetime.timedelta(days=VALIDITY_MAX_DAYS):
        raise DomainError(f"授权有效期最长 {VALIDITY_MAX_DAYS} 天，期满后重新申请。", field="valid_until")
    purpose = _text(purpose, "purpose", "用途", required=True, minimum=PURPOSE_MIN)
    personal = [n for n in names if n in catalogue.PERSONAL]
    justification = _text(personal_justification, "personal_justification", "使用个人信息的理由",
                          required=bool(personal), minimum=PURPOSE_MIN)
    try:
        rate = int(rate_per_minute)
    except (TypeError, ValueError):
        raise DomainError("访问频率应为整数（次/分钟）。", field="rate_per_minute") from None
    if not 1 <= rate <= RATE_MAX:
        raise DomainError(f"访问频率应在 1 至 {RATE_MAX} 次/分钟之间。", field="rate_per_minute")
    grant = Grant.objects.create(
        dataset=dataset, requester=actor, requester_body=actor.body, purpose=purpose,
        personal_justification=justification if personal else "", requested_fields=names,
        requested_divisions=codes, period_from=start, period_to=end, valid_until=until, rate_per_minute=rate)
    audit_record(actor=actor, action="sharing.request", object_type="sharing.grant", object_id=str(grant.pk),
                 object_repr=str(grant), after={"dataset": dataset.code, "fields": names, "divisions": codes})
    return grant


def _new_key() -> tuple[str, str, str]:
    prefix = secrets.token_hex(6)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return key, prefix, key_digest(key)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def split_key(key: str) -> str | None:
    """The prefix id of a key of the form ``yzfg_<prefix>_<secret>``, or None."""
    if not key.startswith(KEY_PREFIX):
        return None
    parts = key[len(KEY_PREFIX):].split("_", 1)
    hexadecimal = len(parts[0]) == 12 and all(c in "0123456789abcdef" for c in parts[0])
    return parts[0] if len(parts) == 2 and hexadecimal else None


def _decidable(actor, grant: Grant):
    _check_enabled()
    if not is_data_admin(actor):
        raise NotAllowed(f"共享申请由数据共享管理员审批（{ARTICLE_51}）。")
    if grant.requester_id == actor.pk:
        raise NotAllowed("不能审批本人提出的共享申请。")
    if grant.status != GrantStatus.PENDING:
        raise DomainError(f"该申请{grant.get_status_display()}，不能再审批。", field="status")


@transaction.atomic
def approve(*, actor, grant: Grant, fields=None, divisions=None, note: str = "") -> str:
    """Approve, possibly narrowed (关联和最小够用, 办法 第五十一条); returns the key, shown this once."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    _decidable(actor, grant)
    names = grant.requested_fields if fields is None else _fields(fields, grant.dataset)
    if not set(names) <= set(grant.requested_fields):
        raise DomainError("审批只能缩小申请的字段，不能增加；需要更多字段须重新申请。", field="fields")
    codes = grant.requested_divisions if divisions is None else parse_divisions(divisions)
    if not divisions_within(codes, grant.requested_divisions):
        raise DomainError("审批只能缩小申请的区划范围，不能扩大；需要更大范围须重新申请。", field="divisions")
    narrowed = set(names) != set(grant.requested_fields) or set(codes) != set(grant.requested_divisions)
    note = _text(note, "note", "缩小范围的理由", required=narrowed, minimum=PURPOSE_MIN)
    if grant.valid_until < timezone.localdate():
        raise DomainError("该申请的授权有效期已过，请申请人重新申请。", field="valid_until")
    key, prefix, digest = _new_key()
    grant.granted_fields, grant.granted_divisions = names, codes
    grant.status, grant.decided_by, grant.decided_at = GrantStatus.APPROVED, actor, timezone.now()
    grant.decision_note, grant.key_prefix, grant.key_digest = note, prefix, digest
    grant.save()
    audit_record(actor=actor, action="sharing.approve", object_type="sharing.grant", object_id=str(grant.pk),
                 object_repr=str(grant), after={"fields": names, "divisions": codes, "note": note,
                                                 "key_prefix": prefix})
    return key


@transaction.atomic
def reject(*, actor, grant: Grant, note: str) -> Grant:
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    _decidable(actor, grant)
    note = _text(note, "note", "不批准的理由", required=True, minimum=PURPOSE_MIN)
    grant.status, grant.decided_by, grant.decided_at, grant.decision_note = (
        GrantStatus.REJECTED, actor, timezone.now(), note)
    grant.save()
    audit_record(actor=actor, action="sharing.reject", object_type="sharing.grant", object_id=str(grant.pk),
                 object_repr=str(grant), after={"note": note})
    return grant


def can_revoke(user, grant: Grant) -> bool:
    """The data administrators, and the requesting body's own 数据共享申请人 (giving up a grant narrows it)."""
    if grant.status != GrantStatus.APPROVED:
        return False
    return is_data_admin(user) or (can_request(user) and user.body_id == grant.requester_body_id)


@transaction.atomic
def revoke(*, actor, grant: Grant, reason: str) -> Grant:
    """Takes effect at once: the next request with the key gets 401."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if not can_revoke(actor, grant):
        raise NotAllowed("您不能撤销该授权（仅数据共享管理员或申请单位可撤销已生效的授权）。")
    reason = _text(reason, "reason", "撤销理由", required=True, minimum=2)
    grant.status, grant.revoked_by, grant.revoked_at, grant.revoke_reason = (
        GrantStatus.REVOKED, actor, timezone.now(), reason)
    grant.save()
    audit_record(actor=actor, action="sharing.revoke", object_type="sharing.grant", object_id=str(grant.pk),
                 object_repr=str(grant), after={"reason": reason})
    return grant
