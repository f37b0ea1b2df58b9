"""Every read of cases, restricted to what the user may see (DESIGN §5.4). A case page costs the same few queries
however long its log is."""

from __future__ import annotations

import contextlib
import copy
import datetime
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Case as DbCase
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from yuezhifa.core.masking import mask_id_number, mask_personal, mask_phone
from yuezhifa.topology.accounts import user_label

from .engine import ActView, AllowedAct, CaseLog
from .models import Act, Case
from .permissions import acting_roles
from .procedures import terminal_stages
from .procedures.dsl import HEAD, LEGAL_REVIEWER


def cases(user) -> QuerySet:
    return Case.objects.restrict(user, "view").select_related("body", "item")


def case_list(user, *, stage: str = "", q: str = "", open_only: bool = False) -> QuerySet:
    qs = cases(user)
    if stage:
        qs = qs.filter(stage=stage)
    if open_only:
        qs = qs.exclude(stage__in=terminal_stages())
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(cause__icontains=q) | Q(parties__name__icontains=q)).distinct()
    return qs.order_by("-registered_at").prefetch_related("parties")


def todo_list(user) -> QuerySet:
    """The user's open cases: those returned to the officers (退回, docs/decisions/0046) first, then the soonest agency
    deadline first (overdue ones on top): what to do next."""
    returned = DbCase(When(returned_reason="", then=Value(1)), default=Value(0), output_field=IntegerField())
    return (cases(user).exclude(stage__in=terminal_stages()).annotate(returned_last=returned)
            .order_by("returned_last", "next_due", "-registered_at").prefetch_related("parties"))


def approval_queue(user, role: str) -> QuerySet:
    """Cases waiting for ``role`` (负责人 or 法制审核人员): the queue of the head and of the legal reviewer."""
    if role not in (HEAD, LEGAL_REVIEWER):
        return Case.objects.none()
    return cases(user).filter(waiting_role=role).order_by("next_due", "registered_at").prefetch_related("parties")


DUE_SOON_DAYS = 3  # 即将到期: the agency's next due date within this many days (the lists' ``due_state``)


def queue_labels(case: Case) -> list[str]:
    """What ``case`` waits for in an approval queue, as the procedure names it (立案审批, 公示审批, 移送审批 …): the
    ``queue`` of each act the case waits on (``Case.waiting_acts``, docs/decisions/0049), read from the procedure
    definition, never from act codes."""
    from .procedures import PROCEDURES

    procedure = PROCEDURES.get(case.procedure)
    labels = []
    for code in filter(None, (case.waiting_acts or "").split(",")):
        spec = procedure.act(code) if procedure is not None else None
        if spec is not None and spec.queue and spec.queue not in labels:
            labels.append(spec.queue)
    return labels


