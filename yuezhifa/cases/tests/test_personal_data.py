"""Personal data in a case's acts (DESIGN §5.5, §5.9; 个人信息保护法 第五十一条): masked once, in the selector, so the
case page and the API show the same to the same reader; an officer of the case may ask for the full numbers, and
that view is audited; a supervisor reading under a 第三十七条 grant never gets them."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry
from yuezhifa.supervision import access
from yuezhifa.supervision.tests.conftest import PENALTIES, notify, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    """After the decision of 2026-10-16, within any grant's term: the suite passes on any day."""
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield

ID = "11010519491231002X"
PHONE = "13800138000"
RESPONDENT = {"name": "梁文斌", "gender": "男", "id_number": ID, "relation": "法定代表人", "phone": PHONE,
              "address": "广州市天河区棠下荷光路86号"}


def decided_with_a_respondent(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("investigate", "2026-09-28 15:00", kind="inspection", subject="禾盛便利店", record=["现场检查记录。"],
            officers=run.ids("chen", "lin"), certificates_shown=True, respondent=RESPONDENT)
    run.act("finish_investigation", "2026-09-28 15:00", facts=["销售超过保质期的食品。"], evidence=["现场检查笔录"],
            violated=["《中华人民共和国食品安全法》第三十四条第（十）项"],
            basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"], amounts={"goods_value": "486.60"},
            proposal="penalty", officers=run.ids("chen", "lin"))
    run.act("review", "2026-09-28 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-28 15:00", "2026-09-28", PENALTIES)
    run.act("record_statement", "2026-09-28 15:00", waived=True)
    run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES)
    return run.refresh()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def respondent(body: dict) -> dict:
    return next(a for a in body["acts"] if a["act"] == "investigate")["data"]["respondent"]


def file_party(body: dict) -> dict:
    return next(a for a in body["acts"] if a["act"] == "file")["data"]["party"]


def test_api_act_data_is_masked_for_a_supervisor_under_a_grant(run, people):  # noqa: F811
    case = decided_with_a_respondent(run)
    grant = access.grant_request(actor=people["gz_sup"], case_id=case.pk, reason="2026年度行政执法案卷评查")
    access.grant_decide(actor=people["gz_head"], grant=grant, approve=True)
    client = api(people["gz_sup"])
    for query in ("", "?full=1"):  # asking for the full numbers changes nothing for a supervisor
        body = client.get(f"/api/v1/cases/{case.pk}/{query}").json()
        assert respondent(body)["id_number"] == "110105********002X"
        assert respondent(body)["phone"] == "138****8000"
        assert file_party(body)["phone"] == "139****0318"
        assert ID not in str(body) and PHONE not in str(body) and "13926470318" not in str(body)
        acts = client.get(f"/api/v1/cases/{case.pk}/acts/{query}").json()
        assert ID not in str(acts) and PHONE not in str(acts)
    assert not AuditEntry.objects.filter(action="cases.personal_data.view").exists()
    # the same reader sees the same on the case page (the timeline)
    page = Client()
    page.force_login(people["gz_sup"])
    html = page.get(reverse("cases:detail", args=[case.pk]) + "?full=1").content.decode()
    assert "110105********002X" in html and ID not in html and PHONE not in html


def test_api_act_data_is_masked_for_an_officer_of_another_body_and_by_default(run, world):
    case = decided_with_a_respondent(run)
    assert api(world["users"]["other"]).get(f"/api/v1/cases/{case.pk}/?full=1").status_code == 404
    body = api(world["users"]["chen"]).get(f"/api/v1/cases/{case.pk}/").json()
    assert respondent(body)["id_number"] == "110105********002X" and ID not in str(body)
    html_client = Client()
    html_client.force_login(world["users"]["chen"])
    html = html_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "110105********002X" in html and ID not in html and PHONE not in html
    assert "显示完整的身份证号码和联系电话" in html
    assert not AuditEntry.objects.filter(action="cases.personal_data.view").exists()


def test_an_officer_of_the_case_sees_the_full_numbers_on_asking_and_the_view_is_audited(run, world):
    case = decided_with_a_respondent(run)
    chen = world["users"]["chen"]
    body = api(chen).get(f"/api/v1/cases/{case.pk}/?full=true").json()
    assert respondent(body)["id_number"] == ID and respondent(body)["phone"] == PHONE
    assert body["parties"][0]["phone"] == "13926470318"
    views = AuditEntry.objects.filter(action="cases.personal_data.view", object_id=str(case.pk))
    assert views.count() == 1 and views.get().actor_id == chen.pk
    html_client = Client()
    html_client.force_login(chen)
    html = html_client.get(reverse("cases:detail", args=[case.pk]) + "?full=1").content.decode()
    assert ID in html and PHONE in html and "本次查看已记录" in html
    assert views.count() == 2
    # the stored act (and its hash) is never touched by masking
    from ..models import Act
    from ..selectors import verify_case_log

    assert Act.objects.get(case=case, code="investigate").data["respondent"]["id_number"] == ID
    assert verify_case_log(case).ok


def test_a_confirmed_service_phone_is_masked_on_the_page_too(run, world):
    """The timeline used to mask nested party fields only: the phone of a 送达地址确认书 (a field of the act itself)
    was shown in full. The selector masks every person's field at any depth."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("confirm_service_address", "2026-09-28 16:00", postal_address="广州市天河区棠下荷光路86号",
            phone=PHONE, signed_on="2026-09-28")
    client = Client()
    client.force_login(world["users"]["chen"])
    html = client.get(reverse("cases:detail", args=[run.case.pk])).content.decode()
    assert "138****8000" in html and PHONE not in html
    body = api(world["users"]["chen"]).get(f"/api/v1/cases/{run.case.pk}/").json()
    assert PHONE not in str(body)


def test_documents_read_under_a_grant_are_masked_like_the_acts(run, people):  # noqa: F811
    """DESIGN §5.9: the documents for an audience show what its pages show. The officers read the document as issued;
    a supervisor under a 第三十七条 grant reads it with the ID and phone numbers masked (and the read is audited)."""
    case = decided_with_a_respondent(run)
    document = case.documents.get(doc_type="case_filing_approval")
    html_url = reverse("cases:document_html", args=[case.pk, document.pk])
    officer = Client()
    officer.force_login(run.world["users"]["chen"])
    assert "13926470318" in officer.get(html_url).content.decode()
    grant = access.grant_request(actor=people["gz_sup"], case_id=case.pk, reason="2026年度行政执法案卷评查")
    access.grant_decide(actor=people["gz_head"], grant=grant, approve=True)
    supervisor = Client()
    supervisor.force_login(people["gz_sup"])
    html = supervisor.get(html_url).content.decode()
    assert "139****0318" in html and "13926470318" not in html
    assert AuditEntry.objects.filter(action="supervision.access.read", after__what=html_url).exists()
    issued = document.pdf_sha256
    pdf = api(people["gz_sup"]).get(f"/api/v1/cases/{case.pk}/documents/{document.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert hashlib.sha256(pdf.content).hexdigest() != issued  # a masked copy, not the issued (sealed) original
    document.refresh_from_db()
    assert document.pdf_sha256 == issued  # which the read leaves as it was
    original = api(run.world["users"]["chen"]).get(f"/api/v1/cases/{case.pk}/documents/{document.pk}/pdf/")
    assert hashlib.sha256(original.content).hexdigest() == issued
