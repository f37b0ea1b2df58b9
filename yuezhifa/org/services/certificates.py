"""Enforcement certificates (办法 第38条): issue, renew, suspend, reinstate, revoke, and the expiry warnings.

Only an administrator of a justice department, within that administrator's scope, acts on certificates (the
``certify`` action of ``permissions``). Every act runs in one transaction, keeps the certificate's own history
(``CertificateEvent``, ``CertificatePeriod``) and writes an audit entry with its reason.

Renewal keeps the number (证号合一, 第38条: one person, one number) and adds a validity period; see
docs/decisions/0016.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError, NotAllowed

from .. import conf
from ..models import (
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    CertificatePeriod,
    CertificateStatus,
    CertificateWarning,
    Domain,
    EnforcementBody,
    Officer,
    OfficerStatus,
)

CERTIFY_REFUSAL = "只有司法行政部门的系统管理员可以在其管理范围内发放、换发、暂扣、恢复或注销执法证件（办法 第38条）。"

# status → (event kind, audit action) of the change that leads to it
_TRANSITIONS = {
    (CertificateStatus.VALID, CertificateStatus.SUSPENDED): CertificateEventKind.SUSPEND,
    (CertificateStatus.SUSPENDED, CertificateStatus.VALID): CertificateEventKind.REINSTATE,
    (CertificateStatus.VALID, CertificateStatus.REVOKED): CertificateEventKind.REVOKE,
    (CertificateStatus.SUSPENDED, CertificateStatus.REVOKED): CertificateEventKind.REVOKE,
}


def certificate_snapshot(cert: Certificate) -> dict:
    return {
        "number": cert.number,
        "officer": str(cert.officer_id),
        "issued_by": str(cert.issued_by_id),
        "valid_from": cert.valid_from.isoformat(),
        "valid_until": cert.valid_until.isoformat(),
        "status": cert.status,
        "domains": sorted(cert.domains.values_list("code", flat=True)) if cert.pk else [],
    }


def require_certify(actor, obj: Officer | Certificate) -> None:
    """Raise ``NotAllowed`` unless ``actor`` may act on the certificates of this officer / this certificate."""
    if not type(obj).objects.filter(pk=obj.pk).restrict(actor, "certify").exists():
        raise NotAllowed(CERTIFY_REFUSAL)


def _actor_fields(actor) -> dict:
    if getattr(actor, "is_authenticated", False):
        name = getattr(actor, "real_name", "") or actor.get_username()
        return {"actor": actor, "actor_repr": f"{name}（{actor.get_username()}）"[:100]}
    return {"actor": None, "actor_repr": str(actor or SYSTEM)[:100]}


def _event(actor, cert: Certificate, kind: str, reason: str = "") -> CertificateEvent:
    return CertificateEvent.objects.create(certificate=cert, kind=kind, occurred_at=timezone.now(),
                                           reason=reason[:200], status_after=cert.status,
                                           valid_from=cert.valid_from, valid_until=cert.valid_until,
                                           **_actor_fields(actor))


def _check_domains(officer: Officer, domains: list[Domain]) -> None:
    if not domains:
        raise DomainError("执法证件至少要写明一个执法领域。", field="domains")
    body_domains = set(officer.body.domains.values_list("code", flat=True))
    outside = [d.name for d in domains if d.code not in body_domains]
    if outside:
        raise DomainError(f"执法领域 {'、'.join(outside)} 不在“{officer.body}”的执法领域之内。", field="domains")


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(f"{what}必须写明理由。", field="reason")
    return reason[:200]


@transaction.atomic
def certificate_issue(*, actor, officer: Officer, number: str, domains: list[Domain], valid_from: datetime.date,
                      valid_until: datetime.date, issued_by: EnforcementBody, reason: str = "") -> Certificate:
    """Issue an enforcement certificate: one person one certificate, the number unique province-wide (第38条)."""
    require_certify(actor, officer)
    number = (number or "").strip().upper()
    if not number:
        raise DomainError("证件编号不能为空。", field="number")
    if Certificate.objects.filter(number=number).exists():
        raise DomainError(f"证件编号 {number} 已被使用，全省执法证件编号不得重复（办法 第38条）。", field="number")
    if not issued_by.is_justice_department:
        raise DomainError(f"“{issued_by}”不是司法行政部门，不能发放执法证件。", field="issued_by")
    current = officer.certificates.exclude(status=CertificateStatus.REVOKED).first()
    if current:
        raise DomainError(f"{officer.name} 已持有执法证件 {current.number}，一人一证（办法 第38条）：须先注销原证件，"
                          "或对原证件办理换证。", field="officer")
    if officer.status != OfficerStatus.ACTIVE:
        raise DomainError(f"{officer.name} 不在岗，不能发放执法证件。", field="officer")
    if valid_until < valid_from:
        raise DomainError("有效期至不能早于有效期起。", field="valid_until")
    _check_domains(officer, domains)
    cert = Certificate(number=number, officer=officer, issued_by=issued_by, valid_from=valid_from,
                       valid_until=valid_until)
    cert.full_clean(exclude=["officer"])
    cert.save(force_insert=True)
    cert.domains.set(domains)
    CertificatePeriod.objects.create(certificate=cert, valid_from=valid_from, valid_until=valid_until)
    _event(actor, cert, CertificateEventKind.ISSUE, (reason or "").strip())
    after = certificate_snapshot(cert)
    if reason and reason.strip():
        after["reason"] = reason.strip()[:200]
    audit_record(actor=actor, action="org.certificate.issue", obj=cert, after=after)
    return cert


@transaction.atomic
def certificate_renew(*, actor, certificate: Certificate, valid_until: datetime.date, reason: str,
                      valid_from: datetime.date | None = None, domains: list[Domain] | None = None) -> Certificate:
    """Renew (换证): a new validity period on the same number. The new period starts the day after the current one
    ends (or today, if it has already ended) unless ``valid_from`` says otherwise; the domains may be changed at the
    same time. A suspended certificate must be reinstated first; a revoked one cannot be renewed."""
    cert = Certificate.objects.select_for_update().select_related("officer", "officer__body").get(pk=certificate.pk)
    require_certify(actor, cert)
    reason = _reason(reason, "换证")
    if cert.status == CertificateStatus.REVOKED:
        raise DomainError(f"证件 {cert.number} 已注销，不能换证；请重新发证。", field="status")
    if cert.status == CertificateStatus.SUSPENDED:
        raise DomainError(f"证件 {cert.number} 正被暂扣，须先恢复才能换证。", field="status")
    if cert.officer.status != OfficerStatus.ACTIVE:
        raise DomainError(f"{cert.officer.name} 不在岗，不能换证。", field="officer")
    today = timezone.localdate()
    if valid_from is None:
        valid_from = max(cert.valid_until + datetime.timedelta(days=1), today)
    if valid_until <= cert.valid_until:
        raise DomainError(f"新的有效期至须晚于现有效期至 {cert.valid_until.isoformat()}。", field="valid_until")
    if valid_until < valid_from:
        raise DomainError("有效期至不能早于有效期起。", field="valid_until")
    last_start = max(cert.periods.values_list("valid_from", flat=True), default=cert.valid_from)
    if valid_from <= last_start:
        raise DomainError(f"新的有效期起须晚于上一有效期的起始日 {last_start.isoformat()}。", field="valid_from")
    before = certificate_snapshot(cert)
    if domains is not None:
        _check_domains(cert.officer, domains)
        cert.domains.set(domains)
    CertificatePeriod.objects.create(certificate=cert, valid_from=valid_from, valid_until=valid_until)
    # The certificate's own dates are the current unbroken span: a renewal that continues (or overlaps) the current
    # period extends it; one after a gap starts a new span. Earlier spans stay in the periods.
    if valid_from > cert.valid_until + datetime.timedelta(days=1):
        cert.valid_from = valid_from
    cert.valid_until = valid_until
    cert.save(update_fields=["valid_from", "valid_until", "updated_at"])
    _event(actor, cert, CertificateEventKind.RENEW, reason)
    audit_record(actor=actor, action="org.certificate.renew", obj=cert, before=before,
                 after={**certificate_snapshot(cert), "reason": reason,
                        "period": [valid_from.isoformat(), valid_until.isoformat()]})
    return cert


@transaction.atomic
def certificate_set_status(*, actor, certificate: Certificate, status: str, reason: str) -> Certificate:
    """Suspend (暂扣), reinstate (恢复) or revoke (注销) a certificate, with a reason. A suspended or revoked
    certificate stops its holder at once: ``valid_certificate`` only accepts 有效. A revoked certificate stays
    revoked (the holder may be issued a new one)."""
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    require_certify(actor, cert)
    if status not in CertificateStatus.values:
        raise DomainError(f"未知的证件状态：{status}。", field="status")
    reason = _reason(reason, "变更证件状态")
    if cert.status == CertificateStatus.REVOKED:
        raise DomainError(f"证件 {cert.number} 已注销，不能再变更状态。", field="status")
    kind = _TRANSITIONS.get((cert.status, status))
    if kind is None:
        raise DomainError(f"证件 {cert.number} 已是“{CertificateStatus(status).label}”状态。", field="status")
    before = certificate_snapshot(cert)
    cert.status, cert.status_reason = status, reason
    cert.save(update_fields=["status", "status_reason", "updated_at"])
    _event(actor, cert, kind, reason)
    audit_record(actor=actor, action=f"org.certificate.{kind}", obj=cert, before=before,
                 after={**certificate_snapshot(cert), "reason": reason})
    return cert


def certificate_suspend(*, actor, certificate: Certificate, reason: str) -> Certificate:
    return certificate_set_status(actor=actor, certificate=certificate, status=CertificateStatus.SUSPENDED,
                                  reason=reason)


def certificate_reinstate(*, actor, certificate: Certificate, reason: str) -> Certificate:
    return certificate_set_status(actor=actor, certificate=certificate, status=CertificateStatus.VALID, reason=reason)


def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    return certificate_set_status(actor=actor, certificate=certificate, status=CertificateStatus.REVOKED,
                                  reason=reason)


def valid_certificate(officer: Officer | None, day: datetime.date | None = None) -> Certificate | None:
    """The officer's certificate that lets them act on ``day`` (default today), or None. Only a certificate that is
    有效 now counts — a suspended or revoked one stops its holder at once, whatever the day of the act — and ``day``
    must lie in one of its validity periods (an expired certificate does not count)."""
    if officer is None:
        return None
    day = day or timezone.localdate()
    covered = Q(valid_from__lte=day, valid_until__gte=day) | Q(periods__valid_from__lte=day,
                                                                periods__valid_until__gte=day)
    return (Certificate.objects.filter(officer=officer, status=CertificateStatus.VALID).filter(covered)
            .distinct().order_by("-valid_until").first())


# --- expiry warnings ------------------------------------------------------------------------------------------


def warning_threshold(days_left: int, thresholds: tuple[int, ...]) -> int | None:
    """The tightest threshold ``days_left`` has reached: 0 once expired, else the smallest ``t >= days_left``."""
    if days_left < 0:
        return 0
    reached = [t for t in thresholds if t > 0 and days_left <= t]
    return min(reached) if reached else None


def certificate_warnings_record(*, actor=SYSTEM, today: datetime.date | None = None) -> list[CertificateWarning]:
    """Record the expiry warnings due today: for each certificate still 有效 whose holder is in post, the tightest
    threshold it has reached (``conf.warning_thresholds``), once per certificate, validity end and threshold. A
    threshold passed while the task was not running is not recorded late once a tighter one applies. Idempotent:
    running twice a day, or on two workers at once, records nothing twice."""
    if not getattr(actor, "is_superuser", False):
        raise NotAllowed("到期预警由系统定时任务记录。")
    today = today or timezone.localdate()
    thresholds = conf.warning_thresholds()
    horizon = today + datetime.timedelta(days=max(thresholds))
    candidates = (Certificate.objects.filter(status=CertificateStatus.VALID, valid_until__lte=horizon,
                                             officer__status=OfficerStatus.ACTIVE)
                  .select_related("officer").order_by("valid_until", "number"))
    recorded = []
    for cert in candidates:
        days_left = (cert.valid_until - today).days
        threshold = warning_threshold(days_left, thresholds)
        if threshold is None:
            continue
        if cert.warnings.filter(valid_until=cert.valid_until, threshold__lte=threshold).exists():
            continue
        try:
            with transaction.atomic():
                warning = CertificateWarning.objects.create(certificate=cert, threshold=threshold,
                                                            valid_until=cert.valid_until, days_left=days_left,
                                                            warned_on=today)
                audit_record(actor=actor, action="org.certificate.warn", obj=cert,
                             after={"threshold": threshold, "valid_until": cert.valid_until.isoformat(),
                                    "days_left": days_left, "holder": cert.officer.name})
        except IntegrityError:
            continue  # another run recorded it a moment ago
        recorded.append(warning)
    return recorded
