"""API contracts of /api/v1/items/ and /api/v1/item-adjustments/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from yuezhifa.items.models import Item

from .factories import ItemBasisFactory, ItemFactory, LawFactory, article, child


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(world, **extra):
    data = {"code": "440000-XZCF-00124", "name": "对生产经营用非食品原料生产食品的行政处罚", "type": "penalty",
            "domain": "market", "levels": ["county", "city"], "department": "县级以上人民政府食品安全监督管理部门",
            "registered_code": "REG-124",
            "bases": [{"provision": str(child(world["articles"][124], "P1.I1").pk), "role": "penalty"}]}
    data.update(extra)
    return data


def test_create_and_detail_with_bases(world):
    api = client_for(world["users"]["p_admin"])
    response = api.post("/api/v1/items/", _payload(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["levels"] == ["city", "county"]
    assert body["levels_display"] == ["市级", "县级"]
    detail = client_for(world["users"]["t_officer"]).get(f"/api/v1/items/{body['id']}/").json()
    (basis,) = detail["bases"]
    assert basis["citation"] == "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项"
    assert basis["law_name"] == "中华人民共和国食品安全法"
    assert basis["article_number"] == 124
    assert basis["role_display"] == "处罚依据" and basis["provision_text"]


def test_a_city_administrator_gets_a_problem_403(world):
    response = client_for(world["users"]["c_admin"]).post("/api/v1/items/", _payload(world), format="json")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert "省司法行政部门" in response.json()["detail"]


def test_duplicate_code_is_a_409_naming_the_field(world):
    api = client_for(world["users"]["p_admin"])
    assert api.post("/api/v1/items/", _payload(world), format="json").status_code == 201
    response = api.post("/api/v1/items/", _payload(world, registered_code="OTHER"), format="json")
    assert response.status_code == 409 and response.json()["field"] == "code"


def test_list_filters(world):
    ItemFactory(code="440000-XZCF-00001", name="对经营超过保质期食品的行政处罚", levels=["county"])
    ItemFactory(code="440000-XZJC-00002", type="inspection", name="食品生产经营日常监督检查",
                levels=["city", "township"], status="draft")
    ItemFactory(code="440000-XZCF-00003", domain=world["domains"]["ecology"], name="对超标排放大气污染物的行政处罚")
    api = client_for(world["users"]["t_officer"])

    def codes(query):
        response = api.get(f"/api/v1/items/?{query}")
        assert response.status_code == 200, response.content
        return sorted(i["code"] for i in response.json()["results"])

    assert codes("type=inspection") == ["440000-XZJC-00002"]
    assert codes("domain=ecology") == ["440000-XZCF-00003"]
    assert codes("status=draft") == ["440000-XZJC-00002"]
    assert codes("level=township") == ["440000-XZJC-00002"]
    assert codes("search=保质期") == ["440000-XZCF-00001"]
    assert api.get("/api/v1/items/?type=nope").status_code == 400


def test_list_query_count_does_not_grow_with_items(world):
    api = client_for(world["users"]["t_officer"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/items/").status_code == 200
        return len(ctx)

    for n in range(3):
        ItemBasisFactory(item=ItemFactory(code=f"440000-XZCF-1000{n}"), provision=world["articles"][122])
    few = count()
    for n in range(20):
        item = ItemFactory(code=f"440000-XZCF-2{n:04d}")
        ItemBasisFactory(item=item, provision=world["articles"][124])
        ItemBasisFactory(item=item, provision=world["articles"][125], role="violated", order=1)
    assert count() == few <= 6


def test_usability_and_effective_bases_endpoints(world):
    item = ItemFactory(status="draft")
    ItemBasisFactory(item=item, provision=world["articles"][124])
    api = client_for(world["users"]["t_officer"])
    body = api.get(f"/api/v1/items/{item.pk}/usability/?date=2025-06-01").json()
    assert body == {"usable": False, "reason": body["reason"], "date": "2025-06-01"}
    assert "第13条(二)" in body["reason"]
    response = api.get(f"/api/v1/items/{item.pk}/effective-bases/?body={world['bodies']['t_market'].pk}")
    assert response.status_code == 200
    assert [b["citation"] for b in response.json()] == ["《中华人民共和国食品安全法》第一百二十四条"]
    assert api.get(f"/api/v1/items/{item.pk}/effective-bases/").status_code == 422


def test_adjustment_workflow_over_the_api(world):
    item = ItemFactory()
    ItemBasisFactory(item=item, provision=world["articles"][124])
    new = article(LawFactory(name="中华人民共和国食品安全法新文本", short_name="食品安全法新文本"), 124)
    submit = client_for(world["users"]["t_admin"]).post("/api/v1/item-adjustments/", {
        "body": str(world["bodies"]["t_market"].pk), "item": str(item.pk), "reason": "依据变化，急需办案",
        "bases": [{"provision": str(new.pk), "role": "penalty"}]}, format="json")
    assert submit.status_code == 201, submit.content
    adj = submit.json()
    url = f"/api/v1/item-adjustments/{adj['id']}/"
    refused = client_for(world["users"]["t_admin"]).post(f"{url}approve/", {}, format="json")
    assert refused.status_code == 403 and "第54条" in refused.json()["detail"]
    approved = client_for(world["users"]["t_head"]).post(f"{url}approve/", {"note": "同意"}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["approved_by_name"] == "t_head姓名"
    reported = client_for(world["users"]["t_admin"]).post(f"{url}report/", {"reported_to": "广州市市场监督管理局"},
                                                         format="json")
    assert reported.status_code == 200 and reported.json()["reported_at"]
    listed = client_for(world["users"]["t_officer"]).get("/api/v1/item-adjustments/?status=approved").json()
    assert [a["id"] for a in listed["results"]] == [adj["id"]]
    assert client_for(world["users"]["c_admin"]).get(url).status_code == 404
    bases = client_for(world["users"]["t_officer"]).get(
        f"/api/v1/items/{item.pk}/effective-bases/?body={world['bodies']['t_market'].pk}").json()
    assert [(b["provision"], b["adjustment"]) for b in bases] == [(str(new.pk), adj["id"])]


def test_patch_activate_suspend_and_set_bases(world):
    api = client_for(world["users"]["p_admin"])
    item_id = api.post("/api/v1/items/", _payload(world), format="json").json()["id"]
    url = f"/api/v1/items/{item_id}/"
    assert api.patch(url, {"name": "对用非食品原料生产食品的行政处罚"}, format="json").json()["version"] == 2
    assert api.post(f"{url}activate/", {}, format="json").json()["status"] == "active"
    assert api.post(f"{url}suspend/", {}, format="json").status_code == 400
    assert api.post(f"{url}suspend/", {"reason": "调整中"}, format="json").json()["status"] == "suspended"
    response = api.put(f"{url}bases/", {"bases": [
        {"provision": str(world["articles"][122].pk), "role": "penalty", "note": "整条"}]}, format="json")
    assert response.status_code == 200 and [b["note"] for b in response.json()["bases"]] == ["整条"]
    assert api.put(url, {}, format="json").status_code == 405
    assert Item.objects.get(pk=item_id).version == 3


@pytest.mark.parametrize("path", ["/api/v1/items/", "/api/v1/item-adjustments/"])
def test_anonymous_gets_401(db, path):
    assert APIClient().get(path).status_code == 401
