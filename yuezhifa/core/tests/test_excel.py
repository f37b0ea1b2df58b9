"""The shared Excel machinery (DESIGN §5.6): a bad file is refused in Chinese before any row is read, and a bad row is
reported by row number, column letter and header, together with every other bad row."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from yuezhifa.core import excel
from yuezhifa.core.errors import DomainError

COLUMNS = (
    excel.ExcelColumn("姓名", True, "必填。", field="name"),
    excel.ExcelColumn("编号", True, "必填。", field="number"),
    excel.ExcelColumn("日期", False, "选填。", field="day", kind="date"),
)
HEADERS = [c.header for c in COLUMNS]


def xlsx(*rows) -> bytes:
    """A plain workbook whose first sheet holds ``rows``, the header row first."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    return excel.save_workbook(workbook)


def checked_rows(data: bytes) -> tuple[list[excel.Row], list[excel.RowError]]:
    errors: list[excel.RowError] = []
    rows = [excel.Row(number, values, COLUMNS, errors) for number, values in excel.read_rows(data, "x.xlsx", COLUMNS)]
    return rows, errors


# --- the file ---------------------------------------------------------------------------------------------------


def test_wrong_header_names_the_column_and_the_expected_header():
    data = xlsx(["姓名", "号码", "日期"], ["张三", "A1", None])
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.read_rows(data, "x.xlsx", COLUMNS)
    [error] = caught.value.row_errors
    assert (error.row, error.column, error.header) == (1, "B", "编号")
    assert error.message == "表头应为“编号”，实际为“号码”。请使用导入模板。"
    assert str(error) == "第 1 行 B 列（编号）：表头应为“编号”，实际为“号码”。请使用导入模板。"
    assert "未导入任何数据" in caught.value.message


def test_unknown_extra_header_is_reported_by_its_own_column():
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.read_rows(xlsx([*HEADERS, "备注"], ["张三", "A1", None, "x"]), "x.xlsx", COLUMNS)
    [error] = caught.value.row_errors
    assert (error.row, error.column, error.header) == (1, "D", "备注")
    assert "模板中没有“备注”这一列" in error.message


def test_file_over_the_size_limit_is_refused_in_chinese():
    data = xlsx(HEADERS, ["张三", "A1", None])
    with pytest.raises(DomainError) as caught:
        excel.read_rows(data, "x.xlsx", COLUMNS, max_bytes=100)
    assert not isinstance(caught.value, excel.ExcelImportError)
    assert "超过上限" in caught.value.message and "请分批导入" in caught.value.message
    assert caught.value.field == "file"


@pytest.mark.parametrize(("filename", "data"), [
    ("名单.xls", xlsx(HEADERS, ["张三", "A1", None])),
    ("名单.csv", "姓名,编号\n张三,A1\n".encode()),
    ("名单.xlsx", b"not a zip at all"),
], ids=["xls", "csv", "broken"])
def test_file_that_is_not_xlsx_is_refused_in_chinese(filename, data):
    with pytest.raises(DomainError) as caught:
        excel.read_rows(data, filename, COLUMNS)
    assert not isinstance(caught.value, excel.ExcelImportError)
    assert "只能上传 .xlsx 格式的 Excel 文件" in caught.value.message


def test_row_cap_and_blank_rows():
    data = xlsx(HEADERS, ["张三", "A1", None], [None, None, None], ["李四", "A2", None], ["王五", "A3", None])
    with pytest.raises(DomainError, match="超过 2 行的上限（第 5 行起超出）"):
        excel.read_rows(data, "x.xlsx", COLUMNS, max_rows=2)
    assert [number for number, _ in excel.read_rows(data, "x.xlsx", COLUMNS)] == [2, 4, 5]


# --- the rows ---------------------------------------------------------------------------------------------------


def test_bad_row_is_reported_by_row_column_letter_and_header():
    rows, errors = checked_rows(xlsx(HEADERS, ["张三", "A1", "2025-01-01"], ["李四", None, "明天"]))
    for row in rows:
        row.text("姓名")
        row.text("编号")
        row.optional_date("日期")
    assert rows[0].ok and not rows[1].ok
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.raise_row_errors(errors)
    assert [str(e) for e in caught.value.row_errors] == [
        "第 3 行 B 列（编号）：必填，不能为空。",
        "第 3 行 C 列（日期）：“明天”不是有效日期，请按 2025-01-01 的格式填写。",
    ]
    assert caught.value.errors[0]["field"] == "3:B"


def test_dates_in_the_usual_forms_are_read():
    rows, errors = checked_rows(xlsx(HEADERS, ["张三", "A1", "2025年3月1日"], ["李四", "A2", None],
                                     ["王五", "A3", datetime.date(2025, 3, 1)]))
    assert [row.optional_date("日期") for row in rows] == [datetime.date(2025, 3, 1), None, datetime.date(2025, 3, 1)]
    assert errors == []


def test_duplicates_name_the_earlier_row():
    rows, errors = checked_rows(xlsx(HEADERS, ["张三", "A1", None], ["李四", "A1", None], ["王五", "A1", None]))
    excel.duplicates(rows, "编号", "编号", lambda r: excel.cell_text(r.raw["编号"]), show_value=True)
    assert [str(e) for e in errors] == ["第 3 行 B 列（编号）：与第 2 行的编号“A1”重复。",
                                        "第 4 行 B 列（编号）：与第 2 行的编号“A1”重复。"]


def test_service_refusal_is_placed_in_its_column():
    refusal = excel.row_refusal(7, DomainError("编号已被使用。", field="number"), excel.field_columns(COLUMNS))
    assert [str(e) for e in refusal.row_errors] == ["第 7 行 B 列（编号）：编号已被使用。"]


