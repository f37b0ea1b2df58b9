"""Importing and exporting the provincial item list as Excel: every bad row named, nothing half-written, the same
file twice changes nothing."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import NotAllowed
from yuezhifa.items import selectors
from yuezhifa.items.models import Item, ItemStatus
from yuezhifa.items.services import excel

HEADERS = [c.header for c in excel.ITEM_COLUMNS]
FOOD = "《中华人民共和国食品安全法》"


def sheet(*rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(**values):
    base = {"事项编码": "440000-XZCF-00124", "事项名称": "对生产经营用非食品原料生产食品的行政处罚",
            "事项类型": "行政处罚", "执法领域": "市场监管", "实施层级": "省级、市级、县级",
            "实施主体": "县级以上人民政府食品安全监督管理部门",
            "违法依据": f"{FOOD}第三十四条第一款第（一）项", "处罚依据": f"{FOOD}第一百二十四条第一款第（一）项",
            "状态": "有效", "省事项管理系统编码": "11440000MB2C90034Q4440112400001"}
    base.update(values)
    return base


def good_file() -> bytes:
    return sheet(
        row(),
        row(**{"事项编码": "440000-XZCF-00122", "事项名称": "对未取得食品生产经营许可从事食品生产经营活动的行政处罚",
               "违法依据": "", "处罚依据": f"{FOOD}第一百二十二条", "省事项管理系统编码": "REG-122",
               "实施层级": "县级、市级"}),
        row(**{"事项编码": "440000-XZJC-00001", "事项名称": "对食品生产经营活动的监督检查", "事项类型": "行政检查",
               "违法依据": "", "处罚依据": "", "检查依据": f"{FOOD}第一百一十条", "状态": "",
               "省事项管理系统编码": ""}),
    )


def test_a_good_file_imports_and_the_same_file_again_changes_nothing(world):
    admin = world["users"]["p_admin"]
    result = excel.items_import(actor=admin, data=good_file(), filename="清单.xlsx")
    assert len(result.created) == 3 and not result.updated
    item = Item.objects.get(code="440000-XZCF-00124")
    assert item.status == ItemStatus.ACTIVE and item.registered
    assert [(b.role, b.provision.citation) for b in item.bases.order_by("order")] == [
        ("penalty", f"{FOOD}第一百二十四条第一款第（一）项"), ("violated", f"{FOOD}第三十四条第一款第（一）项")]
    assert Item.objects.get(code="440000-XZJC-00001").status == ItemStatus.DRAFT
    assert Item.objects.get(code="440000-XZCF-00122").levels == ["city", "county"]
    assert AuditEntry.objects.filter(action="items.item.import").count() == 1
    assert not AuditEntry.objects.filter(action="items.item.create").exists()  # one summary entry

    snapshot = list(Item.objects.order_by("code").values_list("code", "version", "updated_at"))
    again = excel.items_import(actor=admin, data=good_file(), filename="清单.xlsx")
    assert again.count == 0 and len(again.unchanged) == 3
    assert list(Item.objects.order_by("code").values_list("code", "version", "updated_at")) == snapshot


def test_every_bad_row_is_listed_with_row_and_column_and_nothing_is_imported(world):
    data = sheet(
        row(),
        row(**{"事项编码": "440000-XZCF-124", "省事项管理系统编码": "R2"}),                      # row 3: code format
        row(**{"事项编码": "440000-XZCF-00124", "省事项管理系统编码": "R3"}),                    # row 4: duplicate code
        row(**{"事项编码": "440000-XZCF-00200", "处罚依据": f"{FOOD}第九百九十九条",
               "省事项管理系统编码": "R4"}),                                                  # row 5: unknown citation
        row(**{"事项编码": "440000-XZCF-00201", "事项类型": "行政罚款", "执法领域": "外星",
               "实施层级": "村级", "省事项管理系统编码": "R5"}),                                  # row 6: three cells
        row(**{"事项编码": "440000-XZCF-00202", "省事项管理系统编码": ""}),                      # row 7: active, unregistered
        row(**{"事项编码": "440000-XZQZ-00203", "省事项管理系统编码": "R7"}),                    # row 8: type segment
    )
    with pytest.raises(excel.ExcelImportError) as exc:
        excel.items_import(actor=world["users"]["p_admin"], data=data, filename="坏.xlsx")
    found = {(e.row, e.column, e.header) for e in exc.value.row_errors}
    assert found == {
        (3, "A", "事项编码"), (4, "A", "事项编码"), (5, "H", "处罚依据"), (6, "C", "事项类型"), (6, "D", "执法领域"),
        (6, "E", "实施层级"), (7, "N", "省事项管理系统编码"), (8, "A", "事项编码")}
    messages = {(e.row, e.header): e.message for e in exc.value.row_errors}
    assert "第九百九十九条" in messages[(5, "处罚依据")]
    assert "第 2 行" in messages[(4, "事项编码")]
    assert "第13条(二)" in messages[(7, "省事项管理系统编码")]
    assert Item.objects.count() == 0
    assert not AuditEntry.objects.filter(action="items.item.import").exists()


def test_a_code_already_in_the_library_with_other_content_is_a_row_error(world):
    admin = world["users"]["p_admin"]
    excel.items_import(actor=admin, data=good_file(), filename="清单.xlsx")
    changed = sheet(row(**{"事项名称": "对用非食品原料生产食品的行政处罚"}))
    with pytest.raises(excel.ExcelImportError) as exc:
        excel.items_import(actor=admin, data=changed, filename="改.xlsx")
    (error,) = exc.value.row_errors
    assert (error.row, error.column) == (2, "A")
    assert "已存在" in error.message and "事项名称" in error.message
    assert Item.objects.get(code="440000-XZCF-00124").name == "对生产经营用非食品原料生产食品的行政处罚"
    result = excel.items_import(actor=admin, data=changed, filename="改.xlsx", update_existing=True)
    assert [i.code for i in result.updated] == ["440000-XZCF-00124"]
    item = Item.objects.get(code="440000-XZCF-00124")
    assert item.name == "对用非食品原料生产食品的行政处罚" and item.version == 2


def test_a_registration_code_of_another_item_is_a_row_error(world):
    admin = world["users"]["p_admin"]
    excel.items_import(actor=admin, data=good_file(), filename="清单.xlsx")
    data = sheet(row(**{"事项编码": "440000-XZCF-00300", "省事项管理系统编码": "REG-122"}))
    with pytest.raises(excel.ExcelImportError) as exc:
        excel.items_import(actor=admin, data=data, filename="x.xlsx")
    assert [(e.row, e.header) for e in exc.value.row_errors] == [(2, "省事项管理系统编码")]


def test_a_wrong_header_is_reported_on_row_1(world):
    headers = list(HEADERS)
    headers[1] = "名称"
    with pytest.raises(excel.ExcelImportError) as exc:
        excel.items_import(actor=world["users"]["p_admin"], data=sheet(row(), headers=headers), filename="x.xlsx")
    assert [(e.row, e.column) for e in exc.value.row_errors] == [(1, "B")]


def test_a_city_administrator_cannot_import(world):
    with pytest.raises(NotAllowed):
        excel.items_import(actor=world["users"]["c_admin"], data=good_file(), filename="清单.xlsx")


def test_export_of_the_filtered_list_imports_back_unchanged(world):
    admin = world["users"]["p_admin"]
    excel.items_import(actor=admin, data=good_file(), filename="清单.xlsx")
    data = excel.items_export(actor=admin, items=selectors.item_list(user=admin, type="penalty"))
    ws = load_workbook(io.BytesIO(data)).active
    values = list(ws.iter_rows(values_only=True))
    assert list(values[0][:len(HEADERS)]) == HEADERS
    assert [v[0] for v in values[1:]] == ["440000-XZCF-00122", "440000-XZCF-00124"]
    assert values[2][HEADERS.index("违法依据")] == f"{FOOD}第三十四条第一款第（一）项"
    result = excel.items_import(actor=admin, data=data, filename="导出.xlsx")
    assert result.count == 0 and len(result.unchanged) == 2


def test_the_template_is_an_empty_list_with_instructions(world):
    wb = load_workbook(io.BytesIO(excel.item_template()))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS
    assert wb.worksheets[0].max_row == 1
    assert wb.worksheets[1].title == "填写说明"
