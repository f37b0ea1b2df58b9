"""``check_archive(bag_dir)``: the four-property check of an archive package, from the package alone.

Everything is checked against what the package itself records — the catalogue and act log in
``data/metadata/case.json`` and the BagIt manifests — so that an exported package can be checked again after
transfer, and a removed, added or altered file is found. The one thing that needs the platform is the trust in
signatures: ``verify_pdf`` checks each seal against the platform's trusted roots and its sealing records (a package
carries the roots in ``metadata/trust-roots.pem`` for the archive system's own tools).
"""

from __future__ import annotations

import hashlib
import json
import shlex
from pathlib import Path, PurePosixPath

import bagit
from django.utils import timezone

from .files import check_executable, check_readable, scanner_command, sha256_file, virus_scan
from .report import FAIL, PASS, WARN, ArchiveReport

CASE_JSON = "metadata/case.json"
REPORT_JSON = "metadata/check-report.json"
REPORT_TXT = "metadata/check-report.txt"
TRUST_ROOTS = "metadata/trust-roots.pem"
METADATA_FILES = (CASE_JSON, REPORT_JSON, REPORT_TXT, TRUST_ROOTS)
FORMAT = "yuezhifa-archive/1"


def canonical_hash(payload: dict) -> str:
    """The act hash as ``Act.compute_hash`` computes it, from the payload the package records."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _payload_files(data: Path) -> list[str]:
    return sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file() or p.is_symlink())


def _entry_path(data: Path, entry: dict) -> Path | None:
    """The entry's file under data/, or None when the recorded path would leave data/ (never followed)."""
    raw = str(entry.get("path") or "")
    relative = PurePosixPath(raw)
    if not raw or relative.is_absolute() or ".." in relative.parts:
        return None
    return data.joinpath(*relative.parts)


def _label(entry: dict) -> str:
    seq = entry.get("seq")
    title = entry.get("title") or "（无名称）"
    number = f" {entry['number']}" if entry.get("number") else ""
    return f"第 {seq} 件《{title}》{number}" if entry.get("kind") == "document" else f"第 {seq} 件 证据“{title}”"


def _load_metadata(data: Path, report: ArchiveReport) -> dict | None:
    path = data / CASE_JSON
    if not path.is_file():
        report.integrity.fail(f"元数据文件 {CASE_JSON} 缺失，无法核对卷内目录。", CASE_JSON)
        return None
    try:
        meta = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.usability.fail(f"元数据文件 {CASE_JSON} 无法解析（{exc}）。", CASE_JSON)
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("catalogue"), list):
        report.integrity.fail(f"元数据文件 {CASE_JSON} 不含卷内目录。", CASE_JSON)
        return None
    report.usability.passed(f"元数据文件 {CASE_JSON} 可正常解析（格式 {meta.get('format', '未注明')}）。", CASE_JSON)
    return meta


def _check_bag(bag_dir: Path, report: ArchiveReport, number: str) -> None:
    """BagIt (RFC 8493): the structure, every manifest entry present and nothing unlisted, every checksum."""
    try:
        bag = bagit.Bag(str(bag_dir))
    except bagit.BagError as exc:
        report.integrity.fail(f"不是有效的 BagIt 包：{exc}")
        return
    missing, extra = bag.compare_manifests_with_fs()
    for path in sorted(missing):
        report.integrity.fail(f"BagIt 清单所列文件缺失：{path}", path.removeprefix("data/"))
    for path in sorted(extra):
        report.integrity.fail(f"文件不在 BagIt 清单中：{path}", path.removeprefix("data/"))
    try:
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        mismatched = [d for d in exc.details if isinstance(d, bagit.ChecksumMismatch)]
        for detail in mismatched:
            report.authenticity.fail(f"BagIt 清单校验值不符（{detail.algorithm}）：{detail.path}",
                                     str(detail.path).removeprefix("data/"))
        if not exc.details:
            if "Payload-Oxum" in str(exc.message):
                report.integrity.fail(f"BagIt 的 Payload-Oxum（文件数、字节数）与实际不符：包内应为 "
                                      f"{bag.info.get('Payload-Oxum')}（字节数.文件数）。")
            else:
                report.integrity.fail(f"BagIt 校验未通过：{exc.message}")
    except bagit.BagError as exc:
        report.integrity.fail(f"BagIt 校验未通过：{exc}")
    else:
        algorithms = "、".join(sorted(bag.algorithms))
        version = ".".join(str(n) for n in bag.version_info)
        report.integrity.passed(f"BagIt 包校验通过（BagIt {version}，清单 {algorithms}，Payload-Oxum 一致）。")
    identifier = bag.info.get("External-Identifier")
    if number and identifier != number:
        report.integrity.fail(f"bag-info.txt 的 External-Identifier（{identifier or '无'}）与案号 {number} 不符。")


