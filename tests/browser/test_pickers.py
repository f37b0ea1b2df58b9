"""登记案源 on a phone and at a desk with the pickers (issue 15 §1, docs/decisions/0048): the officer finds the
执法事项 by its pinyin initials and takes the party from the subject register (检查对象名录库), by touch and by
keyboard, and the case is registered with what the pickers filled."""

import re

import pytest

from tests.browser.test_case_journey import fits, login, shot
from yuezhifa.cases.models import Case, Party
from yuezhifa.cases.tests.conftest import world  # noqa: F401  (the world fixture)
from yuezhifa.inspection.models import Subject, SubjectKind
from yuezhifa.org.models import Division

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1366, "height": 768}}
CREDIT_CODE = "91440106MA59XR4T8K"


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


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_officers_list_is_searched_by_name_or_certificate(browser_page, live_server, world, tmp_path,  # noqa: F811
                                                                 width):
    """处罚法 第四十二条: only officers certified for the case's domain are offered; with more than eight the list shows
    the ones ticked and a search."""
    import datetime

    from yuezhifa.cases.tests.conftest import Runner
    from yuezhifa.org.tests.factories import CertificateFactory, OfficerFactory

    run = Runner(world)
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    for n in range(6):
        person = OfficerFactory(name=f"新警{n}", body=world["body"])
        CertificateFactory(officer=person, issued_by=world["other"], domains=[world["domain"]],
                           valid_until=datetime.date(2029, 12, 31), number=f"44010600{n:04d}")
    page, base = browser_page, live_server.url
    page.set_viewport_size(WIDTHS[width])
    login(page, base, "chen")
    page.goto(f"{base}/cases/{run.case.pk}/acts/investigate/")
    group = page.locator("fieldset#f-officers")
    lin = world["officers"]["lin"]
    assert group.locator(f'input[value="{world["officers"]["chen"].pk}"]').is_visible()  # the user, ticked
    assert not group.locator(f'input[value="{lin.pk}"]').is_visible()  # unticked: folded away
    search = page.locator("#f-officers-pick")
    search.fill("林晓")
    option = page.locator("#f-officers-options .picker-option").first
    option.wait_for()
    assert fits(page)
    shot(page, tmp_path / f"picker_officers_{width}.png")
    option.click()
    assert group.locator(f'input[value="{lin.pk}"]').is_checked()
    assert group.locator(f'input[value="{lin.pk}"]').is_visible()
    search.fill("440106000003")
    page.locator("#f-officers-options .picker-option").first.wait_for()
    assert page.locator("#f-officers-options .picker-option").count() == 1
    assert "新警3" in page.locator("#f-officers-options").inner_text()
    page.get_by_role("button", name="列出全部").click()
    assert group.locator(f'input[value="{world["officers"]["zhou"].pk}"]').is_visible()
    assert "黄过期" not in group.inner_text()  # expired certificate: never offered
