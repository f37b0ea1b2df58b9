"""Excel (.xlsx) import and export of officers and certificates.

Import is all or nothing (DESIGN §5.6): every row is checked first, and one bad row means nothing is written and every
bad row is reported with its row number, column letter, header and a Chinese reason. A clean file is written through
the ordinary services (``officer_create``, ``certificate_issue``) in one transaction, so each row is permission-checked
and audited exactly as a single entry would be.

Exports list what the user may change, in the import layout followed by a few columns for reading. ID numbers and
phone numbers are always masked (DESIGN §5.5): a full number never leaves the system in a file.
"""

import re

from django.db import transaction
from django.db.models import QuerySet

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.excel import (
    MAX_BYTES,
    MAX_EXPORT_ROWS,
    MAX_ROWS,
    XLSX_CONTENT_TYPE,
    ExcelColumn,
    ExcelImportError,
    ImportResult,
    Row,
    RowError,
    add_instructions,
    check_export_size,
    duplicates,
    export_filename,
    new_workbook,
    read_rows,
    run_import,
    save_workbook,
)
from yuezhifa.core.identifiers import validate_credit_code, validate_resident_id
from yuezhifa.core.masking import mask_id_number, mask_phone
from yuezhifa.core.validation import validate_phone

from .. import selectors
from ..models import BodyStatus, Certificate, CertificateStatus, Domain, EnforcementBody, Officer, OfficerStatus
from ..permissions import can_certify
from .certificates import CERTIFY_REFUSAL
from .people import certificate_issue, officer_create

__all__ = ["CERTIFICATE_COLUMNS", "MAX_BYTES", "MAX_EXPORT_ROWS", "MAX_ROWS", "OFFICER_COLUMNS", "XLSX_CONTENT_TYPE",
           "ExcelColumn", "ExcelImportError", "ImportResult", "RowError", "certificate_template",
           "certificates_export", "certificates_import", "export_filename", "officer_template", "officers_export",
           "officers_import"]

OFFICER_COLUMNS = (
    ExcelColumn("姓名", True, "执法人员真实姓名。", field="name", width=12),
    ExcelColumn("身份证号码", True, "18 位居民身份证号码；请保持本列为“文本”格式。", field="id_number", width=22),
    ExcelColumn("所在主体统一社会信用代码", True, "所在执法主体的 18 位统一社会信用代码，须在您的管理范围内。",
                field="body", width=26),
    ExcelColumn("职务", False, "选填。", field="position", width=16),
    ExcelColumn("手机号码", False, "选填；手机号码（如 13812345678）或带区号的固定电话（如 020-87654321）。",
                field="phone", width=16),
    ExcelColumn("法律职业资格证书编号", False, "选填；从事法制审核的人员应当填写（处罚法 第58条）。",
                field="legal_qualification_no", width=24),
)

CERTIFICATE_COLUMNS = (
    ExcelColumn("证件编号", True, "行政执法证件编号，全省唯一（办法 第38条）。", field="number", width=18),
    ExcelColumn("持证人身份证号码", True, "持证人须已登记为执法人员、在岗，并在您的管理范围内。",
                field="officer", width=22),
    ExcelColumn("执法领域（代码，逗号分隔）", True, "执法领域代码，多个以逗号分隔，须属于持证人所在主体的执法领域。",
                field="domains", width=26),
    ExcelColumn("发证机关统一社会信用代码", True, "发证的司法行政部门的统一社会信用代码。", field="issued_by", width=26),
    ExcelColumn("有效期起", True, "日期，如 2025-01-01。", field="valid_from", kind="date", width=14),
    ExcelColumn("有效期至", True, "日期，不早于有效期起。", field="valid_until", kind="date", width=14),
)

OFFICER_EXTRA_HEADERS = ("所在主体名称", "状态", "执法证件编号", "证件状态")
CERTIFICATE_EXTRA_HEADERS = ("持证人姓名", "持证人所在主体", "执法领域名称", "发证机关", "状态")


# The limits (MAX_ROWS, MAX_BYTES, MAX_EXPORT_ROWS) are passed on from this module's own names at each call, so these
# lists can be given their own limits here without touching the shared defaults.


def _require_change_right(actor) -> None:
    if not selectors.body_list(user=actor, action="change").exists():
        raise NotAllowed("您没有维护执法人员和执法证件的权限。")


# --- officers ---------------------------------------------------------------------------------------------------

