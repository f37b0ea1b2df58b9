"""The to-do centre and batch work in the queues (issue 15 §2; docs/decisions/0049): every role's counts on the home
page, what each queue item waits for and its due date, the menu badge, and the head's batch approval, export and
print. The cases are built with the world and Runner of conftest.py."""

import csv
import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from yuezhifa.cases import batch, selectors
from yuezhifa.cases.models import Act
from yuezhifa.cases.procedures import get_procedure
from yuezhifa.core.errors import NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_user(world):
    def login(name):
        client = Client()
        client.force_login(world["users"][name])
        return client

    return login


PERSON = {"kind": "person", "name": "何俊峰", "address": "广州市天河区建设三路118号"}


def decided_on_spot(run, cause="餐具未经消毒"):
    """A simple-procedure case decided on the spot (处罚法 第五十一条): it waits for the head's 公示审批, an approval
    that asks nothing case by case."""
    run.open("2026-09-30 10:00", procedure="penalty.simple", source_kind="on_site", cause=cause)
    run.act("decide_on_spot", "2026-09-30 10:20", penalties={"warning": True}, item=run.world["petty"].code,
            party=PERSON, facts="餐具使用前未经消毒。", violated=["食品安全法第五十六条"],
            basis=["食品安全法第一百二十六条"], officers=run.ids("chen", "lin"), certificates_shown=True,
            place="广州市天河区汇景广场三楼")
    return run.refresh()


def verified(run, cause="经营超过保质期的食品"):
    """A source verified to be filed (处罚法 第五十四条第二款): it waits for the head's 立案审批, whose form asks for
    the item, party and handlers of each case."""
    run.open("2026-11-30 09:00", cause=cause)
    run.act("verify_source", "2026-11-30 10:00", findings="现场核实。", conclusion="file",
            officers=run.ids("chen", "lin"))
    return run.refresh()


def counts(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)"><span class="stat-value">(\d+)<', page)}


def test_queue_items_name_the_approval_from_the_procedure_and_their_due_date(run, world, as_user):
    """The head's 待审批 queue says what each case waits for, as the procedure names the act's queue (立案审批 for the
    filing of 处罚法 第五十四条第二款, 公示审批 for the disclosure), and its due date."""
    on_spot = decided_on_spot(run.__class__(world))
    source = verified(run)
    assert on_spot.waiting_role == "head" and "approve_disclosure" in on_spot.waiting_acts.split(",")
    assert selectors.queue_labels(source) == ["立案审批"]
    page = as_user("head").get("/cases/approvals/").content.decode()
    assert "待行政机关负责人：立案审批" in page and "待行政机关负责人：公示审批" in page
    assert source.next_due is not None
    assert f'{source.next_due:%Y-%m-%d}' in page
    # the disclosure approval may be batch-approved, the filing may not (its form asks for the item, party …)
    assert page.count("可批量审批") == 1
    assert batch.batchable(get_procedure("penalty.simple").act("approve_disclosure"))
    assert not batch.batchable(get_procedure("penalty.general").act("file"))
    assert "执法事项（编码）" in batch.per_case_input(get_procedure("penalty.general").act("file"))


def test_home_counts_per_role_and_menu_badge(run, world, as_user):
    """待办, 待审批, 待审核, 即将到期, 已逾期 on each role's home page, each linking to its filtered queue; the 办案 menu
    item carries the count of cases waiting on the user now."""
    source = verified(run)
    on_spot = decided_on_spot(run.__class__(world))
    head = as_user("head").get("/")
    got = counts(head.content.decode())
    assert got["approvals"] == 2 and got["todo"] >= 1
    assert "legal" not in got  # the head is no legal reviewer
    assert 'href="/cases/?due=overdue"' in head.content.decode()
    nav = {item["url"]: item for item in head.context["nav_sections"]}
    assert nav["/cases/"]["badge"] >= 2
    chen = counts(as_user("chen").get("/").content.decode())
    assert "approvals" not in chen and chen["todo"] == selectors.todo_list(world["users"]["chen"]).count()
    reviewer = counts(as_user("reviewer").get("/").content.decode())
    assert reviewer["legal"] == 0
    # the filtered queues the tiles link to
    overdue = as_user("head").get("/cases/?due=overdue").content.decode()
    for case in (source, on_spot):
        shown = f"/cases/{case.pk}/" in overdue
        assert shown == (case.next_due is not None and case.next_due < timezone.localdate())


