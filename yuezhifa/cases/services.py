"""Every write to a case (DESIGN §5.1, §5.2): opening it from a source, and performing an act.

``act_perform`` is the one door: in one transaction it locks the case, replays its log, refuses what the procedure
does not allow now (citing the article), checks who acts and with which certificates, allocates numbers, appends
the act chained by hash to the one before, stores its evidence and documents, rewrites the derived cache and writes
the audit entry. Anything refused leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework import serializers as drf_serializers

from yuezhifa.audit.merkle import LogEntry, merkle_append, merkle_append_many
from yuezhifa.audit.services import audit_record
from yuezhifa.core.calendar import add_working_days, get_rule
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed, _flatten, _join
from yuezhifa.items.models import Item
from yuezhifa.items.rules import require_usable_item
from yuezhifa.org.models import Officer
from yuezhifa.org.services.people import valid_certificate

from . import config, events, evidence
from .documents import build_context, freeze
from .engine import ActView, CaseLog, local_date, stage_label
from .models import (
    Act,
    Case,
    CaseDeadline,
    CaseDocument,
    CaseLink,
    CaseLinkKind,
    DeadlineRevision,
    Evidence,
    EvidenceKind,
    IdempotencyKey,
    Party,
)
from .numbering import CASE_KIND, DOCUMENT_MARKS, format_number, next_number
from .permissions import acting_roles
from .procedures import get_procedure
from .procedures.dsl import HEAD, LEGAL_REVIEWER, MILESTONES, ROLE_LABELS, ActSpec

CF = "《中华人民共和国行政处罚法》"
CLOCK_SKEW = datetime.timedelta(minutes=2)

# The queue whose role is asked first when several approvals are open at once (legal review before the head).
QUEUE_ORDER = (LEGAL_REVIEWER, HEAD)


@dataclass(frozen=True)
class Attachment:
    """An uploaded file with what the officer says it is (kind and title default from the act)."""

    file: object
    kind: str = ""
    title: str = ""


class Replayed(Exception):
    """The request repeats an earlier one that carried the same ``Idempotency-Key``: nothing new is recorded, and the
    earlier result (``record.case``, ``record.act``) is the answer."""

    def __init__(self, record: IdempotencyKey):
        super().__init__(record.key)
        self.record = record


def _fingerprint(**request) -> str:
    """SHA-256 of a request as the service received it (before any default is filled in, so a retry matches)."""
    files = [(getattr(a.file, "name", ""), getattr(a.file, "size", None), a.kind, a.title)
             for a in request.pop("attachments", ())]
    text = json.dumps({**request, "files": files}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _claim_key(actor, key: str, fingerprint: str) -> IdempotencyKey | None:
    """Insert the key's row first in the act's transaction (DESIGN §9). A concurrent request with the same key waits
    on the unique index until this transaction ends; if it committed, that request replays its result (same
    request) or is refused naming the key (a different one); if it rolled back, that request goes ahead."""
    if not key or not getattr(actor, "pk", None):
        return None
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(user=actor, key=key, fingerprint=fingerprint)
    except IntegrityError:
        pass
    earlier = IdempotencyKey.objects.select_related("case", "act").get(user=actor, key=key)
    if earlier.fingerprint != fingerprint:
        raise DomainError(f"幂等键（Idempotency-Key）“{key}”已用于内容不同的另一请求；新的请求请使用新的幂等键。",
                          field="Idempotency-Key")
    raise Replayed(earlier)


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def cited(message: str, basis: str) -> str:
    """A refusal with its article: "……（依据）。", the article inside the sentence, one full stop at the end."""
    text = message.rstrip().rstrip("。；，")
    return f"{text}（{basis}）。" if basis else f"{text}。"


def _validate(spec: ActSpec, data: dict) -> dict:
    if spec.fields is None:
        return {}
    serializer = spec.fields(data=data)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    errors = _flatten(serializer.errors)
    labels = {name: field.label for name, field in serializer.fields.items()}

    def named(error):
        if not error["field"]:
            return error["message"]
        top = re.split(r"[.\[]", error["field"])[0]
        label = labels.get(top) or top
        row = re.match(r"[^\[]+\[(\d+)\]", error["field"])
        if row:  # an item of a list field: say which one (第N项)
            label = f"{label}第{int(row.group(1)) + 1}项"
        return f"{label}：{error['message']}"

    first = errors[0] if errors else {"field": "", "message": "内容有误。"}
    raise DomainError(_join([named(e) for e in errors]), field=first["field"] or None, errors=errors)


def _performed_at(value) -> datetime.datetime:
    if value is not None and not isinstance(value, str | datetime.datetime):
        raise DomainError("实施时间（performed_at）应为 ISO 8601 时间文本，如 2026-10-10T09:30:00+08:00。",
                          field="performed_at")
    if isinstance(value, str):
        try:
            value = drf_serializers.DateTimeField().to_internal_value(value)
        except drf_serializers.ValidationError:
            raise DomainError(f"实施时间“{value}”不是有效的时间（如 2026-10-10T09:30:00+08:00）。",
                              field="performed_at") from None
    if value is None:
        raise DomainError("请填写实施时间。", field="performed_at")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def coordinate(value, *, field: str) -> Decimal | None:
    """A latitude (−90..90) or longitude (−180..180) in degrees, to the micro-degree the act stores; the same range
    as the act form's. Anything else is refused naming the field."""
    if value is None or value == "":
        return None
    label, limit = ("纬度", 90) if field == "latitude" else ("经度", 180)
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise InvalidOperation
        number = Decimal(str(value).strip())
        if not number.is_finite() or abs(number) > limit:
            raise InvalidOperation
        return number.quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{label}（{field}）应为 -{limit} 至 {limit} 之间的数值。", field=field) from None


