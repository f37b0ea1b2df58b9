"""Verifying a sealed PDF for anyone (the public page ``/verify/`` and ``POST /api/v1/seals/verify/``).

``verify_pdf(pdf_bytes)`` answers, in Chinese: is the file intact since it was sealed, which body sealed it and when,
does the seal's certificate chain to a root this platform trusts, and was the document later revoked or replaced.
Input that cannot be verified at all (not a PDF, no signature) raises ``VerificationError``; a signed PDF always gives a
``VerificationResult`` whose ``verdict`` says what is wrong, if anything.

The signature is checked by pyHanko offline (no fetching, no timestamp authority): the certificate path is validated
at the time the platform recorded for this sealing (its own record, keyed by the signature, acts as the trusted
time); for a signature the platform has no record of, at the time of verification.
"""

import asyncio
import datetime
import hashlib
import io
import logging
from dataclasses import asdict, dataclass, field

from django.utils import timezone

from yuezhifa.core.errors import DomainError

from . import crypto, selectors
from .models import AuthorityKind, SealStatus, SignedStatus

MAX_BYTES = 20 * 1024 * 1024
logger = logging.getLogger(__name__)


class VerificationError(DomainError):
    """The file cannot be verified at all: not a PDF, empty, too large, or carrying no signature."""

    title = "无法验证该文件"

    def __init__(self, message: str, *, code: str, status_code: int = 422):
        super().__init__(message, field="file")
        self.code = code
        self.status_code = status_code


class Verdict:
    VALID = "valid"
    REVOKED = "revoked"
    REPLACED = "replaced"
    TAMPERED = "tampered"
    FOREIGN = "foreign"

    LABELS = {VALID: "验证通过", REVOKED: "文书已撤销", REPLACED: "文书已被替代", TAMPERED: "文件已被修改",
              FOREIGN: "不是本平台签发"}
    # the worse verdict wins when a file carries several signatures
    SEVERITY = {VALID: 0, REPLACED: 1, REVOKED: 2, FOREIGN: 3, TAMPERED: 4}


@dataclass
class SignatureReport:
    verdict: str
    message: str
    intact: bool
    covers_whole_file: bool
    trusted: bool
    signer: str  # the certificate's common name
    issuer: str
    certificate_serial: str
    certificate_fingerprint: str
    signed_at: datetime.datetime | None
    reason: str = ""
    location: str = ""
    body_name: str = ""
    body_credit_code: str = ""
    demo: bool = False
    seal_status: str = ""
    seal_status_label: str = ""
    seal_status_reason: str = ""
    seal_status_changed_at: datetime.datetime | None = None
    recorded: bool = False
    document_number: str = ""
    document_title: str = ""
    document_status: str = ""
    document_status_label: str = ""
    document_status_reason: str = ""
    document_status_changed_at: datetime.datetime | None = None
    replaced_by_number: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class VerificationResult:
    verdict: str
    verdict_label: str
    ok: bool
    message: str
    sha256: str
    signatures: list[SignatureReport]

    @property
    def primary(self) -> SignatureReport:
        """The signature the verdict speaks of: the worst, or the latest when all agree."""
        return max(reversed(self.signatures), key=lambda s: Verdict.SEVERITY[s.verdict])

    @property
    def body_name(self) -> str:
        return self.primary.body_name

    @property
    def signed_at(self):
        return self.primary.signed_at

    @property
    def intact(self) -> bool:
        return all(s.intact and s.covers_whole_file for s in self.signatures)

    def as_dict(self) -> dict:
        return asdict(self)


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y年%-m月%-d日 %H:%M}" if moment else "时间不详"


def _read(pdf_bytes: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not pdf_bytes:
        raise VerificationError("上传的文件是空的，请选择要验证的 PDF 文件。", code="empty")
    if len(pdf_bytes) > MAX_BYTES:
        raise VerificationError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，无法验证。", code="too_large",
                                status_code=413)
    if not pdf_bytes.lstrip()[:5].startswith(b"%PDF-"):
        raise VerificationError("上传的文件不是 PDF 文件。请上传本平台签发的电子文书（PDF 格式）。", code="not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        raise VerificationError("无法读取该 PDF 文件：文件已损坏或结构不完整，可能在签章后被改动过。",
                                code="unreadable") from None
    if not signatures:
        raise VerificationError(
            "该 PDF 文件没有电子签章，无法验证。本平台签发的电子文书都带有电子印章；请上传从本平台或送达短信、邮件中"
            "获得的原始 PDF 文件，而不是扫描件、截图或另存、打印生成的文件。", code="unsigned")
    return signatures


def _validation_context(moment: datetime.datetime | None):
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(crypto.der(crypto.load_certificate(pem)))
             for _a, pem in selectors.trusted_root_certificates()]
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail",
                             moment=moment, best_signature_time=moment)


def _validate(embedded, context):
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    coroutine = async_validate_pdf_signature(embedded, signer_validation_context=context, key_usage_settings=usage)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _certificate_facts(embedded) -> dict:
    from cryptography import x509

    cert = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    return {"signer": crypto.common_name(cert.subject), "issuer": crypto.common_name(cert.issuer),
            "certificate_serial": format(cert.serial_number, "x"),
            "certificate_fingerprint": crypto.fingerprint(cert)}


