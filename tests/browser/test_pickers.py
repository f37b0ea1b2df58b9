"""登记案源 on a phone and at a desk with the pickers (issue 15 §1, docs/decisions/0048): the officer finds the
执法事项 by its pinyin initials and takes the party from the subject register (检查对象名录库), by touch and by
keyboard, and the case is registered with what the pickers filled."""

import re

import pytest

from tests.browser.test_case_journey import login, shot
from yuezhifa.cases.models import Case, Party
from yuezhifa.cases.tests.conftest import world  # noqa: F401  (the world fixture)
from yuezhifa.inspection.models import Subject, SubjectKind
from yuezhifa.org.models import Division

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1366, "height": 768}}
CREDIT_CODE = "91440106MA59XR4T8K"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_officer_registers_a_source_with_the_item_and_party_pickers(browser_page, live_server, world, tmp_path,  # noqa: F811
                                                                     width):
    Subject.objects.create(credit_code=CREDIT_CODE, name="广州禾丰餐饮管理有限公司", kind=SubjectKind.ENTERPRISE,
                           division=Division.objects.get(code="440106"), address="广州市天河区体育西路1号",
                           legal_representative="何志明", phone="020-38001234")
    page, base = browser_page, live_server.url
    page.set_viewport_size(WIDTHS[width])
    login(page, base, "chen")
    page.goto(base + "/cases/new/")
    page.select_option("#f-procedure", "penalty.general")
    page.select_option("#f-source_kind", "inspection")
    page.fill("#f-cause", "经营超过保质期的食品")
    page.fill("#f-summary", "日常监督检查发现货架上有超过保质期的食品。")

    # 执法事项 by pinyin initials (经营超过保质期 → jycgbzq), chosen by touch
    search = page.locator("#f-item-pick")
    assert search.is_visible()  # shown by pickers.js
    search.fill("jycgbzq")
    option = page.locator("#f-item-options .picker-option").first
    option.wait_for()
    assert "对经营超过保质期的食品的行政处罚" in option.inner_text()
    assert fits(page)
    shot(page, tmp_path / f"picker_item_{width}.png")
    option.click()
    assert page.input_value("#f-item") == world["item"].code
    assert "已选择" in page.locator("#f-item-options").inner_text()

    # the party from the register, chosen by keyboard
    party_search = page.locator("#f-party-pick")
    party_search.fill("禾丰")
    page.locator("#f-party-options .picker-option").first.wait_for()
    assert "检查对象名录" in page.locator("#f-party-options").inner_text()
    assert fits(page)
    shot(page, tmp_path / f"picker_party_{width}.png")
    party_search.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('picker-option')")
    page.keyboard.press("Enter")
    assert page.input_value("#f-party__kind") == "organisation"
    assert page.input_value("#f-party__name") == "广州禾丰餐饮管理有限公司"
    assert page.input_value("#f-party__credit_code") == CREDIT_CODE
    assert page.input_value("#f-party__legal_representative") == "何志明"
    assert page.input_value("#f-party__phone") == "020-38001234"
    assert fits(page)
    box = page.locator("#f-party__name").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"]
    shot(page, tmp_path / f"picker_filled_{width}.png")

    page.locator(".act-submit button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]+/$"))
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()
    case = Case.objects.get()
    assert case.item == world["item"]
    party = Party.objects.get(case=case)
    assert (party.name, party.credit_code, party.phone) == ("广州禾丰餐饮管理有限公司", CREDIT_CODE, "020-38001234")
