"""Electronic archive packages (办法 第三十一条; docs/decisions/0013-电子归档.md): a closed case exported as a BagIt
bag that bagit-python validates, whose four-property check passes, and which flags a removed, a tampered and an
executable file when checked again."""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.seals import services as seal_services

from .. import services
from ..archive import ArchiveError, build_archive, check_archive
from ..archive.files import check_executable, safe_name
from ..models import Case, Evidence
from .conftest import store_party
from .test_guards import png
from .test_penalty_procedures import PENALTIES, notify, serve

pytestmark = pytest.mark.django_db

BAGIT = str(Path(sys.executable).parent / "bagit.py")
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SCANNER = """import sys
data = open(sys.argv[1], "rb").read()
if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data:
    print(sys.argv[1] + ": Eicar-Test-Signature FOUND")
    sys.exit(1)
print(sys.argv[1] + ": OK")
"""


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def bagit_validate(path) -> subprocess.CompletedProcess:
    return subprocess.run([BAGIT, "--validate", str(path)], capture_output=True, text=True)


def messages(check) -> str:
    return "\n".join(f.message for f in check.failures)


@pytest.fixture
def scanner(tmp_path, settings):
    """A stand-in for clamscan: exit 1 on the EICAR test string, 0 otherwise."""
    script = tmp_path / "fake_clamscan.py"
    script.write_text(SCANNER)
    settings.YZF_VIRUS_SCAN_COMMAND = f"{sys.executable} {script} {{path}}"
    return script


@pytest.fixture
def closed_case(run, world, settings, tmp_path) -> Case:
    """立案 → 证据登记 (a PNG photograph) → 调查 → 审查 → 告知 → 决定 → 送达 → 缴款 → 结案, the body holding a seal."""
    settings.MEDIA_ROOT = tmp_path / "media"
    seal_services.seal_create_demo_ca(actor=SYSTEM)
    seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("collect_evidence", "2026-09-29 08:30", kind="physical", title="过期牛奶照片/货架",
            officers=run.ids("chen", "lin"), attachments=[services.Attachment(png())])
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-09-30 15:00", user="head", penalties=PENALTIES)
    serve(run, "2026-10-08 10:00", "2026-10-08")
    run.act("record_payment", "2026-10-09 10:00", amount="75000", paid_on="2026-10-09", receipt="粤非税00987")
    run.act("close", "2026-10-12 09:00", user="head", summary="罚款已缴清，建议结案。", retention="30y")
    case = run.refresh()
    assert case.stage == "closed"
    return case


