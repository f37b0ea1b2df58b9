"""The to-do centre and the queues in real Chromium, at a desk (1366×768) and on a phone (390×844) (issue 15 §2;
docs/decisions/0046, 0049):

(a) the legal reviewer fails a 法制审核 (处罚法 第五十八条) from the 待审核 tile of the home page, and the officer finds
    the case returned, with the reasons, on top of his to-do;
(b) the head batch-approves two 公示审批 from the 待审批 queue and reads the result case by case.
"""

import re

import pytest

from yuezhifa.cases.models import Act
from yuezhifa.cases.tests.conftest import Runner, world  # noqa: F401  (the world fixture)
from yuezhifa.cases.tests.test_sendback import to_legal_review
from yuezhifa.cases.tests.test_todo_centre import decided_on_spot

from .test_case_journey import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
REASON = "违法所得的计算缺少进货单据，请补充后重新提交。"


def fits(page) -> None:
    """Nothing of the page's content wider than the viewport: no element reaches past its right edge. The site header
    (base.html, with its phone menu) is checked by the navigation's own journey; here the queues' pages."""
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(e => !e.closest('header.site-header') && e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 20))""")
    assert not wide, (page.url, wide)
    assert page.evaluate("document.querySelector('main').scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_reviewer_fails_a_review_and_the_officer_sees_it_returned(browser_page, live_server, world, tmp_path,  # noqa: F811
                                                                  settings, width):
    settings.MEDIA_ROOT = tmp_path / "media"
    run = Runner(world)
    to_legal_review(run)
    case = run.case
    page, base = browser_page, live_server.url
    page.set_viewport_size(VIEWPORTS[width])

    login(page, base, "reviewer")
    tile = page.locator('[data-block="todo-centre"] a[data-count="legal"]')
    assert tile.is_visible() and tile.locator(".stat-value").inner_text() == "1"
    fits(page)
    shot(page, tmp_path / f"queues-reviewer-home-{width}.png")
    tile.click()
    page.wait_for_url(re.compile(r"/cases/legal-review/$"))
    item = page.locator(".case-cards li").first
    assert "法制审核" in item.locator("[data-waiting-for]").inner_text()
    assert item.locator("[data-due]").is_visible()
    fits(page)
    shot(page, tmp_path / f"queues-legal-{width}.png")
    item.locator("a.case-card").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
    page.locator('#next-acts a[href$="/acts/legal_review/"]').click()
    page.wait_for_url(re.compile(r"/acts/legal_review/$"))
    page.get_by_label("不通过").check()
    page.fill("#f-opinion", REASON)
    page.fill("#f-performed_at", "2026-09-30T10:00")
    page.locator(".act-submit button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]+/(#act-\d+)?$"))
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()

    login(page, base, "chen")
    todo = page.locator('[data-block="todo-centre"] a[data-count="todo"]')
    assert "退回 1" in todo.inner_text()
    fits(page)
    shot(page, tmp_path / f"queues-officer-home-{width}.png")
    todo.click()
    page.wait_for_url(re.compile(r"/cases/$"))
    first = page.locator(".case-cards li").first
    assert first.locator(".case-returned").is_visible()
    assert REASON in first.locator(".case-returned").inner_text()
    assert first.locator("a.case-card").get_attribute("href").endswith(f"/cases/{case.pk}/")
    fits(page)
    shot(page, tmp_path / f"queues-officer-returned-{width}.png")
    nav_badge = page.locator('a[href="/cases/"] .badge, a[href="/cases/"] [data-badge]')
    if nav_badge.count():  # the menu renders the badge (base.html)
        assert nav_badge.first.inner_text().strip() != "0"


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_head_batch_approves_two_cases_from_the_queue(browser_page, live_server, world, tmp_path, settings,  # noqa: F811
                                                       width):
    settings.MEDIA_ROOT = tmp_path / "media"
    first = decided_on_spot(Runner(world), "餐具未经消毒（一）")
    second = decided_on_spot(Runner(world), "餐具未经消毒（二）")
    page, base = browser_page, live_server.url
    page.set_viewport_size(VIEWPORTS[width])

    login(page, base, "head")
    tile = page.locator('[data-block="todo-centre"] a[data-count="approvals"]')
    assert tile.locator(".stat-value").inner_text() == "2"
    tile.click()
    page.wait_for_url(re.compile(r"/cases/approvals/$"))
    items = page.locator(".case-cards li")
    assert items.count() == 2
    for i in range(2):
        assert "公示审批" in items.nth(i).locator("[data-waiting-for]").inner_text()
    bar = page.locator(".batch-bar")
    assert bar.is_visible() and page.locator("[data-batch-approve]").is_visible()
    page.locator("[data-select-all]").check()
    assert page.locator("[data-selected-count]").inner_text() == "已选 2 件"
    boxes = page.locator('input[name="ids"]')
    assert all(boxes.nth(i).is_checked() for i in range(2)) and page.locator("[data-select-all]").is_checked()
    fits(page)
    shot(page, tmp_path / f"queues-approvals-{width}.png")
    page.locator("[data-batch-approve]").click()
    page.wait_for_url(re.compile(r"/cases/approvals/batch/$"))
    assert "已办理 2 件，未办理 0 件" in page.locator("[data-batch-summary]").inner_text()
    assert page.locator('.batch-result[data-ok="1"]').count() == 2
    fits(page)
    shot(page, tmp_path / f"queues-batch-result-{width}.png")
    for case in (first, second):
        assert Act.objects.filter(case=case, code="approve_disclosure").count() == 1
    page.goto(base + "/cases/approvals/")
    assert page.locator(".case-cards li").count() == 0
