"""Publication of the results of administrative compulsion (查封、扣押, 冻结) within 20 working days of the measure's
decision (国办发〔2018〕118号《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》
“加强事后公开”; 《广东省一体化行政执法平台管理办法》第四十五条; docs/decisions/0036).

Dates worked by hand (no holiday in November or December 2026): the measure decided on 2026-11-10 (Tue);
20 working days: 11-11 (1), 11-12 (2), 11-13 (3), 11-16..11-20 (4-8), 11-23..11-27 (9-13), 11-30 (14),
12-01..12-04 (15-18), 12-07 (19), 12-08 (20) = 2026-12-08.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from yuezhifa.disclosure import services as disclosure
from yuezhifa.disclosure.models import PublishedResult, ResultCategory, ResultStatus
from yuezhifa.discretion.tests import factories as lf
from yuezhifa.supervision.alerts import evaluate_alerts
from yuezhifa.supervision.models import Alert

from .conftest import at, store_party

_WORKED_NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """The dates of this module are worked by hand around 2026-12-01 (the 2026 arrangement entered): its clock stays
    there whatever YZF_TEST_NOW says, so the suite passes on any day."""
    with time_machine.travel(_WORKED_NOW, tick=True):
        yield


D = datetime.date
ID_NUMBER = "11010519491231002X"
PHONE = "13926470318"
ACCOUNT = "3602000109200123456"
POWER = {"power_law": "税收征收管理法", "power_article": 38}


def _seized(run, day: str):
    run.open(f"{day} 08:00", procedure="compulsion.seizure", source_kind="inspection",
             cause="涉嫌经营超过保质期的食品，需扣押", summary=["日常检查发现货架上有超过保质期的食品。"],
             party=store_party())
    run.act("approve_measure", f"{day} 09:00", user="head")
    run.act("seize", f"{day} 10:00", place="广州市天河区棠下荷光路86号首层",
            reason=f"涉嫌经营超过保质期的食品；现场负责人张小红（身份证号码{ID_NUMBER}，电话{PHONE}）在场。",
            basis=["《中华人民共和国食品安全法》第一百一十条第（四）项"],
            items=[{"name": "过期预包装食品（某品牌饼干）", "specification": "200克/袋", "quantity": "48袋"}],
            officers=run.ids("chen", "lin"), certificates_shown=True, party_notified=True, rights_told=True,
            record=["当事人法定代表人梁文斌到场，执法人员清点货架上的过期饼干48袋并予以扣押。"], signed_by="party")


def test_seizure_result_published_masked_within_20_working_days_and_alert_guidance_2018_118(run):
    """国办发〔2018〕118号: the seizure decided 2026-11-10 is due for publication on 2026-12-08 (20 working days, see
    the module docstring); the alert 执法决定逾期未公示 appears on 12-09, not on 12-08. The head's approval publishes
    it on /gongshi/ as a 行政强制 result, masked: no ID number, no phone, no other person's name."""
    _seized(run, "2026-11-10")
    deadline = run.deadlines()["disclosure.publish_other"]
    assert deadline.due_date == D(2026, 12, 8)
    evaluate_alerts(on=D(2026, 12, 8))
    assert not Alert.objects.filter(rule="disclosure_overdue").exists()
    evaluate_alerts(on=D(2026, 12, 9))
    [alert] = Alert.objects.filter(rule="disclosure_overdue")
    assert alert.due_date == D(2026, 12, 8)

    run.act("approve_compulsion_disclosure", "2026-12-01 09:00", user="head")
    result = PublishedResult.objects.get(case=run.case)
    assert result.status == ResultStatus.PUBLISHED and result.category == ResultCategory.COMPULSION
    assert result.publish_due == D(2026, 12, 8) and result.published_in_time is True
    assert result.penalty_types == "查封、扣押" and "48袋" in result.penalty_content
    assert not run.deadlines()["disclosure.publish_other"].open

    page = Client().get(reverse("disclosure:result", args=[result.pk])).content.decode()
    assert "行政强制结果" in page and "行政强制决定书文号" in page and result.document_number in page
    assert "广州禾盛商贸有限公司" in page and "过期预包装食品" in page
    for leak in (ID_NUMBER, PHONE, "张小红", "棠下荷光路86号"):
        assert leak not in page
    listing = Client().get(reverse("disclosure:results")).content.decode()
    assert "行政强制 · " + result.document_number in listing


