"""The supervision API (/api/v1/supervision/): the 第三十七条 flow (request → the head approves → read, audited →
expiry → 404), its refusals, alerts scoped per user and explained by the body, notifications, the dashboard's tables
with bad periods refused in Chinese, authentication, and every endpoint in the OpenAPI schema. Bad input never gives
a server error nor another body's data."""

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry
from yuezhifa.org.tests.factories import UserFactory

from ..alerts import evaluate_alerts
from ..dashboard import build, parse_period, refresh_stats
from ..models import AccessGrant, Alert, GrantStatus, Notification
from .conftest import D, decided

pytestmark = pytest.mark.django_db

API = "/api/v1/supervision"
REASON = "2026年度行政执法案卷评查"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def text(response) -> str:
    return response.content.decode()


def refusals(reason: str) -> int:
    return AuditEntry.objects.filter(action="supervision.access.refused", after__refused=reason).count()


@pytest.fixture
def cases(run, people):
    """A decided case and a case source left unfiled (有案不立 on 2026-10-28), alerts evaluated, statistics rolled up."""
    case = decided(run)
    run.case = None
    run.open("2026-09-28 09:00")
    evaluate_alerts(on=D(2026, 10, 28))
    refresh_stats()
    return {"decided": case, "source": run.case}


# --- 办法 第三十七条 ------------------------------------------------------------------------------------------------


def test_request_approve_read_audit_expire(run, people, settings):
    settings.YZF_SUPERVISION_GRANT_DAYS = 7
    case = decided(run)
    sup, head = client_for(people["gz_sup"]), client_for(people["gz_head"])
    body = client_for(run.world["users"]["chen"])

    created = sup.post(f"{API}/access-grants/", {"case": str(case.pk), "reason": REASON}, format="json")
    assert created.status_code == 201, text(created)
    grant = created.json()
    assert grant["status"] == "pending" and grant["state"] == "待审批" and grant["relation"] == "mine"
    assert grant["case_number"] == case.number and grant["requester_name"] == "李监督" and not grant["active"]
    url = f"{API}/access-grants/{grant['id']}/"

    # pending: nothing to read yet, the attempt recorded
    body_of = problem(sup.get(url + "case/"), 404)
    assert body_of["detail"] == "未找到该查阅授权，或授权已过期。" and case.number not in json.dumps(body_of)
    assert refusals("pending") == 1
    # the body is not told of a request, only of an approval
    assert body.get(f"{API}/access-grants/").json()["results"] == []
    # nobody approves their own request; a head of another body does not even see it
    assert problem(sup.post(url + "decide/", {"approve": True}, format="json"), 403)["detail"] == "不能审批本人的查阅申请。"
    problem(client_for(run.world["users"]["head"]).post(url + "decide/", {"approve": True}, format="json"), 404)
    assert problem(head.post(url + "decide/", {}, format="json"), 400)["errors"][0]["field"] == "approve"

    # the head sees the request to decide, and approves it
    listed = head.get(f"{API}/access-grants/").json()["results"]
    assert [(g["id"], g["relation"]) for g in listed] == [(grant["id"], "to_decide")]
    decided_grant = head.post(url + "decide/", {"approve": True, "note": "同意。"}, format="json")
    assert decided_grant.status_code == 200, text(decided_grant)
    approved = decided_grant.json()
    assert approved["status"] == "approved" and approved["active"] and approved["decided_by_name"] == "王局长"
    assert approved["relation"] == "decided"
    row = AccessGrant.objects.get(pk=grant["id"])
    assert row.expires_at - row.decided_at == datetime.timedelta(days=7)
    assert "已经审批" in problem(head.post(url + "decide/", {"approve": False}, format="json"), 422)["detail"]

    # the enforcement body now sees the grant over its case
    listed = body.get(f"{API}/access-grants/").json()["results"]
    assert [(g["id"], g["relation"], g["state"]) for g in listed] == [(grant["id"], "over_body", "已批准")]

    # the case file, read under the grant, audited on every read
    for _ in range(2):
        response = sup.get(url + "case/")
        assert response.status_code == 200, text(response)
    file = response.json()
    assert file["number"] == case.number and file["cause"] == "经营超过保质期的食品"
    assert file["body_name"] == "广州市天河区市场监督管理局" and file["stage"] == case.stage
    assert file["grant"] == grant["id"] and file["reason"] == REASON
    party = file["parties"][0]
    assert party["name"] == "广州禾盛商贸有限公司" and party["phone"] == "139****0318"
    assert "13926470318" not in text(response)
    assert [a["seq"] for a in file["acts"]] == list(range(1, len(file["acts"]) + 1))
    assert file["acts"][0]["code"] == "register_source" and "陈志强" in file["acts"][1]["officers"]
    assert any(d["number"] and d["title"] for d in file["documents"])
    assert {"penalty.file", "penalty.decide"} <= {d["rule"] for d in file["deadlines"]}
    reads = AuditEntry.objects.filter(action="supervision.access.read", object_id=str(case.pk))
    assert reads.count() == 2 and {e.after["grant"] for e in reads} == {grant["id"]}
    assert AuditEntry.objects.filter(action="supervision.access.request").count() == 1
    assert AuditEntry.objects.filter(action="supervision.access.approve").count() == 1

    # expiry: the grant reads as expired and the case file answers 404, the attempt recorded
    AccessGrant.objects.filter(pk=grant["id"]).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = problem(sup.get(url + "case/"), 404)
    assert case.number not in json.dumps(expired)
    assert refusals("expired") == 1 and reads.count() == 2
    mine = sup.get(url).json()
    assert mine["state"] == "已过期" and not mine["active"]


