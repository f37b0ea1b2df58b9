"""The documents the acts produce, filled from the case's log: complete runs of the procedures, each document of which
must carry its type's statutory contents (``validate_context``) and render with its number and the party's name; a
few of them printed to PDF with their Chinese text intact.
"""

import re
import subprocess

import pytest

from yuezhifa.core.errors import DomainError
from yuezhifa.documents.models import DocumentType
from yuezhifa.documents.rendering import render_html, validate_context
from yuezhifa.documents.tests.conftest import pdf_tools  # noqa: F401  (the documents app's PDF fixture)

from .. import services
from ..documents import BUILDERS, thaw
from ..engine import local_date
from ..models import Act, CaseDocument
from .conftest import store_party
from .test_penalty_procedures import PENALTIES, notify, serve

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def html_text(page: str) -> str:
    return squeeze(re.sub(r"<[^>]+>", "", page))


def documents(case) -> dict[str, list[CaseDocument]]:
    out: dict[str, list[CaseDocument]] = {}
    for doc in CaseDocument.objects.filter(case=case).select_related("act").order_by("act__seq", "created_at"):
        out.setdefault(doc.doc_type, []).append(doc)
    return out


def check_documents(case) -> dict[str, list[CaseDocument]]:
    """Every document of ``case`` has its type's contents and renders with its number and the party's name."""
    found = documents(case)
    assert found
    for code, docs in found.items():
        assert code in BUILDERS, code  # no document falls back to the act's raw fields
        doc_type = DocumentType.objects.get(code=code)
        assert doc_type.templates.exists(), code
        for doc in docs:
            context = thaw(doc.context)
            validate_context(doc_type, context)
            page = render_html(code, context, domain=case.item.domain if case.item_id else None, body=case.body,
                               on=local_date(doc.act.performed_at))
            text = html_text(page)
            number = doc.number or context.get("document_number")
            if number:
                assert squeeze(number) in text, (code, number)
            name = (context.get("party") or {}).get("name")
            if code == "service_receipt":
                name = context["recipient"]["name"]
            if name:
                assert squeeze(name) in text, (code, name)
            assert "None" not in text, code
    return found


def context_of(case, code: str, index: int = -1) -> dict:
    return thaw(documents(case)[code][index].context)


# --- the runs ------------------------------------------------------------------------------------------------------


