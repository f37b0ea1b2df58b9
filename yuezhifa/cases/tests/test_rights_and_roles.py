"""Rights and roles in the penalty procedure: the hearing right of 处罚法 第六十三条, the reviewer's qualification of
第五十八条第二款, the 行政处罚 item a penalty case is filed under, and the head's approval of each 先行登记保存
(第五十六条). Readings the law leaves open: docs/decisions/0027."""

import datetime

import pytest

from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.tests import factories as df
from yuezhifa.items.models import ItemType
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import CertificateFactory, OfficerFactory, UserFactory

from .conftest import store_party

pytestmark = pytest.mark.django_db


def reviewer(world, username, *, since=None, legal=""):
    """A 法制审核人员 account whose officer holds no certificate-domain duties in the case."""
    person = OfficerFactory(name=f"{username}审核员", body=world["body"], legal_qualification_no=legal,
                            legal_review_since=since)
    CertificateFactory(officer=person, valid_until=datetime.date(2029, 12, 31), domains=[world["domain"]])
    user = UserFactory(username=username, real_name=person.name, body=world["body"], officer=person,
                       roles=[(Role.LEGAL_REVIEWER, Scope.BODY)])
    world["users"][username] = user
    return user


def to_legal_review(run):
    """立案 → 调查终结 → 审查 (涉及重大公共利益: 第五十八条第一款第（一）项) → 告知 → 放弃陈述."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。", major_public_interest=True)
    run.act("notify", "2026-09-29 16:00", proposed={"fine": "75000"}, facts=["销售超过保质期的食品。"],
            reasons="一般情形。", basis=["食品安全法第一百二十四条"], served_on="2026-09-29", service_method="direct")
    run.act("record_statement", "2026-09-30 09:00", waived=True)


# --- 处罚法 第五十八条第二款 -----------------------------------------------------------------------------------------


def test_first_time_legal_reviewer_needs_the_legal_qualification_art_58_2(run):
    """处罚法 第五十八条第二款: 初次从事行政处罚决定法制审核的人员 must hold the 法律职业资格. Not 初次 (decision 0027):
    a legal review recorded on the platform, or this work done since a date before 2021-07-15."""
    world = run.world
    reviewer(world, "zhao")  # neither qualification nor experience
    late = reviewer(world, "qian", since=datetime.date(2022, 3, 1))  # began after the 2021 law: no exemption
    old = reviewer(world, "wang", since=datetime.date(2019, 3, 1))  # did this work before 2021-07-15
    to_legal_review(run)
    for name in ("zhao", "qian"):
        with pytest.raises(DomainError) as refused:
            run.act("legal_review", "2026-09-30 10:00", user=name, passed=True, opinion="同意。")
        assert refused.value.field == "actor"
        assert "第五十八条第二款" in refused.value.message and "法律职业资格" in refused.value.message
    run.act("legal_review", "2026-09-30 10:00", user="wang", passed=False, opinion="证据不足，退回补充。")
    # The experience date struck off: his legal review on the platform still shows he is not reviewing for the
    # first time.
    old.officer.legal_review_since = None
    old.officer.save()
    run.act("collect_evidence", "2026-09-30 10:30", kind="documentary", title="进货单据", officers=run.ids("chen", "lin"))
    run.act("resubmit", "2026-09-30 10:40", amendments="补充进货单据。")  # the failed review returned the case (0046)
    run.act("legal_review", "2026-09-30 11:00", user="wang", passed=True, opinion="同意。")
    assert late.officer.may_review_first_time is False


# --- the item a penalty case is filed under -----------------------------------------------------------------------


def test_penalty_case_only_under_a_penalty_item_art_4(run):
    """处罚法 第四条；办法 第五十四条: a penalty case is filed (and decided on the spot, and registered with an item)
    only under a 行政处罚 item, never under an inspection item."""
    inspection = df.item(name="对食品经营者的监督检查", type=ItemType.INSPECTION)
    with pytest.raises(DomainError) as at_source:
        run.open("2026-09-28 09:00", item=inspection.code)
    assert at_source.value.field == "item" and "第四条" in at_source.value.message
    run.open("2026-09-28 09:00")
    run.act("verify_source", "2026-09-28 10:00", findings="现场核实。", conclusion="file",
            officers=run.ids("chen", "lin"))
    filing = {"party": store_party(), "violation_date": "2026-09-28", "summary": ["发现超过保质期的食品。"],
              "handlers": run.ids("chen", "lin")}
    with pytest.raises(DomainError) as at_filing:
        run.act("file", "2026-09-28 15:00", user="head", item=inspection.code, **filing)
    assert at_filing.value.field == "item" and "行政检查" in at_filing.value.message
    run.act("file", "2026-09-28 15:00", user="head", item=run.world["item"].code, **filing)

    run.open("2026-09-30 10:00", procedure="penalty.simple", source_kind="on_site")
    with pytest.raises(DomainError) as on_spot:
        run.act("decide_on_spot", "2026-09-30 10:20", item=inspection.code, penalties={"fine": "50"},
                party={"kind": "person", "name": "何俊峰"}, facts="销售过期食品。", violated=["食品安全法第三十四条"],
                basis=["食品安全法第一百二十四条"], officers=run.ids("chen", "lin"), certificates_shown=True,
                place="广州市天河区棠下")
    assert on_spot.value.field == "item" and "第四条" in on_spot.value.message


# --- 处罚法 第六十三条 ---------------------------------------------------------------------------------------------

SMALL = {"fine": "1000", "confiscate_income": "3200", "confiscate_property": "486.60", "suspend_licence": True}


@pytest.mark.parametrize(("kind", "penalties", "other", "grounds"), [
    # below every threshold; 暂扣许可证件 is not in item (三), which names only 降低资质等级、吊销许可证件
    ("organisation", SMALL, "", []),
    ("organisation", SMALL, "heavier", ["第（五）项 其他较重的行政处罚"]),
    ("organisation", SMALL, "rule", ["第（六）项 法律、法规、规章规定的其他情形"]),
    # at the organisation's 较大数额 of illegal income (100,000, configurable)
    ("organisation", {**SMALL, "confiscate_income": "100000"}, "",
     ["第（二）项 没收较大数额违法所得、没收较大价值非法财物"]),
    ("organisation", {**SMALL, "confiscate_property": "99999.99"}, "", []),
    # the citizen's figures are 5,000
    ("person", {**SMALL, "confiscate_property": "5000"}, "", ["第（二）项 没收较大数额违法所得、没收较大价值非法财物"]),
    ("person", {**SMALL, "confiscate_income": "4999.99"}, "", []),
    # an act recorded before amounts were asked for: imposed, amount unknown, not counted as large
    ("person", {"confiscate_income": True, "confiscate_property": True}, "", []),
    ("person", {"fine": "5000", "revoke_licence": True}, "",
     ["第（一）项 较大数额罚款", "第（三）项 降低资质等级、吊销许可证件"]),
])
def test_hearing_right_items_of_art_63(db, kind, penalties, other, grounds):
    """处罚法 第六十三条第一款: which items the proposed penalties fall under. Old code: a fine of 1,000 with both
    confiscations of whatever amount and a licence suspension gave no hearing right, and there was no item (五)/(六)."""
    from ..procedures.penalty_facts import hearing_grounds

    assert hearing_grounds(kind, penalties, other) == grounds


def test_large_confiscation_gives_the_hearing_right_and_the_documents_print_the_amounts_art_63(run, client):
    """处罚法 第六十三条第一款第（二）项: a 75,000 yuan fine (below the organisation's 100,000), 120,000 yuan of
    illegal income and 486.60 yuan of goods confiscated: the organisation has the right to a hearing, and the advance
    notice and the decision print what is confiscated (第五十九条第一款第（三）项), never a bare “没收违法所得”."""
    from yuezhifa.documents.rendering import render_html

    from ..engine import local_date
    from ..models import Act
    from .test_documents import context_of, html_text

    proposed = {"fine": "75000", "confiscate_income": "120000", "confiscate_property": "486.60"}
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    with pytest.raises(DomainError) as no_reason:
        run.act("notify", "2026-09-30 09:00", proposed=SMALL, facts=["销售超过保质期的食品。"], reasons="一般情形。",
                basis=["食品安全法第一百二十四条"], served_on="2026-09-30", service_method="direct",
                hearing_other="heavier")
    assert no_reason.value.field == "hearing_other_reason"
    run.act("notify", "2026-09-30 09:00", proposed=proposed, facts=["销售超过保质期的食品。"], reasons="一般情形。",
            basis=["食品安全法第一百二十四条"], served_on="2026-09-30", service_method="direct")
    notice = Act.objects.get(case=run.case, code="notify").data
    assert notice["hearing_rights"] is True
    assert notice["hearing_grounds"] == ["第（二）项 没收较大数额违法所得、没收较大价值非法财物"]
    client.force_login(run.world["users"]["chen"])
    page = client.get(f"/cases/{run.case.pk}/").content.decode()
    assert "告知听证权利：《中华人民共和国行政处罚法》第六十三条第一款第（二）项 没收较大数额违法所得" in page
    # 5 working days from 9-30: 10-8, 10-9, 10-10 (make-up Saturday), 10-12, 10-13.
    assert {d.key: d.due_date for d in run.case.deadlines.all()}["penalty.hearing_request"] == datetime.date(2026, 10, 13)
    run.act("record_statement", "2026-10-08 09:00", waived=True, waives_hearing=True)
    run.act("decide", "2026-10-08 10:00", user="head", penalties=proposed)
    for code in ("penalty_advance_notice", "penalty_decision"):
        context = context_of(run.case, code)
        text = html_text(render_html(code, context, domain=run.case.item.domain, body=run.case.body,
                                     on=local_date(Act.objects.get(case=run.case, code="decide").performed_at)))
        assert "没收违法所得人民币" in text and "¥120,000.00" in text, code
        assert "没收非法财物人民币" in text and "¥486.60" in text, code
        assert "没收违法所得；" not in text and "没收非法财物；" not in text, code


# --- 处罚法 第五十六条 ---------------------------------------------------------------------------------------------


def test_each_preservation_is_approved_by_the_head_and_handled_on_its_own_art_56(run):
    """处罚法 第五十六条: 先行登记保存 “经行政机关负责人批准” — the head's own act, not a name typed by the officers —
    and each preservation is handled within its own 7 working days; a handling decision ends only the one it names."""
    from ..models import Act
    from .test_documents import context_of

    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    preserve = {"reason": "可能灭失。", "officers": run.ids("chen", "lin")}
    with pytest.raises(DomainError, match="第五十六条"):
        run.act("preserve_evidence", "2026-09-29 09:00", items=["鲜牛奶12盒"], approved_by="黄立新", **preserve)
    run.act("approve_preservation", "2026-09-29 08:30", user="head", items=["鲜牛奶12盒"], reason="可能灭失。")
    run.act("approve_preservation", "2026-09-29 08:40", user="head", items=["全麦吐司面包6袋"], reason="可能灭失。")
    first = run.act("preserve_evidence", "2026-09-29 09:00", items=["鲜牛奶12盒"], **preserve)
    with pytest.raises(DomainError) as used:
        run.act("preserve_evidence", "2026-09-30 09:00", items=["全麦吐司面包6袋"], approval_seq=first.data["approval_seq"],
                **preserve)
    assert used.value.field == "approval_seq"
    second = run.act("preserve_evidence", "2026-09-30 09:00", items=["全麦吐司面包6袋"], **preserve)
    approvals = [a.seq for a in Act.objects.filter(case=run.case, code="approve_preservation").order_by("seq")]
    assert [first.data["approval_seq"], second.data["approval_seq"]] == approvals
    notice = context_of(run.case, "evidence_preservation_notice")
    assert notice["approved_by"] == "head姓名" and str(notice["approved_on"]) == "2026-09-29"

    deadlines = run.deadlines()
    # 7 working days from 9-29: 9-30, 10-8, 10-9, 10-10 (make-up Saturday), 10-12, 10-13, 10-14.
    assert deadlines["penalty.preservation"].due_date == datetime.date(2026, 10, 14)
    # 7 working days from 9-30: 10-8, 10-9, 10-10, 10-12, 10-13, 10-14, 10-15.
    assert deadlines[f"penalty.preservation#{second.seq}"].due_date == datetime.date(2026, 10, 15)
    with pytest.raises(DomainError) as which:
        run.act("handle_preserved", "2026-10-09 10:00", user="head", measure="release", reason="已完成检验。")
    assert which.value.field == "preservation_seq"
    run.act("handle_preserved", "2026-10-09 10:00", user="head", measure="release", reason="已完成检验。",
            preservation_seq=first.seq)
    deadlines = run.deadlines()
    assert not deadlines["penalty.preservation"].open and deadlines[f"penalty.preservation#{second.seq}"].open
    handling = context_of(run.case, "evidence_preservation_handling_notice")
    assert [i["name"] for i in handling["items"]] == ["鲜牛奶12盒"]
    with pytest.raises(DomainError, match="先行登记保存的证据尚未作出处理决定"):
        run.investigated("2026-10-09 11:00")
    run.act("handle_preserved", "2026-10-09 11:00", user="head", measure="return", reason="已检验合格。")  # the last one
    assert not run.deadlines()[f"penalty.preservation#{second.seq}"].open
    run.investigated("2026-10-09 11:30")
