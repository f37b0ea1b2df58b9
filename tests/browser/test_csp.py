"""Pages work under the Content-Security-Policy (decision 0023). ``browser_page`` fails any test whose page reports a
CSP violation; these tests also prove that it does, and that Swagger UI runs under the policy."""

import pytest

pytestmark = pytest.mark.browser


def test_a_csp_violation_is_reported_to_the_console(browser_page, live_server):
    """The check in ``browser_page`` is live: an inline script on one of our pages is refused and reported."""
    browser_page.goto(live_server.url + "/login/")
    browser_page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.injected = true"; document.body.appendChild(s); }""")
    browser_page.wait_for_timeout(300)
    assert browser_page.evaluate("() => window.injected === undefined")
    assert any("script-src" in m for m in browser_page.csp_violations), browser_page.csp_violations
    browser_page.csp_violations.clear()  # provoked on purpose


@pytest.mark.django_db
def test_swagger_ui_runs_under_the_csp(browser_page, live_server):
    browser_page.goto(live_server.url + "/api/v1/docs/")
    title = browser_page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "粤执法 API" in title.inner_text()
    # Swagger UI renders its operations as a virtual list: those in view first, the rest as the page scrolls
    browser_page.locator(".opblock").nth(4).wait_for()
    browser_page.mouse.wheel(0, 200000)
    browser_page.locator("#operations-tag-users").wait_for()
    assert browser_page.locator(".opblock").count() >= 5
