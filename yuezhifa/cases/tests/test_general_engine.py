"""The case engine is general (docs/decisions/0029): act codes live only in the procedure definitions
(``yuezhifa/cases/procedures/``); everything else reads the attributes of procedures and acts (milestone, queue,
carries_party, correction, stages, facts). Proved two ways: no act code is written outside the procedures, and a
procedure defined here, unknown to the rest of the code, runs through services, API, pages, deadlines and queues."""

from __future__ import annotations

import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from rest_framework import serializers
from rest_framework.test import APIClient

from ..procedures.dsl import HEAD, OFFICER, ActSpec, Procedure, ProcedureFacts, StageSpec, Start
from ..procedures.fields import PartySerializer
from .conftest import at, store_party

YUEZHIFA = Path(__file__).resolve().parents[2]

# The apps that deal with cases. Other apps (documents catalogue, seals, org …) use words such as "close", "file",
# "review" or "correct" for their own purposes and are not scanned.
SCOPE = ("cases", "supervision", "disclosure", "audit", "search")

# (file, literal): the same word in another meaning, not the act.
OTHER_MEANING = {
    ("supervision/api.py", "decide"): "the URL path of the access grant's approval (url_path=)",
    ("cases/forms.py", "file"): "the file-upload widget",
    ("cases/views.py", "file"): "the file-upload widget",
    ("cases/integrity.py", "file"): "the Evidence.file model field",
    ("cases/models.py", "transfer"): "SourceKind.TRANSFER, a case moved from another body",
}


def _act_codes() -> set[str]:
    from ..procedures import PROCEDURES

    return {spec.code for procedure in PROCEDURES.values() for spec in procedure.acts}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _literals(codes: set[str], root: Path = YUEZHIFA) -> list[str]:
    hits = []
    for app in SCOPE:
        for path in sorted((root / app).rglob("*.py")):
            rel = path.relative_to(root)
            if {"procedures", "tests", "migrations"} & set(rel.parts):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = _docstrings(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in codes
                        and id(node) not in docs and (rel.as_posix(), node.value) not in OTHER_MEANING):
                    hits.append(f"{rel.as_posix()}:{node.lineno}: {node.value!r}")
    return hits


def test_act_codes_are_written_only_in_the_procedures():
    """Scope: the Python files of the apps that deal with cases (cases, supervision, disclosure, audit, search),
    outside ``cases/procedures/``, tests and migrations; string constants only (``ast``), docstrings and comments
    not counted; literals in ``OTHER_MEANING`` allowed (docs/decisions/0029). No file is exempt: the demo data's
    acts are written in its scenario files (cases/demo_scenarios/*.toml), not in Python."""
    codes = _act_codes()
    assert {"register_source", "decide", "record_payment", "correct"} <= codes
    hits = _literals(codes)
    assert not hits, "执法行为代码只能写在 cases/procedures/ 中，其他模块应读取程序和行为的属性：\n" + "\n".join(hits)


def test_the_scan_finds_a_code_written_outside_the_procedures(tmp_path):
    """The scan is not vacuous: a constant naming an act is found, the same word in a docstring is not."""
    tree = ast.parse('"""decide"""\nX = "decide"\n')
    docs = _docstrings(tree)
    found = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == "decide"
             and id(n) not in docs]
    assert found == [2]


def test_the_scan_catches_a_literal_in_a_module_outside_the_procedures(tmp_path):
    """The scan itself (not a copy of it) reports an act code written in a module of a scanned app, and skips the
    same literal under ``procedures/`` and in a docstring."""
    (tmp_path / "cases" / "procedures").mkdir(parents=True)
    (tmp_path / "cases" / "runner.py").write_text('"""decide"""\nNEXT = "decide"\n', encoding="utf-8")
    (tmp_path / "cases" / "procedures" / "toy.py").write_text('CODE = "decide"\n', encoding="utf-8")
    assert _literals({"decide"}, root=tmp_path) == ["cases/runner.py:2: 'decide'"]


# --- a procedure the rest of the code has never heard of ------------------------------------------------------------

TOY_BASIS = "测试用程序（不是法律规定）"


class ToyOpen(serializers.Serializer):
    cause = serializers.CharField(label="事由", max_length=300)
    party = PartySerializer(label="当事人", required=False, allow_null=True)


