"""The case tests' world (天河区 market regulator, its officers, head and the food-safety benchmark), with the
supervision people: a provincial supervisor, a city supervisor of 广州 (辖区), the provincial body's head who approves
the provincial supervisor's requests, and a supervisor of 深圳 (another jurisdiction)."""

import datetime

import pytest

from yuezhifa.cases.tests.conftest import Runner, at, store_party, world  # noqa: F401  (fixtures and helpers)
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, UserFactory, division

from ..alerts import evaluate_alerts
from ..models import Alert

D = datetime.date
PENALTIES = {"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"}


@pytest.fixture
def people(world):  # noqa: F811
    return make_people(world)


def make_people(world) -> dict:  # noqa: F811
    """The supervision people beside the world's users, for a fixture of a wider scope that builds them once."""
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    sz = division("4403", "深圳市", gd)
    justice_gz = BodyFactory(name="广州市司法局", division=gz, is_justice_department=True)
    justice_sz = BodyFactory(name="深圳市司法局", division=sz, is_justice_department=True)
    p_market = world["body"].parent
    users = {
        "gz_sup": UserFactory(username="gz_sup", real_name="李监督", body=justice_gz,
                              roles=[(Role.SUPERVISOR, Scope.JURISDICTION)]),
        "gz_head": UserFactory(username="gz_head", real_name="王局长", body=justice_gz,
                               roles=[(Role.HEAD, Scope.BODY)]),
        "sz_sup": UserFactory(username="sz_sup", real_name="赵监督", body=justice_sz,
                              roles=[(Role.SUPERVISOR, Scope.JURISDICTION)]),
        "p_head": UserFactory(username="p_head", real_name="省局长", body=p_market,
                              roles=[(Role.HEAD, Scope.SUBTREE)]),
    }
    return {**world["users"], **users}


@pytest.fixture
def run(world):  # noqa: F811
    return Runner(world)


def alerts(rule: str, on: D | None = None):
    if on is not None:
        evaluate_alerts(on=on)
    return list(Alert.objects.filter(rule=rule).order_by("first_seen"))


def notify(run, when, served_on, penalties=PENALTIES):
    run.act("notify", when, proposed=penalties, facts=["销售超过保质期的食品。"], reasons="依照裁量基准一般情形。",
            basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"], served_on=served_on,
            service_method="direct")


def serve(run, when, served_on):
    run.act("serve", when, method="direct", served_on=served_on, recipient="梁文斌", document="penalty_decision",
            officers=run.ids("chen", "lin"))


def decided(run, registered="2026-09-28 09:00", filed="2026-09-28 15:00", decide="2026-10-16 09:00", **decision):
    """A general-procedure case filed, investigated, notified (statement waived) and decided."""
    run.filed(registered, filed)
    run.investigated(filed)
    run.act("review", filed, user="head", outcome="penalty", opinion="同意。")
    penalties = decision.pop("penalties", PENALTIES)
    notify(run, filed, at(filed).date().isoformat(), penalties)
    run.act("record_statement", filed, waived=True)
    run.act("decide", decide, user="head", penalties=penalties, **decision)
    return run.refresh()


__all__ = ["PENALTIES", "D", "alerts", "at", "decided", "notify", "serve", "store_party"]
