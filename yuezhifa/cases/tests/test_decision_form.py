"""The penalty decision form that knows the law (issue 15 §1; docs/decisions/0047): 裁量情节 by Chinese name,
the benchmark band (裁量试算) before submit, the legal basis from the item, confiscation amounts, one format for
amounts and clean messages.

Dates: filed 2026-09-30, notice served 10-09; the statement period is 5 working days from 10-09: 10-10 (make-up
Saturday), 10-12, 10-13, 10-14, 10-15 — so the decision may be made from 10-16 (处罚法 第四十五条、第六十二条)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from rest_framework.test import APIClient

from yuezhifa.core.errors import DomainError

from ..models import Act
from .conftest import at
from .test_penalty_procedures import notify

pytestmark = pytest.mark.django_db
MITIGATED = "主动消除或者减轻违法行为危害后果"  # code mitigated_harm: 处罚法 第三十二条第（一）项, 应当从轻或者减轻


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates(time_machine):
    time_machine.move_to(at("2026-12-01 10:00"), tick=True)


def _noticed(run):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    run.investigated("2026-10-09 09:00")
    run.act("review", "2026-10-09 10:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-10-09 11:00", "2026-10-09")


def _client(world, name):
    client = Client()
    client.force_login(world["users"][name])
    return client


# --- 裁量情节 by Chinese name (处罚法 第三十四条: the benchmark's circumstances are public and named) -----------------


def test_circumstances_by_chinese_name_through_the_api_are_stored_as_codes(run, world):
    """处罚法 第三十二条第（一）项: an officer gives the circumstance by the name the 裁量情节 page shows."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    run.investigated("2026-10-09 09:00", circumstances=[MITIGATED, "first_violation"])
    report = Act.objects.get(case=run.case, code="finish_investigation")
    assert report.data["circumstances"] == ["mitigated_harm", "first_violation"]
    timeline = _client(world, "chen").get(f"/cases/{run.case.pk}/log/{report.seq}/").content.decode()
    assert f"{MITIGATED}、初次违法" in timeline  # the timeline names them as the 裁量情节 page does

    api = APIClient()
    api.force_authenticate(world["users"]["chen"])
    response = api.post(f"/api/v1/cases/{run.case.pk}/acts/", {
        "act": "finish_investigation", "performed_at": "2026-10-09T12:00:00+08:00", "facts": ["x"],
        "evidence": ["y"], "violated": ["z"], "basis": ["w"], "circumstances": ["主动认错"],
        "proposal": "penalty", "officers": run.ids("chen", "lin")}, format="json")
    assert response.status_code == 422, response.content
    error = next(e for e in response.json()["errors"] if e["field"].startswith("circumstances"))
    assert "“主动认错”不存在或已停用" in error["message"] and MITIGATED in error["message"]


# --- 裁量试算 on the form (处罚法 第五条、第三十四条; 办法 第十三条第（五）项) ----------------------------------------------


def test_decision_form_shows_the_band_and_the_endpoint_recomputes_it(run, world):
    """The decide form shows item, tier and range; ticking 主动消除或者减轻违法行为危害后果 (第三十二条第（一）项) moves the
    band from 一般 (70,000-80,000) to 从轻 (50,000-70,000) and flags a fine of 75,000 outside it before submit."""
    _noticed(run)
    head = _client(world, "head")
    page = head.get(f"/cases/{run.case.pk}/acts/decide/").content.decode()
    assert 'id="band-panel"' in page and "罚款 70,000.00 元至 80,000.00 元" in page and "一般" in page
    assert 'value="mitigated_harm"' in page and MITIGATED in page  # ticks by Chinese name
    assert "band.js" in page

    url = f"/cases/{run.case.pk}/acts/decide/band/"
    lighter = head.get(url, {"circumstances": "mitigated_harm", "penalties__fine": "75000"}).content.decode()
    assert "从轻" in lighter and "罚款 50,000.00 元至 70,000.00 元" in lighter
    assert "data-band-flags" in lighter and "75,000.00 元" in lighter
    full = {"penalties__fine": "75000", "penalties__confiscate_income": "3200",
            "penalties__confiscate_property": "486.60"}
    plain = head.get(url, full).content.decode()
    assert "罚款 70,000.00 元至 80,000.00 元" in plain and "data-band-flags" not in plain
    # a confiscation the law requires, left blank, is flagged too (食品安全法 第一百二十四条 via the benchmark)
    assert "应当给予没收违法所得" in head.get(url, {"penalties__fine": "75000"}).content.decode()
    # the server-side check still refuses what the panel flagged (第五条: 过罚相当)
    with pytest.raises(DomainError, match="须在决定中说明理由"):
        run.act("decide", "2026-10-16 09:00", user="head", circumstances=[MITIGATED],
                penalties={"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"},
                confiscated_property="超过保质期的饼干 12 袋")
    assert _client(world, "other").get(url).status_code == 404  # another body's officer cannot read the case


def test_notice_form_shows_the_band_of_the_report(run, world):
    """告知 proposes the penalty (处罚法 第四十四条): its form shows the band for the circumstances of the report."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    run.investigated("2026-10-09 09:00", circumstances=["mitigated_harm"])
    run.act("review", "2026-10-09 10:00", user="head", outcome="penalty", opinion="同意。")
    page = _client(world, "chen").get(f"/cases/{run.case.pk}/acts/notify/").content.decode()
    assert "从轻" in page and "罚款 50,000.00 元至 70,000.00 元" in page


# --- 处罚依据 and 违反的规定 from the item --------------------------------------------------------------------------


def test_legal_basis_is_prefilled_from_the_item_when_no_act_gives_it(run, world):
    """处罚法 第五十九条第一款第（三）项: the decision states its basis; the item's 处罚依据 is offered first."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    run.act("investigate", "2026-10-09 09:00", kind="inspection", subject="禾盛便利店", record=["现场检查记录。"],
            officers=run.ids("chen", "lin"), certificates_shown=True)
    citation = world["item"].bases.get(role="penalty").provision.citation
    page = _client(world, "chen").get(f"/cases/{run.case.pk}/acts/finish_investigation/").content.decode()
    basis = re.search(r'<textarea id="f-basis"[^>]*>([^<]*)</textarea>', page)
    assert basis and citation in basis.group(1)


