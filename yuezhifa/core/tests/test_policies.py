"""Policies are per action (DESIGN §5.4, §5.8; docs/decisions/0019): the walk over every restricted model × action ×
role. It fails on a restricted model without a policy, on a policy that lets an action it does not name through
(``delete``: records are retired, never deleted; a misspelt action), on a ``change`` wider than ``view``, and where
an action must differ from ``view`` but does not (a supervisor reads a case under a grant but never acts on it; a
requester sees their own access request but never approves it; only administrators change base data)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from yuezhifa.cases.models import Case
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.querysets import COMMON_ACTIONS, RestrictedQuerySet, policy_actions, registered_models
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import UserFactory
from yuezhifa.supervision import access
from yuezhifa.supervision.models import AccessGrant
from yuezhifa.supervision.tests.conftest import decided, people, run, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
UNKNOWN = "frobnicate"


def restricted_models() -> list:
    return [model for model in apps.get_models()
            if any(isinstance(manager.get_queryset(), RestrictedQuerySet) for manager in model._meta.managers)]


def test_every_restricted_model_has_a_policy_naming_its_actions():
    missing = [m._meta.label for m in restricted_models() if policy_actions(m) is None]
    assert not missing, f"restricted models without a policy: {missing}"
    for model in restricted_models():
        assert "view" in policy_actions(model), model._meta.label
        assert "delete" not in policy_actions(model), f"{model._meta.label}: records are retired, never deleted"
    assert set(registered_models()) <= set(restricted_models())


@pytest.fixture
def everyone(run, people):  # noqa: F811
    """One user per role (at the roles' default scopes), administrators at three reaches, the superuser, the
    platform, the anonymous public and a deactivated account; and a decided case under a pending and an approved
    access request, so that the rows exist that the actions must tell apart."""
    with time_machine.travel(NOW, tick=False):
        case = decided(run)
        body = run.world["body"]
        granted = access.grant_request(actor=people["gz_sup"], case_id=case.pk, reason="2026年度案卷评查")
        access.grant_decide(actor=people["gz_head"], grant=granted, approve=True)
        second_sup = UserFactory(username="gz_sup2", body=people["gz_sup"].body,
                                 roles=[(Role.SUPERVISOR, Scope.JURISDICTION)])
        pending = access.grant_request(actor=second_sup, case_id=case.pk, reason="执法督察")
    users = {
        "officer": run.world["users"]["chen"], "reviewer": run.world["users"]["reviewer"],
        "head": run.world["users"]["head"], "supervisor": people["gz_sup"], "supervisor_pending": second_sup,
        "supervisor_head": people["gz_head"], "other_officer": run.world["users"]["other"],
        "body_admin": UserFactory(username="body_admin", body=body, roles=[(Role.ADMIN, Scope.SUBTREE)]),
        "justice_admin": UserFactory(username="justice_admin", body=people["gz_sup"].body,
                                     roles=[(Role.ADMIN, Scope.JURISDICTION)]),
        "province_admin": UserFactory(username="province_admin", body=body.parent,
                                      roles=[(Role.ADMIN, Scope.PROVINCE)]),
        "superuser": UserFactory(username="root", is_superuser=True),
        "system": SYSTEM, "anonymous": AnonymousUser(),
        "inactive": UserFactory(username="gone", body=body, is_active=False, roles=[(Role.ADMIN, Scope.PROVINCE)]),
    }
    return {"users": users, "case": case, "granted": granted, "pending": pending}


ADMINS = {"body_admin", "justice_admin", "province_admin", "superuser", "system"}


def test_walk_every_model_action_and_role(everyone):
    with time_machine.travel(NOW, tick=False):
        for model in restricted_models():
            declared = policy_actions(model)
            for action in sorted(set(COMMON_ACTIONS) | declared | {UNKNOWN}):
                for who, user in everyone["users"].items():
                    qs = model.objects.all().restrict(user, action)
                    list(qs[:1])  # the policy's query runs for every role
                    label = f"{model._meta.label} × {action} × {who}"
                    if action not in declared:
                        assert not qs.exists(), f"{label}: an action the policy does not name lets rows through"
                    if action == "change" and "change" in declared:
                        wider = qs.exclude(pk__in=model.objects.all().restrict(user, "view").values("pk"))
                        assert not wider.exists(), f"{label}: change reaches rows view does not"
                        if model is not Case and who not in ADMINS:
                            assert not qs.exists(), f"{label}: only administrators change base data"
                    if who in ("anonymous", "inactive") and model is not Case and action != "view":
                        assert not qs.exists(), label


def test_actions_that_must_differ_from_view(everyone):
    users, case = everyone["users"], everyone["case"]
    with time_machine.travel(NOW, tick=False):
        cases = Case.objects.filter(pk=case.pk)
        # a supervisor reads a case under a grant (第三十七条) and never acts on it
        assert cases.restrict(users["supervisor"], "view").exists()
        assert not cases.restrict(users["supervisor"], "change").exists()
        assert cases.restrict(users["officer"], "change").exists()
        # the requester sees their request; the confirmed head of the supervisory body approves it; nobody else
        grants = AccessGrant.objects.filter(pk=everyone["pending"].pk)
        assert grants.restrict(users["supervisor_pending"], "view").exists()
        assert not grants.restrict(users["supervisor_pending"], "approve").exists()
        assert grants.restrict(users["supervisor_head"], "approve").exists()
        for who in ("supervisor", "head", "officer", "body_admin", "province_admin", "superuser"):
            assert not grants.restrict(users[who], "approve").exists(), who
        # a decided grant is approved no more
        assert not AccessGrant.objects.filter(pk=everyone["granted"].pk).restrict(users["supervisor_head"],
                                                                                 "approve").exists()
