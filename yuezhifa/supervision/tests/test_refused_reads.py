"""办法 第三十七条、第六十五条: every read of a case refused to a supervisor without a valid grant is audited, whichever
route it came by: the case pages, the case API, documents (preview, HTML, PDF) and evidence files. Each answers 404,
the same as for a case that does not exist."""

import datetime
import uuid
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry

from .. import access
from .conftest import decided

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _routes(case):
    doc = case.documents.exclude(number="").first().pk
    evidence = case.evidence.values_list("pk", flat=True).first() or uuid.uuid4()
    pages = [reverse("cases:detail", args=[case.pk]), reverse("cases:act", args=[case.pk, "serve"]),
             reverse("cases:document", args=[case.pk, doc]), reverse("cases:document_html", args=[case.pk, doc]),
             reverse("cases:document_pdf", args=[case.pk, doc]), reverse("cases:evidence", args=[case.pk, evidence])]
    api = [f"/api/v1/cases/{case.pk}/", f"/api/v1/cases/{case.pk}/acts/", f"/api/v1/cases/{case.pk}/dossier/",
           f"/api/v1/cases/{case.pk}/documents/{doc}/pdf/"]
    return pages, api


def _refusals():
    return AuditEntry.objects.filter(action="supervision.access.refused", after__refused="no_grant")


def test_every_route_refuses_a_supervisor_without_a_grant_and_audits_it(run, people, client):
    case = decided(run)
    pages, api = _routes(case)
    sup = people["gz_sup"]
    client.force_login(sup)
    for url in pages:
        assert client.get(url).status_code == 404, url
    api_client = APIClient()
    api_client.force_authenticate(sup)
    for url in api:
        response = api_client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json" and response.json()["detail"] == "未找到请求的对象。"
    refused = _refusals()
    assert sorted(refused.values_list("after__what", flat=True)) == sorted(pages + api)
    assert set(refused.values_list("object_id", flat=True)) == {str(case.pk)}
    assert set(refused.values_list("actor_id", flat=True)) == {sup.pk}


def test_an_expired_grant_is_refused_and_audited_on_the_case_routes(run, people, client):
    case = decided(run)
    sup = people["gz_sup"]
    grant = access.grant_request(actor=sup, case_id=case.pk, reason="2026年度案卷评查")
    access.grant_decide(actor=people["gz_head"], grant=grant, approve=True)
    client.force_login(sup)
    url = reverse("cases:detail", args=[case.pk])
    assert client.get(url).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(days=8), tick=False):
        client.force_login(sup)  # eight days idle end the session (YZF_SESSION_IDLE_MINUTES): signed in again
        assert client.get(url).status_code == 404
    assert list(_refusals().values_list("after__what", flat=True)) == [url]


def test_other_users_not_found_is_no_supervision_event(run, people, client):
    """An officer of another body gets the same 404, but a supervision refusal is about supervisors only."""
    case = decided(run)
    pages, api = _routes(case)
    other = run.world["users"]["other"]
    client.force_login(other)
    for url in pages:
        assert client.get(url).status_code == 404
    api_client = APIClient()
    api_client.force_authenticate(other)
    for url in api:
        assert api_client.get(url).status_code == 404
    assert not _refusals().exists()