def _check_time(log: CaseLog, spec: ActSpec, when: datetime.datetime, now: datetime.datetime) -> None:
    """Never in the future; never before the acts it depends on (办法 第二十二条: the real time of the act)."""
    if when > now + CLOCK_SKEW:
        raise DomainError("实施时间不能晚于当前时间。", field="performed_at")
    depends = [log.last(code) for code in spec.after] or log.acts[:1]
    for act in depends:
        if act is not None and when < act.performed_at:
            at = timezone.localtime(act.performed_at)
            raise DomainError(f"实施时间不能早于其所依赖的“{act.name}”（{at:%Y-%m-%d %H:%M}）。", field="performed_at")


def _officers(log: CaseLog, spec: ActSpec, data: dict, actor, roles: set[str], day: datetime.date) -> list[dict]:
    """The officers who perform the act: at least ``spec.officers`` of the case's body, each holding a certificate
    valid on the day and covering the item's domain (the procedure's article: 处罚法 第四十二条 for a penalty, 强制法
    第十七条第三款、第十八条第（二）项 for a compulsion measure), none recused (处罚法 第四十三条)."""
    rule = log.procedure.officers
    key = "officers" if "officers" in data else "handlers" if "handlers" in data else None
    if key is None:
        return []
    ids = list(dict.fromkeys(str(pk) for pk in data[key]))
    found = {str(o.pk): o for o in Officer.objects.filter(pk__in=ids).select_related("body")}
    for pk in ids:
        if pk not in found:
            raise DomainError(f"执法人员（编号 {pk}）不存在。", field=key)
    officers = [found[pk] for pk in ids]
    needed = spec.officers or (2 if key == "handlers" else 0)
    if len(officers) < needed:
        count = "两" if needed == 2 else str(needed)
        raise DomainError(f"执法人员不得少于{count}人，请至少选择{needed}名执法人员，本次选择了{len(officers)}名"
                          f"（{rule.count}）。", field=key,
                          basis=rule.basis)
    recused = {str(a.get("officer")) for a in log.acts if _spec(log, a.code).recusal}
    domain = log.case.item.domain if log.case.item_id else None
    cards = []
    for officer in officers:
        if officer.body_id != log.case.body_id:
            raise DomainError(f"{officer.name}不是本案办案主体的执法人员。", field=key)
        if pk_str(officer) in recused:
            raise DomainError(f"{officer.name}已决定回避，不能参与本案（{CF}第四十三条）。", field=key,
                              basis=f"{CF}第四十三条")
        cert = valid_certificate(officer, day)
        if cert is None:
            raise DomainError(f"{officer.name}在{day.isoformat()}没有有效的行政执法证件，不能实施{rule.power}"
                              f"（{rule.certificate}）。", field=key, basis=rule.basis)
        if domain is not None and not cert.domains.filter(pk=domain.pk).exists():
            raise DomainError(f"{officer.name}的执法证件（{cert.number}）不含“{domain.name}”执法领域"
                              f"（{rule.certificate}）。", field=key, basis=rule.basis)
        cards.append({"id": pk_str(officer), "name": officer.name, "certificate": cert.number})
    if key == "officers" and roles == {"officer"} and getattr(actor, "officer_id", None) \
            and str(actor.officer_id) not in ids:
        raise DomainError("录入人须为实施该行为的执法人员之一。", field=key)
    return cards


def pk_str(obj) -> str:
    return str(obj.pk)


def _resolve_item(code: str, day: datetime.date, field: str = "item") -> Item:
    item = Item.objects.select_related("domain").filter(code=(code or "").strip()).first()
    if item is None:
        raise DomainError(f"执法事项“{code}”不存在。", field=field)
    require_usable_item(item, day)
    return item


