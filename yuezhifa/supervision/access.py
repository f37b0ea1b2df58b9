"""Access to case files by supervisors (办法 第三十七条, 第六十五条; DESIGN §5.4; docs/decisions/0015).

A supervisor may read a case of their jurisdiction only once it is decided or archived, only for a stated reason,
only after a head over the supervisor's body approved, and only until the grant expires (``GRANT_DAYS``, default 7
days, setting ``YZF_SUPERVISION_GRANT_DAYS``). The enforcement body is told of the grant; every read under it is
audited, and every attempt without one is refused and audited as well. Supervisors never act on cases
(``cases.permissions.acting_roles`` never gives them a role).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.cases.interface import terminal_stages
from yuezhifa.cases.models import Case
from yuezhifa.core.errors import DomainError, NotAllowed

from .models import AccessGrant, GrantStatus, Notification
from .permissions import approval_problem, is_supervisor, supervised_bodies_q

ARTICLE = "《广东省一体化行政执法平台管理办法》第三十七条"
REASON_MIN = 4
REASON_MAX = 1000


def grant_days() -> int:
    return int(getattr(settings, "YZF_SUPERVISION_GRANT_DAYS", 7))


def supervisable_q(prefix: str = "") -> Q:
    """Cases a supervisor may ask to read: decided (决定已作出), or finished (办结存档: a terminal stage of their
    procedure, closed or not filed …)."""
    return Q(**{f"{prefix}decided_at__isnull": False}) | Q(**{f"{prefix}stage__in": sorted(terminal_stages())})


def active_grants(user, now=None) -> QuerySet:
    """``user``'s approved, unexpired grants."""
    now = now or timezone.now()
    return AccessGrant.objects.filter(requester_id=getattr(user, "pk", None), status=GrantStatus.APPROVED,
                                      expires_at__gt=now)


def granted_cases_q(user) -> Q | None:
    """Q over ``Case`` for the cases ``user`` may read under a grant (None when the user is no supervisor).
    Used by ``cases.permissions.case_scope_q``."""
    if not getattr(user, "is_authenticated", False) or not is_supervisor(user):
        return None
    return Q(pk__in=active_grants(user).values("case_id")) & supervisable_q()


def holds_grant(user, case: Case) -> bool:
    q = granted_cases_q(user)
    return q is not None and Case.objects.filter(q, pk=case.pk).exists()


def supervised_cases(user) -> QuerySet:
    """The cases of the bodies ``user`` supervises: their metadata (number, cause, body, stage, dates) is what the
    dashboard and its lists show; the file itself needs a grant."""
    q = supervised_bodies_q(user, "body__")
    qs = Case.objects.all()
    return qs if q is None else qs.filter(q)


def _audit_refusal(actor, action: str, *, case_id="", grant_id="", reason: str = "", what: str = "") -> None:
    after = {"grant": str(grant_id or ""), "refused": reason}
    if what:
        after["what"] = str(what)[:200]
    with transaction.atomic():
        audit_record(actor=actor, action=action, object_type="cases.case", object_id=str(case_id or ""),
                     object_repr="", after=after)


def grant_request(*, actor, case_id, reason: str) -> AccessGrant:
    """A supervisor asks to read a case. Refused for a case outside their jurisdiction or not yet decided; the
    refusal is audited (办法 第六十五条: reading without approval is a liability ground)."""
    if not is_supervisor(actor) or getattr(actor, "body", None) is None:
        raise NotAllowed("只有监督人员可以申请查阅案卷。")
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise DomainError("请写明查阅事由（如执法检查、案卷评查、行政执法评价或者督察的名称）。", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"查阅事由不能超过{REASON_MAX}字。", field="reason")
    try:
        case_id = uuid.UUID(str(case_id))
    except ValueError:
        case = None
    else:
        case = supervised_cases(actor).filter(pk=case_id).select_related("body").first()
    if case is None:
        _audit_refusal(actor, "supervision.access.refused", case_id=case_id, reason="outside_scope")
        raise NotAllowed("未找到该案件，或该案件不在您的监督范围内。", field="case")
    if not Case.objects.filter(supervisable_q(), pk=case.pk).exists():
        _audit_refusal(actor, "supervision.access.refused", case_id=case.pk, reason="not_decided")
        raise DomainError(f"该案件尚未作出决定，监督人员不能查阅正在办理的案件；决定作出或者办结存档后方可申请（{ARTICLE}）。",
                          field="case", basis=ARTICLE)
    with transaction.atomic():
        if AccessGrant.objects.select_for_update().filter(case=case, requester=actor,
                                                          status=GrantStatus.PENDING).exists():
            raise DomainError("您对该案件已有待审批的查阅申请。", field="case")
        grant = AccessGrant.objects.create(case=case, requester=actor, requester_body=actor.body, reason=reason)
        audit_record(actor=actor, action="supervision.access.request", obj=grant,
                     after={"case": str(case.pk), "reason": reason})
    return grant