def test_a_closed_case_exports_as_a_valid_bag_and_the_check_flags_removed_tampered_and_executable_files(
        closed_case, world, scanner, tmp_path):
    target = tmp_path / "transfer" / "2026" / "bag"
    out = io.StringIO()
    call_command("export_archive", closed_case.number, str(target), stdout=out)
    printed = out.getvalue()
    assert "四性检测全部通过" in printed and str(target) in printed
    assert not [p for p in target.parent.iterdir() if p.name != "bag"]  # no temporary directory left behind

    # the receiving side re-checks the package with the platform's own command too
    rechecked = io.StringIO()
    call_command("check_archive", str(target), stdout=rechecked)
    assert "四性检测全部通过" in rechecked.getvalue()

    # bagit-python, as the archive department would run it
    validated = bagit_validate(target)
    assert validated.returncode == 0, validated.stderr
    assert "is valid" in validated.stderr

    info = (target / "bag-info.txt").read_text("utf-8")
    assert "Source-Organization: 广州市天河区市场监督管理局" in info
    assert f"External-Identifier: {closed_case.number}" in info
    assert "Payload-Oxum: " in info and "Bagging-Date: " in info
    assert (target / "bagit.txt").read_text().startswith("BagIt-Version: 1.0")
    assert (target / "manifest-sha256.txt").exists() and (target / "manifest-sha512.txt").exists()
    assert oct((target / "data").stat().st_mode & 0o777) == oct(0o777 & ~current_umask())

    data = target / "data"
    meta = json.loads((data / "metadata/case.json").read_text("utf-8"))
    catalogue = meta["catalogue"]
    assert [e["seq"] for e in catalogue] == list(range(1, len(catalogue) + 1))
    assert [e["title"] for e in catalogue[:3]] == ["案件来源登记表", "立案审批表", "过期牛奶照片/货架"]
    photo = catalogue[2]
    assert photo["path"] == "evidence/003-过期牛奶照片_货架.png" and photo["kind"] == "evidence"
    stored = Evidence.objects.get(case=closed_case)
    assert (data / photo["path"]).read_bytes() == stored.file.open("rb").read()  # byte for byte
    assert photo["sha256"] == stored.sha256
    decision = next(e for e in catalogue if e.get("doc_type") == "penalty_decision")
    assert decision["path"] == f"documents/{decision['seq']:03d}-行政处罚决定书-穗天市监罚〔2026〕1号.pdf"
    assert decision["number"] == "穗天市监罚〔2026〕1号" and decision["signature"]["verdict"] == "valid"
    assert all(e["signature"]["verdict"] == "valid" for e in catalogue if e["kind"] == "document")
    case = meta["case"]
    assert case["number"] == closed_case.number and case["body"]["name"] == "广州市天河区市场监督管理局"
    assert case["closed_at"].startswith("2026-10-12") and case["retention"] == "30年"
    assert case["parties"][0]["credit_code"] == store_party()["credit_code"]  # the record, as the case holds it
    assert case["parties"][0]["phone"] == "13926470318"
    log = meta["act_log"]
    assert log["count"] == closed_case.version == len(log["acts"]) and log["head_hash"] == closed_case.last_hash
    assert log["acts"][1]["prev_hash"] == log["acts"][0]["hash"]
    assert (data / "metadata/trust-roots.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")
    text = (data / "metadata/check-report.txt").read_text("utf-8")
    assert "电子档案四性检测报告" in text and "检测结论：通过" in text
    for name in ("真实性", "完整性", "可用性", "安全性"):
        assert f"{name}：通过" in text
    stored_report = json.loads((data / "metadata/check-report.json").read_text("utf-8"))
    assert stored_report["ok"] is True and [p["name"] for p in stored_report["properties"]] == [
        "真实性", "完整性", "可用性", "安全性"]

    # checked again from the package alone: all pass, not even a warning (sealed, scanner configured)
    report = check_archive(target)
    assert report.ok, report.summary()
    assert all(p.status == "pass" for p in report.properties.values()), report.summary()
    assert report.items == len(catalogue)
    assert AuditEntry.objects.filter(action="case.archive.export", object_id=str(closed_case.pk)).count() == 1

    # a removed evidence file: 完整性 fails, and so does bagit-python
    removed = Path(shutil.copytree(target, tmp_path / "removed"))
    (removed / "data" / photo["path"]).unlink()
    report = check_archive(removed)
    assert not report.ok and report.failed == ["integrity"]
    assert "过期牛奶照片/货架" in messages(report.integrity) and "文件缺失" in messages(report.integrity)
    assert bagit_validate(removed).returncode != 0

    # one byte of the decision flipped: 真实性 fails (hash and seal), and bagit-python fails
    tampered = Path(shutil.copytree(target, tmp_path / "tampered"))
    pdf = tampered / "data" / decision["path"]
    content = bytearray(pdf.read_bytes())
    content[len(content) // 3] ^= 0x01
    pdf.write_bytes(bytes(content))
    report = check_archive(tampered)
    assert not report.authenticity.ok and report.integrity.ok
    failures = messages(report.authenticity)
    assert "行政处罚决定书" in failures and "SHA-256 与登记值不符" in failures and "BagIt 清单校验值不符" in failures
    assert "《行政处罚决定书》 穗天市监罚〔2026〕1号：电子签章" in failures, failures
    assert bagit_validate(tampered).returncode != 0

    # an executable dropped into data/ (even under an innocent name): 安全性 and 完整性 fail
    dropped = Path(shutil.copytree(target, tmp_path / "dropped"))
    (dropped / "data/evidence/999-说明.txt").write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 57)
    (dropped / "data/documents/run.exe").write_bytes(b"MZ\x90\x00\x03" + b"\x00" * 59)
    report = check_archive(dropped)
    assert not report.security.ok and not report.integrity.ok
    security = messages(report.security)
    assert "ELF 可执行程序" in security and "Windows 可执行程序（PE）" in security and ".exe" in security

    # a stored evidence file altered in the platform's storage: the package is still written, with a report that
    # says so, and the command exits non-zero
    from PIL import Image

    Image.new("RGB", (8, 8), (30, 200, 30)).save(stored.file.path, format="PNG")
    again = tmp_path / "again"
    with pytest.raises(CommandError, match="四性检测未通过：真实性"):
        call_command("export_archive", closed_case.number, str(again), stdout=io.StringIO())
    report = json.loads((again / "data/metadata/check-report.json").read_text("utf-8"))
    assert report["ok"] is False and "过期牛奶照片/货架" in json.dumps(report, ensure_ascii=False)
    assert bagit_validate(again).returncode == 0  # the bag itself is sound: it holds what the platform holds

    # the virus-scanner hook runs on every file
    infected = Path(shutil.copytree(target, tmp_path / "infected"))
    (infected / "data/metadata/check-report.txt").write_bytes(EICAR)
    report = check_archive(infected)
    assert not report.security.ok and "Eicar-Test-Signature FOUND" in messages(report.security)


