"""The case API (DESIGN §9): open from a source, read state / deadlines / allowed acts, perform acts; errors as
problem+json naming the field or the article."""

import pytest
from rest_framework.test import APIClient

from ..models import Act, Case
from .conftest import store_party

pytestmark = pytest.mark.django_db

SOURCE = {"procedure": "penalty.general", "performed_at": "2026-09-28T09:00:00+08:00", "source_kind": "complaint",
          "cause": "经营超过保质期的食品", "summary": "消费者投诉购买到过期牛奶。", "reporter": "消费者（匿名）"}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def test_open_read_and_act_through_the_api(world):
    officer = client_for(world["users"]["chen"])
    created = officer.post("/api/v1/cases/", SOURCE, format="json")
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["state"]["stage"] == "source" and case["version"] == 1
    deadline = next(d for d in case["deadlines"] if d["rule"] == "penalty.file")
    assert deadline["name"] == "立案期限" and deadline["due_date"] == "2026-10-23"
    assert "第五十四条" in deadline["basis"]
    allowed = [a["act"] for a in case["allowed_acts"]]
    assert "verify_source" in allowed and "file" not in allowed
    file_block = next(a for a in case["blocked_acts"] if a["act"] == "file")
    assert file_block["reasons"][0]["message"].startswith("须先完成")

    ids = [str(world["officers"][n].pk) for n in ("chen", "lin")]
    verified = officer.post(f"/api/v1/cases/{case['id']}/acts/", {
        "act": "verify_source", "performed_at": "2026-09-28T15:00:00+08:00", "version": 1,
        "findings": "核实属实。", "conclusion": "file", "officers": ids}, format="json")
    assert verified.status_code == 201, verified.content
    body = verified.json()
    assert body["version"] == 2 and body["acts"][-1]["act"] == "verify_source"
    assert body["acts"][-1]["prev_hash"] == body["acts"][0]["hash"]
    file_act = next(a for a in body["allowed_acts"] if a["act"] == "file")
    assert file_act["can_perform"] is False and file_act["roles"] == ["行政机关负责人"]

    head = client_for(world["users"]["head"])
    filed = head.post(f"/api/v1/cases/{case['id']}/acts/", {
        "act": "file", "performed_at": "2026-09-30T10:00:00+08:00", "version": 2, "item": world["item"].code,
        "party": store_party(), "violation_date": "2026-09-28", "summary": ["投诉属实。"], "handlers": ids},
        format="json")
    assert filed.status_code == 201, filed.content
    detail = head.get(f"/api/v1/cases/{case['id']}/").json()
    assert detail["number"] == "穗天市监立〔2026〕1号"
    assert detail["parties"][0]["phone"].startswith("139") and "*" in detail["parties"][0]["phone"]
    decide = next(d for d in detail["deadlines"] if d["rule"] == "penalty.decide")
    assert decide["due_date"] == "2026-12-29" and "第六十条" in decide["basis"]
    document = next(d for d in detail["documents"] if d["doc_type"] == "case_filing_approval")
    pdf = head.get(document["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"


def test_api_errors_are_problems_naming_the_field_or_article(world, run):
    run.open("2026-09-28 09:00")
    officer = client_for(world["users"]["chen"])
    url = f"/api/v1/cases/{run.case.pk}/acts/"
    ids = [str(world["officers"][n].pk) for n in ("chen", "lin")]
    body = problem(officer.post(url, {"act": "decide", "performed_at": "2026-09-28T10:00:00+08:00"}, format="json"),
                   403)
    assert "行政机关负责人" in body["detail"]
    body = problem(officer.post(url, {"act": "serve", "performed_at": "2026-09-28T10:00:00+08:00",
                                      "method": "direct", "served_on": "2026-09-28", "recipient": "x",
                                      "officers": ids}, format="json"), 422)
    assert "第六十一条" in body["detail"] and body["field"] == "act"
    body = problem(officer.post(url, {"act": "verify_source", "performed_at": "2999-01-01T00:00:00+08:00",
                                      "findings": "x", "conclusion": "file", "officers": ids}, format="json"), 422)
    assert body["field"] == "performed_at"
    body = problem(officer.post(url, {"act": "verify_source", "version": 0, "findings": "x", "conclusion": "file",
                                      "officers": ids, "performed_at": "2026-09-28T10:00:00+08:00"}, format="json"),
                   409)
    assert body["field"] == "version"
    body = problem(officer.post(url, {"act": "verify_source", "performed_at": "2026-09-28T10:00:00+08:00",
                                      "conclusion": "maybe", "officers": ids}, format="json"), 422)
    assert {e["field"] for e in body["errors"]} >= {"findings", "conclusion"}
    assert Act.objects.filter(case=run.case).count() == 1
    other = client_for(world["users"]["other"])
    problem(other.get(f"/api/v1/cases/{run.case.pk}/"), 404)
    problem(other.post(url, {"act": "verify_source"}, format="json"), 404)


def test_idempotency_key_makes_a_retried_post_harmless(world):
    officer = client_for(world["users"]["chen"])
    first = officer.post("/api/v1/cases/", SOURCE, format="json", HTTP_IDEMPOTENCY_KEY="phone-42")
    again = officer.post("/api/v1/cases/", SOURCE, format="json", HTTP_IDEMPOTENCY_KEY="phone-42")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and Case.objects.count() == 1
    ids = [str(world["officers"][n].pk) for n in ("chen", "lin")]
    payload = {"act": "verify_source", "performed_at": "2026-09-28T15:00:00+08:00", "findings": "x",
               "conclusion": "file", "officers": ids}
    url = f"/api/v1/cases/{first.json()['id']}/acts/"
    assert officer.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY="act-1").status_code == 201
    assert officer.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY="act-1").status_code == 200
    assert Act.objects.count() == 2


def test_evidence_upload_by_multipart(world, run, settings, tmp_path):
    from .test_guards import png

    settings.MEDIA_ROOT = tmp_path
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    officer = client_for(world["users"]["chen"])
    ids = [str(world["officers"][n].pk) for n in ("chen", "lin")]
    response = officer.post(f"/api/v1/cases/{run.case.pk}/acts/", {
        "act": "collect_evidence", "performed_at": "2026-09-29T09:00:00+08:00", "kind": "physical",
        "title": "过期牛奶", "officers": ids, "files": [png("a.png"), png("b.png")], "latitude": "23.135",
        "longitude": "113.362"}, format="multipart")
    assert response.status_code == 201, response.content
    evidence = response.json()["evidence"]
    assert len(evidence) == 2 and all(len(e["sha256"]) == 64 for e in evidence)


def test_schema_documents_every_act_code(world):
    from .. import api
    from ..procedures import PROCEDURES

    schema = client_for(world["users"]["chen"]).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    mapping = components["ActRequest"]["discriminator"]["mapping"]
    codes = {spec.code for p in PROCEDURES.values() for spec in p.acts}
    assert set(mapping) == codes == set(api.ACT_REQUESTS)
    assert "officers" in components["InvestigateActRequest"]["properties"]
    assert "/api/v1/cases/{id}/acts/" in schema["paths"]


def test_procedures_endpoint_lists_acts_with_their_basis(world):
    data = client_for(world["users"]["chen"]).get("/api/v1/cases/procedures/").json()
    general = next(p for p in data if p["code"] == "penalty.general")
    decide = next(a for a in general["acts"] if a["act"] == "decide")
    assert "第五十九条" in decide["basis"] and decide["roles"] == ["行政机关负责人"]
