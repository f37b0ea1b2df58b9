"""Nobody widens their own power (DESIGN §5.8; docs/decisions/0019): a body's division, level and 司法行政 flag are the
province's to set; roles and scopes are granted only by the province's administrator, never to oneself, never
beyond the granter's own reach. Through the API, the admin and the services alike."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from yuezhifa.core.errors import NotAllowed
from yuezhifa.org import services
from yuezhifa.org.models import BodyKind, EnforcementBody, Level, Role, RoleAssignment, Scope
from yuezhifa.org.permissions import grant_within_scope

from .factories import UserFactory, make_credit_code

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _refused(response, status=403):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def _scope_of(user):
    return dict(RoleAssignment.objects.filter(user=user).values_list("role", "scope"))


@pytest.mark.parametrize("admin_key", ["admin_a", "justice_admin_a"])
def test_city_admin_cannot_make_itself_province_wide_in_two_requests(world, justice_admin_a, admin_key):
    """The finding: PATCH the own body to division 44 / province level, then widen the own admin role to 辖区
    (which then reads as the whole province) or to 全省. Both requests are refused and nothing changes."""
    admin = justice_admin_a if admin_key == "justice_admin_a" else world["users"][admin_key]
    body = admin.body
    client = _client(admin)
    problem = _refused(client.patch(f"/api/v1/bodies/{body.pk}/", {"division": "44", "level": "province"},
                                    format="json"))
    assert problem["field"] == "division" and "全省系统管理员" in problem["detail"]
    body.refresh_from_db()
    assert body.division_id == "4401" and body.level == Level.CITY
    before = _scope_of(admin)
    for scope in ("jurisdiction", "province"):
        problem = _refused(client.post(f"/api/v1/users/{admin.pk}/roles/", {"role": "admin", "scope": scope},
                                       format="json"))
        assert "自己" in problem["detail"]
    assert _scope_of(admin) == before
    # nor a level alone, nor a body above them (not even visible: 404)
    _refused(client.patch(f"/api/v1/bodies/{body.pk}/", {"level": "province"}, format="json"))
    parent = world["bodies"]["p_justice"] if admin_key == "justice_admin_a" else world["bodies"]["p_market"]
    _refused(client.patch(f"/api/v1/bodies/{parent.pk}/", {"division": "4401", "level": "city"}, format="json"),
             status=404)


def test_body_admin_grants_no_role_or_scope(world):
    """The issue: a body's administrator must not be able to grant any role or scope (not even a narrow one to a
    colleague of their own body), through the API or the services."""
    admin, target = world["users"]["admin_a"], world["users"]["no_role"]
    problem = _refused(_client(admin).post(f"/api/v1/users/{target.pk}/roles/", {"role": "head", "scope": "body"},
                                           format="json"))
    assert problem["field"] == "role" and "全省系统管理员" in problem["detail"]
    assert not RoleAssignment.objects.filter(user=target).exists()
    response = _client(admin).post("/api/v1/users/", {
        "username": "with_role", "password": "Strong-pass-2026", "real_name": "新人",
        "body": str(admin.body_id), "roles": [{"role": "supervisor", "scope": "jurisdiction"}]}, format="json")
    _refused(response)
    # an account without roles may still be opened by the body's administrator
    response = _client(admin).post("/api/v1/users/", {
        "username": "plain", "password": "Strong-pass-2026", "real_name": "新人", "body": str(admin.body_id)},
        format="json")
    assert response.status_code == 201 and response.json()["roles"] == []


def test_nobody_grants_to_themselves_not_even_the_province(world, province_admin_p):
    problem = _refused(_client(province_admin_p).post(f"/api/v1/users/{province_admin_p.pk}/roles/",
                                                      {"role": "supervisor", "scope": "province"}, format="json"))
    assert problem["field"] == "user"
    assert _scope_of(province_admin_p) == {"admin": "province"}
    root = UserFactory(username="root", is_superuser=True, body=world["bodies"]["p_justice"])
    with pytest.raises(NotAllowed):
        services.role_assign(actor=root, user=root, role=Role.HEAD, scope=Scope.BODY)


def test_province_admin_grants_and_the_grant_is_recorded(world, province_admin_p):
    target = world["users"]["no_role"]
    response = _client(province_admin_p).post(f"/api/v1/users/{target.pk}/roles/", {"role": "head"}, format="json")
    assert response.status_code == 200
    row = RoleAssignment.objects.get(user=target, role="head")
    assert row.granted_by == province_admin_p and row.granted_by_province


def test_justice_flag_is_the_provinces(world, province_admin_p):
    """The 司法行政 flag carries certificate and supervision powers (办法 第6条、第38条): only the province sets it, on
    a new body or an existing one."""
    admin = world["users"]["admin_a"]
    county = world["bodies"]["a_county"]
    problem = _refused(_client(admin).patch(f"/api/v1/bodies/{county.pk}/", {"is_justice_department": True},
                                            format="json"))
    assert problem["field"] == "is_justice_department" and "司法行政部门标识" in problem["detail"]
    county.refresh_from_db()
    assert not county.is_justice_department
    payload = {"name": "广州市某新局", "kind": BodyKind.DEPARTMENT, "credit_code": make_credit_code(),
               "division": "4401", "parent": str(admin.body_id), "is_justice_department": True, "domains": []}
    _refused(_client(admin).post("/api/v1/bodies/", payload, format="json"))
    assert not EnforcementBody.objects.filter(name="广州市某新局").exists()
    # the body's own administrator still keeps its ordinary data
    response = _client(admin).patch(f"/api/v1/bodies/{county.pk}/", {"phone": "020-12345678",
                                                                     "is_justice_department": False}, format="json")
    assert response.status_code == 200 and response.json()["phone"] == "020-12345678"
    # the province may
    response = _client(province_admin_p).patch(f"/api/v1/bodies/{county.pk}/", {"is_justice_department": True},
                                               format="json")
    assert response.status_code == 200 and response.json()["is_justice_department"] is True


def test_level_follows_from_the_division_code(world, province_admin_p):
    admin = world["users"]["admin_a"]
    payload = {"name": "广州市某分局", "kind": BodyKind.DEPARTMENT, "credit_code": make_credit_code(),
               "division": "440106", "parent": str(admin.body_id), "domains": []}
    response = _client(admin).post("/api/v1/bodies/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["level"] == Level.COUNTY
    body = EnforcementBody.objects.get(name="广州市某分局")
    # a province administrator moving a body: the level goes with the division
    response = _client(province_admin_p).patch(f"/api/v1/bodies/{body.pk}/", {"division": "4401"}, format="json")
    assert response.status_code == 200 and response.json()["level"] == Level.CITY


def test_accounts_cannot_be_moved_to_widen_their_roles(world, province_admin_p):
    """Roles are anchored at the account's body: moving an account that holds roles (or one's own account) is
    the province's to do; the body's administrator revokes the roles first."""
    admin, head = world["users"]["admin_a"], world["users"]["head_a"]
    county = world["bodies"]["a_county"]
    head_county = UserFactory(username="head_county", body=county, roles=[(Role.HEAD, Scope.SUBTREE)])
    with pytest.raises(NotAllowed, match="全省系统管理员"):
        services.user_update(actor=admin, user=head_county, body=admin.body)
    with pytest.raises(NotAllowed, match="本人"):
        services.user_update(actor=admin, user=admin, body=county)
    services.user_update(actor=province_admin_p, user=head_county, body=admin.body)
    services.user_update(actor=admin, user=head, real_name="新姓名")  # ordinary data stays the body's


def test_grant_within_scope():
    """The reach of a grant, anchored at the grantee's body, must lie within the granter's."""

    class B:
        def __init__(self, pk, division, path):
            self.pk, self.division_id, self.path = pk, division, path

    class Granter:
        is_active, is_superuser, is_authenticated = True, False, True

        def __init__(self, body, scope):
            self.body, self._yzf_roles = body, [(Role.ADMIN, scope)]

    gz_market, th_market, th_gov = B(1, "4401", "a/"), B(2, "440106", "a/b/"), B(3, "440106", "c/")
    subtree = Granter(gz_market, Scope.SUBTREE)
    assert grant_within_scope(subtree, th_market, Role.HEAD, Scope.SUBTREE)
    assert grant_within_scope(subtree, gz_market, Role.OFFICER, Scope.BODY)
    assert not grant_within_scope(subtree, th_gov, Role.OFFICER, Scope.BODY)
    assert not grant_within_scope(subtree, th_market, Role.SUPERVISOR, Scope.JURISDICTION)
    assert not grant_within_scope(subtree, th_market, Role.SUPERVISOR, Scope.PROVINCE)
    jurisdiction = Granter(B(9, "4401", "j/"), Scope.JURISDICTION)
    assert grant_within_scope(jurisdiction, th_gov, Role.SUPERVISOR, Scope.JURISDICTION)
    assert not grant_within_scope(jurisdiction, B(4, "4403", "d/"), Role.OFFICER, Scope.OWN)
    assert not grant_within_scope(Granter(gz_market, Scope.BODY), th_market, Role.OFFICER, Scope.OWN)
    assert grant_within_scope(Granter(gz_market, Scope.PROVINCE), th_market, Role.ADMIN, Scope.PROVINCE)


@pytest.fixture
def staff_client(client, world):
    """The 广州市市场监管局 administrator in the admin site, with the model permissions to edit bodies."""
    admin = world["users"]["admin_a"]
    admin.is_staff = True
    admin.save()
    admin.user_permissions.set(Permission.objects.filter(codename__in=["view_enforcementbody",
                                                                       "change_enforcementbody",
                                                                       "add_enforcementbody"]))
    client.force_login(admin)
    return client


def test_admin_site_offers_no_division_level_or_flag_to_a_body_admin(world, staff_client):
    body = world["bodies"]["a_market"]
    page = staff_client.get(f"/admin/org/enforcementbody/{body.pk}/change/").content.decode()
    assert 'name="name"' in page
    for field in ("division", "level", "is_justice_department"):
        assert f'name="{field}"' not in page
    form = {"name": body.name, "short_name": "", "kind": body.kind, "credit_code": body.credit_code,
            "division": "44", "level": "province", "parent": str(body.parent_id), "entrusted_by": "",
            "is_justice_department": "on", "domains": [d.pk for d in body.domains.all()], "address": "",
            "phone": "020-1", "status": "active"}
    response = staff_client.post(f"/admin/org/enforcementbody/{body.pk}/change/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    body.refresh_from_db()
    assert (body.division_id, body.level, body.is_justice_department, body.phone) == ("4401", "city", False,
                                                                                      "020-1")
    page = staff_client.get("/admin/org/enforcementbody/add/").content.decode()
    assert 'name="is_justice_department"' not in page and 'name="level"' not in page


def test_admin_site_user_pages_stay_within_scope_and_passwords_of_role_holders_are_the_provinces(world, client):
    """Through the admin's password page a body administrator could otherwise take over any account (the
    province's administrator's, or the head who approves 第37条 access)."""
    admin = world["users"]["admin_a"]
    admin.is_staff = True
    admin.save()
    admin.user_permissions.set(Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client.force_login(admin)
    root = UserFactory(username="root", is_superuser=True, is_staff=True, body=world["bodies"]["p_justice"])
    assert client.get(f"/admin/org/user/{root.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/org/user/{root.pk}/password/").status_code == 404
    head = world["users"]["head_a"]
    assert client.get(f"/admin/org/user/{head.pk}/password/").status_code == 403
    response = client.post(f"/admin/org/user/{head.pk}/password/", {"password1": "Taken-over-2026",
                                                                     "password2": "Taken-over-2026"})
    assert response.status_code == 403
    head.refresh_from_db()
    assert not head.check_password("Taken-over-2026")
    plain = world["users"]["no_role"]
    assert client.get(f"/admin/org/user/{plain.pk}/password/").status_code == 200