@pytest.fixture
def tax_law(world):
    lf.article(lf.law("中华人民共和国税收征收管理法"), 38,
               "第三十八条 ……书面通知纳税人开户银行或者其他金融机构冻结纳税人的金额相当于应纳税款的存款……")


def test_freeze_result_published_without_the_account_and_withheld_for_secrets_guidance_2018_118(run, tax_law):
    """国办发〔2018〕118号: a freezing on 2026-11-10 is due for publication on 2026-12-08 (20 working days); the
    冻结决定书 is the published document, the account number never is; a case involving commercial secrets is
    withheld (《中华人民共和国政府信息公开条例》第十五条)."""
    from yuezhifa.cases import services

    data = {"cause": "逃避纳税义务转移存款", "party": store_party(), "amount_involved": "86400.00", **POWER,
            "reason": [f"当事人有转移存款的迹象，财务人员电话{PHONE}。"]}
    run.case = services.case_open(actor=run.world["users"]["chen"], procedure="compulsion.freeze", data=data,
                                  performed_at=at("2026-11-09 09:00"))
    run.act("approve_freeze", "2026-11-09 15:00", user="head", approved=True, opinion="同意冻结。", **POWER)
    run.act("freeze", "2026-11-10 10:00", bank="中国工商银行广州天河支行", account=ACCOUNT, amount="86400.00",
            not_frozen_elsewhere=True, certificates_shown=True, record=["向银行交付冻结通知书。"],
            officers=run.ids("chen", "lin"))
    assert run.deadlines()["disclosure.publish_other"].due_date == D(2026, 12, 8)
    run.act("serve_freeze_decision", "2026-11-11 10:00", served_on="2026-11-11", manner="直接送达")

    head = run.world["users"]["head"]
    secret = disclosure.preview_publication(actor=head, case=run.case, secret="commercial")
    assert not secret.publishable and "政府信息公开条例》第十五条" in secret.withheld_reason

    run.act("approve_compulsion_disclosure", "2026-12-01 09:00", user="head")
    result = PublishedResult.objects.get(case=run.case)
    assert result.status == ResultStatus.PUBLISHED and result.document_type == "freeze_decision"
    assert "86,400.00元" in result.penalty_content and result.decision_date == D(2026, 11, 10)
    page = Client().get(reverse("disclosure:result", args=[result.pk])).content.decode()
    assert "冻结存款、汇款" in page and "税收征收管理法第38条" in page
    for leak in (ACCOUNT, PHONE):
        assert leak not in page


RULING = "穗天府复决字〔2026〕118号"


def test_seizure_remedy_recorded_revoked_on_review_and_its_result_withdrawn_review_law_11_42_info_regulation_26(run):
    """强制法 第八条, 行政复议法 第十一条第（二）项: the review against the seizure of 2026-11-10 is recorded; it does not
    stop the measure (行政复议法 第四十二条): the extension stays open. A withdrawal without a result revoking the
    measure is refused (政府信息公开条例 第二十六条; 办法 第四十五条). Revoked on review, effective 2026-11-27 (Fri): the
    withdrawal is due in 3 working days, 11-30 (1), 12-01 (2), 12-02 (3) = 2026-12-02; the head withdraws on 12-01,
    naming the ruling; the result leaves /gongshi/ and only the release is left for the seized goods."""
    from yuezhifa.core.errors import DomainError

    from ..interface import case_log
    from ..procedures import PROCEDURES

    procedure = PROCEDURES["compulsion.seizure"]
    _seized(run, "2026-11-10")
    run.act("approve_compulsion_disclosure", "2026-11-12 09:00", user="head")
    result = PublishedResult.objects.get(case=run.case)
    run.act("record_remedy", "2026-11-16 10:00", kind="review", filed_on="2026-11-16")
    remedy = run.case.acts.get(code="record_remedy").seq
    assert not case_log(run.refresh()).blocked(procedure.act("extend_seizure"))  # review does not stop the measure

    with pytest.raises(DomainError) as not_overturned:
        run.act("withdraw_compulsion_disclosure", "2026-11-20 09:00", user="head", ruling=RULING,
                reason=f"已被撤销（{RULING}）。")
    assert "没有被行政复议机关或者人民法院撤销、确认违法或者确认无效" in str(not_overturned.value)
    assert "政府信息公开条例》第二十六条" in str(not_overturned.value)

    run.act("conclude_remedy", "2026-11-30 10:00", remedy_seq=remedy, concluded_on="2026-11-27", result="revoked")
    assert run.deadlines()["disclosure.withdraw"].due_date == D(2026, 12, 2)
    assert case_log(run.refresh()).blocked(procedure.act("extend_seizure"))
    with pytest.raises(DomainError) as confiscate:
        run.act("handle_seized", "2026-12-01 08:00", user="head", disposition="destroy",
                destruction_basis="《中华人民共和国食品安全法》")
    assert confiscate.value.field == "disposition" and "只能解除查封、扣押" in str(confiscate.value)
    with pytest.raises(DomainError) as unnamed:
        run.act("withdraw_compulsion_disclosure", "2026-12-01 09:00", user="head", ruling=RULING,
                reason="该扣押已被撤销。")
    assert unnamed.value.field == "reason"

    run.act("withdraw_compulsion_disclosure", "2026-12-01 09:00", user="head", ruling=RULING,
            reason=f"该扣押已被行政复议机关撤销（{RULING}）。")
    result.refresh_from_db()
    assert result.status == ResultStatus.WITHDRAWN and RULING in result.withdrawn_reason
    assert result.changed_on == D(2026, 11, 27) and result.withdraw_due == D(2026, 12, 2)
    assert result.withdrawn_in_time is True and not run.deadlines()["disclosure.withdraw"].open
    listing = Client().get(reverse("disclosure:results")).content.decode()
    assert result.document_number not in listing
    with pytest.raises(DomainError):  # not published again
        run.act("approve_compulsion_disclosure", "2026-12-01 09:30", user="head")


