"""A citizen on a phone finds a published decision by the party's name, in real Chromium (办法 第43-45条)."""

import pytest

from .. import services
from .conftest import at, decide_general, store_party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"width": 390, "height": 844}


def test_a_citizen_finds_a_decision_by_party_name(browser_page, live_server, run):
    case = decide_general(run, party=store_party(), facts=["当事人销售超过保质期的食品，店员王小明在场。"])
    result = services.publish_decision(actor=run.world["users"]["head"], case=case, approved_at=at("2026-11-18 10:00"))
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/gongshi/")
    page.get_by_label("当事人名称、统一社会信用代码或决定书文号").fill("禾盛商贸")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**/gongshi/results/**")
    assert "找到 1 条" in page.locator("#gs-count").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1  # the search form fits
    page.locator("#gs-list a", has_text="广州禾盛商贸有限公司").click()
    page.wait_for_url(f"**/gongshi/results/{result.pk}/")
    main = page.locator("main").inner_text()
    assert result.document_number in main and "罚款人民币75,000.00元" in main
    assert "王某某" in main and "王小明" not in main
    # nothing overflows the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