def _check_catalogue(data: Path, catalogue: list, report: ArchiveReport) -> list[tuple[dict, Path]]:
    """完整性: every catalogue entry present, numbered 1..n without gaps, nothing in data/ outside the catalogue and
    the metadata. Returns the entries whose files are present."""
    present = []
    seqs = [e.get("seq") for e in catalogue if isinstance(e, dict)]
    if seqs != list(range(1, len(catalogue) + 1)):
        report.integrity.fail(f"卷内目录的件号不连续（{seqs}）。")
    listed = set()
    missing = 0
    for entry in catalogue:
        if not isinstance(entry, dict):
            report.integrity.fail("卷内目录中有一项无法识别。")
            continue
        path = _entry_path(data, entry)
        if path is None:
            report.security.fail(f"{_label(entry)}：登记的路径“{entry.get('path')}”不在 data/ 目录内。")
            continue
        listed.add(PurePosixPath(entry["path"]).as_posix())
        if not path.is_file():
            missing += 1
            report.integrity.fail(f"{_label(entry)}：文件缺失（{entry['path']}）。", entry["path"])
            continue
        present.append((entry, path))
    extra = [p for p in _payload_files(data) if p not in listed and p not in METADATA_FILES]
    for path in extra:
        report.integrity.fail(f"卷内目录以外的文件：{path}。", path)
    if not missing and not extra and catalogue:
        documents = sum(1 for e in catalogue if e.get("kind") == "document")
        report.integrity.passed(f"卷内目录 {len(catalogue)} 件（文书 {documents} 件、证据 {len(catalogue) - documents} 件）"
                                "齐全，没有目录以外的文件。")
    elif not catalogue:
        report.integrity.warn("卷内目录为空。")
    return present


def _check_signature(entry: dict, path: Path, report: ArchiveReport) -> None:
    from yuezhifa.seals.verification import Verdict, VerificationError, verify_pdf

    label = _label(entry)
    try:
        result = verify_pdf(path.read_bytes())
    except VerificationError as exc:
        if exc.code == "unsigned":
            report.authenticity.warn(f"{label}：未加盖电子印章，其真实性仅由登记的 SHA-256 和 BagIt 清单证明。",
                                     entry["path"])
        else:
            report.authenticity.fail(f"{label}：电子签章无法验证（{exc.message}）", entry["path"])
        return
    if result.ok:
        report.authenticity.passed(f"{label}：电子签章验证通过（{result.primary.body_name or result.primary.signer}）。",
                                   entry["path"])
    elif result.verdict in (Verdict.REVOKED, Verdict.REPLACED):
        # the seal is intact: the file is the authentic record of what was issued, later revoked or replaced
        report.authenticity.warn(f"{label}：电子签章完好，但{result.verdict_label}：{result.message}", entry["path"])
    else:
        report.authenticity.fail(f"{label}：电子签章验证未通过（{result.verdict_label}）：{result.message}",
                                 entry["path"])


