"""Accounts and roles through the API: scoped like their bodies; role prerequisites enforced (办法 第38条)."""

import pytest
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry
from yuezhifa.org.models import RoleAssignment

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_admin_lists_only_accounts_of_bodies_in_scope(world):
    client = _client(world["users"]["admin_a"])
    names = {u["username"] for u in client.get("/api/v1/users/").json()["results"]}
    assert names == {"officer_a", "reviewer_a", "head_a", "admin_a", "no_role"}
    officer_b = world["users"]["officer_b"]
    assert client.get(f"/api/v1/users/{officer_b.pk}/").status_code == 404


def test_create_account_and_grant_roles_with_prerequisites(world, province_admin_p):
    client = _client(province_admin_p)
    body = world["bodies"]["a_county"]
    officer = world["officers"]["a_county"]
    response = client.post("/api/v1/users/", {
        "username": "new_officer", "password": "Strong-pass-2026", "real_name": officer.name,
        "body": str(body.pk), "officer": str(officer.pk), "roles": [{"role": "officer"}]}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["roles"][0]["scope"] == "own"

    no_cert = client.post("/api/v1/users/", {
        "username": "no_cert", "password": "Strong-pass-2026", "real_name": "无证", "body": str(body.pk),
        "roles": [{"role": "officer"}]}, format="json")
    assert no_cert.status_code == 422
    assert no_cert["Content-Type"] == "application/problem+json"
    assert no_cert.json()["field"] == "role" and "有效的行政执法证件" in no_cert.json()["detail"]


def test_grant_and_revoke_role_are_audited(world, province_admin_p):
    client = _client(province_admin_p)
    target = world["users"]["no_role"]
    assert client.post(f"/api/v1/users/{target.pk}/roles/", {"role": "head"}, format="json").status_code == 200
    assert RoleAssignment.objects.filter(user=target, role="head", scope="subtree").exists()
    assert client.delete(f"/api/v1/users/{target.pk}/roles/head/").status_code == 204
    assert not RoleAssignment.objects.filter(user=target, role="head").exists()
    assert set(AuditEntry.objects.filter(object_id=str(target.pk)).values_list("action", flat=True)) == {
        "org.role.assign", "org.role.revoke"}


def test_viewer_without_change_right_cannot_grant(world):
    client = _client(world["users"]["head_a"])
    target = world["users"]["no_role"]
    response = client.post(f"/api/v1/users/{target.pk}/roles/", {"role": "head"}, format="json")
    assert response.status_code == 403
