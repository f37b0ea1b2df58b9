"""Every evidence file and issued document enters the evidence log (办法 第十五条第（五）项; DESIGN §7): a third party
holding the file gets an inclusion proof against a signed tree head."""

import hashlib

import pytest
from rest_framework.test import APIClient

from yuezhifa.audit.merkle import verify_evidence_log
from yuezhifa.audit.models import MerkleLeaf

from .. import services
from ..models import CaseDocument
from .test_guards import png

pytestmark = pytest.mark.django_db


def test_evidence_and_documents_are_logged_and_provable(run, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.VAR_DIR = tmp_path
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    photo = png()
    content = photo.read()
    photo.seek(0)
    run.act("collect_evidence", "2026-09-29 09:00", kind="physical", title="现场照片", officers=run.ids("chen", "lin"),
            attachments=[services.Attachment(photo)])
    document = CaseDocument.objects.get(case=run.case, doc_type="case_filing_approval")
    pdf = services.document_pdf(document)
    hashes = set(MerkleLeaf.objects.values_list("sha256", flat=True))
    assert {hashlib.sha256(content).hexdigest(), hashlib.sha256(pdf).hexdigest()} <= hashes
    proof = APIClient().get("/api/v1/evidence-log/proof/inclusion/", {"sha256": hashlib.sha256(content).hexdigest()})
    assert proof.status_code == 200, proof.content
    assert verify_evidence_log().ok
    missing = APIClient().get("/api/v1/evidence-log/proof/inclusion/", {"sha256": "0" * 64})
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/problem+json")
