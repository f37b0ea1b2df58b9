"""Excel import and export of officers and certificates.

Import is all or nothing, and a bad file is answered with every bad row, by row number and column (DESIGN §5.6);
exports never carry a full ID number (DESIGN §5.5); certificates keep one person one certificate and numbers unique
province-wide (办法 第38条).
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.masking import mask_id_number
from yuezhifa.org.models import Certificate, Officer
from yuezhifa.org.services import excel

from .factories import OfficerFactory, make_id_number

OFFICER_HEADERS = [c.header for c in excel.OFFICER_COLUMNS]
CERT_HEADERS = [c.header for c in excel.CERTIFICATE_COLUMNS]


def xlsx(headers, *rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ids(*numbers):
    return [make_id_number(n, area="440104", birth="19900101") for n in numbers]


# --- officers -----------------------------------------------------------------------------------------------


def test_good_officer_file_imports_every_row(world):
    admin = world["users"]["admin_a"]
    a_market, a_county = world["bodies"]["a_market"], world["bodies"]["a_county"]
    id1, id2, id3 = ids(501, 502, 503)
    data = xlsx(OFFICER_HEADERS,
                ["李明", id1, a_market.credit_code, "科员", "13812345678", ""],
                ["王芳", id2, a_county.credit_code, "", None, "A2019440100123"],
                ["赵强", id3.lower(), a_county.credit_code.lower(), "队长", "020-87654321", None])

    result = excel.officers_import(actor=admin, data=data, filename="人员.xlsx")

    assert result.count == 3
    officers = {o.name: o for o in Officer.objects.filter(name__in=["李明", "王芳", "赵强"])}
    assert officers["李明"].body == a_market and officers["李明"].phone == "13812345678"
    assert officers["王芳"].legal_qualification_no == "A2019440100123"
    assert officers["赵强"].id_number == id3  # normalised (x → X) by the service
    assert AuditEntry.objects.filter(action="org.officer.create").count() == 3
    entry = AuditEntry.objects.get(action="org.officer.import")
    assert entry.after["rows"] == 3 and entry.after["sha256"] == result.sha256


def test_two_bad_rows_among_good_ones_import_nothing_and_are_both_reported(world):
    admin = world["users"]["admin_a"]
    code = world["bodies"]["a_market"].credit_code
    good1, good2, good3, bad_check = ids(511, 512, 513, 514)
    bad_check = bad_check[:-1] + ("0" if bad_check[-1] != "0" else "1")
    before = Officer.objects.count()
    data = xlsx(OFFICER_HEADERS,
                ["甲", good1, code, "", "", ""],
                ["乙", bad_check, code, "", "", ""],        # row 3: wrong check character
                ["丙", good2, code, "", "", ""],
                ["", good3, "91440101MA5XXXXXX", "", "", ""])  # row 5: no name, malformed credit code

    with pytest.raises(excel.ExcelImportError) as caught:
        excel.officers_import(actor=admin, data=data, filename="人员.xlsx")

    assert Officer.objects.count() == before
    assert not AuditEntry.objects.filter(action__startswith="org.officer.").exists()
    errors = {(e.row, e.column, e.header) for e in caught.value.row_errors}
    assert errors == {(3, "B", "身份证号码"), (5, "A", "姓名"), (5, "C", "所在主体统一社会信用代码")}
    messages = {(e.row, e.column): e.message for e in caught.value.row_errors}
    assert "校验码错误" in messages[(3, "B")]
    assert "不能为空" in messages[(5, "A")]
    assert "第 3 行 B 列（身份证号码）" in str(caught.value.row_errors[0])


def test_a_bad_phone_number_is_a_row_error_naming_the_row(world):
    """手机号码: a mainland mobile number or a landline with its area code (core.validation.validate_phone)."""
    admin = world["users"]["admin_a"]
    code = world["bodies"]["a_market"].credit_code
    id1, id2, id3 = ids(521, 522, 523)
    data = xlsx(OFFICER_HEADERS,
                ["甲", id1, code, "", "0755-83001234", ""],
                ["乙", id2, code, "", "1381234567", ""],         # row 3: ten digits
                ["丙", id3, code, "", "８７６５４３２１", ""])      # row 4: no area code

    with pytest.raises(excel.ExcelImportError) as caught:
        excel.officers_import(actor=admin, data=data, filename="人员.xlsx")

    assert [str(e) for e in caught.value.row_errors] == [
        "第 3 行 E 列（手机号码）：手机号码“1381234567”格式不正确，应为手机号码（11 位，1 开头，如 13812345678）"
        "或带区号的固定电话（如 020-87654321，分机写作 020-87654321-123）。",
        "第 4 行 E 列（手机号码）：手机号码“87654321”格式不正确，应为手机号码（11 位，1 开头，如 13812345678）"
        "或带区号的固定电话（如 020-87654321，分机写作 020-87654321-123）。"]


def test_out_of_scope_or_unknown_body_is_a_row_error(world):
    admin = world["users"]["admin_a"]
    shenzhen = world["bodies"]["b_market"]
    id1, id2 = ids(521, 522)
    data = xlsx(OFFICER_HEADERS,
                ["深圳人员", id1, shenzhen.credit_code, "", "", ""],
                ["无主体", id2, "91440300MA5D0000XR", "", "", ""])
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.officers_import(actor=admin, data=data, filename="x.xlsx")
    by_row = {e.row: e for e in caught.value.row_errors}
    assert by_row[2].column == "C" and "不在您的管理范围内" in by_row[2].message
    assert by_row[3].column == "C"
    assert not Officer.objects.filter(name="深圳人员").exists()


def test_duplicate_id_numbers_in_file_and_in_database(world):
    admin = world["users"]["admin_a"]
    code = world["bodies"]["a_market"].credit_code
    existing = world["officers"]["a_market"].id_number
    (new,) = ids(531)
    data = xlsx(OFFICER_HEADERS, ["甲", new, code, "", "", ""], ["乙", new, code, "", "", ""],
                ["丙", existing, code, "", "", ""])
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.officers_import(actor=admin, data=data, filename="x.xlsx")
    messages = {e.row: e.message for e in caught.value.row_errors}
    assert set(messages) == {3, 4}
    assert "与第 2 行" in messages[3]
    assert "已登记" in messages[4] and existing not in messages[4] and mask_id_number(existing) in messages[4]


def test_id_number_stored_as_excel_number_is_refused(world):
    admin = world["users"]["admin_a"]
    (number,) = ids(541)
    data = xlsx(OFFICER_HEADERS, ["甲", int(number[:-1] + "0"), world["bodies"]["a_market"].credit_code, "", "", ""])
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.officers_import(actor=admin, data=data, filename="x.xlsx")
    assert "文本" in caught.value.row_errors[0].message


def test_wrong_header_is_reported_by_column(world):
    headers = ["姓名", "身份证", *OFFICER_HEADERS[2:], "备注"]
    data = xlsx(headers, ["甲", "x", "y", "", "", "", ""])
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.officers_import(actor=world["users"]["admin_a"], data=data, filename="x.xlsx")
    assert {(e.row, e.column) for e in caught.value.row_errors} == {(1, "B"), (1, "G")}


@pytest.mark.parametrize(("filename", "data"), [
    ("人员.csv", "姓名,身份证号码\n甲,1\n".encode()),
    ("人员.xlsx", b"not really a spreadsheet"),
    ("人员.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
    ("人员.xlsx", b"PK\x03\x04" + b"\0" * 100),
])
def test_file_that_is_not_xlsx_is_refused_clearly(world, filename, data):
    with pytest.raises(DomainError) as caught:
        excel.officers_import(actor=world["users"]["admin_a"], data=data, filename=filename)
    assert ".xlsx" in caught.value.message
    assert not isinstance(caught.value, excel.ExcelImportError)


def test_size_and_row_caps(world, monkeypatch):
    admin = world["users"]["admin_a"]
    code = world["bodies"]["a_market"].credit_code
    monkeypatch.setattr(excel, "MAX_ROWS", 2)
    data = xlsx(OFFICER_HEADERS, *[[f"人{i}", n, code, "", "", ""] for i, n in enumerate(ids(551, 552, 553))])
    with pytest.raises(DomainError, match="超过 2 行的上限"):
        excel.officers_import(actor=admin, data=data, filename="x.xlsx")
    monkeypatch.setattr(excel, "MAX_BYTES", 100)
    with pytest.raises(DomainError, match="超过上限"):
        excel.officers_import(actor=admin, data=data, filename="x.xlsx")


def test_empty_sheet_is_refused(world):
    with pytest.raises(DomainError, match="没有数据行"):
        excel.officers_import(actor=world["users"]["admin_a"], data=xlsx(OFFICER_HEADERS), filename="x.xlsx")


def test_import_needs_the_change_right(world):
    with pytest.raises(NotAllowed):
        excel.officers_import(actor=world["users"]["head_a"], data=xlsx(OFFICER_HEADERS), filename="x.xlsx")


# --- certificates ---------------------------------------------------------------------------------------------


def _cert_row(number, officer, issuer, *, domains="market", start="2025-01-01", end=datetime.date(2030, 12, 31)):
    return [number, officer.id_number, domains, issuer.credit_code, start, end]


def test_good_certificate_file_issues_every_certificate(world, justice_admin_a):
    admin = justice_admin_a
    issuer = world["bodies"]["p_justice"]
    o1 = OfficerFactory(body=world["bodies"]["a_market"])
    o2 = OfficerFactory(body=world["bodies"]["a_county"])
    data = xlsx(CERT_HEADERS, _cert_row("44A-0001", o1, issuer),
                _cert_row("44a-0002", o2, issuer, domains="market，market", start=datetime.datetime(2025, 3, 1)))

    result = excel.certificates_import(actor=admin, data=data, filename="证件.xlsx")

    assert result.count == 2
    c2 = Certificate.objects.get(number="44A-0002")
    assert c2.officer == o2 and c2.valid_from == datetime.date(2025, 3, 1)
    assert list(c2.domains.values_list("code", flat=True)) == ["market"]
    assert AuditEntry.objects.filter(action="org.certificate.issue").count() == 2
    assert AuditEntry.objects.filter(action="org.certificate.import").count() == 1


def test_certificate_rules_are_checked_for_every_row_before_anything_is_written(world, justice_admin_a):
    admin = justice_admin_a
    issuer = world["bodies"]["p_justice"]
    not_justice = world["bodies"]["a_market"]
    o1 = OfficerFactory(body=world["bodies"]["a_market"])
    o2 = OfficerFactory(body=world["bodies"]["a_market"])
    o3 = OfficerFactory(body=world["bodies"]["a_market"])
    o4, o5, o6 = (OfficerFactory(body=world["bodies"]["a_market"]) for _ in range(3))
    holder = world["officers"]["a_market"]  # already holds a certificate
    shenzhen = world["officers"]["b_market"]
    taken = world["certs"]["a_county"].number
    before = Certificate.objects.count()
    data = xlsx(CERT_HEADERS,
                _cert_row("N-1", o1, issuer),                              # 2 good
                _cert_row("N-1", o2, issuer),                              # 3 number repeated in the file
                _cert_row(taken, o3, issuer),                              # 4 number already used
                _cert_row("N-4", holder, issuer),                          # 5 one person one certificate
                _cert_row("N-5", o1, issuer),                              # 6 same holder as row 2
                _cert_row("N-6", shenzhen, issuer),                        # 7 holder out of scope
                _cert_row("N-7", o4, not_justice, domains="nope"),         # 8 not justice dept, unknown domain
                _cert_row("N-8", o5, issuer, start="2025-13-01"),          # 9 bad date
                _cert_row("N-9", o6, issuer, start="2026-01-01", end=datetime.date(2025, 1, 1)))  # 10 range

    with pytest.raises(excel.ExcelImportError) as caught:
        excel.certificates_import(actor=admin, data=data, filename="证件.xlsx")

    assert Certificate.objects.count() == before
    errors = {(e.row, e.column) for e in caught.value.row_errors}
    assert errors == {(3, "A"), (4, "A"), (5, "B"), (6, "B"), (7, "B"), (8, "C"), (8, "D"), (9, "E"), (10, "F")}
    messages = {(e.row, e.column): e.message for e in caught.value.row_errors}
    assert "与第 2 行" in messages[(3, "A")]
    assert "已被使用" in messages[(4, "A")]
    assert "一人一证" in messages[(5, "B")] and "一人一证" in messages[(6, "B")]
    assert "不在您的管理范围内" in messages[(7, "B")]
    assert "不是司法行政部门" in messages[(8, "D")]
    assert "nope" in messages[(8, "C")]


def test_domain_outside_holder_body_is_a_row_error(world, justice_admin_a):
    from .factories import DomainFactory

    DomainFactory(code="zz-test", name="测试领域甲")
    officer = OfficerFactory(body=world["bodies"]["a_market"])
    data = xlsx(CERT_HEADERS, _cert_row("E-1", officer, world["bodies"]["p_justice"], domains="market,zz-test"))
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.certificates_import(actor=justice_admin_a, data=data, filename="x.xlsx")
    (error,) = caught.value.row_errors
    assert (error.row, error.column) == (2, "C") and "测试领域甲" in error.message


# --- export and templates -------------------------------------------------------------------------------------


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_officer_export_has_chinese_headers_masked_ids_and_the_filtered_scope(world):
    OfficerFactory(body=world["bodies"]["a_market"], name="有电话", phone="13812345678")
    response = client_for(world["users"]["admin_a"]).get(reverse("org:officer_export"))
    rows = _sheet(response)
    assert rows[0][:6] == OFFICER_HEADERS
    names = {r[0] for r in rows[1:]}
    assert names == {"广州市市场监督管理局执法员", "广州市天河区市场监督管理局执法员", "有电话"}
    flat = " ".join(str(v) for r in rows for v in r)
    for officer in Officer.objects.all():
        assert officer.id_number not in flat
    assert mask_id_number(world["officers"]["a_market"].id_number) in flat
    assert "13812345678" not in flat and "138****5678" in flat
    assert AuditEntry.objects.get(action="org.officer.export").after["rows"] == 3

    filtered = _sheet(client_for(world["users"]["admin_a"]).get(reverse("org:officer_export"), {"q": "天河"}))
    assert [r[0] for r in filtered[1:]] == ["广州市天河区市场监督管理局执法员"]


def test_certificate_export_masks_holder_ids(world):
    rows = _sheet(client_for(world["users"]["admin_a"]).get(reverse("org:certificate_export")))
    assert rows[0][:6] == CERT_HEADERS
    assert {r[0] for r in rows[1:]} == {world["certs"]["a_market"].number, world["certs"]["a_county"].number}
    flat = " ".join(str(v) for r in rows for v in r)
    for officer in Officer.objects.all():
        assert officer.id_number not in flat
    assert "*" * 8 in flat


@pytest.mark.parametrize(("name", "headers"), [("org:officer_import_template", OFFICER_HEADERS),
                                               ("org:certificate_import_template", CERT_HEADERS)])
def test_empty_templates_have_the_import_layout(world, justice_admin_a, name, headers):
    rows = _sheet(client_for(justice_admin_a).get(reverse(name)))
    assert rows == [headers]


# --- the upload page ------------------------------------------------------------------------------------------


def test_upload_page_shows_every_bad_row_in_a_table(world):
    code = world["bodies"]["a_market"].credit_code
    good, bad = ids(561, 562)
    data = xlsx(OFFICER_HEADERS, ["甲", good, code, "", "", ""], ["乙", bad[:10], code, "", "", ""],
                ["丙", good, code, "", "", ""])
    response = client_for(world["users"]["admin_a"]).post(
        reverse("org:officer_import"), {"file": SimpleUploadedFile("人员.xlsx", data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "未导入任何数据" in html
    assert "<td data-label=\"行\" class=\"nowrap\">第 3 行</td>" in html
    assert "<td data-label=\"行\" class=\"nowrap\">第 4 行</td>" in html
    assert "应为 18 位" in html and "与第 2 行的身份证号码重复" in html
    assert not Officer.objects.filter(name__in=["甲", "乙", "丙"]).exists()


def test_upload_page_imports_a_good_file_and_says_so(world):
    client = client_for(world["users"]["admin_a"])
    (number,) = ids(571)
    data = xlsx(OFFICER_HEADERS, ["新人员", number, world["bodies"]["a_county"].credit_code, "", "", ""])
    response = client.post(reverse("org:officer_import"), {"file": SimpleUploadedFile("人员.xlsx", data)},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("org:officer_list")
    assert "已导入 1 条执法人员记录" in response.content.decode()
    assert Officer.objects.filter(name="新人员").exists()


def test_upload_page_refuses_a_non_xlsx_file_in_chinese(world, justice_admin_a):
    response = client_for(justice_admin_a).post(
        reverse("org:certificate_import"), {"file": SimpleUploadedFile("证件.csv", b"a,b\n1,2\n")})
    assert response.status_code == 200
    assert "只能上传 .xlsx 格式" in response.content.decode()
    response = client_for(justice_admin_a).post(reverse("org:certificate_import"), {})
    assert "请选择要上传的文件" in response.content.decode()
