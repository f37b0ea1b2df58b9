"""Verifying a PDF: intact, which body, when, ours or not, later revoked or replaced — and clear Chinese errors for what
cannot be verified at all."""

import pytest

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.seals import services, verification
from yuezhifa.seals.tests.conftest import self_signed, sign_with
from yuezhifa.seals.verification import VerificationError

pytestmark = pytest.mark.django_db
REF = "0f3c2a8e-1111-4a4a-9b9b-000000000001"


def test_sealed_document_verifies_with_body_and_time(sealed, bureau):
    result = verification.verify_pdf(sealed)
    assert result.ok and result.verdict == "valid" and result.intact
    sig = result.primary
    assert sig.body_name == bureau.name and sig.body_credit_code == bureau.credit_code
    assert sig.trusted and sig.recorded and sig.demo
    assert sig.document_number == "穗天市监罚〔2026〕12号"
    assert sig.signed_at is not None
    assert result.message.startswith("文件完好：行政处罚决定书（穗天市监罚〔2026〕12号）由广州市天河区市场监督管理局于")
    assert any("演示" in note for note in sig.notes)


def test_unsigned_pdf_gives_a_clear_chinese_error(penalty_pdf):
    with pytest.raises(VerificationError) as exc:
        verification.verify_pdf(penalty_pdf)
    assert exc.value.code == "unsigned"
    assert "没有电子签章" in exc.value.message


@pytest.mark.parametrize(("content", "code", "text"), [
    (b"", "empty", "空的"),
    (b"PK\x03\x04 a zip file", "not_pdf", "不是 PDF"),
    (b"%PDF-1.7\n garbage without structure", "unreadable", "无法读取"),
])
def test_files_that_are_not_pdfs_are_refused(content, code, text, db):
    with pytest.raises(VerificationError) as exc:
        verification.verify_pdf(content)
    assert exc.value.code == code and text in exc.value.message


def test_too_large_file_is_refused(monkeypatch, db):
    monkeypatch.setattr(verification, "MAX_BYTES", 10)
    with pytest.raises(VerificationError) as exc:
        verification.verify_pdf(b"%PDF-1.7\n" + b"0" * 20)
    assert exc.value.code == "too_large" and exc.value.status_code == 413


def test_pdf_signed_with_a_foreign_self_signed_certificate_is_not_ours(penalty_pdf, demo_ca):
    key, cert = self_signed()
    foreign = sign_with(penalty_pdf, key, cert)
    result = verification.verify_pdf(foreign)
    assert result.verdict == "foreign" and not result.ok
    assert "不是本平台签发" in result.message
    assert result.primary.intact and not result.primary.trusted and result.primary.body_name == ""


def test_certificate_of_another_ca_with_our_body_name_is_not_ours(penalty_pdf, demo_ca, bureau):
    """A look-alike CA issuing a certificate in the bureau's name is still foreign."""
    from yuezhifa.seals import crypto

    ca_key, ca_cert = crypto.make_root(name="粤执法电子印章根证书（演示）", organisation="仿冒", not_before=demo_ca.valid_from,
                                       years=1)
    key, cert = crypto.make_seal_certificate(issuer_cert=ca_cert, issuer_key=ca_key, body_name=bureau.name,
                                             credit_code=bureau.credit_code, not_before=demo_ca.valid_from, years=1)
    result = verification.verify_pdf(sign_with(penalty_pdf, key, cert, chain=[ca_cert]))
    assert result.verdict == "foreign"


def test_revoked_document_is_reported_with_reason(sealed, bureau_admin):
    """处罚法 第七十五条: a decision withdrawn on review; the sealed copy is intact but no longer in force."""
    services.signed_document_revoke(actor=bureau_admin, document_ref=REF, reason="经行政复议决定撤销。")
    result = verification.verify_pdf(sealed)
    assert result.verdict == "revoked" and not result.ok and result.intact
    assert "被撤销" in result.message and "经行政复议决定撤销" in result.message


def test_replaced_document_names_its_replacement(sealed, bureau, penalty_pdf):
    services.sign_pdf(body=bureau, pdf_bytes=penalty_pdf, document_ref="new-ref", document_number="穗天市监罚〔2026〕15号",
                      title="行政处罚决定书", replaces=REF)
    result = verification.verify_pdf(sealed)
    assert result.verdict == "replaced" and not result.ok
    assert "穗天市监罚〔2026〕15号" in result.message
    assert result.primary.replaced_by_number == "穗天市监罚〔2026〕15号"


