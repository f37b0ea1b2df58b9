"""Every write to the seals: one function per act, transactional, permission-checked, audited (DESIGN §5.1).

    seal_create_demo_ca(actor=SYSTEM)                       the demo's provincial root CA (key kept, encrypted)
    seal_authority_import(actor=..., certificate_pem=...)   production: trust a real root (no key)
    seal_issue_for_body(actor=..., body=...)                demo: a body certificate from the demo CA, and its seal
    seal_import(actor=..., body=..., certificate_pem=..., chain=..., private_key_pem=..., password=..., image=...)
    seal_revoke(actor=..., seal=..., reason=...)
    sign_pdf(body=..., pdf_bytes=..., reason=..., location=..., document_ref=...) -> signed PDF bytes
    signed_document_revoke(actor=..., document_ref=..., reason=...)
    signed_document_replace(actor=..., document_ref=..., replaced_by_ref=..., reason=...)

Audit entries name the seal or the sealing record and never carry key material.
"""

import asyncio
import dataclasses
import datetime
import hashlib
import io

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from django.db import IntegrityError, transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import Conflict, DomainError

from . import crypto, image, placement
from .models import (
    AuthorityKind,
    AuthorityStatus,
    Seal,
    SealAuthority,
    SealStatus,
    SignedDocument,
    SignedStatus,
)
from .permissions import require_body_admin, require_province_admin

DEMO_CA_NAME = "粤执法电子印章根证书（演示）"
DEMO_CA_ORGANISATION = "广东省一体化行政执法平台（演示）"
DEMO_CA_YEARS = 20
DEMO_SEAL_YEARS = 5
SIGNATURE_FIELD = "YZF-Seal"


def _not_before() -> datetime.datetime:
    # a minute back, so a verifier whose clock is slightly behind still sees the certificate in force
    return timezone.now().astimezone(datetime.UTC).replace(microsecond=0) - datetime.timedelta(minutes=1)


# --- trusted roots ------------------------------------------------------------------------------------------------


@transaction.atomic
def seal_create_demo_ca(*, actor=SYSTEM, name: str = DEMO_CA_NAME,
                        not_before: datetime.datetime | None = None) -> SealAuthority:
    """The demo's provincial root CA. Its key is kept (encrypted) because the demo issues body certificates from it;
    a real deployment imports the province's roots with ``seal_authority_import`` instead. ``not_before``: the start
    of its validity (default a minute ago; the demo's cases tell acts from earlier in the year, sealed when done)."""
    require_province_admin(actor)
    if SealAuthority.objects.filter(kind=AuthorityKind.DEMO, status=AuthorityStatus.ACTIVE).exists():
        raise Conflict("已有一个有效的演示根证书，不能重复创建。")
    key, cert = crypto.make_root(name=name, organisation=DEMO_CA_ORGANISATION, not_before=not_before or _not_before(),
                                 years=DEMO_CA_YEARS)
    authority = SealAuthority.objects.create(
        name=name, kind=AuthorityKind.DEMO, certificate_pem=crypto.pem(cert), fingerprint=crypto.fingerprint(cert),
        encrypted_private_key=crypto.encrypt_private_key(key), kek_id=crypto.kek_id(),
        valid_from=cert.not_valid_before_utc, valid_until=cert.not_valid_after_utc)
    audit_record(actor=actor, action="seals.authority.create_demo", obj=authority,
                 after={"fingerprint": authority.fingerprint, "name": name})
    return authority


@transaction.atomic
def seal_authority_import(*, actor, certificate_pem: str, name: str = "") -> SealAuthority:
    """Trust a root certificate (production). Only the certificate: the platform never holds a real CA's key."""
    require_province_admin(actor)
    cert = crypto.load_certificate(certificate_pem)
    if not crypto.is_ca(cert):
        raise DomainError("该证书不是 CA 证书（BasicConstraints 未标明 CA），不能作为印章根证书。", field="certificate_pem")
    if not crypto.issued_by(cert, cert):
        raise DomainError("该证书不是自签名的根证书。请导入证书链顶端的根证书。", field="certificate_pem")
    fingerprint = crypto.fingerprint(cert)
    if SealAuthority.objects.filter(fingerprint=fingerprint).exists():
        raise Conflict("该根证书已导入。", field="certificate_pem")
    authority = SealAuthority.objects.create(
        name=name or crypto.common_name(cert.subject), kind=AuthorityKind.IMPORTED,
        certificate_pem=crypto.pem(cert), fingerprint=fingerprint,
        valid_from=cert.not_valid_before_utc, valid_until=cert.not_valid_after_utc)
    audit_record(actor=actor, action="seals.authority.import", obj=authority, after={"fingerprint": fingerprint})
    return authority


