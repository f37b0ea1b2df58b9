"""The item pages: list with filters and search, detail with its basis, import/export, the adjustment workflow."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from yuezhifa.items.models import AdjustmentStatus, BasisAdjustment, Item

from .factories import ItemBasisFactory, ItemFactory, child
from .test_excel import good_file


@pytest.fixture
def item(world):
    item = ItemFactory(code="440000-XZCF-00124", name="对生产经营用非食品原料生产食品的行政处罚")
    ItemBasisFactory(item=item, provision=child(world["articles"][124], "P1.I1"))
    return item


def login(client, user):
    client.force_login(user)
    return client


def test_list_filters_search_and_nav(client, world, item):
    ItemFactory(code="440000-XZJC-00001", type="inspection", name="食品生产经营日常监督检查", levels=["township"])
    c = login(client, world["users"]["t_officer"])
    page = c.get("/items/").content.decode()
    assert "对生产经营用非食品原料生产食品的行政处罚" in page and "食品生产经营日常监督检查" in page
    assert 'href="/items/"' in page  # the nav section
    page = c.get("/items/?type=inspection").content.decode()
    assert "非食品原料" not in page and "日常监督检查" in page
    page = c.get("/items/?q=非食品原料").content.decode()
    assert "非食品原料" in page and "日常监督检查" not in page
    page = c.get("/items/?level=township").content.decode()
    assert "非食品原料" not in page
    assert "从 Excel 导入" not in page


def test_list_query_count_is_bounded(client, world):
    c = login(client, world["users"]["t_officer"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/items/").status_code == 200
        return len(ctx)

    ItemFactory()
    few = count()
    for _ in range(15):
        ItemFactory()
    assert count() == few


def test_detail_shows_bases_linking_to_the_provision_page(client, world, item):
    page = login(client, world["users"]["t_officer"]).get(f"/items/{item.pk}/").content.decode()
    provision = child(world["articles"][124], "P1.I1")
    assert f'/laws/provisions/{provision.pk}/' in page
    assert "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项" in page
    assert "可用于办案" in page


def test_detail_of_an_unregistered_item_warns_with_article_13(client, world):
    item = ItemFactory(registered=False, registered_code="", status="draft")
    page = login(client, world["users"]["t_officer"]).get(f"/items/{item.pk}/").content.decode()
    assert "第13条(二)" in page


def test_import_page_only_for_the_provincial_maintainers(client, world):
    assert login(client, world["users"]["c_admin"]).get("/items/import/").status_code == 403
    c = login(client, world["users"]["p_admin"])
    assert c.get("/items/import/").status_code == 200
    template = c.get("/items/import/template/")
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).worksheets[0]["A1"].value == "事项编码"


def test_import_shows_every_row_error_and_imports_a_good_file(client, world):
    from .test_excel import row, sheet

    c = login(client, world["users"]["p_admin"])
    bad = io.BytesIO(sheet(row(**{"事项编码": "bad"})))
    bad.name = "坏.xlsx"
    page = c.post("/items/import/", {"file": bad}).content.decode()
    assert "第 2 行" in page and "格式不正确" in page
    assert Item.objects.count() == 0
    good = io.BytesIO(good_file())
    good.name = "清单.xlsx"
    response = c.post("/items/import/", {"file": good})
    assert response.status_code == 302 and Item.objects.count() == 3


def test_export_follows_the_filters(client, world, item):
    ItemFactory(code="440000-XZJC-00001", type="inspection")
    response = login(client, world["users"]["t_officer"]).get("/items/export/?type=penalty")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == ["440000-XZCF-00124"]


def test_adjustment_workflow_pages(client, world, item):
    admin, head = world["users"]["t_admin"], world["users"]["t_head"]
    c = login(client, admin)
    form = c.get(f"/items/{item.pk}/adjust/")
    assert form.status_code == 200
    assert "处罚依据：《中华人民共和国食品安全法》第一百二十四条第一款第（一）项" in form.content.decode()
    bad = c.post(f"/items/{item.pk}/adjust/", {"body": world["bodies"]["t_market"].pk, "reason": "急需",
                                               "bases": "处罚依据：《中华人民共和国食品安全法》第九百条"})
    assert "第九百条" in bad.content.decode() and not BasisAdjustment.objects.exists()
    response = c.post(f"/items/{item.pk}/adjust/", {
        "body": world["bodies"]["t_market"].pk, "reason": "上位法条文调整，急需办案",
        "bases": "处罚依据：《中华人民共和国食品安全法》第一百二十五条\n违法依据：《食品安全法》第三十四条第一款第（二）项"})
    adj = BasisAdjustment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/items/adjustments/{adj.pk}/"
    assert [b["role"] for b in adj.proposed_bases] == ["penalty", "violated"]
    # The administrator cannot approve; the head can.
    c.post(f"/items/adjustments/{adj.pk}/approve/")
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.SUBMITTED
    hc = client.__class__()
    hc.force_login(head)
    assert "批准" in hc.get(f"/items/adjustments/{adj.pk}/").content.decode()
    hc.post(f"/items/adjustments/{adj.pk}/approve/", {"note": "同意"})
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.APPROVED and adj.approved_by == head
    c.post(f"/items/adjustments/{adj.pk}/report/", {"reported_to": "广州市市场监督管理局"})
    adj.refresh_from_db()
    assert adj.reported_to == "广州市市场监督管理局"
    assert "广州市天河区市场监督管理局" in c.get("/items/adjustments/").content.decode()


def test_an_officer_cannot_open_the_adjustment_form(client, world, item):
    assert login(client, world["users"]["t_officer"]).get(f"/items/{item.pk}/adjust/").status_code == 403


def test_status_buttons_for_the_maintainers_only(client, world, item):
    officer = login(client, world["users"]["t_officer"])
    assert officer.post(f"/items/{item.pk}/status/suspend/", {"reason": "x"}).status_code == 403
    c = login(client, world["users"]["p_admin"])
    response = c.post(f"/items/{item.pk}/status/suspend/", {"reason": "依据修订中"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "suspended" and item.status_reason == "依据修订中"
    page = c.get(f"/items/{item.pk}/").content.decode()
    assert "暂停使用" in page and "设为有效" in page


def test_admin_lists_and_creates_through_the_service(client, world):
    from yuezhifa.audit.models import AuditEntry

    c = login(client, world["users"]["superuser"])
    assert c.get("/admin/items/item/").status_code == 200
    response = c.post("/admin/items/item/add/", {
        "code": "440000-XZJC-00009", "name": "对食品生产经营活动的监督检查", "type": "inspection",
        "domain": "market", "levels": '["city", "county"]', "department": "", "registered_code": "",
        "effective_from": "", "effective_until": "", "note": "",
        "bases-TOTAL_FORMS": "0", "bases-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Item.objects.get(code="440000-XZJC-00009").levels == ["city", "county"]
    assert AuditEntry.objects.filter(action="items.item.create").exists()
