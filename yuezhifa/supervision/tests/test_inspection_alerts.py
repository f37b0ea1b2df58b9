"""Supervision alerts over inspections (国办发〔2024〕54号 频次上限、综合查一次; 深府规〔2025〕6号 亮码签到;
docs/decisions/0042): each appears on its day (an event) or the day after its last day (a deadline), not before, and
clears when its cause does. The test clock stands at 2026-12-01 10:00.

Dates worked by hand:
* the cap: item cap 2; two counted visits of another body (03-02, 04-02), so an inspection of 11-04 is the 3rd;
* 综合查一次 window 30 days: a visit of 10-03 is 30 days before 11-02 (10-04 day 1 … 11-02 day 30), one of 10-02 31;
* no check-in: approved 10-20 without plan or notice, window 30 days: 11-19 (10-21 day 1 … 11-19 day 30); a
  back-entry is allowed 10 days more: 11-29 (11-20 day 1 … 11-29 day 10); the alert appears 11-30.
"""

import uuid

import pytest

from yuezhifa.cases.tests.test_inspection_procedure import _open, ins, runs  # noqa: F401  (fixtures)
from yuezhifa.core.actors import SYSTEM
from yuezhifa.inspection.models import JointVisit, Visit
from yuezhifa.inspection.services.visits import record_visit

from ..alerts import evaluate_alerts
from ..models import Alert, AlertState
from .conftest import D, alerts

pytestmark = pytest.mark.django_db


def _ledger(world, ins, day, body=None):  # noqa: F811
    """A visit of another body's inspection (its case not on this platform's test data)."""
    return record_visit(actor=SYSTEM, case_id=uuid.uuid4(), case_number="", subject=ins["subject"],
                        body=body or world["other"], on=day, profiles=[ins["profile"]])


def test_over_cap_gb54_case_specific_explained_emergency_open_and_both_clear(world, ins, runs):  # noqa: F811
    """国办发〔2024〕54号 频次上限: the 3rd counted inspection of a cap-2 item, case-specific with its ground (allowed by
    the procedure), is raised for review as explained by its ground; an emergency routine one, the 4th, is open. Not
    before the day of the visit; cleared when the earlier visits no longer count."""
    earlier = [_ledger(world, ins, D(2026, 3, 2)), _ledger(world, ins, D(2026, 4, 2))]
    grounded = runs()
    _open(grounded, ins, "2026-11-04 09:00", kind="case", ground_kind="complaint", ground="消费者投诉销售过期食品。")
    grounded.act("approve_inspection", "2026-11-04 10:00", user="head")
    urgent = runs()
    _open(urgent, ins, "2026-11-05 09:00", emergency=True, emergency_reason="群众举报正在销售变质食品，需立即检查。")

    assert alerts("inspection_over_cap", D(2026, 11, 3)) == []
    [alert] = alerts("inspection_over_cap", D(2026, 11, 4))
    assert alert.case_id == grounded.case.pk and alert.state == AlertState.EXPLAINED
    assert "第3次" in alert.message and "频次上限2次" in alert.message and "投诉举报" in alert.explanation
    assert "国办发〔2024〕54号" in alert.article
    evaluate_alerts(on=D(2026, 11, 5))
    beyond = Alert.objects.get(rule="inspection_over_cap", case=urgent.case)
    assert beyond.state == AlertState.OPEN and "第4次" in beyond.message and "未记录个案检查的依据" in beyond.message
    assert beyond.first_seen == D(2026, 11, 5)

    Visit.objects.filter(pk__in=[v.pk for v in earlier]).update(counted=False)  # recorded as deployed from above
    evaluate_alerts(on=D(2026, 11, 6))
    assert set(Alert.objects.filter(rule="inspection_over_cap").values_list("state", flat=True)) == {
        AlertState.RESOLVED}


