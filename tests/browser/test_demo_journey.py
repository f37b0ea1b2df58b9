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


# Each account's scope, checked in one journey over one demo load: loading the demo is the expensive part, and the
# accounts only read, so one load serves them all (each still gets its own browser context, so no cookie carries over).
SCOPES = {
    "officer": {"广州市天河区市场监督管理局"},
    "sz_officer": {"深圳市市场监督管理局"},
    "gz_admin": {"广州市市场监督管理局", "广州市天河区市场监督管理局"},
    "supervisor": {"广州市司法局", "广州市市场监督管理局", "广州市天河区市场监督管理局", "广州市天河区人民政府",
                   "广州市天河区五山街道办事处", "广州市生态环境局"},
}


def test_demo_accounts_log_in_and_see_only_their_scope_and_a_revealed_id_is_audited(browser_context, demo_site,
                                                                                  tmp_path):
    # A wrong password is refused in Chinese and stays on the login page.
    page = browser_context.new_page()
    page.goto(demo_site + "/login/")
    page.get_by_label("用户名").fill("officer")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    # The refusal is a new page: wait for it rather than reading the one being left.
    page.get_by_text("用户名或密码").first.wait_for(state="visible", timeout=15000)
    assert page.url.endswith("/login/")
    page.close()

    seen = {}
    for username in SCOPES:
        context = browser_context.browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                                      viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            _login(page, demo_site, username)
            assert page.get_by_role("navigation").get_by_text("管理").count() >= 1, username
            seen[username] = _visible_bodies(page, demo_site)
            page.screenshot(path=str(tmp_path / f"{username}.png"), full_page=True)
            if username == "gz_admin":
                # The administrator reveals an officer's full ID number, and the reveal is audited once.
                page.goto(demo_site + "/org/officers/")
                page.get_by_role("link", name="陈志强").first.click()
                assert "********" in page.get_by_text("********").first.inner_text()
                page.get_by_role("button", name="查看完整号码").click()
                page.wait_for_function("() => !document.body.innerText.includes('查看完整号码')")
                assert AuditEntry.objects.filter(action="org.officer.view_id_number",
                                                 actor__username="gz_admin").count() == 1
        finally:
            context.close()
    assert seen == SCOPES