def test_general_procedure_without_hearing(run):
    """案源 → 核查 → 立案 → 询问、检查 → 调查终结 → 审查 → 告知 → 陈述申辩 → 决定 → 送达 → 缴款 → 结案."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("investigate", "2026-09-29 09:00", kind="inquiry", subject="梁文斌", officers=run.ids("chen", "lin"),
            certificates_shown=True, place="广州市天河区市场监督管理局第二询问室",
            respondent={"name": "梁文斌", "gender": "男", "position": "法定代表人", "phone": "13926470318"},
            record=["问：涉案的鲜牛奶是什么时候购进的？", "答：2026年9月20日购进的，有进货单。",
                    "问：过期后有没有销售？", "答：卖出了10盒。"])
    run.investigated("2026-10-09 09:00")
    run.act("review", "2026-10-09 10:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-10-09 11:00", "2026-10-09")
    run.act("record_statement", "2026-10-12 09:00", content="涉案食品是店员疏忽未及时下架。", review="理由不能成立，不予采纳。")
    run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES, opinion="同意承办人意见。")
    serve(run, "2026-10-20 10:00", "2026-10-20")
    run.act("record_payment", "2026-10-26 10:00", amount="75000", paid_on="2026-10-26", receipt="粤非税00987")
    run.act("close", "2026-10-28 09:00", user="head", summary="罚款已缴清，建议结案。")
    found = check_documents(run.case)
    assert set(found) == {
        "case_source_register", "case_filing_approval", "inquiry_record", "inspection_record",
        "investigation_final_report", "penalty_advance_notice", "statement_record", "penalty_decision_approval",
        "penalty_decision", "service_receipt", "case_closing_approval", "dossier_cover", "dossier_index"}

    inquiry = context_of(run.case, "inquiry_record")
    assert inquiry["respondent"] == {"name": "梁文斌", "gender": "男", "position": "法定代表人",
                                     "phone": "13926470318", "relation": "当事人的法定代表人",
                                     "employer": "广州禾盛商贸有限公司"}
    assert inquiry["qa"][1] == {"q": "过期后有没有销售？", "a": "卖出了10盒。"}
    inspection = context_of(run.case, "inspection_record")
    assert inspection["place"] == "禾盛便利店（广州市天河区棠下荷光路86号首层）"  # where the inspected store is
    report = context_of(run.case, "investigation_final_report")
    assert report["procedure"][0].startswith("2026年9月29日，执法人员陈志强、林晓燕对梁文斌进行了询问")
    assert report["recommendation"].endswith("建议对当事人给予行政处罚。") and not report["penalties"]
    statement = context_of(run.case, "statement_record")
    assert statement["notice"]["number"] == "穗天市监罚告〔2026〕1号"
    assert statement["statements"] == ["涉案食品是店员疏忽未及时下架。"]
    approval = context_of(run.case, "penalty_decision_approval")
    assert approval["approval"]["opinion"] == "同意承办人意见。" and approval["approval"]["name"] == "head姓名"
    assert any("提出陈述、申辩" in line for line in approval["statement_summary"])
    closing = context_of(run.case, "case_closing_approval")
    assert closing["closing_reason"] == "行政处罚决定已执行完毕。"
    assert closing["performance"] == ["2026年10月26日缴纳罚款人民币75,000.00元。"]
    assert closing["decision"]["number"] == "穗天市监罚〔2026〕1号"
    index = context_of(run.case, "dossier_index")["entries"]
    assert [e["seq"] for e in index] == list(range(1, len(index) + 1))
    assert index[0]["title"] == "案件来源登记表" and index[-1]["title"] == "结案审批表"
    assert {"title": "送达回证（行政处罚决定书）", "number": "", "seq": 10} in [
        {k: e[k] for k in ("title", "number", "seq")} for e in index]
    cover = context_of(run.case, "dossier_cover")
    assert cover["retention"] == "30年" and str(cover["case"]["closed_on"]) == "2026-10-28"


def test_general_procedure_with_hearing_legal_review_and_collective_discussion(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00", goods_value="10000")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。", collective=True)
    heavy = {**PENALTIES, "fine": "150000"}
    notify(run, "2026-09-30 09:00", "2026-09-30", penalties=heavy)
    run.act("request_hearing", "2026-10-12 09:00", requested_on="2026-10-12")
    zhou = str(run.world["officers"]["zhou"].pk)
    run.act("notify_hearing", "2026-10-12 10:00", hearing_at="2026-10-21T09:00:00+08:00", location="本局听证室",
            chair=zhou)
    run.act("hold_hearing", "2026-10-21 11:00", record=["调查人员：当事人销售超过保质期的食品。", "当事人：请求从轻处罚。"],
            report="建议维持拟处罚意见。", clerk="刘佳")
    run.act("record_statement", "2026-10-21 11:30", content="请求从轻处罚。", review="复核后不予采纳。",
            speaker={"name": "郑思远", "relation": "委托代理人"})
    run.act("legal_review", "2026-10-22 10:00", user="reviewer", passed=True, opinion="程序合法，适用依据正确。")
    run.act("collective_discussion", "2026-10-22 14:00", user="head", participants=["周局长", "邱副局长"],
            record="周局长：同意承办人意见。\n邱副局长：同意。", conclusion="同意给予行政处罚。")
    run.act("decide", "2026-10-22 15:00", user="head", penalties=heavy)
    found = check_documents(run.case)
    assert {"hearing_notice", "hearing_record", "hearing_report", "legal_review_opinion",
            "collective_discussion_record", "penalty_decision_approval", "penalty_decision"} <= set(found)

    notice = context_of(run.case, "hearing_notice")
    assert notice["presider"]["name"] == "周建国" and str(notice["applied_on"]) == "2026-10-12"
    record = context_of(run.case, "hearing_record")
    assert record["clerk"] == {"name": "刘佳"} and record["place"] == "本局听证室"
    assert record["proceedings"][1] == {"speaker": "当事人", "text": "请求从轻处罚。"}
    report = context_of(run.case, "hearing_report")
    assert report["opinion"] == ["建议维持拟处罚意见。"]
    assert report["party_views"] == ["当事人：请求从轻处罚。"]  # the party's lines of the hearing record
    assert "罚款人民币150,000.00元" in report["investigator_views"][-1]
    review = context_of(run.case, "legal_review_opinion")
    assert review["document_number"] == "穗天市监法审〔2026〕1号"
    assert "第（二）项" in review["review_ground"] and review["conclusion"] == "审核通过。"
    assert review["reviewers"] == [{"name": "周建国", "qualification": "A20184401000123"}]
    discussion = context_of(run.case, "collective_discussion_record")
    assert discussion["speeches"][0] == {"name": "周局长", "opinion": "同意承办人意见。"}
    assert discussion["presider"] == {"name": "head姓名"}
    statement = context_of(run.case, "statement_record")
    assert statement["speaker"] == {"name": "郑思远", "relation": "委托代理人"}
    approval = context_of(run.case, "penalty_decision_approval")
    assert approval["legal_review"]["opinion"] == "程序合法，适用依据正确。"
    assert "集体讨论" in approval["collective_discussion"]
    assert "本机关于2026年10月21日举行了听证" in "".join(approval["statement_summary"])


def test_no_penalty_and_close(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00", proposal="no_penalty_minor",
                     circumstances=["first_violation", "slight_harm", "corrected"])
    run.act("review", "2026-09-29 15:00", user="head", outcome="no_penalty_minor", opinion="拟不予处罚。")
    run.act("decide_no_penalty", "2026-09-30 10:00", user="head", reason="初次违法且危害后果轻微并及时改正。",
            basis=["《中华人民共和国行政处罚法》第三十三条第一款"])
    serve(run, "2026-09-30 15:00", "2026-09-30", document="no_penalty_decision")
    run.act("close", "2026-10-08 09:00", user="head", summary="不予处罚，已教育当事人。")
    found = check_documents(run.case)
    assert {"no_penalty_decision", "case_closing_approval", "dossier_cover", "dossier_index"} <= set(found)
    decision = context_of(run.case, "no_penalty_decision")
    assert decision["document_number"] == "穗天市监不罚〔2026〕1号"
    assert "第三十三条第三款" in decision["education"]
    report = context_of(run.case, "investigation_final_report")
    assert "第五十七条第一款第（二）项" in report["recommendation"] and not report["penalties"]
    receipt = context_of(run.case, "service_receipt")
    assert receipt["documents"][0]["number"] == "穗天市监不罚〔2026〕1号"
    assert context_of(run.case, "case_closing_approval")["closing_reason"] == "作出不予行政处罚决定并已送达。"


def test_transfer_to_judicial_organs_and_close(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("flag_crime", "2026-09-30 10:00", reason="货值金额巨大，涉嫌生产、销售伪劣产品罪。")
    run.act("decide_transfer", "2026-10-02 09:00", user="head", approved=True, opinion="同意移送。")
    run.act("transfer", "2026-10-02 15:00", receiver="广州市公安局天河区分局", materials=["涉嫌犯罪案件移送书", "调查报告"])
    run.act("close", "2026-10-09 09:00", user="head", summary="已移送公安机关。")
    check_documents(run.case)
    transfer = context_of(run.case, "criminal_transfer")
    assert transfer["suspected_offence"] == "生产、销售伪劣产品罪"
    assert transfer["approval"]["name"] == "head姓名" and str(transfer["approval"]["on"]) == "2026-10-02"
    assert transfer["attachments"] == [{"name": "涉嫌犯罪案件移送书"}, {"name": "调查报告"}]
    closing = context_of(run.case, "case_closing_approval")
    assert closing["closing_reason"] == "案件已移送司法机关。"
    assert closing["performance"] == ["2026年10月2日将案件移送广州市公安局天河区分局。"]


def test_simple_procedure_and_close(run):
    person = {"kind": "person", "name": "何俊峰", "address": "广州市天河区建设三路118号"}
    run.open("2026-09-30 10:00", procedure="penalty.simple", source_kind="on_site")
    run.act("decide_on_spot", "2026-09-30 10:20", penalties={"fine": "50"}, item=run.world["petty"].code,
            party=person, facts="在店内销售过期食品。", violated=["食品安全法第三十四条"], basis=["食品安全法第一百二十四条"],
            officers=run.ids("chen", "lin"), certificates_shown=True, place="广州市天河区汇景广场三楼")
    run.act("collect_on_spot", "2026-09-30 10:25", amount="50", ground="small", receipt="粤财罚0012345")
    run.act("hand_over_cash", "2026-10-08 09:00", amount="50", received_by="财务科")
    run.act("report_record", "2026-10-08 09:30", note="已报备案。")
    run.act("close", "2026-10-09 09:00", summary="当场收缴，已备案。")
    found = check_documents(run.case)
    assert set(found) == {"case_source_register", "on_the_spot_decision", "dossier_index"}
    index = context_of(run.case, "dossier_index")
    assert [(e["title"], e["number"]) for e in index["entries"]] == [
        ("案件来源登记表", ""), ("当场行政处罚决定书", "穗天市监当罚〔2026〕1号")]
    assert index["case"]["number"] == "穗天市监立〔2026〕1号"


def _to_reminder(run):
    """A 2026 case whose fine was not paid: decided in January, reminded in February."""
    run.filed("2026-01-05 09:00", "2026-01-05 15:00")
    run.investigated("2026-01-12 09:00")
    run.act("review", "2026-01-12 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-01-13 09:00", "2026-01-13")
    run.act("record_statement", "2026-01-14 09:00", waived=True)
    run.act("decide", "2026-01-20 09:00", user="head", penalties=PENALTIES)
    serve(run, "2026-01-21 10:00", "2026-01-21")
    run.act("remind", "2026-02-10 10:00", served_on="2026-02-10", amount_due="80000", manner="到指定银行缴纳")


def test_court_application_and_close(run):
    _to_reminder(run)
    run.act("apply_court", "2026-07-27 10:00", user="head", court="广州铁路运输法院",
            materials=["行政处罚决定书及送达回证", "催告书及送达回证"])
    run.act("close", "2026-08-03 09:00", user="head", summary="已申请人民法院强制执行。")
    check_documents(run.case)
    reminder = context_of(run.case, "reminder")
    assert reminder["decision"]["number"] == "穗天市监罚〔2026〕1号"
    assert str(reminder["decision"]["served_on"]) == "2026-01-21"
    assert [(i["name"], i["amount"]) for i in reminder["items"]] == [("罚款", 75000), ("加处罚款", 5000)]
    assert reminder["amount"] == 80000 and reminder["statement_days"] == 3
    assert reminder["deadline"] == run.deadlines()["compulsion.reminder_wait"].due_date
    application = context_of(run.case, "court_enforcement_application")
    assert application["reminder_number"] == "穗天市监催〔2026〕1号"
    assert application["head"] == {"name": "head姓名"} and application["object_total"] == 80000
    assert application["remedy_deadline"] == run.deadlines()["remedy.litigation"].due_date
    assert "尚有罚款人民币75,000.00元未缴纳" in application["party_opinion"]
    assert context_of(run.case, "case_closing_approval")["closing_reason"] == "已申请人民法院强制执行。"


def test_enforcement_decision(run):
    _to_reminder(run)
    from yuezhifa.discretion.tests import factories as lf

    lf.article(lf.law("中华人民共和国税收征收管理法"), 40, "第四十条 ……书面通知其开户银行或者其他金融机构从其存款中扣缴税款……")
    run.act("enforce", "2026-03-16 10:00", user="head", measure="划拨存款", power_law="税收征收管理法",
            power_article=40, served_on="2026-03-16", time="2026年3月18日9时起")
    check_documents(run.case)
    decision = context_of(run.case, "enforcement_decision")
    assert decision["document_number"] == "穗天市监强执〔2026〕1号"
    assert decision["basis"][1] == "《中华人民共和国税收征收管理法》第四十条"
    assert decision["reminder"]["number"] == "穗天市监催〔2026〕1号"


def test_preservation_and_its_handling(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("approve_preservation", "2026-09-29 08:30", user="head", items=["鲜牛奶12盒", "全麦吐司面包6袋"],
            reason="可能灭失。")
    run.act("preserve_evidence", "2026-09-29 09:00", items=["鲜牛奶12盒", "全麦吐司面包6袋"], reason="可能灭失。",
            officers=run.ids("chen", "lin"))
    run.act("handle_preserved", "2026-10-09 10:00", user="head", measure="release", reason="已完成检验。")
    run.investigated("2026-10-09 11:00")
    check_documents(run.case)
    notice = context_of(run.case, "evidence_preservation_notice")
    assert notice["document_number"] == "穗天市监保〔2026〕1号"
    assert notice["items"] == [{"name": "鲜牛奶12盒"}, {"name": "全麦吐司面包6袋"}]
    assert notice["storage"] == {"place": "广州市天河区棠下荷光路86号首层"}  # no place given: the party's premises
    handling = context_of(run.case, "evidence_preservation_handling_notice")
    assert handling["preservation"] == {"number": "穗天市监保〔2026〕1号", "preserved_on": notice["preserved_on"]}
    assert {i["handling"] for i in handling["items"]} == {"解除先行登记保存"}
    report = context_of(run.case, "investigation_final_report")
    assert any("先行登记保存（穗天市监保〔2026〕1号）" in line for line in report["procedure"])


def test_deferral_payment_and_close(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True, waives_hearing=True)
    run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES)
    serve(run, "2026-10-20 10:00", "2026-10-20")
    with pytest.raises(DomainError) as garbled:
        run.act("approve_deferral", "2026-10-22 10:00", user="head", kind="instalments", until="2026-11-20",
                instalments=[{"due_on": "11月5日", "amount": "40000"}], reason="资金紧张", applied_on="2026-10-21")
    assert garbled.value.field == "instalments[0].due_on" and "分期计划第1项" in garbled.value.message
    run.act("approve_deferral", "2026-10-22 10:00", user="head", kind="instalments", until="2026-11-20",
            instalments=[{"due_on": "2026-11-05", "amount": "40000"}, {"due_on": "2026-11-20", "amount": "35000"}],
            reason="受门店装修停业影响，流动资金紧张", applied_on="2026-10-21")
    run.act("record_payment", "2026-11-05 10:00", amount="40000", paid_on="2026-11-05")
    run.act("record_payment", "2026-11-20 10:00", amount="35000", paid_on="2026-11-20")
    run.act("close", "2026-11-23 09:00", user="head", summary="分期罚款已缴清。")
    check_documents(run.case)
    deferral = context_of(run.case, "payment_deferral_decision")
    assert deferral["document_number"] == "穗天市监缓〔2026〕1号" and deferral["amount"] == 75000
    assert [(str(s["due_on"]), s["amount"]) for s in deferral["schedule"]] == [("2026-11-05", 40000),
                                                                                ("2026-11-20", 35000)]
    assert deferral["decision"]["number"] == "穗天市监罚〔2026〕1号"
    statement = context_of(run.case, "statement_record")
    assert statement["statements"] == ["当事人明确表示放弃陈述、申辩的权利。", "当事人明确表示放弃要求听证的权利。"]
    assert len(context_of(run.case, "case_closing_approval")["performance"]) == 2


def test_deferral_without_the_application_date_is_refused(run):
    """处罚法 第六十六条第二款: the decision states when the party applied; without it nothing is recorded."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES)
    serve(run, "2026-10-20 10:00", "2026-10-20")
    acts = Act.objects.filter(case=run.case).count()
    with pytest.raises(DomainError, match="当事人申请日期"):
        run.act("approve_deferral", "2026-10-22 10:00", user="head", kind="defer", until="2026-11-20",
                reason="流动资金紧张")
    assert Act.objects.filter(case=run.case).count() == acts


