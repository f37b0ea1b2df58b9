"""An inspection on phones, as the officer, the inspected enterprise and the supervisor live it in real Chromium
(深府规〔2025〕6号 亮码入企、扫码核验; 国办发〔2024〕54号 评价只送监督机构; docs/decisions/0040, 0041): the officer shows
the 检查码 on the case page and checks in through the act form with the device's position; the enterprise scans the
code on its own phone without an account and sees the body, the officers with their certificate numbers and
validity, and the items; after the visit it follows the link to its own page and evaluates the inspection; the
supervisor of 广州 (whose jurisdiction covers 天河区's regulator) sees the evaluation, the inspecting body's head
does not.

Times follow the test clock, worked by hand at its default (2026-12-01 10:00, a Tuesday): opened 08:00 and approved
08:30 (services), checked in through the form 09:00, recorded 09:20 and checked out 09:40 (services); all on the
clock's day, so the visit is in this year's 检查台账 the enterprise page lists. On any other clock the same offsets hold
(run it more than two hours after midnight, or the visit falls on the day before)."""

import datetime
import re

import pytest
from django.utils import timezone

from yuezhifa.cases import services
from yuezhifa.cases.models import Act, Case
from yuezhifa.cases.procedures import inspection_public
from yuezhifa.cases.tests.conftest import world  # noqa: F401  (the world fixture)
from yuezhifa.cases.tests.test_inspection_procedure import GPS, ins  # noqa: F401  (the ins fixture)
from yuezhifa.inspection.links import subject_token
from yuezhifa.supervision.models import FeedbackKind, InspectionFeedback
from yuezhifa.supervision.tests.conftest import people  # noqa: F401  (the people fixture: 广州's supervisor)

from .test_case_journey import PHONE, check_officers, login, record, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EVALUATION = "检查人员出示检查码和执法证件，逐项说明检查要点，态度规范。"


