"""On a node, base data are read-only at the service, API and admin level (docs/decisions/0055)."""

import pytest
from django.db import transaction
from django.test import override_settings
from rest_framework.test import APIClient

from yuezhifa.items.tests.factories import LawFactory
from yuezhifa.laws.models import Law
from yuezhifa.org.models import Domain, EnforcementBody, Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, DomainFactory, UserFactory, division
from yuezhifa.topology.guard import BaseDataReadOnly

pytestmark = pytest.mark.django_db

NODE = {"YZF_ROLE": "node", "YZF_NODE_CODE": "440100", "YZF_HUB_NAME": "广东省一体化行政执法平台"}
MESSAGE = "基础数据由省级平台（广东省一体化行政执法平台）统一维护，本节点只读"


def test_a_node_refuses_to_save_or_delete_base_data():
    law = LawFactory()
    with override_settings(**NODE):
        with pytest.raises(BaseDataReadOnly, match=MESSAGE):
            law.save()
        with pytest.raises(BaseDataReadOnly, match=MESSAGE):
            LawFactory()
        with pytest.raises(BaseDataReadOnly, match=MESSAGE), transaction.atomic():
            Law.objects.filter(pk=law.pk).delete()
    assert Law.objects.filter(pk=law.pk).exists()


def test_a_node_refuses_to_change_base_many_to_many():
    body = BodyFactory()
    domain = DomainFactory()
    with override_settings(**NODE), pytest.raises(BaseDataReadOnly), transaction.atomic():
        body.domains.add(domain)
    assert not EnforcementBody.domains.through.objects.filter(enforcementbody=body, domain=domain).exists()


def test_the_hub_and_all_in_one_write_base_data():
    for role in ("hub", "all-in-one"):
        with override_settings(YZF_ROLE=role):
            LawFactory()
    assert Law.objects.count() == 2


def test_the_api_answers_403_naming_the_hub():
    law = LawFactory()
    admin = UserFactory(body=BodyFactory(division=division("44", "广东省"), is_justice_department=True),
                        roles=[(Role.ADMIN, Scope.PROVINCE)])
    client = APIClient()
    client.force_authenticate(admin)
    with override_settings(**NODE):
        response = client.patch(f"/api/v1/laws/{law.pk}/", {"tags": ["x"]}, format="json")
    assert response.status_code == 403, response.content
    assert MESSAGE in response.json()["detail"]
    assert response.json()["code"] == "base_data_read_only"


def test_the_admin_shows_base_data_read_only_on_a_node(admin_client):
    domain = Domain.objects.first()
    with override_settings(**NODE):
        assert admin_client.get("/admin/org/domain/add/").status_code == 403
        page = admin_client.get(f"/admin/org/domain/{domain.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert admin_client.get("/admin/org/domain/add/").status_code == 200


def test_a_node_does_not_reseed_reference_data():
    """A node's calendar, domains, templates come from the hub's publication, never from its own seeds."""
    from yuezhifa.core.seeding import reseed_empty_reference_tables
    from yuezhifa.discretion.models import Circumstance

    Circumstance.objects.all().delete()
    with override_settings(**NODE):
        assert reseed_empty_reference_tables() == []
    assert not Circumstance.objects.exists()
    assert reseed_empty_reference_tables() == ["discretion.Circumstance"]