class ToyDecide(serializers.Serializer):
    fine = serializers.DecimalField(label="罚款金额（元）", max_digits=14, decimal_places=2, min_value=0)


class ToyPay(serializers.Serializer):
    amount = serializers.DecimalField(label="缴款金额（元）", max_digits=14, decimal_places=2, min_value=0)


class ToyClose(serializers.Serializer):
    summary = serializers.CharField(label="结案说明", max_length=400)


class ToyFacts(ProcedureFacts):
    def decision(self, log):
        return log.last("toy_decide")

    def amount_due(self, log):
        act = self.decision(log)
        return Decimal(str(act.get("fine"))) if act is not None else Decimal(0)

    def amount_paid(self, log):
        return sum((Decimal(str(a.get("amount"))) for a in log.all("toy_pay")), Decimal(0))


TOY = Procedure(
    "test.toy", "测试程序", TOY_BASIS, (
        ActSpec("toy_open", "测试开启", TOY_BASIS, (OFFICER,), ToyOpen, stage="toy_open", carries_party=True,
                files=True),
        ActSpec("toy_decide", "测试决定", TOY_BASIS, (HEAD,), ToyDecide, after=("toy_open",),
                starts=(Start("penalty.pay"),), stage="toy_decided", milestone="decided", queue="测试审批"),
        ActSpec("toy_pay", "测试缴款", TOY_BASIS, (OFFICER,), ToyPay, after=("toy_decide",),
                stops=("penalty.pay",), repeatable=True),
        ActSpec("toy_close", "测试结案", TOY_BASIS, (HEAD,), ToyClose, after=("toy_pay",), stage="toy_closed",
                milestone="closed"),
    ),
    kind="inspection", opening="toy_open", facts=ToyFacts(),
    stages=(StageSpec("toy_open", "测试已开启"), StageSpec("toy_decided", "测试已决定"),
            StageSpec("toy_closed", "测试已结案", terminal=True)),
)


@pytest.fixture
def toy():
    from ..procedures import PROCEDURES

    PROCEDURES[TOY.code] = TOY
    yield TOY
    del PROCEDURES[TOY.code]


def test_a_procedure_defined_only_as_data_runs_through_services_api_pages_deadlines_and_queues(world, toy):
    """docs/decisions/0029: nothing outside the procedure's definition knows its acts; the engine reads its opening,
    milestones, queue, stages and facts. The payment period is 处罚法 第六十七条第三款's rule (penalty.pay, 15 days)."""
    from ..models import Case
    from ..services import act_perform, case_open

    users = world["users"]
    case = case_open(actor=users["chen"], procedure=TOY.code, performed_at=at("2026-11-23 09:00"),
                     data={"cause": "测试事由", "party": store_party()})
    case.refresh_from_db()
    assert (case.stage, case.get_stage_display(), case.waiting_role) == ("toy_open", "测试已开启", "head")
    assert case.parties.get().name == "广州禾盛商贸有限公司"
    head_queue = Client()
    head_queue.force_login(users["head"])
    assert "测试事由" in head_queue.get("/cases/approvals/").content.decode()

    api = APIClient()
    api.force_authenticate(users["head"])
    decided = api.post(f"/api/v1/cases/{case.pk}/acts/", {
        "act": "toy_decide", "performed_at": "2026-11-24T10:00:00+08:00", "version": 1, "fine": "500.00"},
        format="json")
    assert decided.status_code == 201, decided.content
    detail = api.get(f"/api/v1/cases/{case.pk}/").json()
    pay = next(d for d in detail["deadlines"] if d["rule"] == "penalty.pay")
    # 15 days from 2026-11-24: the first day not counted, 11-25 is day 1 … 12-09 (a Wednesday) is day 15
    assert pay["due_date"] == "2026-12-09" and pay["open"]
    assert detail["state"]["stage"] == "toy_decided"
    case.refresh_from_db()
    assert case.fine_amount == Decimal("500.00") and case.decided_at == at("2026-11-24 10:00")
    assert case.next_due == datetime.date(2026, 12, 9) and case.waiting_role == ""

    officer = Client()
    officer.force_login(users["chen"])
    form = officer.get(f"/cases/{case.pk}/acts/toy_pay/")
    assert form.status_code == 200 and "缴款金额（元）" in form.content.decode()
    posted = officer.post(f"/cases/{case.pk}/acts/toy_pay/", {
        "amount": "500.00", "version": 2, "performed_at": "2026-11-30T15:00"})
    assert posted.status_code == 302, posted.content.decode()[:2000]
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "测试开启" in page and "测试决定" in page and "测试缴款" in page and "测试已决定" in page
    assert "测试事由" in officer.get("/cases/").content.decode()

    act_perform(actor=users["head"], case=case, code="toy_close", data={"summary": "已缴清。"},
                performed_at=at("2026-12-01 09:00"))
    case = Case.objects.get(pk=case.pk)
    assert case.stage == "toy_closed" and case.closed_at == at("2026-12-01 09:00")
    assert case.deadlines.get(rule="penalty.pay").met_at is not None
    assert "测试事由" not in officer.get("/cases/").content.decode()  # a terminal stage leaves the to-do list