def trusted_roots() -> list[SealAuthority]:
    return list(SealAuthority.objects.filter(status=AuthorityStatus.ACTIVE).defer("encrypted_private_key"))


# --- seals --------------------------------------------------------------------------------------------------------


def _replace_active(actor, body, new: Seal) -> None:
    """The body's previous active seal, if any, becomes 已更换 pointing at ``new``."""
    old = Seal.objects.select_for_update().filter(body=body, status=SealStatus.ACTIVE).exclude(pk=new.pk).first()
    if old is None:
        return
    old.status = SealStatus.REPLACED
    old.status_reason = "制发或导入新印章，原印章停止使用。"
    old.status_changed_at = timezone.now()
    old.replaced_by = new
    old.save(update_fields=["status", "status_reason", "status_changed_at", "replaced_by", "updated_at"])
    audit_record(actor=actor, action="seals.seal.replace", obj=old, after={"replaced_by": str(new.pk)})


def _create_seal(actor, *, body, authority, cert, chain, key, image_png: bytes, action: str) -> Seal:
    now = timezone.now()
    seal = Seal(
        body=body, authority=authority, image_png=image_png, certificate_pem=crypto.pem(cert),
        chain_pem="".join(crypto.pem(c) for c in chain), fingerprint=crypto.fingerprint(cert),
        serial_number=format(cert.serial_number, "x"), subject=cert.subject.rfc4514_string()[:500],
        encrypted_private_key=crypto.encrypt_private_key(key), kek_id=crypto.kek_id(),
        valid_from=cert.not_valid_before_utc, valid_until=cert.not_valid_after_utc, status=SealStatus.REPLACED,
        status_changed_at=now)
    # Saved as 已更换 first, then activated once the old seal has stepped down: the one-active-seal constraint holds
    # at every statement, on SQLite as on PostgreSQL.
    try:
        with transaction.atomic():
            seal.save(force_insert=True)
    except IntegrityError:
        raise Conflict("该证书已被用作另一枚电子印章。", field="certificate_pem") from None
    _replace_active(actor, body, seal)
    seal.status, seal.status_changed_at = SealStatus.ACTIVE, None
    seal.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_record(actor=actor, action=action, obj=seal,
                 after={"body": str(body.pk), "fingerprint": seal.fingerprint, "serial_number": seal.serial_number,
                        "valid_until": seal.valid_until.isoformat()})
    return seal


def _demo_authority() -> SealAuthority:
    authority = SealAuthority.objects.filter(kind=AuthorityKind.DEMO, status=AuthorityStatus.ACTIVE).first()
    if authority is None or not authority.can_issue:
        raise DomainError("尚未创建演示根证书，无法制发印章证书。请先运行 yzf demo 或 seal_create_demo_ca。",
                          code="seal_authority_missing")
    return authority


@transaction.atomic
def seal_issue_for_body(*, actor, body, image_png: bytes | None = None, authority: SealAuthority | None = None,
                        years: int = DEMO_SEAL_YEARS, not_before: datetime.datetime | None = None) -> Seal:
    """Demo: a new key and certificate for ``body`` from the demo CA, and its seal (the body's previous seal, if any,
    becomes 已更换). ``not_before`` as for ``seal_create_demo_ca``."""
    require_province_admin(actor)
    authority = authority or _demo_authority()
    if not authority.can_issue:
        raise DomainError(f"根证书“{authority.name}”没有私钥，不能制发证书。", field="authority")
    issuer_cert = crypto.load_certificate(authority.certificate_pem)
    issuer_key = crypto.decrypt_private_key(authority.encrypted_private_key, authority.kek_id)
    key, cert = crypto.make_seal_certificate(issuer_cert=issuer_cert, issuer_key=issuer_key, body_name=body.name,
                                             credit_code=body.credit_code, not_before=not_before or _not_before(),
                                             years=years)
    png = image.check_image(image_png) if image_png else image.draw_seal(body.name)
    return _create_seal(actor, body=body, authority=authority, cert=cert, chain=[issuer_cert], key=key,
                        image_png=png, action="seals.seal.issue")