# --- writing ----------------------------------------------------------------------------------------------------


def test_template_has_the_import_header_and_instructions():
    workbook, _ = excel.new_workbook("名单", COLUMNS, ["状态"])
    excel.add_instructions(workbook, COLUMNS)
    saved = load_workbook(io.BytesIO(excel.save_workbook(workbook)))
    assert [c.value for c in saved["名单"][1]] == [*HEADERS, "状态"]
    assert [row[1] for row in saved["填写说明"].iter_rows(min_row=2, max_row=4, values_only=True)] == HEADERS


def test_export_over_the_cap_is_refused_in_chinese():
    class Rows:
        def count(self):
            return 3

    assert excel.check_export_size(Rows(), max_rows=3) == 3
    with pytest.raises(DomainError, match="超过单次导出上限 2 条"):
        excel.check_export_size(Rows(), max_rows=2)


# --- hostile files: refused safely, and the work bounded by what the file really holds --------------------------


def rewrite(data: bytes, part: str, change) -> bytes:
    """``data`` with the zip member ``part`` replaced by ``change(old bytes)``."""
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == part else content)
    return out.getvalue()


def with_doctype(xml: bytes) -> bytes:
    declaration = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    head, _, rest = xml.partition(b"?>")
    return head + b"?>" + declaration + rest


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "[Content_Types].xml", "xl/workbook.xml"])
def test_an_xml_doctype_or_entity_is_refused_naming_the_file_before_any_parser_reads_it(part, monkeypatch):
    data = rewrite(xlsx(HEADERS, ["张三", "A1", None]), part, with_doctype)
    monkeypatch.setattr(excel, "load_workbook", lambda *a, **k: pytest.fail("the XML parser must not see it"))
    with pytest.raises(DomainError) as caught:
        excel.read_rows(data, "名单.xlsx", COLUMNS)
    assert caught.value.field == "file"
    assert "“名单.xlsx”" in caught.value.message and "DOCTYPE" in caught.value.message


def test_a_doctype_in_utf16_xml_is_refused_too():
    def utf16(xml: bytes) -> bytes:
        text = with_doctype(xml).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return text.encode("utf-16")

    data = rewrite(xlsx(HEADERS, ["张三", "A1", None]), "xl/worksheets/sheet1.xml", utf16)
    with pytest.raises(DomainError, match="DOCTYPE"):
        excel.read_rows(data, "x.xlsx", COLUMNS)


def test_a_file_whose_xml_unpacks_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(excel, "MAX_XML_BYTES", 2000)
    with pytest.raises(DomainError, match="解压后超过"):
        excel.read_rows(xlsx(HEADERS, *[["张三", f"A{i}", None] for i in range(50)]), "x.xlsx", COLUMNS)


def test_a_broken_sheet_is_a_chinese_refusal_not_a_crash():
    data = rewrite(xlsx(HEADERS, ["张三", "A1", None]), "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(DomainError, match=r"无法读取文件“x\.xlsx”"):
        excel.read_rows(data, "x.xlsx", COLUMNS)


def counting(monkeypatch) -> list[int]:
    """Count the rows ``read_rows`` takes from the sheet (and the widest row), whatever the sheet declares."""
    seen = [0, 0]
    real_open = excel.open_sheet

    def open_sheet(*args, **kwargs):
        workbook, sheet = real_open(*args, **kwargs)
        real_iter = sheet.iter_rows

        def iter_rows(*a, **k):
            for row in real_iter(*a, **k):
                seen[0] += 1
                seen[1] = max(seen[1], len(row))
                yield row

        sheet.iter_rows = iter_rows
        return workbook, sheet

    monkeypatch.setattr(excel, "open_sheet", open_sheet)
    return seen


def huge_dimension(xml: bytes) -> bytes:
    import re as _re

    return _re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)


def test_a_sheet_declaring_a1_xfd1048576_is_read_by_its_real_rows(monkeypatch):
    """Was 15 s for a 42 KB file: openpyxl padded every row to 16,384 columns and yielded 1,048,576 rows."""
    import time

    data = rewrite(xlsx(HEADERS, ["张三", "A1", None], ["李四", "A2", None]), "xl/worksheets/sheet1.xml",
                   huge_dimension)
    assert b"XFD1048576" in __import__("zipfile").ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    seen = counting(monkeypatch)
    started = time.monotonic()
    rows = excel.read_rows(data, "x.xlsx", COLUMNS)
    assert [values[:2] for _, values in rows] == [("张三", "A1"), ("李四", "A2")]
    assert seen[0] == 3  # the header and two rows: nothing the dimension only claims
    assert seen[1] <= len(COLUMNS) + excel.EXTRA_COLUMNS
    assert time.monotonic() - started < 5  # generous: the point is the row count above


def test_reading_stops_after_a_run_of_blank_rows_however_far_the_last_row_is(monkeypatch):
    def far_row(xml: bytes) -> bytes:
        far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return huge_dimension(xml).replace(b"</sheetData>", far + b"</sheetData>")

    data = rewrite(xlsx(HEADERS, ["张三", "A1", None]), "xl/worksheets/sheet1.xml", far_row)
    seen = counting(monkeypatch)
    rows = excel.read_rows(data, "x.xlsx", COLUMNS)
    assert [n for n, _ in rows] == [2]
    assert seen[0] <= 2 + excel.MAX_BLANK_RUN
    assert seen[1] <= len(COLUMNS) + excel.EXTRA_COLUMNS


def test_blank_rows_between_data_rows_are_still_skipped():
    data = xlsx(HEADERS, ["张三", "A1", None], *[[None, None, None]] * 5, ["李四", "A2", None])
    assert [n for n, _ in excel.read_rows(data, "x.xlsx", COLUMNS)] == [2, 8]
