"""Excel import of the subject register (检查对象名录库, LEGAL.md §4; DESIGN §5.6): every bad row named by row and
column, all or nothing, idempotent by 统一社会信用代码, bounded by the rows the file really holds."""

import io
import re
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.excel import save_workbook
from yuezhifa.inspection.models import Subject
from yuezhifa.inspection.services.subject_excel import SUBJECT_COLUMNS, ExcelImportError, subjects_import
from yuezhifa.org.tests.factories import make_credit_code, make_id_number

from .test_register import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in SUBJECT_COLUMNS]


def xlsx(*rows) -> bytes:
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(list(row))
    return save_workbook(workbook)


def row(code, name, division="440106", grade="B", kind="", id_number="", graded_by="", graded_on=None):
    return [code, name, kind, id_number, "F5221 零售", division, "广州市天河区天河路1号", "", grade, graded_by, graded_on]


def test_row_errors_name_row_and_column_and_nothing_is_written(world):  # noqa: F811
    """DESIGN §5.6: one bad row and nothing is imported; every problem named by row, column letter and header."""
    admin = world["users"]["gz_admin"]
    data = xlsx(row(make_credit_code(1, "440106"), "广州甲商贸有限公司"),
                row("91440101ABC", "广州乙餐饮店"),                                    # row 3: bad credit code (A)
                row(make_credit_code(2, "440106"), "广州丙超市", division="449999"),   # row 4: no such division (F)
                row(make_credit_code(3, "440304"), "深圳丁公司", division="440304"),   # row 5: outside 广州 (F)
                row(make_credit_code(1, "440106"), "广州甲商贸有限公司（重复）"),        # row 6: repeats row 2 (A)
                row(make_credit_code(4, "440106"), "广州戊公司", grade="E"))           # row 7: bad grade (I)
    with pytest.raises(ExcelImportError) as exc:
        subjects_import(actor=admin, data=data, filename="名录.xlsx")
    where = [(e.row, e.column) for e in exc.value.row_errors]
    assert where == [(3, "A"), (4, "F"), (5, "F"), (6, "A"), (7, "I")]
    assert "不在您的管理范围内" in exc.value.row_errors[2].message
    assert "与第 2 行重复" in exc.value.row_errors[3].message
    assert not Subject.objects.exists()
    assert not AuditEntry.objects.filter(action="inspection.subject.import").exists()
    with pytest.raises(NotAllowed):
        subjects_import(actor=world["users"]["officer"], data=data, filename="名录.xlsx")


def test_a_bad_phone_number_is_a_row_error_and_a_good_one_is_kept(world):  # noqa: F811
    """联系电话 of the register: a mainland mobile or landline number; a bad one names its row and column (M)."""
    admin = world["users"]["gz_admin"]
    good = [*row(make_credit_code(11, "440106"), "广州禾丰餐饮管理有限公司"), "何志明", "020-38001234"]
    bad = [*row(make_credit_code(12, "440106"), "广州乙餐饮店"), "", "2800123"]
    with pytest.raises(ExcelImportError) as exc:
        subjects_import(actor=admin, data=xlsx(good, bad), filename="名录.xlsx")
    assert [(e.row, e.column, e.header) for e in exc.value.row_errors] == [(3, "M", "联系电话")]
    assert "联系电话“2800123”格式不正确" in exc.value.row_errors[0].message
    subjects_import(actor=admin, data=xlsx(good), filename="名录.xlsx")
    subject = Subject.objects.get()
    assert (subject.legal_representative, subject.phone) == ("何志明", "020-38001234")
    # a file of the earlier template, without the two columns at the end, is still read
    workbook = Workbook()
    workbook.active.append(HEADERS[:-2])
    workbook.active.append(row(make_credit_code(13, "440106"), "广州丙超市"))
    assert subjects_import(actor=admin, data=save_workbook(workbook), filename="旧模板.xlsx").created == 1


def test_a_clean_file_is_written_in_batches_and_a_second_run_updates_by_credit_code(world, monkeypatch):  # noqa: F811
    """Idempotent by 统一社会信用代码 (a natural person by identity number): a second import updates, never doubles."""
    from yuezhifa.inspection.services import subject_excel

    monkeypatch.setattr(subject_excel, "WRITE_BATCH", 2)  # several batches from a small file
    admin, market = world["users"]["gz_admin"], world["bodies"]["th_market"]
    person = make_id_number(5, "440106", "19800101")
    rows = [row(make_credit_code(n, "440106"), f"广州商户{n}", grade="ABCD"[n % 4], graded_by=market.credit_code,
                graded_on="2026-03-31") for n in range(1, 6)]
    rows.append(row("", "李某某", kind="自然人", id_number=person))
    result = subjects_import(actor=admin, data=xlsx(*rows), filename="名录.xlsx")
    assert (result.created, result.updated) == (6, 0)
    assert Subject.objects.get(name="广州商户2").graded_by == market
    rows[0][8] = "D"  # 广州商户1 regraded
    again = subjects_import(actor=admin, data=xlsx(*rows), filename="名录.xlsx")
    assert (again.created, again.updated) == (0, 1)
    assert Subject.objects.count() == 6 and Subject.objects.get(name="广州商户1").risk_grade == "D"
    assert AuditEntry.objects.filter(action="inspection.subject.import").count() == 2


def test_a_sheet_declaring_a1_xfd1048576_with_three_rows_is_fast(world, tmp_path):  # noqa: F811
    """Work bounded by the rows the file really holds (core.excel MAX_BLANK_RUN), whatever the sheet declares; the
    command ``yzf import-subjects`` reads the same file."""
    data = xlsx(*[row(make_credit_code(n, "440106"), f"天河商户{n}") for n in range(1, 4)])
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', content)
                assert b"XFD1048576" in content
            target.writestr(info.filename, content)
    path = tmp_path / "名录.xlsx"
    path.write_bytes(out.getvalue())
    started = time.monotonic()
    stdout = io.StringIO()
    call_command("import_subjects", str(path), "--no-progress", stdout=stdout)
    assert time.monotonic() - started < 5  # generous: a padded read would take minutes
    assert "新增 3 个" in stdout.getvalue() and Subject.objects.count() == 3
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(row("91440101ABC", "坏代码")))
    with pytest.raises(CommandError, match="第 2 行 A 列"):
        call_command("import_subjects", str(bad), "--no-progress", stdout=io.StringIO())
