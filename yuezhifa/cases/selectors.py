"""Every read of cases, restricted to what the user may see (DESIGN §5.4). A case page costs the same few queries
however long its log is."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from django.db.models import Q, QuerySet
from django.utils import timezone

from yuezhifa.core.masking import mask_id_number, mask_personal, mask_phone

from .engine import ActView, AllowedAct, CaseLog
from .models import Act, Case, Stage
from .permissions import acting_roles
from .procedures.dsl import HEAD, LEGAL_REVIEWER

FINISHED = (Stage.CLOSED, Stage.NOT_FILED)


def cases(user) -> QuerySet:
    return Case.objects.restrict(user, "view").select_related("body", "item")


def case_list(user, *, stage: str = "", q: str = "", open_only: bool = False) -> QuerySet:
    qs = cases(user)
    if stage:
        qs = qs.filter(stage=stage)
    if open_only:
        qs = qs.exclude(stage__in=FINISHED)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(cause__icontains=q) | Q(parties__name__icontains=q)).distinct()
    return qs.order_by("-registered_at").prefetch_related("parties")


def todo_list(user) -> QuerySet:
    """The user's open cases, soonest agency deadline first (overdue ones on top): what to do next."""
    return (cases(user).exclude(stage__in=FINISHED).order_by("next_due", "-registered_at")
            .prefetch_related("parties"))


def approval_queue(user, role: str) -> QuerySet:
    """Cases waiting for ``role`` (负责人 or 法制审核人员): the queue of the head and of the legal reviewer."""
    if role not in (HEAD, LEGAL_REVIEWER):
        return Case.objects.none()
    return cases(user).filter(waiting_role=role).order_by("next_due", "registered_at").prefetch_related("parties")


@dataclass
class CasePage:
    case: Case
    log: CaseLog
    acts: list[Act]
    parties: list
    evidence: list
    documents: list
    deadlines: list
    next_acts: list[AllowedAct]
    roles: set[str]
    views: list[ActView]
    full: bool = False

    @property
    def allowed(self) -> list[AllowedAct]:
        return [a for a in self.next_acts if a.allowed]

    @property
    def blocked(self) -> list[AllowedAct]:
        return [a for a in self.next_acts if not a.allowed]

    def can(self, allowed: AllowedAct) -> bool:
        return bool(self.roles & set(allowed.spec.roles))


def case_page(user, pk, *, full: bool = False) -> CasePage:
    """Raises ``Case.DoesNotExist`` for a case the user may not see (the caller answers 404).

    ``acts`` and ``views`` (the acts with their corrections applied) carry the act data as this user may see it: the
    ID numbers and phone numbers of every person in it masked (DESIGN §5.9: masking happens here, once, so the page,
    the API and whatever else reads the page show the same). ``full`` asks for them in full: granted only to a user
    who acts on the case (``acting_roles``: its handling body's officers, head and legal reviewer), never to a
    supervisor reading under a 第三十七条 grant; ``CasePage.full`` says whether it was, and the caller records the
    view (``services.personal_data_view_record``, DESIGN §5.5: every view of a full ID number audited)."""
    case = cases(user).select_related("body__division", "item__domain").get(pk=pk)
    acts = list(Act.objects.filter(case=case).select_related("actor").order_by("seq"))
    log = CaseLog(case, acts, as_of=timezone.now())
    roles = acting_roles(user, case)
    full = bool(full and roles)
    return CasePage(
        case=case, log=log, acts=acts if full else [_masked_act(a) for a in acts], parties=list(case.parties.all()),
        evidence=list(case.evidence.order_by("collected_at", "created_at")),
        documents=list(case.documents.order_by("created_at")),
        deadlines=list(case.deadlines.order_by("due_date")),
        next_acts=log.next_acts(), roles=roles,
        views=list(log.acts) if full else [replace(v, data=mask_personal(v.data)) for v in log.acts], full=full)


def _masked_act(act: Act) -> Act:
    """A copy of ``act`` for reading, its data masked; the stored row (and its hash) is untouched."""
    shown = copy.copy(act)
    shown.data = mask_personal(act.data or {})
    return shown


def email_deliveries(user, case: Case) -> list:
    """The case's e-mail services (docs/decisions/0012), for its page: only of a case ``user`` may see."""
    from .models import EmailDelivery

    return list(EmailDelivery.objects.filter(case__in=cases(user).filter(pk=case.pk))
                .select_related("document").order_by("created_at"))


def party_public(party, *, full: bool = False) -> dict:
    """A party as lists and pages show it: ID number and phone masked (DESIGN §5.5), unless ``full`` (a
    ``CasePage.full`` read, see ``case_page``)."""
    return {"kind": party.kind, "name": party.name,
            "id_number": party.id_number if full else mask_id_number(party.id_number),
            "credit_code": party.credit_code, "address": party.address,
            "phone": party.phone if full else mask_phone(party.phone)}


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    message: str
    case_number: str = ""
    seq: int | None = None


def verify_case_log(case: Case) -> ChainReport:
    """Recompute every act's hash and its link to the act before it; the case's head hash must be the last act's
    (so a deleted tail is seen too). Reads the rows as stored: nothing the engine caches is trusted."""
    label = case.number or str(case.pk)
    previous = ""
    acts = list(Act.objects.filter(case=case).order_by("seq"))
    for expected, act in enumerate(acts, start=1):
        if act.seq != expected:
            return ChainReport(False, f"案件 {label} 的第 {expected} 项执法行为缺失。", label, expected)
        if act.prev_hash != previous or act.compute_hash() != act.hash:
            return ChainReport(False, f"案件 {label} 的第 {act.seq} 项执法行为（{act.name}）被修改。", label, act.seq)
        previous = act.hash
    if case.last_hash != previous or case.version != len(acts):
        return ChainReport(False, f"案件 {label} 的最后 {max(case.version - len(acts), 1)} 项执法行为被删除或记录被改动。",
                           label, len(acts) + 1)
    return ChainReport(True, f"案件 {label}：{len(acts)} 项执法行为，哈希链完整。", label)


def verify_all_case_logs():
    for case in Case.objects.order_by("registered_at").iterator():
        report = verify_case_log(case)
        if not report.ok:
            return report
    return ChainReport(True, f"OK：{Case.objects.count()} 个案件的执法行为哈希链完整。")


@dataclass(frozen=True)
class DossierEntry:
    seq: int
    kind: str  # document / evidence
    title: str
    number: str
    date: object
    sha256: str
    object_id: object


def dossier(case: Case) -> list[DossierEntry]:
    """The case file (卷宗) in catalogue order (处罚法 第四十七条; 办法 第三十一条): the documents in the order of the acts
    that issued them, each act's evidence after its documents."""
    from .models import CaseDocument, Evidence

    documents = list(CaseDocument.objects.filter(case=case).select_related("act").order_by("act__seq", "created_at"))
    evidence = list(Evidence.objects.filter(case=case).select_related("act").order_by("act__seq", "collected_at"))
    rows = [(d.act.seq, 0, "document", d.title, d.number, d.act.performed_at, d.pdf_sha256, d.pk) for d in documents]
    rows += [(e.act.seq, 1, "evidence", e.title, "", e.collected_at, e.sha256, e.pk) for e in evidence]
    rows.sort(key=lambda r: (r[0], r[1]))
    return [DossierEntry(i, kind, title, number, timezone.localtime(at).date(), sha, pk)
            for i, (_s, _o, kind, title, number, at, sha, pk) in enumerate(rows, start=1)]