def _check_act_log(meta: dict, report: ArchiveReport) -> None:
    """真实性: the act log's hash chain, recomputed from the payloads the package records (no database)."""
    log = meta.get("act_log")
    if not isinstance(log, dict) or not isinstance(log.get("acts"), list):
        report.authenticity.fail("元数据中没有执法行为日志，无法核对哈希链。")
        return
    previous = ""
    acts = log["acts"]
    for expected, act in enumerate(acts, start=1):
        payload = act.get("payload") if isinstance(act, dict) else None
        if not isinstance(payload, dict) or payload.get("seq") != expected or act.get("seq") != expected:
            report.authenticity.fail(f"执法行为日志的第 {expected} 项缺失或序号不符。")
            return
        if payload.get("prev_hash") != previous or act.get("prev_hash") != previous:
            report.authenticity.fail(f"执法行为日志的第 {expected} 项（{act.get('name', '')}）与前一项的哈希链接不符。")
            return
        if canonical_hash(payload) != act.get("hash"):
            report.authenticity.fail(f"执法行为日志的第 {expected} 项（{act.get('name', '')}）的内容与其哈希值不符，"
                                     "记录被改动。")
            return
        previous = act["hash"]
    if log.get("head_hash") != previous or log.get("count") != len(acts):
        report.authenticity.fail(f"执法行为日志的末项哈希或行为数与案件记录不符（记录 {log.get('count')} 项，"
                                 f"实有 {len(acts)} 项），末尾的行为可能被删除。")
        return
    report.authenticity.passed(f"执法行为日志哈希链完整：{len(acts)} 项行为，末项哈希 {previous[:16]}…。")


def _check_security(data: Path, report: ArchiveReport) -> None:
    """安全性: every file in data/ (catalogued or not), by content; then the virus-scanner hook."""
    files = _payload_files(data)
    clean = 0
    for relative in files:
        path = data / relative
        if path.is_symlink():
            report.security.fail(f"{relative}：是符号链接，归档包中不应含有链接。", relative)
            continue
        result = check_executable(path)
        if result.level == PASS:
            clean += 1
        else:
            report.security.add(result.level, f"{relative}：{result.message}。", relative)
    if clean == len(files):
        report.security.passed(f"{len(files)} 个文件均未发现可执行程序、脚本、宏，PDF 均不含 JavaScript、启动动作或嵌入文件。")
    command = scanner_command()
    if not command:
        report.security.warn("病毒扫描：未配置（设置 YZF_VIRUS_SCAN_COMMAND 以接入病毒扫描程序），本次未进行病毒扫描。")
        return
    infected = 0
    for relative in files:
        path = data / relative
        if path.is_symlink():
            continue
        result = virus_scan(command, path)
        if result.level != PASS:
            infected += 1
            report.security.add(result.level, f"{relative}：{result.message}。", relative)
    if not infected:
        program = Path(shlex.split(command)[0]).name
        report.security.passed(f"病毒扫描（{program}）：{len(files)} 个文件均未发现问题。")


def check_archive(bag_dir) -> ArchiveReport:
    """Re-run the four-property check on the package at ``bag_dir``."""
    bag_dir = Path(bag_dir)
    data = bag_dir / "data"
    report = ArchiveReport(case_number="", case_id="", body="", bag_dir=str(bag_dir), checked_at=timezone.now())
    if not data.is_dir():
        report.integrity.fail(f"{bag_dir} 不是归档包：没有 data 目录。")
        return report
    meta = _load_metadata(data, report)
    case = (meta or {}).get("case") or {}
    report.case_number = case.get("number") or ""
    report.case_id = case.get("id") or ""
    report.body = (case.get("body") or {}).get("name", "")
    _check_bag(bag_dir, report, report.case_number)
    if meta is not None:
        catalogue = meta["catalogue"]
        report.items = len(catalogue)
        present = _check_catalogue(data, catalogue, report)
        for entry, path in present:
            label = _label(entry)
            digest = sha256_file(path)
            if digest == entry.get("sha256"):
                report.authenticity.passed(f"{label}：SHA-256 与登记值一致。", entry["path"])
            else:
                report.authenticity.fail(f"{label}：SHA-256 与登记值不符（登记 {str(entry.get('sha256'))[:16]}…，"
                                         f"实际 {digest[:16]}…），文件被改动。", entry["path"])
            if entry.get("kind") == "document":
                _check_signature(entry, path, report)
            readable = check_readable(path, entry.get("content_type") or "")
            report.usability.add(readable.level, f"{label}：{readable.message}。", entry["path"])
        _check_act_log(meta, report)
    _check_security(data, report)
    for check in report.properties.values():
        if not check.findings:
            check.add(FAIL if meta is None else WARN, "无法检测：归档包缺少元数据。")
    return report
