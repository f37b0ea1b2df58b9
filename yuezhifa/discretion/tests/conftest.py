"""The shared world of the discretion tests: the provincial market regulator and its administrator, a city and a
county regulator below it, an officer, a small food safety law with its penalty article, and an item citing it."""

import pytest

from yuezhifa.core.actors import SYSTEM
from yuezhifa.discretion import services
from yuezhifa.org.models import Level, Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, DomainFactory, UserFactory, division

from . import factories as f


@pytest.fixture
def world(db):
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    th = division("440106", "天河区", gz)
    market = DomainFactory(code="market", name="市场监管")
    b = {"p_market": BodyFactory(name="广东省市场监督管理局", division=gd, domains=[market])}
    b["c_market"] = BodyFactory(name="广州市市场监督管理局", division=gz, parent=b["p_market"], domains=[market])
    b["t_market"] = BodyFactory(name="广州市天河区市场监督管理局", division=th, parent=b["c_market"], domains=[market])
    b["sz_market"] = BodyFactory(name="深圳市市场监督管理局", division=division("4403", "深圳市", gd),
                                 parent=b["p_market"], domains=[market])
    assert b["t_market"].level == Level.COUNTY

    def user(name, body_key, role, scope):
        return UserFactory(username=name, real_name=f"{name}姓名", body=b[body_key], roles=[(role, scope)])

    users = {
        "p_admin": user("p_admin", "p_market", Role.ADMIN, Scope.PROVINCE),
        "c_admin": user("c_admin", "c_market", Role.ADMIN, Scope.SUBTREE),
        "t_officer": user("t_officer", "t_market", Role.OFFICER, Scope.OWN),
        "t_head": user("t_head", "t_market", Role.HEAD, Scope.SUBTREE),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    food = f.law()
    art124 = f.article(food, 124, "第一百二十四条 违反本法规定，有下列情形之一……")
    item = f.item(art124, name="对生产经营超范围、超限量使用食品添加剂的食品的行政处罚")
    return {"bodies": b, "users": users, "law": food, "art124": art124, "item": item}


@pytest.fixture
def benchmark(world):
    """The provincial 第一百二十四条 benchmark, in force from 2023-01-01."""
    bm = services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["p_market"],
                                   **f.food_124(world["art124"]))
    return services.benchmark_activate(actor=SYSTEM, benchmark=bm)
