"""A small world for the quality and objection tests: the 天河区 market regulator (440106) and 深圳 (4403) bodies, their
users, a supervisor of the province, the platform source and one other system's source; records are made directly."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yuezhifa.documents.samples import credit_code
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, UserFactory, division
from yuezhifa.themes.models import Record, Source

PASSWORD = "Pass-word-123"
PARTY_CODE = credit_code("91440106MA5DQ7K2X")


@pytest.fixture
def qworld(db):
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    th = division("440106", "天河区", gz)
    sz = division("4403", "深圳市", gd)
    province = BodyFactory(name="广东省市场监督管理局", division=gd)
    body = BodyFactory(name="广州市天河区市场监督管理局", division=th, parent=province)
    other = BodyFactory(name="深圳市市场监督管理局", division=sz, parent=province)

    def user(name, role, scope, on):
        return UserFactory(username=name, real_name=f"{name}姓名", body=on, roles=[(role, scope)])

    users = {
        "head": user("head", Role.HEAD, Scope.BODY, body),
        "reviewer": user("reviewer", Role.LEGAL_REVIEWER, Scope.BODY, body),
        "officer": user("officer", Role.OFFICER, Scope.OWN, body),
        "other_head": user("other_head", Role.HEAD, Scope.BODY, other),
        "supervisor": user("supervisor", Role.SUPERVISOR, Scope.PROVINCE, province),
    }
    platform = Source.objects.create(code="platform", name="本平台", kind="platform")
    external = Source.objects.create(code="sys-x", name="某市场监管业务系统", kind="external", unit=body)
    return {"body": body, "other": other, "province": province, "users": users, "platform": platform,
            "external": external}


def make_record(world, key: str, *, source=None, body=None, kind="penalty", **fields) -> Record:
    """A complete, valid, consistent penalty record of the 天河区 body unless ``fields`` say otherwise."""
    body = body or world["body"]
    values = {
        "body_name": body.name, "body_credit_code": body.credit_code,
        "division_code": body.division.code[:6].ljust(6, "0"), "case_number": f"案-{key}",
        "document_number": f"穗天市监罚〔2026〕{key}号", "item_code": "440106-CF-001",
        "item_name": "对经营超过保质期的食品的行政处罚", "party_kind": "legal_person", "party_name": "广州禾盛商贸有限公司",
        "party_credit_code": PARTY_CODE, "legal_representative": "梁文斌", "facts": "经营超过保质期的食品。",
        "basis": "《中华人民共和国食品安全法》第一百二十四条", "measures": "罚款", "content": "罚款人民币5000元。",
        "fine_amount": Decimal("5000.00"), "filed_on": datetime.date(2026, 9, 20),
        "decided_on": datetime.date(2026, 9, 28), "disclosed_on": datetime.date(2026, 9, 29),
    }
    values.update(fields)
    return Record.objects.create(kind=kind, source=source or world["platform"], record_key=key, body=body,
                                 digest=key.ljust(64, "0"), received_at=timezone.now(), **values)
