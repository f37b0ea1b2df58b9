"""Issue 14 acceptance: one inspection end to end through the real services (LEGAL.md §4; docs/decisions/0039, 0040,
0043): 国办发〔2024〕54号 (年度检查计划, 双随机, 综合查一次, 频次上限), 《广东省行政检查办法》 (批准, 检查结果告知,
责令改正, 复查, 移交立案), 深府规〔2025〕6号 (检查码, 亮码签到).

The cap tests of the acceptance are in test_inspection_procedure.py: the cap-th inspection approved and the next
refused (test_cap_th_inspection_approved_and_the_next_refused_gb54), a special inspection from above approved beyond
the cap (test_special_inspection_from_above_is_allowed_beyond_the_cap_and_not_counted_gb54), a joint visit counted
once (test_joint_visit_of_two_bodies_counts_once_gb54).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.tests import factories as f
from yuezhifa.inspection.models import (
    ChecklistPoint,
    Draw,
    DrawnSubject,
    ItemProfile,
    JointVisit,
    JointVisitStatus,
    Plan,
    Qualification,
    Subject,
    Visit,
)
from yuezhifa.inspection.services import draws, plans
from yuezhifa.items.models import Item, ItemType
from yuezhifa.org.models import Certificate, Domain, EnforcementBody, Officer, Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, CertificateFactory, OfficerFactory, UserFactory, make_credit_code

from .. import services
from ..models import CaseLink, Evidence
from ..procedures import inspection_public
from .conftest import at
from .test_guards import png
from .test_inspection_procedure import GPS, InspectionRunner

D = datetime.date


@pytest.fixture
def base(world):
    """The base data written directly: 主体资格 of both bodies, one published item of each with its checklist and cap,
    a register of seven Tianhe enterprises (five of grade C, two of grade D), and a second body in Tianhe (卫生健康局)
    with two certified officers, an officer's and a head's account."""
    body = world["body"]
    health = Domain.objects.get_or_create(code="health", defaults={"name": "卫生健康"})[0]
    hb = BodyFactory(name="广州市天河区卫生健康局", short_name="天河卫健", division=body.division, domains=[health])
    justice = EnforcementBody.objects.get(name="广东省司法厅")
    for b in (body, hb):
        Qualification.objects.create(body=b, basis="《广东省行政检查办法》；本机关职权清单", confirmed_on=D(2026, 1, 5),
                                     published_at=at("2026-01-10 09:00"))
    food = ItemProfile.objects.create(item=f.item(name="对食品经营者的监督检查", type="inspection"),
                                      subject_object="食品经营者", standard="按检查要点逐项检查", annual_cap=2,
                                      published_at=at("2026-01-10 09:00"))
    for seq, text, provision in ((1, "经营者持有有效的食品经营许可证", "《中华人民共和国食品安全法》第三十五条"),
                                 (2, "不经营超过保质期的食品", "《中华人民共和国食品安全法》第三十四条第（十）项")):
        ChecklistPoint.objects.create(profile=food, seq=seq, text=text, provision=provision)
    hygiene = ItemProfile.objects.create(
        item=Item.objects.create(code="440000-XZJC-80001", name="对公共场所卫生的监督检查", type=ItemType.INSPECTION,
                                 domain=health, levels=["county"]),
        subject_object="公共场所经营者", standard="按检查要点逐项检查", annual_cap=1, published_at=at("2026-01-10 09:00"))
    names = ["广州禾盛商贸有限公司", "广州天河棠下便利店有限公司", "广州珠江百货有限公司", "广州岗顶餐饮有限公司",
             "广州石牌日用品商行", "广州龙口粮油有限公司", "广州员村食品有限公司"]
    Subject.objects.bulk_create([
        Subject(credit_code=make_credit_code(300 + n, "440106"), name=name, division=body.division,
                address=f"广州市天河区棠下荷光路{80 + n}号首层", risk_grade="D" if n < 2 else "C")
        for n, name in enumerate(names)])
    for name in ("冯卫东", "何敏"):
        CertificateFactory(officer=OfficerFactory(name=name, body=hb), issued_by=justice, valid_until=D(2029, 12, 31),
                           domains=[health])
    world["users"]["feng"] = UserFactory(username="feng", real_name="冯卫东", body=hb,
                                         roles=[(Role.OFFICER, Scope.BODY)])
    world["users"]["hb_head"] = UserFactory(username="hb_head", real_name="天河卫健负责人", body=hb,
                                            roles=[(Role.HEAD, Scope.BODY)])
    return {"food": food, "hygiene": hygiene, "health_body": hb}


def test_acceptance_plan_draw_joint_visit_approval_code_record_order_recheck_penalty_gb54(world, base):
    """国办发〔2024〕54号; 《广东省行政检查办法》; 深府规〔2025〕6号. Dates worked by hand:

    - 2026-10-12 (Monday) 09:00: both bodies' routine plans drafted, approved by their heads and published (the
      due date 2026-03-31 is past: recorded as late); the draws are made the same day (draw date 10-12). Our plan runs
      11-01 … 12-31, theirs 11-01 … 11-30: the joint visit's period is the common part, 11-01 … 11-30.
    - Our draw, default shares: grade C ceil(5 × 20%) = 1, grade D ceil(2 × 50%) = 1; theirs draws both grade-D
      enterprises, so our grade-D one is matched. Two officers are drawn from the three whose certificates are valid
      on 10-12 (陈志强, 林晓燕, 周建国; 黄过期's ended 2025-12-31); they carry out the inspection. Our head agrees to lead on 10-13.
    - 2026-11-23 (Monday): opened 09:00, approved 10:00 (no earlier visit this year: 0 of cap 2); check-in 11-24
      09:00 with GPS; record 10:00 with point 2 failed and a photo; result and 责令改正 11:00, deadline 11-27; the
      re-check falls due 7 calendar days after the deadline, 12-04 (11-28 day 1 … 12-04 day 7); re-checked 11-30
      09:00, not corrected; the penalty case opened 11-30 10:00. The public page is fetched at the test clock,
      2026-12-01, when the officers' certificates (valid to 2029-12-31) are valid.
    """
    users, body, hb = world["users"], world["body"], base["health_body"]

    # 1-3. plans, draws, the joint visit: done in October (the plans' approval and the draw record the clock)
    with time_machine.travel(at("2026-10-12 09:00"), tick=False):
        ours = plans.plan_create(actor=users["chen"], body=body, year=2026, title="2026年食品经营日常检查计划",
                                 profiles=[base["food"]], period_start=D(2026, 11, 1), period_end=D(2026, 12, 31))
        ours = plans.plan_publish(actor=users["chen"], plan=plans.plan_approve(actor=users["head"], plan=ours))
        assert ours.status == "published" and ours.approved_by == users["head"] and ours.late
        draw = draws.draw_create(actor=users["chen"], plan=ours, seed="th-2026-11")
        drawn = draws.stored_result(draw)
        assert draws.reproduce(draw) == drawn  # anyone may re-run it from the seed and the published candidates
        assert len(drawn.subjects) == 2 and len(drawn.officers) == 2
        target = Subject.objects.get(credit_code=next(c for c in drawn.subjects
                                                      if Subject.objects.get(credit_code=c).risk_grade == "D"))
        theirs = plans.plan_create(actor=users["feng"], body=hb, year=2026, title="2026年公共场所卫生日常检查计划",
                                   profiles=[base["hygiene"]], period_start=D(2026, 11, 1), period_end=D(2026, 11, 30))
        theirs = plans.plan_publish(actor=users["feng"], plan=plans.plan_approve(actor=users["hb_head"], plan=theirs))
        draws.draw_create(actor=users["feng"], plan=theirs, seed="wj-2026-11", counts={"D": 2})
    [joint] = plans.match_joint_visits(ours)
    assert joint.subject == target and set(joint.plans.all()) == {ours, theirs}
    assert (joint.period_start, joint.period_end) == (D(2026, 11, 1), D(2026, 11, 30))
    with time_machine.travel(at("2026-10-13 09:00"), tick=False):
        joint = plans.joint_visit_agree(actor=users["head"], joint=joint)
    assert joint.status == JointVisitStatus.AGREED and joint.lead_body == body
    planner = Client()
    planner.force_login(users["feng"])
    matches = planner.get(f"/inspection/plans/{theirs.pk}/").content.decode()  # the match, shown to the planners
    assert body.name in matches and target.name in matches
    assert draws.reproduce(draw) == drawn  # still reproducible weeks later

    # 4. the inspection opened from the plan for the drawn subject, by the drawn officers, in the joint visit; the head
    # approves
    run = InspectionRunner(world)
    team = [str(pk) for pk in drawn.officers]
    run.open("2026-11-23 09:00", kind="routine", subject=target.credit_code, items=[base["food"].item.code],
             plan=str(ours.pk), draw=str(draw.pk), joint_visit=str(joint.pk), officers=team)
    run.act("approve_inspection", "2026-11-23 10:00", user="head", opinion="同意按计划检查。")
    case = run.refresh()
    approval = case.acts.get(code="approve_inspection")
    assert approval.data["visits_this_year"] == 0 and approval.data["caps"] == [
        {"item": base["food"].item.code, "name": "对食品经营者的监督检查", "count": 0, "cap": 2}]
    assert Visit.objects.get(case_id=case.pk).joint_visit == joint

    # 5. check-in with GPS; the enterprise scans the code: a public page without login
    run.act("inspection_check_in", "2026-11-24 09:00", gps=True, officers=team, code_shown=True)
    check_in = case.acts.get(code="inspection_check_in")
    assert (str(check_in.latitude), str(check_in.longitude)) == (GPS["latitude"], GPS["longitude"])
    page = Client().get(f"/jc/{inspection_public.token_for(case)}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert body.name in html and "对食品经营者的监督检查" in html and "证件有效" in html and "证件今日无效" not in html
    assert "2026年11月24日 09:00" in html  # the check-in time
    for officer in Officer.objects.filter(pk__in=drawn.officers):
        assert officer.name in html and Certificate.objects.get(officer=officer).number in html
        assert officer.id_number not in html

    # 6. the record: point 2 failed, a photo
    run.act("record_inspection", "2026-11-24 10:00", attachments=[services.Attachment(png("shelf.png"))],
            results=[{"point": "1", "result": "pass"},
                     {"point": "2", "result": "fail", "note": "货架上有过期饼干3袋"}],
            record=["许可证有效；货架上发现超过保质期的饼干3袋。"], signed_by="party", officers=team)
    assert run.refresh().acts.get(code="record_inspection").data["failed"] == 1

    # 7. the result notice and 责令改正 with a deadline
    run.act("notify_inspection_result", "2026-11-24 11:00", outcome="problems", findings=["销售超过保质期的食品。"])
    run.act("order_correction", "2026-11-24 11:00", problems=["下架并销毁过期食品"], deadline="2026-11-27")
    assert run.deadlines()["inspection.recheck"].due_date == D(2026, 12, 4)

    # 8. the re-check fails
    run.act("recheck_correction", "2026-11-30 09:00", passed=False, findings="仍有过期食品在售。",
            officers=team)
    assert run.refresh().stage == "inspection_ordered"

    # 9. a linked penalty case carrying the evidence, the link on both case pages
    run.act("open_penalty_from_inspection", "2026-11-30 10:00", cause="经营超过保质期的食品",
            summary="复查发现逾期未改正，仍在销售超过保质期的食品。")
    penalty = CaseLink.objects.get(other=case).case
    assert penalty.procedure == "penalty.general" and penalty.parties.get().name == target.name
    [photo] = Evidence.objects.filter(case=case)
    [carried] = Evidence.objects.filter(case=penalty)
    assert carried.sha256 == photo.sha256 and photo.sha256 in penalty.acts.get(seq=1).data["summary"]
    officer = Client()
    officer.force_login(users["chen"])
    inspection_page = officer.get(f"/cases/{case.pk}/").content.decode()
    penalty_page = officer.get(f"/cases/{penalty.pk}/").content.decode()
    assert f"/cases/{penalty.pk}/" in inspection_page and "频次上限 2 次" in inspection_page  # the caps as approved
    assert f"/cases/{case.pk}/" in penalty_page and case.number in penalty_page



def test_plan_draw_and_joint_visit_of_an_opening_must_be_the_body_own_and_agreed_gb54(world, base):
    """国办发〔2024〕54号 (年度检查计划、双随机、综合查一次): an inspection cannot be opened on another body's plan (its
    special plan deployed from above would lift the caps), on a draw that did not draw the subject, nor in a joint
    visit that is only proposed, does not include the body, or whose period does not hold the opening day."""
    body, hb = world["body"], base["health_body"]
    subjects = list(Subject.objects.order_by("credit_code"))
    target, other_subject = subjects[0], subjects[1]
    theirs = Plan.objects.create(body=hb, year=2026, kind="special", title="2026年公共场所卫生专项检查",
                                 period_start=D(2026, 10, 1), period_end=D(2026, 12, 31), from_above=True,
                                 basis_document="粤卫〔2026〕3号", status="published")
    ours = Plan.objects.create(body=body, year=2026, kind="routine", title="2026年食品经营日常检查计划",
                               period_start=D(2026, 11, 1), period_end=D(2026, 12, 31), status="published")
    draw = Draw.objects.create(plan=ours, seed="s", subject_count=1, officer_count=2, candidates_digest="0" * 64,
                               drawn_at=at("2026-10-12 09:00"), drawn_by=world["users"]["chen"], on=D(2026, 10, 12),
                               candidate_count=7)
    DrawnSubject.objects.create(draw=draw, subject=other_subject, position=1)
    joint = JointVisit.objects.create(subject=target, period_start=D(2026, 11, 1), period_end=D(2026, 11, 30))
    joint.plans.add(ours, theirs)
    run = InspectionRunner(world)

    def refused(field, when="2026-11-23 09:00", **extra):
        data = {"kind": "routine", "subject": target.credit_code, "items": [base["food"].item.code],
                "officers": run.ids("chen", "lin"), **extra}
        with pytest.raises(DomainError) as err:
            run.open(when, **data)
        assert err.value.field == field, err.value
        return str(err.value)

    assert "广州市天河区卫生健康局的计划" in refused("plan", kind="special", plan=str(theirs.pk))
    assert "不在该次抽取结果中" in refused("draw", plan=str(ours.pk), draw=str(draw.pk))
    assert "尚未经各机关负责人商定" in refused("joint_visit", joint_visit=str(joint.pk))
    JointVisit.objects.filter(pk=joint.pk).update(status=JointVisitStatus.AGREED, lead_body=hb)
    assert "不在该期间内" in refused("joint_visit", when="2026-12-01 09:00", joint_visit=str(joint.pk))
    joint.plans.remove(ours)
    assert "不是该综合查一次的牵头机关或者参与机关" in refused("joint_visit", joint_visit=str(joint.pk))
