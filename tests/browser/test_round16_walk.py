"""A newcomer's walk through issue 16's areas, from the top bar (the 菜单 button on a phone), in real Chromium: each
role reaches its new area from the navigation, not only by typing the address: the data sharing requester and the
data administrator 数据共享 (办法 第五十条、第五十一条), a non-platform source's delivering account 数据报送 (第四十七条
第二款), the body's head and the supervisor 数据质量 with its 数据异议 tab (第四十九条) and 监督 → 年报 (第四十四条). Every
page answers 200, shows its breadcrumb trail and is never wider than the screen at 390 px and 1366 px. The
per-feature browser tests walk each page's own work; this one walks the way there."""

import pytest

from yuezhifa.cases.tests.conftest import world  # noqa: F401  (the world fixture)
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import UserFactory
from yuezhifa.themes.models import Source, SourceKind

from .test_case_journey import DESK, PHONE, fits, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# user → [(the area's address in the top bar, a tab to follow there (its label), the page's heading)]
WALK = {
    "data_consumer": [("/sharing/", None, "数据共享")],
    "data_admin": [("/sharing/", None, "数据共享")],
    "deliverer": [("/themes/deliveries/", None, "数据报送")],
    "head": [("/themes/quality/", "数据异议", "数据异议"), ("/supervision/", "年报", "行政执法年度统计（年报）")],
    "supervisor": [("/themes/quality/", None, "主题库数据质量"), ("/supervision/", "年报", "行政执法年度统计（年报）")],
}


def _go(page, base, href: str, phone: bool):
    page.goto(base + "/")
    if phone:
        page.locator("#phone-menu > summary").click()
        link = page.locator(f'#phone-menu .phone-menu-sections a[href="{href}"]')
    else:
        link = page.locator(f'.site-nav a[href="{href}"]')
    assert link.is_visible(), href
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200, (href, page.url)


def _fine(page, where: str):
    crumbs = page.locator('nav.breadcrumbs[aria-label="面包屑"]')
    assert crumbs.is_visible(), where
    assert fits(page), f"{where}：页面宽于屏幕"


@pytest.mark.parametrize("width", ["phone", "desk"])
def test_issue_16_areas_are_reached_from_the_menu(browser_page, live_server, world, tmp_path, width):  # noqa: F811
    body = world["body"]
    province = body.parent
    UserFactory(username="data_consumer", real_name="数据专员", body=body, roles=[(Role.DATA_CONSUMER, Scope.BODY)])
    UserFactory(username="data_admin", real_name="共享管理员", body=province,
                roles=[(Role.DATA_ADMIN, Scope.PROVINCE)])
    source = Source.objects.create(code="scjg-yewu", name="某市场监管业务系统", kind=SourceKind.EXTERNAL, unit=province)
    source.deliverers.add(UserFactory(username="deliverer", real_name="报送账号", body=province, roles=[]))
    page, base, phone = browser_page, live_server.url, width == "phone"
    page.set_viewport_size(PHONE if phone else DESK)
    for username, steps in WALK.items():
        login(page, base, username)
        for href, tab, heading in steps:
            where = f"{username} {href} {tab or ''}"
            _go(page, base, href, phone)
            _fine(page, where)
            if tab:
                with page.expect_navigation() as navigation:
                    page.get_by_role("link", name=tab, exact=True).first.click()
                assert navigation.value.status == 200, where
                _fine(page, where)
            assert page.get_by_role("heading", name=heading, exact=True).first.is_visible(), where
            shot(page, tmp_path / f"r16_{width}_{username}_{href.strip('/').replace('/', '_')}.png")
