"""退回 (docs/decisions/0046; 处罚法 第五十七条、第五十八条): a failed legal review or the head's return sends the case back
to the handling officers with the reasons; they amend it and resubmit it; only then may it be reviewed or decided.

Dates: the case is filed on 2026-09-28, so its 90-day decision period (处罚法 第六十条) ends on 2026-12-27
(9-28 + 90 calendar days: 2 days left in September, 31 + 30 = 61 in October–November, 27 in December)."""

import datetime

import pytest
from django.test import Client

from yuezhifa.core.errors import DomainError

from ..models import Case
from ..selectors import todo_list

pytestmark = pytest.mark.django_db

PROPOSED = {"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"}


def to_legal_review(run):
    """立案 → 调查终结 → 审查 (涉及重大公共利益: 第五十八条第一款第（一）项) → 告知 → 放弃陈述."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。", major_public_interest=True)
    run.act("notify", "2026-09-29 16:00", proposed=PROPOSED, facts=["销售超过保质期的食品。"],
            reasons="依照裁量基准一般情形。", basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"],
            served_on="2026-09-29", service_method="direct")
    run.act("record_statement", "2026-09-30 09:00", waived=True)


def client_of(world, name) -> Client:
    client = Client()
    client.force_login(world["users"][name])
    return client


def test_failed_legal_review_returns_the_case_until_amended_and_resubmitted_art_58(run, world):
    """处罚法 第五十八条: a 不通过 review returns the case to the officers (top of their to-do, 退回 with the reasons);
    neither a second review nor the decision is possible until they amend and resubmit; the second review passes and
    the head decides."""
    to_legal_review(run)
    returned = run.case
    # Another open case of the same officers whose next deadline is sooner: 立案期限 15 working days from 11-30 —
    # 12-1..4 (4), 12-7..11 (9), 12-14..18 (14), 12-21 (15) — before the returned case's 12-27.
    other = run.open("2026-11-30 09:00")
    other.refresh_from_db()
    assert other.next_due == datetime.date(2026, 12, 21)
    run.case = returned
    assert run.refresh().next_due == datetime.date(2026, 12, 27)
    assert todo_list(world["users"]["chen"]).first() == other  # soonest deadline first while nothing is returned

    run.act("legal_review", "2026-09-30 10:00", user="reviewer", passed=False, opinion="违法所得的计算缺少进货单据。")
    case = run.refresh()
    assert case.returned_reason == "违法所得的计算缺少进货单据。"
    assert case.waiting_role == ""  # out of the reviewers' queue: it waits on the officers
    assert todo_list(world["users"]["chen"]).first() == case  # the returned case on top of the to-do

    page = client_of(world, "chen").get("/cases/")
    text = page.content.decode()
    assert "退回" in text and "违法所得的计算缺少进货单据。" in text
    assert text.index(case.cause) <= text.index("违法所得的计算缺少进货单据。")
    detail = client_of(world, "chen").get(f"/cases/{case.pk}/").content.decode()
    assert 'id="returns"' in detail and "法制审核不通过" in detail and "待承办人补正后重新提交" in detail
    assert "2026-09-30 10:00" in detail

    with pytest.raises(DomainError, match="第五十八条") as again:
        run.act("legal_review", "2026-09-30 11:00", user="reviewer", passed=True, opinion="同意。")
    assert "退回" in again.value.message
    with pytest.raises(DomainError, match="第五十八条"):
        run.act("decide", "2026-09-30 11:00", user="head", penalties=PROPOSED)
    with pytest.raises(DomainError, match="尚未补正"):
        run.act("resubmit", "2026-09-30 11:00", amendments="已补正。")

    run.act("collect_evidence", "2026-09-30 14:00", kind="documentary", title="进货单据",
            description="证明违法所得的计算。", officers=run.ids("chen", "lin"))
    run.act("resubmit", "2026-09-30 15:00", amendments="补充进货单据，重新计算违法所得。")
    case = run.refresh()
    assert case.returned_reason == "" and case.waiting_role == "legal_reviewer"
    run.act("legal_review", "2026-10-08 09:00", user="reviewer", passed=True, opinion="证据充分，同意。")
    run.act("decide", "2026-10-08 15:00", user="head", penalties=PROPOSED)
    assert run.refresh().stage == "decided"
    detail = client_of(world, "chen").get(f"/cases/{case.pk}/").content.decode()
    assert "补正后重新提交" in detail and "2026-09-30 15:00" in detail and "待承办人补正后重新提交" not in detail


def test_head_returns_the_investigation_report_art_57(run, world):
    """处罚法 第五十七条第一款: the head, not approving the investigation's result, returns it with reasons; the review
    waits until the officers investigate further and resubmit."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    with pytest.raises(DomainError, match="负责人"):
        run.act("return_case", "2026-09-29 15:00", user="chen", reasons="x")
    run.act("return_case", "2026-09-29 15:00", user="head", reasons="未核实仓库存货，事实不清。")
    case = run.refresh()
    assert case.returned_reason == "未核实仓库存货，事实不清。" and case.waiting_role == ""
    api = client_of(world, "chen").get(f"/api/v1/cases/{case.pk}/").json()
    assert api["returned_reason"] == "未核实仓库存货，事实不清。"
    with pytest.raises(DomainError, match="第五十七条"):
        run.act("review", "2026-09-29 16:00", user="head", outcome="penalty", opinion="同意。")
    run.act("investigate", "2026-09-30 09:00", kind="inspection", subject="禾盛便利店", record=["复查仓库，核实进货数量。"],
            officers=run.ids("chen", "lin"), certificates_shown=True)
    run.act("resubmit", "2026-09-30 10:00", amendments="已复查仓库。")
    assert run.refresh().returned_reason == "" and run.case.waiting_role == "head"
    run.act("review", "2026-09-30 11:00", user="head", outcome="penalty", opinion="同意。")
    listed = client_of(world, "chen").get("/api/v1/cases/?todo=1").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["returned_reason"] for r in rows if r["id"] == str(case.pk)] == [""]
    detail = client_of(world, "chen").get(f"/cases/{case.pk}/").content.decode()
    assert "负责人退回" in detail and "未核实仓库存货，事实不清。" in detail


