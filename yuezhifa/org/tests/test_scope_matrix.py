"""Role × scope matrix: list and detail of bodies, officers and certificates return exactly the permitted rows
(DESIGN §5.4), including denial across cities. A row outside the scope answers 404, like a row that does not exist.
The ``world`` fixture is in conftest.py."""

import pytest
from rest_framework.test import APIClient

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
