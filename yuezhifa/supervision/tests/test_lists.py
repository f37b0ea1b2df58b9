"""The supervisor's lists searched and filtered (docs/decisions/0051): by body, division, item, date, stage and alert
type, with search by 案号, 案由 and party name. Always within the supervision scope; a natural person's name is shown
masked and found only whole; an ID number is never searched, so a search cannot confirm a masked number. The file
itself stays behind a grant (办法 第三十七条)."""

import copy
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yuezhifa.cases.models import Case, Party
from yuezhifa.cases.tests.conftest import Runner, make_world

from ..alerts import evaluate_alerts
from ..dashboard import refresh_stats
from ..models import Alert
from .conftest import D, decided, make_people

pytestmark = pytest.mark.django_db

ID_NUMBER = "440106198805051234"


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
        source = run.open("2026-09-28 09:00", cause="无照经营早餐店")
        Party.objects.create(case=source, kind="person", name="欧阳建华", id_number=ID_NUMBER)
        Case.objects.filter(pk=source.pk).update(item=world["petty"])
        evaluate_alerts(on=D(2026, 10, 28))
        refresh_stats()
        yield world, people, {"decided": case, "source": source}


@pytest.fixture
def world(_shared, db):
    return copy.deepcopy(_shared[0])


@pytest.fixture
def people(_shared, db):
    return copy.deepcopy(_shared[1])


@pytest.fixture
def cases(_shared, db):
    return copy.deepcopy(_shared[2])


def get(client, name, query="") -> str:
    response = client.get(reverse(name) + ("?" + query if query else ""))
    assert response.status_code == 200
    return response.content.decode()


def table(page: str) -> str:
    return page.split('<table', 1)[1]


def test_supervisor_searches_cases_by_number_cause_and_party(cases, people, client):
    client.force_login(people["gz_sup"])
    number = cases["decided"].number
    page = get(client, "supervision:cases", f"q={number}")
    assert number in page and "无照经营早餐店" not in page
    page = get(client, "supervision:cases", "q=早餐")
    assert "无照经营早餐店" in page and number not in page
    assert number in get(client, "supervision:cases", "q=禾盛商贸")  # an organisation: part of its name
    page = get(client, "supervision:cases", "q=欧阳建华")  # a natural person: the whole name, shown masked
    assert "无照经营早餐店" in page and "欧***" in page and "欧阳建华" not in page.replace('value="欧阳建华"', "")
    assert "无照经营早餐店" not in get(client, "supervision:cases", "q=欧阳")


def test_a_search_by_id_number_finds_nothing_and_shows_no_number(cases, people, client):
    """DESIGN §5.5: the lists never show an ID number, and a search must not confirm a masked one."""
    client.force_login(people["gz_sup"])
    for query in (f"q={ID_NUMBER}", f"q={ID_NUMBER[-4:]}", "q=440106198805"):
        page = get(client, "supervision:cases", query)
        assert "无照经营早餐店" not in page and "没有符合条件的案件" in page
        page = get(client, "supervision:alerts", query)
        assert "无照经营早餐店" not in page
    page = get(client, "supervision:cases", "q=早餐")
    assert ID_NUMBER not in page and ID_NUMBER[6:14] not in page


def test_a_supervisor_of_another_city_finds_nothing(cases, people, client):
    client.force_login(people["sz_sup"])
    for query in (f"q={cases['decided'].number}", "q=早餐", "q=欧阳建华", "q=禾盛商贸", "division=4401"):
        assert "没有符合条件的案件" in get(client, "supervision:cases", query), query
        assert "没有符合条件的预警" in get(client, "supervision:alerts", query), query
    # a body of 广州 is not among 深圳's choices: naming it is a form error, never its cases
    page = get(client, "supervision:cases", f"body={cases['decided'].body_id}")
    assert cases["decided"].number not in page and "筛选条件有误" in page
    assert "广州市天河区市场监督管理局" not in page


def test_case_filters_body_division_item_stage_and_period(cases, people, client, world):
    client.force_login(people["gz_sup"])
    number = cases["decided"].number
    page = get(client, "supervision:cases")
    assert f'<option value="{cases["decided"].body_id}">广州市天河区市场监督管理局</option>' in page
    assert number in get(client, "supervision:cases", f"body={cases['decided'].body_id}")
    assert number in get(client, "supervision:cases", "division=440106")
    assert "没有符合条件的案件" in get(client, "supervision:cases", "division=4403")
    page = get(client, "supervision:cases", "division=44'")
    assert "行政区划代码应为 2 至 12 位数字" in page and number not in page
    page = get(client, "supervision:cases", "item=小额违法")
    assert "无照经营早餐店" in page and number not in page
    page = get(client, "supervision:cases", f"item={world['item'].code}")
    assert number in page and "无照经营早餐店" not in page
    page = get(client, "supervision:cases", "stage=source")
    assert "无照经营早餐店" in page and number not in page
    assert "没有符合条件的案件" in get(client, "supervision:cases", "from=2026-10&to=2026-11")  # both registered 09
    assert number in get(client, "supervision:cases", "from=2026-09&to=2026-09&stage=decided")
    # sort: registered the same morning; by decision date the decided case comes first ascending
    page = get(client, "supervision:cases", "sort=-decided_at")
    assert 'aria-sort="descending"' in page


