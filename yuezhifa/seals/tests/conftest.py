"""Fixtures for the seals: the demo CA, a body with its seal, and the sample 行政处罚决定书 rendered once per session
(WeasyPrint loads the CJK fonts once; the test database already holds the document library)."""

import datetime
import io

import pytest

from yuezhifa.core.actors import SYSTEM
from yuezhifa.documents.tests.conftest import need_binary, unavailable
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, UserFactory, division
from yuezhifa.seals import services


@pytest.fixture(scope="session")
def penalty_pdf(django_db_setup, django_db_blocker) -> bytes:
    """The sample 行政处罚决定书 as WeasyPrint renders it (unsigned)."""
    from yuezhifa.core.errors import DomainError
    from yuezhifa.documents.rendering import render_pdf
    from yuezhifa.documents.samples import sample_context

    with django_db_blocker.unblock():
        try:
            return render_pdf("penalty_decision", sample_context("penalty_decision"))
        except DomainError as exc:  # fonts or WeasyPrint missing
            unavailable(exc.message)


@pytest.fixture
def pdfsig():
    return need_binary("pdfsig")


@pytest.fixture
def bureau(db):
    tianhe = division("440106", "天河区", division("4401", "广州市", division("44", "广东省")))
    return BodyFactory(name="广州市天河区市场监督管理局", division=tianhe)


@pytest.fixture
def demo_ca(db):
    return services.seal_create_demo_ca(actor=SYSTEM)


@pytest.fixture
def seal(demo_ca, bureau):
    return services.seal_issue_for_body(actor=SYSTEM, body=bureau)


@pytest.fixture
def sealed(seal, bureau, penalty_pdf) -> bytes:
    return services.sign_pdf(body=bureau, pdf_bytes=penalty_pdf, reason="行政处罚决定", location="广州市天河区",
                             document_ref="0f3c2a8e-1111-4a4a-9b9b-000000000001", document_number="穗天市监罚〔2026〕12号",
                             title="行政处罚决定书")


@pytest.fixture
def bureau_admin(bureau):
    return UserFactory(username="th_admin", body=bureau, roles=[(Role.ADMIN, Scope.BODY)])


@pytest.fixture
def officer(bureau):
    return UserFactory(username="th_officer", body=bureau, roles=[(Role.OFFICER, Scope.OWN)])


def self_signed(common_name: str = "广州市天河区市场监督管理局"):
    """A certificate and key nobody on this platform issued, for 'foreign' signatures."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def sign_with(pdf: bytes, key, cert, chain=()) -> bytes:
    """Sign with pyHanko directly, outside the platform."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from yuezhifa.seals import crypto

    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(crypto.der(cert)),
        signing_key=asn1_keys.PrivateKeyInfo.load(crypto.to_der_pkcs8(key)),
        cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(crypto.der(c)) for c in chain]))
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
                     signers.PdfSignatureMetadata(field_name="Foreign", md_algorithm="sha256"), signer=signer,
                     output=out)
    return out.getvalue()
