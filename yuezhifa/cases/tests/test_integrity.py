"""The daily checks re-hash every stored evidence file and issued document against its recorded digest and report each
mismatch with its case (DESIGN §7; docs/decisions/0020)."""

import pytest
from django.core.management import CommandError, call_command

from yuezhifa.audit.models import AuditEntry

from .. import services
from ..integrity import verify_files
from ..models import CaseDocument, Evidence
from .test_guards import png

pytestmark = pytest.mark.django_db



@pytest.fixture
def stored(run, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    photo = png("现场照片.png")
    run.act("collect_evidence", "2026-09-29 09:00", kind="physical", title="现场照片", officers=run.ids("chen", "lin"),
            attachments=[services.Attachment(photo)])
    return run.refresh()


def test_intact_files_verify(stored, capsys):
    report = verify_files()
    assert report.ok and report.files == Evidence.objects.count() + CaseDocument.objects.count() >= 3
    call_command("verify_files")
    assert "OK" in capsys.readouterr().out


def test_a_swapped_evidence_file_is_found_with_its_case_number(stored, capsys):
    evidence = Evidence.objects.get(case=stored)
    with open(evidence.file.path, "r+b") as handle:  # someone with access to the disk swaps the bytes
        handle.seek(-1, 2)
        last = handle.read(1)
        handle.seek(-1, 2)
        handle.write(bytes([last[0] ^ 0xFF]))  # same size, one byte changed
    document = CaseDocument.objects.filter(case=stored).first()
    document.pdf.storage.delete(document.pdf.name)
    report = verify_files()
    problems = {(p.kind, p.problem, p.case_number) for p in report.problems}
    assert problems == {("evidence", "mismatch", stored.number), ("document", "missing", stored.number)}
    with pytest.raises(CommandError, match="发现 2 个问题"):
        call_command("verify_files")
    err = capsys.readouterr().err
    assert f"案件 {stored.number} 的证据“现场照片”" in err and evidence.sha256 in err and "文件不存在" in err


def test_the_daily_task_reports_a_swapped_file_in_the_audit_log(stored, settings, tmp_path, monkeypatch, caplog):
    from yuezhifa.audit.merkle import signing

    from ..tasks import daily_integrity_check

    monkeypatch.delenv(signing.KEY_ENV, raising=False)
    settings.VAR_DIR = tmp_path
    signing._key_for.cache_clear()
    assert daily_integrity_check.call_local() is True
    evidence = Evidence.objects.get(case=stored)
    with open(evidence.file.path, "ab") as handle:
        handle.write(b"\x00")
    assert daily_integrity_check.call_local() is False
    entry = AuditEntry.objects.filter(action="integrity.daily_check").last()
    assert not entry.after["ok"] and stored.number in entry.after["problems"][0]
    assert any(stored.number in r.getMessage() for r in caplog.records)
    signing._key_for.cache_clear()
