"""The login page in a real browser: a person opening the platform sees a Chinese login form (办法 第7条: real-name
access starts at this form)."""

import re

import pytest

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_login_form_is_shown_in_chinese(browser_page, live_server, tmp_path):
    response = browser_page.goto(live_server.url + "/login/")
    assert response is not None and response.status == 200

    username = browser_page.locator("input[name=username]")
    password = browser_page.locator("input[name=password]")
    assert username.is_visible()
    assert password.is_visible()
    assert password.get_attribute("type") == "password"

    # Each field has a visible Chinese label.
    username_label = browser_page.locator("label[for=id_username]")
    password_label = browser_page.locator("label[for=id_password]")
    assert username_label.is_visible() and CJK.search(username_label.inner_text())
    assert password_label.is_visible() and "密码" in password_label.inner_text()
    assert browser_page.get_by_label(re.compile("密码")).is_visible()

    shot = tmp_path / "login.png"
    browser_page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
