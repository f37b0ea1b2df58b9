"""The documents of a 行政检查 (司法部《行政检查文书基本格式文本（试行）》, 2025; 《广东省行政检查办法》) and the disclosure of
its result within 20 working days (国办发〔2018〕118号“加强事后公开”; 《广东省一体化行政执法平台管理办法》第四十五条;
docs/decisions/0043).

Dates worked by hand (no holiday in November or December 2026): the result notified on 2026-11-24 (Tue);
20 working days: 11-25 (1), 11-26 (2), 11-27 (3), 11-30 (4), 12-01..12-04 (5-8), 12-07..12-11 (9-13),
12-14..12-18 (14-18), 12-21 (19), 12-22 (20) = 2026-12-22; the overdue alert the day after, 12-23.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.disclosure.models import PartyKind, PublishedResult, ResultCategory, ResultStatus
from yuezhifa.disclosure.selectors import inspection_statistics
from yuezhifa.inspection.models import Subject
from yuezhifa.seals import services as seal_services
from yuezhifa.seals.models import SignedDocument
from yuezhifa.supervision.alerts import evaluate_alerts
from yuezhifa.supervision.models import Alert

from ..documents import render_snapshot
from ..models import CaseDocument
from . import test_inspection_procedure as procedure_tests
from .conftest import at

_open = procedure_tests._open
ins, runs = procedure_tests.ins, procedure_tests.runs  # the procedure tests' fixtures

D = datetime.date
RESULTS = [{"point": "1", "result": "pass"}, {"point": "2", "result": "fail", "note": "货架上有过期饼干3袋"}]


def _inspected(run, ins, *, results=RESULTS, day="2026-11-24", subject=None):
    """Approved 11-23, checked in and recorded on ``day``."""
    _open(run, ins, "2026-11-23 09:00", **({"subject": subject} if subject else {}))
    run.act("approve_inspection", "2026-11-23 10:00", user="head", opinion="同意检查。")
    run.act("inspection_check_in", f"{day} 09:00", gps=True, officers=run.ids("chen", "lin"), code_shown=True)
    run.act("record_inspection", f"{day} 10:00", results=results, record=["许可证有效；货架上发现超过保质期的饼干3袋。"],
            signed_by="party", officers=run.ids("chen", "lin"))


def test_each_inspection_act_issues_its_sealed_document_sfb_2025(world, ins, runs, settings, tmp_path):
    """司法部《行政检查文书基本格式文本（试行）》: the approval form, the notice, the on-site record with each checklist
    point's result, the notice of the result, the order to correct (the library's 责令（限期）改正通知书, the failed
    point's provision as the provision violated), the inquiry record and the re-check record, each issued and sealed by
    its act."""
    settings.MEDIA_ROOT = tmp_path
    seal_services.seal_create_demo_ca(actor=SYSTEM)
    seal_services.seal_issue_for_body(actor=SYSTEM, body=world["body"])
    run = runs()
    _open(run, ins, "2026-11-23 09:00")
    run.act("approve_inspection", "2026-11-23 10:00", user="head", opinion="同意检查。")
    run.act("notify_inspection", "2026-11-23 10:30", visit_on="2026-11-24", items=["食品保质期管理"],
            prepare=["食品经营许可证"])
    run.act("inspection_check_in", "2026-11-24 09:00", gps=True, officers=run.ids("chen", "lin"), code_shown=True)
    run.act("record_inspection", "2026-11-24 10:00", results=RESULTS, record=["货架上发现超过保质期的饼干3袋。"],
            signed_by="party", officers=run.ids("chen", "lin"))
    run.act("inspection_inquiry", "2026-11-24 10:20", respondent="梁文斌", position="法定代表人",
            relation="被检查对象的法定代表人", record=["问：过期饼干是什么时候进的货？", "答：今年8月。"],
            officers=run.ids("chen", "lin"))
    run.act("notify_inspection_result", "2026-11-24 11:00", outcome="problems", findings=["销售超过保质期的食品。"])
    run.act("order_correction", "2026-11-24 11:30", problems=["下架并销毁过期食品"], deadline="2026-11-27")
    run.act("recheck_correction", "2026-11-30 09:00", passed=False, findings="仍有过期食品在售。",
            officers=run.ids("chen", "lin"))

    docs = {d.doc_type: d for d in CaseDocument.objects.filter(case=run.case)}
    assert set(docs) == {"inspection_approval", "inspection_notice", "inspection_site_record",
                         "inspection_inquiry_record", "inspection_result_notice", "rectification_order",
                         "inspection_recheck_record"}
    assert docs["inspection_inquiry_record"].context["qa"] == [{"q": "过期饼干是什么时候进的货？", "a": "今年8月。"}]
    for document in docs.values():
        assert document.pdf and document.pdf_sha256
        assert SignedDocument.objects.get(document_ref=str(document.pk)).sha256 == document.pdf_sha256
    assert "检通〔2026〕" in docs["inspection_notice"].number
    assert "检结〔2026〕" in docs["inspection_result_notice"].number
    assert "责改〔2026〕" in docs["rectification_order"].number

    approval = docs["inspection_approval"].context
    assert approval["caps"][0]["cap"] == 2 and approval["approval"]["opinion"] == "同意检查。"
    record = docs["inspection_site_record"].context
    assert [(p["ref"], p["result"], p["note"]) for p in record["points"]] == [
        ("1", "合格", ""), ("2", "不合格", "货架上有过期饼干3袋")]
    page = render_snapshot(docs["inspection_site_record"])
    assert "不经营超过保质期的食品" in page and "不合格" in page and "《中华人民共和国食品安全法》第三十五条" in page
    order = docs["rectification_order"].context
    assert order["violated"] == ["《中华人民共和国食品安全法》第三十四条第（十）项"]
    assert order["facts"] == ["下架并销毁过期食品"] and order["time_limited"]
    recheck = docs["inspection_recheck_record"].context
    assert recheck["verdict"] == "未改正" and recheck["order"]["number"] == docs["rectification_order"].number
    assert "行政检查结果告知书" in render_snapshot(docs["inspection_result_notice"])


def test_inspection_result_published_on_approval_within_20_working_days_guidance_2018_118(world, ins, runs):
    """国办发〔2018〕118号: the result notified 2026-11-24 is due for publication on 2026-12-22 (module docstring); not
    publishable before the result, not public before the head approves; the alert 执法决定逾期未公示 on 12-23, not
    12-22. Published on /gongshi/ as a 行政检查 result: body, subject, date, items, result in words, not the record."""
    run = runs()
    _inspected(run, ins, results=[{"point": "1", "result": "pass"}, {"point": "2", "result": "pass"}])
    with pytest.raises(DomainError):  # no result notified yet
        run.act("approve_inspection_disclosure", "2026-11-24 10:30", user="head")
    run.act("notify_inspection_result", "2026-11-24 11:00", outcome="none", findings=["未发现问题。"])
    deadline = {d.key: d for d in run.case.deadlines.all()}["disclosure.publish_other"]
    assert deadline.due_date == D(2026, 12, 22)
    assert not PublishedResult.objects.filter(case=run.case).exists()
    assert "行政检查 · " not in Client().get(reverse("disclosure:results")).content.decode()
    evaluate_alerts(on=D(2026, 12, 22))
    assert not Alert.objects.filter(rule="disclosure_overdue", case=run.case).exists()
    evaluate_alerts(on=D(2026, 12, 23))
    assert Alert.objects.get(rule="disclosure_overdue", case=run.case).due_date == D(2026, 12, 22)

    run.act("approve_inspection_disclosure", "2026-12-01 09:00", user="head")
    result = PublishedResult.objects.get(case=run.case)
    assert result.status == ResultStatus.PUBLISHED and result.category == ResultCategory.INSPECTION
    assert result.publish_due == D(2026, 12, 22) and result.published_in_time is True
    assert result.decision_date == D(2026, 11, 24) and result.penalty_types == "未发现问题"
    assert result.items == [{"code": ins["item"].code, "name": "对食品经营者的监督检查"}]
    assert result.party_credit_code == ins["subject"].credit_code
    page = Client().get(reverse("disclosure:result", args=[result.pk])).content.decode()
    assert "行政检查结果" in page and "广州禾盛商贸有限公司" in page and "对食品经营者的监督检查" in page
    for detail in ("许可证有效", "陈志强", "经营者持有有效的食品经营许可证"):
        assert detail not in page
    listing = Client().get(reverse("disclosure:results")).content.decode()
    assert "行政检查 · " + result.document_number in listing
    with pytest.raises(DomainError):  # once
        run.act("approve_inspection_disclosure", "2026-12-01 09:30", user="head")


def test_natural_person_subject_is_masked_in_the_published_result_decision_0043(world, ins, runs):
    """docs/decisions/0043 (国办发〔2018〕118号, 个人信息保护): a natural person inspected is published by surname only,
    with no ID number, whatever the setting for penalty parties."""
    person = Subject.objects.create(kind="person", name="张三丰", id_number="11010519491231002X",
                                    division=world["body"].division, address="广州市天河区棠下荷光路1号")
    run = runs()
    _inspected(run, ins, subject=str(person.pk))
    run.act("notify_inspection_result", "2026-11-24 11:00", outcome="problems", findings=["销售超过保质期的食品。"])
    run.act("order_correction", "2026-11-24 11:30", problems=["下架并销毁过期食品"], deadline="2026-11-27")
    run.act("approve_inspection_disclosure", "2026-12-01 09:00", user="head")
    result = PublishedResult.objects.get(case=run.case)
    assert result.party_kind == PartyKind.PERSON and result.party_name == "张**" and result.party_credit_code == ""
    assert result.penalty_content == "发现问题，责令改正；已责令限期改正（期限2026年11月27日）"
    page = Client().get(reverse("disclosure:result", args=[result.pk])).content.decode()
    for leak in ("张三丰", "11010519491231002X", "棠下荷光路1号"):
        assert leak not in page


def _published(world, *, body, day, kind=PartyKind.ORGANISATION, code="", outcome="未发现问题", items=(),
               status=ResultStatus.PUBLISHED, category=ResultCategory.INSPECTION):
    number = f"检结〔{day.year}〕{PublishedResult.objects.count() + 1}号"
    return PublishedResult.objects.create(
        body=body, body_name=body.name, body_credit_code=body.credit_code, category=category,
        document_type="inspection_result_notice", document_number=number, party_name="某", party_kind=kind,
        party_credit_code=code, penalty_types=outcome, decision_date=day, status=status,
        published_at=at(f"{day.isoformat()} 10:00"), display_until=D(2029, 12, 31),
        items=[{"code": c, "name": n} for c, n in items])


def test_annual_statistics_inspection_table_counts_worked_by_hand_decision_0043(world):
    """The 行政检查 table of the annual statistics (办法 第四十四条; docs/decisions/0043). 2026, our body: enterprise E1
    twice (no problem; problems), E2 once (violation), a natural person once (no problem) = 4 inspections, 2 no
    problem, 1 problems, 1 violation; 2 enterprises with 3 enterprise inspections, average 3 ÷ 2 = 1.50. Not counted:
    a withdrawn one, one of 2025 (its own year), a penalty result. The other body: E1 once, average 1.00. Items: A in
    E1's two and E2's (3), B in E1's second and the person's (2), 1 for the other body's A = A 4, B 2."""
    body, other = world["body"], world["other"]
    a, b = ("330201001", "对食品经营者的监督检查"), ("330201002", "对餐饮服务提供者的监督检查")
    e1, e2 = "91440106MA5ABCDE1X", "91440106MA5ABCDE2X"
    _published(world, body=body, day=D(2026, 3, 2), code=e1, items=[a])
    _published(world, body=body, day=D(2026, 5, 6), code=e1, outcome="发现问题，责令改正", items=[a, b])
    _published(world, body=body, day=D(2026, 7, 8), code=e2, outcome="发现涉嫌违法行为，依法立案处理", items=[a])
    _published(world, body=body, day=D(2026, 8, 9), kind=PartyKind.PERSON, items=[b])
    _published(world, body=body, day=D(2026, 9, 1), code=e2, items=[a], status=ResultStatus.WITHDRAWN)
    _published(world, body=body, day=D(2025, 9, 1), code=e2, items=[a])
    _published(world, body=body, day=D(2026, 9, 2), code=e2, outcome="罚款", category=ResultCategory.PENALTY)
    _published(world, body=other, day=D(2026, 4, 1), code=e1, items=[a])

    table = inspection_statistics(year=2026)
    ours = next(r for r in table["bodies"] if r["body_id"] == body.pk)
    assert (ours["count"], ours["none"], ours["problems"], ours["violation"]) == (4, 2, 1, 1)
    assert (ours["enterprises"], ours["enterprise_visits"], ours["average"]) == (2, 3, Decimal("1.50"))
    theirs = next(r for r in table["bodies"] if r["body_id"] == other.pk)
    assert (theirs["count"], theirs["enterprises"], theirs["average"]) == (1, 1, Decimal("1.00"))
    assert [(r["code"], r["count"]) for r in table["items"]] == [(a[0], 4), (b[0], 2)]
    assert [r["count"] for r in inspection_statistics(year=2025)["bodies"]] == [1]

    page = Client().get(reverse("disclosure:statistics"), {"year": 2026}).content.decode()
    assert "行政检查" in page and "企业平均受检次数" in page and "1.50" in page
