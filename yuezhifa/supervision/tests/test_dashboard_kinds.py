"""The dashboard counts by the procedures' own data (kind, stages): a procedure added later is counted without
changing the dashboard (办法 第三十五条、第四十一条; docs/decisions/0031)."""

from types import SimpleNamespace

import pytest

from yuezhifa.cases import procedures
from yuezhifa.cases.models import Case

from ..dashboard import Period, build, case_list, refresh_stats

pytestmark = pytest.mark.django_db


def test_a_new_procedure_is_counted_by_its_kind_and_stages(run, people, monkeypatch):
    """An inspection procedure (kind ``inspection``) declaring its own stage: its case is counted under 行政检查 and
    under its stage's label, and the drill-down by kind lists it."""
    penalty = run.open("2026-09-28 09:00")
    run.case = None
    inspection = run.open("2026-09-29 09:00")
    monkeypatch.setitem(procedures.PROCEDURES, "inspection.routine", SimpleNamespace(
        code="inspection.routine", name="日常检查", kind="inspection", acts=(),
        stages=(SimpleNamespace(code="inspecting", label="检查中", terminal=False),)))
    Case.objects.filter(pk=inspection.pk).update(procedure="inspection.routine", stage="inspecting")
    refresh_stats()
    board = build(people["gz_sup"], Period())
    assert sorted(board.table("kind").rows) == [["行政处罚", 1], ["行政检查", 1]]
    assert "kind=inspection" in board.table("kind").links
    assert ["检查中", 1] in board.table("stage").rows and ["案源登记", 1] in board.table("stage").rows
    assert ["日常检查", 1] in board.table("procedure").rows
    assert list(case_list(people["gz_sup"], period=Period(), kind="inspection")) == [inspection]
    assert list(case_list(people["gz_sup"], period=Period(), kind="penalty")) == [penalty]
