"""Exports never carry a formula a spreadsheet would run (CWE-1236, "CSV injection"): every CSV row and every saved
workbook neutralises text that begins with =, +, -, @, a tab or a CR; numbers stay numbers."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from yuezhifa.core import excel

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x.example","点击")',
             "=cmd|' /C calc'!A0"]
HARMLESS = ["当事人张某", "罚款 -", "a=b", "13800138000", ""]


@pytest.mark.parametrize("value", DANGEROUS)
def test_dangerous_text_is_neutralised(value):
    assert excel.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [*HARMLESS, -5, Decimal("-7.5"), -1.25, None])
def test_harmless_values_and_numbers_are_left_alone(value):
    assert excel.neutralise(value) == value


def test_csv_writer_quotes_formula_cells_and_keeps_numbers():
    buffer = io.StringIO()
    writer = excel.csv_writer(buffer)
    writer.writerow(["=1+1", -5, "-3", "正常"])
    writer.writerows([["@x", Decimal("-1.50")]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["'=1+1", "-5", "'-3", "正常"], ["'@x", "-1.50"]]


def test_saved_workbook_has_no_formula_and_keeps_the_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*DANGEROUS, -5, "正常"])
    data = excel.save_workbook(workbook)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    row = next(load_workbook(io.BytesIO(data)).active.iter_rows())
    assert [c.value for c in row] == [*DANGEROUS, -5, "正常"]
    assert all(c.data_type == "s" and c.quotePrefix for c in row[:len(DANGEROUS)])
    assert row[len(DANGEROUS)].data_type == "n"  # a negative number stays a number