def test_seizure_released_after_publication_the_public_record_says_released_decision_0036(run):
    """docs/decisions/0036 补充: the seizure of 2026-11-10, published 11-12, is released on 2026-12-01 (强制法 第二十八条);
    the public record shows “已解除（2026年12月1日）”, still masked (no ID number, phone or other person's name)."""
    _seized(run, "2026-11-10")
    run.act("approve_compulsion_disclosure", "2026-11-12 09:00", user="head")
    run.act("handle_seized", "2026-12-01 09:00", user="head", disposition="release", ground="no_violation",
            returned="goods", reason="经查当事人没有违法行为。")
    result = PublishedResult.objects.get(case=run.case)
    assert result.status == ResultStatus.PUBLISHED and result.penalty_content.endswith("已解除（2026年12月1日）")
    page = Client().get(reverse("disclosure:result", args=[result.pk])).content.decode()
    assert "已解除（2026年12月1日）" in page
    for leak in (ID_NUMBER, PHONE, "张小红"):
        assert leak not in page


def test_freeze_stayed_by_the_court_may_not_be_extended_administrative_litigation_law_56(run, tax_law):
    """行政诉讼法 第五十六条, 第十二条第一款第（二）项: the suit against the freezing of 2026-11-10 does not stop it unless
    the court orders a stay; with the stay the extension is refused."""
    from yuezhifa.cases import services

    from ..interface import case_log
    from ..procedures import PROCEDURES

    data = {"cause": "逃避纳税义务转移存款", "party": store_party(), "amount_involved": "86400.00", **POWER,
            "reason": ["当事人有转移存款的迹象。"]}
    run.case = services.case_open(actor=run.world["users"]["chen"], procedure="compulsion.freeze", data=data,
                                  performed_at=at("2026-11-09 09:00"))
    run.act("approve_freeze", "2026-11-09 15:00", user="head", approved=True, opinion="同意冻结。", **POWER)
    run.act("freeze", "2026-11-10 10:00", bank="中国工商银行广州天河支行", account=ACCOUNT, amount="86400.00",
            not_frozen_elsewhere=True, certificates_shown=True, record=["向银行交付冻结通知书。"],
            officers=run.ids("chen", "lin"))
    extend = PROCEDURES["compulsion.freeze"].act("extend_freeze")
    run.act("record_remedy", "2026-11-20 10:00", kind="litigation", filed_on="2026-11-19")
    assert not case_log(run.refresh()).blocked(extend)
    run.act("record_remedy", "2026-11-25 10:00", kind="litigation", filed_on="2026-11-25", stayed=True)
    [stayed] = case_log(run.refresh()).blocked(extend)
    assert "停止执行" in stayed.message and "行政诉讼法》第五十六条" in stayed.basis
