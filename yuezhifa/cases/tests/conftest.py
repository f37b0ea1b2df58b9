"""The world of the case tests: the 天河区 market regulator with three certified officers (one of them also a
qualified legal reviewer), one whose certificate expired, its head; a food-safety item with the provincial benchmark
of 食品安全法 第一百二十四条; and helpers to perform acts at given moments."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from yuezhifa.core.actors import SYSTEM
from yuezhifa.discretion import services as discretion_services
from yuezhifa.discretion.tests import factories as f
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import (
    BodyFactory,
    CertificateFactory,
    DomainFactory,
    OfficerFactory,
    UserFactory,
    division,
)

from .. import services
from ..models import Case

SH = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime.datetime:
    """``"2026-09-30 10:00"`` in Shanghai time."""
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SH)


STORE = {"kind": "organisation", "name": "广州禾盛商贸有限公司", "credit_code": "91440106MA5DQ7K2XX",
         "legal_representative": "梁文斌", "address": "广州市天河区棠下荷光路86号首层", "phone": "13926470318"}


def store_party() -> dict:
    from yuezhifa.documents.samples import credit_code

    return {**STORE, "credit_code": credit_code("91440106MA5DQ7K2X")}


@pytest.fixture
def world(db):
    return make_world()


def make_world() -> dict:
    """The world itself, for a fixture of a wider scope that builds it once for several tests."""
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    th = division("440106", "天河区", gz)
    market = DomainFactory(code="market", name="市场监管")
    justice = BodyFactory(name="广东省司法厅", division=gd, is_justice_department=True)
    p_market = BodyFactory(name="广东省市场监督管理局", division=gd, domains=[market])
    body = BodyFactory(name="广州市天河区市场监督管理局", short_name="穗天市监", division=th, parent=p_market,
                       domains=[market], address="广州市天河区天府路1号", phone="020-38622315")
    other = BodyFactory(name="深圳市市场监督管理局", short_name="深市监", division=division("4403", "深圳市", gd),
                        parent=p_market, domains=[market])

    def officer(name, *, valid_until=datetime.date(2029, 12, 31), legal=""):
        person = OfficerFactory(name=name, body=body, legal_qualification_no=legal)
        CertificateFactory(officer=person, issued_by=justice, valid_until=valid_until, domains=[market])
        return person

    officers = {
        "chen": officer("陈志强"), "lin": officer("林晓燕"), "zhou": officer("周建国", legal="A20184401000123"),
        "old": officer("黄过期", valid_until=datetime.date(2025, 12, 31)),
    }

    def user(name, role, scope, person=None, on=body):
        return UserFactory(username=name, real_name=person.name if person else f"{name}姓名", body=on,
                           officer=person, roles=[(role, scope)])

    users = {
        "chen": user("chen", Role.OFFICER, Scope.OWN, officers["chen"]),
        "lin": user("lin", Role.OFFICER, Scope.OWN, officers["lin"]),
        "head": user("head", Role.HEAD, Scope.SUBTREE),
        "reviewer": user("reviewer", Role.LEGAL_REVIEWER, Scope.BODY, officers["zhou"]),
        "other": user("other", Role.OFFICER, Scope.BODY, on=other),
        "supervisor": user("supervisor", Role.SUPERVISOR, Scope.PROVINCE, on=p_market),
    }
    food = f.law()
    art124 = f.article(food, 124, "第一百二十四条 违反本法规定，有下列情形之一……")
    item = f.item(art124, name="对经营超过保质期的食品的行政处罚")
    bm = discretion_services.benchmark_create(actor=SYSTEM, item=item, issuing_body=p_market,
                                              **f.food_124(art124))
    discretion_services.benchmark_activate(actor=SYSTEM, benchmark=bm)
    petty = f.item(f.article(food, 200, "第二百条 测试用的小额罚款条款。"), name="对测试小额违法行为的行政处罚")
    return {"body": body, "other": other, "officers": officers, "users": users, "item": item, "petty": petty,
            "domain": market}


class Runner:
    """Performs acts on one case as the world's people, at given moments (the clock is not mocked: the moments are
    in the past, as for acts entered after the fact)."""

    def __init__(self, world):
        self.world = world
        self.case: Case | None = None

    def ids(self, *names) -> list[str]:
        return [str(self.world["officers"][n].pk) for n in names]

    def open(self, when: str, *, user="chen", procedure="penalty.general", **data) -> Case:
        payload = {"source_kind": "inspection", "cause": "经营超过保质期的食品",
                   "summary": "日常监督检查发现货架上有超过保质期的食品。", **data}
        self.case = services.case_open(actor=self.world["users"][user], procedure=procedure, data=payload,
                                       performed_at=at(when))
        return self.case

    def act(self, code: str, when: str, *, user="chen", version=None, attachments=(), place="", **data):
        return services.act_perform(actor=self.world["users"][user], case=self.case, code=code, data=data,
                                    performed_at=at(when), expected_version=version, attachments=attachments,
                                    place=place)

    def refresh(self) -> Case:
        self.case.refresh_from_db()
        return self.case

    def deadlines(self) -> dict:
        return {d.key: d for d in self.case.deadlines.all()}

    # --- common stretches of the general procedure ---------------------------------------------------------------
    def filed(self, registered: str, filed: str):
        self.open(registered)
        self.act("verify_source", registered, findings="现场核实。", conclusion="file",
                 officers=self.ids("chen", "lin"))
        self.act("file", filed, user="head", item=self.world["item"].code, party=store_party(),
                 violation_date=at(registered).date().isoformat(), summary=["发现超过保质期的食品。"],
                 handlers=self.ids("chen", "lin"))

    def investigated(self, when: str, *, proposal="penalty", goods_value="486.60", circumstances=()):
        self.act("investigate", when, kind="inspection", subject="禾盛便利店", record=["现场检查记录。"],
                 officers=self.ids("chen", "lin"), certificates_shown=True)
        self.act("finish_investigation", when, facts=["销售超过保质期的食品。"], evidence=["现场检查笔录"],
                 violated=["《中华人民共和国食品安全法》第三十四条第（十）项"],
                 basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"],
                 circumstances=list(circumstances), amounts={"goods_value": goods_value}, proposal=proposal,
                 officers=self.ids("chen", "lin"))


@pytest.fixture
def run(world):
    return Runner(world)


@pytest.fixture
def now():
    return timezone.now()
