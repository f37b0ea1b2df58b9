"""Issued case documents are PDFs sealed with the body's electronic seal (办法 第二十七条; DESIGN §7)."""

import subprocess

import pytest

from yuezhifa.core.actors import SYSTEM
from yuezhifa.documents.tests.conftest import need_binary
from yuezhifa.seals import services as seal_services
from yuezhifa.seals.verification import verify_pdf

from .. import services
from ..models import CaseDocument
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
    pdf = services.render_document(actor=world["users"]["head"], document=document)
    assert services.render_document(actor=world["users"]["head"], document=document) == pdf  # kept, not re-signed
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
    pdf = services.render_document(actor=world["users"]["chen"], document=document)
    assert pdf[:4] == b"%PDF" and b"/ByteRange" not in pdf
