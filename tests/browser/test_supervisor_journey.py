"""The supervisor's journey in real Chromium, at a desk (1366×768) and on a phone (390×844): searches and filters the
cases and alerts of the jurisdiction (docs/decisions/0051), then reads the dashboard, whose charts fit the screen;
and the officer's 全部案件 table with its filters and column choice. On every page: nothing wider than the viewport."""

import pytest

from yuezhifa.cases.models import Party
from yuezhifa.cases.tests.conftest import world  # noqa: F401  (the world fixture)
from yuezhifa.supervision.alerts import evaluate_alerts
from yuezhifa.supervision.dashboard import refresh_stats
from yuezhifa.supervision.tests.conftest import D, decided, people, run  # noqa: F401  (fixtures)

from .test_case_journey import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
WIDTHS = [pytest.param(DESK, id="desk"), pytest.param(PHONE, id="phone")]


def fits(page):
    """Nothing is wider than the viewport (the page never scrolls sideways)."""
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url}: 页面宽 {width[0]}px，超出视口 {width[1]}px"


@pytest.fixture
def jurisdiction(run, people):  # noqa: F811
    case = decided(run)
    run.case = None
    source = run.open("2026-09-28 09:00", cause="无照经营早餐店")
    Party.objects.create(case=source, kind="person", name="欧阳建华", id_number="440106198805051234")
    evaluate_alerts(on=D(2026, 10, 28))
    refresh_stats()
    return {"decided": case, "source": source}


@pytest.mark.parametrize("size", WIDTHS)
def test_supervisor_searches_filters_and_reads_the_dashboard(browser_page, live_server, jurisdiction, size,
                                                             tmp_path):
    page, base = browser_page, live_server.url
    page.set_viewport_size(size)
    tag = "phone" if size is PHONE else "desk"
    login(page, base, "gz_sup")

    # 案件清单: search by the cause, then filter by stage
    page.goto(base + "/supervision/cases/")
    fits(page)
    page.locator("#id_q").fill("早餐")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**q=**")
    table = page.locator("#case-table")
    assert "无照经营早餐店" in table.inner_text() and jurisdiction["decided"].number not in table.inner_text()
    assert "欧***" in table.inner_text() and "欧阳建华" not in table.inner_text()  # a person: surname only
    fits(page)
    page.locator("#filters > summary").click()
    page.select_option("#id_stage", "decided")
    page.locator("#id_q").fill("")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**stage=decided**")
    assert jurisdiction["decided"].number in table.inner_text()
    assert "无照经营早餐店" not in table.inner_text()
    assert page.locator("#case-table a", has_text="申请查阅").first.is_visible()
    fits(page)
    shot(page, tmp_path / f"supervisor-cases-{tag}.png")

    # 监督预警: filter by the alert type
    page.goto(base + "/supervision/alerts/")
    fits(page)
    page.locator("#filters > summary").click()
    page.select_option("#id_rule", "filing_overdue")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**rule=filing_overdue**")
    alerts = page.locator("#alert-table")
    assert "案件来源逾期未作出立案决定" in alerts.inner_text()
    assert "无照经营早餐店" in alerts.inner_text()
    fits(page)
    shot(page, tmp_path / f"supervisor-alerts-{tag}.png")

    # the dashboard: the period form wraps, the charts fit the screen
    page.goto(base + "/supervision/dashboard/")
    page.wait_for_selector("#chart-kind svg")
    fits(page)
    for key in ("kind", "stage", "month"):
        box = page.locator(f"#chart-{key} svg").bounding_box()
        assert box and box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], key
    assert page.locator("#period-from").is_visible() and page.locator("#period-to").is_visible()
    shot(page, tmp_path / f"supervisor-dashboard-{tag}.png")


@pytest.mark.parametrize("size", WIDTHS)
def test_officer_case_table_filters_and_columns(browser_page, live_server, jurisdiction, size, tmp_path):
    page, base = browser_page, live_server.url
    page.set_viewport_size(size)
    tag = "phone" if size is PHONE else "desk"
    login(page, base, "chen")
    page.goto(base + "/cases/all/")
    fits(page)
    page.locator("#filters > summary").click()
    page.select_option("#id_stage", "source")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**stage=source**")
    table = page.locator("table.data-table")
    assert "无照经营早餐店" in table.inner_text() and jurisdiction["decided"].number not in table.inner_text()
    page.locator("#columns > summary").click()
    page.check('input[name="cols"][value="party_ids"]')
    page.get_by_role("button", name="应用", exact=True).click()
    page.wait_for_url("**cols=party_ids**")
    assert "440106********1234" in table.inner_text()  # masked, as every list shows it
    assert "stage=source" in page.url  # the column choice keeps the filters
    assert page.locator("#export-xlsx").is_visible() and page.locator("#export-csv").is_visible()
    fits(page)
    shot(page, tmp_path / f"officer-case-table-{tag}.png")
