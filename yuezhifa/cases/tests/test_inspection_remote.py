"""Non-site inspections (非现场检查 / 云巡查; docs/decisions/0044): 《广东省优化营商环境条例》第四十九条 (非现场执法可以实现
有效监管的，原则上不再进行现场执法；难以实现有效监管的，应当及时进行现场执法), 《广东省行政检查办法》第二十三条.

Dates worked by hand (the test clock stands at 2026-12-01 10:00, a Tuesday; no holiday in late 2026-11 or early 12):
- a task sent 2026-11-30 (Mon) without a deadline is due 5 working days later: 12-01 (1), 12-02 (2), 12-03 (3),
  12-04 (4), 12-07 (5) → 2026-12-07; an answer on 12-01 is in time;
- a task sent 2026-11-16 with the deadline 2026-11-20 answered on 12-01 is late.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from yuezhifa.core.errors import DomainError
from yuezhifa.inspection.models import Visit

from .. import services
from ..interface import case_log
from ..models import Evidence
from ..procedures import inspection_public, inspection_remote
from .test_guards import png
from .test_inspection_procedure import _open, ins, runs  # noqa: F401  (fixtures)

_WORKED_NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """The dates of this module are worked by hand around 2026-12-01 (the 2026 arrangement entered): its clock stays
    there whatever YZF_TEST_NOW says, so the suite passes on any day."""
    with time_machine.travel(_WORKED_NOW, tick=True):
        yield



def _remote(run, ins, opened, approved, **extra):  # noqa: F811
    _open(run, ins, opened, method="remote", **extra)
    run.act("approve_inspection", approved, user="head")
    return run


def _link(run) -> str:
    return f"/jc/remote/{inspection_remote.token_for(run.case, run.case.acts.get(code='send_remote_task').seq)}/"


def test_remote_answer_in_time_assessed_sufficient_counts_but_not_on_site_yshj49(world, ins, runs):  # noqa: F811
    """《广东省优化营商环境条例》第四十九条: the task of 11-30 is due 12-07 (5 working days, the default); the enterprise
    answers on 12-01 through the link without an account, the photo stored as evidence with its SHA-256; assessed as
    sufficient, the result follows without a visit: the ledger counts the inspection, not on site."""
    with pytest.raises(DomainError) as emergency:  # an emergency is inspected on site
        _open(runs(), ins, "2026-11-30 07:00", method="remote", emergency=True, emergency_reason="举报。")
    assert emergency.value.field == "emergency_reason" and "非现场" in str(emergency.value)
    run = _remote(runs(), ins, "2026-11-30 08:00", "2026-11-30 08:30")
    assert not Visit.objects.get(case_id=run.case.pk).on_site
    with pytest.raises(DomainError) as on_site:  # no check-in while the non-site inspection is pending
        run.act("inspection_check_in", "2026-11-30 08:40", gps=True, officers=run.ids("chen", "lin"))
    assert "第四十九条" in str(on_site.value)
    run.act("send_remote_task", "2026-11-30 09:00", requests=["食品经营许可证照片", "近一个月的进货查验记录"])
    case = run.refresh()
    assert case.stage == "inspection_remote"
    assert case.acts.get(code="send_remote_task").data["deadline"] == "2026-12-07"
    with pytest.raises(DomainError) as officer:  # only the enterprise, through the link
        run.act("remote_answer", "2026-11-30 10:00", contact="陈志强", answer="代为提交。")
    assert officer.value.field == "act" and "链接" in str(officer.value)

    client = Client()
    page = client.get(_link(run))
    assert page.status_code == 200 and "近一个月的进货查验记录" in page.content.decode()
    assert "2026年12月7日" in page.content.decode()
    sent = client.post(_link(run), {"contact": "梁文斌（负责人）", "answer": "许可证在有效期内。",
                                    "files": [png("licence.png")]})
    assert sent.status_code == 302
    answer = run.refresh().acts.get(code="remote_answer")
    assert answer.data["late"] is False and answer.actor is None
    [photo] = Evidence.objects.filter(case=run.case)
    assert photo.act_id == answer.pk and len(photo.sha256) == 64

    services.act_perform(actor=world["users"]["chen"], case=run.case, code="assess_remote",
                         data={"sufficient": True, "findings": "许可证有效，进货查验记录完整。",
                               "officers": run.ids("chen", "lin")})
    assessed = run.refresh().acts.get(code="assess_remote")
    assert assessed.data["answers"] == 1 and assessed.data["late_answers"] == 0
    assert client.post(_link(run), {"contact": "梁文斌", "answer": "补充"}).status_code == 422  # no longer open
    services.act_perform(actor=world["users"]["chen"], case=run.case, code="notify_inspection_result",
                         data={"outcome": "none", "findings": ["未发现问题。"]})
    services.act_perform(actor=world["users"]["head"], case=run.case, code="close_inspection",
                         data={"summary": "非现场检查未发现问题。"})
    assert run.refresh().stage == "inspection_closed"
    visit = Visit.objects.get(case_id=run.case.pk)
    assert visit.counted and not visit.on_site


def test_late_answer_marked_and_insufficient_leads_to_on_site_inspection_yshj49(world, ins, runs):  # noqa: F811
    """《广东省优化营商环境条例》第四十九条: due 11-20, answered 12-01: marked late on the act and the case page; assessed
    as insufficient, the on-site inspection follows in the same case (check-in with the code, the record), and the
    same ledger visit becomes on site (one inspection, counted once)."""
    run = _remote(runs(), ins, "2026-11-16 09:00", "2026-11-16 10:00")
    with pytest.raises(DomainError) as early:
        run.act("send_remote_task", "2026-11-16 10:30", requests=["货架照片"], deadline="2026-11-16")
    assert early.value.field == "deadline"
    run.act("send_remote_task", "2026-11-16 10:30", requests=["货架照片"], deadline="2026-11-20")
    with pytest.raises(DomainError) as nothing:  # nothing answered: cannot be sufficient
        run.act("assess_remote", "2026-11-23 09:00", sufficient=True, findings="材料齐全。",
                officers=run.ids("chen", "lin"))
    assert nothing.value.field == "sufficient"
    assert inspection_remote.panel(case_log(run.refresh()))["absent"]  # nothing by 11-20: absent (as of today)

    services.remote_answer_submit(token=inspection_remote.token_for(run.case, run.case.acts.get(
        code="send_remote_task").seq), contact="梁文斌", answer="货架照片见附件。", files=[png("shelf.png")])
    assert run.refresh().acts.get(code="remote_answer").data["late"] is True
    officer = Client()
    officer.force_login(world["users"]["chen"])
    detail = officer.get(f"/cases/{run.case.pk}/").content.decode()
    assert 'id="inspection-remote-link"' in detail and "逾期提交" in detail

    services.act_perform(actor=world["users"]["chen"], case=run.case, code="assess_remote",
                         data={"sufficient": False, "findings": "照片不清晰，无法判断保质期。",
                               "officers": run.ids("chen", "lin")})
    assert run.refresh().stage == "inspection_approved"
    with pytest.raises(DomainError):  # the result waits for the on-site record
        services.act_perform(actor=world["users"]["chen"], case=run.case, code="notify_inspection_result",
                             data={"outcome": "none", "findings": ["未发现问题。"]})
    services.act_perform(actor=world["users"]["chen"], case=run.case, code="inspection_check_in",
                         data={"officers": run.ids("chen", "lin"), "code_shown": True},
                         latitude="23.135000", longitude="113.365000")
    visit = Visit.objects.get(case_id=run.case.pk)
    assert visit.on_site and visit.counted and Visit.objects.filter(subject=ins["subject"]).count() == 1
    services.act_perform(actor=world["users"]["chen"], case=run.case, code="record_inspection",
                         data={"results": [{"point": "1", "result": "pass"}, {"point": "2", "result": "pass"}],
                               "record": ["现场核查货架，未发现过期食品。"], "signed_by": "party",
                               "officers": run.ids("chen", "lin")}, latitude="23.135000", longitude="113.365000")
    assert run.refresh().stage == "inspection_recorded"


def test_task_page_refuses_a_forged_or_foreign_token_yshj49(world, ins, runs):  # noqa: F811
    """The task link is signed (django.core.signing, its own salt): a forged token, a token with another case's id,
    and the same case's 检查码 token are all 404, for the page and for an upload; nothing is recorded."""
    run = _remote(runs(), ins, "2026-11-30 08:00", "2026-11-30 08:30")
    run.act("send_remote_task", "2026-11-30 09:00", requests=["食品经营许可证照片"])
    good = inspection_remote.token_for(run.case, run.case.acts.get(code="send_remote_task").seq)
    client = Client()
    value, _, signature = good.rpartition(":")
    forged = [good + "x", f"{value}:{'A' * len(signature)}", f"{run.case.pk}.9:{signature}",
              inspection_public.token_for(run.case), "not-a-token"]
    for token in forged:
        assert client.get(f"/jc/remote/{token}/").status_code == 404
        assert client.post(f"/jc/remote/{token}/", {"contact": "某人", "answer": "伪造"}).status_code == 404
    assert not run.case.acts.filter(code="remote_answer").exists()
    with pytest.raises(services.RemoteTaskNotFound):
        services.remote_answer_submit(token=forged[0], contact="某人", answer="伪造")
