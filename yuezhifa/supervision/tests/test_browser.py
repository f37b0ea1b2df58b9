"""办法 第三十七条 in real Chromium: a supervisor finds a decided case in the jurisdiction's list, asks to read it,
their head approves, and the supervisor reads the case file (the enforcement body is told)."""

import pytest

from yuezhifa.audit.models import AuditEntry
from yuezhifa.cases.tests.conftest import world  # noqa: F401  (the world fixture)

from ..models import AccessGrant, Notification
from .conftest import decided, people, run  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Pass-word-123"  # org.tests.factories.UserFactory


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/")


def test_supervisor_requests_is_approved_and_reads_a_decided_case(browser_page, live_server, run, people):  # noqa: F811
    case = decided(run)
    page, base = browser_page, live_server.url

    login(page, base, "gz_sup")
    page.goto(base + "/supervision/")
    page.wait_for_url(base + "/supervision/dashboard/")
    assert page.locator("#chart-stage svg").count() == 1  # ECharts drew the chart
    page.goto(base + "/supervision/cases/?stage=decided")
    row = page.locator("#case-table tr", has_text=case.number)
    row.get_by_role("link", name="申请查阅").click()
    page.fill("#f-reason", "2026年度行政执法案卷评查")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(base + "/supervision/access/")
    assert "查阅申请已提交" in page.locator(".flash-success").inner_text()
    assert page.locator("#my-requests").get_by_text("待审批").count() == 1

    login(page, base, "gz_head")
    page.goto(base + "/supervision/access/")
    page.locator("#approvals").get_by_role("button", name="批准", exact=True).click()
    page.wait_for_url(base + "/supervision/access/")
    assert "已批准" in page.locator(".flash-success").inner_text()

    login(page, base, "gz_sup")
    page.goto(base + "/supervision/access/")
    page.locator("#my-requests").get_by_role("link", name="查阅案卷").click()
    page.wait_for_url(f"{base}/supervision/access/{AccessGrant.objects.get().pk}/")
    assert case.number in page.locator("h1").inner_text()
    assert "本次查阅已记录" in page.locator("#grant-banner").inner_text()
    assert page.locator("#acts").get_by_text("作出行政处罚决定").count() >= 1
    assert AuditEntry.objects.filter(action="supervision.access.read", object_id=str(case.pk)).count() == 1

    login(page, base, "head")  # the enforcement body's head sees the notice
    page.goto(base + "/supervision/notices/")
    assert "2026年度行政执法案卷评查" in page.locator("#notices").inner_text()
    assert Notification.objects.count() == 1