def test_a_case_not_yet_decided_is_refused_with_the_article(run, people):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    case = run.refresh()
    refused = problem(client_for(people["gz_sup"]).post(f"{API}/access-grants/", {"case": str(case.pk),
                                                                                  "reason": REASON}, format="json"), 422)
    assert "尚未作出决定" in refused["detail"] and refused["field"] == "case" and "第三十七条" in refused["basis"]
    assert not AccessGrant.objects.exists() and refusals("not_decided") == 1


def test_request_refusals(run, people):
    case = decided(run)
    sup = client_for(people["gz_sup"])
    # another jurisdiction's supervisor
    other = problem(client_for(people["sz_sup"]).post(f"{API}/access-grants/", {"case": str(case.pk),
                                                                                "reason": REASON}, format="json"), 403)
    assert "不在您的监督范围内" in other["detail"] and refusals("outside_scope") == 1
    # no supervisor at all
    officer = problem(client_for(run.world["users"]["chen"]).post(
        f"{API}/access-grants/", {"case": str(case.pk), "reason": REASON}, format="json"), 403)
    assert officer["detail"] == "只有监督人员可以申请查阅案卷。"
    # bad input, each naming its field
    assert problem(sup.post(f"{API}/access-grants/", {"case": "not-a-uuid", "reason": REASON}, format="json"),
                   400)["errors"][0]["field"] == "case"
    assert problem(sup.post(f"{API}/access-grants/", {"case": str(case.pk), "reason": " "}, format="json"),
                   422)["field"] == "reason"
    assert problem(sup.post(f"{API}/access-grants/", {"case": str(uuid.uuid4()), "reason": REASON},
                            format="json"), 403)["detail"].startswith("未找到该案件")
    assert sup.post(f"{API}/access-grants/", {"case": str(case.pk), "reason": REASON}, format="json").status_code \
        == 201
    again = problem(sup.post(f"{API}/access-grants/", {"case": str(case.pk), "reason": REASON}, format="json"), 422)
    assert again["detail"] == "您对该案件已有待审批的查阅申请。" and again["field"] == "case"
    assert AccessGrant.objects.count() == 1


