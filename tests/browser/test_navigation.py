"""Everyone's navigation on a phone and at a desk (decision 0050), in real Chromium: for the officer, the head, the
legal reviewer, the supervisor and the administrator, every area of the top bar is reachable at 390 px from the 菜单
button (each link visible, each leading to a page that answers 200), every page shows its breadcrumb trail, and the
home, case list, case page, act form and supervision pages are never wider than the screen."""

import re

import pytest

from yuezhifa.cases.tests.conftest import Runner, world  # noqa: F401  (the world fixture)

from .test_case_journey import PHONE, fits, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK = {"width": 1366, "height": 768}
ROLES = ("chen", "head", "reviewer", "supervisor", "admin")


# the supervision dashboard's charts are laid out (and fitted to a phone) by the dashboard's own work and test
OWN_LAYOUT = ("/supervision/dashboard/",)


def assert_page(page, where: str):
    """A signed-in page: its breadcrumb trail shows, starting at 首页, and nothing is wider than the viewport."""
    crumbs = page.locator('nav.breadcrumbs[aria-label="面包屑"]')
    assert crumbs.is_visible(), where
    assert crumbs.locator("li").first.inner_text().strip() == "首页", where
    if not page.url.split("?")[0].endswith(OWN_LAYOUT):
        assert fits(page), f"{where}：页面宽于屏幕"


def area_links(page, phone: bool) -> list[tuple[str, str]]:
    if phone:
        assert not page.locator(".site-nav").is_visible()
        page.locator("#phone-menu > summary").click()
        links = page.locator("#phone-menu .phone-menu-sections a")
    else:
        assert not page.locator("#phone-menu").is_visible()
        links = page.locator(".site-nav a")
    found = []
    for i in range(links.count()):
        link = links.nth(i)
        assert link.is_visible(), link.inner_text()
        found.append((link.inner_text().strip(), link.get_attribute("href")))
    return found


@pytest.mark.parametrize("width", ["phone", "desk"])
def test_every_area_reachable_and_pages_fit(browser_page, live_server, world, tmp_path, width):  # noqa: F811
    from yuezhifa.org.tests.factories import UserFactory

    UserFactory(username="admin", real_name="系统管理员", is_superuser=True, is_staff=True)
    run = Runner(world)
    run.filed("2026-11-02 09:00", "2026-11-03 10:00")
    case = run.refresh()
    page, base, phone = browser_page, live_server.url, width == "phone"
    page.set_viewport_size(PHONE if phone else DESK)

    for username in ROLES:
        login(page, base, username)
        assert_page(page, f"{username} 首页")
        links = area_links(page, phone)
        assert links, username
        if phone:
            assert page.locator("#phone-menu .phone-menu-user-links").get_by_text("修改密码").is_visible()
            shot(page, tmp_path / f"nav_{width}_{username}_menu.png")
        for label, href in links:
            page.goto(base + "/")
            if phone:
                page.locator("#phone-menu > summary").click()
                link = page.locator(f'#phone-menu .phone-menu-sections a[href="{href}"]')
            else:
                link = page.locator(f'.site-nav a[href="{href}"]')
            assert link.is_visible(), (username, label)
            with page.expect_navigation() as navigation:
                link.click()
            assert navigation.value.status == 200, (username, label, page.url)
            assert_page(page, f"{username} {label}")
            if phone:
                assert page.locator(f'#phone-menu a[href="{href}"][aria-current="page"]').count() == 1, label
        shot(page, tmp_path / f"nav_{width}_{username}_last_area.png")

    # the officer's own pages: case list, case page (deadlines and next acts first on a phone), act form
    login(page, base, "chen")
    for path, name in (("/cases/all/", "case_list"), (f"/cases/{case.pk}/", "case_page"),
                       (f"/cases/{case.pk}/acts/investigate/", "act_form")):
        assert page.goto(base + path).status == 200
        assert_page(page, name)
        shot(page, tmp_path / f"nav_{width}_{name}.png")
    page.goto(f"{base}/cases/{case.pk}/")
    trail = [t.strip() for t in page.locator("nav.breadcrumbs li").all_inner_texts()]
    assert trail == ["首页", "办案", "案件", case.number], trail
    tops = {sel: page.locator(sel).bounding_box()["y"] for sel in ("#deadlines", "#next-acts", "#timeline")}
    if phone:
        assert tops["#deadlines"] < tops["#next-acts"] < tops["#timeline"], tops
    if page.locator("#blocked-acts").count():  # the blocked acts are there, collapsed
        assert not page.locator("#blocked-acts .reason-list").first.is_visible()
    page.goto(f"{base}/cases/{case.pk}/acts/investigate/")
    trail = [t.strip() for t in page.locator("nav.breadcrumbs li").all_inner_texts()]
    assert trail[:4] == ["首页", "办案", "案件", case.number] and len(trail) == 5, trail
    assert page.locator('input[type=file][capture="environment"]').count() >= 1

    # the supervisor's pages (the dashboard's charts are laid out by the dashboard's own work)
    login(page, base, "supervisor")
    for path in ("/supervision/cases/", "/supervision/alerts/", "/supervision/inspections/"):
        assert page.goto(base + path).status == 200
        assert_page(page, path)
    shot(page, tmp_path / f"nav_{width}_supervision.png")
    assert re.match(r"^首页", page.locator("nav.breadcrumbs").inner_text())