def test_case_export_follows_the_filters_and_masks_the_person(cases, people, client):
    client.force_login(people["gz_sup"])
    response = client.get(reverse("supervision:cases") + "?q=欧阳建华&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["案号", "案由", "当事人", "执法事项"]
    assert len(rows) == 2 and rows[1][1] == "无照经营早餐店" and rows[1][2] == "欧***"
    assert "欧阳建华" not in str(rows) and ID_NUMBER not in str(rows)


def test_alert_filters_type_state_body_item_stage_and_dates(cases, people, client):
    client.force_login(people["gz_sup"])
    page = table(get(client, "supervision:alerts"))
    assert "案件来源逾期未作出立案决定" in page  # the open source case, evaluated on 2026-10-28
    assert "案件来源逾期未作出立案决定" in table(get(client, "supervision:alerts", "rule=filing_overdue&problem=not_filed"))
    assert "案件来源逾期未作出立案决定" not in table(get(client, "supervision:alerts", "rule=decision_overdue"))
    assert "案件来源逾期未作出立案决定" in table(get(client, "supervision:alerts", "q=早餐&stage=source&item=小额违法"))
    assert "案件来源逾期未作出立案决定" not in table(get(client, "supervision:alerts", "stage=decided&rule=filing_overdue"))
    seen = Alert.objects.get(rule="filing_overdue", case=cases["source"]).first_seen  # the day after the due date
    one_day = f"seen_from={seen}&seen_to={seen}"
    assert "案件来源逾期未作出立案决定" in table(get(client, "supervision:alerts", one_day))
    later = f"seen_from={seen + datetime.timedelta(days=1)}"
    assert "案件来源逾期未作出立案决定" not in table(get(client, "supervision:alerts", later))
    assert "案件来源逾期未作出立案决定" in table(get(client, "supervision:alerts", "division=4401&state=open"))
    page = get(client, "supervision:alerts", "rule=nonsense")
    assert "筛选条件有误" in page and "没有符合条件的预警" in table(page)
    response = client.get(reverse("supervision:alerts") + "?rule=filing_overdue&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "案件来源逾期未作出立案决定" and sheet.max_row == 2


def test_a_body_head_filters_only_its_own_alerts(cases, people, client, run):
    """The alert list is also the body's (own_bodies_q): its body choice lists only the bodies of its alerts."""
    client.force_login(run.world["users"]["head"])
    page = table(get(client, "supervision:alerts", "q=早餐"))
    assert "案件来源逾期未作出立案决定" in page
    client.force_login(run.world["users"]["other"])
    assert "案件来源逾期未作出立案决定" not in table(get(client, "supervision:alerts", "q=早餐"))


def test_a_supervisors_search_is_audited(cases, people, client, run):
    """A search by a party's name asks about a person: who searched for what is audited (办法 第三十七条、第六十五条;
    docs/decisions/0051). An officer's search of the alert list is not a supervisor's and is not recorded."""
    from yuezhifa.audit.models import AuditEntry

    client.force_login(people["gz_sup"])
    get(client, "supervision:cases", "q=欧阳建华")
    get(client, "supervision:cases", "q=欧阳建华&page=2")  # paging the same search is not a new search
    get(client, "supervision:alerts", "q=早餐")
    get(client, "supervision:cases", "stage=source")  # no search term: nothing to record
    entries = list(AuditEntry.objects.filter(action="supervision.search").order_by("pk"))
    assert [(e.after["list"], e.after["q"], e.after["found"]) for e in entries] == [
        ("cases", "欧阳建华", 1), ("alerts", "早餐", 1)]
    assert entries[0].actor_id == people["gz_sup"].pk
    client.force_login(run.world["users"]["head"])
    get(client, "supervision:alerts", "q=早餐")
    assert AuditEntry.objects.filter(action="supervision.search").count() == 2


def test_dashboard_tables_show_their_cells_with_labels_for_the_phone(cases, people, client):
    """Each cell of the dashboard's tables is its value (not a header/value pair), labelled for the card layout a
    phone shows; the period form is the wrapping one."""
    client.force_login(people["gz_sup"])
    page = get(client, "supervision:dashboard")
    assert '<td data-label="案件数">2</td>' in page and "('案件数'" not in page
    assert 'class="case-search period-form"' in page


def test_a_body_member_is_not_offered_the_supervisor_only_alert_types(cases, people, client, run):
    """投诉 alerts are the supervisors' only (permissions.SUPERVISOR_ONLY_RULES): not even their type is offered."""
    client.force_login(run.world["users"]["head"])
    assert "被检查企业投诉行政检查" not in get(client, "supervision:alerts")
    client.force_login(people["gz_sup"])
    assert "被检查企业投诉行政检查" in get(client, "supervision:alerts")
