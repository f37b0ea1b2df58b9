"""The 年报 page (办法 第四十四条; docs/decisions/0057) in real Chromium at a desk (1366×768) and on a phone (390×844): the
city supervisor reads 广州's tables, whose wide tables scroll inside their own box while the page never scrolls
sideways, and downloads the workbook; the body's head submits its 年报 after the due date and sees it marked 逾期."""

import pytest

from yuezhifa.cases.tests.conftest import world  # noqa: F401  (the world fixture)
from yuezhifa.supervision.tests.conftest import people  # noqa: F401  (fixture)
from yuezhifa.supervision.tests.test_annual import _clock_of_the_worked_dates, small_set  # noqa: F401  (fixture)

from .test_case_journey import DESK, PHONE, fits, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_the_annual_tables_fit_and_the_head_submits(browser_page, live_server, world, people, tmp_path,  # noqa: F811
                                                    viewport):
    small_set(world)
    page, base = browser_page, live_server.url
    page.set_viewport_size(viewport)
    tag = "phone" if viewport is PHONE else "desk"

    login(page, base, "gz_sup")
    page.goto(base + "/supervision/annual/?year=2026")
    assert "广东省广州市2026年度行政执法统计" in page.locator("main").inner_text() or \
        "广州市2026年度行政执法统计" in page.locator("main").inner_text()
    penalty = page.locator("#annual-penalty")
    assert "天河区" in penalty.inner_text() and "5,200.00" in penalty.inner_text()
    assert fits(page), "年报页面超出视口"
    box = page.locator("#annual-penalty .annual-scroll")
    widths = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    if viewport is PHONE:
        assert widths[0] > widths[1]  # the wide table scrolls inside its box
    shot(page, tmp_path / f"annual-supervisor-{tag}.png")
    with page.expect_download() as download:
        page.locator("#annual-export").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    login(page, base, "head")
    page.goto(base + "/supervision/annual/?year=2026")
    assert "未报送" in page.locator("#annual-status").inner_text()
    page.get_by_role("button", name="报送本单位2026年度年报").click()
    page.wait_for_url("**/supervision/annual/**")
    assert "逾期报送" in page.locator("#annual-status").inner_text()
    assert "第1版" in page.locator("#annual-status").inner_text()
    assert fits(page), "年报页面超出视口"
    shot(page, tmp_path / f"annual-head-{tag}.png")
