"""A general-procedure penalty case from source to service, as the officer and the head live it in real Chromium: each
act entered through its generated form (with the time it really happened, so the case runs in the past), evidence
photographed on the spot with its position, and the case page showing the stage and the documents issued
(处罚法 第五十四条至第六十一条)."""

import os
import re
import shutil
import struct
import zlib

import pytest

from yuezhifa.cases.models import Act, Case, Evidence
from yuezhifa.cases.tests.conftest import store_party, world  # noqa: F401  (the world fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Pass-word-123"  # org.tests.factories.UserFactory
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}


def png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/")


def open_act(page, base, case, code):
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator(f'#next-acts a[href$="/acts/{code}/"]').click()
    page.wait_for_url(re.compile(rf"/acts/{code}/$"))


def record(page, when: str):
    page.fill("#f-performed_at", when)
    page.locator(".act-submit button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]+/(#act-\d+)?$"))
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()


def check_officers(page, world, *names):  # noqa: F811
    for name in names:
        page.check(f'input[name="officers"][value="{world["officers"][name].pk}"], '
                   f'input[name="handlers"][value="{world["officers"][name].pk}"]')


def shot(page, path):
    """Screenshots for a person to look at (kept when YZF_SCREENSHOTS names a folder)."""
    page.screenshot(path=str(path), full_page=True)
    folder = os.environ.get("YZF_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        shutil.copy(path, folder)


def fits(page) -> bool:
    """Layout fact: nothing on the page is wider than the viewport."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_general_procedure_from_source_to_service(browser_page, live_server, world, tmp_path, settings,  # noqa: F811
                                                  viewport):
    settings.MEDIA_ROOT = tmp_path / "media"
    page, base = browser_page, live_server.url
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": 23.135791, "longitude": 113.370012})
    party = store_party()
    width = "phone" if viewport is PHONE else "desk"

    # 案源登记 (officer, from the phone or the desk)
    page.set_viewport_size(viewport)
    login(page, base, "chen")
    page.goto(base + "/cases/")
    page.get_by_role("button", name="登记案源").click()
    page.select_option("#f-procedure", "penalty.general")
    page.select_option("#f-source_kind", "inspection")
    page.fill("#f-cause", "经营超过保质期的食品")
    page.fill("#f-summary", "日常监督检查发现货架上有超过保质期的食品。")
    # 执法事项 found with the picker by its pinyin initials (经营超过保质期 → jycgbzq), not typed as a code
    page.locator("#f-item-pick").fill("jycgbzq")
    option = page.locator("#f-item-options .picker-option").first
    option.wait_for()
    assert fits(page)
    option.click()
    assert page.input_value("#f-item") == world["item"].code
    page.select_option("#f-party__kind", "organisation")
    page.fill("#f-party__name", party["name"])
    page.fill("#f-party__credit_code", party["credit_code"])
    page.fill("#f-party__legal_representative", party["legal_representative"])
    page.fill("#f-party__address", party["address"])
    page.fill("#f-party__phone", party["phone"])
    record(page, "2026-10-08T09:00")
    case = Case.objects.get()
    assert page.url.startswith(f"{base}/cases/{case.pk}/")

    # 案源核查 (officer)
    open_act(page, base, case, "verify_source")
    page.fill("#f-findings", "现场核实，货架上有三批次超过保质期的饼干。")
    page.select_option("#f-conclusion", "file")
    check_officers(page, world, "chen", "lin")
    record(page, "2026-10-08T10:00")

    # 立案 (head): the item and the party are carried from the source
    login(page, base, "head")
    page.goto(base + "/cases/approvals/")
    page.get_by_text("经营超过保质期的食品").click()
    open_act(page, base, case, "file")
    assert page.input_value("#f-party__name") == party["name"] and page.input_value("#f-item") == world["item"].code
    page.fill("#f-party__phone", party["phone"])
    page.fill("#f-violation_date", "2026-10-08")
    page.fill("#f-summary", "当事人经营超过保质期的食品。")
    check_officers(page, world, "chen", "lin")
    record(page, "2026-10-09T10:00")
    case.refresh_from_db()
    assert case.number and case.stage == "investigation"

    # 调查取证 on the spot, with a photograph and the device's position (officer)
    login(page, base, "chen")
    open_act(page, base, case, "investigate")
    shot(page, tmp_path / f"act_form_{width}.png")
    page.select_option("#f-kind", "inspection")
    page.fill("#f-subject", "禾盛便利店")
    page.fill("#f-record", "货架上有超过保质期的饼干三批次。\n当事人在场。")
    check_officers(page, world, "lin")
    page.check("#f-certificates_shown")
    page.fill("#f-place", "广州市天河区棠下荷光路86号首层")
    photo = tmp_path / "货架.png"
    photo.write_bytes(png_bytes())
    page.set_input_files("#f-files", str(photo))
    page.wait_for_function("() => document.querySelector('input[name=latitude]').value !== ''")
    record(page, "2026-10-12T09:00")
    evidence = Evidence.objects.get(case=case)
    assert evidence.content_type == "image/png" and evidence.original_name == "货架.png"
    assert str(Act.objects.get(case=case, code="investigate").latitude) == "23.135791"
    assert evidence.sha256 in page.content()

    # 调查终结 (officer)
    open_act(page, base, case, "finish_investigation")
    page.fill("#f-facts", "当事人销售超过保质期的食品。")
    page.fill("#f-evidence", "现场检查笔录\n现场照片")
    page.fill("#f-violated", "《中华人民共和国食品安全法》第三十四条第（十）项")
    page.fill("#f-basis", "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项")
    page.fill("#f-amounts__goods_value", "486.60")
    page.select_option("#f-proposal", "penalty")
    page.fill("#f-proposed__fine", "75000")
    page.fill("#f-proposed__confiscate_income", "3200")
    page.fill("#f-proposed__confiscate_property", "486.60")
    # 裁量试算: the band that applies is on the form before submit (处罚法 第三十四条; docs/decisions/0047)
    band = page.locator("#band-panel")
    band.scroll_into_view_if_needed()
    page.wait_for_function("(name) => document.querySelector('#band-panel').innerText.includes(name)",
                           arg=world["item"].name)  # recomputed as the amounts were typed
    assert band.is_visible() and "罚款 " in band.inner_text()
    assert fits(page)
    shot(page, tmp_path / f"band_before_submit_{width}.png")
    check_officers(page, world, "lin")
    record(page, "2026-10-12T15:00")

    # 负责人审查 (head)
    login(page, base, "head")
    open_act(page, base, case, "review")
    page.select_option("#f-outcome", "penalty")
    page.fill("#f-opinion", "同意给予行政处罚。")
    record(page, "2026-10-13T10:00")

    # 事先告知 (officer): the proposal, facts and basis are carried from the investigation
    login(page, base, "chen")
    open_act(page, base, case, "notify")
    assert page.input_value("#f-proposed__fine") == "75000.00"
    page.fill("#f-reasons", "情节一般，按裁量基准从轻。")
    page.fill("#f-served_on", "2026-10-13")
    page.select_option("#f-service_method", "direct")
    record(page, "2026-10-13T15:00")

    # 陈述、申辩: the party waives (officer)
    open_act(page, base, case, "record_statement")
    page.check("#f-waived")
    page.check("#f-waives_hearing")
    record(page, "2026-10-14T09:00")

    # 作出行政处罚决定 (head)
    login(page, base, "head")
    open_act(page, base, case, "decide")
    assert page.input_value("#f-penalties__fine") == "75000.00"
    assert page.input_value("#f-penalties__confiscate_income") == "3200.00"
    page.fill("#f-opinion", "同意。")
    record(page, "2026-10-15T10:00")
    case.refresh_from_db()
    assert case.stage == "decided"

    # 送达 (officer)
    login(page, base, "chen")
    open_act(page, base, case, "serve")
    page.select_option("#f-method", "on_the_spot")
    page.fill("#f-served_on", "2026-10-15")
    page.fill("#f-recipient", party["legal_representative"])
    check_officers(page, world, "lin")
    record(page, "2026-10-15T15:00")

    # The case page: the stage, the whole record and the documents issued
    page.goto(f"{base}/cases/{case.pk}/")
    header = page.locator(".case-head").inner_text()
    assert "执行" in header and case.number in header
    documents = page.locator("#documents").inner_text()
    for title in ("立案审批表", "行政处罚事先告知书", "行政处罚决定书"):
        assert title in documents
    assert page.locator(".timeline > li").count() == 10
    assert fits(page) and page.locator("#next-acts").is_visible()
    shot(page, tmp_path / f"case_page_{width}.png")

    # The decision, on screen and as PDF
    decision = case.documents.get(doc_type="penalty_decision")
    page.locator("#documents").get_by_role("link", name="行政处罚决定书").click()
    page.wait_for_url(re.compile(rf"/documents/{decision.pk}/$"))
    frame = page.frame_locator("iframe.doc-frame")
    assert party["name"] in frame.locator("body").inner_text()
    response = page.request.get(f"{base}/cases/{case.pk}/documents/{decision.pk}/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