def _chain_to_root(cert, chain: list) -> tuple[SealAuthority, list]:
    """Walk from ``cert`` through ``chain`` to a trusted root; returns the root and the path above ``cert``."""
    roots = {a.fingerprint: (a, crypto.load_certificate(a.certificate_pem)) for a in trusted_roots()}
    pool = list(chain) + [root for _a, root in roots.values()]
    path, current = [], cert
    for _ in range(8):
        for authority, root in roots.values():
            if crypto.issued_by(current, root):
                return authority, [*path, root]
        parent = next((c for c in pool if c not in path and c != current and crypto.is_ca(c)
                       and crypto.issued_by(current, c)), None)
        if parent is None:
            break
        path.append(parent)
        current = parent
    raise DomainError("证书链无法连到本平台信任的印章根证书。请提供完整的中间证书，并先由全省系统管理员导入根证书。",
                      field="chain")


@transaction.atomic
def seal_import(*, actor, body, certificate_pem: str, chain=None, private_key_pem: str | bytes,
                password: str | bytes | None = None, image: bytes | None = None) -> Seal:
    """Production: the body's real signing certificate, its chain and its private key (encrypted here under the
    KEK, the given password discarded). The certificate must chain to a trusted root, be in force, allow signing and
    match the key."""
    require_body_admin(actor, body)
    cert = crypto.load_certificate(certificate_pem)
    chain_certs = crypto.load_certificates(chain or [])
    key = crypto.load_private_key(private_key_pem, password)
    if not crypto.key_matches(key, cert):
        raise DomainError("私钥与证书不匹配。", field="private_key_pem")
    try:
        crypto.self_test(key)
    except Exception:
        raise DomainError("私钥无法完成签名自检。", field="private_key_pem") from None
    now = timezone.now()
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise DomainError(
            f"证书不在有效期内（{cert.not_valid_before_utc:%Y-%m-%d} 至 {cert.not_valid_after_utc:%Y-%m-%d}）。",
            field="certificate_pem")
    if crypto.is_ca(cert) or not crypto.can_sign_documents(cert):
        raise DomainError("该证书不能用于签章：应为不具 CA 权限、密钥用法含数字签名或不可否认的证书。",
                          field="certificate_pem")
    authority, path = _chain_to_root(cert, chain_certs)
    png = _image_module().check_image(image) if image else _image_module().draw_seal(body.name)
    return _create_seal(actor, body=body, authority=authority, cert=cert, chain=path, key=key, image_png=png,
                        action="seals.seal.import")


def _image_module():
    # ``seal_import`` has a parameter named ``image`` (the brief's signature); the module is reached through here.
    return image


@transaction.atomic
def seal_revoke(*, actor, seal: Seal, reason: str) -> Seal:
    """Stop using a seal (lost key, dissolved body, wrong certificate). Documents already sealed keep their record; the
    verifier reports the revocation beside them."""
    require_body_admin(actor, seal.body)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写注销理由。", field="reason")
    seal = Seal.objects.select_for_update().get(pk=seal.pk)
    if seal.status == SealStatus.REVOKED:
        raise Conflict("该印章已经注销。")
    before = {"status": seal.status}
    seal.status, seal.status_reason, seal.status_changed_at = SealStatus.REVOKED, reason[:300], timezone.now()
    seal.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    audit_record(actor=actor, action="seals.seal.revoke", obj=seal, before=before,
                 after={"status": seal.status, "reason": seal.status_reason})
    return seal


def active_seal(body) -> Seal | None:
    return Seal.objects.filter(body=body, status=SealStatus.ACTIVE).select_related("body").first()


# --- signing ------------------------------------------------------------------------------------------------------


def _signer(seal: Seal):
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = crypto.decrypt_private_key(seal.encrypted_private_key, seal.kek_id)
    signing_cert = asn1_x509.Certificate.load(crypto.der(crypto.load_certificate(seal.certificate_pem)))
    chain = [asn1_x509.Certificate.load(crypto.der(c)) for c in crypto.load_certificates(seal.chain_pem)]
    return signers.SimpleSigner(signing_cert=signing_cert,
                                signing_key=asn1_keys.PrivateKeyInfo.load(crypto.to_der_pkcs8(key)),
                                cert_registry=SimpleCertificateStore.from_certs(chain))


