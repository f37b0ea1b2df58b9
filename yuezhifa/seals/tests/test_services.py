"""Managing seals: the demo CA, body seals, production imports, keys encrypted at rest, and who may do what."""

import datetime

import pytest
from cryptography.hazmat.primitives import serialization

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.seals import crypto, services, verification
from yuezhifa.seals.models import Seal, SealAuthority, SealStatus
from yuezhifa.seals.tests.conftest import self_signed

pytestmark = pytest.mark.django_db


def test_demo_ca_is_created_once(demo_ca):
    assert demo_ca.can_issue
    with pytest.raises(Conflict):
        services.seal_create_demo_ca(actor=SYSTEM)


def test_private_keys_are_encrypted_at_rest(seal, demo_ca):
    for stored in (seal.encrypted_private_key, demo_ca.encrypted_private_key):
        assert stored.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        with pytest.raises(TypeError):  # needs the KEK
            serialization.load_pem_private_key(stored.encode(), password=None)
    key = crypto.decrypt_private_key(seal.encrypted_private_key, seal.kek_id)
    assert crypto.key_matches(key, crypto.load_certificate(seal.certificate_pem))


def test_another_kek_cannot_decrypt_and_says_so(seal, settings):
    settings.YZF_SEAL_KEK = "a-different-key-encryption-key"
    with pytest.raises(crypto.KeyUnavailable, match="YZF_SEAL_KEK"):
        crypto.decrypt_private_key(seal.encrypted_private_key, seal.kek_id)


def test_issuing_a_new_seal_replaces_the_old_one(seal, bureau):
    new = services.seal_issue_for_body(actor=SYSTEM, body=bureau)
    seal.refresh_from_db()
    assert seal.status == SealStatus.REPLACED and seal.replaced_by == new
    assert Seal.objects.filter(body=bureau, status=SealStatus.ACTIVE).get() == new
    assert AuditEntry.objects.filter(action="seals.seal.issue").count() == 2


def test_the_seal_certificate_names_the_body(seal, bureau):
    cert = crypto.load_certificate(seal.certificate_pem)
    assert crypto.common_name(cert.subject) == bureau.name
    assert bureau.credit_code in cert.subject.rfc4514_string()
    assert crypto.issued_by(cert, crypto.load_certificate(SealAuthority.objects.get().certificate_pem))
    assert bytes(seal.image_png).startswith(b"\x89PNG")


def test_only_province_admins_issue_seals(bureau, demo_ca, bureau_admin, officer):
    for actor in (bureau_admin, officer):
        with pytest.raises(NotAllowed):
            services.seal_issue_for_body(actor=actor, body=bureau)
    with pytest.raises(NotAllowed):
        services.seal_create_demo_ca(actor=bureau_admin)


def test_officer_may_not_revoke_a_seal(seal, officer):
    with pytest.raises(NotAllowed):
        services.seal_revoke(actor=officer, seal=seal, reason="试图注销")
    seal.refresh_from_db()
    assert seal.status == SealStatus.ACTIVE


def _production_root():
    """A provincial CA outside the platform: root certificate and an intermediate, keys kept by the CA."""
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    root_key, root = crypto.make_root(name="广东省电子政务根CA", organisation="广东省数字证书认证中心", not_before=now,
                                      years=10)
    return root_key, root, now


def test_production_import_with_chain_and_password(bureau, bureau_admin, penalty_pdf):
    root_key, root, now = _production_root()
    services.seal_authority_import(actor=SYSTEM, certificate_pem=crypto.pem(root))
    key, cert = crypto.make_seal_certificate(issuer_cert=root, issuer_key=root_key, body_name=bureau.name,
                                             credit_code=bureau.credit_code, not_before=now, years=2)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.BestAvailableEncryption(b"ukey-pin-123456"))
    seal = services.seal_import(actor=bureau_admin, body=bureau, certificate_pem=crypto.pem(cert),
                                chain=crypto.pem(root), private_key_pem=key_pem, password="ukey-pin-123456")
    assert seal.status == SealStatus.ACTIVE and seal.authority.kind == "imported"
    assert "ukey-pin-123456" not in seal.encrypted_private_key
    signed = services.sign_pdf(body=bureau, pdf_bytes=penalty_pdf, document_ref="prod-1")
    result = verification.verify_pdf(signed)
    assert result.ok and not result.primary.demo and result.primary.body_name == bureau.name


@pytest.mark.parametrize("problem", ["untrusted", "mismatch", "password", "ca_cert"])
def test_bad_imports_are_refused_and_leave_nothing(problem, bureau, bureau_admin):
    root_key, root, now = _production_root()
    services.seal_authority_import(actor=SYSTEM, certificate_pem=crypto.pem(root))
    key, cert = crypto.make_seal_certificate(issuer_cert=root, issuer_key=root_key, body_name=bureau.name,
                                             credit_code=bureau.credit_code, not_before=now, years=2)
    kwargs = {"certificate_pem": crypto.pem(cert), "chain": crypto.pem(root),
              "private_key_pem": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption())}
    if problem == "untrusted":
        other_key, other_cert = self_signed()
        kwargs.update(certificate_pem=crypto.pem(other_cert), chain=[],
                      private_key_pem=other_key.private_bytes(serialization.Encoding.PEM,
                                                              serialization.PrivateFormat.PKCS8,
                                                              serialization.NoEncryption()))
        message = "信任的印章根证书"
    elif problem == "mismatch":
        kwargs["private_key_pem"] = crypto.new_key().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        message = "不匹配"
    elif problem == "password":
        kwargs["password"] = "not-needed"
        message = "口令"
    else:
        kwargs.update(certificate_pem=crypto.pem(root), private_key_pem=root_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        message = "不能用于签章"
    with pytest.raises(DomainError, match=message):
        services.seal_import(actor=bureau_admin, body=bureau, **kwargs)
    assert not Seal.objects.exists()


def test_authority_import_requires_a_self_signed_ca(db):
    _key, cert = self_signed()
    with pytest.raises(DomainError, match="不是 CA 证书"):
        services.seal_authority_import(actor=SYSTEM, certificate_pem=crypto.pem(cert))


def test_seal_image_upload_must_be_png(bureau, demo_ca):
    with pytest.raises(DomainError, match="PNG"):
        services.seal_issue_for_body(actor=SYSTEM, body=bureau, image_png=b"GIF89a....")
    assert not Seal.objects.exists()


def test_demo_loader_seals_every_body_once(db):
    from yuezhifa.org import demo as org_demo
    from yuezhifa.org.models import EnforcementBody
    from yuezhifa.seals import demo

    org_demo.load()
    demo.load()
    bodies = EnforcementBody.objects.count()
    assert Seal.objects.filter(status=SealStatus.ACTIVE).count() == bodies
    demo.load()  # a second run changes nothing
    assert Seal.objects.count() == bodies and SealAuthority.objects.count() == 1
