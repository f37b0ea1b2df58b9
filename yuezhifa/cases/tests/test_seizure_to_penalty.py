"""From the seizure to the penalty and back (《中华人民共和国行政强制法》第十八条、第二十五条第一款、第二十七条;
《中华人民共和国行政处罚法》第九条第（三）项; docs/decisions/0032, 0035): goods seized with the head's approval
beforehand, a penalty case opened from the seizure (linked), the penalty decision confiscating the seized goods, and the
seizure handled by confiscation naming that penalty case within the seizure period.

Dates worked by hand: seized Monday 2026-11-02 → 30 days (第二十五条第一款, the first day not counted): 11-03 day 1 …
11-30 day 28, 12-02 day 30. The penalty runs 11-02 (opened, filed) → 11-03 (investigated, notified, statement waived)
→ 11-04 (decided); the seizure is handled on 11-05, well inside the period.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from yuezhifa.core.errors import DomainError

from .. import services
from ..models import Act, Case, CaseLink
from .conftest import Runner, at, store_party
from .test_penalty_procedures import PENALTIES, notify

D = datetime.date
pytestmark = pytest.mark.django_db

ITEMS = [{"name": "过期预包装食品（某品牌饼干）", "specification": "200克/袋", "quantity": "48袋"}]


def test_seized_goods_confiscated_by_the_penalty_decision_article_27(run, world):
    """强制法 第二十七条: the seized goods are confiscated on the penalty decision, the confiscation naming the penalty
    case (opened from the seizure, linked) by its number, within the seizure period of 第二十五条第一款."""
    seizure = run
    seizure.open("2026-11-02 08:00", procedure="compulsion.seizure", source_kind="inspection",
                 cause="涉嫌经营超过保质期的食品，需扣押", summary=["日常检查发现货架上有超过保质期的食品。"],
                 party=store_party())
    seizure.act("approve_measure", "2026-11-02 09:00", user="head", opinion="同意扣押。")  # 第十八条第（一）项
    seizure.act("seize", "2026-11-02 10:00", place="广州市天河区棠下荷光路86号首层", reason="涉嫌经营超过保质期的食品。",
                basis=["《中华人民共和国食品安全法》第一百一十条第（四）项"], items=ITEMS,
                officers=seizure.ids("chen", "lin"), certificates_shown=True, party_notified=True, rights_told=True,
                record=["当事人法定代表人梁文斌到场，执法人员清点货架上的过期饼干48袋并予以扣押。"], signed_by="party")
    assert seizure.deadlines()["compulsion.seizure"].due_date == D(2026, 12, 2)  # 11-03 day 1 … 12-02 day 30

    # the penalty case, opened from the seizure (docs/decisions/0035)
    penalty = Runner(world)
    penalty.case = services.case_open(
        actor=world["users"]["chen"], procedure="penalty.general", performed_at=at("2026-11-02 11:00"),
        data={"source_kind": "inspection", "cause": "经营超过保质期的食品",
              "summary": "扣押过期饼干后立案调查其经营行为。"}, opened_from=seizure.case.pk)
    link = CaseLink.objects.get()
    assert (link.case, link.other, link.kind) == (penalty.case, seizure.case, "opened_from")
    penalty.act("verify_source", "2026-11-02 14:00", findings="现场核实。", conclusion="file",
                officers=penalty.ids("chen", "lin"))
    penalty.act("file", "2026-11-02 15:00", user="head", item=world["item"].code, party=store_party(),
                violation_date="2026-11-02", summary=["发现超过保质期的食品。"], handlers=penalty.ids("chen", "lin"))
    # filed, not yet decided: nothing to confiscate on (第二十七条), whether named or linked
    with pytest.raises(DomainError, match="尚未作出行政处罚决定") as undecided:
        seizure.act("handle_seized", "2026-11-02 16:00", user="head", disposition="confiscate",
                    penalty_case=penalty.refresh().number)
    assert undecided.value.field == "penalty_case"
    with pytest.raises(DomainError, match="第二十七条"):
        seizure.act("handle_seized", "2026-11-02 16:00", user="head", disposition="confiscate")
    penalty.investigated("2026-11-03 09:00")
    penalty.act("review", "2026-11-03 10:00", user="head", outcome="penalty", opinion="同意。")
    notify(penalty, "2026-11-03 11:00", "2026-11-03")
    penalty.act("record_statement", "2026-11-03 16:00", waived=True)
    # the decision confiscates the seized goods as illegal property (处罚法 第九条第（三）项), valued 486.60 yuan
    penalty.act("decide", "2026-11-04 10:00", user="head", penalties=PENALTIES)
    decided = penalty.refresh()
    assert decided.stage == "decided" and decided.number
    decision = Act.objects.get(case=decided, code="decide")
    assert decision.data["penalties"]["confiscate_property"] == "486.60"

    # a confiscation rests on a penalty decision (第二十七条): a number that is no penalty case of this body is refused
    with pytest.raises(DomainError, match=r"没有案号为.*第二十七条") as unknown:
        seizure.act("handle_seized", "2026-11-05 09:00", user="head", disposition="confiscate",
                    penalty_case="天河区市场监管局立〔2026〕999号")
    assert unknown.value.field == "penalty_case"
    # left blank, the number is taken from the linked penalty case whose decision confiscates (0035)
    seizure.act("handle_seized", "2026-11-05 09:00", user="head", disposition="confiscate",
                reason="依行政处罚决定没收扣押的过期饼干48袋。")
    assert Act.objects.get(case=seizure.case, code="handle_seized").data["penalty_case"] == decided.number
    handled = seizure.refresh()
    assert handled.stage == "seizure_handled"
    deadline = seizure.deadlines()["compulsion.seizure"]
    assert not deadline.open and deadline.due_date == D(2026, 12, 2)  # handled 11-05, before the term ran out
    # the seizure's page shows the handling naming the penalty case, and the link to it
    client = Client()
    client.force_login(world["users"]["chen"])
    page = client.get(f"/cases/{handled.pk}/").content.decode()
    assert f"依法没收（行政处罚案件 {decided.number}）" in page and f"/cases/{decided.pk}/" in page


def test_the_seizure_opens_with_its_own_form_article_18(world):
    """登记案源 for 查封、扣押 (强制法 第十八条) shows the seizure's opening fields, not the penalty's 事项, and
    opens a seizure case; the seized items are typed as rows, "-" for an empty 规格 and the 备注 left off."""
    client = Client()
    client.force_login(world["users"]["chen"])
    page = client.get("/cases/new/?procedure=compulsion.seizure").content.decode()
    assert 'id="f-item"' not in page and 'value="compulsion.seizure" selected' in page
    assert 'id="f-item"' in client.get("/cases/new/").content.decode()  # the first procedure's form by default
    party = store_party()
    response = client.post("/cases/new/", {
        "procedure": "compulsion.seizure", "source_kind": "inspection", "cause": "涉嫌经营超过保质期的食品，需扣押",
        "summary": "日常检查发现货架上有超过保质期的食品。", "performed_at": "2026-11-30T09:00",
        **{f"party__{k}": v for k, v in party.items()}})
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get()
    assert case.procedure == "compulsion.seizure" and case.stage == "seizure_source"
    form = client.get(f"/cases/{case.pk}/acts/seize/").content.decode()
    assert "选填的项没有内容的填“-”" in form