def _pdf_signer(meta, *, signer, stamp_style, new_field_spec, signing_time: datetime.datetime):
    """pyHanko's PdfSigner with the signing time given rather than read from the clock: the time written in the
    signature (CMS signingTime and /M) is the issue time the platform records (docs/decisions/0020)."""
    from pyhanko.sign import signers

    class DatedPdfSigner(signers.PdfSigner):
        def init_signing_session(self, *args, **kwargs):
            session = super().init_signing_session(*args, **kwargs)
            session.system_time = signing_time
            return session

    return DatedPdfSigner(meta, signer=signer, stamp_style=stamp_style, new_field_spec=new_field_spec)


def _sign_bytes(seal: Seal, pdf_bytes: bytes, *, reason: str, location: str,
                signing_time: datetime.datetime | None = None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        already_signed = bool(writer.prev.embedded_signatures)
    except Exception:
        raise DomainError("待签章的文件不是有效的 PDF。", field="pdf_bytes", code="not_pdf") from None
    if already_signed:
        raise DomainError("该 PDF 已经签章，不能重复签章。", field="pdf_bytes", code="already_signed")
    reader = writer.prev
    area = placement.find_seal_area(reader)
    if area is not None:
        placement.remove_outline(writer, area)
        field_spec = fields.SigFieldSpec(SIGNATURE_FIELD, on_page=area.page_index, box=area.box)
        stamp_style = placement.stamp_style(bytes(seal.image_png))
    else:  # no reserved area: an invisible signature
        field_spec = fields.SigFieldSpec(SIGNATURE_FIELD, on_page=placement.page_count(reader) - 1, box=None)
        stamp_style = None
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
        reason=reason or None, location=location or None, name=seal.body.name)
    pdf_signer = _pdf_signer(meta, signer=_signer(seal), stamp_style=stamp_style, new_field_spec=field_spec,
                             signing_time=signing_time or timezone.now())
    output = io.BytesIO()
    coroutine = pdf_signer.async_sign_pdf(writer, output=output)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
    else:  # called from async code (an ASGI worker, a test driving a browser): sign in a thread of its own
        import concurrent.futures

        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, coroutine).result()
    return output.getvalue()


def signature_fingerprint(embedded_signature) -> str:
    """SHA-256 of the signature's /Contents: identifies one sealing even after later incremental updates."""
    return hashlib.sha256(embedded_signature.pkcs7_content).hexdigest()


def sign_pdf(*, body, pdf_bytes: bytes, reason: str = "", location: str = "", document_ref: str,
             document_number: str = "", title: str = "", actor=SYSTEM, replaces: str = "",
             signed_at: datetime.datetime | None = None) -> bytes:
    """Seal ``pdf_bytes`` with ``body``'s active seal (PAdES B-B, signing time in the signature dictionary; no
    timestamp authority is reachable) and record the sealing. Returns the signed PDF; the caller stores it.

    ``signed_at`` is the signing time written and recorded (default: now). The case engine passes the time of the
    act that issues the document, within the act's own transaction (docs/decisions/0020); it is never later than now.

    Permission is the caller's: the case engine seals the documents its acts produce, for the act's body. ``replaces``
    names the ``document_ref`` of a document this one supersedes (a corrected decision); that earlier record is marked
    replaced in the same transaction.
    """
    item = SealRequest(pdf_bytes=pdf_bytes, document_ref=document_ref, reason=reason, location=location,
                       document_number=document_number, title=title, replaces=replaces)
    return sign_pdfs(body=body, items=[item], actor=actor, signed_at=signed_at)[0]


@dataclasses.dataclass(frozen=True)
class SealRequest:
    """One PDF to seal, and what its sealing record says about it."""

    pdf_bytes: bytes
    document_ref: str
    reason: str = ""
    location: str = ""
    document_number: str = ""
    title: str = ""
    replaces: str = ""


