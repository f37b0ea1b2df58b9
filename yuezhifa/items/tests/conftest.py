"""The shared world of the item tests: the provincial justice department and its administrator, a city and a county
market regulator with their administrators and head, and a small food safety law with the articles the items cite."""

import pytest

from yuezhifa.org.models import Level, Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, DomainFactory, UserFactory, division

from .factories import LawFactory, article


@pytest.fixture
def world(db):
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    th = division("440106", "天河区", gz)
    market = DomainFactory(code="market", name="市场监管")
    ecology = DomainFactory(code="ecology", name="生态环境")
    b = {
        "p_justice": BodyFactory(name="广东省司法厅", division=gd, is_justice_department=True),
        "p_market": BodyFactory(name="广东省市场监督管理局", division=gd, domains=[market]),
        "c_justice": BodyFactory(name="广州市司法局", division=gz, is_justice_department=True),
    }
    b["c_market"] = BodyFactory(name="广州市市场监督管理局", division=gz, parent=b["p_market"], domains=[market])
    b["t_market"] = BodyFactory(name="广州市天河区市场监督管理局", division=th, parent=b["c_market"],
                                domains=[market])
    assert b["t_market"].level == Level.COUNTY

    def user(name, body_key, role, scope, **extra):
        return UserFactory(username=name, real_name=f"{name}姓名", body=b[body_key], roles=[(role, scope)], **extra)

    users = {
        "p_admin": user("p_admin", "p_justice", Role.ADMIN, Scope.PROVINCE),
        "p_market_admin": user("p_market_admin", "p_market", Role.ADMIN, Scope.PROVINCE),
        "c_admin": user("c_admin", "c_justice", Role.ADMIN, Scope.SUBTREE),
        "c_market_admin": user("c_market_admin", "c_market", Role.ADMIN, Scope.SUBTREE),
        "t_admin": user("t_admin", "t_market", Role.ADMIN, Scope.BODY),
        "t_head": user("t_head", "t_market", Role.HEAD, Scope.SUBTREE),
        "c_head": user("c_head", "c_market", Role.HEAD, Scope.SUBTREE),
        "t_officer": user("t_officer", "t_market", Role.OFFICER, Scope.OWN),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    food = LawFactory(name="中华人民共和国食品安全法")
    arts = {n: article(food, n, paragraphs=2 if n in (124, 34) else 1, items=3 if n in (124, 34, 110) else 0)
            for n in (34, 110, 122, 124, 125, 126)}
    return {"bodies": b, "users": users, "domains": {"market": market, "ecology": ecology}, "law": food,
            "articles": arts, "divisions": {"gd": gd, "gz": gz, "th": th}}
