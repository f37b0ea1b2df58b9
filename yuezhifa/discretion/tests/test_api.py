"""The API contract: /api/v1/discretion/evaluate/, /check/, /circumstances/ and /api/v1/benchmarks/ (Decimal as
strings, errors as problem+json in Chinese naming the field)."""

import datetime

import pytest
from rest_framework.test import APIClient

from yuezhifa.discretion.models import Benchmark, BenchmarkStatus

from . import factories as f

EVALUATE = "/api/v1/discretion/evaluate/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(world, **extra) -> dict:
    return {"item": str(world["item"].pk), "circumstances": [], "amounts": {"goods_value": "12345.67"},
            "date": "2024-05-01", "party_kind": "legal", **extra}


def test_evaluate_returns_tier_ranges_and_citations_with_decimals_as_strings(world, benchmark):
    response = client_for(world["users"]["t_officer"]).post(EVALUATE, body(world), format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["tier"] == "standard" and data["tier_label"] == "一般处罚"
    assert data["benchmark"] == str(benchmark.pk) and data["benchmark_version"] == 1
    fine = data["ranges"]["fine"]
    assert fine == {"lower": "172839.38", "upper": "197530.72", "statutory_lower": "123456.70",
                    "statutory_upper": "246913.40", "required": True, "branch": "货值金额一万元以上的",
                    "tier_terms": "货值金额 14 倍以上 16 倍以下", "statutory_terms": "货值金额 10 倍以上 20 倍以下",
                    "base": "goods_value", "base_name": "货值金额", "base_amount": "12345.67"}
    assert data["required_penalties"] == ["confiscate_income", "confiscate_property"]
    assert data["citations"][0] == benchmark.citation
    assert "《中华人民共和国食品安全法》第一百二十四条" in data["citations"]
    assert data["no_penalty_mandatory"] is False and data["no_penalty_discretionary"] is False
    assert data["if_penalised"] is None
    assert all(isinstance(r, str) and r for r in data["reasons"])


def test_evaluate_first_violation_offers_no_penalty_with_the_penalised_alternative(world, benchmark):
    response = client_for(world["users"]["t_officer"]).post(
        EVALUATE, body(world, circumstances=["first_violation", "corrected", "slight_harm"]), format="json")
    data = response.json()
    assert data["tier"] == "exempt" and data["no_penalty_discretionary"] is True
    assert data["ranges"] == {} and data["if_penalised"]["tier"] == "lighter"
    assert data["if_penalised"]["ranges"]["fine"]["upper"] == "172839.38"


def test_evaluate_without_benchmark_is_a_chinese_problem_naming_item_and_date(world):
    response = client_for(world["users"]["t_officer"]).post(EVALUATE, body(world), format="json")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "no_benchmark" and problem["field"] == "item"
    assert world["item"].code in problem["detail"] and "2024-05-01" in problem["detail"]


@pytest.mark.parametrize(("change", "field"), [
    ({"party_kind": "robot"}, "party_kind"),
    ({"date": "2024-13-01"}, "date"),
    ({"amounts": {"goods_value": "-5"}}, "amounts.goods_value"),
    ({"item": "not-a-uuid"}, "item"),
])
def test_evaluate_refuses_bad_input_naming_the_field(world, benchmark, change, field):
    response = client_for(world["users"]["t_officer"]).post(EVALUATE, body(world, **change), format="json")
    assert response.status_code == 400
    assert any(e["field"] == field for e in response.json()["errors"])


def test_evaluate_domain_errors_name_the_field(world, benchmark):
    client = client_for(world["users"]["t_officer"])
    response = client.post(EVALUATE, body(world, amounts={}), format="json")
    assert response.status_code == 422 and response.json()["field"] == "amounts.goods_value"
    response = client.post(EVALUATE, body(world, circumstances=["no_harm", "serious_harm"]), format="json")
    assert response.status_code == 422 and "相互矛盾" in response.json()["detail"]


def test_evaluate_needs_login(world, benchmark):
    response = APIClient().post(EVALUATE, body(world), format="json")
    assert response.status_code == 401


def test_check_reports_deviations(world, benchmark):
    client = client_for(world["users"]["t_officer"])
    response = client.post("/api/v1/discretion/check/", body(world, proposed={
        "fine": "200000", "confiscate_income": True, "confiscate_property": True}), format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["within"] is False and data["allowed"] is True and data["needs_reason"] is True
    [dev] = data["deviations"]
    assert dev["kind"] == "outside_tier" and dev["bound"] == "197530.72" and dev["value"] == "200000.00"
    response = client.post("/api/v1/discretion/check/", body(world, proposed={"fine": "300000"}), format="json")
    assert response.json()["allowed"] is False


def test_circumstances_list_the_vocabulary(world):
    response = client_for(world["users"]["t_officer"]).get("/api/v1/discretion/circumstances/")
    assert response.status_code == 200
    rows = {r["code"]: r for r in response.json()}
    assert rows["under_14"]["basis"] == "《中华人民共和国行政处罚法》第三十条" and rows["under_14"]["builtin"]
    assert rows["first_violation"]["name"] == "初次违法"
    assert {"no_harm", "slight_harm", "corrected", "serious_harm", "vulnerable_groups"} <= set(rows)


def test_benchmarks_are_listed_and_filtered_by_item(world, benchmark):
    client = client_for(world["users"]["t_officer"])
    other = f.item(world["art124"])
    response = client.get("/api/v1/benchmarks/", {"item": str(world["item"].pk)})
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == str(benchmark.pk) and row["status"] == "active" and row["item_code"] == world["item"].code
    assert client.get("/api/v1/benchmarks/", {"item": str(other.pk)}).json()["results"] == []
    assert client.get("/api/v1/benchmarks/", {"on": "2022-06-01"}).json()["results"] == []
    detail = client.get(f"/api/v1/benchmarks/{benchmark.pk}/").json()
    assert [t["kind"] for t in detail["content"]["tiers"]] == ["reduced", "lighter", "standard", "heavier"]
    assert detail["problems"] == []


def test_benchmark_list_query_count_does_not_grow(world, benchmark, django_assert_max_num_queries):
    for _ in range(3):
        f.item(world["art124"])
    client = client_for(world["users"]["t_officer"])
    with django_assert_max_num_queries(6):
        client.get("/api/v1/benchmarks/")


def test_drafts_are_written_and_published_through_the_api(world):
    client = client_for(world["users"]["p_admin"])
    content = f.food_124(world["art124"])
    payload = {**{k: v for k, v in content.items() if k != "basis_provisions"},
               "basis_provisions": [str(world["art124"].pk)], "item": str(world["item"].pk),
               "issuing_body": str(world["bodies"]["p_market"].pk), "effective_from": "2023-01-01"}
    response = client.post("/api/v1/benchmarks/", payload, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    bad = client.patch(f"/api/v1/benchmarks/{pk}/", {"tiers": [{"kind": "lighter", "fines": [
        {"branch": 0, "min_yuan": "1", "max_yuan": "70000"}]}]}, format="json")
    assert bad.status_code == 200 and bad.json()["problems"]
    refused = client.post(f"/api/v1/benchmarks/{pk}/activate/", {}, format="json")
    assert refused.status_code == 422 and "一般处罚" in refused.json()["detail"]
    assert any("从轻处罚" in e["message"] and "下限" in e["message"] for e in refused.json()["errors"])
    client.patch(f"/api/v1/benchmarks/{pk}/", {"tiers": content["tiers"]}, format="json")
    published = client.post(f"/api/v1/benchmarks/{pk}/activate/", {}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "active"
    retired = client.post(f"/api/v1/benchmarks/{pk}/retire/", {"reason": "依据修改", "effective_until": "2024-01-01"},
                          format="json")
    assert retired.json()["status"] == "retired" and retired.json()["effective_until"] == "2024-01-01"


def test_only_the_issuing_bodys_administrator_writes(world, benchmark):
    payload = {"item": str(world["item"].pk), "issuing_body": str(world["bodies"]["p_market"].pk), "title": "x",
               "effective_from": "2025-01-01"}
    response = client_for(world["users"]["c_admin"]).post("/api/v1/benchmarks/", payload, format="json")
    assert response.status_code in (403, 422)
    assert not Benchmark.objects.filter(title="x").exists()
    response = client_for(world["users"]["t_officer"]).post(f"/api/v1/benchmarks/{benchmark.pk}/retire/",
                                                            {"reason": "x"}, format="json")
    assert response.status_code == 403 and "广东省市场监督管理局" in response.json()["detail"]
    benchmark.refresh_from_db()
    assert benchmark.status == BenchmarkStatus.ACTIVE


def test_schema_documents_the_endpoints(world):
    response = client_for(world["users"]["t_officer"]).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    paths = response.json()["paths"] if response["Content-Type"].startswith("application/json") else None
    if paths is None:
        import yaml

        paths = yaml.safe_load(response.content)["paths"]
    for path in ("/api/v1/discretion/evaluate/", "/api/v1/discretion/check/", "/api/v1/discretion/circumstances/",
                 "/api/v1/benchmarks/", "/api/v1/benchmarks/{id}/activate/"):
        assert path in paths
    assert "422" in paths["/api/v1/discretion/evaluate/"]["post"]["responses"]


def test_evaluate_uses_the_benchmark_of_the_users_body(world, benchmark):
    from yuezhifa.core.actors import SYSTEM
    from yuezhifa.discretion import services

    content = f.food_124(world["art124"], effective_from=datetime.date(2023, 1, 1))
    content["tiers"][2]["fines"][1] = {"branch": 1, "min_multiple": "14.5", "max_multiple": "15.5"}
    local = services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["c_market"],
                                      parent=benchmark, **content)
    services.benchmark_activate(actor=SYSTEM, benchmark=local)
    data = client_for(world["users"]["t_officer"]).post(EVALUATE, body(world), format="json").json()
    assert data["benchmark"] == str(local.pk) and data["ranges"]["fine"]["lower"] == "179012.22"
    # a body outside the user's scope cannot be named
    response = client_for(world["users"]["t_officer"]).post(
        EVALUATE, body(world, body=str(world["bodies"]["sz_market"].pk)), format="json")
    assert response.status_code == 422 and response.json()["field"] == "body"
    data = client_for(world["users"]["superuser"]).post(
        EVALUATE, body(world, body=str(world["bodies"]["sz_market"].pk)), format="json").json()
    assert data["benchmark"] == str(benchmark.pk)
