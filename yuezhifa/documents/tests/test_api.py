"""/api/v1/document-types/, /api/v1/document-templates/, /api/v1/documents/preview/."""

import pytest
from rest_framework.test import APIClient

from yuezhifa.documents import samples
from yuezhifa.documents.models import DocumentTemplate
from yuezhifa.documents.samples import sample_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(officer_user):
    api = APIClient()
    api.force_authenticate(officer_user)
    return api


def json_context(code):
    """The sample as a JSON client sends it: dates as text, amounts as numbers."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(sample_context(code), cls=DjangoJSONEncoder))


def test_anonymous_requests_are_refused():
    api = APIClient()
    assert api.get("/api/v1/document-types/").status_code == 401
    response = api.post("/api/v1/documents/preview/", {"type": "penalty_decision"}, format="json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_document_types_list_their_basis_and_required_contents(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/document-types/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 40
    decision = next(t for t in body["results"] if t["code"] == "penalty_decision")
    assert decision["name"] == "行政处罚决定书"
    assert decision["category"] == "decision" and decision["category_display"] == "决定"
    assert "第五十九条" in decision["basis"]
    party = next(f for f in decision["required_fields"] if f["key"] == "party.name")
    assert party["basis"] == "《中华人民共和国行政处罚法》第五十九条第一款第（一）项"
    assert decision["has_sample"] is True and decision["active_versions"] == 1


def test_document_types_filter_by_category_and_read_by_code(client):
    response = client.get("/api/v1/document-types/", {"category": "compulsion"})
    names = [t["name"] for t in response.json()["results"]]
    assert "查封（扣押）决定书" in names and "行政处罚决定书" not in names
    response = client.get("/api/v1/document-types/seizure_decision/")
    assert response.status_code == 200
    assert {f["key"] for f in response.json()["required_fields"]} >= {"items", "period", "remedies.review_body"}


def test_document_templates_list_the_versions_of_a_type(client):
    response = client.get("/api/v1/document-templates/", {"type": "penalty_decision"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["type"], r["version"], r["status"], r["scope"]) for r in rows] == [
        ("penalty_decision", 1, "active", "province")]
    assert "source" not in rows[0]
    detail = client.get(f"/api/v1/document-templates/{rows[0]['id']}/").json()
    assert "{% block remedies %}" in detail["source"] and "seal-area" in detail["css"] + detail["source"]


def test_preview_renders_the_sample_as_pdf(client, pdf_tools):
    response = client.post("/api/v1/documents/preview/", {"type": "penalty_decision", "format": "pdf"}, format="json",
                           HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_preview_renders_a_given_context_as_html(client):
    context = json_context("penalty_decision")
    context["party"]["name"] = "广州示例贸易有限公司"
    response = client.post("/api/v1/documents/preview/",
                           {"type": "penalty_decision", "format": "html", "context": context, "on": "2026-03-20"},
                           format="json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "广州示例贸易有限公司" in response.content.decode()
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_preview_names_the_missing_content_and_its_article(client):
    context = json_context("penalty_decision")
    del context["party"]["name"]
    response = client.post("/api/v1/documents/preview/",
                           {"type": "penalty_decision", "format": "html", "context": context}, format="json",
                           HTTP_ACCEPT="application/pdf")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["field"] == "context.party.name"
    assert "当事人的姓名或者名称" in problem["detail"] and "第五十九条第一款第（一）项" in problem["detail"]
    assert problem["code"] == "missing_content"


def test_preview_of_a_type_without_template_says_so(client):
    DocumentTemplate.objects.filter(doc_type__code="jurisdiction_designation_notice").delete()
    response = client.post("/api/v1/documents/preview/", {"type": "jurisdiction_designation_notice", "context": {}},
                           format="json")
    assert response.status_code == 422
    assert response.json()["code"] == "no_active_template"  # before any complaint about the context
    assert "该文书尚无生效模板" in response.json()["detail"]


def test_preview_without_context_needs_a_sample(client, monkeypatch):
    monkeypatch.delitem(samples.SAMPLES, "jurisdiction_designation_notice")
    response = client.post("/api/v1/documents/preview/", {"type": "jurisdiction_designation_notice"}, format="json")
    assert response.status_code == 422 and response.json()["field"] == "context"
    response = client.post("/api/v1/documents/preview/", {"type": "no_such_type"}, format="json")
    assert response.status_code == 422 and response.json()["field"] == "type"
    response = client.post("/api/v1/documents/preview/", {"type": "penalty_decision", "format": "docx"},
                           format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "format"


def test_preview_of_a_template_version(client, library_admin):
    from yuezhifa.documents import services

    base = DocumentTemplate.objects.get(doc_type__code="penalty_decision", version=1)
    import datetime

    draft = services.template_create_version(actor=library_admin, doc_type=base.doc_type, css=base.css,
                                             effective_from=datetime.date(2026, 9, 1), note="草稿",
                                             source=base.source.replace("行政处罚决定书", "行政处罚决定书（修订稿）"))
    response = client.post("/api/v1/documents/preview/",
                           {"type": "penalty_decision", "format": "html", "template": str(draft.pk)}, format="json")
    assert response.status_code == 200 and "修订稿" in response.content.decode()