def test_replace_by_reference(sealed, bureau_admin):
    count = services.signed_document_replace(actor=bureau_admin, document_ref=REF, replaced_by_ref="other",
                                             replaced_by_number="穗天市监罚〔2026〕16号", reason="更正文号后重新制作。")
    assert count == 1
    assert verification.verify_pdf(sealed).verdict == "replaced"


def test_officer_may_not_revoke_a_document(sealed, officer):
    with pytest.raises(NotAllowed):
        services.signed_document_revoke(actor=officer, document_ref=REF, reason="无权")
    assert verification.verify_pdf(sealed).ok


def test_revoking_needs_a_reason(sealed):
    with pytest.raises(DomainError, match="撤销理由"):
        services.signed_document_revoke(actor=SYSTEM, document_ref=REF, reason="  ")


def test_seal_revoked_after_signing_is_noted_and_stops_signing(sealed, seal, bureau, bureau_admin, penalty_pdf):
    services.seal_revoke(actor=bureau_admin, seal=seal, reason="私钥所在设备遗失")
    result = verification.verify_pdf(sealed)
    assert result.ok  # sealed before the revocation
    assert any("已于" in note and "注销" in note for note in result.primary.notes)
    with pytest.raises(DomainError, match="尚无有效的电子印章"):
        services.sign_pdf(body=bureau, pdf_bytes=penalty_pdf, document_ref="later")


def test_document_sealed_with_a_replaced_seal_stays_valid(sealed, seal, bureau):
    new = services.seal_issue_for_body(actor=SYSTEM, body=bureau)
    seal.refresh_from_db()
    assert seal.status == "replaced" and seal.replaced_by == new
    result = verification.verify_pdf(sealed)
    assert result.ok and any("更换" in note for note in result.primary.notes)


def test_withdrawn_root_makes_its_documents_foreign(sealed, demo_ca):
    from yuezhifa.seals.models import AuthorityStatus, SealAuthority

    SealAuthority.objects.filter(pk=demo_ca.pk).update(status=AuthorityStatus.WITHDRAWN)
    assert verification.verify_pdf(sealed).verdict == "foreign"


def test_certificate_path_is_checked_at_the_recorded_signing_time(demo_ca, bureau, penalty_pdf):
    """A document sealed while the certificate was in force still verifies after the certificate has expired: the
    platform's own record of the sealing fixes the time."""
    import datetime
    import hashlib
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    from yuezhifa.seals import crypto
    from yuezhifa.seals.image import draw_seal
    from yuezhifa.seals.models import Seal, SignedDocument

    now = datetime.datetime.now(datetime.UTC)
    issuer_key = crypto.decrypt_private_key(demo_ca.encrypted_private_key, demo_ca.kek_id)
    key, cert = crypto.make_seal_certificate(issuer_cert=crypto.load_certificate(demo_ca.certificate_pem),
                                             issuer_key=issuer_key, body_name=bureau.name,
                                             credit_code=bureau.credit_code, not_before=now - datetime.timedelta(days=30),
                                             years=0)  # not_after == not_before: long expired
    cert_pem = crypto.pem(cert)
    seal = Seal.objects.create(body=bureau, authority=demo_ca, image_png=draw_seal(bureau.name), certificate_pem=cert_pem,
                               chain_pem=demo_ca.certificate_pem, fingerprint=crypto.fingerprint(cert),
                               serial_number="1", subject="x", encrypted_private_key=crypto.encrypt_private_key(key),
                               kek_id=crypto.kek_id(), valid_from=cert.not_valid_before_utc,
                               valid_until=cert.not_valid_after_utc)
    signed = services._sign_bytes(seal, penalty_pdf, reason="", location="")
    # unknown to the platform: checked now, the certificate has expired
    assert verification.verify_pdf(signed).verdict == "foreign"
    embedded = PdfFileReader(io.BytesIO(signed), strict=False).embedded_signatures[0]
    SignedDocument.objects.create(body=bureau, seal=seal, document_ref="old", sha256=hashlib.sha256(signed).hexdigest(),
                                  signature_sha256=services.signature_fingerprint(embedded),
                                  signed_at=cert.not_valid_before_utc)
    result = verification.verify_pdf(signed)
    assert result.verdict == "valid", result.message