@transaction.atomic
def grant_decide(*, actor, grant: AccessGrant, approve: bool, note: str = "") -> AccessGrant:
    """A head over the supervisor's body approves (the grant runs ``grant_days()`` from now and the enforcement body
    is told) or refuses."""
    grant = AccessGrant.objects.select_for_update().select_related("case", "case__body", "requester_body",
                                                                   "requester").get(pk=grant.pk)
    problem = approval_problem(actor, grant)
    if problem:
        raise NotAllowed(problem, basis=ARTICLE)
    if grant.status != GrantStatus.PENDING:
        raise DomainError("该申请已经审批。", field="status")
    note = (note or "").strip()[:300]
    now = timezone.now()
    grant.decided_by, grant.decided_at, grant.decision_note = actor, now, note
    if approve:
        grant.status = GrantStatus.APPROVED
        grant.expires_at = now + datetime.timedelta(days=grant_days())
    else:
        grant.status = GrantStatus.REJECTED
    grant.save()
    audit_record(actor=actor, action="supervision.access.approve" if approve else "supervision.access.reject",
                 obj=grant, after={"case": str(grant.case_id), "expires_at":
                                   grant.expires_at.isoformat() if grant.expires_at else None, "note": note})
    if approve:
        until = timezone.localtime(grant.expires_at)
        requester = getattr(grant.requester, "real_name", "") or grant.requester.get_username()
        Notification.objects.create(
            body=grant.case.body, kind="access_granted", case=grant.case, grant=grant,
            title=f"监督机关查阅案件{grant.case.number or grant.case.cause}",
            message=(f"{grant.requester_body.name}的{requester}经本机关负责人批准，查阅贵单位案件"
                     f"{grant.case.number or grant.case.cause}的案卷材料，事由：{grant.reason}。"
                     f"授权有效期至{until:%Y年%m月%d日%H时%M分}（{ARTICLE}）。"))
    return grant


def grant_for_read(*, actor, grant_id) -> AccessGrant:
    """The grant ``actor`` reads under, with its case; every read is audited. A grant that is not the actor's, not
    approved, expired, or does not exist is refused the same way (the caller answers 404, leaking nothing), and the
    attempt is audited."""
    now = timezone.now()
    try:
        grant_id = uuid.UUID(str(grant_id))
    except ValueError:
        grant = None  # a malformed id is refused and audited like an unknown one
    else:
        grant = (AccessGrant.objects.filter(pk=grant_id, requester_id=getattr(actor, "pk", None))
                 .select_related("case", "case__body").first())
    problem = None
    if grant is None:
        problem = "unknown"
    elif not grant.is_active(now):
        problem = "expired" if grant.status == GrantStatus.APPROVED else grant.status
    elif not Case.objects.filter(supervisable_q(), pk=grant.case_id).exists():
        problem = "not_decided"
    if problem is not None:
        _audit_refusal(actor, "supervision.access.refused", case_id=grant.case_id if grant else "",
                       grant_id=grant_id, reason=problem)
        raise NotAllowed("未找到该查阅授权，或授权已过期。")
    with transaction.atomic():
        audit_record(actor=actor, action="supervision.access.read", obj=grant.case,
                     after={"grant": str(grant.pk), "expires_at": grant.expires_at.isoformat()})
    return grant


@dataclass
class CaseFile:
    """A case file as a supervisor reads it under a grant: the grant, the case, its masked parties, acts, documents,
    deadlines and alerts."""

    grant: AccessGrant
    case: Case
    parties: list
    acts: list
    documents: list
    deadlines: list
    alerts: list


def case_file_read(*, actor, grant_id) -> CaseFile:
    """Read the case file under ``grant_id`` (the read, or the refusal, audited by ``grant_for_read``). Raises
    NotAllowed the same way for every grant that does not open the case, so the caller answers 404."""
    from yuezhifa.cases.models import Act
    from yuezhifa.cases.selectors import party_public

    from .models import Alert

    grant = grant_for_read(actor=actor, grant_id=grant_id)
    case = (Case.objects.restrict(actor, "view").select_related("body", "item")
            .filter(pk=grant.case_id).first())
    if case is None:
        raise NotAllowed("未找到该查阅授权，或授权已过期。")
    return CaseFile(grant=grant, case=case, parties=[party_public(p) for p in case.parties.all()],
                    acts=list(Act.objects.filter(case=case).order_by("seq")),
                    documents=list(case.documents.order_by("created_at")),
                    deadlines=list(case.deadlines.order_by("due_date")),
                    alerts=list(Alert.objects.filter(case=case).order_by("first_seen")))


def record_refused_read(*, actor, case_id, what: str = "") -> None:
    """Audit an attempt to open a case without a grant: the one function every refused read by a supervisor goes
    through, whichever route it came by (this app's pages and API, and, through ``cases.events.on_read_refused``,
    the case pages, the case API, documents and evidence files)."""
    _audit_refusal(actor, "supervision.access.refused", case_id=case_id, reason="no_grant", what=what)


def case_read_refused(*, user, case_id, what: str = "") -> None:
    """``cases.events`` handler: a case read was refused; audited when the user is a supervisor (办法 第三十七条、
    第六十五条). Other users' 404s are ordinary not-found answers."""
    if getattr(user, "is_authenticated", False) and is_supervisor(user):
        record_refused_read(actor=user, case_id=case_id, what=what)


def record_search(*, actor, where: str, query: str, found: int) -> None:
    """Audit a supervisor's search of the case or alert list (docs/decisions/0051): the lists show metadata only,
    but a search by a party's name asks about a person, so who searched for what, and how many rows it found, is
    kept as the reads under a grant are (办法 第三十七条、第六十五条)."""
    if not (getattr(actor, "is_authenticated", False) and is_supervisor(actor)) or not query:
        return
    with transaction.atomic():
        audit_record(actor=actor, action="supervision.search", object_type="cases.case", object_repr=where,
                     after={"list": where, "q": query[:100], "found": found})


@transaction.atomic
def notification_read(*, actor, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now(),
                                                                                     read_by=actor)
        audit_record(actor=actor, action="supervision.notification.read", obj=notification)
