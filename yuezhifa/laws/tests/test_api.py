"""The REST API contracts of the laws library (DESIGN §9): every logged-in user reads, only the province's justice
department edits (办法 第52条), errors are problem+json."""

import pytest
from rest_framework.test import APIClient

from yuezhifa.core.actors import SYSTEM
from yuezhifa.laws.demo import DEMO_DIR
from yuezhifa.laws.models import Law, LawStatus, Provision
from yuezhifa.laws.services import laws_import

from .conftest import CORE_FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def demo_library(db):
    summary = laws_import(actor=SYSTEM, directory=DEMO_DIR)
    assert summary.unparseable == []
    return summary


def test_anonymous_gets_401_problem(demo_library):
    response = APIClient().get("/api/v1/laws/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_law_by_exact_name(demo_library, people, client_for):
    response = client_for(people["officer"]).get("/api/v1/laws/", {"name": "中华人民共和国行政处罚法"})
    assert response.status_code == 200
    (law,) = response.json()["results"]
    assert law["name"] == "中华人民共和国行政处罚法"
    assert law["level"] == "law" and law["level_display"] == "法律"
    assert law["status"] == "in_force" and law["status_display"] == "现行有效"
    assert law["effective_date"] == "2021-07-15"
    assert law["article_count"] == 24  # the demo excerpt
    assert {"id", "publish_date", "category", "tags"} <= set(law)


def test_law_filters_accept_values_and_chinese_labels(demo_library, people, client_for):
    client = client_for(people["officer"])
    by_value = client.get("/api/v1/laws/", {"status": "in_force", "level": "law"}).json()["count"]
    by_label = client.get("/api/v1/laws/", {"status": "现行有效", "level": "法律"}).json()["count"]
    assert by_value == by_label == 5
    assert client.get("/api/v1/laws/", {"category": "社会法"}).json()["results"][0]["short_name"] == "安全生产法"
    assert client.get("/api/v1/laws/", {"search": "大气"}).json()["results"][0]["short_name"] == "大气污染防治法"


def test_law_detail_has_structure_and_versions(demo_library, people, client_for):
    law = Law.objects.get(short_name="行政强制法")
    data = client_for(people["officer"]).get(f"/api/v1/laws/{law.pk}/").json()
    codes = {unit["code"]: unit for unit in data["structure"]}
    assert codes["A25"]["article_number"] == 25 and codes["A25"]["kind"] == "article"
    assert codes["A25.P3"]["parent"] == codes["A25"]["id"]
    assert codes["C3.S2"]["heading"] == "查封、扣押"
    assert codes["A25"]["parent"] == codes["C3.S2"]["id"]
    assert [v["id"] for v in data["versions"]] == [str(law.pk)]


def test_provision_search_finds_article_nine_for_fines(demo_library, people, client_for):
    """?search=罚款 finds 处罚法 第九条 (the penalty kinds), with an integer article number and a snippet."""
    data = client_for(people["officer"]).get("/api/v1/provisions/", {"search": "罚款"}).json()
    assert data["count"] >= 10
    hits = {(r["law_name"], r["article_number"]): r for r in data["results"]}
    nine = hits[("中华人民共和国行政处罚法", 9)]
    assert nine["citation"] == "《中华人民共和国行政处罚法》第九条"
    assert "罚款" in nine["text"]
    assert "<mark>罚款</mark>" in nine["snippet"]
    assert isinstance(nine["score"], float)
    # Current general enforcement laws lead.
    assert data["results"][0]["law_name"] in {"中华人民共和国行政处罚法", "中华人民共和国行政强制法"}


def test_provision_search_filters_by_law_and_status(demo_library, people, client_for):
    client = client_for(people["officer"])
    food = Law.objects.get(short_name="食品安全法")
    data = client.get("/api/v1/provisions/", {"search": "罚款", "law": str(food.pk)}).json()
    assert data["results"] and {r["law_name"] for r in data["results"]} == {"中华人民共和国食品安全法"}
    assert client.get("/api/v1/provisions/", {"search": "罚款", "status": "repealed"}).json()["count"] == 0


def test_provision_list_filters_without_search(demo_library, people, client_for):
    law = Law.objects.get(short_name="行政处罚法")
    data = client_for(people["officer"]).get("/api/v1/provisions/", {"law": str(law.pk), "kind": "article"}).json()
    assert [r["article_number"] for r in data["results"]][:3] == [9, 28, 29]
    assert data["results"][0]["snippet"] is None


def test_resolve_citation(demo_library, people, client_for):
    client = client_for(people["officer"])
    response = client.get("/api/v1/provisions/resolve/", {"citation": "处罚法第六十三条第一款第（二）项",
                                                         "date": "2024-05-01"})
    assert response.status_code == 200
    data = response.json()
    assert data["citation"] == "《中华人民共和国行政处罚法》第六十三条第一款第（二）项"
    assert data["article_number"] == 63 and data["kind"] == "item"
    assert data["cited_by"] == [] or all("label" in group for group in data["cited_by"])


@pytest.mark.parametrize(("citation", "date", "status", "fragment"), [
    ("《行政处罚法》第八十六条", "", 404, "没有第八十六条"),
    ("《中华人民共和国不存在法》第一条", "", 404, "不存在法"),
    ("《行政处罚法》第九条", "2019-01-01", 404, "尚未施行"),
    ("行政处罚法", "", 422, "没有条号"),
    ("《行政处罚法》第九条", "2019-13-01", 422, "日期"),
])
def test_resolve_errors_are_problems_naming_what_is_missing(demo_library, people, client_for, citation, date,
                                                            status, fragment):
    params = {"citation": citation, **({"date": date} if date else {})}
    response = client_for(people["officer"]).get("/api/v1/provisions/resolve/", params)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    assert fragment in response.json()["detail"]


@pytest.mark.parametrize("who", ["officer", "market_admin", "city_justice_admin"])
def test_only_provincial_justice_administrators_edit(demo_library, people, client_for, who):
    """办法 第52条: the provincial justice department keeps the library; others read it."""
    law = Law.objects.get(short_name="行政处罚法")
    provision = Provision.objects.get(law=law, code="A9")
    client = client_for(people[who])
    assert client.patch(f"/api/v1/laws/{law.pk}/", {"tags": ["x"]}, format="json").status_code == 403
    assert client.patch(f"/api/v1/provisions/{provision.pk}/", {"tags": ["x"]}, format="json").status_code == 403
    law.refresh_from_db()
    assert "x" not in law.tags


def test_justice_administrator_edits_and_status_follows(demo_library, people, client_for):
    law = Law.objects.get(short_name="大气污染防治法")
    client = client_for(people["justice_admin"])
    response = client.patch(f"/api/v1/laws/{law.pk}/", {"is_repealed": True, "tags": ["生态环境"]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == LawStatus.REPEALED
    provision = Provision.objects.get(law=law, code="A99")
    response = client.patch(f"/api/v1/provisions/{provision.pk}/", {"tags": ["罚则", "罚则", " 大气 "]},
                            format="json")
    assert response.json()["tags"] == ["罚则", "大气"]
    bad = client.patch(f"/api/v1/laws/{law.pk}/", {"effective_date": "2030-01-01", "expiry_date": "2029-01-01"},
                       format="json")
    assert bad.status_code == 422 and bad.json()["field"] == "expiry_date"


def test_core_laws_api_counts(import_corpus, people, client_for):
    import_corpus(*CORE_FILES.values())
    client = client_for(people["officer"])
    counts = {r["short_name"]: r["article_count"] for r in client.get("/api/v1/laws/").json()["results"]}
    assert counts == {"行政处罚法": 86, "行政强制法": 71, "行政许可法": 83}


def test_lists_do_not_query_per_row(demo_library, people, client_for, django_assert_max_num_queries):
    """DESIGN §10: no N+1 on list endpoints."""
    client = client_for(people["officer"])
    law = Law.objects.get(short_name="行政处罚法")
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/laws/").json()["results"]) == 5
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/provisions/", {"law": str(law.pk)}).json()["results"]) == 50
    with django_assert_max_num_queries(10):
        client.get(f"/api/v1/laws/{law.pk}/")