def test_the_test_only_procedure_reaches_alerts_dashboard_dossier_and_archive(world, toy, settings, tmp_path):
    """docs/decisions/0029, 0031: the supervision platform watches the toy's payment period (处罚法 第六十七条第三款's
    rule, penalty.pay) and raises 怠于执行 the day after it ends, counts the toy by its kind and stage on the dashboard;
    the dossier lists its evidence and the archive package carries its acts, with no change outside its definition.
    Dates: decided 2026-11-02, 15 days → 11-17 (a Tuesday) is the last day; the alert opens on 11-18, not on 11-17."""
    from yuezhifa.core.actors import SYSTEM
    from yuezhifa.org.models import Role, Scope
    from yuezhifa.org.tests.factories import UserFactory
    from yuezhifa.supervision import dashboard
    from yuezhifa.supervision.alerts import evaluate_alerts
    from yuezhifa.supervision.models import Alert

    from ..archive import build_archive
    from ..models import Case
    from ..selectors import dossier
    from ..services import Attachment, act_perform, case_open
    from .test_guards import png

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YZF_VIRUS_SCAN_COMMAND = ""
    users = world["users"]
    case = case_open(actor=users["chen"], procedure=TOY.code, performed_at=at("2026-11-01 09:00"),
                     data={"cause": "测试事由", "party": store_party()},
                     attachments=[Attachment(png("现场照片.png"))])
    act_perform(actor=users["head"], case=case, code="toy_decide", data={"fine": "300.00"},
                performed_at=at("2026-11-02 10:00"))
    evaluate_alerts(on=datetime.date(2026, 11, 17), cases=[case.pk])
    assert not Alert.objects.filter(case=case).exists()
    evaluate_alerts(on=datetime.date(2026, 11, 18), cases=[case.pk])
    alert = Alert.objects.get(case=case)
    assert alert.rule == "execution_no_reminder" and alert.due_date == datetime.date(2026, 11, 17)

    act_perform(actor=users["chen"], case=case, code="toy_pay", data={"amount": "300.00"},
                performed_at=at("2026-11-20 10:00"))
    act_perform(actor=users["head"], case=case, code="toy_close", data={"summary": "已缴清。"},
                performed_at=at("2026-11-21 09:00"))
    evaluate_alerts(on=datetime.date(2026, 11, 21), cases=[case.pk])
    assert Alert.objects.get(case=case).state != "open"

    supervisor = UserFactory(username="toy_sup", body=world["body"].parent,
                             roles=[(Role.SUPERVISOR, Scope.PROVINCE)])
    dashboard.refresh_stats()
    board = dashboard.build(supervisor, dashboard.Period())
    assert ["测试程序", 1] in board.table("procedure").rows
    assert ["测试已结案", 1] in board.table("stage").rows

    case = Case.objects.get(pk=case.pk)
    entries = dossier(case)
    assert [e.kind for e in entries] == ["evidence"] and entries[0].title.startswith("现场照片")
    report = build_archive(case, tmp_path / "bag", actor=SYSTEM)
    assert report.ok, report
    text = (tmp_path / "bag" / "data" / "metadata" / "case.json").read_text(encoding="utf-8")
    assert all(code in text for code in ("toy_open", "toy_decide", "toy_pay", "toy_close"))