def sign_pdfs(*, body, items: list[SealRequest], actor=SYSTEM, signed_at: datetime.datetime | None = None) -> list[bytes]:
    """``sign_pdf`` for several PDFs of one body at one time: all the signing first, which takes no lock, then all
    the records and their audit entries in one short transaction (the audit log's head row is locked until the
    caller's transaction ends, so it must not be held across the slow part)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    seal = active_seal(body)
    if seal is None:
        raise DomainError(f"“{body}”尚无有效的电子印章，无法签章。请系统管理员为其制发或导入电子印章。",
                          code="seal_missing")
    now = timezone.now()
    when = now if signed_at is None else min(signed_at, now)
    if not seal.valid_from <= when <= seal.valid_until:
        raise DomainError(f"“{body}”的电子印章证书已于 {timezone.localtime(seal.valid_until):%Y-%m-%d} 到期，"
                          "请更换印章后再签章。", code="seal_expired")
    signed = [_sign_bytes(seal, item.pdf_bytes, reason=item.reason, location=item.location, signing_time=when)
              for item in items]
    with transaction.atomic():
        for item, content in zip(items, signed, strict=True):
            embedded = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures[-1]
            record = SignedDocument.objects.create(
                body=body, seal=seal, document_ref=str(item.document_ref)[:64],
                document_number=item.document_number[:80], title=item.title[:100],
                sha256=hashlib.sha256(content).hexdigest(), signature_sha256=signature_fingerprint(embedded),
                signed_at=when, reason=item.reason[:200], location=item.location[:200])
            audit_record(actor=actor, action="seals.document.sign", obj=record,
                         after={"document_ref": record.document_ref, "sha256": record.sha256,
                                "seal": str(seal.pk), "signed_at": when.isoformat()})
            if item.replaces:
                _mark_replaced(actor, document_ref=item.replaces, by=record,
                               reason=f"已被{item.title or '新文书'}{item.document_number}替代。")
    return signed


# --- the fate of a sealed document -------------------------------------------------------------------------------


def _mark_replaced(actor, *, document_ref: str, by: SignedDocument | None, reason: str,
                   replaced_by_ref: str = "", replaced_by_number: str = "") -> int:
    rows = list(SignedDocument.objects.select_for_update().filter(document_ref=document_ref)
                .exclude(status=SignedStatus.REPLACED).exclude(pk=getattr(by, "pk", None)))
    for row in rows:
        row.status, row.status_reason, row.status_changed_at = SignedStatus.REPLACED, reason[:300], timezone.now()
        row.replaced_by_ref = by.document_ref if by else replaced_by_ref
        row.replaced_by_number = by.document_number if by else replaced_by_number
        row.save(update_fields=["status", "status_reason", "status_changed_at", "replaced_by_ref",
                                "replaced_by_number", "updated_at"])
        audit_record(actor=actor, action="seals.document.replace", obj=row,
                     after={"replaced_by_ref": row.replaced_by_ref, "reason": row.status_reason})
    return len(rows)


def _require_sign_records(actor, document_ref: str) -> list[SignedDocument]:
    rows = list(SignedDocument.objects.filter(document_ref=document_ref).select_related("body"))
    if not rows:
        raise DomainError("没有该文书的签章记录。", field="document_ref", code="not_found")
    for body in {r.body for r in rows}:
        if not _may_change_documents(actor, body):
            require_body_admin(actor, body)
    return rows


def _may_change_documents(actor, body) -> bool:
    """The body's own head, or anyone who administers it."""
    from yuezhifa.org.models import Role
    from yuezhifa.org.permissions import user_roles

    return getattr(actor, "body_id", None) == body.pk and Role.HEAD in user_roles(actor)


@transaction.atomic
def signed_document_revoke(*, actor, document_ref: str, reason: str) -> int:
    """A sealed document was revoked (e.g. the decision was withdrawn on review, 处罚法 第七十五条). Its sealed copies
    stay cryptographically valid; the verifier reports 已撤销 with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写撤销理由。", field="reason")
    _require_sign_records(actor, document_ref)
    rows = list(SignedDocument.objects.select_for_update().filter(document_ref=document_ref,
                                                                    status=SignedStatus.VALID))
    for row in rows:
        row.status, row.status_reason, row.status_changed_at = SignedStatus.REVOKED, reason[:300], timezone.now()
        row.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
        audit_record(actor=actor, action="seals.document.revoke", obj=row, after={"reason": row.status_reason})
    return len(rows)


@transaction.atomic
def signed_document_replace(*, actor, document_ref: str, replaced_by_ref: str, reason: str,
                            replaced_by_number: str = "") -> int:
    """A sealed document was superseded by another (a corrected or re-issued document). ``sign_pdf(replaces=...)``
    does this itself when the replacement is sealed."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写替代理由。", field="reason")
    _require_sign_records(actor, document_ref)
    by = SignedDocument.objects.filter(document_ref=replaced_by_ref).order_by("-signed_at").first()
    return _mark_replaced(actor, document_ref=document_ref, by=by, reason=reason, replaced_by_ref=replaced_by_ref,
                          replaced_by_number=replaced_by_number)
