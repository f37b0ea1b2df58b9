"""办法 第三十七条 (经本机关负责人批准) with separation of duties (DESIGN §5.8; docs/decisions/0019): one person never
both requests and approves one access, even when one administrator opened both the supervisor's and the approver's
accounts. The approver is a head of a supervisory (司法行政) body whose head role was confirmed by the province or by
someone other than the requester's creator."""

import datetime
import zoneinfo

import pytest
import time_machine

from yuezhifa.core.errors import NotAllowed
from yuezhifa.org import services as org_services
from yuezhifa.org.models import Role, RoleAssignment, Scope, User
from yuezhifa.org.tests.factories import UserFactory

from .. import access
from ..models import AccessGrant, GrantStatus
from .conftest import decided

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _legacy_pair(justice_body):
    """What one administrator could do before: open a supervisor's and a head's account and give both their roles
    (rows as the old role_assign wrote them: granted by that administrator, not by the province)."""
    admin = UserFactory(username="city_admin", body=justice_body, roles=[(Role.ADMIN, Scope.JURISDICTION)])
    sup = User.objects.create(username="own_sup", real_name="自设监督员", body=justice_body, created_by=admin)
    head = User.objects.create(username="own_head", real_name="自设负责人", body=justice_body, created_by=admin)
    RoleAssignment.objects.create(user=sup, role=Role.SUPERVISOR, scope=Scope.JURISDICTION, granted_by=admin)
    RoleAssignment.objects.create(user=head, role=Role.HEAD, scope=Scope.BODY, granted_by=admin)
    return admin, sup, head


def test_one_administrators_supervisor_and_head_cannot_open_a_case_alone(run, people):
    case = decided(run)
    justice_gz = people["gz_sup"].body
    _admin, sup, head = _legacy_pair(justice_gz)
    grant = access.grant_request(actor=sup, case_id=case.pk, reason="2026年度案卷评查")
    with pytest.raises(NotAllowed, match="尚未经全省系统管理员或其他管理员确认"):
        access.grant_decide(actor=head, grant=grant, approve=True)
    assert AccessGrant.objects.get(pk=grant.pk).status == GrantStatus.PENDING
    assert not AccessGrant.objects.restrict(head, "approve").filter(pk=grant.pk).exists()
    # the province confirms the head: now the approval path works, and the approval is the head's own act
    province = UserFactory(username="province_root", is_superuser=True, body=run.world["body"].parent)
    org_services.role_assign(actor=province, user=head, role=Role.HEAD, scope=Scope.BODY)
    head = User.objects.get(pk=head.pk)
    assert AccessGrant.objects.restrict(head, "approve").filter(pk=grant.pk).exists()
    assert access.grant_decide(actor=head, grant=grant, approve=True).status == GrantStatus.APPROVED


def test_a_head_confirmed_by_another_administrator_may_approve(run, people):
    case = decided(run)
    justice_gz = people["gz_sup"].body
    _admin, sup, head = _legacy_pair(justice_gz)
    other_admin = UserFactory(username="other_admin", body=justice_gz, roles=[(Role.ADMIN, Scope.JURISDICTION)])
    RoleAssignment.objects.filter(user=head, role=Role.HEAD).update(granted_by=other_admin)
    grant = access.grant_request(actor=sup, case_id=case.pk, reason="2026年度案卷评查")
    assert access.grant_decide(actor=head, grant=grant, approve=True).status == GrantStatus.APPROVED


def test_the_creator_of_the_requesters_account_never_approves(run, people):
    """A head who (also an administrator) opened the supervisor's account is the same hand on both sides."""
    case = decided(run)
    head = people["gz_head"]
    sup = User.objects.create(username="made_by_head", real_name="监督员", body=head.body, created_by=head)
    RoleAssignment.objects.create(user=sup, role=Role.SUPERVISOR, scope=Scope.JURISDICTION, granted_by_province=True)
    grant = access.grant_request(actor=sup, case_id=case.pk, reason="执法督察")
    with pytest.raises(NotAllowed, match="申请人的账号由您创建"):
        access.grant_decide(actor=head, grant=grant, approve=True)
    assert not AccessGrant.objects.restrict(head, "approve").filter(pk=grant.pk).exists()
    assert AccessGrant.objects.restrict(head, "view").filter(pk=grant.pk).exists()  # sees it, may not approve


def test_only_a_head_of_a_supervisory_body_approves(run, people):
    """A supervisor placed in an enforcement body (not 司法行政) finds no approver there: its own head is not a
    supervisory body's head."""
    case = decided(run)
    sup = run.world["users"]["supervisor"]  # 省市场监管局, 全省
    grant = access.grant_request(actor=sup, case_id=case.pk, reason="执法督察")
    with pytest.raises(NotAllowed, match="司法行政部门"):
        access.grant_decide(actor=people["p_head"], grant=grant, approve=True)
    assert not AccessGrant.objects.restrict(people["p_head"], "approve").exists()


def test_requester_never_approves_own_request_even_as_head(run, people):
    case = decided(run)
    both = UserFactory(username="sup_and_head", body=people["gz_sup"].body,
                       roles=[(Role.SUPERVISOR, Scope.JURISDICTION), (Role.HEAD, Scope.BODY)])
    grant = access.grant_request(actor=both, case_id=case.pk, reason="执法督察")
    with pytest.raises(NotAllowed, match="本人"):
        access.grant_decide(actor=both, grant=grant, approve=True)
    assert not AccessGrant.objects.restrict(both, "approve").exists()


def test_decide_through_the_api_answers_403_problem_json(run, people):
    from rest_framework.test import APIClient

    case = decided(run)
    _admin, sup, head = _legacy_pair(people["gz_sup"].body)
    grant = access.grant_request(actor=sup, case_id=case.pk, reason="执法督察")
    client = APIClient()
    client.force_authenticate(head)
    response = client.post(f"/api/v1/supervision/access-grants/{grant.pk}/decide/", {"approve": True},
                           format="json")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert "确认" in response.json()["detail"]
