"""The officer's pages of the case platform (办案): lists, the case page, the act forms generated from the acts' fields,
documents and evidence. Each test posts or reads as a person of the world in conftest.py."""

import datetime
import hashlib
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yuezhifa.cases.models import Act, Case, Evidence

from .conftest import store_party

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    """A 1×1 PNG: a real image, so the upload is sniffed as image/png."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def ago(**delta) -> str:
    """A moment before now, as Runner.act takes it."""
    return (timezone.localtime() - datetime.timedelta(**delta)).strftime("%Y-%m-%d %H:%M")


def local_input(text: str) -> str:
    return text.replace(" ", "T")


@pytest.fixture
def as_user(world):
    """A logged-in client of its own for each person (so two people can hold pages at once)."""
    def login(name):
        client = Client()
        client.force_login(world["users"][name])
        return client

    return login


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def page_of(response) -> str:
    return response.content.decode()


# --- lists --------------------------------------------------------------------------------------------------------


def test_login_is_required(client):
    response = client.get("/cases/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_todo_lists_own_cases_and_not_another_bodys(run, world, as_user):
    mine = run.open("2026-09-28 09:00", cause="销售过期饼干")
    theirs = run.__class__(world).open("2026-09-28 09:00", user="other", cause="深圳某店无照经营")
    assert theirs.body == world["other"]
    page = page_of(as_user("chen").get("/cases/"))
    assert "销售过期饼干" in page and f"/cases/{mine.pk}/" in page
    assert "深圳某店无照经营" not in page
    assert 'href="/cases/"' in page  # the 办案 section in the navigation
    page = page_of(as_user("other").get("/cases/"))
    assert "深圳某店无照经营" in page and "销售过期饼干" not in page


def test_todo_marks_overdue_cases(run, as_user):
    run.open("2026-01-05 09:00", cause="早已超期的案源")  # 立案期限 (15 working days) long past
    page = page_of(as_user("chen").get("/cases/"))
    assert "due-overdue" in page and "已逾期" in page


def test_all_cases_search_and_stage_filter(run, as_user):
    run.open("2026-09-28 09:00", cause="销售过期饼干")
    client = as_user("chen")
    assert "销售过期饼干" in page_of(client.get("/cases/all/?q=饼干"))
    assert "销售过期饼干" not in page_of(client.get("/cases/all/?q=牛奶"))
    assert "销售过期饼干" in page_of(client.get("/cases/all/?stage=source"))
    assert "销售过期饼干" not in page_of(client.get("/cases/all/?stage=decided"))


def test_head_sees_the_approval_queue_and_officer_does_not(run, world, as_user):
    run.open("2026-09-28 09:00", cause="待立案审批的案源")
    run.act("verify_source", "2026-09-28 10:00", findings="现场核实。", conclusion="file",
            officers=run.ids("chen", "lin"))
    assert run.refresh().waiting_role == "head"
    page = page_of(as_user("head").get("/cases/approvals/"))
    assert "待立案审批的案源" in page and "待审批" in page
    assert as_user("chen").get("/cases/approvals/").status_code == 404
    assert as_user("head").get("/cases/legal-review/").status_code == 404
    reviewer = page_of(as_user("reviewer").get("/cases/legal-review/"))
    assert "待法制审核" in reviewer and "待立案审批的案源" not in reviewer  # waiting for the head, not for review
    assert "待审批" not in page_of(as_user("chen").get("/cases/"))


def test_pagination(run, as_user):
    for n in range(23):
        run.open("2026-09-28 09:00", cause=f"案源{n:02d}")
    client = as_user("chen")
    first, second = page_of(client.get("/cases/")), page_of(client.get("/cases/?page=2"))
    assert first.count('<a class="case-card') == 20 and second.count('<a class="case-card') == 3
    assert "第 1 / 2 页" in first


# --- opening a case -------------------------------------------------------------------------------------------------


def test_register_source_form_opens_the_case(world, as_user):
    client = as_user("chen")
    form = page_of(client.get("/cases/new/"))
    for name in ('name="procedure"', 'name="source_kind"', 'name="cause"', 'name="party__name"',
                 'name="party__kind"', 'name="performed_at"'):
        assert name in form
    response = client.post("/cases/new/", {
        "procedure": "penalty.general", "source_kind": "complaint", "cause": "销售过期牛奶",
        "summary": "群众来电投诉。", "party__kind": "organisation", "party__name": "某某超市",
        "performed_at": "2026-11-02T09:30"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.cause == "销售过期牛奶" and case.parties.get().name == "某某超市"
    assert timezone.localtime(case.registered_at).strftime("%Y-%m-%d %H:%M") == "2026-11-02 09:30"


def test_register_source_errors_name_the_field_and_write_nothing(world, as_user):
    response = as_user("chen").post("/cases/new/", {
        "procedure": "penalty.general", "source_kind": "complaint", "cause": "", "summary": "x",
        "party__kind": "person", "party__name": "张三", "party__credit_code": store_party()["credit_code"],
        "performed_at": "2026-11-02T09:30"})
    assert response.status_code == 422
    page = page_of(response)
    assert 'id="f-cause-error"' in page
    assert 'id="f-party__credit_code-error"' in page and "公民不填写统一社会信用代码" in page
    assert 'value="张三"' in page  # input kept
    assert not Case.objects.exists()


# --- the case page --------------------------------------------------------------------------------------------------


def test_case_page_shows_header_deadlines_timeline_and_next_acts(run, world, as_user):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    case = run.refresh()
    page = page_of(as_user("chen").get(f"/cases/{case.pk}/"))
    assert case.number in page and "经营超过保质期的食品" in page
    assert "广州禾盛商贸有限公司" in page and world["item"].name in page
    assert "立案调查" in page  # the stage
    assert "13926470318" not in page  # the party's phone never shown in full
    # deadlines, with basis and explanation
    assert "作出行政处罚决定" in page or "penalty.decide" not in page
    assert "计算说明" in page and "届满日" in page
    # timeline: seq, names, officers, back entry
    assert "案源登记" in page and "案源核查" in page and "立案" in page
    assert "陈志强" in page and "事后补录" in page
    # next acts: what the officer can do, what needs the head, what is blocked and why
    assert f"/cases/{case.pk}/acts/investigate/" in page
    assert f"/cases/{case.pk}/acts/recuse/" not in page  # the head's act is not a button for the officer
    assert "须由行政机关负责人办理" in page
    assert "调查终结" in page and "须先完成“调查取证（询问、检查）”" in page


def test_case_of_another_body_is_404(run, as_user):
    run.open("2026-09-28 09:00")
    assert as_user("other").get(f"/cases/{run.case.pk}/").status_code == 404
    assert as_user("other").get(f"/cases/{run.case.pk}/acts/verify_source/").status_code == 404
    assert as_user("supervisor").get(f"/cases/{run.case.pk}/").status_code == 404


def _case_page_queries(client, case) -> int:
    client.get(f"/cases/{case.pk}/")  # warm the per-process caches (calendar rules, templates)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_case_page_query_count_does_not_grow_with_the_log(run, world, as_user):
    from .conftest import Runner

    def case_with(n, cause):
        runner = Runner(world)
        runner.filed("2026-09-28 09:00", "2026-09-30 10:00")
        for i in range(n):
            runner.act("collect_evidence", "2026-10-02 09:00", kind="documentary", title=f"{cause}证据{i}",
                       officers=runner.ids("chen", "lin"))
        return runner.refresh()

    client = as_user("chen")
    short, long = case_with(5, "甲"), case_with(25, "乙")
    assert long.version == short.version + 20
    counted = _case_page_queries(client, long)
    assert counted == _case_page_queries(client, short)
    assert counted <= 20, counted  # 14 today: session, user, roles, the case, its log, parties, evidence, ...


# --- the act forms --------------------------------------------------------------------------------------------------


def test_act_forms_are_generated_from_the_acts_fields(run, world, as_user):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    run.investigated("2026-10-09 09:00")
    pk = run.case.pk
    chen = as_user("chen")
    investigate = page_of(chen.get(f"/cases/{pk}/acts/investigate/"))
    assert '<select id="f-kind" name="kind"' in investigate  # ChoiceField
    assert '<textarea id="f-record" name="record"' in investigate  # list of paragraphs, one per line
    assert 'type="checkbox" id="f-certificates_shown"' in investigate  # BooleanField
    assert f'name="officers" value="{world["officers"]["lin"].pk}"' in investigate  # the body's officers
    assert "黄过期" not in investigate  # no valid certificate: not offered (处罚法 第四十二条)
    assert 'type="file"' in investigate and 'capture="environment"' in investigate and "multiple" in investigate
    assert 'accept="image/*,application/pdf,video/*,audio/*"' in investigate
    assert "data-geo" in investigate and 'name="latitude"' in investigate  # on-site act
    assert f'name="version" value="{run.refresh().version}"' in investigate
    assert 'type="datetime-local" id="f-performed_at"' in investigate

    head = as_user("head")
    review = page_of(head.get(f"/cases/{pk}/acts/review/"))
    assert 'name="outcome"' in review and 'name="collective"' in review
    run.act("review", "2026-10-09 10:00", user="head", outcome="penalty", opinion="同意处罚。")
    notify = page_of(chen.get(f"/cases/{pk}/acts/notify/"))
    assert '<fieldset class="act-fieldset' in notify and "拟作出的行政处罚" in notify
    assert 'name="proposed__fine"' in notify and 'step="0.01"' in notify  # DecimalField in a fieldset
    assert 'name="proposed__warning"' in notify
    assert 'type="date" id="f-served_on"' in notify  # DateField
    assert "销售超过保质期的食品。" in notify  # facts carried from 调查终结
    assert "data-geo" not in notify and 'type="file"' not in notify
    decide = page_of(head.get(f"/cases/{pk}/acts/decide/"))
    assert 'name="penalties__fine"' in decide and 'name="amounts__goods_value"' in decide
    assert "现在还不能办理" in decide and "第六十二条" in decide  # blocked now: shown before posting
    hearing = page_of(chen.get(f"/cases/{pk}/acts/notify_hearing/"))
    assert 'type="datetime-local" id="f-hearing_at"' in hearing and '<select id="f-chair" name="chair"' in hearing
    extend = page_of(head.get(f"/cases/{pk}/acts/extend_decision/"))
    assert 'type="number" id="f-days"' in extend and 'min="1"' in extend


def test_officer_cannot_use_a_heads_form(run, as_user):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    page = page_of(as_user("chen").get(f"/cases/{run.case.pk}/acts/recuse/"))
    assert "须由行政机关负责人办理" in page and "<form method=\"post\" class=\"act-form\"" not in page
    response = as_user("chen").post(f"/cases/{run.case.pk}/acts/recuse/", {"version": run.case.version})
    assert response.status_code == 403


def _verify_post(run, **extra):
    return {"findings": "现场核实，情况属实。", "conclusion": "file", "officers": run.ids("chen", "lin"),
            "version": run.refresh().version, "performed_at": local_input(ago(minutes=5)), **extra}


def test_posting_an_act_records_it(run, as_user):
    run.open(ago(hours=2))
    response = as_user("chen").post(f"/cases/{run.case.pk}/acts/verify_source/", _verify_post(run))
    assert response.status_code == 302 and response["Location"].endswith("#act-2")
    act = Act.objects.get(case=run.case, seq=2)
    assert act.code == "verify_source" and act.data["conclusion"] == "file"
    assert {o["name"] for o in act.officers} == {"陈志强", "林晓燕"}


def test_future_time_is_refused_next_to_the_time_and_nothing_written(run, as_user):
    run.open(ago(hours=2))
    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = as_user("chen").post(f"/cases/{run.case.pk}/acts/verify_source/",
                                    _verify_post(run, performed_at=future))
    assert response.status_code == 422
    page = page_of(response)
    assert 'id="f-performed_at-error"' in page and "实施时间不能晚于当前时间" in page
    assert "现场核实，情况属实。" in page  # input kept
    assert Act.objects.filter(case=run.case).count() == 1


def test_stale_version_is_a_conflict_and_nothing_written(run, as_user):
    run.open(ago(hours=2))
    data = _verify_post(run, version=0)  # the page was built before 案源登记 was recorded
    response = as_user("chen").post(f"/cases/{run.case.pk}/acts/verify_source/", data)
    assert response.status_code == 409
    assert "案件已被他人更新" in page_of(response)
    assert Act.objects.filter(case=run.case).count() == 1


def test_field_errors_from_the_serializer_are_shown_next_to_the_field(run, as_user):
    run.open(ago(hours=2))
    response = as_user("chen").post(f"/cases/{run.case.pk}/acts/verify_source/",
                                    _verify_post(run, officers=[], conclusion=""))
    assert response.status_code == 422
    page = page_of(response)
    assert 'id="f-officers-error"' in page and 'id="f-conclusion-error"' in page
    assert Act.objects.filter(case=run.case).count() == 1


def test_guard_refusal_shows_the_reason_and_the_article_and_writes_nothing(run, as_user):
    """处罚法 第六十二条、第四十五条: no decision before the party was heard or the statement period ran out."""
    run.filed(ago(days=3, hours=5), ago(days=3, hours=4))
    run.investigated(ago(days=3, hours=3))
    run.act("review", ago(days=3, hours=2), user="head", outcome="penalty", opinion="同意处罚。")
    run.act("notify", ago(hours=2), proposed={"fine": "75000", "confiscate_income": "3200",
                                              "confiscate_property": "486.60"},
            facts=["销售超过保质期的食品。"], reasons="一般情形。", basis=["食品安全法第一百二十四条"],
            served_on=timezone.localdate().isoformat(), service_method="direct")
    before = Act.objects.filter(case=run.case).count()
    response = as_user("head").post(f"/cases/{run.case.pk}/acts/decide/", {
        "penalties__fine": "75000", "penalties__confiscate_income": "3200", "penalties__confiscate_property": "486.60",
        "version": run.refresh().version, "performed_at": local_input(ago(minutes=1))})
    assert response.status_code == 422
    page = page_of(response)
    assert "现在不能办理“作出行政处罚决定”" in page
    assert "当事人的陈述、申辩尚未听取" in page and "第六十二条、第四十五条" in page
    assert 'value="75000"' in page
    assert Act.objects.filter(case=run.case).count() == before
    assert run.refresh().stage == "notice"


def test_check_refusal_cites_the_article_next_to_the_field(run, as_user):
    """处罚法 第五十五条: officers show their certificates when they investigate."""
    run.filed(ago(days=2), ago(days=1))
    response = as_user("chen").post(f"/cases/{run.case.pk}/acts/investigate/", {
        "kind": "inspection", "subject": "禾盛便利店", "record": "现场检查。", "officers": run.ids("chen", "lin"),
        "version": run.refresh().version, "performed_at": local_input(ago(minutes=1))})
    assert response.status_code == 422
    page = page_of(response)
    assert 'id="f-certificates_shown-error"' in page and "第五十五条" in page


def test_evidence_uploaded_with_the_form_is_stored_hashed_and_served(run, as_user, world):
    run.filed(ago(days=2), ago(days=1))
    image = png_bytes()
    client = as_user("chen")
    response = client.post(f"/cases/{run.case.pk}/acts/investigate/", {
        "kind": "inspection", "subject": "禾盛便利店", "record": "第一段。\n\n第二段。", "officers": run.ids("chen", "lin"),
        "certificates_shown": "on", "version": run.refresh().version, "performed_at": local_input(ago(minutes=1)),
        "place": "天河区棠下荷光路86号", "latitude": "23.135791", "longitude": "113.370012",
        "files": [SimpleUploadedFile("货架.png", image, content_type="application/octet-stream")]})
    assert response.status_code == 302, page_of(response)
    act = Act.objects.get(case=run.case, code="investigate")
    assert act.data["record"] == ["第一段。", "第二段。"]
    assert str(act.latitude) == "23.135791" and act.place == "天河区棠下荷光路86号"
    evidence = Evidence.objects.get(case=run.case)
    assert evidence.sha256 == hashlib.sha256(image).hexdigest()
    assert evidence.content_type == "image/png" and evidence.original_name == "货架.png"
    page = page_of(client.get(f"/cases/{run.case.pk}/"))
    assert evidence.sha256 in page and f"/cases/{run.case.pk}/evidence/{evidence.pk}/" in page
    served = client.get(f"/cases/{run.case.pk}/evidence/{evidence.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff" and served["Content-Disposition"].startswith("inline")
    assert b"".join(served.streaming_content) == image
    assert as_user("other").get(f"/cases/{run.case.pk}/evidence/{evidence.pk}/").status_code == 404


# --- documents ------------------------------------------------------------------------------------------------------


def test_document_preview_and_pdf_in_scope_and_404_outside(run, as_user):
    run.filed("2026-09-28 09:00", "2026-09-30 10:00")
    document = run.case.documents.get(doc_type="case_filing_approval")
    base = f"/cases/{run.case.pk}/documents/{document.pk}/"
    client = as_user("chen")
    preview = client.get(base)
    assert preview.status_code == 200 and document.title in page_of(preview)
    html = client.get(base + "html/")
    assert html.status_code == 200 and "广州禾盛商贸有限公司" in page_of(html)
    assert "default-src 'none'" in html["Content-Security-Policy"]
    pdf = client.get(base + "pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Disposition"].startswith("inline")
    other = as_user("other")
    for suffix in ("", "html/", "pdf/"):
        assert other.get(base + suffix).status_code == 404


def test_todo_list_query_count_does_not_grow_with_the_cases(run, world, as_user):
    from .conftest import Runner

    client = as_user("chen")

    def queries() -> int:
        client.get("/cases/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/cases/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        Runner(world).filed("2026-09-28 09:00", "2026-09-30 10:00")
    few = queries()
    for _ in range(9):
        Runner(world).filed("2026-09-28 09:00", "2026-09-30 10:00")
    assert queries() == few


def test_an_instalment_plan_is_typed_one_instalment_per_line(run, as_user):
    """处罚法 第六十六条第二款: the plan is entered as rows (缴纳日期 金额), not JSON; a row with a missing column is
    refused naming its line, and a bad date names its instalment."""
    from .test_execution_money import decided_and_served

    decided_and_served(run)
    client = as_user("head")
    form = {"kind": "instalments", "until": "2026-11-25", "reason": "流动资金紧张", "applied_on": "2026-10-21",
            "performed_at": "2026-10-22T10:00"}
    page = page_of(client.get(f"/cases/{run.case.pk}/acts/approve_deferral/"))
    assert "依次填写缴纳日期、金额（元），以空格分隔" in page and "JSON" not in page
    short = client.post(f"/cases/{run.case.pk}/acts/approve_deferral/",
                        {**form, "instalments": "2026-11-10\n2026-11-25 35000", "version": run.refresh().version})
    assert short.status_code == 422 and "第1行应当有2项" in page_of(short)
    bad = client.post(f"/cases/{run.case.pk}/acts/approve_deferral/",
                      {**form, "instalments": "2026-11-31 40000\n2026-11-25 35000", "version": run.refresh().version})
    assert bad.status_code == 422 and "分期计划" in page_of(bad)
    response = client.post(f"/cases/{run.case.pk}/acts/approve_deferral/",
                           {**form, "instalments": "2026-11-10 40000\n2026-11-25，35000.00",
                            "version": run.refresh().version})
    assert response.status_code == 302, page_of(response)
    act = Act.objects.get(case=run.case, code="approve_deferral")
    assert act.data["instalments"] == [{"due_on": "2026-11-10", "amount": "40000.00"},
                                       {"due_on": "2026-11-25", "amount": "35000.00"}]
    assert run.deadlines()["penalty.pay"].due_date == datetime.date(2026, 11, 10)
    assert "2026-11-10 40000.00；2026-11-25 35000.00" in page_of(client.get(f"/cases/{run.case.pk}/"))