def _set_party(case: Case, party: dict | None) -> None:
    """Record the party as the act states it. Identifiers and contact details left blank are kept from the party on
    record (forms never pre-fill them, so as not to display them), when it is the same party."""
    if not party:
        return
    previous = Party.objects.filter(case=case).first()
    values = {k: v for k, v in party.items() if v is not None}
    if previous is not None and previous.name == values.get("name") and previous.kind == values.get("kind"):
        for key in ("id_number", "credit_code", "phone", "address", "legal_representative", "birth_date"):
            if not values.get(key) and getattr(previous, key):
                values[key] = getattr(previous, key)
    Party.objects.filter(case=case).delete()
    Party.objects.create(case=case, **values)


def _spec(log: CaseLog, code: str) -> ActSpec:
    return log.procedure.act(code) or ActSpec(code, code, "", ())


def _states_case(log: CaseLog, spec: ActSpec) -> bool:
    """The act states the case's subject (party, cause, item) after the opening act: the filing, or the on-the-spot
    decision that stands in for it; the case gets its number then."""
    return spec.carries_party and spec.code != log.procedure.opening


def _apply(case: Case, log: CaseLog, spec: ActSpec, data: dict, day: datetime.date, cards: list[dict]) -> None:
    """What an act changes on the case beyond its log: its item, party and handlers."""
    if _states_case(log, spec):
        if data.get("cause"):
            case.cause = data["cause"]
        _set_party(case, data.get("party"))
    if "handlers" in data:
        case.handlers.set([c["id"] for c in cards])
    if spec.recusal:
        officer, replacement = str(data["officer"]), str(data["replacement"])
        if not case.handlers.filter(pk=officer).exists():
            raise DomainError("该执法人员不是本案承办人。", field="officer")
        new = Officer.objects.filter(pk=replacement, body_id=case.body_id).first()
        if new is None or valid_certificate(new, day) is None:
            raise DomainError("替换的执法人员须为本机关持有效执法证件的人员。", field="replacement")
        case.handlers.remove(officer)
        case.handlers.add(new)


def _numbers(case: Case, log: CaseLog, spec: ActSpec, day: datetime.date) -> dict[str, str]:
    year = day.year
    numbers = {}
    if _states_case(log, spec) and case.number is None:
        case.year = year
        case.sequence = next_number(case.body, CASE_KIND, year)
        case.number = format_number(case.body, CASE_KIND, year, case.sequence)
    for doc_type in spec.documents:
        if doc_type in DOCUMENT_MARKS:
            numbers[doc_type] = format_number(case.body, doc_type, year, next_number(case.body, doc_type, year))
    return numbers


def _back_entry(when: datetime.datetime, now: datetime.datetime) -> tuple[bool, datetime.date | None]:
    """An act entered later than the tolerance is a back entry, due within 3 working days of the act
    (办法 第二十二条第二款); a late entry is kept and marked, never refused, so the record is not lost."""
    tolerance = datetime.timedelta(minutes=int(config.setting("entry.tolerance_minutes")))
    if now - when <= tolerance:
        return False, None
    return True, add_working_days(local_date(when), get_rule("platform.paper_back_entry").amount)


def _queued(log: CaseLog) -> list[ActSpec]:
    """The allowed acts that have a ``queue`` (an approval the case waits in)."""
    return [a.spec for a in log.next_acts() if a.allowed and a.spec.queue and a.spec.roles]


def _queue_role(log: CaseLog, queued: list[ActSpec] | None = None) -> str:
    """The role whose approval the case waits for: the first role of an allowed act that has a ``queue``."""
    waiting = [spec.roles[0] for spec in (_queued(log) if queued is None else queued)]
    for role in (*QUEUE_ORDER, *waiting):
        if role in waiting:
            return role
    return ""


def _waiting_acts(queued: list[ActSpec], role: str) -> str:
    """The codes of the allowed queued acts the case waits on in ``role``'s queue (docs/decisions/0049): what the
    to-do centre names (the acts' ``queue``) and what a batch approval may perform."""
    return ",".join(dict.fromkeys(spec.code for spec in queued if spec.roles[0] == role))[:200] if role else ""


def _returned_reason(log: CaseLog) -> str:
    """The reasons of the return the case waits on (docs/decisions/0046), for the officers' to-do list."""
    from .procedures.sendback import pending_return, return_reasons

    pending = pending_return(log)
    return (return_reasons(pending) or "退回")[:500] if pending is not None else ""


def refresh_cache(case: Case, log: CaseLog) -> None:
    """Rewrite the case's derived columns and deadline rows from ``log`` (same transaction as the act)."""
    case.stage = log.stage
    case.state_label = stage_label(log.stage)
    case.version = len(log.acts)
    case.last_hash = ""  # set by the caller from the act row
    for milestone, column in MILESTONES.items():
        acts = [a for a in log.acts if _spec(log, a.code).milestone == milestone]
        if acts:
            setattr(case, column, acts[-1].performed_at)
    queued = _queued(log)
    case.waiting_role = _queue_role(log, queued)
    case.waiting_acts = _waiting_acts(queued, case.waiting_role)
    case.fine_amount = log.fine or None
    case.returned_reason = _returned_reason(log)
    _rewrite_deadlines(case, log)