# --- confiscation with its amount (处罚法 第五十九条第一款第（三）项、第六十三条第一款第（二）项) -----------------------


def test_confiscation_without_an_amount_is_refused_and_the_decision_prints_it(run, world):
    """处罚法 第五十九条第一款第（三）项: a decision states the penalty; 没收 with no figure cannot be decided, and the
    decision prints the amounts (in capitals) and what property is confiscated."""
    _noticed(run)
    api = APIClient()
    api.force_authenticate(world["users"]["head"])
    response = api.post(f"/api/v1/cases/{run.case.pk}/acts/", {
        "act": "decide", "performed_at": "2026-10-16T09:00:00+08:00",
        "penalties": {"fine": "75000", "confiscate_income": True, "confiscate_property": "486.60"}}, format="json")
    assert response.status_code == 422, response.content
    error = next(e for e in response.json()["errors"] if e["field"] == "penalties.confiscate_income")
    assert "没收违法所得" in error["message"] and "数额" in error["message"]
    run.act("decide", "2026-10-16 09:00", user="head",
            penalties={"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"},
            confiscated_property="超过保质期的饼干 12 袋")
    from ..documents import render_snapshot
    from ..models import CaseDocument

    document = CaseDocument.objects.get(case=run.case, doc_type="penalty_decision")
    text = re.sub(r"<[^>]+>", "", render_snapshot(document))  # the HTML the sealed PDF is printed from
    assert "没收违法所得人民币叁仟贰佰元整" in text
    assert "没收非法财物人民币肆佰捌拾陆元陆角" in text and "超过保质期的饼干 12 袋" in text
    # 罚没款: the fine and the confiscated income are money the party pays over (75,000 + 3,200); the property is
    # confiscated in kind and is not part of the sum
    assert "以上罚没款合计人民币柒万捌仟贰佰元整" in text


# --- amounts: one format on pages, capitals in documents ---------------------------------------------------------


@pytest.mark.parametrize(("amount", "words"), [
    (Decimal("0.5"), "伍角"), (Decimal("10005.07"), "壹万零伍元零柒分"), (Decimal("60000"), "陆万元整"),
    (Decimal("100000"), "壹拾万元整"), (Decimal("0.05"), "伍分"), (Decimal("1000000.10"), "壹佰万元壹角"),
    (Decimal("20300"), "贰万零叁佰元整"),
])
def test_money_filters(amount, words):
    out = Template("{% load yzf_money %}{{ a|money }}|{{ a|money_upper }}").render(Context({"a": amount}))
    figure = f"{amount.quantize(Decimal('0.01')):,} 元"
    assert out == f"{figure}|{words}"


def test_money_filter_leaves_non_amounts_alone():
    out = Template("{% load yzf_money %}[{{ a|money }}][{{ b|money }}]").render(Context({"a": None, "b": "—"}))
    assert out == "[][—]"


# --- messages read cleanly --------------------------------------------------------------------------------------

DOUBLED = re.compile(r"[。；：，、！？]{2,}")


def _messages(procedure):
    for spec in procedure.acts:
        yield spec.code, spec.help or ""
        for guard in spec.guards:
            yield spec.code, getattr(guard, "message", "") or ""


def test_procedure_messages_have_no_doubled_punctuation():
    """Every help text and guard message of the procedures reads without "。。", "：：", "；。" and the like."""
    from ..procedures import PROCEDURES

    bad = [(p.code, code, text) for p in PROCEDURES.values() for code, text in _messages(p)
           if isinstance(text, str) and DOUBLED.search(text)]
    assert bad == []


def test_too_few_officers_names_the_required_count(run):
    """处罚法 第四十二条第一款: the message names the count the act requires, once."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    with pytest.raises(DomainError) as alone:
        run.act("investigate", "2026-10-09 09:00", kind="inspection", subject="禾盛便利店", record=["记录。"],
                officers=run.ids("chen"), certificates_shown=True)
    message = alone.value.message
    assert "至少选择2名执法人员" in message and "不得少于两人" in message and not DOUBLED.search(message)


def test_benchmark_refusal_reads_without_doubled_punctuation(run):
    """处罚法 第五条: the refusal of a fine outside the tier lists each departure once, cleanly punctuated."""
    _noticed(run)
    with pytest.raises(DomainError) as refused:
        run.act("decide", "2026-10-16 09:00", user="head",
                penalties={"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"},
                circumstances=["mitigated_harm"], confiscated_property="超过保质期的饼干 12 袋")
    assert "须在决定中说明理由" in refused.value.message and not DOUBLED.search(refused.value.message)


def test_guard_refusal_lists_each_reason_once_cleanly(run):
    """处罚法 第五十七条、第六十二条: deciding before the report and the notice is refused with every missing step, each
    with its article inside the sentence, joined without doubled punctuation."""
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    with pytest.raises(DomainError) as refused:
        run.act("decide", "2026-10-09 09:00", user="head", penalties={"fine": "75000"})
    message = refused.value.message
    assert message.startswith("现在不能办理“作出行政处罚决定”：") and message.endswith("。")
    assert not DOUBLED.search(message) and "。；" not in message
    sentences = [s for s in re.split(r"[；。]", message) if s]
    assert len(sentences) == len(set(sentences))
