"""The public verification journey in a real browser, on a phone-sized screen, as an anonymous visitor."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_anonymous_visitor_verifies_a_sealed_decision_on_a_phone(browser_page, live_server, sealed, penalty_pdf,
                                                                 bureau, tmp_path):
    signed, unsigned = tmp_path / "决定书.pdf", tmp_path / "未签章.pdf"
    signed.write_bytes(sealed)
    unsigned.write_bytes(penalty_pdf)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/verify/")
    page.set_input_files("#verify-file", str(signed))
    page.click("#verify-form button[type=submit]")
    result = page.locator("#verify-result")
    assert "验证通过" in result.inner_text()
    assert bureau.name in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone

    page.set_input_files("#verify-file", str(unsigned))
    page.click("#verify-form button[type=submit]")
    assert "没有电子签章" in page.locator("#verify-error").inner_text()
