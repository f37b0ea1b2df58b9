"""``build_archive(case, target_dir, *, actor)``: the electronic archive package of a finished case (办法 第三十一条).

The package is a BagIt bag (RFC 8493) built in a temporary directory beside the target and renamed into place only
when complete, so a failure leaves nothing behind:

    <DIR>/bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt, tagmanifest-*.txt
    <DIR>/data/documents/NNN-<title>-<number>.pdf   the documents, sealed (PAdES) when the body has a seal
    <DIR>/data/evidence/NNN-<title>.<ext>            the evidence files, byte for byte as stored
    <DIR>/data/metadata/case.json                    case, parties, act log with hashes, catalogue
    <DIR>/data/metadata/check-report.json, .txt      the four-property check (真实性、完整性、可用性、安全性)
    <DIR>/data/metadata/trust-roots.pem              the platform's trusted seal roots, for offline verification

NNN is the item's number in the catalogue (卷内目录), the order of ``selectors.dossier``.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import bagit
from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed

from ..models import Act, Case, CaseDocument, Evidence, EvidenceKind, SourceKind
from ..permissions import acting_roles
from ..procedures import PROCEDURES, milestone_acts, terminal_stages
from ..selectors import dossier, linked_case_index, verify_case_log
from .check import CASE_JSON, FORMAT, REPORT_JSON, REPORT_TXT, TRUST_ROOTS, check_archive
from .files import safe_name
from .report import ArchiveReport

# bagit-python logs every file it hashes at INFO, and what it finds wrong in English; the report says it in Chinese
logging.getLogger("bagit").setLevel(logging.ERROR)

ARCHIVABLE = terminal_stages()  # as the procedures registered at start-up have them
CHECKSUMS = ["sha256", "sha512"]
RETENTION = {"permanent": "永久", "30y": "30年", "10y": "10年"}


class ArchiveError(DomainError):
    code = "archive_error"
    title = "无法生成归档包"


def find_case(identifier: str) -> Case:
    """The case by its 案号, or by its UUID (a case not filed has no 案号). Raises ``ArchiveError`` in Chinese."""
    text = (identifier or "").strip()
    if not text:
        raise ArchiveError("请指定案号。", field="number")
    qs = Case.objects.select_related("body", "body__division", "item")
    case = qs.filter(number=text).first()
    if case is None:
        try:
            case = qs.filter(pk=uuid.UUID(text)).first()
        except ValueError:
            case = None
    if case is None:
        raise ArchiveError(f"案号“{text}”不存在。", field="number")
    return case


def _moment(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _choice(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def _require(case: Case, actor) -> None:
    if case.stage not in terminal_stages() or case.closed_at is None:
        label = case.number or f"（未立案，{case.pk}）"
        raise ArchiveError(f"案件 {label} 尚未办结（当前阶段：{case.get_stage_display()}），只有已结案或不予立案的案件"
                           "才能归档。", field="number")
    if not acting_roles(actor, case):
        raise NotAllowed("您无权导出该案件的归档包。")


def _target(target_dir) -> tuple[Path, list[Path]]:
    """Check the target and create its missing parents; returns the target and the parents created (removed again
    if the build fails)."""
    target = Path(target_dir).expanduser().absolute()
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise ArchiveError(f"目标“{target}”已存在且不是目录。", field="target")
        if any(target.iterdir()):
            raise ArchiveError(f"目标目录“{target}”已存在且不为空；请指定一个新的或空的目录，已有的文件不会被覆盖。",
                               field="target")
    created = []
    parent = target.parent
    while not parent.exists():
        created.append(parent)
        parent = parent.parent
    for directory in reversed(created):
        try:
            directory.mkdir()
        except OSError as exc:
            _remove_created(created)
            raise ArchiveError(f"无法创建目录“{directory}”：{exc.strerror}。", field="target") from None
    return target, created


def _remove_created(created: list[Path]) -> None:
    for directory in created:  # deepest first
        with contextlib.suppress(OSError):
            directory.rmdir()


def _signature_summary(pdf: bytes) -> dict:
    from yuezhifa.seals.verification import VerificationError, verify_pdf

    try:
        result = verify_pdf(pdf)
    except VerificationError as exc:
        verdict = "unsigned" if exc.code == "unsigned" else "unverifiable"
        return {"verdict": verdict, "label": "未签章" if verdict == "unsigned" else "无法验证", "message": exc.message,
                "signatures": []}
    return {"verdict": result.verdict, "label": result.verdict_label, "message": result.message,
            "signatures": [{"signer": s.signer, "issuer": s.issuer, "body": s.body_name,
                            "signed_at": _moment(s.signed_at) if s.signed_at else None,
                            "certificate_serial": s.certificate_serial,
                            "certificate_fingerprint": s.certificate_fingerprint, "recorded": s.recorded}
                           for s in result.signatures]}


def _party(party) -> dict:
    """The party as the case records it. The package is the official record transferred to the archive department
    (办法 第三十一条: of the same legal force as the paper file), so nothing is masked; nothing beyond the record is
    added either."""
    from ..models import PartyKind

    return {"kind": party.kind, "kind_label": _choice(PartyKind, party.kind), "name": party.name,
            "id_number": party.id_number, "credit_code": party.credit_code,
            "legal_representative": party.legal_representative,
            "birth_date": party.birth_date.isoformat() if party.birth_date else None, "address": party.address,
            "phone": party.phone}


def _case_section(case: Case, acts: list[Act]) -> dict:
    body = case.body
    procedure = PROCEDURES.get(case.procedure)
    closing = milestone_acts("closed")
    close = next((a for a in reversed(acts) if a.code in closing), None)
    retention = (close.data.get("retention") if close else "") or ""
    return {
        "id": str(case.pk), "number": case.number or "", "year": case.year,
        "procedure": case.procedure, "procedure_name": procedure.name if procedure else case.procedure,
        "source_kind": case.source_kind, "source_kind_label": _choice(SourceKind, case.source_kind),
        "cause": case.cause,
        "item": {"code": case.item.code, "name": case.item.name} if case.item_id else None,
        "body": {"name": body.name, "short_name": body.short_name, "credit_code": body.credit_code,
                 "division": body.division.full_name, "address": body.address, "phone": body.phone},
        "stage": case.stage, "stage_label": case.get_stage_display(), "state_label": case.state_label,
        "registered_at": _moment(case.registered_at), "filed_at": _moment(case.filed_at),
        "decided_at": _moment(case.decided_at), "closed_at": _moment(case.closed_at),
        "fine_amount": None if case.fine_amount is None else str(case.fine_amount),
        "retention": RETENTION.get(retention, retention),
        "handlers": [{"id": str(o.pk), "name": o.name} for o in case.handlers.order_by("name")],
        "parties": [_party(p) for p in case.parties.order_by("created_at")],
    }


def _act_log(case: Case, acts: list[Act]) -> dict:
    by_pk = {a.pk: a.seq for a in acts}
    rows = []
    for act in acts:
        payload = json.loads(json.dumps(act.payload(), ensure_ascii=False, default=str))
        rows.append({
            "seq": act.seq, "code": act.code, "name": act.name, "performed_at": _moment(act.performed_at),
            "recorded_at": _moment(act.recorded_at), "actor": act.data.get("actor_name", ""),
            "officers": act.officers, "place": act.place,
            "corrects_seq": by_pk.get(act.corrects_id) if act.corrects_id else None,
            "back_entered": act.back_entered, "entry_due": act.entry_due.isoformat() if act.entry_due else None,
            "prev_hash": act.prev_hash, "hash": act.hash, "payload": payload,
        })
    return {"algorithm": "SHA-256，对 payload 按键排序、紧凑分隔、UTF-8 的 JSON 计算；prev_hash 链接前一行为",
            "count": case.version, "head_hash": case.last_hash, "acts": rows}


def _write_payload(case: Case, root: Path, *, actor, generated_at) -> None:
    """Render and copy the dossier into ``root`` (documents/, evidence/, metadata/) and describe it in case.json."""
    from yuezhifa.seals.selectors import trusted_root_certificates

    from ..services import document_pdf, documents_issue_missing

    documents_issue_missing(actor=actor, case=case)  # documents recorded before they were issued with their acts
    documents = {d.pk: d for d in CaseDocument.objects.filter(case=case).select_related("act")}
    evidence = {e.pk: e for e in Evidence.objects.filter(case=case).select_related("act")}
    acts = list(Act.objects.filter(case=case).order_by("seq"))
    catalogue = []
    (root / "documents").mkdir()
    (root / "evidence").mkdir()
    (root / "metadata").mkdir()
    for entry in dossier(case):
        seq = f"{entry.seq:03d}"
        row = {"seq": entry.seq, "kind": entry.kind, "kind_label": "文书" if entry.kind == "document" else "证据",
               "title": entry.title, "number": entry.number, "date": entry.date.isoformat()}
        if entry.kind == "document":
            document = documents[entry.object_id]
            name = "-".join([seq, safe_name(entry.title)] + ([safe_name(entry.number)] if entry.number else []))
            relative = f"documents/{name}.pdf"
            content = document_pdf(document)  # the issued bytes
            (root / relative).write_bytes(content)
            row.update({"path": relative, "sha256": document.pdf_sha256, "size": len(content),
                        "content_type": "application/pdf", "doc_type": document.doc_type,
                        "act_seq": document.act.seq, "act_name": document.act.name,
                        "signature": _signature_summary(content)})
        else:
            item = evidence[entry.object_id]
            suffix = Path(item.file.name).suffix.lower() or ""
            relative = f"evidence/{seq}-{safe_name(entry.title)}{suffix}"
            try:
                with item.file.open("rb") as source, open(root / relative, "wb") as out:
                    shutil.copyfileobj(source, out)
            except (FileNotFoundError, OSError):
                (root / relative).unlink(missing_ok=True)  # recorded in the catalogue, reported missing by the check
            row.update({"path": relative, "sha256": item.sha256, "size": item.size, "content_type": item.content_type,
                        "evidence_kind": item.kind, "evidence_kind_label": _choice(EvidenceKind, item.kind),
                        "original_name": item.original_name, "collected_at": _moment(item.collected_at),
                        "collected_by": item.collected_by, "place": item.place,
                        "act_seq": item.act.seq, "act_name": item.act.name})
        catalogue.append(row)
    meta = {
        "format": FORMAT, "generated_at": generated_at.isoformat(), "generator": "粤执法（yuezhifa）",
        "basis": "《广东省一体化行政执法平台管理办法》第三十一条；《中华人民共和国行政处罚法》第四十七条",
        "case": _case_section(case, acts), "act_log": _act_log(case, acts), "catalogue": catalogue,
        "linked_cases": linked_case_index(case),  # 关联案件, by number (docs/decisions/0035)
    }
    (root / CASE_JSON).write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", "utf-8")
    roots = [pem.strip() for _authority, pem in trusted_root_certificates()]
    if roots:
        (root / TRUST_ROOTS).write_text("\n".join(roots) + "\n", "ascii")


def _bag_info(case: Case, today: datetime.date) -> dict:
    body = case.body
    procedure = PROCEDURES.get(case.procedure)
    info = {
        "Source-Organization": body.name,
        "Source-Organization-Credit-Code": body.credit_code,
        "Organization-Address": body.address,
        "Contact-Phone": body.phone,
        "External-Identifier": case.number or str(case.pk),
        "External-Description": f"{case.cause}（{procedure.name if procedure else case.procedure}）行政执法电子案卷",
        "Internal-Sender-Identifier": str(case.pk),
        "Bagging-Date": today.isoformat(),
    }
    return {key: value for key, value in info.items() if value}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def build_archive(case: Case, target_dir, *, actor) -> ArchiveReport:
    """Write the archive package of ``case`` (closed, or not filed) into ``target_dir`` (created; an existing one
    must be empty) and return its four-property check. Raises ``ArchiveError`` (Chinese message) before writing
    anything when the case is not finished or the target is taken; any failure while building leaves no trace
    at the target. A failed check does not stop the package: it is written with its report, which says what failed.

    Note: bagit-python changes the process's working directory while it writes manifests; run this from a command
    or a task worker, not from a web request thread.
    """
    _require(case, actor)
    chain = verify_case_log(case)
    target, created = _target(target_dir)
    existed = target.exists()
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    renamed = False
    try:
        generated_at = timezone.now()
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's 0700 would pass on to data/
        _write_payload(case, staging, actor=actor, generated_at=generated_at)
        bagit.make_bag(str(staging), _bag_info(case, timezone.localdate(generated_at)), checksums=list(CHECKSUMS))
        # RFC 8493 is BagIt 1.0 (bagit-python writes 0.97, of the same layout); the tag manifests follow
        (staging / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", "utf-8")
        bagit.Bag(str(staging)).save(processes=1)
        report = check_archive(staging)
        if chain.ok:
            report.authenticity.passed(f"平台数据库中的执法行为哈希链完整（{chain.message}）")
        else:
            report.authenticity.fail(f"平台数据库中的执法行为哈希链校验未通过：{chain.message}")
        data = staging / "data"
        (data / REPORT_JSON).write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n", "utf-8")
        (data / REPORT_TXT).write_text(report.text(), "utf-8")
        # manifests, Payload-Oxum and tag manifests again, now with the report in the payload
        bag = bagit.Bag(str(staging))
        bag.save(processes=1, manifests=True)
        bagit.Bag(str(staging)).validate(processes=1)
        with transaction.atomic():
            audit_record(actor=actor, action="case.archive.export", obj=case,
                         after={"target": str(target), "items": report.items, "ok": report.ok,
                                "failed": [report[c].name for c in report.failed],
                                "payload_oxum": bag.info.get("Payload-Oxum"), "personal_data": True})
            if target.exists():
                target.rmdir()  # empty, checked above
            os.rename(staging, target)
            renamed = True
    except BaseException as exc:
        shutil.rmtree(target if renamed else staging, ignore_errors=True)
        if existed and not target.exists():
            target.mkdir()  # the empty directory we were given, as it was
        _remove_created(created)
        if isinstance(exc, bagit.BagError):
            raise ArchiveError(f"生成的归档包未通过 BagIt 校验：{exc}；未留下任何文件。", field="target") from exc
        if isinstance(exc, OSError):
            raise ArchiveError(f"写入归档包失败：{exc.strerror or exc}（{target}）；未留下任何文件。",
                               field="target") from exc
        raise
    report.bag_dir = str(target)
    return report


def export_archive(*, actor, number: str, target_dir) -> ArchiveReport:
    """``yzf export-archive``: the package of the case with 案号 ``number`` into ``target_dir``."""
    return build_archive(find_case(number), target_dir, actor=actor)
