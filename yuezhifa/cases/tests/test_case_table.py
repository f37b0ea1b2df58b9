"""全部案件 as a table (docs/decisions/0051): filters, sort, pagination, column choice and export (formula cells
neutralised, ID numbers masked as on the page). The cases are opened by the engine; the derived columns the filters
read (party, item, next due date) are set on the rows directly, as the list only reads them."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from yuezhifa.cases.models import Case, Party

pytestmark = pytest.mark.django_db

ID_NUMBER = "440106199001011234"
MASKED_ID = "440106********1234"


@pytest.fixture
def client_of(world):
    def login(name):
        client = Client()
        client.force_login(world["users"][name])
        return client

    return login


@pytest.fixture
def three(run, world):
    """Three cases of 陈志强: overdue with a person as party, due in 5 days with a company, and one with no due date
    whose cause a spreadsheet would read as a formula."""
    today = timezone.localdate()
    a = run.open("2026-09-28 09:00", cause="销售过期饼干")
    b = run.open("2026-10-12 09:00", cause="无证经营餐饮")
    c = run.open("2026-11-02 09:00", cause="=HYPERLINK(\"http://x\")")
    Case.objects.filter(pk=a.pk).update(next_due=today - datetime.timedelta(days=2), item=world["item"])
    Case.objects.filter(pk=b.pk).update(next_due=today + datetime.timedelta(days=5), item=world["petty"])
    Case.objects.filter(pk=c.pk).update(next_due=None)
    Party.objects.create(case=a, kind="person", name="张三", id_number=ID_NUMBER)
    Party.objects.create(case=b, kind="organisation", name="广州禾盛商贸有限公司", credit_code="91440106MA5DQ7K2X1")
    return a, b, c


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_filters_stage_item_party_registered_and_due(three, client_of):
    client = client_of("chen")
    assert all(x in page(client.get("/cases/all/")) for x in ("销售过期饼干", "无证经营餐饮"))
    only = page(client.get("/cases/all/?due=overdue"))
    assert "销售过期饼干" in only and "无证经营餐饮" not in only
    # due within 7 days: today .. today+7 takes the one due in 5 days, not the overdue one
    only = page(client.get("/cases/all/?due=7"))
    assert "无证经营餐饮" in only and "销售过期饼干" not in only
    assert "无证经营餐饮" not in page(client.get("/cases/all/?due=3"))
    only = page(client.get("/cases/all/?item=超过保质期"))
    assert "销售过期饼干" in only and "无证经营餐饮" not in only
    only = page(client.get("/cases/all/?party=禾盛"))
    assert "无证经营餐饮" in only and "销售过期饼干" not in only
    only = page(client.get("/cases/all/?registered_from=2026-10-01&registered_to=2026-10-31"))
    assert "无证经营餐饮" in only and "销售过期饼干" not in only and "HYPERLINK" not in only
    assert "销售过期饼干" in page(client.get("/cases/all/?stage=source&q=饼干"))
    assert "销售过期饼干" not in page(client.get("/cases/all/?stage=decided"))
    assert "销售过期饼干" not in page(client.get("/cases/all/?q=牛奶"))


def test_bad_filter_value_is_a_form_error_not_a_server_error(three, client_of):
    body = page(client_of("chen").get("/cases/all/?registered_from=2026-13-45&due=99"))
    assert "筛选条件有误" in body and "销售过期饼干" not in body


def test_a_search_by_id_number_does_not_find_the_party(three, client_of):
    """The table shows ID numbers masked (DESIGN §5.5): the search box and the party filter do not look them up."""
    client = client_of("chen")
    assert "销售过期饼干" not in page(client.get(f"/cases/all/?q={ID_NUMBER}"))
    assert "销售过期饼干" not in page(client.get(f"/cases/all/?party={ID_NUMBER}"))


def test_sort_by_registered_and_due(three, client_of):
    client = client_of("chen")
    body = page(client.get("/cases/all/?sort=registered_at"))
    assert body.index("销售过期饼干") < body.index("无证经营餐饮")
    body = page(client.get("/cases/all/?sort=-registered_at"))
    assert body.index("无证经营餐饮") < body.index("销售过期饼干")
    body = page(client.get("/cases/all/?sort=next_due"))
    assert body.index("销售过期饼干") < body.index("无证经营餐饮")
    assert 'aria-sort="ascending"' in body
    assert page(client.get("/cases/all/?sort=cause;drop"))  # an unknown sort is ignored


def test_pagination_keeps_the_filters(run, client_of):
    for n in range(23):
        run.open("2026-09-28 09:00", cause=f"案源{n:02d}")
    client = client_of("chen")
    first = page(client.get("/cases/all/?stage=source&cols=cause"))
    second = page(client.get("/cases/all/?stage=source&cols=cause&page=2"))
    assert first.count("<tr>") - 1 == 20 and second.count("<tr>") - 1 == 3  # one header row
    assert "第 1 / 2 页" in first
    assert "stage=source" in first.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert "cols=cause" in first.split('rel="next"')[0].rsplit("href=", 1)[1]


def test_column_choice(three, client_of):
    client = client_of("chen")
    default = page(client.get("/cases/all/"))
    assert "<th" in default and "当事人证件号码" not in default.split("<table")[1] and "执法事项" in default
    chosen = page(client.get("/cases/all/?cols=cause&cols=party_ids"))
    table = chosen.split("<table")[1]
    assert "当事人证件号码" in table and MASKED_ID in table and ID_NUMBER not in chosen
    assert ">执法事项<" not in table and ">案号" in table  # 案号 is always shown: it links to the case
    # the filter form carries the chosen columns, so filtering keeps them
    assert '<input type="hidden" name="cols" value="party_ids">' in chosen


def test_export_excel_and_csv_are_filtered_masked_and_formula_safe(three, client_of):
    client = client_of("chen")
    response = client.get("/cases/all/?cols=cause&cols=party_ids&cols=due&sort=registered_at&export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["案号", "案由", "当事人证件号码", "最近到期日"]
    assert [r[1] for r in rows[1:]] == ["销售过期饼干", "无证经营餐饮", '=HYPERLINK("http://x")']
    assert rows[1][2] == MASKED_ID
    formula = sheet.cell(row=4, column=2)
    assert formula.data_type == "s" and formula.quotePrefix  # text, not a formula
    assert ID_NUMBER not in response.content.decode("latin-1")

    response = client.get("/cases/all/?due=overdue&cols=cause&cols=party_ids&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["案号", "案由", "当事人证件号码"], ["", "销售过期饼干", MASKED_ID]]
    rows = list(csv.reader(io.StringIO(client.get("/cases/all/?q=HYPERLINK&export=csv").content.decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"


def test_export_only_reads_the_users_cases(run, world, three, client_of):
    run.__class__(world).open("2026-09-28 09:00", user="other", cause="深圳某店无照经营")
    content = client_of("chen").get("/cases/all/?export=csv").content.decode("utf-8-sig")
    assert "销售过期饼干" in content and "深圳某店无照经营" not in content


def test_export_above_the_cap_is_refused_in_chinese(three, client_of, monkeypatch):
    monkeypatch.setattr("yuezhifa.core.excel.MAX_EXPORT_ROWS", 2)
    from yuezhifa.core import excel

    monkeypatch.setattr(excel.check_export_size, "__kwdefaults__", {"max_rows": 2})
    response = client_of("chen").get("/cases/all/?export=xlsx")
    assert response.status_code == 200 and "超过单次导出上限" in response.content.decode()


def test_a_returned_case_is_marked_in_the_table(three, client_of):
    """docs/decisions/0046: a case sent back to its officer shows 退回 with the reason, in the table as in the to-do."""
    a, _, _ = three
    Case.objects.filter(pk=a.pk).update(returned_reason="证据不足，请补充调查。")
    body = page(client_of("chen").get("/cases/all/"))
    assert 'title="证据不足，请补充调查。">退回</span>' in body


def test_the_page_reads_a_fixed_number_of_queries(run, three, client_of, world):
    """Parties, item and body are fetched with the page: more rows do not mean more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of("chen")
    url = "/cases/all/?cols=cause&cols=parties&cols=party_ids&cols=item&cols=body&cols=stage&cols=due"
    with CaptureQueriesContext(connection) as few:
        page(client.get(url))
    for n in range(3):
        case = run.open("2026-10-20 09:00", cause=f"再一件{n}")
        Party.objects.create(case=case, kind="person", name=f"李{n}", id_number=ID_NUMBER)
    with CaptureQueriesContext(connection) as more:
        body = page(client.get(url))
    assert "再一件2" in body and len(more) == len(few)
