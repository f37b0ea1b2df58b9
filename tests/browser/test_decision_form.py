"""The decision form that shows the benchmark band before submit (issue 15 §1; docs/decisions/0047), in real Chromium
at a desk and on a phone: the head deciding a case ticks 主动消除或者减轻违法行为危害后果 by its Chinese name, sees the
band move from 一般 to 从轻 (裁量试算, 处罚法 第五条、第三十四条), sees the fine flagged as outside it, corrects the
amount and records the decision.

Dates as in cases/tests/test_decision_form.py: notice served 2026-10-09, statement period over on 10-15 (5 working
days: 10-10 make-up Saturday, 10-12, 10-13, 10-14, 10-15), decided 10-16."""

import re

import pytest

from yuezhifa.cases.models import Act
from yuezhifa.cases.tests.conftest import Runner, at, world  # noqa: F401  (the world fixture)
from yuezhifa.cases.tests.test_penalty_procedures import notify

from .test_case_journey import fits, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WIDTHS = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
MITIGATED = "主动消除或者减轻违法行为危害后果"


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates(time_machine):
    time_machine.move_to(at("2026-12-01 10:00"), tick=True)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_head_sees_the_band_change_before_deciding(browser_page, live_server, world, tmp_path, width):  # noqa: F811
    run = Runner(world)
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    run.investigated("2026-10-09 09:00")
    run.act("review", "2026-10-09 10:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-10-09 11:00", "2026-10-09")

    page, base = browser_page, live_server.url
    page.set_viewport_size(WIDTHS[width])
    login(page, base, "head")
    page.goto(f"{base}/cases/{run.case.pk}/acts/decide/")
    band = page.locator("#band-panel")
    assert band.is_visible() and "一般" in band.inner_text()
    assert "罚款 70,000.00 元至 80,000.00 元" in band.inner_text()
    assert page.input_value("#f-penalties__fine") in ("75000.00", "75000")  # carried from the notice
    assert fits(page)

    page.get_by_label(MITIGATED).check()  # by its Chinese name
    page.wait_for_function("() => document.querySelector('#band-panel [data-band-tier]').textContent.includes('从轻')")
    assert "罚款 50,000.00 元至 70,000.00 元" in page.locator("#band-panel").inner_text()
    flags = page.locator("#band-panel [data-band-flags]")
    flags.wait_for()
    assert "75,000.00 元" in flags.inner_text()  # flagged before submit
    band.scroll_into_view_if_needed()
    assert fits(page)
    shot(page, tmp_path / f"decision_band_{width}.png")

    page.fill("#f-penalties__fine", "65000")
    page.wait_for_function("() => !document.querySelector('#band-panel [data-band-flags]')")
    page.fill("#f-confiscated_property", "超过保质期的饼干 12 袋")
    page.fill("#f-performed_at", "2026-10-16T09:00")
    page.locator(".act-submit button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]+/(#act-\d+)?$"))
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()
    decision = Act.objects.get(case=run.case, code="decide")
    assert decision.data["circumstances"] == ["mitigated_harm"] and decision.data["penalties"]["fine"] == "65000.00"
    assert fits(page)
    shot(page, tmp_path / f"decision_recorded_{width}.png")