def test_counts_are_one_or_two_queries(run, world, django_assert_max_num_queries):
    verified(run)
    user = world["users"]["head"]
    user.role_assignments.all()  # roles are read once per request elsewhere
    with django_assert_max_num_queries(2):  # the roles, then one aggregate
        got = selectors.todo_counts(user, {"head"})
    assert got["approvals"] == 1 and got["legal"] == 0


def test_batch_approval_mixed_success_and_refusal_and_idempotent(run, world, as_user):
    """Each case its own act through the same service: two 公示审批 are approved, the 立案审批 is refused (it needs
    per-case input), a case of another body is refused as unknown; repeating the batch approves nothing twice."""
    first = decided_on_spot(run.__class__(world), "餐具未经消毒一")
    second = decided_on_spot(run.__class__(world), "餐具未经消毒二")
    source = verified(run.__class__(world))
    theirs = run.__class__(world).open("2026-11-30 09:00", user="other", cause="深圳某店无照经营")
    ids = [str(first.pk), str(second.pk), str(source.pk), str(theirs.pk)]
    response = as_user("head").post("/cases/approvals/batch/", {"ids": ids, "action": "approve", "batch_key": "k1"})
    assert response.status_code == 200
    results = {r.case_id: r for r in response.context["results"]}
    assert results[str(first.pk)].ok and results[str(second.pk)].ok
    assert not results[str(source.pk)].ok and "立案审批" in results[str(source.pk)].message
    assert "不能批量审批" in results[str(source.pk)].message
    assert not results[str(theirs.pk)].ok and "无权查看" in results[str(theirs.pk)].message
    assert Act.objects.filter(case=first, code="approve_disclosure").count() == 1
    assert Act.objects.filter(case=source).count() == 2  # untouched
    page = response.content.decode()
    assert "已办理 2 件，未办理 2 件" in page
    again = as_user("head").post("/cases/approvals/batch/", {"ids": ids[:2], "action": "approve", "batch_key": "k1"})
    assert all(r.ok for r in again.context["results"])
    assert Act.objects.filter(case=first, code="approve_disclosure").count() == 1
    assert Act.objects.filter(case=second, code="approve_disclosure").count() == 1


def test_only_a_head_batch_approves(run, world, as_user):
    case = decided_on_spot(run)
    with pytest.raises(NotAllowed):
        batch.batch_approve(actor=world["users"]["chen"], case_ids=[case.pk])
    assert as_user("chen").post("/cases/approvals/batch/", {"ids": [case.pk], "action": "approve"}).status_code == 404
    assert as_user("reviewer").post("/cases/legal-review/batch/",
                                    {"ids": [case.pk], "action": "approve"}).status_code == 403
    assert not Act.objects.filter(case=case, code="approve_disclosure").exists()


def test_batch_export_neutralises_formula_cells(run, world, as_user):
    """A cause beginning with ``=`` is written as text in the Excel and CSV exports (CWE-1236)."""
    case = decided_on_spot(run, cause="=HYPERLINK(\"http://x\")餐具")
    head = as_user("head")
    xlsx = head.post("/cases/approvals/batch/", {"ids": [case.pk], "action": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:5] == ["案号", "案由", "当事人", "阶段", "待办事项"]
    cell = sheet["B2"]
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")
    assert sheet["E2"].value == "公示审批"
    text = head.post("/cases/approvals/batch/", {"ids": [case.pk], "action": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1].startswith("'=HYPERLINK")
    printed = head.post("/cases/approvals/batch/", {"ids": [case.pk], "action": "print"}).content.decode()
    assert "公示审批" in printed and "共 1 件" in printed