def test_errors_are_chinese_and_nothing_is_written(run, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    target = tmp_path / "out" / "bag"
    with pytest.raises(CommandError, match="案号“穗天市监立〔2026〕99号”不存在"):
        call_command("export_archive", "穗天市监立〔2026〕99号", str(target), stdout=io.StringIO())
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    with pytest.raises(CommandError, match=r"尚未办结（当前阶段：立案调查）"):
        call_command("export_archive", run.case.number, str(target), stdout=io.StringIO())
    with pytest.raises(ArchiveError, match="尚未办结"):
        build_archive(run.case, target, actor=SYSTEM)
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        call_command("export_archive", run.case.number, str(target), "--user", "nobody", stdout=io.StringIO())
    assert not (tmp_path / "out").exists()
    assert not AuditEntry.objects.filter(action="case.archive.export").exists()


def test_a_case_not_filed_is_archived_by_its_id_and_unsigned_documents_are_flagged(run, world, settings, tmp_path,
                                                                                   monkeypatch):
    """不予立案 is a finished case too; it has no 案号, so the command takes its UUID. The body has no seal: each
    document is flagged as unsigned (a warning, not a silent pass), as is the virus scanner not being configured.
    An existing non-empty directory is refused and left as it was; an empty one is used."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YZF_VIRUS_SCAN_COMMAND = ""
    run.open("2026-09-28 09:00", party=store_party(), reporter="匿名举报人")
    run.act("verify_source", "2026-09-28 15:00", findings="现场核查，未发现超过保质期的食品。", conclusion="not_file",
            officers=run.ids("chen", "lin"))
    run.act("not_file", "2026-09-29 09:00", user="head", reason="举报反映的违法事实不存在。")
    case = run.refresh()
    assert case.stage == "not_filed" and case.number is None

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("已有文件")
    with pytest.raises(CommandError, match="已存在且不为空"):
        call_command("export_archive", str(case.pk), str(busy), stdout=io.StringIO())
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]

    # a user who may not see the case may not export it
    with pytest.raises(CommandError, match="无权"):
        call_command("export_archive", str(case.pk), str(tmp_path / "x"), "--user", "other", stdout=io.StringIO())
    assert not (tmp_path / "x").exists()

    # a failure at the last step (the audit entry) leaves nothing: no package, no temporary directory, no parents
    def broken_audit(**kwargs):
        raise RuntimeError("审计写入失败")

    monkeypatch.setattr("yuezhifa.cases.archive.build.audit_record", broken_audit)
    with pytest.raises(RuntimeError, match="审计写入失败"):
        build_archive(case, tmp_path / "new" / "bag", actor=SYSTEM)
    assert not (tmp_path / "new").exists()
    monkeypatch.undo()

    empty = tmp_path / "empty"
    empty.mkdir()
    out = io.StringIO()
    call_command("export_archive", str(case.pk), str(empty), "--user", "head", stdout=out)
    assert "四性检测全部通过" in out.getvalue()
    assert bagit_validate(empty).returncode == 0
    report = check_archive(empty)
    assert report.ok and report.authenticity.status == "warn" and report.security.status == "warn"
    warnings = "\n".join(f.message for f in report.authenticity.warnings)
    assert "未加盖电子印章" in warnings and "不予立案审批表" in warnings
    assert "病毒扫描：未配置" in report.security.warnings[0].message
    info = (empty / "bag-info.txt").read_text("utf-8")
    assert f"External-Identifier: {case.pk}" in info
    entry = AuditEntry.objects.get(action="case.archive.export")
    assert entry.actor_repr.startswith("head姓名") and entry.after["ok"] is True


def test_file_checks():
    assert safe_name("送达回证（行政处罚决定书）/ 副本:1") == "送达回证（行政处罚决定书）_副本_1"
    assert safe_name("..") == "未命名"


@pytest.mark.parametrize(("content", "found"), [
    (b"#!/bin/sh\nrm -rf /\n", "脚本（以 #! 开头）"),
    (b"@echo off\r\ndel *.*\r\n", "脚本"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n",
     "PDF 含JavaScript 脚本"),
    (b"%PDF-1.7\n1 0 obj << /Type /Action /S /Launch /F (calc.exe) >> endobj\n", "PDF 含启动外部程序的动作"),
    (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01", "Mach-O 可执行程序"),
])
def test_executable_content_is_found_by_its_bytes(tmp_path, content, found):
    path = tmp_path / "item.bin"
    path.write_bytes(content)
    result = check_executable(path)
    assert result.level == "fail" and found in result.message


def test_pdf_javascript_is_found_through_the_parser(tmp_path):
    """A hex-escaped name (/J#61vaScript) in a well-formed PDF is found by walking the parsed objects."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    buffer = io.BytesIO()
    writer.write(buffer)
    incremental = IncrementalPdfFileWriter(io.BytesIO(buffer.getvalue()))
    action = generic.DictionaryObject({generic.NameObject("/S"): generic.NameObject("/JavaScript"),
                                       generic.NameObject("/JS"): generic.TextStringObject("app.alert(1)")})
    incremental.root[generic.NameObject("/OpenAction")] = incremental.add_object(action)
    incremental.update_root()
    out = io.BytesIO()
    incremental.write(out)
    escaped = out.getvalue().replace(b"/JavaScript", b"/J#61vaScript")
    assert b"/JavaScript" not in escaped
    path = tmp_path / "a.pdf"
    path.write_bytes(escaped)
    result = check_executable(path)
    assert result.level == "fail" and "JavaScript" in result.message