def test_forged_foreign_or_malformed_grant_ids_answer_404_without_data(run, people):
    case = decided(run)
    sup = client_for(people["gz_sup"])
    grant = sup.post(f"{API}/access-grants/", {"case": str(case.pk), "reason": REASON}, format="json").json()
    client_for(people["gz_head"]).post(f"{API}/access-grants/{grant['id']}/decide/", {"approve": True},
                                       format="json")
    stranger = client_for(people["sz_sup"])  # another jurisdiction's supervisor holding someone else's grant id
    for pk in (grant["id"], uuid.uuid4()):
        for response in (stranger.get(f"{API}/access-grants/{pk}/case/"), stranger.get(f"{API}/access-grants/{pk}/"),
                         stranger.post(f"{API}/access-grants/{pk}/decide/", {"approve": True}, format="json")):
            assert case.number not in json.dumps(problem(response, 404))
    assert refusals("unknown") == 2
    for bad in ("not-a-uuid", "1%20OR%201%3D1", "0" * 40, "%27%3B--"):
        for response in (sup.get(f"{API}/access-grants/{bad}/case/"), sup.get(f"{API}/access-grants/{bad}/"),
                         sup.post(f"{API}/access-grants/{bad}/decide/", {"approve": True}, format="json"),
                         sup.get(f"{API}/alerts/{bad}/"), sup.post(f"{API}/notifications/{bad}/read/")):
            assert response.status_code == 404, (bad, response.status_code)
            assert case.number not in text(response)
    assert AccessGrant.objects.get().status == GrantStatus.APPROVED
    assert sup.get(f"{API}/access-grants/{grant['id']}/case/").status_code == 200


