"""The demo as a person meets it: each demo account logs in through the login form in real Chromium and sees only
what its role and scope allow (DESIGN §5.4); the administrator reveals an ID number, which is audited."""

import pytest

from yuezhifa.audit.models import AuditEntry
from yuezhifa.org import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    demo.load()
    return live_server.url


def _login(page, base, username):
    page.goto(base + "/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/")


def _visible_bodies(page, base) -> set[str]:
    page.goto(base + "/org/bodies/")
    return {cell.strip() for cell in page.locator("table tbody tr td:first-child").all_inner_texts()}


@pytest.mark.parametrize(("username", "expected"), [
    ("officer", {"广州市天河区市场监督管理局"}),
    ("sz_officer", {"深圳市市场监督管理局"}),
    ("gz_admin", {"广州市市场监督管理局", "广州市天河区市场监督管理局"}),
    ("supervisor", {"广州市司法局", "广州市市场监督管理局", "广州市天河区市场监督管理局", "广州市天河区人民政府",
                    "广州市天河区五山街道办事处", "广州市生态环境局"}),
])
def test_demo_account_logs_in_and_sees_only_its_scope(browser_page, demo_site, username, expected, tmp_path):
    _login(browser_page, demo_site, username)
    assert browser_page.get_by_role("navigation").get_by_text("管理").count() >= 1
    assert _visible_bodies(browser_page, demo_site) == expected
    browser_page.screenshot(path=str(tmp_path / f"{username}.png"), full_page=True)


def test_admin_reveals_a_full_id_number_and_it_is_audited(browser_page, demo_site):
    _login(browser_page, demo_site, "gz_admin")
    browser_page.goto(demo_site + "/org/officers/")
    browser_page.get_by_role("link", name="陈志强").first.click()
    masked = browser_page.get_by_text("********").first.inner_text()
    assert "********" in masked
    browser_page.get_by_role("button", name="查看完整号码").click()
    browser_page.wait_for_function("() => !document.body.innerText.includes('查看完整号码')")
    assert AuditEntry.objects.filter(action="org.officer.view_id_number", actor__username="gz_admin").count() == 1


def test_wrong_password_is_refused_in_chinese(browser_page, demo_site):
    browser_page.goto(demo_site + "/login/")
    browser_page.get_by_label("用户名").fill("officer")
    browser_page.get_by_label("密码").fill("wrong-password")
    browser_page.get_by_role("button", name="登录").click()
    assert browser_page.get_by_text("用户名或密码").count() >= 1
    assert browser_page.url.endswith("/login/")
