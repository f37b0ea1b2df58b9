"""行政检查 as cases of the general engine (LEGAL.md §4; docs/decisions/0037, 0040): 《广东省行政检查办法》, 国办发〔2024〕54号
(主体资格, 清单之外无检查, 频次上限, 综合查一次), 深府规〔2025〕6号 (检查码: 亮码签到, 补录 within 10 calendar days).

Dates worked by hand (the test clock stands at 2026-12-01 10:00): an emergency inspection opened 11-20 10:00 must be
approved by 11-21 10:00 (24 hours); a back-entry recorded 12-01 for a visit of 11-21 is 10 days after it (11-22 day
1 … 12-01 day 10), for a visit of 11-20 11 days; an order to correct of 11-24 with deadline 11-27 falls due for its
re-check 7 calendar days later, 12-04 (11-28 day 1 … 12-04 day 7).
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.test import Client

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.tests import factories as f
from yuezhifa.inspection.models import ChecklistPoint, ItemProfile, JointVisit, Plan, Qualification, Subject, Visit
from yuezhifa.inspection.services.visits import record_visit
from yuezhifa.org.models import Certificate, EnforcementBody, Role, Scope
from yuezhifa.org.tests.factories import CertificateFactory, OfficerFactory, UserFactory, make_credit_code
from yuezhifa.supervision.alerts import evaluate_alerts
from yuezhifa.supervision.models import Alert, AlertState

from .. import services
from ..interface import case_log
from ..models import CaseLink, Evidence
from ..procedures import inspection_public
from .conftest import Runner, at
from .test_guards import png

D = datetime.date
GPS = {"latitude": "23.135000", "longitude": "113.365000"}


@pytest.fixture
def ins(world):
    body, other = world["body"], world["other"]
    for b in (body, other):
        Qualification.objects.create(body=b, basis="《广东省行政检查办法》；本机关职权清单", confirmed_on=D(2026, 1, 5),
                                     published_at=at("2026-01-10 09:00"))
    item = f.item(name="对食品经营者的监督检查", type="inspection")
    profile = ItemProfile.objects.create(item=item, subject_object="食品经营者", standard="按检查要点逐项检查",
                                         annual_cap=2, published_at=at("2026-01-10 09:00"))
    points = [ChecklistPoint.objects.create(profile=profile, seq=1, text="经营者持有有效的食品经营许可证",
                                            provision="《中华人民共和国食品安全法》第三十五条"),
              ChecklistPoint.objects.create(profile=profile, seq=2, text="不经营超过保质期的食品",
                                            provision="《中华人民共和国食品安全法》第三十四条第（十）项")]
    subject = Subject.objects.create(credit_code=make_credit_code(7), name="广州禾盛商贸有限公司",
                                     division=body.division, address="广州市天河区棠下荷光路86号首层")
    # the other body's two certified officers and its head, for a joint visit (综合查一次)
    justice = EnforcementBody.objects.get(name="广东省司法厅")
    people = []
    for name in ("吴海东", "郑丽娜"):
        person = OfficerFactory(name=name, body=other)
        CertificateFactory(officer=person, issued_by=justice, valid_until=D(2029, 12, 31), domains=[world["domain"]])
        people.append(person)
    world["users"]["wu"] = UserFactory(username="wu", real_name="吴海东", body=other, officer=people[0],
                                       roles=[(Role.OFFICER, Scope.OWN)])
    world["users"]["other_head"] = UserFactory(username="other_head", real_name="深市监负责人", body=other,
                                               roles=[(Role.HEAD, Scope.SUBTREE)])
    world["officers"].update({"wu": people[0], "zheng": people[1]})
    return {"item": item, "profile": profile, "points": points, "subject": subject}


def _open(run, ins, when, *, user="chen", officers=("chen", "lin"), **extra):
    data = {"kind": "routine", "subject": ins["subject"].credit_code, "items": [ins["item"].code],
            "officers": run.ids(*officers), **extra}
    return run.open(when, user=user, procedure="inspection", **data)


class InspectionRunner(Runner):
    def open(self, when, *, user="chen", procedure="inspection", **data):
        self.case = services.case_open(actor=self.world["users"][user], procedure=procedure, data=data,
                                       performed_at=at(when))
        return self.case

    def act(self, code, when, *, user="chen", attachments=(), gps=False, **data):
        extra = GPS if gps else {}
        return services.act_perform(actor=self.world["users"][user], case=self.case, code=code, data=data,
                                    performed_at=at(when), attachments=attachments, **extra)


@pytest.fixture
def runs(world):
    return lambda: InspectionRunner(world)


def test_cap_th_inspection_approved_and_the_next_refused_gb54(world, ins, runs):
    """国办发〔2024〕54号 (频次上限): cap 2 a year. One visit already (another body's), the second inspection is
    approved (the cap-th) and enters the ledger; the third is refused naming the item and the cap; a case-specific
    inspection with its ground (a complaint) is approved beyond it."""
    record_visit(actor=SYSTEM, case_id=uuid.uuid4(), case_number="", subject=ins["subject"], body=world["other"],
                 on=D(2026, 3, 2), profiles=[ins["profile"]])
    first = runs()
    _open(first, ins, "2026-11-02 09:00")
    first.act("approve_inspection", "2026-11-02 10:00", user="head", opinion="同意。")
    case = first.refresh()
    assert case.stage == "inspection_approved" and case.number
    act = case.acts.get(code="approve_inspection")
    assert act.data["visits_this_year"] == 1 and act.data["caps"][0]["cap"] == 2
    assert Visit.objects.get(case_id=case.pk).counted

    second = runs()
    _open(second, ins, "2026-11-03 09:00")
    with pytest.raises(DomainError) as refused:
        second.act("approve_inspection", "2026-11-03 10:00", user="head")
    assert refused.value.field == "items" and "频次上限2次" in str(refused.value)
    assert "对食品经营者的监督检查" in str(refused.value) and "国办发〔2024〕54号" in str(refused.value)

    third = runs()
    _open(third, ins, "2026-11-04 09:00", kind="case", ground_kind="complaint", ground="消费者投诉销售过期食品。")
    third.act("approve_inspection", "2026-11-04 10:00", user="head")
    assert third.refresh().acts.get(code="approve_inspection").data["cap_exempt"].startswith("有依据的个案检查")


def test_special_inspection_from_above_is_allowed_beyond_the_cap_and_not_counted_gb54(world, ins, runs):
    """LEGAL.md §4: a special inspection deployed from above is not counted against the cap."""
    for day in (3, 4):
        record_visit(actor=SYSTEM, case_id=uuid.uuid4(), case_number="", subject=ins["subject"],
                     body=world["other"], on=D(2026, day, 2), profiles=[ins["profile"]])
    plan = Plan.objects.create(body=world["body"], year=2026, kind="special", title="2026年食品安全专项检查",
                               period_start=D(2026, 10, 1), period_end=D(2026, 12, 31), from_above=True,
                               basis_document="粤市监〔2026〕1号", status="published")
    run = runs()
    _open(run, ins, "2026-11-05 09:00", kind="special", plan=str(plan.pk))
    run.act("approve_inspection", "2026-11-05 10:00", user="head")
    visit = Visit.objects.get(case_id=run.case.pk)
    assert not visit.counted


def test_joint_visit_of_two_bodies_counts_once_gb54(world, ins, runs):
    """综合查一次 (国办发〔2024〕54号): two bodies' inspections of one joint visit count as one; cap 2, so a third
    inspection by either body is still approved."""
    joint = JointVisit.objects.create(subject=ins["subject"], lead_body=world["body"], period_start=D(2026, 11, 1),
                                      period_end=D(2026, 11, 30), status="agreed")
    joint.plans.add(*(Plan.objects.create(body=b, year=2026, title="2026年食品经营日常检查计划", status="published",
                                          period_start=D(2026, 11, 1), period_end=D(2026, 12, 31))
                      for b in (world["body"], world["other"])))  # the bodies of the joint visit (its plans)
    ours, theirs = runs(), runs()
    _open(ours, ins, "2026-11-09 09:00", joint_visit=str(joint.pk))
    ours.act("approve_inspection", "2026-11-09 10:00", user="head")
    _open(theirs, ins, "2026-11-09 09:00", user="wu", officers=("wu", "zheng"), joint_visit=str(joint.pk))
    theirs.act("approve_inspection", "2026-11-09 10:00", user="other_head")
    third = runs()
    _open(third, ins, "2026-11-10 09:00")
    third.act("approve_inspection", "2026-11-10 10:00", user="head")  # 1 visit counted so far: the second is allowed
    assert third.refresh().acts.get(code="approve_inspection").data["visits_this_year"] == 1


def test_body_without_qualification_cannot_open_gb54(world, ins, runs):
    """国办发〔2024〕54号 一、（一）: a body without a confirmed, published 主体资格 cannot open an inspection."""
    Qualification.objects.filter(body=world["body"]).update(revoked_at=at("2026-10-09 09:00"),
                                                            revoked_reason="职能调整")
    with pytest.raises(DomainError) as refused:
        _open(runs(), ins, "2026-11-02 09:00")
    assert refused.value.field == "body" and "主体资格" in str(refused.value)


def test_record_needs_check_in_and_check_in_needs_gps_sz6(world, ins, runs):
    """深府规〔2025〕6号: no record before the check-in; the check-in records the position."""
    run = runs()
    _open(run, ins, "2026-11-16 09:00")
    run.act("approve_inspection", "2026-11-16 10:00", user="head")
    with pytest.raises(DomainError) as refused:
        run.act("record_inspection", "2026-11-16 11:00", record=["现场检查。"], signed_by="party",
                results=[{"point": str(p.seq), "result": "pass"} for p in ins["points"]],
                officers=run.ids("chen", "lin"))
    assert "签到" in str(refused.value) and "深府规〔2025〕6号" in str(refused.value)
    with pytest.raises(DomainError) as no_gps:
        run.act("inspection_check_in", "2026-11-16 11:00", officers=run.ids("chen", "lin"), code_shown=True)
    assert no_gps.value.field == "latitude"


def test_back_entry_within_10_days_and_refused_after_sz6(world, ins, runs):
    """深府规〔2025〕6号: recorded 12-01; a visit of 11-21 is 10 days before (11-22 day 1 … 12-01 day 10): allowed and
    marked; one of 11-20 is 11 days: refused."""
    run = runs()
    _open(run, ins, "2026-11-19 09:00")
    run.act("approve_inspection", "2026-11-19 10:00", user="head")
    with pytest.raises(DomainError) as late:
        run.act("inspection_back_entry", "2026-12-01 09:00", visited_at="2026-11-20T10:00:00+08:00",
                reason="现场无网络，未能签到。", officers=run.ids("chen", "lin"))
    assert late.value.field == "visited_at" and "10日" in str(late.value)
    run.act("inspection_back_entry", "2026-12-01 09:00", visited_at="2026-11-21T10:00:00+08:00",
            reason="现场无网络，未能签到。", officers=run.ids("chen", "lin"))
    view = inspection_public.public_view(case_log(run.refresh()))
    assert view["back_entry"] and view["check_in_at"].date() == D(2026, 11, 21)


def test_emergency_inspection_approved_late_is_recorded_and_alerted_gb54(world, ins, runs):
    """情况紧急先行检查 (《广东省行政检查办法》; 国办发〔2024〕54号): opened 11-20 10:00, approval due by 11-21 10:00 (24
    hours, the default setting). The day after, past the hour, the alert is open; approved at 11:00, the approval is
    recorded as late and the alert is kept as resolved."""
    run = runs()
    with pytest.raises(DomainError) as no_reason:
        _open(run, ins, "2026-11-20 10:00", emergency=True)
    assert no_reason.value.field == "emergency_reason"
    _open(run, ins, "2026-11-20 10:00", emergency=True, emergency_reason="群众举报正在销售变质食品，需立即检查。")
    assert Visit.objects.filter(case_id=run.case.pk).exists()  # in the ledger at once
    assert {d.key: d for d in run.case.deadlines.all()}["inspection.emergency_approval"].due_at == \
        at("2026-11-21 10:00")
    evaluate_alerts(on=D(2026, 11, 21), now=at("2026-11-21 10:01"))
    [alert] = Alert.objects.filter(rule="inspection_approval_overdue")
    assert alert.state == AlertState.OPEN
    run.act("approve_inspection", "2026-11-21 11:00", user="head")
    assert run.refresh().acts.get(code="approve_inspection").data["late"] is True
    evaluate_alerts(on=D(2026, 11, 21), now=at("2026-11-21 11:30"))
    alert.refresh_from_db()
    assert alert.state != AlertState.OPEN


def test_public_code_page_shows_certificate_validity_without_personal_data_sz6(world, ins, runs):
    """深府规〔2025〕6号 (亮码入企): the page shows the body, the officers with their certificate numbers and whether valid
    today, the items, the approval; never identity numbers or phones. A bad token is 404."""
    run = runs()
    _open(run, ins, "2026-11-16 09:00")
    client = Client()
    assert not inspection_public.has_code(case_log(run.case))  # no code before the approval
    assert client.get(f"/jc/{inspection_public.token_for(run.case)}/").status_code == 404
    run.act("approve_inspection", "2026-11-16 10:00", user="head")
    Certificate.objects.filter(officer=world["officers"]["lin"]).update(valid_until=D(2026, 11, 30))
    page = client.get(f"/jc/{inspection_public.token_for(run.refresh())}/")
    assert page.status_code == 200
    html = page.content.decode()
    chen = Certificate.objects.get(officer=world["officers"]["chen"])
    assert "广州市天河区市场监督管理局" in html and chen.number in html and "证件有效" in html
    assert "证件今日无效" in html  # 林晓燕's certificate ended 11-30
    for officer in world["officers"].values():
        assert officer.id_number not in html
        assert not officer.phone or officer.phone not in html
    assert client.get("/jc/not-a-token/").status_code == 404
    officer = Client()
    officer.force_login(world["users"]["chen"])
    detail = officer.get(f"/cases/{run.case.pk}/").content.decode()
    assert 'id="inspection-qr"><svg' in detail and inspection_public.token_for(run.case) in detail
    assert "频次上限 2 次" in detail  # the caps, as the approver saw them
    assert client.get(f"/jc/{inspection_public.token_for(run.case)}x/").status_code == 404


def test_end_to_end_failed_point_order_recheck_fails_and_linked_penalty_case_with_evidence(world, ins, runs):
    """《广东省行政检查办法》; 国办发〔2024〕54号: approval → check-in (time and GPS) → record with one failed point and a
    photo → result with an order to correct (deadline 11-27; re-check due 12-04, 7 days after) → the re-check fails →
    a penalty case opened from the inspection, linked, carrying the photo by its digest."""
    run = runs()
    _open(run, ins, "2026-11-23 09:00")
    run.act("approve_inspection", "2026-11-23 10:00", user="head")
    run.act("notify_inspection", "2026-11-23 10:30", visit_on="2026-11-24", items=["食品经营许可、保质期"],
            prepare=["食品经营许可证"])
    run.act("inspection_check_in", "2026-11-24 09:00", gps=True, officers=run.ids("chen", "lin"), code_shown=True)
    with pytest.raises(DomainError) as unanswered:
        run.act("record_inspection", "2026-11-24 10:00", results=[{"point": "1", "result": "pass"}],
                record=["检查了许可证。"], signed_by="party", officers=run.ids("chen", "lin"))
    assert unanswered.value.field == "results" and "不经营超过保质期的食品" in str(unanswered.value)
    run.act("record_inspection", "2026-11-24 10:00", attachments=[services.Attachment(png("shelf.png"))],
            results=[{"point": "1", "result": "pass"}, {"point": "2", "result": "fail",
                                                       "note": "货架上有过期饼干3袋"}],
            record=["许可证有效；货架上发现超过保质期的饼干3袋。"], signed_by="party", officers=run.ids("chen", "lin"))
    run.act("inspection_check_out", "2026-11-24 10:30", gps=True, officers=run.ids("chen", "lin"))
    with pytest.raises(DomainError):  # a failed point: the result cannot be "no problem"
        run.act("notify_inspection_result", "2026-11-24 11:00", outcome="none", findings=["未发现问题。"])
    run.act("notify_inspection_result", "2026-11-24 11:00", outcome="problems", findings=["销售超过保质期的食品。"])
    run.act("order_correction", "2026-11-24 11:30", problems=["下架并销毁过期食品"], deadline="2026-11-27")
    recheck = {d.key: d for d in run.case.deadlines.all()}["inspection.recheck"]
    assert recheck.due_date == D(2026, 12, 4)
    evaluate_alerts(on=D(2026, 12, 5))  # not re-checked by 12-04: the day after, the alert
    assert Alert.objects.get(rule="recheck_overdue", case=run.case).state == AlertState.OPEN
    run.act("recheck_correction", "2026-11-30 09:00", passed=False, findings="仍有过期食品在售。",
            officers=run.ids("chen", "lin"))
    assert not {d.key: d for d in run.case.deadlines.all()}["inspection.recheck"].open
    run.act("open_penalty_from_inspection", "2026-11-30 10:00", cause="经营超过保质期的食品",
            summary="复查发现逾期未改正，仍在销售超过保质期的食品。")
    link = CaseLink.objects.get(other=run.case)
    penalty = link.case
    assert penalty.procedure == "penalty.general" and penalty.parties.get().name == "广州禾盛商贸有限公司"
    [photo] = Evidence.objects.filter(case=run.case)
    carried = Evidence.objects.get(case=penalty)
    assert carried.sha256 == photo.sha256 and photo.sha256 in penalty.acts.get(seq=1).data["summary"]
    run.act("close_inspection", "2026-11-30 11:00", user="head", summary="已移交立案处理。")
    assert run.refresh().stage == "inspection_closed"
