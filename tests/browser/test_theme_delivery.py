"""The theme library's delivery page in real Chromium, at a desk (1366×768) and on a phone (390×844) (办法 第四十七条
第二款): a delivering account uploads a file with one bad row, reads the row error (nothing loaded), uploads the
corrected file and sees it loaded."""

import pytest

from yuezhifa.cases.tests.conftest import world  # noqa: F401  (the world fixture)
from yuezhifa.themes.models import Record
from yuezhifa.themes.tests.conftest import deliverer, penalty_row, source  # noqa: F401  (fixtures)
from yuezhifa.themes.tests.test_delivery import as_csv

from .test_case_journey import DESK, PHONE, fits, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_article_47_upload_shows_the_row_error_then_loads_the_corrected_file(browser_page, live_server, world,  # noqa: F811
                                                                           source, deliverer, tmp_path,  # noqa: F811
                                                                           viewport):
    page, base = browser_page, live_server.url
    page.set_viewport_size(viewport)
    login(page, base, deliverer.username)
    page.goto(base + "/themes/deliveries/")
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(as_csv([penalty_row(world["body"], CF_JDRQ="2026/11/16")]))
    good.write_bytes(as_csv([penalty_row(world["body"])]))
    page.locator("select[name=kind]").select_option("penalty")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="上传并校验").click()
    page.get_by_text("第 1 行 CF_JDRQ：日期格式应为 YYYY-MM-DD。").wait_for()
    assert fits(page)
    shot(page, tmp_path / f"themes-rejected-{viewport['width']}.png")
    assert Record.objects.count() == 0
    page.get_by_role("link", name="返回数据报送").click()
    page.locator("select[name=kind]").select_option("penalty")
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="上传并校验").click()
    page.get_by_text("已入库：新增 1 条").wait_for()
    assert fits(page)
    shot(page, tmp_path / f"themes-loaded-{viewport['width']}.png")
    page.goto(base + "/themes/deliveries/")
    assert fits(page)
    shot(page, tmp_path / f"themes-list-{viewport['width']}.png")
    assert Record.objects.count() == 1