def _next_due(log: CaseLog) -> tuple[datetime.date | None, bool]:
    # The to-do list's date: the agency's own limits, and the party's periods whose end lets the agency act next
    # (decide after the statement period, remind after the payment period); not the remedy periods. With it, whether
    # it is provisional (counted through a year whose arrangement is not entered), so every list can say 暂定.
    pending = [s for s in log.deadlines.values() if s.open and s.paused_since is None
               and not s.rule.startswith("remedy.")]
    if not pending:
        return None, False
    due = min(s.due for s in pending)
    return due, any(s.provisional for s in pending if s.due == due)


def _rewrite_deadlines(case: Case, log: CaseLog) -> None:
    case.next_due, case.next_due_provisional = _next_due(log)
    CaseDeadline.objects.filter(case=case).delete()
    CaseDeadline.objects.bulk_create([
        CaseDeadline(case=case, key=s.key, rule=s.rule, name=s.name, binds=s.binds, start=s.start, due_date=s.due,
                     due_at=s.due_at, basis=s.basis[:300], explanation=s.explanation, met_at=s.met_at, open=s.open,
                     provisional=s.provisional, provisional_reason=s.provisional_reason[:300],
                     paused_since=s.paused_since)
        for s in log.deadlines.values()])


def deadlines_recompute(*, actor, years: list[int], reason: str) -> list[DeadlineRevision]:
    """Recompute every open provisional deadline now that the arrangement of ``years`` has been entered
    (LEGAL.md §1), in the caller's transaction (the calendar service's: the year and every recomputed deadline
    commit together or not at all). Each case's deadline rows and to-do date are re-derived from its log; each
    changed deadline is recorded on its case (``DeadlineRevision``: old date → new date, rule, reason) and each case
    with a change gets one audit entry. The act log is not touched: a deadline is derived, recomputing it is no legal act. The
    permission is the calendar's (the caller has checked that ``actor`` may enter the calendar)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("deadlines_recompute must run inside the calendar service's transaction.")
    case_ids = set(CaseDeadline.objects.filter(open=True, provisional=True).values_list("case_id", flat=True))
    revisions: list[DeadlineRevision] = []
    now = timezone.now()
    for case in Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk"):
        before = {d.key: d for d in CaseDeadline.objects.filter(case=case, open=True, provisional=True)}
        log = CaseLog(case, list(Act.objects.filter(case=case).order_by("seq")), as_of=now)
        _rewrite_deadlines(case, log)
        case.save(update_fields=["next_due", "next_due_provisional", "updated_at"])
        after = log.deadlines
        changed = []
        for key, old in before.items():
            new = after.get(key)
            if new is None or (new.due, new.provisional) == (old.due_date, old.provisional):
                continue
            changed.append(DeadlineRevision(
                case=case, key=key, rule=old.rule, name=old.name, basis=old.basis, old_due=old.due_date,
                new_due=new.due, old_provisional=True, new_provisional=new.provisional, reason=reason[:300]))
        if not changed:  # still provisional through another year not entered, and nothing moved
            continue
        DeadlineRevision.objects.bulk_create(changed)
        revisions.extend(changed)
        audit_record(actor=actor, action="case.deadlines.recompute", obj=case,
                     before={"deadlines": {k: {"due": d.due_date.isoformat(), "provisional": True}
                                           for k, d in sorted(before.items())}},
                     after={"years": sorted(years), "reason": reason,
                            "deadlines": {k: {"due": after[k].due.isoformat(), "provisional": after[k].provisional}
                                          for k in sorted(before) if k in after},
                            "changed": [r.key for r in changed]})
    return revisions


def _store_attachments(case: Case, act: Act, spec: ActSpec, data: dict, attachments, cards) -> list[Evidence]:
    if not attachments:
        return []
    if not spec.files:
        raise DomainError(f"“{spec.name}”不能上传证据文件。", field="files")
    rows = []
    for index, attachment in enumerate(attachments, start=1):
        content, stored = evidence.read_upload(attachment.file, field=f"files[{index}]")
        kind = attachment.kind or data.get("kind") or ""
        if kind not in EvidenceKind.values:
            kind = EvidenceKind.AUDIOVISUAL if stored.content_type.split("/")[0] in ("image", "video", "audio") \
                else EvidenceKind.DOCUMENTARY
        path = evidence.save(content, stored)
        rows.append(Evidence(case=case, act=act, kind=kind,
                             title=(attachment.title or data.get("title") or stored.original_name)[:200],
                             file=path, original_name=stored.original_name, sha256=stored.sha256, size=stored.size,
                             content_type=stored.content_type, collected_at=act.performed_at, collected_by=cards,
                             place=act.place, latitude=act.latitude, longitude=act.longitude))
    Evidence.objects.bulk_create(rows)
    # every evidence file enters the evidence log (办法 第十五条第（五）项; DESIGN §7)
    merkle_append_many([LogEntry("cases.evidence", str(row.pk), row.sha256) for row in rows])
    return rows


def _documents(case: Case, act: Act, spec: ActSpec, log: CaseLog, view: ActView, numbers: dict,
               actor) -> list[CaseDocument]:
    from yuezhifa.documents.models import DocumentType
    from yuezhifa.documents.rendering import validate_context

    if not spec.documents:
        return []
    types = {t.code: t for t in DocumentType.objects.filter(code__in=spec.documents)}
    rows = []
    for code in spec.documents:
        doc_type = types.get(code)
        context = build_context(code, log, view, numbers.get(code, ""))
        if context is None:  # not this act's document (an inquiry produces no inspection record)
            continue
        if doc_type is not None and doc_type.templates.exists():
            try:
                validate_context(doc_type, context)
            except DomainError as exc:
                # name the act's own field when the missing content comes from one (place, facts …)
                key = (exc.field or "").removeprefix("context.").split(".")[0]
                if key == "place" or key in view.data:
                    exc.field = key
                raise
        rows.append(CaseDocument(case=case, act=act, doc_type=code, title=doc_type.name if doc_type else code,
                                 number=numbers.get(code, ""), context=freeze(context)))
    _issue(case, rows, actor=actor, at=act.recorded_at)
    CaseDocument.objects.bulk_create(rows)
    # every issued document enters the evidence log (办法 第十五条第（五）项; DESIGN §7)
    merkle_append_many([LogEntry("cases.casedocument", str(row.pk), row.pdf_sha256) for row in rows])
    return rows


def _issue(case: Case, documents: list[CaseDocument], *, actor, at: datetime.datetime) -> None:
    """Issue the documents: render each PDF from its frozen snapshot, seal it with the body's electronic seal (PAdES,
    办法 第二十七条) when the body has one, with ``at`` as the seal time, and store it under its SHA-256. Called in
    the issuing act's transaction: a document that cannot be rendered or sealed refuses the act, and a document is
    never sealed later, by whoever happens to read it first (docs/decisions/0020)."""
    import hashlib

    from django.core.files.base import ContentFile

    from yuezhifa.seals.services import SealRequest, active_seal, sign_pdfs

    from .documents import render_snapshot

    contents = [render_snapshot(document, pdf=True) for document in documents]
    if contents and active_seal(case.body) is not None:
        contents = sign_pdfs(body=case.body, actor=actor, signed_at=at, items=[
            SealRequest(pdf_bytes=content, document_ref=str(document.pk), reason=document.title,
                        location=case.body.division.full_name, document_number=document.number, title=document.title)
            for document, content in zip(documents, contents, strict=True)])
    for document, content in zip(documents, contents, strict=True):
        digest = hashlib.sha256(content).hexdigest()
        document.pdf.save(f"{digest[:2]}/{digest}.pdf", ContentFile(content), save=False)
        document.pdf_sha256 = digest


def _require_role(actor, case: Case, spec: ActSpec) -> set[str]:
    roles = acting_roles(actor, case)
    if not roles:
        raise NotAllowed("您无权办理该案件。")
    if not roles & set(spec.roles):
        raise NotAllowed(f"“{spec.name}”须由{'或'.join(ROLE_LABELS[r] for r in spec.roles)}办理。")
    return roles


def _perform(*, actor, case: Case, code: str, data: dict, performed_at, expected_version: int | None,
             attachments=(), place: str = "", latitude=None, longitude=None, corrects: Act | None = None,
             idempotency_key: str = "") -> Act:
    now = timezone.now()
    when = _performed_at(performed_at)
    latitude, longitude = coordinate(latitude, field="latitude"), coordinate(longitude, field="longitude")
    procedure = get_procedure(case.procedure)
    spec = procedure.act(code)
    if spec is None:
        raise DomainError(f"“{code}”不是{procedure.name}的执法行为。", field="act")
    locked = (Case.objects.select_for_update(of=("self",)).select_related("body", "body__division", "item",
                                                                          "item__domain")
              .get(pk=case.pk))
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(f"案件已被他人更新（当前版本 {locked.version}，您提交的版本 {expected_version}），"
                       "请刷新页面查看最新进展后重新办理。", field="version", current_version=locked.version)
    roles = _require_role(actor, locked, spec)
    acts = list(Act.objects.filter(case=locked).order_by("seq"))
    log = CaseLog(locked, acts, as_of=when)
    validated = _validate(spec, data or {})
    _check_time(log, spec, when, now)
    blocked = log.blocked(spec)
    if blocked:
        raise DomainError(f"现在不能办理“{spec.name}”：" + _join(dict.fromkeys(str(b) for b in blocked)), field="act",
                          reasons=[b.as_dict() for b in blocked], basis=blocked[0].basis)
    if spec.carries_party and validated.get("item"):
        # the item the act names is the one its checks (benchmark, certificates' domain) apply to
        locked.item = _resolve_item(validated["item"], local_date(when))
    for check in spec.checks:
        problem = check.test(log, validated)
        if problem:
            raise DomainError(cited(problem, check.basis), field=check.field, basis=check.basis)
    for check in spec.actor_checks:
        problem = check.test(log, actor)
        if problem:
            raise DomainError(cited(problem, check.basis), field=check.field, basis=check.basis)
    if spec.on_site and (latitude is None) != (longitude is None):
        raise DomainError("经纬度须同时填写。", field="latitude")
    if spec.gps_required and latitude is None:
        raise DomainError(f"“{spec.name}”须记录定位（经纬度），请开启设备定位后重新提交（{spec.basis}）。",
                          field="latitude", basis=spec.basis)
    day = local_date(when)
    cards = _officers(log, spec, validated, actor, roles, day)
    _apply(locked, log, spec, validated, day, cards)
    extra = spec.enrich(log, validated) if spec.enrich else {}
    extra.update(events.enrich(spec.code, actor=actor, case=locked, data=validated))
    numbers = _numbers(locked, log, spec, day)
    stored = _json({**validated, **extra})
    if "handlers" in validated:
        stored["handler_cards"] = cards
    if numbers:
        stored["document_numbers"] = numbers
    stored["actor_name"] = getattr(actor, "real_name", "") or str(actor)
    if idempotency_key:
        stored["idempotency_key"] = idempotency_key
    back_entered, entry_due = _back_entry(when, now)
    act = Act(case=locked, seq=len(acts) + 1, code=spec.code, name=spec.name, performed_at=when, recorded_at=now,
              actor=actor if getattr(actor, "pk", None) else None, officers=cards, data=stored,
              place=(place or "")[:300], latitude=latitude, longitude=longitude, corrects=corrects,
              back_entered=back_entered, entry_due=entry_due, prev_hash=locked.last_hash)
    act.hash = act.compute_hash()
    act.save(force_insert=True)
    view = ActView(pk=act.pk, seq=act.seq, code=act.code, name=act.name, performed_at=when, recorded_at=now,
                   actor_id=act.actor_id, officers=tuple(cards), data=stored, place=act.place,
                   corrects_seq=stored.get("target_seq") if spec.correction else None)
    after = log.with_act(view)
    _store_attachments(locked, act, spec, validated, attachments, cards)
    issued = _documents(locked, act, spec, after, after.acts[-1], numbers, actor)
    refresh_cache(locked, after)
    locked.last_hash = act.hash
    locked.save()
    events.emit(spec.code, actor=actor, case=locked, act=act)
    audit_record(actor=actor, action=f"case.act.{spec.code}", obj=locked,
                 after={"seq": act.seq, "act": spec.code, "hash": act.hash, "performed_at": when.isoformat(),
                        "back_entered": back_entered, "documents": {str(d.pk): d.pdf_sha256 for d in issued}})
    case.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return act


@transaction.atomic
def case_read_record(*, actor, case: Case, what: str) -> None:
    """Record a read of ``case``'s file by a user who holds no case role over it: a supervisor reading under an
    approved access grant (办法 第三十七条: every read under a grant is audited; the read itself was already allowed
    by ``permissions.case_scope_q``)."""
    audit_record(actor=actor, action="supervision.access.read", obj=case, after={"what": str(what)[:200]})


def case_page_read(*, actor, pk, what: str, full: bool = False, full_what: str = "", latest: int | None = None):
    """The case page ``actor`` may read (``selectors.case_page``), with the reads the law wants recorded: a supervisor's
    read under a grant (办法 第三十七条), a view of full personal numbers (DESIGN §5.5), and a refused read (handed to
    ``events.read_refused``). The one way in for the page and the API; raises ``Case.DoesNotExist`` when refused."""
    from . import selectors

    try:
        page = selectors.case_page(actor, pk, full=full, latest=latest)
    except (Case.DoesNotExist, ValueError, DomainError):
        events.read_refused(user=actor, case_id=pk, what=what)
        raise Case.DoesNotExist from None
    if not page.roles:
        case_read_record(actor=actor, case=page.case, what=what)
    if page.full:
        personal_data_view_record(actor=actor, case=page.case, what=full_what or what)
    return page


@transaction.atomic
def personal_data_view_record(*, actor, case: Case, what: str) -> None:
    """Record that ``actor`` saw the full ID and phone numbers of ``case``'s people (DESIGN §5.5: every view of a
    full ID number is audited; 个人信息保护法 第五十一条). Only a user acting on the case gets them
    (``selectors.case_page``), and only on asking: pages and the API show them masked by default."""
    audit_record(actor=actor, action="cases.personal_data.view", obj=case, after={"what": str(what)[:200]})


@transaction.atomic
def act_perform(*, actor, case: Case, code: str, data: dict | None = None, performed_at=None,
                expected_version: int | None = None, attachments=(), place: str = "", latitude=None,
                longitude=None, idempotency_key: str = "") -> Act:
    """Record act ``code`` on ``case``. ``expected_version`` is the case version the actor saw (the number of acts);
    when it is stale the act is refused with a conflict, so two people acting at once never both succeed.
    With ``idempotency_key`` a repeated request raises ``Replayed`` instead of recording the act twice."""
    key = _claim_key(actor, idempotency_key, _fingerprint(
        op="act", case=str(case.pk), code=code, data=data, performed_at=performed_at, version=expected_version,
        place=place, latitude=latitude, longitude=longitude, attachments=attachments))
    corrects = None
    spec = get_procedure(case.procedure).act(code)
    if spec is not None and spec.correction and data and data.get("target_seq"):
        corrects = Act.objects.filter(case=case, seq=data.get("target_seq")).first()
    act = _perform(actor=actor, case=case, code=code, data=data or {}, performed_at=performed_at or timezone.now(),
                   expected_version=expected_version, attachments=attachments, place=place, latitude=latitude,
                   longitude=longitude, corrects=corrects, idempotency_key=idempotency_key)
    if key is not None:
        key.case, key.act = case, act
        key.save(update_fields=["case", "act"])
    return act


@transaction.atomic
def case_open(*, actor, procedure: str, data: dict, performed_at=None, body=None, attachments=(), place: str = "",
              latitude=None, longitude=None, idempotency_key: str = "", opened_from=None,
              link_kind: str = CaseLinkKind.OPENED_FROM) -> Case:
    """Open a case from a source (案源登记): creates the case and records its first act, the procedure's ``opening``.
    With ``idempotency_key`` a repeated request raises ``Replayed`` instead of opening a second case. With
    ``opened_from`` (a case id) the new case is linked to that case (``link_kind``: opened from it, or a measure
    serving it; docs/decisions/0035) in the same transaction."""
    spec = get_procedure(procedure).act(get_procedure(procedure).opening)
    body = body or getattr(actor, "body", None)
    if body is None:
        raise DomainError("请选择办案主体。", field="body")
    key = _claim_key(actor, idempotency_key, _fingerprint(
        op="case_open", procedure=procedure, body=str(body.pk), data=data, performed_at=performed_at, place=place,
        latitude=latitude, longitude=longitude, attachments=attachments,
        opened_from=str(opened_from or ""), link_kind=link_kind))
    source = _link_target(actor, opened_from, link_kind, field="opened_from") if opened_from else None
    validated = _validate(spec, data or {})
    when = _performed_at(performed_at or timezone.now())
    case = Case(body=body, procedure=procedure, source_kind=validated.get("source_kind", ""),
                cause=validated.get("cause", ""), created_by=actor, registered_at=when,
                stage=get_procedure(procedure).initial_stage)
    case.save()
    try:
        _require_role(actor, case, spec)
    except NotAllowed:
        raise NotAllowed("您不是该主体的执法人员，不能为其登记案件来源。") from None
    if validated.get("party"):
        _set_party(case, validated["party"])
    act = _perform(actor=actor, case=case, code=spec.code, data=data, performed_at=when, expected_version=0,
                   attachments=attachments, place=place, latitude=latitude, longitude=longitude,
                   idempotency_key=idempotency_key)
    if source is not None:
        _link(actor, case, source, link_kind, act=act)
    if key is not None:
        key.case, key.act = case, act
        key.save(update_fields=["case", "act"])
    return case


LINK_BASIS = "《中华人民共和国行政强制法》第二十八条第一款第（三）项"


def _link_target(actor, pk, kind: str, *, field: str, kind_field: str = "link_kind") -> Case:
    """The case ``pk`` to link to, as ``actor`` may see it (docs/decisions/0035): a case the user may not see is
    refused as if it did not exist; a measure may not serve a finished case (强制法 第二十八条第一款第（三）项)."""
    from .procedures import terminal_stages

    if kind not in CaseLinkKind.values:
        raise DomainError(f"关联类别（{kind_field}）应为以下之一：{'、'.join(CaseLinkKind.values)}。", field=kind_field)
    other = None
    with contextlib.suppress(ValueError, TypeError, DjangoValidationError):
        other = Case.objects.restrict(actor, "view").select_related("body").filter(pk=pk).first()
    if other is None:
        raise DomainError("关联案件不存在或您无权查看该案件。", field=field)
    if kind == CaseLinkKind.SERVES and other.stage in terminal_stages():
        raise DomainError(f"案件{other.number or ''}已{other.get_stage_display()}，已作出处理决定的案件不再需要为其采取"
                          f"行政强制措施，不能关联为其采取的措施（{LINK_BASIS}）。", field=field, basis=LINK_BASIS)
    return other


def _link(actor, case: Case, other: Case, kind: str, *, act: Act | None = None, reason: str = "") -> CaseLink:
    if case.pk == other.pk:
        raise DomainError("案件不能与自身关联。", field="other")
    if CaseLink.objects.filter(Q(case=case, other=other) | Q(case=other, other=case)).exists():
        raise DomainError(f"案件{case.number or ''}与案件{other.number or ''}已经关联。", field="other")
    link = CaseLink.objects.create(case=case, other=other, kind=kind, act=act, reason=reason, created_by=actor)
    audit_record(actor=actor, action="case.link", obj=link,
                 after={"case": str(case.pk), "other": str(other.pk), "kind": kind, "reason": reason})
    return link


@transaction.atomic
def case_link(*, actor, case: Case, other, kind: str = CaseLinkKind.OPENED_FROM, reason: str = "") -> CaseLink:
    """Link ``case`` to ``other`` afterwards (a measure taken before the penalty case it leads to was opened,
    docs/decisions/0035). The user must be able to act on ``case`` and see ``other``; audited."""
    if not acting_roles(actor, case):
        raise NotAllowed("您不是该案件的办案人员，不能为其关联案件。")
    if not (reason or "").strip():
        raise DomainError("请填写关联的说明。", field="reason")
    if not getattr(other, "pk", other):
        raise DomainError("请选择关联的案件。", field="other")
    other = _link_target(actor, getattr(other, "pk", other), kind, field="other", kind_field="kind")
    return _link(actor, case, other, kind, reason=reason.strip()[:300])


def document_pdf(document: CaseDocument) -> bytes:
    """The document's PDF exactly as its act issued (and sealed) it. A read never renders, seals or writes anything:
    a supervisor reading under a grant, an e-mail service or an archive gets the issued bytes."""
    if not document.pdf:
        raise DomainError(f"文书“{document}”出具时没有生成 PDF（出具即签章之前的旧文书），"
                          "请系统管理员运行 yzf issue-documents 补出具。", code="not_issued")
    with document.pdf.open("rb") as handle:
        return handle.read()


def documents_issue_missing(*, actor, case: Case | None = None) -> int:
    """Issue the documents recorded before documents were issued with their acts (no stored PDF): rendered from
    their snapshots and sealed now, each in a transaction of its own and audited; the seal time is when this runs,
    never backdated. Returns how many were issued."""
    pending = CaseDocument.objects.filter(pdf="").select_related("act", "case__body__division", "case__item")
    if case is not None:
        pending = pending.filter(case=case)
    count = 0
    for document_id in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            document = pending.select_for_update(of=("self",)).filter(pk=document_id).first()
            if document is None:  # issued meanwhile
                continue
            _issue(document.case, [document], actor=actor, at=timezone.now())
            document.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
            merkle_append(obj=document, sha256=document.pdf_sha256)
            audit_record(actor=actor, action="case.document.issue_late", obj=document,
                         after={"sha256": document.pdf_sha256})
            count += 1
    return count


class RemoteTaskNotFound(Exception):
    """The non-site inspection link is forged, foreign or no longer the case's task: answered like a missing page."""


