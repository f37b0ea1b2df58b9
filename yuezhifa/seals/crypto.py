"""Keys and certificates of the seals (``cryptography``).

Private keys are kept only as encrypted PKCS#8 (PBES2, AES-256-CBC) under a key-encryption key (KEK): the environment
variable ``YZF_SEAL_KEK`` (setting of the same name; production must set it: a long random secret kept outside the
database and its backups, and settings refuse to start without it), otherwise, outside production only, a key
derived from Django's ``SECRET_KEY`` with HKDF-SHA256. A decrypted key lives only in memory, inside
``services.sign_pdf``; no interface returns it in any form.
"""

import datetime
import hashlib
import uuid

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID
from django.conf import settings

from yuezhifa.core.errors import DomainError

KEK_ENV = "YZF_SEAL_KEK"
ROOT_KEY_BITS = 3072
SEAL_KEY_BITS = 2048
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


class KeyUnavailable(DomainError):
    code = "seal_key_unavailable"
    title = "印章私钥不可用"


# --- the key-encryption key ------------------------------------------------------------------------------------


def _kek_secret() -> bytes:
    value = (getattr(settings, KEK_ENV, "") or "").strip()
    if value:
        return value.encode()
    return f"secret-key:{settings.SECRET_KEY}".encode()


def _derive(info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"yuezhifa.seals", info=info).derive(_kek_secret())


def kek() -> bytes:
    """The passphrase the private keys are encrypted under (32 bytes, hex-encoded for PKCS#8)."""
    return _derive(b"private-key-encryption").hex().encode()


def kek_id() -> str:
    """A fingerprint of the KEK stored beside each key: a key encrypted under another KEK is reported as such,
    not as a corrupt key."""
    return _derive(b"key-id").hex()[:16]


def encrypt_private_key(key: PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(kek())).decode("ascii")


def decrypt_private_key(encrypted_pem: str, stored_kek_id: str) -> PrivateKey:
    if stored_kek_id and stored_kek_id != kek_id():
        raise KeyUnavailable(
            f"印章私钥是用另一个密钥加密密钥加密的，无法解密。请确认环境变量 {KEK_ENV}（未设置时为 YZF_SECRET_KEY）"
            "与制发或导入印章时相同。")
    try:
        return serialization.load_pem_private_key(encrypted_pem.encode("ascii"), password=kek())
    except (ValueError, TypeError):
        raise KeyUnavailable("印章私钥无法解密或已损坏，请重新导入或制发印章。") from None


# --- parsing input -----------------------------------------------------------------------------------------------


def load_certificate(pem: str | bytes, *, field: str = "certificate_pem") -> x509.Certificate:
    data = pem.encode("ascii", "ignore") if isinstance(pem, str) else pem
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise DomainError("无法读取证书：应为 PEM 或 DER 格式的 X.509 证书。", field=field) from None


def load_certificates(pems: str | bytes | list, *, field: str = "chain") -> list[x509.Certificate]:
    """A chain given as one PEM bundle or a list of PEM strings."""
    if isinstance(pems, list | tuple):
        return [load_certificate(p, field=field) for p in pems if p]
    data = pems.encode("ascii", "ignore") if isinstance(pems, str) else (pems or b"")
    if not data.strip():
        return []
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError:
        raise DomainError("无法读取证书链：应为一个或多个 PEM 格式的 X.509 证书。", field=field) from None


def load_private_key(pem: str | bytes, password: str | bytes | None) -> PrivateKey:
    data = pem.encode("ascii", "ignore") if isinstance(pem, str) else pem
    pw = password.encode() if isinstance(password, str) else password
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_private_key(data, password=pw or None)
        else:
            key = serialization.load_der_private_key(data, password=pw or None)
    except TypeError:
        raise DomainError("私钥已加密，请提供私钥口令；或私钥未加密却提供了口令。", field="password") from None
    except ValueError:
        raise DomainError("无法读取私钥：格式不正确或口令错误。", field="private_key_pem") from None
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise DomainError("只支持 RSA 或 ECDSA 私钥。", field="private_key_pem")
    return key


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def der_fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def key_matches(key: PrivateKey, cert: x509.Certificate) -> bool:
    mine = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    theirs = cert.public_key().public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    return mine == theirs


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """``cert`` carries ``issuer``'s signature (names match and the signature verifies)."""
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


# --- making certificates (the demo's provincial CA) ---------------------------------------------------------------


def new_key(bits: int = SEAL_KEY_BITS) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _name(common: str, organisation: str, organisation_id: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "广东省"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if organisation_id:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, organisation_id))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(attributes)


def make_root(*, name: str, organisation: str, not_before: datetime.datetime, years: int) -> tuple:
    key = new_key(ROOT_KEY_BITS)
    subject = _name(name, organisation)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_before + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_seal_certificate(*, issuer_cert: x509.Certificate, issuer_key: PrivateKey, body_name: str,
                          credit_code: str, not_before: datetime.datetime, years: int) -> tuple:
    key = new_key(SEAL_KEY_BITS)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(body_name, body_name, f"USCCN-{credit_code}" if credit_code else ""))
        .issuer_name(issuer_cert.subject).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_before + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_cert.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    return key, cert


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def can_sign_documents(cert: x509.Certificate) -> bool:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.digital_signature or usage.content_commitment)


def self_test(key: PrivateKey) -> None:
    """Sign and verify a nonce: a key that cannot sign is refused at import, not at the first document."""
    nonce = uuid.uuid4().bytes
    if isinstance(key, rsa.RSAPrivateKey):
        key.public_key().verify(key.sign(nonce, padding.PKCS1v15(), hashes.SHA256()), nonce, padding.PKCS1v15(),
                                hashes.SHA256())
    else:
        key.public_key().verify(key.sign(nonce, ec.ECDSA(hashes.SHA256())), nonce, ec.ECDSA(hashes.SHA256()))


def to_der_pkcs8(key: PrivateKey) -> bytes:
    """Unencrypted PKCS#8 DER, in memory only, for handing the key to pyHanko's signer."""
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
