"""A small world for data sharing: two cities, a requesting body in each, the province's data administrators, and
records of the theme library created directly (the library is filled elsewhere)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, UserFactory, division, make_credit_code, make_id_number
from yuezhifa.themes.models import Kind, PartyKind, Record, Source, SourceKind

_keys = itertools.count(1)


@pytest.fixture
def share_world(db):
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    sz = division("4403", "深圳市", gd)
    th = division("440106", "天河区", gz)
    b = {
        "p_justice": BodyFactory(name="广东省司法厅", division=gd, is_justice_department=True),
        "a_market": BodyFactory(name="广州市市场监督管理局", division=gz),
        "a_tax": BodyFactory(name="广州市税务局", division=gz),
        "b_market": BodyFactory(name="深圳市市场监督管理局", division=sz),
    }

    def user(name, body, *roles):
        return UserFactory(username=name, real_name=f"{name}姓名", body=b[body], roles=list(roles))

    u = {
        "consumer_a": user("consumer_a", "a_market", (Role.DATA_CONSUMER, Scope.BODY)),
        "consumer_b": user("consumer_b", "b_market", (Role.DATA_CONSUMER, Scope.BODY)),
        "consumer_tax": user("consumer_tax", "a_tax", (Role.DATA_CONSUMER, Scope.BODY)),
        "data_admin": user("data_admin", "p_justice", (Role.DATA_ADMIN, Scope.PROVINCE)),
        # holds both roles: may request, may approve others' requests, never their own
        "data_admin_2": user("data_admin_2", "p_justice", (Role.DATA_ADMIN, Scope.PROVINCE),
                             (Role.DATA_CONSUMER, Scope.BODY)),
        "supervisor_p": user("supervisor_p", "p_justice", (Role.SUPERVISOR, Scope.PROVINCE)),
        "officer_a": user("officer_a", "a_market", (Role.OFFICER, Scope.OWN)),
    }
    source = Source.objects.create(code="platform", name="本平台", kind=SourceKind.PLATFORM)
    return {"bodies": b, "users": u, "source": source, "divisions": {"gd": gd, "gz": gz, "sz": sz, "th": th}}


@pytest.fixture
def record(share_world):
    def make(*, kind=Kind.PENALTY, division_code="440106", decided_on=datetime.date(2026, 3, 2), current=True,
             body="a_market", **extra):
        body = share_world["bodies"][body]
        values = {"party_kind": PartyKind.NATURAL_PERSON, "party_name": "张三", "party_id_type": "身份证",
                  "party_id_number": make_id_number(), "document_number": f"穗市监罚〔2026〕{next(_keys)}号",
                  "facts": "销售过期食品", "fine_amount": "5000.00"}
        values.update(extra)
        return Record.objects.create(
            kind=kind, source=share_world["source"], record_key=values["document_number"], current=current,
            digest="0" * 64, received_at=timezone.now(), body=body, body_name=body.name,
            body_credit_code=body.credit_code or make_credit_code(), division_code=division_code,
            decided_on=decided_on, **values)

    return make