def _report(embedded) -> SignatureReport:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    from .services import signature_fingerprint

    try:
        facts = _certificate_facts(embedded)
        record = selectors.public_signed_document(signature_fingerprint(embedded))
        claimed = embedded.self_reported_timestamp
    except Exception:
        return SignatureReport(verdict=Verdict.TAMPERED, message="签章数据无法解析，文件可能已被改动。", intact=False,
                               covers_whole_file=False, trusted=False, signer="", issuer="", certificate_serial="",
                               certificate_fingerprint="", signed_at=None)
    context = _validation_context(record.signed_at if record else None)
    try:
        status = _validate(embedded, context)
        intact, valid, trusted = status.intact, status.valid, status.trusted
        coverage = status.coverage
    except Exception:  # a malformed signature: pyHanko raises rather than reporting
        logger.info("seal verification: signature could not be validated", exc_info=True)
        intact = valid = trusted = False
        coverage = None
    sig_dict = embedded.sig_object
    report = SignatureReport(
        verdict=Verdict.VALID, message="", intact=bool(intact and valid),
        covers_whole_file=coverage == SignatureCoverageLevel.ENTIRE_FILE, trusted=bool(trusted),
        signed_at=record.signed_at if record else claimed,
        reason=str(sig_dict.get("/Reason", "")) if "/Reason" in sig_dict else "",
        location=str(sig_dict.get("/Location", "")) if "/Location" in sig_dict else "", **facts)
    seal = selectors.public_seal_by_fingerprint(report.certificate_fingerprint)
    if seal is not None:
        report.body_name, report.body_credit_code = seal.body.name, seal.body.credit_code
        report.demo = bool(seal.authority_id and seal.authority.kind == AuthorityKind.DEMO)
        report.seal_status, report.seal_status_label = seal.status, seal.get_status_display()
        report.seal_status_reason, report.seal_status_changed_at = seal.status_reason, seal.status_changed_at
    if record is not None:
        report.recorded = True
        report.document_number, report.document_title = record.document_number, record.title
        report.document_status, report.document_status_label = record.status, record.get_status_display()
        report.document_status_reason = record.status_reason
        report.document_status_changed_at = record.status_changed_at
        report.replaced_by_number = record.replaced_by_number
        report.body_name = report.body_name or record.body.name
    _judge(report)
    return report


def _judge(report: SignatureReport) -> None:
    if not report.intact:
        report.verdict = Verdict.TAMPERED
        report.message = "签章校验失败：文件在签章后被修改过，内容不可信。请向签发机关索取原件核对。"
        return
    if not report.covers_whole_file:
        report.verdict = Verdict.TAMPERED
        report.message = "签章本身完好，但签章之后文件又被追加修改过，追加的内容不受签章保护。请向签发机关索取原件核对。"
        return
    if not report.trusted or not report.body_name:
        report.verdict = Verdict.FOREIGN
        report.message = (f"不是本平台签发：签章证书“{report.signer}”（签发者“{report.issuer}”）不属于本平台信任的"
                          "电子印章证书体系。")
        return
    who = report.body_name
    what = report.document_title or "该文书"
    if report.document_number:
        what += f"（{report.document_number}）"
    report.message = f"文件完好：{what}由{who}于{_when(report.signed_at)}加盖电子印章，签章后未被修改。"
    if not report.recorded:
        report.notes.append("本平台没有找到这次签章的记录，无法确认该文书此后是否被撤销或替代，请向签发机关核实。")
    elif report.document_status == SignedStatus.REVOKED:
        report.verdict = Verdict.REVOKED
        report.message = (f"{what}由{who}于{_when(report.signed_at)}签发，文件完好，但已于"
                          f"{_when(report.document_status_changed_at)}被撤销：{report.document_status_reason}")
    elif report.document_status == SignedStatus.REPLACED:
        report.verdict = Verdict.REPLACED
        newer = f"（新文书文号：{report.replaced_by_number}）" if report.replaced_by_number else ""
        report.message = (f"{what}由{who}于{_when(report.signed_at)}签发，文件完好，但已于"
                          f"{_when(report.document_status_changed_at)}被新的文书替代{newer}：{report.document_status_reason}")
    if report.seal_status == SealStatus.REVOKED:
        report.notes.append(f"该电子印章已于{_when(report.seal_status_changed_at)}注销（{report.seal_status_reason}）；"
                            "注销前加盖的文书不受影响。")
    elif report.seal_status == SealStatus.REPLACED:
        report.notes.append(f"该电子印章已于{_when(report.seal_status_changed_at)}更换为新印章；更换前加盖的文书不受影响。")
    if report.demo:
        report.notes.append("这是演示环境的印章证书，仅用于演示，不具有法律效力。")


def verify_pdf(pdf_bytes: bytes) -> VerificationResult:
    """Verify every signature of ``pdf_bytes``; raises ``VerificationError`` when there is nothing to verify."""
    signatures = _read(pdf_bytes)
    reports = [_report(embedded) for embedded in signatures]
    worst = max(reversed(reports), key=lambda r: Verdict.SEVERITY[r.verdict])
    message = worst.message
    if len(reports) > 1:
        message = f"该文件共有 {len(reports)} 个电子签章。" + message
    return VerificationResult(verdict=worst.verdict, verdict_label=Verdict.LABELS[worst.verdict],
                              ok=worst.verdict == Verdict.VALID, message=message,
                              sha256=hashlib.sha256(pdf_bytes).hexdigest(), signatures=reports)