@transaction.atomic
def remote_answer_submit(*, token: str, contact: str, answer: str = "", files=()) -> Act:
    """The enterprise answers a non-site inspection task through its link (no account; 《广东省优化营商环境条例》第四十九条;
    docs/decisions/0044): recorded by the platform as the act ``remote_answer`` of the inspection case, the files
    stored as the case's evidence (hashed, type and size checked as every upload). Raises ``RemoteTaskNotFound`` for a
    bad token, ``DomainError`` (naming the field) for an empty answer, too many files or a file refused."""
    from yuezhifa.core.actors import SYSTEM

    from .procedures import inspection_remote

    found = inspection_remote.task_from(token)
    if found is None:
        raise RemoteTaskNotFound
    pk, seq = found
    case = Case.objects.filter(pk=pk, procedure="inspection").first() if _uuid_ok(pk) else None
    if case is None or not Act.objects.filter(case=case, seq=seq, code=inspection_remote.SEND).exists():
        raise RemoteTaskNotFound
    files = [f for f in files if f]
    if len(files) > inspection_remote.MAX_FILES:
        raise DomainError(f"一次最多上传{inspection_remote.MAX_FILES}个文件。", field="files")
    if not files and not (answer or "").strip():
        raise DomainError("请填写情况说明或者上传材料。", field="answer")
    last = Act.objects.filter(case=case, code=inspection_remote.SEND).order_by("-seq").values_list("seq", flat=True)
    if last.first() != seq:
        raise RemoteTaskNotFound
    return act_perform(actor=SYSTEM, case=case, code=inspection_remote.ANSWER, data={"contact": contact, "answer": answer},
                       performed_at=timezone.now(), attachments=[Attachment(f) for f in files])


def _uuid_ok(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
