"""The theme library's quality dashboard and an objection decided by the record's body (办法 第四十九条), in real
Chromium at phone and desk widths: the supervisor reads the rates, the trend and the drill-down; the body's legal
reviewer corrects the record (a new version, the old one kept)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser.test_case_journey import DESK, PHONE, fits, login, shot
from yuezhifa.themes import objections, quality
from yuezhifa.themes.models import Record
from yuezhifa.themes.tests.quality_world import make_record, qworld  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

D = datetime.date
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SH), tick=True):
        yield


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_quality_dashboard_and_objection_correction(browser_page, live_server, qworld, tmp_path,  # noqa: F811
                                                    viewport):
    w = qworld
    make_record(w, "1", disclosed_on=D(2026, 10, 13))  # 7th working day after 2026-09-28: in time
    make_record(w, "2", disclosed_on=D(2026, 10, 14))  # 8th: late
    make_record(w, "3", facts="", decided_on=D(2026, 10, 15), filed_on=D(2026, 10, 9))
    target = make_record(w, "4", fine_amount=Decimal("5000"), decided_on=D(2026, 11, 3), filed_on=D(2026, 10, 20),
                         disclosed_on=D(2026, 11, 5))
    for month in (9, 10, 11):
        quality.take_snapshots("month", D(2026, month, 1))
    objection, _ = objections.raise_objection(actor=w["users"]["supervisor"], record=target,
                                              reason="罚款金额与决定书不一致。", fields=["fine_amount"])
    page, base = browser_page, live_server.url
    page.set_viewport_size(viewport)
    name = "phone" if viewport is PHONE else "desk"

    login(page, base, "supervisor")
    page.goto(f"{base}/themes/quality/?start=2026-09-01&end=2026-11-30")
    assert page.locator("#quality-table tbody tr").count() == 1
    assert "75.0%" in page.locator("#quality-table").inner_text()  # completeness 3/4, timeliness 3/4
    assert page.locator("svg.q-spark").count() == 4
    assert fits(page), "the dashboard is wider than the screen"
    shot(page, tmp_path / f"theme-quality-{name}.png")
    page.locator("#quality-table a.q-drill").last.click()
    page.wait_for_url("**/themes/quality/failures/**")
    assert "晚于期限2026-10-13" in page.locator("#failure-table").inner_text()
    assert fits(page)
    shot(page, tmp_path / f"theme-quality-failures-{name}.png")

    login(page, base, "reviewer")
    page.goto(f"{base}/themes/quality/objections/{objection.pk}/")
    page.fill("#f_fine_amount", "3000")
    page.fill("#answer", "经核对决定书，罚款金额为3000元，予以更正。")
    assert fits(page)
    shot(page, tmp_path / f"theme-objection-{name}.png")
    page.get_by_role("button", name="更正", exact=True).click()
    page.wait_for_selector(".flash-success")
    assert "已更正" in page.locator("main").inner_text()
    assert fits(page)
    shot(page, tmp_path / f"theme-objection-done-{name}.png")
    versions = Record.objects.filter(record_key="4").order_by("version")
    assert [(r.version, r.current, r.fine_amount) for r in versions] == [
        (1, False, Decimal("5000.00")), (2, True, Decimal("3000.00"))]