def fits_phone(page) -> None:
    """Nothing wider than the phone's viewport: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} 宽 {width}px，超出手机屏幕 {PHONE['width']}px"


def test_inspection_code_check_in_and_the_enterprises_evaluation_on_phones_sz6_gb54(
        browser_page, live_server, world, ins, people, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    start = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=2)

    def moment(minutes: int) -> datetime.datetime:
        return start + datetime.timedelta(minutes=minutes)

    users, officers = world["users"], world["officers"]
    ids = [str(officers[n].pk) for n in ("chen", "lin")]
    case = services.case_open(actor=users["chen"], procedure="inspection", performed_at=moment(0), data={
        "kind": "routine", "subject": ins["subject"].credit_code, "items": [ins["item"].code], "officers": ids})
    services.act_perform(actor=users["head"], case=case, code="approve_inspection", data={"opinion": "同意。"},
                         performed_at=moment(30))
    case.refresh_from_db()
    assert case.stage == "inspection_approved" and case.number

    page, base = browser_page, live_server.url
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": 23.135791, "longitude": 113.370012})
    page.set_viewport_size(PHONE)

    # 1. The officer shows the 检查码 on the case page and checks in (亮码签到) through the act form, with the position
    login(page, base, "chen")
    page.goto(f"{base}/cases/{case.pk}/")
    qr = page.locator("#inspection-qr svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 120 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    code_url = page.locator("#inspection-code-link a").inner_text().strip()
    assert code_url == f"{base}/jc/{inspection_public.token_for(case)}/"
    fits_phone(page)
    page.locator("#inspection-panel").scroll_into_view_if_needed()
    shot(page, tmp_path / "inspection_case_page_phone.png")

    page.locator('#next-acts a[href$="/acts/inspection_check_in/"]').click()
    page.wait_for_url(re.compile(r"/acts/inspection_check_in/$"))
    check_officers(page, world, "chen", "lin")
    page.check("#f-code_shown")
    page.wait_for_function("() => document.querySelector('input[name=latitude]').value !== ''")
    fits_phone(page)
    shot(page, tmp_path / "inspection_check_in_phone.png")
    record(page, moment(60).strftime("%Y-%m-%dT%H:%M"))
    check_in = Act.objects.get(case=case, code="inspection_check_in")
    assert str(check_in.latitude) == "23.135791" and str(check_in.longitude) == "113.370012"
    assert check_in.data["code_shown"] is True and check_in.performed_at == moment(60)
    case.refresh_from_db()
    assert case.stage == "inspection_on_site"

    # 2. The enterprise scans the code on its own phone: no account, its own browser context
    phone = page.context.browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
    phone.set_default_timeout(15_000)
    enterprise = phone.new_page()
    violations: list[str] = []
    enterprise.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    try:
        response = enterprise.goto(code_url)
        assert response.status == 200 and "/login/" not in enterprise.url
        assert enterprise.locator("#code-body").inner_text() == world["body"].name
        listed = enterprise.locator("#code-officers").inner_text()
        for name in ("chen", "lin"):
            certificate = officers[name].certificates.get()
            assert officers[name].name in listed and certificate.number in listed
        assert listed.count("证件有效") == 2 and "无效" not in listed
        assert ins["item"].name in enterprise.locator("#inspection-code").inner_text()
        assert moment(60).strftime("%H:%M") in enterprise.locator("#code-check-in").inner_text()
        fits_phone(enterprise)
        shot(enterprise, tmp_path / "inspection_code_scanned_phone.png")

        # 3. After the record and the check-out, the enterprise follows the link to its own page and evaluates
        services.act_perform(actor=users["chen"], case=case, code="record_inspection", performed_at=moment(80), data={
            "results": [{"point": str(p.seq), "result": "pass"} for p in ins["points"]],
            "record": ["许可证在有效期内；货架上未发现超过保质期的食品。"], "signed_by": "party", "officers": ids})
        services.act_perform(actor=users["chen"], case=case, code="inspection_check_out", performed_at=moment(100),
                             data={"officers": ids}, **GPS)
        enterprise.reload()
        enterprise.locator("#code-enterprise").click()
        enterprise.wait_for_url(f"{base}/qy/{subject_token(ins['subject'])}/")
        visit = enterprise.locator(f"#visit-{case.pk}")
        assert case.number in visit.inner_text() and "证件有效" in visit.inner_text()
        fits_phone(enterprise)
        shot(enterprise, tmp_path / "enterprise_page_phone.png")
        form = enterprise.locator("#evaluation-form")
        form.locator("#e-case").select_option(str(case.pk))
        form.locator("#e-score").select_option("5")
        form.locator("#e-text").fill(EVALUATION)
        form.get_by_role("button", name="提交评价").click()
        enterprise.wait_for_url(re.compile(r"/qy/[^/]+/$"))
        assert "已评价" in enterprise.locator(f"#visit-{case.pk}").inner_text()
        fits_phone(enterprise)
        shot(enterprise, tmp_path / "enterprise_evaluated_phone.png")
        assert not violations, "页面违反内容安全策略（CSP）：\n" + "\n".join(violations)
    finally:
        phone.close()
    evaluation = InspectionFeedback.objects.get()
    assert evaluation.kind == FeedbackKind.EVALUATION and evaluation.score == 5 and evaluation.case_id == case.pk

    # 4. The supervisor whose jurisdiction covers the inspecting body sees it; the body's head does not
    login(page, base, "gz_sup")
    response = page.goto(f"{base}/supervision/feedback/")
    assert response.status == 200
    table = page.locator("#feedback-table").inner_text()
    assert EVALUATION in table and ins["subject"].name in table and case.number in table
    fits_phone(page)
    tabs, first_tab = page.locator("nav.subnav").bounding_box(), page.locator("nav.subnav a").first.bounding_box()
    assert first_tab["x"] >= tabs["x"], (tabs, first_tab)  # the first tab is not cut off at the left edge
    shot(page, tmp_path / "supervision_feedback_phone.png")

    login(page, base, "head")
    response = page.goto(f"{base}/supervision/feedback/")
    assert response.status in (403, 404)
    assert EVALUATION not in page.content()
    page.goto(f"{base}/cases/{case.pk}/")
    assert EVALUATION not in page.content()
    assert Case.objects.get(pk=case.pk).stage == "inspection_recorded"