def test_legal_review_form_shows_what_is_reviewed_and_a_verdict_without_default_art_58(run, world):
    """处罚法 第五十八条: the reviewer sees the facts, the evidence, the proposed penalty, the benchmark band and the
    documents above the form; 通过 / 不通过 is a required choice with neither chosen; leaving it out is refused."""
    to_legal_review(run)
    reviewer = client_of(world, "reviewer")
    url = f"/cases/{run.case.pk}/acts/legal_review/"
    text = reviewer.get(url).content.decode()
    materials = text[text.index('id="review-materials"'):text.index('class="act-form"')]
    assert "销售超过保质期的食品。" in materials and "现场检查笔录" in materials
    assert "罚款：75,000.00 元" in materials and "没收违法所得：3,200.00 元" in materials and "食品安全法》第一百二十四条" in materials
    assert "一般处罚 · 罚款 70,000.00 元至 80,000.00 元" in materials  # the band of the item's benchmark
    assert "行政处罚事先告知书" in materials and "/documents/" in materials
    form = text[text.index('class="act-form"'):]
    assert form.count('type="radio" name="passed"') == 2 and "通过" in form and "不通过" in form
    assert "checked" not in form[form.index('name="passed"') - 200:form.index("审核意见")]
    refused = reviewer.post(url, {"version": run.refresh().version, "opinion": "同意。",
                                  "performed_at": "2026-09-30T10:00"})
    assert refused.status_code == 422 and "审核结论" in refused.content.decode()
    failed = reviewer.post(url, {"version": run.refresh().version, "opinion": "证据不足。", "passed": "False",
                                 "performed_at": "2026-09-30T10:00"})
    assert failed.status_code == 302
    assert Case.objects.get(pk=run.case.pk).returned_reason == "证据不足。"
    assert run.case.acts.get(code="legal_review").data["passed"] is False


def test_a_passing_review_recorded_before_returns_existed_answers_the_failed_one_art_58():
    """处罚法 第五十八条 (decision 0046, 后果): logs recorded before returns existed have a failed review followed directly
    by a passing one; the passing review answers the return, so those cases are not shown as returned."""
    from types import SimpleNamespace

    from ..procedures.sendback import pending_return

    def act(seq, code, **data):
        return SimpleNamespace(seq=seq, code=code, data=data, get=data.get)

    failed = act(1, "legal_review", passed=False, opinion="证据不足。")
    assert pending_return(SimpleNamespace(acts=[failed])) is failed
    assert pending_return(SimpleNamespace(acts=[failed, act(2, "legal_review", passed=True, opinion="同意。")])) is None
    assert pending_return(SimpleNamespace(acts=[failed, act(2, "resubmit", amendments="已补正。")])) is None