def test_a_rejected_grant_opens_nothing(run, people):
    case = decided(run)
    sup = client_for(people["gz_sup"])
    grant = sup.post(f"{API}/access-grants/", {"case": str(case.pk), "reason": REASON}, format="json").json()
    response = client_for(people["gz_head"]).post(f"{API}/access-grants/{grant['id']}/decide/",
                                                  {"approve": False, "note": "事由不充分。"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "未批准"
    assert case.number not in json.dumps(problem(sup.get(f"{API}/access-grants/{grant['id']}/case/"), 404))
    assert refusals("rejected") == 1 and not Notification.objects.exists()


# --- alerts ----------------------------------------------------------------------------------------------------------


def test_alerts_are_scoped_per_user(cases, people, run):
    total = Alert.objects.count()
    assert total > 0

    def ids(user, query=""):
        response = client_for(user).get(f"{API}/alerts/{query}")
        assert response.status_code == 200, text(response)
        return {a["id"] for a in response.json()["results"]}

    everything = {str(pk) for pk in Alert.objects.values_list("pk", flat=True)}
    assert ids(people["gz_sup"]) == everything  # 广州's jurisdiction holds every alert of the world
    assert ids(run.world["users"]["head"]) == everything
    assert ids(people["sz_sup"]) == set() and ids(run.world["users"]["other"]) == set()
    body = cases["decided"].body_id
    assert ids(people["sz_sup"], f"?body={body}") == set()
    not_filed = ids(people["gz_sup"], "?problem=not_filed&state=open")
    assert not_filed and not_filed == {str(a.pk) for a in Alert.objects.filter(problem="not_filed", state="open")}
    assert ids(people["gz_sup"], "?rule=filing_overdue") == {str(a.pk) for a in Alert.objects.filter(
        rule="filing_overdue")}
    alert = Alert.objects.get(rule="filing_overdue")
    detail = client_for(people["gz_sup"]).get(f"{API}/alerts/{alert.pk}/").json()
    assert detail["problem_display"] == "有案不立" and detail["state"] == "open" and detail["can_explain"] is False
    problem(client_for(run.world["users"]["other"]).get(f"{API}/alerts/{alert.pk}/"), 404)
    problem(client_for(people["sz_sup"]).get(f"{API}/alerts/{alert.pk}/"), 404)


@pytest.mark.parametrize("query, field, message", [
    ("problem=nonsense", "problem", "没有该问题类别。"),
    ("state=closed", "state", "没有该状态。"),
    ("rule=%27%20OR%201%3D1", "rule", "没有该预警规则。"),
    ("body=not-a-uuid", "body", "执法主体参数不正确。"),
])
def test_bad_alert_filters_are_refused_in_chinese(cases, people, query, field, message):
    refused = problem(client_for(people["gz_sup"]).get(f"{API}/alerts/?{query}"), 400)
    assert refused["detail"] == message and refused["field"] == field


def test_the_body_explains_its_alert_and_supervisors_cannot(cases, people, run):
    alert = Alert.objects.get(rule="filing_overdue")
    url = f"{API}/alerts/{alert.pk}/explain/"
    refused = problem(client_for(people["gz_sup"]).post(url, {"text": "监督人员写的说明。"}, format="json"), 403)
    assert refused["detail"] == "只有办案主体的人员可以对本单位的预警作出说明。"
    problem(client_for(run.world["users"]["other"]).post(url, {"text": "别的单位写的说明。"}, format="json"), 404)
    head = client_for(run.world["users"]["head"])
    empty = problem(head.post(url, {"text": "  "}, format="json"), 422)
    assert empty["detail"] == "请填写情况说明。" and empty["field"] == "text"
    assert problem(head.post(url, {"text": "长" * 2001}, format="json"), 422)["field"] == "text"
    assert problem(head.post(url, {}, format="json"), 400)["errors"][0]["field"] == "text"
    assert head.get(f"{API}/alerts/{alert.pk}/").json()["can_explain"] is True
    response = head.post(url, {"text": "正在核查当事人下落。"}, format="json")
    assert response.status_code == 200, text(response)
    explained = response.json()
    assert explained["state"] == "explained" and explained["explanation"] == "正在核查当事人下落。"
    assert explained["explained_by_name"] == "head姓名"
    assert AuditEntry.objects.filter(action="supervision.alert.explain", object_id=str(alert.pk)).count() == 1
    seen = client_for(people["gz_sup"]).get(f"{API}/alerts/{alert.pk}/").json()
    assert seen["explanation"] == "正在核查当事人下落。"


# --- notifications ---------------------------------------------------------------------------------------------------


def test_the_body_reads_its_notifications(run, people):
    case = decided(run)
    sup = client_for(people["gz_sup"])
    grant = sup.post(f"{API}/access-grants/", {"case": str(case.pk), "reason": "执法督察"}, format="json").json()
    client_for(people["gz_head"]).post(f"{API}/access-grants/{grant['id']}/decide/", {"approve": True},
                                       format="json")
    officer = client_for(run.world["users"]["chen"])
    notices = officer.get(f"{API}/notifications/").json()["results"]
    assert len(notices) == 1 and notices[0]["grant"] == grant["id"] and not notices[0]["is_read"]
    assert "执法督察" in notices[0]["message"] and "李监督" in notices[0]["message"]
    # not theirs: the supervisor, another body
    assert sup.get(f"{API}/notifications/").json()["results"] == []
    url = f"{API}/notifications/{notices[0]['id']}/read/"
    problem(client_for(run.world["users"]["other"]).post(url), 404)
    problem(sup.post(url), 404)
    read = officer.post(url)
    assert read.status_code == 200, text(read)
    assert read.json()["is_read"] and read.json()["read_by_name"] == "陈志强"
    assert officer.post(url).status_code == 200  # reading again changes nothing
    assert AuditEntry.objects.filter(action="supervision.notification.read").count() == 1
    assert Notification.objects.get().read_by == run.world["users"]["chen"]


# --- dashboard -------------------------------------------------------------------------------------------------------


def test_dashboard_shows_the_pages_tables_for_the_jurisdiction(cases, people, run):
    response = client_for(people["gz_sup"]).get(f"{API}/dashboard/")
    assert response.status_code == 200, text(response)
    board = response.json()
    assert board["total"] == 2 and board["period"]["label"] == "全部时间"
    tables = {t["key"]: t for t in board["tables"]}
    assert {"procedure", "stage", "body", "division", "month", "durations", "alerts", "benchmark"} <= set(tables)
    assert tables["body"]["rows"] == [["广州市天河区市场监督管理局", 2]]
    assert ["有案不立", 1, 0, 0, 1] in tables["alerts"]["rows"]
    # the same tables as the page: dashboard.build, not recomputed
    expected = build(people["gz_sup"], parse_period("", ""))
    assert [t["key"] for t in board["tables"]] == list(expected.tables)
    assert [t["rows"] for t in board["tables"]] == json.loads(json.dumps([t.rows for t in expected.tables.values()]))
    # a period
    assert client_for(people["gz_sup"]).get(f"{API}/dashboard/?start=2026-09&end=2026-09").json()["total"] == 2
    late = client_for(people["gz_sup"]).get(f"{API}/dashboard/?start=2027-01").json()
    assert late["total"] == 0 and late["period"]["start"] == "2027-01-01"
    # another jurisdiction sees nothing of 广州; the body's own people are no supervisors
    other = client_for(people["sz_sup"]).get(f"{API}/dashboard/").json()
    assert other["total"] == 0 and "天河" not in json.dumps(other, ensure_ascii=False)
    assert problem(client_for(run.world["users"]["head"]).get(f"{API}/dashboard/"), 403)["detail"] == \
        "统计分析仅供监督人员使用。"


@pytest.mark.parametrize("query, field, message", [
    ("start=2026-13", "start", "格式不正确"),
    ("start=2026-13-45", "start", "格式不正确"),
    ("start=0001-01", "start", "超出可查询的范围"),
    ("end=9999-12", "end", "超出可查询的范围"),
    ("start=2026-12&end=2026-01", "start", "开始日期不能晚于结束日期"),
    ("start=%27%20OR%201%3D1%20--", "start", "格式不正确"),
    ("end=" + "9" * 5000, "end", "格式不正确"),
])
def test_dashboard_refuses_bad_periods_naming_the_field(cases, people, query, field, message):
    refused = problem(client_for(people["gz_sup"]).get(f"{API}/dashboard/?{query}"), 400)
    assert message in refused["detail"] and refused["field"] == field
    assert "天河" not in json.dumps(refused, ensure_ascii=False)


# --- authentication and the schema -----------------------------------------------------------------------------------

SOME_ID = "00000000-0000-4000-8000-000000000001"  # fixed, so every test worker collects the same test ids
ENDPOINTS = [("get", "alerts/"), ("get", "access-grants/"), ("post", "access-grants/"), ("get", "notifications/"),
             ("get", "dashboard/"), ("get", f"access-grants/{SOME_ID}/case/"),
             ("post", f"alerts/{SOME_ID}/explain/"), ("post", f"notifications/{SOME_ID}/read/"),
             ("post", f"access-grants/{SOME_ID}/decide/")]


@pytest.mark.parametrize("method, tail", ENDPOINTS)
def test_every_endpoint_needs_authentication(db, method, tail):
    response = getattr(APIClient(), method)(f"{API}/{tail}", {}, format="json") if method == "post" \
        else APIClient().get(f"{API}/{tail}")
    assert problem(response, 401)["detail"]


def test_token_and_session_authentication_and_users_without_a_supervision_role(people):
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "gz_sup", "password": "Pass-word-123"}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(f"{API}/dashboard/").status_code == 200
    session = Client()
    session.force_login(people["gz_sup"])
    assert session.get(f"{API}/alerts/").status_code == 200
    nobody = client_for(UserFactory(username="nobody"))
    for tail in ("alerts/", "access-grants/", "notifications/"):
        assert problem(nobody.get(f"{API}/{tail}"), 403)["detail"] == "没有可以查看的监督内容。"
    assert problem(nobody.get(f"{API}/dashboard/"), 403)["detail"] == "统计分析仅供监督人员使用。"


def test_every_endpoint_is_in_the_openapi_schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        f"{API}/alerts/": {"get"}, f"{API}/alerts/{{id}}/": {"get"},
        f"{API}/alerts/{{id}}/explain/": {"post"},
        f"{API}/access-grants/": {"get", "post"}, f"{API}/access-grants/{{id}}/": {"get"},
        f"{API}/access-grants/{{id}}/decide/": {"post"}, f"{API}/access-grants/{{id}}/case/": {"get"},
        f"{API}/notifications/": {"get"}, f"{API}/notifications/{{id}}/": {"get"},
        f"{API}/notifications/{{id}}/read/": {"post"}, f"{API}/dashboard/": {"get"},
        f"{API}/access-grants/{{grant}}/files/{{kind}}/{{file}}/": {"get"},  # files on demand (decision 0059)
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert set(paths[path]) == methods, path
        for method in methods:
            operation = paths[path][method]
            assert operation["tags"] == ["监督平台"] and operation["summary"], (path, method)
            assert {"401", "403"} <= set(operation["responses"]), (path, method)
    assert {p for p in paths if p.startswith("/api/v1/supervision/")} == set(expected)
    dashboard = paths["/api/v1/supervision/dashboard/"]["get"]
    assert {p["name"] for p in dashboard["parameters"]} == {"start", "end"}
    alerts = paths["/api/v1/supervision/alerts/"]["get"]
    assert {"problem", "state", "rule", "body", "page"} <= {p["name"] for p in alerts["parameters"]}