def test_several_bodies_within_30_days_without_a_joint_visit_gb54(world, ins, runs):  # noqa: F811
    """国办发〔2024〕54号 综合查一次: another body's visit 31 days before ours raises nothing, one 30 days before does;
    the alert clears when both join one joint visit."""
    _ledger(world, ins, D(2026, 10, 2))
    run = runs()
    _open(run, ins, "2026-11-02 09:00")
    run.act("approve_inspection", "2026-11-02 10:00", user="head")
    assert alerts("inspection_multi_body", D(2026, 11, 2)) == []
    theirs = _ledger(world, ins, D(2026, 10, 3))
    assert alerts("inspection_multi_body", D(2026, 11, 1)) == []  # our visit is of 11-02
    [alert] = alerts("inspection_multi_body", D(2026, 11, 2))
    assert alert.case_id == run.case.pk and alert.state == AlertState.OPEN and alert.body_id == world["body"].pk
    assert "深圳市市场监督管理局于2026年10月3日" in alert.message and "30日内" in alert.message

    joint = JointVisit.objects.create(subject=ins["subject"], lead_body=world["body"], period_start=D(2026, 10, 1),
                                      period_end=D(2026, 11, 30), status="agreed")
    Visit.objects.filter(pk__in=[theirs.pk, Visit.objects.get(case_id=run.case.pk).pk]).update(joint_visit=joint)
    [alert] = alerts("inspection_multi_body", D(2026, 11, 3))
    assert alert.state == AlertState.RESOLVED and alert.resolution == "已合并为综合查一次。"


def test_approved_inspection_without_check_in_after_window_and_back_entry_days_sz6(world, ins, runs):  # noqa: F811
    """深府规〔2025〕6号 亮码签到: approved 10-20, no plan or notice: the check-in is missing for good after 11-29
    (30 days, then 10 days of back-entry); the alert appears 11-30 and clears with a back-entry."""
    run = runs()
    _open(run, ins, "2026-10-20 09:00")
    run.act("approve_inspection", "2026-10-20 10:00", user="head")
    assert alerts("inspection_no_check_in", D(2026, 11, 29)) == []
    [alert] = alerts("inspection_no_check_in", D(2026, 11, 30))
    assert alert.state == AlertState.OPEN and alert.due_date == D(2026, 11, 29)
    assert alert.first_seen == D(2026, 11, 30) and "深府规〔2025〕6号" in alert.article
    assert "2026年11月19日" in alert.message and "2026年11月29日" in alert.message
    run.act("inspection_back_entry", "2026-12-01 09:00", visited_at="2026-11-25T10:00:00+08:00",
            reason="现场无网络，未能签到。", officers=run.ids("chen", "lin"))
    [alert] = alerts("inspection_no_check_in", D(2026, 12, 1))
    assert alert.state == AlertState.RESOLVED


def test_overdue_recheck_is_the_procedures_deadline_alert_and_a_checked_in_visit_raises_none_gd(world, ins, runs):  # noqa: F811
    """《广东省行政检查办法》 复查 (reused, not duplicated: ``recheck_overdue`` on the procedure's deadline): correction
    due 10-20, re-check within 7 days, by 10-27 (10-21 day 1 … 10-27 day 7); the alert appears 10-28, not 10-27, and a
    re-check of 11-02 resolves it as late. Checked in on the notified day, no ``inspection_no_check_in``."""
    run = runs()
    _open(run, ins, "2026-10-12 09:00")
    run.act("approve_inspection", "2026-10-12 10:00", user="head")
    run.act("notify_inspection", "2026-10-12 11:00", visit_on="2026-10-13", items=["食品经营许可、保质期"])
    run.act("inspection_check_in", "2026-10-13 09:00", gps=True, officers=run.ids("chen", "lin"), code_shown=True)
    run.act("record_inspection", "2026-10-13 10:00", record=["货架上发现过期饼干。"], signed_by="party",
            results=[{"point": "1", "result": "pass"}, {"point": "2", "result": "fail"}],
            officers=run.ids("chen", "lin"))
    run.act("notify_inspection_result", "2026-10-13 11:00", outcome="problems", findings=["销售超过保质期的食品。"])
    run.act("order_correction", "2026-10-14 09:00", problems=["下架并销毁过期食品"], deadline="2026-10-20")
    assert alerts("recheck_overdue", D(2026, 10, 27)) == []
    [alert] = alerts("recheck_overdue", D(2026, 10, 28))
    assert alert.state == AlertState.OPEN and alert.case_id == run.case.pk
    run.act("recheck_correction", "2026-11-02 09:00", passed=True, findings="已下架销毁。",
            officers=run.ids("chen", "lin"))
    [alert] = alerts("recheck_overdue", D(2026, 11, 2))
    assert alert.state == AlertState.RESOLVED
    assert Alert.objects.filter(rule__startswith="inspection_").count() == 0
