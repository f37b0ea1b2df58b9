"""An emergency seizure on a phone, as the officer and the head live it in real Chromium (《中华人民共和国行政强制法》
第十九条、第二十四条): the officer opens a seizure case, seizes the goods on the spot without prior approval because
the matter is urgent, with a photograph and the device's position; reports to the head, who approves within 24 hours;
the 查封（扣押）清单 handed over on the spot is served from the case page as a PDF sealed by the body.

Times follow the test clock, worked by hand at its default (2026-12-01 10:00): seized 2026-11-30 15:00 (19 hours
before, on the hour); the report and the approval are due by 2026-12-01 15:00 (第十九条, 24 hours to the minute,
docs/decisions/0032); reported 11-30 16:00, approved 12-01 09:30, so the head's form is open now, inside the 24
hours. On any other clock the same offsets hold."""

import datetime
import re

import pytest
from django.utils import timezone

from yuezhifa.cases.models import Act, Case, Evidence
from yuezhifa.cases.tests.conftest import at, store_party, world  # noqa: F401  (the world fixture)
from yuezhifa.core.actors import SYSTEM
from yuezhifa.seals import services as seal_services
from yuezhifa.seals.verification import verify_pdf

from .test_case_journey import PHONE, check_officers, login, open_act, png_bytes, record, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_emergency_seizure_on_a_phone_approved_within_24_hours_article_19(browser_page, live_server, world,  # noqa: F811
                                                                         tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.localtime()
    seized = (now - datetime.timedelta(hours=19)).replace(minute=0, second=0, microsecond=0)

    def moment(hours: float) -> str:
        """The seizure's moment shifted by ``hours``, as the form's input takes it."""
        return (seized + datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")

    seal_services.seal_create_demo_ca(actor=SYSTEM)
    seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])
    page, base = browser_page, live_server.url
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": 23.135791, "longitude": 113.370012})
    party = store_party()

    # 查封、扣押案源登记 (officer, from the phone)
    page.set_viewport_size(PHONE)
    login(page, base, "chen")
    page.goto(base + "/cases/")
    page.get_by_role("button", name="登记案源").click()
    page.wait_for_url(re.compile(r"/cases/new/$"))
    page.wait_for_load_state("load")  # the procedure switch is wired by cases.js (deferred) once the page has loaded
    page.select_option("#f-procedure", "compulsion.seizure")
    page.wait_for_url(re.compile(r"procedure=compulsion\.seizure"))
    assert page.locator("#f-item").count() == 0  # the seizure's own opening form, not the penalty's
    page.select_option("#f-source_kind", "inspection")
    page.fill("#f-cause", "涉嫌经营超过保质期的食品，需扣押")
    page.fill("#f-summary", "日常检查发现货架上有超过保质期的食品。")
    page.select_option("#f-party__kind", "organisation")
    page.fill("#f-party__name", party["name"])
    page.fill("#f-party__credit_code", party["credit_code"])
    page.fill("#f-party__legal_representative", party["legal_representative"])
    page.fill("#f-party__address", party["address"])
    page.fill("#f-party__phone", party["phone"])
    shot(page, tmp_path / "seizure_open_phone.png")
    record(page, moment(-6))
    case = Case.objects.get()
    assert case.procedure == "compulsion.seizure" and case.stage == "seizure_source"

    # 实施查封、扣押 on the spot in an emergency, with a photograph and the position (第十九条、第二十四条)
    open_act(page, base, case, "seize")
    page.check("#f-emergency")
    page.fill("#f-reason", "涉嫌经营超过保质期的食品，不立即扣押可能继续销售。")
    page.fill("#f-basis", "《中华人民共和国食品安全法》第一百一十条第（四）项")
    page.fill("#f-items", "过期饼干 200克/袋 48袋 货架第三层\n过期面包 - 12个")  # no 规格 given, no 备注
    check_officers(page, world, "chen", "lin")
    page.check("#f-certificates_shown")
    page.check("#f-party_notified")
    page.check("#f-rights_told")
    page.fill("#f-statement", "当事人称不知已过期。")
    page.fill("#f-record", "当事人法定代表人梁文斌到场。\n执法人员清点过期饼干48袋、过期面包12个并予以扣押。")
    page.select_option("#f-signed_by", "party")
    page.fill("#f-place", "广州市天河区棠下荷光路86号首层")
    photo = tmp_path / "扣押现场.png"
    photo.write_bytes(png_bytes())
    page.set_input_files("#f-files", str(photo))
    page.wait_for_function("() => document.querySelector('input[name=latitude]').value !== ''")
    shot(page, tmp_path / "seize_form_phone.png")
    record(page, moment(0))
    seize = Act.objects.get(case=case, code="seize")
    assert seize.data["emergency"] is True and str(seize.latitude) == "23.135791"
    assert [(row["name"], row["specification"], row["quantity"]) for row in seize.data["items"]] == [
        ("过期饼干", "200克/袋", "48袋"), ("过期面包", "", "12个")]
    evidence = Evidence.objects.get(case=case)
    assert evidence.original_name == "扣押现场.png" and evidence.sha256 in page.content()
    case.refresh_from_db()
    assert case.stage == "seizure_in_force"
    assert case.deadlines.get(rule="compulsion.emergency_approval").due_at == seized + datetime.timedelta(hours=24)

    # 报告负责人 (officer), within 24 hours
    open_act(page, base, case, "report_emergency")
    page.fill("#f-report", "情况紧急，已当场扣押过期饼干48袋、过期面包12个，报请补办批准手续。")
    record(page, moment(1))

    # 补办批准手续 (head), within the 24 hours
    login(page, base, "head")
    open_act(page, base, case, "approve_emergency")
    page.check("#f-approved")
    page.fill("#f-opinion", "同意。")
    record(page, moment(18.5))
    assert not case.deadlines.get(rule="compulsion.emergency_approval").open

    # The case page on the phone: the stage and the documents handed over on the spot
    login(page, base, "chen")
    page.goto(f"{base}/cases/{case.pk}/")
    assert "查封、扣押中" in page.locator(".case-head").inner_text()
    documents = page.locator("#documents").inner_text()
    for title in ("查封（扣押）决定书", "现场笔录", "查封（扣押）清单"):
        assert title in documents, documents
    shot(page, tmp_path / "seizure_case_page_phone.png")

    # The list, on screen and as a sealed PDF
    listing = case.documents.get(doc_type="seizure_list")
    page.locator("#documents").get_by_role("link", name="查封（扣押）清单").click()
    page.wait_for_url(re.compile(rf"/documents/{listing.pk}/$"))
    assert "过期面包" in page.frame_locator("iframe.doc-frame").locator("body").inner_text()
    shot(page, tmp_path / "seizure_list_phone.png")
    response = page.request.get(f"{base}/cases/{case.pk}/documents/{listing.pk}/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    result = verify_pdf(response.body())
    assert result.ok and "广州市天河区市场监督管理局" in result.message + str(result.primary)
