"""Case sources and the branches of the general procedure not covered by the end-to-end runs: not filing, the
configurable filing limit, electronic monitoring records, recusal, collective discussion, extension of the decision
limit, deferral of payment, the dossier."""

import datetime

import pytest

from yuezhifa.core.errors import DomainError
from yuezhifa.core.services import deadline_setting_set

from ..models import Case
from ..selectors import approval_queue, dossier, todo_list
from .conftest import store_party
from .test_penalty_procedures import PENALTIES, notify, serve

D = datetime.date
pytestmark = pytest.mark.django_db


def test_not_filing_needs_a_reason_and_ends_the_case(run, world):
    run.open("2026-09-28 09:00", source_kind="complaint")
    run.act("verify_source", "2026-09-28 15:00", findings="经核实，被举报的商品在保质期内。", conclusion="not_file",
            officers=run.ids("chen", "lin"))
    assert run.refresh().waiting_role == "head"
    assert run.case in approval_queue(world["users"]["head"], "head")
    with pytest.raises(DomainError, match="建议不予立案"):
        run.act("file", "2026-09-29 09:00", user="head", item=world["item"].code, party=store_party(),
                violation_date="2026-09-28", summary=["x"], handlers=run.ids("chen", "lin"))
    with pytest.raises(DomainError) as no_reason:
        run.act("not_file", "2026-09-29 09:00", user="head", reason="")
    assert no_reason.value.field == "reason"
    run.act("not_file", "2026-09-29 09:00", user="head", reason="违法事实不存在，不符合立案条件。")
    case = run.refresh()
    assert case.stage == "not_filed" and case.number is None and case.next_due is None
    assert not run.deadlines()["penalty.file"].open
    assert case not in todo_list(world["users"]["chen"])
    with pytest.raises(DomainError, match="已办结"):
        run.act("verify_source", "2026-09-30 09:00", findings="x", conclusion="file", officers=run.ids("chen", "lin"))


def test_filing_limit_follows_the_provinces_setting(run):
    """The filing limit is configurable (LEGAL.md §2 #1, default 15 working days): set to 10, 9-28 → 10-16."""
    from yuezhifa.org.models import Role, Scope
    from yuezhifa.org.tests.factories import UserFactory

    admin = UserFactory(body=run.world["body"], roles=[(Role.ADMIN, Scope.PROVINCE)])
    deadline_setting_set(actor=admin, code="penalty.file", amount=10)
    run.open("2026-09-28 09:00")
    assert run.deadlines()["penalty.file"].due_date == D(2026, 10, 16)


def test_electronic_monitoring_records_must_be_reviewed(run, world):
    """处罚法 第四十一条第二款: unreviewed records are not evidence."""
    with pytest.raises(DomainError) as unreviewed:
        run.open("2026-09-28 09:00", source_kind="monitoring")
    assert unreviewed.value.field == "record_reviewed" and "第四十一条" in unreviewed.value.message
    assert not Case.objects.exists()
    run.open("2026-09-28 09:00", source_kind="monitoring", record_reviewed=True)
    assert run.case.source_kind == "monitoring"


def test_recusal_replaces_the_handler_and_bars_the_recused(run, world):
    """处罚法 第四十三条: the head decides; the recused officer may no longer act on the case."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    with pytest.raises(DomainError, match="不是本案承办人"):
        run.act("recuse", "2026-09-29 08:00", user="head", officer=run.ids("zhou")[0], replacement=run.ids("old")[0],
                requested_by="party", reason="x")
    run.act("recuse", "2026-09-29 08:00", user="head", officer=run.ids("lin")[0], replacement=run.ids("zhou")[0],
            requested_by="party", reason="林晓燕与当事人的法定代表人系近亲属。")
    assert set(run.refresh().handlers.values_list("name", flat=True)) == {"陈志强", "周建国"}
    with pytest.raises(DomainError, match="第四十三条"):
        run.act("investigate", "2026-09-29 09:00", kind="inspection", subject="x", record=["x"],
                officers=run.ids("chen", "lin"), certificates_shown=True)
    run.act("investigate", "2026-09-29 09:00", kind="inspection", subject="x", record=["x"],
            officers=run.ids("chen", "zhou"), certificates_shown=True)


def test_collective_discussion_when_the_head_requires_it(run):
    """处罚法 第五十七条第二款."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="案情复杂。", collective=True)
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    with pytest.raises(DomainError, match="第五十七条第二款"):
        run.act("decide", "2026-09-30 10:00", user="head", penalties=PENALTIES)
    run.act("collective_discussion", "2026-09-30 10:00", user="head", participants=["周建华", "黄立新"],
            record="讨论了本案事实和裁量。", conclusion="同意给予行政处罚。")
    run.act("decide", "2026-09-30 15:00", user="head", penalties=PENALTIES)


def test_extension_of_the_decision_limit_is_recorded_and_moves_the_date(run):
    """处罚法 第六十条: 90 days unless law, regulation or rule says otherwise; the extension is an act with its basis."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    run.act("extend_decision", "2026-11-20 10:00", user="head", days=30,
            basis="《市场监督管理行政处罚程序规定》第六十四条", reason="案情复杂，需要补充鉴定。")
    decide = run.deadlines()["penalty.decide"]
    assert decide.due_date == D(2027, 1, 28)
    assert "延长30日" in decide.explanation and "市场监督管理行政处罚程序规定" in decide.explanation


def test_deferral_moves_the_payment_deadline_and_the_court_window(run):
    """处罚法 第六十六条第二款 and 第七十二条第二款."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-09-30 15:00", user="head", penalties=PENALTIES)
    serve(run, "2026-10-08 10:00", "2026-10-08")
    assert run.deadlines()["penalty.pay"].due_date == D(2026, 10, 23)
    with pytest.raises(DomainError) as past:
        run.act("approve_deferral", "2026-10-20 10:00", user="head", kind="defer", until="2026-10-19",
                reason="经营困难。")
    assert past.value.field == "until"
    run.act("approve_deferral", "2026-10-20 10:00", user="head", kind="instalments", until="2026-12-31",
            instalments=[{"due_on": "2026-11-30", "amount": "37500"}, {"due_on": "2026-12-31", "amount": "37500"}],
            applied_on="2026-10-19", reason="当事人确有经济困难，申请分两期缴纳。")
    deadlines = run.deadlines()
    # the deadline shown is the next instalment's date (第六十六条第二款): the first one, 11-30
    assert deadlines["penalty.pay"].due_date == D(2026, 11, 30) and "分期" in deadlines["penalty.pay"].explanation
    run.act("record_payment", "2026-11-27 10:00", amount="37500", paid_on="2026-11-27")
    pay = run.deadlines()["penalty.pay"]
    assert pay.open and pay.due_date == D(2026, 12, 31)  # half paid: the last instalment, the end of the deferral


def test_dossier_lists_documents_and_evidence_in_the_order_of_the_acts(run, settings, tmp_path):
    from .. import services
    from .test_guards import png

    settings.MEDIA_ROOT = tmp_path
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("collect_evidence", "2026-09-29 09:00", kind="physical", title="过期牛奶照片",
            officers=run.ids("chen", "lin"), attachments=[services.Attachment(png())])
    run.investigated("2026-09-29 10:00")
    entries = dossier(run.case)
    titles = [e.title for e in entries]
    assert titles[:3] == ["案件来源登记表", "立案审批表", "过期牛奶照片"]
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[2].kind == "evidence" and len(entries[2].sha256) == 64
