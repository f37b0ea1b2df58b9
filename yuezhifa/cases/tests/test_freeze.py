"""冻结存款、汇款 (《中华人民共和国行政强制法》第二十九条至第三十三条; docs/decisions/0033): only a body a law empowers,
the head's approval, the notice to the bank, the decision handed to the party within three working days, the thirty
days and their one extension, the release or the lapse at the end of the term, and the alert when the decision is late.

Dates worked by hand on the 2026 arrangement entered in core.calendar: 中秋 9-25..9-27, 国庆 10-01..10-07 (holidays),
10-08 (Thu) and 10-09 (Fri) ordinary working days, 10-10 (Sat) a make-up working day.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.tests import factories as lf

from .. import services
from ..interface import case_log
from ..procedures.freeze import freeze_status
from .conftest import at, store_party

D = datetime.date
POWER = {"power_law": "税收征收管理法", "power_article": 38}


@pytest.fixture(autouse=True)
def tax_law(world):
    """The law that grants a tax office the power to freeze (税收征收管理法 第三十八条), in the library."""
    lf.article(lf.law("中华人民共和国税收征收管理法"), 38,
               "第三十八条 ……书面通知纳税人开户银行或者其他金融机构冻结纳税人的金额相当于应纳税款的存款……")


def _open(run, when: str, **changes):
    data = {"cause": "逃避纳税义务转移存款", "party": store_party(), "reason": ["当事人有转移存款的迹象。"],
            "amount_involved": "86400.00", **POWER, **changes}
    run.case = services.case_open(actor=run.world["users"]["chen"], procedure="compulsion.freeze", data=data,
                                  performed_at=at(when))
    return run.case


def _frozen(run, day: str):
    """Opened and approved the day before, frozen on ``day`` at 10:00 (the 冻结通知书 to the bank)."""
    before = (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()
    _open(run, f"{before} 09:00")
    run.act("approve_freeze", f"{before} 15:00", user="head", approved=True, opinion="同意冻结。", **POWER)
    run.act("freeze", f"{day} 10:00", bank="中国工商银行广州天河支行", account="3602000109200123456",
            amount="86400.00", not_frozen_elsewhere=True, certificates_shown=True, record=["向银行交付冻结通知书。"],
            officers=run.ids("chen", "lin"))


def test_freeze_needs_a_power_granted_by_law_article_29(run):
    """强制法 第二十九条第一款: only a body a law names may freeze; the law and article are checked in the library."""
    with pytest.raises(DomainError) as no_law:
        _open(run, "2026-09-28 09:00", power_law="广东省不存在的条例")
    assert no_law.value.field == "power_law"
    with pytest.raises(DomainError) as no_article:
        _open(run, "2026-09-28 09:00", power_article=4000)
    assert no_article.value.field == "power_article"
    _open(run, "2026-09-28 09:00")
    with pytest.raises(DomainError) as unapproved_power:
        run.act("approve_freeze", "2026-09-28 15:00", user="head", approved=True, opinion="同意。",
                **{**POWER, "power_law": "广东省不存在的条例"})
    assert unapproved_power.value.field == "power_law"
    run.act("approve_freeze", "2026-09-28 15:00", user="head", approved=True, opinion="同意冻结。", **POWER)
    with pytest.raises(DomainError) as too_much:
        run.act("freeze", "2026-09-29 10:00", bank="工行天河支行", account="1", amount="90000.00",
                not_frozen_elsewhere=True, certificates_shown=True, record=["记录。"], officers=run.ids("chen", "lin"))
    assert too_much.value.field == "amount" and "第二十九条第二款" in too_much.value.message


def test_freeze_decision_within_three_working_days_extension_and_release_articles_31_32_33(run):
    """强制法 第三十一条 (three working days across 国庆), 第三十二条 (thirty days, one extension of at most thirty,
    before expiry), 第三十三条 (release on a ground, notices to the bank and the party)."""
    _frozen(run, "2026-09-29")
    deadlines = run.deadlines()
    # 3 working days from 9-29: 9-30 (1); 10-01..10-07 国庆; 10-08 (2); 10-09 (3) = 2026-10-09
    assert deadlines["compulsion.freeze_notice"].due_date == D(2026, 10, 9)
    # 30 days from 9-29: 9-30 is day 1 … 10-29 is day 30
    assert deadlines["compulsion.freeze"].due_date == D(2026, 10, 29)
    assert run.case.documents.filter(doc_type="freeze_notice").exists()

    with pytest.raises(DomainError) as backdated:
        run.act("serve_freeze_decision", "2026-10-09 16:00", served_on="2026-09-28")
    assert backdated.value.field == "served_on"
    with pytest.raises(DomainError) as ahead:
        run.act("serve_freeze_decision", "2026-10-09 16:00", served_on="2026-10-10")
    assert ahead.value.field == "served_on"
    # served on the last day, recorded the next working day (the make-up Saturday): on time
    run.act("serve_freeze_decision", "2026-10-10 09:00", served_on="2026-10-09", manner="直接送达")
    notice = run.deadlines()["compulsion.freeze_notice"]
    assert not notice.open and notice.met_at.date() <= D(2026, 10, 9)

    run.act("extend_freeze", "2026-10-26 10:00", user="head", days=30, reason="关联账户资金往来尚待核实。")
    # 10-29 + 30 days = 11-28
    assert run.deadlines()["compulsion.freeze"].due_date == D(2026, 11, 28)
    with pytest.raises(DomainError) as twice:
        run.act("extend_freeze", "2026-11-20 10:00", user="head", days=5, reason="再次延长。")
    assert "第三十二条" in twice.value.message

    with pytest.raises(DomainError) as not_expired:
        run.act("release_freeze", "2026-11-02 10:00", user="head", ground="expired", explanation="期限届满。")
    assert not_expired.value.field == "ground"
    run.act("release_freeze", "2026-11-02 10:00", user="head", ground="decided", explanation="当事人已缴清税款。")
    case = run.refresh()
    assert case.stage == "released" and not run.deadlines()["compulsion.freeze"].open
    assert {"freeze_release_decision", "freeze_release_notice"} <= set(
        case.documents.values_list("doc_type", flat=True))
    assert freeze_status(case_log(case)) == "released"


def test_freeze_lapses_at_the_end_of_the_term_and_a_late_decision_raises_an_alert_articles_31_33(run):
    """强制法 第三十三条第三款: without a decision the bank releases from the end of the term, and the case reads the
    measure as released without an act; 第三十一条: no decision handed over by the third working day is an alert."""
    from yuezhifa.supervision.alerts import evaluate_alerts
    from yuezhifa.supervision.models import Alert

    _frozen(run, "2026-09-29")
    evaluate_alerts(on=D(2026, 10, 9))  # the last day of the three working days: no alert yet
    assert not Alert.objects.filter(case=run.case, rule="freeze_notice_overdue").exists()
    evaluate_alerts(on=D(2026, 10, 10))
    alert = Alert.objects.get(case=run.case, rule="freeze_notice_overdue")
    assert "第三十一条" in alert.message and alert.state == "open"

    page = Client()
    page.force_login(run.world["users"]["chen"])
    shown = page.get(f"/cases/{run.case.pk}/")
    assert shown.status_code == 200 and "冻结存款、汇款" in shown.content.decode()

    assert freeze_status(case_log(run.case, as_of=at("2026-10-29 18:00"))) == "frozen"
    assert freeze_status(case_log(run.case, as_of=at("2026-10-30 09:00"))) == "lapsed"
    with pytest.raises(DomainError) as after_expiry:
        run.act("extend_freeze", "2026-10-30 09:00", user="head", days=10, reason="情况复杂。")
    assert "第三十二条第一款" in after_expiry.value.message