def due_filter(qs: QuerySet, due: str, today: datetime.date) -> QuerySet:
    """``soon``: the next due date from today to ``DUE_SOON_DAYS`` days on; ``overdue``: before today."""
    if due == "overdue":
        return qs.filter(next_due__lt=today)
    if due == "soon":
        return qs.filter(next_due__gte=today, next_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    return qs


def todo_counts(user, roles: set[str], today: datetime.date | None = None) -> dict[str, int]:
    """The to-do centre's counts (issue 15 §2) in one query over the user's open cases: 待办 (``todo``), 待审批
    (``approvals``: waiting for a head, when ``roles`` has one), 待审核 (``legal``: waiting for a legal reviewer),
    即将到期 (``soon``), 已逾期 (``overdue``), 退回 (``returned``), and ``attention``: the cases among them that wait on
    this user now (in their approval queue, returned, or overdue), each counted once: the menu's badge."""
    from django.db.models import Count

    today = today or timezone.localdate()
    is_open = ~Q(stage__in=sorted(terminal_stages()))
    overdue = is_open & Q(next_due__lt=today)
    soon = is_open & Q(next_due__gte=today, next_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    returned = is_open & ~Q(returned_reason="")
    mine = [role for role in (HEAD, LEGAL_REVIEWER) if role in roles]
    counts = cases(user).order_by().aggregate(
        todo=Count("pk", filter=is_open), approvals=Count("pk", filter=Q(waiting_role=HEAD)),
        legal=Count("pk", filter=Q(waiting_role=LEGAL_REVIEWER)), soon=Count("pk", filter=soon),
        overdue=Count("pk", filter=overdue), returned=Count("pk", filter=returned),
        attention=Count("pk", filter=overdue | returned | Q(waiting_role__in=mine)))
    if HEAD not in roles:
        counts["approvals"] = 0
    if LEGAL_REVIEWER not in roles:
        counts["legal"] = 0
    return counts


@dataclass
class CasePage:
    case: Case
    log: CaseLog
    # the stored acts read with the page: all of them, or only the latest (``case_page(latest=)``); as stored, never
    # masked: read ``acts``/``views``/``shown``, which mask (DESIGN §5.9)
    latest_acts: list[Act]
    parties: list
    evidence: list
    documents: list
    deadlines: list
    next_acts: list[AllowedAct]
    deadline_revisions: list
    roles: set[str]
    full: bool = False
    links: list = field(default_factory=list)  # the linked cases as this user may see them (``case_links``)

    lines: tuple = ()  # every act's one-line facts (``ActLine``), in order

    @cached_property
    def stored_acts(self) -> list[Act]:
        """Every act as stored: ``latest_acts`` with the older ones read now if the page was built without them."""
        if len(self.latest_acts) >= len(self.log.acts):
            return self.latest_acts
        first = self.latest_acts[0].seq if self.latest_acts else None
        older = Act.objects.filter(case=self.case).order_by("seq")
        return _with_actors(list(older.filter(seq__lt=first) if first is not None else older)) + self.latest_acts

    # Masked when first read, not when the page is built: the case page shows only its latest acts in full (issue 15
    # §5), so a long log is not masked act by act for nothing.
    @cached_property
    def acts(self) -> list[Act]:
        return self.stored_acts if self.full else [_masked_act(a) for a in self.stored_acts]

    @cached_property
    def views(self) -> list[ActView]:
        """The acts with their corrections applied (``CaseLog.acts``), masked as ``acts``."""
        return list(self.log.acts) if self.full else [replace(v, data=mask_personal(v.data)) for v in self.log.acts]

    def shown(self, seq: int) -> tuple[Act | None, ActView | None]:
        """Act ``seq`` and its corrected view as this user may see them (masked as ``acts`` and ``views``), without
        masking the rest of the log."""
        act = self.stored([seq]).get(seq)
        view = self._by_seq[1].get(seq)
        if self.full or act is None:
            return act, view
        return _masked_act(act), (replace(view, data=mask_personal(view.data)) if view is not None else None)

    @cached_property
    def _by_seq(self) -> tuple[dict, dict]:
        return {a.seq: a for a in self.latest_acts}, {v.seq: v for v in self.log.acts}

    def stored(self, seqs) -> dict[int, Act]:
        """The stored acts numbered ``seqs`` (as stored, not masked), by seq: the ones the page was built without are
        read in one query (an older act's detail, the acts the return rows name), not the whole log."""
        loaded, views = self._by_seq
        missing = [seq for seq in seqs if seq not in loaded and seq in views]
        if missing:
            rows = self.stored_acts if "stored_acts" in self.__dict__ else \
                _with_actors(list(Act.objects.filter(case=self.case, seq__in=missing)))
            loaded.update((a.seq, a) for a in rows if a.seq in missing)
        return {seq: loaded[seq] for seq in seqs if seq in loaded}

    @property
    def allowed(self) -> list[AllowedAct]:
        return [a for a in self.next_acts if a.allowed]

    @property
    def blocked(self) -> list[AllowedAct]:
        return [a for a in self.next_acts if not a.allowed]

    def can(self, allowed: AllowedAct) -> bool:
        return bool(self.roles & set(allowed.spec.roles))

    @cached_property
    def surcharge(self) -> dict | None:
        """The surcharge accrued to today on what is due and unpaid (docs/decisions/0025), when any has accrued."""
        from .procedures.surcharge import accrual_for, surcharge_paid

        if self.log.fine <= 0:
            return None
        accrual = accrual_for(self.log, self.log.today)
        if not accrual.days:
            return None
        return {"amount": accrual.amount, "days": accrual.days, "first_day": accrual.first_day,
                "owed": accrual.owed, "paid": surcharge_paid(self.log)}

    @property
    def decision_chain(self) -> list[dict]:
        """The penalty decision and the changed decisions that replaced it, oldest first, each with its document
        number and whether it is the one in force (docs/decisions/0028); empty when the decision was never changed."""
        acts = self.log.facts.decisions(self.log)
        if len(acts) < 2:
            return []
        return [{"number": (a.get("document_numbers") or {}).get("penalty_decision", ""), "date": a.date,
                 "changed": a is not acts[0], "reason": a.get("reason", ""), "seq": a.seq,
                 "in_force": a is acts[-1]} for a in acts]


def case_page(user, pk, *, full: bool = False, latest: int | None = None) -> CasePage:
    """Raises ``Case.DoesNotExist`` for a case the user may not see (the caller answers 404).

    ``acts`` and ``views`` (the acts with their corrections applied) carry the act data as this user may see it: the
    ID numbers and phone numbers of every person in it masked (DESIGN §5.9: masking happens here, once, so the page,
    the API and whatever else reads the page show the same). ``full`` asks for them in full: granted only to a user
    who acts on the case (``acting_roles``: its handling body's officers, head and legal reviewer), never to a
    supervisor reading under a 第三十七条 grant; ``CasePage.full`` says whether it was, and the caller records the
    view (``services.personal_data_view_record``, DESIGN §5.5: every view of a full ID number audited).

    ``latest``: the caller shows only the latest ``latest`` acts in full (the HTML page, issue 15 §5). The log the
    engine folds then comes from the case's snapshot (``log_snapshot``) when there is one for the case as it stands,
    and only the latest acts are read from the database; ``stored_acts`` reads the others if someone asks for them."""
    case = cases(user).select_related("body__division", "item__domain").get(pk=pk)
    snapshot = log_snapshot(case) if latest is not None else None
    if snapshot is None:
        acts = _with_actors(list(Act.objects.filter(case=case).order_by("seq")))
        log = CaseLog(case, acts, as_of=timezone.now())
        snapshot = _remember_snapshot(case, log, acts)
    else:
        first = snapshot.views[-1].seq - latest + 1 if snapshot.views else 1
        acts = _with_actors(list(Act.objects.filter(case=case, seq__gte=first, seq__lte=case.version).order_by("seq")))
        log = CaseLog(case, [], as_of=timezone.now())
        log.acts = list(snapshot.views)
    roles = acting_roles(user, case)
    full = bool(full and roles)
    return CasePage(
        case=case, log=log, latest_acts=acts, lines=snapshot.lines, parties=list(case.parties.all()),
        evidence=list(case.evidence.order_by("collected_at", "created_at")),
        documents=list(case.documents.order_by("created_at")),
        deadlines=list(case.deadlines.order_by("due_date")),
        next_acts=log.next_acts(), roles=roles,
        deadline_revisions=list(case.deadline_revisions.order_by("created_at", "key")),
        full=full, links=case_links(user, case))


@dataclass(frozen=True)
class ActLine:
    """What the case page's one-line entry of an act shows (nothing personal): seq, name, time, who recorded it."""

    seq: int
    name: str
    performed_at: datetime.datetime
    back_entered: bool
    actor: str  # the recording user's name as the act stated it, else the account's; "" for the platform


@dataclass(frozen=True)
class LogSnapshot:
    """A case's log as the engine folds it (its acts with their corrections applied) and each act's one-line facts,
    for the case as it stood at ``version`` with ``last_hash``. The acts are append-only and hash-chained (DESIGN §6),
    so the snapshot of a case at a version and hash never changes: the next act makes another."""

    views: tuple[ActView, ...]
    lines: tuple[ActLine, ...]


_SNAPSHOTS: OrderedDict = OrderedDict()
_SNAPSHOTS_LOCK = threading.Lock()
SNAPSHOTS_KEPT = 256  # the logs kept in each process, the least recently read dropped first
SNAPSHOT_ACTS_KEPT = 20_000  # and the acts they hold together, whatever the logs' lengths


def _snapshot_key(case: Case) -> tuple:
    return (str(case.pk), case.procedure, case.version, case.last_hash)


def log_snapshot(case: Case) -> LogSnapshot | None:
    """The snapshot of ``case``'s log as it stands (its version and last hash), if this process has one."""
    key = _snapshot_key(case)
    with _SNAPSHOTS_LOCK:
        snapshot = _SNAPSHOTS.get(key)
        if snapshot is not None:
            _SNAPSHOTS.move_to_end(key)
    return snapshot


def forget_log_snapshots() -> None:
    """Drop this process's snapshots (a benchmark's cold read; nothing else needs it: a snapshot never goes stale)."""
    with _SNAPSHOTS_LOCK:
        _SNAPSHOTS.clear()


def _remember_snapshot(case: Case, log: CaseLog, acts: list[Act]) -> LogSnapshot:
    lines = tuple(ActLine(seq=a.seq, name=a.name, performed_at=a.performed_at, back_entered=a.back_entered,
                          actor=(a.data or {}).get("actor_name") or user_label(a, "actor"))
                  for a in acts)
    snapshot = LogSnapshot(views=tuple(log.acts), lines=lines)
    if acts and acts[-1].seq == case.version and acts[-1].hash == case.last_hash:  # the log as the case row says
        key = _snapshot_key(case)
        with _SNAPSHOTS_LOCK:
            for older in [k for k in _SNAPSHOTS if k[0] == key[0] and k != key]:  # the case's earlier versions
                del _SNAPSHOTS[older]
            _SNAPSHOTS[key] = snapshot
            _SNAPSHOTS.move_to_end(key)
            while len(_SNAPSHOTS) > 1 and (len(_SNAPSHOTS) > SNAPSHOTS_KEPT or
                                           sum(len(k.views) for k in _SNAPSHOTS.values()) > SNAPSHOT_ACTS_KEPT):
                _SNAPSHOTS.popitem(last=False)
    return snapshot


def _with_actors(acts: list[Act]) -> list[Act]:
    """``acts`` with their ``actor`` loaded by one query over the few distinct actors, rather than joined into every
    act's row (a long log repeats the same two or three users on every row; issue 15 §5)."""
    ids = {a.actor_id for a in acts if a.actor_id is not None}
    if ids:
        users = get_user_model().objects.in_bulk(ids)
        actor = Act._meta.get_field("actor")
        for act in acts:
            if act.actor_id is not None:
                actor.set_cached_value(act, users.get(act.actor_id))
    return acts


@dataclass(frozen=True)
class LinkedCase:
    """A case linked to the one being read (docs/decisions/0035). ``visible`` False: the user may not see the other
    case, so only that a linked case exists, and how, is told: its number, procedure, stage and id are left out."""

    relation: str  # how the other case stands to this one, in Chinese (models.LINK_LABELS)
    kind: str
    visible: bool
    id: object = None
    number: str = ""
    cause: str = ""
    procedure: str = ""
    procedure_name: str = ""
    stage: str = ""
    stage_label: str = ""
    linked_at: object = None


def case_links(user, case: Case) -> list[LinkedCase]:
    """The cases linked to ``case`` from either side, oldest link first, each told as much as ``user`` may see of it
    (the other case's content only when ``cases(user)`` includes it)."""
    from .models import LINK_LABELS, CaseLink
    from .procedures import PROCEDURES

    links = list(CaseLink.objects.filter(Q(case=case) | Q(other=case)).select_related("case", "other")
                 .order_by("created_at"))
    others = {link.other if link.case_id == case.pk else link.case for link in links}
    visible = set(cases(user).filter(pk__in=[c.pk for c in others]).values_list("pk", flat=True))
    out = []
    for link in links:
        outgoing = link.case_id == case.pk
        other = link.other if outgoing else link.case
        relation = LINK_LABELS[link.kind][0 if outgoing else 1]
        if other.pk not in visible:
            out.append(LinkedCase(relation=relation, kind=link.kind, visible=False))
            continue
        procedure = PROCEDURES.get(other.procedure)
        out.append(LinkedCase(relation=relation, kind=link.kind, visible=True, id=other.pk, number=other.number or "",
                              cause=other.cause, procedure=other.procedure,
                              procedure_name=procedure.name if procedure else other.procedure, stage=other.stage,
                              stage_label=other.get_stage_display(), linked_at=link.created_at))
    return out


def case_by_number(user, number: str) -> Case | None:
    """The case numbered ``number`` (案号) among those ``user`` may see, or None: a case the user may not see is
    answered as if it did not exist."""
    number = (number or "").strip()
    if not number:
        return None
    return cases(user).filter(number=number).first()


def linked_case_index(case: Case) -> list[dict]:
    """The linked cases as the dossier (卷宗) lists them, by number (docs/decisions/0035): the archive package is the
    official record, so every link is listed whoever builds it, by number, procedure and relation only (the other
    case's content stays in its own dossier); a case not filed has no number and is named by id."""
    from .models import LINK_LABELS, CaseLink
    from .procedures import PROCEDURES

    rows = []
    for link in CaseLink.objects.filter(Q(case=case) | Q(other=case)).select_related("case", "other") \
            .order_by("created_at"):
        outgoing = link.case_id == case.pk
        other = link.other if outgoing else link.case
        procedure = PROCEDURES.get(other.procedure)
        rows.append({"relation": LINK_LABELS[link.kind][0 if outgoing else 1], "kind": link.kind,
                     "number": other.number or "", "id": str(other.pk),
                     "procedure": other.procedure, "procedure_name": procedure.name if procedure else other.procedure,
                     "linked_at": timezone.localtime(link.created_at).date().isoformat()})
    return rows


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


def verify_case_log(case: Case, *, signed_size: int | None = None,
                    stale_before: datetime.datetime | None = None) -> ChainReport:
    """Recompute every act's hash and its link to the act before it; the case's head hash must be the last act's
    (so a deleted tail is seen too). Reads the rows as stored: nothing the engine caches is trusted.

    Then the anchors (docs/decisions/0020): each act of the case anchored in the evidence log must still have the
    anchored hash, so an edit re-chained up to the head is found. With ``stale_before``, acts recorded before it must
    be covered by an anchor under a signed tree head (``yzf verify-cases`` passes now minus ``ANCHOR_GRACE``)."""
    from yuezhifa.audit.anchoring import anchors

    from .anchoring import ACT_ANCHOR

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
    by_id = {str(act.pk): act for act in acts}
    last_good, covered = 0, 0
    for anchor in sorted(anchors(ACT_ANCHOR, by_id, size=signed_size), key=lambda a: by_id[a.object_id].seq):
        act = by_id[anchor.object_id]
        if anchor.sha256 != act.hash:
            return ChainReport(False, f"案件 {label} 被篡改：第 {act.seq} 项执法行为（{act.name}）的哈希与存证日志第 "
                                      f"{anchor.leaf_index} 号叶子锚定的不符，第 {last_good + 1} 至 {act.seq} 项执法行为中"
                                      "有行为被修改后重新计算了哈希链。", label, last_good + 1)
        last_good = act.seq
        if anchor.signed:
            covered = max(covered, act.seq)
    if stale_before is not None:
        stale = next((act for act in acts[covered:] if act.recorded_at < stale_before), None)
        if stale is not None:
            return ChainReport(False, f"案件 {label} 的第 {stale.seq} 项起的执法行为超过规定时间未被签名树头锚定"
                                      "（定时任务未运行，或锚定记录、签名树头被删除）；确认无误后运行 yzf anchor。",
                               label, stale.seq)
    return ChainReport(True, f"案件 {label}：{len(acts)} 项执法行为，哈希链完整。", label)


def verify_all_case_logs(*, stale_after: datetime.timedelta | None = None):
    """Every case's log (``verify_case_log``), then every act anchor: an anchor whose act is gone, or whose object
    was changed to hide it from its case, is tampering too."""
    from yuezhifa.audit.anchoring import signed_size
    from yuezhifa.audit.models import MerkleLeaf

    from .anchoring import ACT_ANCHOR

    size = signed_size()
    stale_before = timezone.now() - stale_after if stale_after is not None else None
    for case in Case.objects.order_by("registered_at").iterator():
        report = verify_case_log(case, signed_size=size, stale_before=stale_before)
        if not report.ok:
            return report
    leaves = MerkleLeaf.objects.filter(object_type=ACT_ANCHOR).order_by("leaf_index")
    last = -1
    while True:
        batch = list(leaves.filter(leaf_index__gt=last).values_list("leaf_index", "object_id")[:2000])
        if not batch:
            break
        last = batch[-1][0]
        missing = _missing_acts([object_id for _index, object_id in batch])
        for index, object_id in batch:
            if object_id in missing:
                return ChainReport(False, f"执法行为被篡改：存证日志第 {index} 号叶子锚定的执法行为（{object_id}）"
                                          "已不存在。")
    return ChainReport(True, f"OK：{Case.objects.count()} 个案件的执法行为哈希链完整，与存证日志的锚定一致。")


def _missing_acts(object_ids: list[str]) -> set[str]:
    """Those of ``object_ids`` that name no act."""
    ids = {}
    for object_id in object_ids:
        with contextlib.suppress(ValueError):  # not an act's id: missing
            ids[uuid.UUID(object_id)] = object_id
    found = set(Act.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))
    return set(object_ids) - {ids[pk] for pk in found}


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


def inspection_code_page(token: str) -> dict | None:
    """What the public 检查码 page shows for ``token`` (procedures.inspection_public), or None for a bad token, a case
    that is not an inspection or an inspection not yet approved (no code yet). Read without a user: the page is public
    by design and shows only what 深府规〔2025〕6号 puts before the enterprise."""
    from .procedures import inspection_public

    pk = inspection_public.case_id_from(token)
    if pk is None:
        return None
    with contextlib.suppress(ValueError):
        case = Case.objects.select_related("body").filter(pk=uuid.UUID(str(pk))).first()
        if case is None:
            return None
        log = CaseLog(case, list(case.acts.order_by("seq")))
        return inspection_public.public_view(log) if inspection_public.has_code(log) else None
    return None


def inspection_public_facts(case_ids) -> dict:
    """The public facts of the inspections ``case_ids`` (``inspection_public.enterprise_facts``), by case id: what the
    inspected subject's own page shows of each (docs/decisions/0041). Read without a user, like the 检查码 page."""
    from .procedures import inspection_public

    ids = [uuid.UUID(str(pk)) for pk in case_ids]
    out = {}
    for case in Case.objects.select_related("body").filter(pk__in=ids).prefetch_related("acts"):
        log = CaseLog(case, sorted(case.acts.all(), key=lambda a: a.seq))
        if log.procedure.kind == "inspection" and inspection_public.opening(log) is not None:
            out[case.pk] = inspection_public.enterprise_facts(log)
    return out


def remote_task_page(token: str) -> dict | None:
    """What the public page of a non-site inspection task shows for ``token`` (procedures.inspection_remote), or None
    for a forged or foreign token or a task that is not the case's current one (docs/decisions/0044)."""
    from .procedures import inspection_remote

    found = inspection_remote.task_from(token)
    if found is None:
        return None
    pk, seq = found
    with contextlib.suppress(ValueError):
        case = Case.objects.select_related("body").filter(pk=uuid.UUID(pk), procedure="inspection").first()
        if case is None:
            return None
        return inspection_remote.public_view(CaseLog(case, list(case.acts.order_by("seq"))), seq)
    return None


def inspection_code_panel(case: Case, log: CaseLog, *, base_url: str = "") -> dict | None:
    """The inspection's panel on the case page: the subject's counts this year and each item's cap (what the approver
    must see, this case excluded), and the 检查码 once the inspection has one: its public URL (``base_url``: the
    site's root as the request reached it) and that URL's QR code as SVG."""
    from django.urls import reverse

    from yuezhifa.core.qr import qr_svg

    from .procedures import inspection_public, inspection_remote

    if log.procedure.kind != "inspection":
        return None
    status = inspection_public.cap_view(log)
    caps = None
    if status is not None:
        caps = {"total": status.total, "items": [
            {"name": i.profile.item.name, "count": i.count, "cap": i.cap, "reached": i.reached} for i in status.items],
            "exempt": inspection_public.cap_exempt(log)}
    path = reverse("jc:code", args=[inspection_public.token_for(case)]) if inspection_public.has_code(log) else ""
    url = base_url.rstrip("/") + path if path else ""
    remote = inspection_remote.panel(log)
    if remote is not None and remote["token"]:
        remote["path"] = reverse("jc:remote", args=[remote["token"]])
        remote["url"] = base_url.rstrip("/") + remote["path"]
    return {"path": path, "url": url, "qr": qr_svg(url, title="检查码") if url else "", "caps": caps,
            "remote": remote}


def case_returns(page: CasePage) -> list[dict]:
    """退回 (docs/decisions/0046): every failed legal review and every return by the head, oldest first, with who
    returned the case, when, the reasons, and the resubmission that answered it (None while it is pending)."""
    from .procedures.sendback import return_rows

    out = []
    entries = return_rows(page.log)
    page.stored([entry["seq"] for entry in entries])  # the acts named, in one query when the page was built without
    for entry in entries:
        row = page.shown(entry["seq"])[0]  # masked as ``acts`` is, without masking the rest of the log
        entry["by"] = (row.data.get("actor_name") or user_label(row, "actor")) if row is not None else ""
        out.append(entry)
    return out


def legal_review_materials(page: CasePage) -> dict:
    """What a reviewing act's form shows above its fields (处罚法 第五十八条): the facts, the evidence (listed in the
    report and registered), the proposed penalty, the benchmark band, and the case's documents."""
    from .procedures.sendback import review_materials

    return {**review_materials(page.log), "registered_evidence": page.evidence, "documents": page.documents}
