"""Plans, draws (双随机) and joint-visit matching (综合查一次): 国办发〔2024〕54号, 粤府办〔2025〕15号, LEGAL.md §4,
docs/decisions/0039. Time is frozen at 2026-12-01T10:00+08:00 (root conftest)."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.inspection.models import DrawnSubject, ItemProfile, JointVisitStatus, PlanKind, PlanStatus, Subject
from yuezhifa.inspection.services import draws, plans
from yuezhifa.items.models import Item, ItemType
from yuezhifa.org.models import Domain, Role, Scope
from yuezhifa.org.tests.factories import (
    BodyFactory,
    CertificateFactory,
    OfficerFactory,
    UserFactory,
    division,
    make_credit_code,
)

_WORKED_NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """The dates of this module are worked by hand around 2026-12-01 (the 2026 arrangement entered): its clock stays
    there whatever YZF_TEST_NOW says, so the suite passes on any day."""
    with time_machine.travel(_WORKED_NOW, tick=True):
        yield


pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def world():
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    tianhe = division("440106", "天河区", gz)
    market = Domain.objects.get_or_create(code="market", defaults={"name": "市场监管"})[0]
    city = BodyFactory(name="广州市市场监督管理局", division=gz)
    body = BodyFactory(name="广州市天河区市场监督管理局", division=tianhe, parent=city)
    other = BodyFactory(name="广州市天河区应急管理局", division=tianhe)
    item = Item.objects.create(code="440000-XZJC-00001", name="对食品经营者的监督检查", type=ItemType.INSPECTION,
                               domain=market, levels=["county"])
    profile = ItemProfile.objects.create(item=item, subject_object="食品经营者", standard="按检查要点逐项检查",
                                         annual_cap=2, published_at=timezone.now())
    return {
        "body": body, "city": city, "other": other, "profile": profile, "tianhe": tianhe, "market": market,
        "officer": UserFactory(body=body, roles=[(Role.OFFICER, Scope.BODY)]),
        "head": UserFactory(body=body, roles=[(Role.HEAD, Scope.BODY)]),
        "other_head": UserFactory(body=other, roles=[(Role.HEAD, Scope.BODY)]),
    }


def make_plan(w, body=None, actor=None, approve=True, start=D(2026, 6, 1), end=D(2026, 12, 31), **kw):
    body = body or w["body"]
    plan = plans.plan_create(actor=actor or w["officer"], body=body, year=start.year, title="食品经营日常检查",
                             profiles=[w["profile"]], period_start=start, period_end=end, **kw)
    if approve:
        plan = plans.plan_approve(actor=w["head"] if body == w["body"] else w["other_head"], plan=plan)
    return plan


def subjects(w, grades):
    """Subjects of Tianhe with the given grades, e.g. {"A": 20, "D": 4}."""
    made, n = [], 100
    for grade, count in grades.items():
        for _ in range(count):
            n += 1
            made.append(Subject(credit_code=make_credit_code(n, "440106"), name=f"天河商户{n}",
                                division=w["tianhe"], risk_grade=grade))
    return Subject.objects.bulk_create(made)


def certified(body, domain, n, **kw):
    return [CertificateFactory(officer=OfficerFactory(body=body), domains=[domain], **kw).officer for _ in range(n)]


def test_plan_approved_by_own_head_only_not_officer_nor_other_body_head(world):
    """国办发〔2024〕54号、粤府办〔2025〕15号：年度检查计划经本机关负责人批准。"""
    plan = make_plan(world, approve=False)
    with pytest.raises(NotAllowed):
        plans.plan_approve(actor=world["officer"], plan=plan)
    with pytest.raises(NotAllowed):
        plans.plan_approve(actor=world["other_head"], plan=plan)
    plan = plans.plan_approve(actor=world["head"], plan=plan)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == world["head"]
    # a routine plan of 2026 approved on 2026-12-01, after the due date 2026-03-31: recorded as late
    assert plan.due_date == D(2026, 3, 31) and plan.late
    with pytest.raises(NotAllowed):  # another body's head cannot draft for this body
        make_plan(world, actor=world["other_head"], approve=False)


def test_routine_plan_of_next_year_approved_before_due_is_not_late(world):
    plan = make_plan(world, start=D(2027, 1, 1), end=D(2027, 12, 31))
    assert not plan.late and plan.due_date == D(2027, 3, 31)
    plan = plans.plan_publish(actor=world["officer"], plan=plan)
    assert plan.status == PlanStatus.PUBLISHED
    plan = plans.plan_withdraw(actor=world["head"], plan=plan, reason="机构改革，职责划转")
    assert plan.status == PlanStatus.WITHDRAWN


def test_special_plan_needs_basis_document_and_from_above_a_body_above(world):
    """国办发〔2024〕54号：专项检查须有批准文件；上级部署的专项检查须由上级机关部署。"""
    with pytest.raises(DomainError) as err:
        make_plan(world, kind=PlanKind.SPECIAL, approve=False)
    assert err.value.field == "basis_document"
    doc = "穗市监〔2026〕12号"
    with pytest.raises(DomainError) as err:  # a body beside, not above
        make_plan(world, kind=PlanKind.SPECIAL, basis_document=doc, from_above=True, deployed_by=world["other"])
    assert err.value.field == "deployed_by"
    plan = make_plan(world, kind=PlanKind.SPECIAL, basis_document=doc, from_above=True, deployed_by=world["city"])
    assert plan.from_above and plan.deployed_by == world["city"] and not plan.late  # only routine plans are late


def test_plan_items_must_be_published_and_period_within_year(world):
    ItemProfile.objects.filter(pk=world["profile"].pk).update(published_at=None)
    world["profile"].refresh_from_db()
    with pytest.raises(DomainError) as err:
        make_plan(world, approve=False)
    assert err.value.field == "items"


def test_plan_period_within_its_year(world):
    with pytest.raises(DomainError) as err:
        make_plan(world, start=D(2026, 11, 1), end=D(2027, 1, 31), approve=False)
    assert err.value.field == "period_start"


def test_draw_shares_per_grade_reproducible_recused_and_uncertified_excluded(world):
    """双随机（国办发〔2024〕54号）：按风险等级比例抽取；同一种子同一结果；回避、无有效证件的执法人员不参与抽取；
    每组不少于两名执法人员（行政处罚法 第四十二条第一款）。"""
    subjects(world, {"A": 40, "B": 20, "C": 10, "D": 4})
    plan = make_plan(world)
    good = certified(world["body"], world["market"], 3)
    # uncertified: certificate expired before the draw date 2026-12-01, another domain, another body
    certified(world["body"], world["market"], 1, valid_until=D(2026, 11, 30))
    certified(world["body"], Domain.objects.get_or_create(code="zz-test", defaults={"name": "测试领域"})[0], 1)
    certified(world["other"], world["market"], 1)
    recused = good[0]
    draw = draws.draw_create(actor=world["officer"], plan=plan, seed="gd-2026-12", officer_count=2,
                             recusals=[(recused, "与抽中对象存在利害关系")])
    # default shares A 5% B 10% C 20% D 50%: ceil(40×5%)=2, ceil(20×10%)=2, ceil(10×20%)=2, ceil(4×50%)=2
    grades = list(DrawnSubject.objects.filter(draw=draw).order_by("position")
                  .values_list("subject__risk_grade", flat=True))
    assert grades == ["A", "A", "B", "B", "C", "C", "D", "D"]
    assert draw.candidate_count == 74 and len(draw.candidates_digest) == 64
    officers = set(draw.officers.values_list("officer_id", flat=True))
    assert officers == {good[1].pk, good[2].pk}  # the recused and the uncertified are not candidates
    assert draws.reproduce(draw) == draws.stored_result(draw)
    again = draws.draw_create(actor=world["officer"], plan=plan, seed="gd-2026-12", officer_count=2,
                              recusals=[(recused, "与抽中对象存在利害关系")])
    assert draws.stored_result(again) == draws.stored_result(draw)  # same seed, same candidates: same result
    other = draws.draw_create(actor=world["officer"], plan=plan, seed="another", counts={"A": 10},
                              recusals=[(recused, "回避")])
    assert other.subject_count == 10 and draws.stored_result(other).subjects != draws.stored_result(draw).subjects
    with pytest.raises(DomainError) as err:  # only two candidates left: three cannot be drawn
        draws.draw_create(actor=world["officer"], plan=plan, officer_count=3, recusals=[(recused, "回避")])
    assert err.value.field == "officer_count"
    with pytest.raises(DomainError) as err:
        draws.draw_create(actor=world["officer"], plan=plan, recusals=[(recused, "")])
    assert err.value.field == "recusals"
    Subject.objects.create(credit_code=make_credit_code(999, "440106"), name="新登记商户", division=world["tianhe"])
    with pytest.raises(Conflict):  # the register changed: the digest no longer matches
        draws.reproduce(draw)


def test_draw_digest_computed_by_the_database_equals_the_python_sha256(world):
    """双随机（国办发〔2024〕54号；决定 0039 第 3、6 项）：候选名单摘要为按等级、信用代码排序、每行一个代码的 SHA-256。
    抽取时整段读取的名单、摘要，以及 PostgreSQL 自行计算的摘要，与逐行读取后在 Python 中计算的一致；SQLite 没有
    SHA-256，由 Python 计算。"""
    subjects(world, {"A": 3, "B": 2, "D": 1})
    plan = make_plan(world)
    base = draws._subject_queryset(plan, {})
    codes = list(base.order_by("risk_grade", "credit_code").values_list("credit_code", flat=True))
    expected = hashlib.sha256("".join(f"{c}\n" for c in codes).encode()).hexdigest()
    grades, digest = draws._ordered_codes(base)
    assert digest == expected and len(codes) == 6
    assert {g: grades[g].size for g in draws.GRADES} == {"A": 3, "B": 2, "C": 0, "D": 1}
    assert [grades[g].code(i) for g in draws.GRADES for i in range(grades[g].size)] == codes
    assert draws.database_digest(base) == (expected if connection.vendor == "postgresql" else None)
    empty = draws._subject_queryset(plan, {"industry": "Z9"})
    assert draws._ordered_codes(empty)[1] == hashlib.sha256(b"").hexdigest()
    assert draws.database_digest(empty) in (hashlib.sha256(b"").hexdigest(), None)


def test_ordered_grade_slices_fixed_width_codes_and_splits_otherwise():
    """决定 0039 第 6 项：等长的信用代码按位置截取，不等长的（导入的异常数据）按行拆分，结果相同。"""
    fixed = draws.OrderedGrade("AB1\nAB2\nAB3\n", 3)
    assert fixed.width == 4 and [fixed.code(i) for i in range(3)] == ["AB1", "AB2", "AB3"] == fixed.codes()
    ragged = draws.OrderedGrade("A\nBC\nD\n", 3)
    assert ragged.width == 0 and [ragged.code(i) for i in range(3)] == ["A", "BC", "D"]
    with pytest.raises(IndexError):
        fixed.code(3)


def test_joint_visit_matches_overlapping_plans_of_two_bodies_and_agree_sets_lead(world):
    """综合查一次（国办发〔2024〕54号）：不同机关期间重叠的计划抽中同一对象，提出合并；一方负责人同意牵头。"""
    subject = subjects(world, {"D": 1})[0]
    certified(world["body"], world["market"], 2)
    certified(world["other"], world["market"], 2)
    other_officer = UserFactory(body=world["other"], roles=[(Role.OFFICER, Scope.BODY)])
    mine = make_plan(world, start=D(2026, 6, 1), end=D(2026, 12, 31))
    theirs = make_plan(world, body=world["other"], actor=other_officer, start=D(2026, 11, 1), end=D(2026, 12, 15))
    later = make_plan(world, body=world["other"], actor=other_officer, start=D(2027, 1, 1), end=D(2027, 3, 31))
    for plan, actor in ((mine, world["officer"]), (theirs, other_officer), (later, other_officer)):
        draws.draw_create(actor=actor, plan=plan, seed="s", counts={"D": 1})
    visits = list(plans.match_joint_visits(mine))
    assert len(visits) == 1
    joint = visits[0]
    assert joint.subject == subject and set(joint.plans.all()) == {mine, theirs}  # not the 2027 plan
    assert (joint.period_start, joint.period_end) == (D(2026, 11, 1), D(2026, 12, 15))
    with pytest.raises(NotAllowed):
        plans.joint_visit_agree(actor=world["officer"], joint=joint)  # heads agree
    joint = plans.joint_visit_agree(actor=world["other_head"], joint=joint)
    assert joint.status == JointVisitStatus.AGREED and joint.lead_body == world["other"]


def test_api_pages_and_public_draw_result_without_natural_persons(world, client):
    """API: an officer drafts, the head approves; pages render; /gongshi/ shows the published plan and draw with seed,
    digest and the drawn enterprises only (no natural persons' data)."""

    subjects(world, {"D": 2})
    Subject.objects.create(kind="person", id_number="440106198503150012", name="张三", division=world["tianhe"],
                           risk_grade="D")
    certified(world["body"], world["market"], 2)
    client.force_login(world["officer"])
    response = client.post("/api/v1/inspection-plans/", {
        "body": str(world["body"].pk), "year": 2027, "title": "2027年食品经营抽查", "items": [str(world["profile"].pk)],
        "period_start": "2027-01-01", "period_end": "2027-12-31"}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.post(f"/api/v1/inspection-plans/{pk}/approve/").status_code == 403  # an officer cannot approve
    client.force_login(world["head"])
    assert client.post(f"/api/v1/inspection-plans/{pk}/approve/").json()["status"] == "approved"
    response = client.post(f"/api/v1/inspection-plans/{pk}/draw/", {"seed": "gongshi", "counts": {"D": 2}},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    draw_id = response.json()["id"]
    assert client.get(f"/api/v1/inspection-draws/{draw_id}/reproduce/").json()["same"] is True
    assert client.get("/api/v1/inspection-draws/").status_code == 200
    assert client.post(f"/api/v1/inspection-draws/{draw_id}/publish/").status_code == 409  # plan not yet published
    assert client.post(f"/inspection/plans/{pk}/publish/").status_code == 302
    assert client.post(f"/inspection/draws/{draw_id}/publish/").status_code == 302
    for url in ("/inspection/plans/", f"/inspection/plans/{pk}/", f"/inspection/plans/{pk}/draw/",
                f"/inspection/draws/{draw_id}/", "/inspection/plans/new/"):
        assert client.get(url).status_code == 200, url
    client.logout()
    assert "2027年食品经营抽查" in client.get("/gongshi/inspection-plans/").content.decode()
    page = client.get(f"/gongshi/inspection-draws/{draw_id}/").content.decode()
    assert "gongshi" in page and "天河商户" in page and "张三" not in page and "如何复现" in page
