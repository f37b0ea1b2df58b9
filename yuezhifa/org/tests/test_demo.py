"""``yzf demo``: loads once, every demo account logs in with the printed password and sees only what it may."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry
from yuezhifa.audit.selectors import verify_chain
from yuezhifa.org import demo
from yuezhifa.org.models import Certificate, EnforcementBody, Officer, User

pytestmark = pytest.mark.django_db

# What each demo account sees of the demo's 11 bodies.
VISIBLE_BODIES = {
    "admin": {"广东省司法厅", "广东省市场监督管理局", "广州市司法局", "广州市市场监督管理局", "广州市天河区市场监督管理局",
              "广州市天河区人民政府", "广州市天河区五山街道办事处", "深圳市市场监督管理局", "广东省应急管理厅",
              "广东省生态环境厅", "广州市生态环境局"},
    "gz_admin": {"广州市市场监督管理局", "广州市天河区市场监督管理局"},
    "officer": {"广州市天河区市场监督管理局"},
    "officer2": {"广州市天河区市场监督管理局"},
    "reviewer": {"广州市天河区市场监督管理局"},
    "head": {"广州市天河区市场监督管理局"},
    "supervisor": {"广州市司法局", "广州市市场监督管理局", "广州市天河区市场监督管理局", "广州市天河区人民政府",
                   "广州市天河区五山街道办事处", "广州市生态环境局"},
    "sup_head": {"广州市司法局"},
    "street_officer": {"广州市天河区五山街道办事处"},
    "sz_officer": {"深圳市市场监督管理局"},
    # the data sharing roles (docs/decisions/0061) have no power over organisation data
    "data_consumer": set(),
    "data_admin": set(),
}


def test_demo_loads_once_and_the_audit_chain_is_intact(tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    call_command("demo")
    counts = (EnforcementBody.objects.count(), Officer.objects.count(), Certificate.objects.count(),
              User.objects.count())
    assert counts == (11, 7, 7, 12)
    call_command("demo")
    assert counts == (EnforcementBody.objects.count(), Officer.objects.count(), Certificate.objects.count(),
                      User.objects.count())
    assert verify_chain().ok
    # the demo enters each act at its story moment (cases.demo.recorded), but the audit chain keeps the machine's
    # time: its entries' times never go backwards along the sequence
    times = list(AuditEntry.objects.order_by("seq").values_list("at", flat=True))
    assert times == sorted(times)
    printed = (tmp_path / "demo-accounts.txt").read_text(encoding="utf-8")
    assert all(a.username in printed for a in demo.accounts())
    levels = set(EnforcementBody.objects.values_list("level", flat=True))
    assert levels == {"province", "city", "county", "township"}


@pytest.mark.parametrize("username", sorted(VISIBLE_BODIES))
def test_each_demo_account_logs_in_and_sees_only_what_it_may(tmp_path, settings, username):
    settings.VAR_DIR = tmp_path
    demo.load()
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": username, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    names = {row["name"] for row in client.get("/api/v1/bodies/").json()["results"]}
    assert names == VISIBLE_BODIES[username]
    officers = client.get("/api/v1/officers/").json()["results"]
    assert {o["body_name"] for o in officers} <= VISIBLE_BODIES[username]
    for officer in officers:  # masked everywhere in lists
        assert "*" in officer["id_number"]

