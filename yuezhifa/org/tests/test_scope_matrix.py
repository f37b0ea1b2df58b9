"""Role × scope matrix: list and detail of bodies, officers and certificates return exactly the permitted rows
(DESIGN §5.4), including denial across cities. A row outside the scope answers 404, like a row that does not exist."""

import pytest
from rest_framework.test import APIClient

from yuezhifa.org.models import BodyKind, Role, Scope

from .factories import BodyFactory, CertificateFactory, DomainFactory, OfficerFactory, UserFactory, division


@pytest.fixture
def world(db):
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    sz = division("4403", "深圳市", gd)
    th = division("440106", "天河区", gz)
    sh = division("440106001", "沙河街道", th)
    market = DomainFactory(code="market", name="市场监管")
    b = {}
    b["p_justice"] = BodyFactory(name="广东省司法厅", division=gd, is_justice_department=True)
    b["p_market"] = BodyFactory(name="广东省市场监督管理局", division=gd, domains=[market])
    b["a_justice"] = BodyFactory(name="广州市司法局", division=gz, parent=b["p_justice"], is_justice_department=True)
    b["a_market"] = BodyFactory(name="广州市市场监督管理局", division=gz, parent=b["p_market"], domains=[market])
    b["a_county"] = BodyFactory(name="广州市天河区市场监督管理局", division=th, parent=b["a_market"], domains=[market])
    b["a_county_gov"] = BodyFactory(name="广州市天河区人民政府", division=th, kind=BodyKind.GOVERNMENT)
    b["a_town"] = BodyFactory(name="广州市天河区沙河街道办事处", division=sh, parent=b["a_county_gov"],
                              kind=BodyKind.GOVERNMENT)
    b["b_market"] = BodyFactory(name="深圳市市场监督管理局", division=sz, parent=b["p_market"], domains=[market])
    officers, certs = {}, {}
    for key, body in b.items():
        officers[key] = OfficerFactory(body=body, name=f"{body.name}执法员")
        certs[key] = CertificateFactory(officer=officers[key], issued_by=b["p_justice"], domains=[market])

    def user(name, body_key, role, scope):
        return UserFactory(username=name, body=b[body_key], roles=[(role, scope)])

    users = {
        "officer_a": user("officer_a", "a_market", Role.OFFICER, Scope.OWN),
        "reviewer_a": user("reviewer_a", "a_market", Role.LEGAL_REVIEWER, Scope.BODY),
        "head_a": user("head_a", "a_market", Role.HEAD, Scope.SUBTREE),
        "admin_a": user("admin_a", "a_market", Role.ADMIN, Scope.SUBTREE),
        "supervisor_a": user("supervisor_a", "a_justice", Role.SUPERVISOR, Scope.JURISDICTION),
        "supervisor_p": user("supervisor_p", "p_justice", Role.SUPERVISOR, Scope.PROVINCE),
        "officer_b": user("officer_b", "b_market", Role.OFFICER, Scope.OWN),
        "no_role": UserFactory(username="no_role", body=b["a_market"]),
    }
    return {"bodies": b, "officers": officers, "certs": certs, "users": users}


ALL = {"p_justice", "p_market", "a_justice", "a_market", "a_county", "a_county_gov", "a_town", "b_market"}
EXPECTED = {
    "officer_a": {"a_market"},
    "reviewer_a": {"a_market"},
    "head_a": {"a_market", "a_county"},
    "admin_a": {"a_market", "a_county"},
    "supervisor_a": {"a_justice", "a_market", "a_county", "a_county_gov", "a_town"},
    "supervisor_p": ALL,
    "officer_b": {"b_market"},
    "no_role": set(),
}
RESOURCES = [("bodies", "bodies"), ("officers", "officers"), ("certificates", "certs")]


@pytest.mark.parametrize("username", sorted(EXPECTED))
@pytest.mark.parametrize(("endpoint", "kind"), RESOURCES)
def test_list_and_detail_return_exactly_the_permitted_rows(world, username, endpoint, kind):
    client = APIClient()
    client.force_authenticate(world["users"][username])
    objects = world[kind]
    expected_ids = {str(objects[key].pk) for key in EXPECTED[username]}

    response = client.get(f"/api/v1/{endpoint}/", {"page_size": 500})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == expected_ids

    for key, obj in objects.items():
        detail = client.get(f"/api/v1/{endpoint}/{obj.pk}/")
        if key in EXPECTED[username]:
            assert detail.status_code == 200, (username, key)
        else:
            assert detail.status_code == 404, (username, key)
            assert detail["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("endpoint", "kind"), RESOURCES)
def test_anonymous_public_gets_401_problem(world, endpoint, kind):
    response = APIClient().get(f"/api/v1/{endpoint}/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]


def test_cross_city_denial_officer_of_guangzhou_cannot_see_shenzhen(world):
    client = APIClient()
    client.force_authenticate(world["users"]["officer_a"])
    shenzhen_officer = world["officers"]["b_market"]
    assert client.get(f"/api/v1/officers/{shenzhen_officer.pk}/").status_code == 404
    assert client.get("/api/v1/officers/", {"search": shenzhen_officer.name}).json()["results"] == []


def test_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    """No N+1: the officer list costs the same few queries whatever the number of rows."""
    client = APIClient()
    client.force_authenticate(world["users"]["supervisor_p"])
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/officers/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/certificates/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/bodies/").status_code == 200
