"""Signing in through the province's unified identity platform in real Chromium (办法 第二十条：行政执法人员通过省统一
身份认证平台登录办案平台; docs/decisions/0053), at a desk and on a phone: 统一身份认证登录 on the login page, the
platform's own sign-in and consent pages (django-oidc-provider started on 127.0.0.1), back on the home page signed in
as the account with the released ID number."""

import re

import pytest

from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import OfficerFactory, UserFactory
from yuezhifa.org.tests.oidc import OP_PASSWORD, ZHANG_ID, provider_clock, provider_settings, running_provider

from .test_case_journey import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def fits(page) -> None:
    """Nothing wider than the viewport: no sideways scrolling."""
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, f"{page.url} 宽 {width}px，超出视口 {viewport}px"


def test_sign_in_through_the_identity_platform(browser_page, live_server, settings, tmp_path):
    page, base = browser_page, live_server.url
    officer = OfficerFactory(id_number=ZHANG_ID, name="张执法")
    UserFactory(username="zhang_local", real_name="张执法", officer=officer, body=officer.body,
                roles=[(Role.OFFICER, Scope.OWN)])
    with running_provider([base + "/oidc/callback/"], tmp_path) as provider:
        provider_settings(settings, provider)
        with provider_clock(provider):
            for name, size in WIDTHS.items():
                page.context.clear_cookies()
                page.set_viewport_size(size)
                page.goto(base + "/login/")
                button = page.get_by_role("button", name="统一身份认证登录")
                local = page.get_by_role("button", name="登录", exact=True)
                assert button.is_visible() and local.is_visible()
                box, form_box = button.bounding_box(), local.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
                assert box["y"] > form_box["y"]  # below the local form, which stays first
                fits(page)
                shot(page, tmp_path / f"oidc-1-login-{name}.png")

                button.click()
                page.wait_for_url(re.compile(re.escape(provider.url) + r"/accounts/login/"))
                page.get_by_label("账号").fill("zhang")
                page.get_by_label("口令").fill(OP_PASSWORD)
                shot(page, tmp_path / f"oidc-2-provider-{name}.png")
                page.get_by_role("button", name="认证登录").click()
                page.wait_for_url(re.compile(re.escape(provider.url) + r"/op/authorize"))
                page.locator("input[name=allow]").click()

                page.wait_for_url(base + "/")
                signed_in = ".user-menu .user-name" if size["width"] >= 1024 else ".phone-menu-user strong"
                assert page.locator(signed_in).text_content() == "张执法"
                assert page.locator("main").is_visible()
                fits(page)
                shot(page, tmp_path / f"oidc-3-home-{name}.png")

            # 退出 ends the session here and at the platform (RP-initiated logout) and comes back to the login page;
            # the platform then asks for the password again, and a person with no account here is refused.
            # on a phone the user's links are in the 菜单 (docs/decisions/0050)
            page.locator("#phone-menu summary").click()
            page.locator("#phone-menu").get_by_role("button", name="退出").click()
            page.wait_for_url(base + "/login/")
            page.get_by_role("button", name="统一身份认证登录").click()
            page.wait_for_url(re.compile(re.escape(provider.url) + r"/accounts/login/"))
            page.get_by_label("账号").fill("wang")
            page.get_by_label("口令").fill(OP_PASSWORD)
            page.get_by_role("button", name="认证登录").click()
            page.wait_for_url(re.compile(re.escape(provider.url) + r"/op/authorize"))
            page.locator("input[name=allow]").click()
            page.wait_for_url(re.compile(re.escape(base) + r"/oidc/callback/"))
            refusal = page.locator("#oidc-refused")
            assert refusal.is_visible() and "不会自动开设" in refusal.inner_text()
            assert page.get_by_role("button", name="返回登录页").is_visible()
            fits(page)
            shot(page, tmp_path / "oidc-4-refused-phone.png")
