"""Data sharing in real Chromium, at a desk (1366×768) and on a phone (390×844): a body's 数据共享申请人 requests
广州's penalty records, the province's 数据共享管理员 narrows and approves it (the key is shown once), the key is used
once, and the grant page reports the use (办法 第五十条、第五十一条; docs/decisions/0061). Nothing wider than the
viewport on any page."""

import datetime

import pytest

from yuezhifa.core.masking import mask_name
from yuezhifa.sharing.models import Grant, Usage
from yuezhifa.sharing.tests.conftest import record, share_world  # noqa: F401  (fixtures)

from .test_case_journey import DESK, PHONE, fits, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_request_approve_and_report(browser_page, live_server, share_world, record, tmp_path, viewport):  # noqa: F811
    row = record(division_code="440106", decided_on=datetime.date(2026, 3, 2))
    record(division_code="440305", body="b_market")
    page, base = browser_page, live_server.url
    page.set_viewport_size(viewport)
    width = "phone" if viewport is PHONE else "desk"

    # the requester: the form, then the request waiting for approval
    login(page, base, "consumer_a")
    page.goto(base + "/sharing/")
    page.locator("#new-request").click()
    page.wait_for_url(base + "/sharing/request/")
    page.get_by_label("行政处罚结果").check()
    for name in ("document_number", "party_name", "division_code", "party_id_number"):
        page.locator(f'input[name="fields"][value="{name}"]').check()
    page.locator("#f-divisions").fill("4401")
    page.locator("#f-purpose").fill("核查本市食品经营者的处罚记录")
    page.locator("#f-personal").fill("送达文书须核对当事人身份")
    assert fits(page)
    shot(page, tmp_path / f"sharing-request-{width}.png")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector("#grant-state")
    assert page.locator("#grant-state").inner_text() == "待审批"
    grant = Grant.objects.get()

    # the province's data administrator narrows it (no 证件号码) with a reason and approves: the key is shown once
    login(page, base, "data_admin")
    page.goto(base + "/sharing/")
    page.locator(f'#pending a[href="/sharing/{grant.pk}/"]').click()
    page.locator('#decide input[name="fields"][value="party_id_number"]').uncheck()
    page.locator("#d-note").fill("核对身份可经送达系统办理，不需证件号码")
    page.get_by_role("button", name="批准", exact=True).click()
    page.wait_for_selector("#grant-key")
    key = page.locator("#grant-key code").first.inner_text().strip()
    assert key.startswith("yzfg_")
    assert fits(page)
    shot(page, tmp_path / f"sharing-approved-{width}.png")

    # the consumer's system uses the key; the report shows the use and its rows
    answer = page.request.get(base + "/api/v1/sharing/data/", headers={"Authorization": f"Grant {key}"})
    assert answer.status == 200
    assert answer.json()["results"] == [{"division_code": "440106", "document_number": row.document_number,
                                         "party_name": mask_name(row.party_name)}]  # a natural person: masked
    assert Usage.objects.get().rows == 1
    login(page, base, "consumer_a")
    page.goto(f"{base}/sharing/{grant.pk}/")
    assert "共 1 次访问，其中成功 1 次，返回 1 行" in page.locator("#usage").inner_text()
    assert page.locator("#usage-table tbody tr").count() == 1
    assert fits(page)
    shot(page, tmp_path / f"sharing-report-{width}.png")
