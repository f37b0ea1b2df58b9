"""A supervisor reading a case's documents under an approved grant (办法 第三十七条) reads what the act issued: the
read is audited and writes nothing else; it never renders, seals or enters a document in the evidence log
(docs/decisions/0020)."""

import pytest
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry, MerkleLeaf
from yuezhifa.cases.models import CaseDocument
from yuezhifa.core.actors import SYSTEM
from yuezhifa.seals import services as seal_services
from yuezhifa.seals.models import SignedDocument

from ..access import grant_decide, grant_request
from .conftest import decided

pytestmark = pytest.mark.django_db


def test_a_supervisors_download_under_a_grant_writes_nothing_but_the_audited_read(run, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seal_services.seal_create_demo_ca(actor=SYSTEM)
    seal_services.seal_issue_for_body(actor=SYSTEM, body=run.world["body"])
    case = decided(run)
    grant = grant_request(actor=people["gz_sup"], case_id=case.pk, reason="2026年度行政执法案卷评查")
    grant_decide(actor=people["gz_head"], grant=grant, approve=True)
    document = CaseDocument.objects.get(case=case, doc_type="penalty_decision")
    issued = (document.pdf.name, document.pdf_sha256)
    counts = (SignedDocument.objects.count(), MerkleLeaf.objects.count(), CaseDocument.objects.count())
    last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()

    client = APIClient()
    client.force_authenticate(people["gz_sup"])
    response = client.get(f"/api/v1/cases/{case.pk}/documents/{document.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

    document.refresh_from_db()
    assert (document.pdf.name, document.pdf_sha256) == issued
    assert (SignedDocument.objects.count(), MerkleLeaf.objects.count(), CaseDocument.objects.count()) == counts
    assert set(AuditEntry.objects.filter(seq__gt=last_seq).values_list("action", flat=True)) <= {
        "supervision.access.read"}
    record = SignedDocument.objects.get(document_ref=str(document.pk))
    assert record.sha256 == document.pdf_sha256  # sealed by the deciding act, not by the reader
