"""Issued case documents are PDFs sealed with the body's electronic seal (办法 第二十七条; DESIGN §7)."""

import datetime
import subprocess

import pytest
from django.utils import timezone

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.documents.tests.conftest import need_binary
from yuezhifa.seals import services as seal_services
from yuezhifa.seals.verification import verify_pdf

from .. import services
from ..models import Case, CaseDocument
from .test_penalty_procedures import PENALTIES, notify

pytestmark = pytest.mark.django_db


def test_the_decision_pdf_is_sealed_by_the_body_and_verifies(run, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seal_services.seal_create_demo_ca(actor=SYSTEM)
    seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-09-30 15:00", user="head", penalties=PENALTIES)
    document = CaseDocument.objects.get(case=run.case, doc_type="penalty_decision")
    pdf = services.document_pdf(document)
    assert services.document_pdf(document) == pdf  # kept, not re-signed
    result = verify_pdf(pdf)
    assert result.ok and "广州市天河区市场监督管理局" in result.message + str(result.primary)
    path = tmp_path / "decision.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([need_binary("pdfsig"), str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out


def test_a_body_without_a_seal_gets_an_unsealed_pdf(run, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run.open("2026-09-28 09:00")
    document = CaseDocument.objects.get(case=run.case)
    pdf = services.document_pdf(document)
    assert pdf[:4] == b"%PDF" and b"/ByteRange" not in pdf


# --- sealed when issued, by the act that issues them; never on a later read -------------------------------------------


def test_the_act_that_issues_a_document_seals_it_at_the_act_time(run, world, settings, tmp_path):
    """办法 第二十七条: the document is sealed by the act that issues it; its seal time is the issue time, whoever
    downloads it later and whenever."""
    import time_machine

    from yuezhifa.audit.models import MerkleLeaf
    from yuezhifa.seals.models import SignedDocument

    from ..models import Act
    from .conftest import at

    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(at("2026-09-30 15:00"), tick=False):
        seal_services.seal_create_demo_ca(actor=SYSTEM)
        seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])
        run.filed("2026-09-28 09:00", "2026-09-28 15:00")
        run.investigated("2026-09-29 09:00")
        run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
        notify(run, "2026-09-29 16:00", "2026-09-29")
        run.act("record_statement", "2026-09-30 09:00", waived=True)
        run.act("decide", "2026-09-30 15:00", user="head", penalties=PENALTIES)
    act = Act.objects.get(case=run.case, code="decide")
    document = CaseDocument.objects.get(case=run.case, doc_type="penalty_decision")
    assert document.pdf and document.pdf_sha256  # issued with the act, before anyone asked for it
    record = SignedDocument.objects.get(document_ref=str(document.pk))
    assert record.signed_at == act.performed_at == act.recorded_at
    assert record.sha256 == document.pdf_sha256
    assert MerkleLeaf.objects.filter(sha256=document.pdf_sha256, object_id=str(document.pk)).exists()
    pdf = services.document_pdf(document)
    result = verify_pdf(pdf)
    assert result.ok and timezone.localtime(result.primary.signed_at) == at("2026-09-30 15:00")


def test_when_sealing_fails_the_act_is_refused_and_nothing_is_written(run, world, settings, tmp_path):
    from yuezhifa.audit.models import AuditEntry
    from yuezhifa.seals.models import Seal

    settings.MEDIA_ROOT = tmp_path
    seal_services.seal_create_demo_ca(actor=SYSTEM)
    seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])
    Seal.objects.filter(body=world["body"]).update(valid_until=timezone.now() - datetime.timedelta(days=1))
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="到期"):
        run.open("2026-09-28 09:00")  # 案源登记 issues its register
    assert not Case.objects.exists() and not CaseDocument.objects.exists() and AuditEntry.objects.count() == before


def test_documents_recorded_before_issue_time_sealing_are_issued_once_by_the_command(run, world, settings, tmp_path,
                                                                                     capsys):
    """Upgrading: documents kept without a PDF are issued by ``yzf issue-documents``, sealed at the time it runs (never
    backdated), and are then read like any other; a read alone never issues them."""
    from django.core.management import call_command

    from yuezhifa.audit.models import AuditEntry, MerkleLeaf

    settings.MEDIA_ROOT = tmp_path
    run.open("2026-09-28 09:00")
    CaseDocument.objects.filter(case=run.case).update(pdf="", pdf_sha256="")
    document = CaseDocument.objects.get(case=run.case)
    with pytest.raises(DomainError, match="issue-documents"):
        services.document_pdf(document)
    call_command("issue_documents")
    assert "补出具 1 份" in capsys.readouterr().out
    document.refresh_from_db()
    assert services.document_pdf(document)[:4] == b"%PDF"
    assert MerkleLeaf.objects.filter(sha256=document.pdf_sha256, object_id=str(document.pk)).exists()
    assert AuditEntry.objects.filter(action="case.document.issue_late", object_id=str(document.pk)).count() == 1
    call_command("issue_documents")
    assert "补出具 0 份" in capsys.readouterr().out
