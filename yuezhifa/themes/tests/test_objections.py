"""数据异议 (办法 第四十九条第一款: 行政执法主体承担质量管理和数据异议处理责任, "谁采集、谁负责"): raised, checked by the
record's body within five working days (docs/decisions/0062), corrected as a new version or rejected with reasons."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.disclosure.models import PublishedResult, ResultStatus
from yuezhifa.themes import objections
from yuezhifa.themes.models import ObjectionStatus, Record

from .quality_world import PASSWORD, make_record, qworld  # noqa: F401

D = datetime.date
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """Raised on 2026-12-01 (Tue): the check period is worked by hand on the 2026 calendar."""
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SH), tick=True):
        yield


@pytest.fixture
def record(qworld):  # noqa: F811
    return make_record(qworld, "100", content="罚款人民币5000元。", fine_amount=Decimal("5000.00"))


def _published(record) -> PublishedResult:
    return PublishedResult.objects.create(
        body=record.body, body_name=record.body_name, body_credit_code=record.body_credit_code, category="penalty",
        document_type="行政处罚决定书", document_number=record.document_number, party_name=record.party_name,
        party_kind="organisation", party_credit_code=record.party_credit_code, penalty_types="罚款",
        penalty_content=record.content, fine_amount=record.fine_amount, decision_date=record.decided_on,
        status=ResultStatus.PUBLISHED, display_until=D(2029, 9, 28), published_at=datetime.datetime(2026, 9, 29, 10, tzinfo=datetime.UTC))


def test_objection_corrected_is_a_new_version_article_49(qworld, record):  # noqa: F811
    """第四十九条: a correction is version 2 linked to the objection; version 1 stays unchanged; current flips; the
    published result follows; every step is audited."""
    w = qworld
    result = _published(record)
    objection, code = objections.raise_objection(actor=w["users"]["supervisor"], record=record,
                                                 reason="罚款金额与决定书不一致，决定书为3000元。",
                                                 fields=["fine_amount", "content"])
    assert code == "" and objection.body == w["body"] and objection.status == ObjectionStatus.PENDING
    # 5 working days after Tue 2026-12-01: 12-02 (1), 12-03 (2), 12-04 (3), 12-07 Mon (4), 12-08 (5)
    assert objection.due_on == D(2026, 12, 8) and not objection.due_provisional
    objections.correct(actor=w["users"]["reviewer"], objection=objection,
                       changes={"fine_amount": "3000", "content": "罚款人民币3000元。"}, answer="经核对决定书，予以更正。")
    objection.refresh_from_db()
    old = Record.objects.get(pk=record.pk)
    new = objection.correction
    assert objection.status == ObjectionStatus.CORRECTED
    assert (new.version, new.current, new.supersedes_id) == (2, True, record.pk)
    assert new.fine_amount == Decimal("3000.00") and new.extra["objection"] == objection.reference
    assert not old.current and old.version == 1
    assert (old.fine_amount, old.content, old.digest) == (record.fine_amount, record.content, record.digest)
    assert Record.objects.filter(record_key="100", current=True).get() == new
    result.refresh_from_db()
    assert result.fine_amount == Decimal("3000.00") and result.penalty_content == "罚款人民币3000元。"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"themes.objection.raise", "themes.record.correct", "themes.objection.correct",
            "disclosure.update"} <= actions
    with pytest.raises(DomainError):  # decided once
        objections.reject(actor=w["users"]["head"], objection=objection, answer="重复处理。")


def test_rejection_needs_reasons_article_49(qworld, record):  # noqa: F811
    """第四十九条: rejected only with reasons, which the raiser sees."""
    objection, _ = objections.raise_objection(actor=qworld["users"]["officer"], record=record, reason="当事人名称有误。")
    with pytest.raises(DomainError) as exc:
        objections.reject(actor=qworld["users"]["head"], objection=objection, answer="  ")
    assert exc.value.field == "answer"
    objections.reject(actor=qworld["users"]["head"], objection=objection, answer="经核对营业执照，名称无误。")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.REJECTED and objection.correction is None
    assert Record.objects.filter(record_key="100").count() == 1


def test_only_the_records_body_with_the_role_decides_never_the_raiser(qworld, record):  # noqa: F811
    """第四十九条 (谁采集、谁负责): another body, an officer without the role, a supervisor and the raiser may not decide."""
    w = qworld
    objection, _ = objections.raise_objection(actor=w["users"]["head"], record=record, reason="文书文号录入错误。")
    for name in ("other_head", "officer", "supervisor", "head"):  # head raised it
        with pytest.raises(NotAllowed):
            objections.correct(actor=w["users"][name], objection=objection, changes={"case_number": "X"},
                               answer="更正案件编号。")
    with pytest.raises(NotAllowed):  # another body's user cannot raise inside the platform either
        objections.raise_objection(actor=w["users"]["other_head"], record=record, reason="文书文号录入错误。")


def test_other_bodys_user_gets_403_on_the_decision_page(client, qworld, record):  # noqa: F811
    objection, _ = objections.raise_objection(actor=qworld["users"]["supervisor"], record=record, reason="金额有误的异议。")
    url = reverse("themes_quality:objection", args=[objection.pk])
    client.force_login(qworld["users"]["other_head"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "reject", "answer": "不属实。"}).status_code == 403
    client.force_login(qworld["users"]["supervisor"])  # sees it, may not decide
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "reject", "answer": "不属实。"}).status_code == 403
    client.force_login(qworld["users"]["head"])
    response = client.post(url, {"action": "reject", "answer": ""})
    assert response.status_code == 422 and "理由" in response.content.decode()
    assert client.post(url, {"action": "reject", "answer": "经核实，记录无误。"}).status_code == 302


def test_public_objection_on_a_result_and_its_outcome_by_reference_and_code(client, qworld, record):  # noqa: F811
    """第四十九条: the public raise an objection on a published result, no login; they follow it by reference number
    and verification code; no personal data is shown back."""
    result = _published(record)
    page = client.get(reverse("disclosure:result", args=[result.pk]))
    assert reverse("gongshi_yiyi:raise", args=[result.pk]) in page.content.decode()
    url = reverse("gongshi_yiyi:raise", args=[result.pk])
    bad = client.post(url, {"reason": "罚款金额有误。", "contact": ""})
    assert bad.status_code == 422 and "联系方式" in bad.content.decode()
    response = client.post(url, {"reason": "罚款金额有误，应为3000元。", "contact": "13926470318",
                                 "fields": ["fine_amount"]})
    assert response.status_code == 200
    objection = record.objections.get()
    code = response.context["code"]
    assert objection.reference in response.content.decode() and len(code) == 8
    assert objection.code_hash and code not in objection.code_hash
    objections.reject(actor=qworld["users"]["head"], objection=objection, answer="经核对决定书，金额无误，联系13926470318。")
    status_url = reverse("gongshi_yiyi:status")
    assert client.post(status_url, {"reference": objection.reference, "code": "WRONG123"}).status_code == 404
    shown = client.post(status_url, {"reference": objection.reference, "code": code.lower()})
    text = shown.content.decode()
    assert shown.status_code == 200 and "不予更正" in text and "金额无误" in text
    assert "13926470318" not in text and record.party_name not in text


def test_public_objection_form_is_rate_limited(client, settings, qworld, record):  # noqa: F811
    """The login-free objection routes have their own rate group (core.ratelimit ``objection``)."""
    settings.YZF_RATE_LIMITS = {**settings.YZF_RATE_LIMITS, "objection": "2/m"}
    result = _published(record)
    url = reverse("gongshi_yiyi:raise", args=[result.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    limited = client.post(url, {"reason": "罚款金额有误。", "contact": "13926470318"})
    assert limited.status_code == 429 and "数据异议" in limited.content.decode()
    assert not record.objections.exists()


def test_check_period_through_a_year_not_entered_is_provisional(qworld, record):  # noqa: F811
    """The five working days (docs/decisions/0062) counted through 2027 (not entered) are marked provisional."""
    with time_machine.travel(datetime.datetime(2027, 1, 20, 10, 0, tzinfo=SH), tick=True):
        objection, _ = objections.raise_objection(actor=qworld["users"]["officer"], record=record,
                                                  reason="决定日期录入错误。", fields=["decided_on"])
    # Wed 2027-01-20: 01-21 (1), 01-22 (2), 01-25 Mon (3), 01-26 (4), 01-27 (5)
    assert objection.due_on == D(2027, 1, 27) and objection.due_provisional


def test_objection_text_with_a_nul_byte_is_refused_naming_the_field_article_49(client, qworld, record):  # noqa: F811
    """第四十九条 数据异议, public and in the platform: PostgreSQL text cannot hold U+0000, so a reason, contact, name,
    query or corrected value with one is refused naming its field (before: a 500 on PostgreSQL), nothing written."""
    client.raise_request_exception = False
    result = _published(record)
    url = reverse("gongshi_yiyi:raise", args=[result.pk])
    good = {"reason": "罚款金额有误，应为3000元。", "contact": "13926470318", "raiser_name": "张三"}
    for field in ("reason", "contact", "raiser_name"):
        response = client.post(url, {**good, field: good[field][:2] + "\x00" + good[field][2:]})
        assert response.status_code == 422 and response.context["error_field"] == field, field
        assert "空字符" in response.context["error"]
    assert not record.objections.exists()
    asked = client.post(reverse("gongshi_yiyi:status"), {"reference": "YY2026\x001201", "code": "AB\x00CD"})
    assert asked.status_code == 404
    objection, _ = objections.raise_objection(actor=qworld["users"]["officer"], record=record, reason="当事人名称有误。")
    client.force_login(qworld["users"]["head"])
    page = reverse("themes_quality:objection", args=[objection.pk])
    response = client.post(page, {"action": "correct", "answer": "经核对予以更正。", "f_party_name": "广州禾盛\x00有限公司"})
    assert response.status_code == 422 and response.context["error_field"] == "party_name"
    response = client.post(page, {"action": "reject", "answer": "经核对\x00无误。"})
    assert response.status_code == 422 and response.context["error_field"] == "answer"
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING and Record.objects.filter(record_key="100").count() == 1


@pytest.mark.parametrize(("field", "value"), [
    ("fine_amount", "NaN"),  # was a 500: Decimal NaN cannot be compared
    ("fine_amount", "Infinity"),
    ("division_code", "4401"),  # 行政区划代码为六位数字
    ("division_code", "44o106"),
    ("filed_on", "2026-12-02"),  # the clock says 2026-12-01: not later than today
    ("disclosed_on", "2027-01-05"),
    ("closed_on", "2026-09-27"),  # decided 2026-09-28: a case is not closed before its decision
    ("decided_on", "2026-09-19"),  # filed 2026-09-20: not decided before it was filed
])
def test_correction_refuses_what_the_quality_check_calls_invalid_article_49(client, qworld, record, field, value):  # noqa: F811
    """第四十九条 (谁校核、谁负责): a correction may not write a value that the validity measure of decision 0062 §1
    rejects (a six-digit division code, dates not later than today and in order, a finite amount); refused naming the
    field, the record stays at version 1 and the objection pending."""
    objection, _ = objections.raise_objection(actor=qworld["users"]["supervisor"], record=record,
                                              reason="记录的数据有误，请核对。")
    client.force_login(qworld["users"]["head"])
    response = client.post(reverse("themes_quality:objection", args=[objection.pk]),
                           {"action": "correct", "answer": "经核对予以更正。", f"f_{field}": value})
    assert response.status_code == 422 and response.context["error_field"] == field
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
    assert list(Record.objects.filter(record_key="100").values_list("version", "current")) == [(1, True)]


def test_a_supervisor_reads_the_public_raisers_name_and_reason_masked(client, qworld, record):  # noqa: F811
    """第四十九条 with DESIGN §5.5 (个人信息保护法 第二十八条): the responsible body reads a public objection as raised
    (it checks it); a supervisor, who only watches, reads the raiser's name and the phone and identity numbers in the
    reason masked, as in the supervisors' list of complaints — and never the contact."""
    objection, _code = objections.raise_objection(
        actor=None, record=record, reason="我是当事人，身份证440106199001011234，电话13926470318，罚款金额有误。",
        contact="13926470318", raiser_name="梁文斌", public=True)
    url = reverse("themes_quality:objection", args=[objection.pk])
    client.force_login(qworld["users"]["supervisor"])
    text = client.get(url).content.decode()
    assert "梁文斌" not in text and "梁**" in text
    assert "440106199001011234" not in text and "13926470318" not in text and "罚款金额有误" in text
    client.force_login(qworld["users"]["head"])
    text = client.get(url).content.decode()
    assert "梁文斌" in text and "440106199001011234" in text and "13926470318" in text