def officers_import(*, actor, data: bytes, filename: str) -> ImportResult:
    """Register every officer of the sheet (layout ``OFFICER_COLUMNS``), or none."""
    _require_change_right(actor)
    raw_rows = read_rows(data, filename, OFFICER_COLUMNS, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    errors: list[RowError] = []
    rows = [Row(number, values, OFFICER_COLUMNS, errors) for number, values in raw_rows]
    for row in rows:
        row.name = row.text("姓名", 50)
        row.id_number = row.identifier("身份证号码", validate_resident_id)
        row.credit_code = row.identifier("所在主体统一社会信用代码", validate_credit_code)
        row.position = row.text("职务", 60)
        row.phone = row.identifier("手机号码", validate_phone)
        row.legal_qualification_no = row.text("法律职业资格证书编号", 40)

    duplicates(rows, "身份证号码", "身份证号码", lambda r: r.id_number)
    ids = {r.id_number for r in rows if r.id_number}
    taken = set(Officer.objects.filter(id_number__in=ids).values_list("id_number", flat=True))
    codes = {r.credit_code for r in rows if r.credit_code}
    bodies = {b.credit_code: b for b in EnforcementBody.objects.filter(credit_code__in=codes)}
    in_scope = set(selectors.body_list(user=actor, action="change").filter(credit_code__in=codes)
                   .values_list("credit_code", flat=True))
    for row in rows:
        if row.id_number in taken:
            row.error("身份证号码", f"身份证号码 {mask_id_number(row.id_number)} 已登记为执法人员，不能重复登记。")
        row.body = None
        if row.credit_code:
            body = bodies.get(row.credit_code)
            if body is None:
                row.error("所在主体统一社会信用代码", f"未找到统一社会信用代码为 {row.credit_code} 的执法主体。")
            elif row.credit_code not in in_scope:
                row.error("所在主体统一社会信用代码", f"“{body.name}”不在您的管理范围内。")
            elif body.status == BodyStatus.DISSOLVED:
                row.error("所在主体统一社会信用代码", f"“{body.name}”已撤销，不能登记人员。")
            else:
                row.body = body

    def create(row: Row) -> Officer:
        return officer_create(actor=actor, name=row.name, id_number=row.id_number, body=row.body,
                              position=row.position, phone=row.phone,
                              legal_qualification_no=row.legal_qualification_no)

    return run_import(actor, rows, errors, OFFICER_COLUMNS, create, "org.officer.import", data, filename, "org.officer")


# --- certificates -----------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[,，、;；\s]+")


def certificates_import(*, actor, data: bytes, filename: str) -> ImportResult:
    """Issue every certificate of the sheet (layout ``CERTIFICATE_COLUMNS``), or none (一人一证, 证号全省唯一: 第38条).
    Only a justice department's administrator issues certificates, to the officers within their scope."""
    if not can_certify(actor):
        raise NotAllowed(CERTIFY_REFUSAL)
    raw_rows = read_rows(data, filename, CERTIFICATE_COLUMNS, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    errors: list[RowError] = []
    rows = [Row(number, values, CERTIFICATE_COLUMNS, errors) for number, values in raw_rows]
    for row in rows:
        row.cert_number = row.text("证件编号", 40).upper()
        row.holder_id = row.identifier("持证人身份证号码", validate_resident_id)
        row.domain_codes = [c for c in _SEPARATORS.split(row.text("执法领域（代码，逗号分隔）")) if c]
        row.issuer_code = row.identifier("发证机关统一社会信用代码", validate_credit_code)
        row.valid_from = row.date("有效期起")
        row.valid_until = row.date("有效期至")
        if row.valid_from and row.valid_until and row.valid_until < row.valid_from:
            row.error("有效期至", "有效期至不能早于有效期起。")

    duplicates(rows, "证件编号", "证件编号", lambda r: r.cert_number)
    duplicates(rows, "持证人身份证号码", "持证人（一人一证，办法 第38条）", lambda r: r.holder_id)
    numbers = {r.cert_number for r in rows if r.cert_number}
    taken = set(Certificate.objects.filter(number__in=numbers).values_list("number", flat=True))
    holder_ids = {r.holder_id for r in rows if r.holder_id}
    officers = {o.id_number: o for o in selectors.officer_list(user=actor, action="certify")
                .filter(id_number__in=holder_ids).select_related("body").prefetch_related("body__domains")}
    domains = {d.code: d for d in Domain.objects.all()}
    issuer_codes = {r.issuer_code for r in rows if r.issuer_code}
    issuers = {b.credit_code: b for b in EnforcementBody.objects.filter(credit_code__in=issuer_codes)}

    for row in rows:
        if row.cert_number in taken:
            row.error("证件编号", f"证件编号 {row.cert_number} 已被使用，全省执法证件编号不得重复（办法 第38条）。")
        row.officer = officers.get(row.holder_id) if row.holder_id else None
        if row.holder_id:
            officer = row.officer
            if officer is None:
                row.error("持证人身份证号码", "未找到该身份证号码对应的执法人员，或该人员不在您的管理范围内。请先导入执法人员。")
            elif officer.status != OfficerStatus.ACTIVE:
                row.error("持证人身份证号码", f"{officer.name} 不在岗，不能发放执法证件。")
            elif officer.current_certificates:
                row.error("持证人身份证号码", f"{officer.name} 已持有执法证件 {officer.current_certificates[0].number}，"
                                              "一人一证（办法 第38条）：须先注销原证件。")
        row.domains = []
        if row.domain_codes:
            unknown = [c for c in row.domain_codes if c not in domains]
            if unknown:
                row.error("执法领域（代码，逗号分隔）", f"未知的执法领域代码：{'、'.join(unknown)}。")
            elif row.officer is not None:
                allowed = {d.code for d in row.officer.body.domains.all()}
                outside = [domains[c].name for c in row.domain_codes if c not in allowed]
                if outside:
                    row.error("执法领域（代码，逗号分隔）",
                              f"执法领域 {'、'.join(outside)} 不在“{row.officer.body.name}”的执法领域之内。")
            row.domains = [domains[c] for c in dict.fromkeys(row.domain_codes) if c in domains]
        row.issuer = issuers.get(row.issuer_code) if row.issuer_code else None
        if row.issuer_code:
            if row.issuer is None:
                row.error("发证机关统一社会信用代码", f"未找到统一社会信用代码为 {row.issuer_code} 的执法主体。")
            elif not row.issuer.is_justice_department:
                row.error("发证机关统一社会信用代码", f"“{row.issuer.name}”不是司法行政部门，不能发放执法证件。")

    def create(row: Row) -> Certificate:
        return certificate_issue(actor=actor, officer=row.officer, number=row.cert_number, domains=row.domains,
                                 valid_from=row.valid_from, valid_until=row.valid_until, issued_by=row.issuer)

    return run_import(actor, rows, errors, CERTIFICATE_COLUMNS, create, "org.certificate.import", data, filename,
                      "org.certificate")


# --- writing ----------------------------------------------------------------------------------------------------


def officer_template() -> bytes:
    workbook, _ = new_workbook("执法人员", OFFICER_COLUMNS)
    add_instructions(workbook, OFFICER_COLUMNS, max_rows=MAX_ROWS)
    return save_workbook(workbook)


def certificate_template(*, user) -> bytes:
    workbook, _ = new_workbook("执法证件", CERTIFICATE_COLUMNS)
    codes = [(f"领域代码 {d.code}", "", d.name) for d in selectors.domain_list(user=user)]
    add_instructions(workbook, CERTIFICATE_COLUMNS, codes, max_rows=MAX_ROWS)
    return save_workbook(workbook)


@transaction.atomic
def officers_export(*, actor, officers: QuerySet, filters: dict | None = None) -> bytes:
    """The officers of ``officers`` (already restricted by the caller's selector) as .xlsx, ID and phone masked."""
    _require_change_right(actor)
    count = check_export_size(officers, max_rows=MAX_EXPORT_ROWS)
    workbook, sheet = new_workbook("执法人员", OFFICER_COLUMNS, OFFICER_EXTRA_HEADERS)
    for officer in officers:
        current = getattr(officer, "current_certificates", None)
        if current is None:
            current = list(officer.certificates.exclude(status=CertificateStatus.REVOKED))
        cert = current[0] if current else None
        sheet.append([officer.name, mask_id_number(officer.id_number), officer.body.credit_code, officer.position,
                      mask_phone(officer.phone), officer.legal_qualification_no, officer.body.name,
                      officer.get_status_display(), cert.number if cert else "",
                      cert.get_status_display() if cert else ""])
    audit_record(actor=actor, action="org.officer.export", object_type="org.officer",
                 object_repr=f"导出执法人员 {count} 名", after={"rows": count, "filters": filters or {}})
    return save_workbook(workbook)


@transaction.atomic
def certificates_export(*, actor, certificates: QuerySet, filters: dict | None = None) -> bytes:
    """The certificates of ``certificates`` (already restricted) as .xlsx, the holder's ID number masked."""
    _require_change_right(actor)
    count = check_export_size(certificates, max_rows=MAX_EXPORT_ROWS)
    workbook, sheet = new_workbook("执法证件", CERTIFICATE_COLUMNS, CERTIFICATE_EXTRA_HEADERS)
    for cert in certificates:
        domains = list(cert.domains.all())
        sheet.append([cert.number, mask_id_number(cert.officer.id_number), ",".join(d.code for d in domains),
                      cert.issued_by.credit_code, cert.valid_from, cert.valid_until, cert.officer.name,
                      cert.officer.body.name, "、".join(d.name for d in domains), cert.issued_by.name,
                      cert.get_status_display()])
    audit_record(actor=actor, action="org.certificate.export", object_type="org.certificate",
                 object_repr=f"导出执法证件 {count} 份", after={"rows": count, "filters": filters or {}})
    return save_workbook(workbook)