def test_not_filed(run):
    run.open("2026-09-28 09:00", party=store_party(), reporter="匿名举报人")
    run.act("verify_source", "2026-09-28 15:00", findings="现场核查，未发现超过保质期的食品。", conclusion="not_file",
            officers=run.ids("chen", "lin"))
    run.act("not_file", "2026-09-29 09:00", user="head", reason="举报反映的违法事实不存在。")
    check_documents(run.case)
    nonfiling = context_of(run.case, "case_nonfiling_approval")
    assert nonfiling["summary"] == ["现场核查，未发现超过保质期的食品。"]
    assert nonfiling["approval"]["opinion"] == "同意不予立案。" and nonfiling["document_number"] == "穗天市监不立〔2026〕1号"
    register = context_of(run.case, "case_source_register")
    assert register["informant"] == {"name": "匿名举报人"} and register["handlers"] == [{"name": "陈志强"}]


def test_an_inquiry_without_its_place_is_refused_naming_the_place(run):
    """询问笔录 records where the questioning took place (处罚法 第五十五条第二款)."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    with pytest.raises(DomainError) as refused:
        run.act("investigate", "2026-09-29 09:00", kind="inquiry", subject="梁文斌", record=["当事人陈述了进货情况。"],
                officers=run.ids("chen", "lin"), certificates_shown=True)
    assert refused.value.field == "place" and "询问地点" in refused.value.message
    run.act("investigate", "2026-09-29 09:00", kind="inquiry", subject="梁文斌", record=["当事人陈述了进货情况。"],
            officers=run.ids("chen", "lin"), certificates_shown=True, place="本局询问室")
    check_documents(run.case)
    # a record not kept as questions and answers is the respondent's account
    assert context_of(run.case, "inquiry_record")["qa"] == [{"q": "请如实陈述有关情况。", "a": "当事人陈述了进货情况。"}]


# --- printed ---------------------------------------------------------------------------------------------------


def pdf_text(tools, pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tools["pdftotext"], "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return squeeze(out)


def test_documents_of_a_case_print_to_pdf_with_their_chinese_text(run, pdf_tools, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    test_general_procedure_with_hearing_legal_review_and_collective_discussion(run)
    expected = {
        "legal_review_opinion": ["法制审核意见书", "穗天市监法审〔2026〕1号", "广州禾盛商贸有限公司", "审核通过。",
                                 "法律职业资格证书编号A20184401000123"],
        "hearing_notice": ["听证通知书", "穗天市监听〔2026〕1号", "2026年10月21日9时00分", "主持人：周建国"],
        "penalty_decision_approval": ["行政处罚决定审批表", "经营超过保质期的食品", "罚款人民币壹拾伍万元整",
                                      "程序合法，适用依据正确。"],
    }
    for code, phrases in expected.items():
        document = documents(run.case)[code][-1]
        pdf = services.document_pdf(document)
        assert pdf.startswith(b"%PDF-")
        text = pdf_text(pdf_tools, pdf, tmp_path)
        for phrase in phrases:
            assert squeeze(phrase) in text, (code, phrase)
        document.refresh_from_db()
        assert document.pdf_sha256
