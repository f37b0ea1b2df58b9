"""A case is an append-only log chained by hash (DESIGN §5.2): edits, middle deletions and tail deletions done behind
the application's back are found by ``yzf verify-cases``."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ..models import Act
from ..selectors import verify_case_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    return run.refresh()


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_intact_log_verifies(logged, capsys):
    assert verify_case_log(logged).ok
    call_command("verify_cases")
    assert "OK" in capsys.readouterr().out


def test_acts_cannot_be_changed_or_deleted_through_the_application(logged):
    act = Act.objects.filter(case=logged).first()
    act.data = {"forged": True}
    with pytest.raises(TypeError):
        act.save()
    with pytest.raises(TypeError):
        act.delete()
    with pytest.raises(TypeError):
        Act.objects.filter(case=logged).update(code="x")
    with pytest.raises(TypeError):
        Act.objects.filter(case=logged).delete()


def test_an_edited_act_is_found(logged):
    act = Act.objects.get(case=logged, code="file")
    sql("UPDATE cases_act SET performed_at = %s WHERE id = %s", "2026-09-27 07:00:00+00:00", act.pk.hex
        if connection.vendor == "sqlite" else act.pk)
    report = verify_case_log(logged)
    assert not report.ok and report.seq == act.seq and "立案" in report.message
    with pytest.raises(CommandError, match="被修改"):
        call_command("verify_cases")


def test_a_deleted_middle_or_tail_act_is_found(logged):
    last = Act.objects.filter(case=logged).order_by("-seq").first()
    pk = last.pk.hex if connection.vendor == "sqlite" else last.pk
    sql("DELETE FROM cases_evidence WHERE act_id = %s", pk)
    sql("DELETE FROM cases_casedocument WHERE act_id = %s", pk)
    sql("DELETE FROM cases_act WHERE id = %s", pk)
    report = verify_case_log(logged)
    assert not report.ok and "删除" in report.message
    middle = Act.objects.get(case=logged, code="verify_source")
    pk = middle.pk.hex if connection.vendor == "sqlite" else middle.pk
    sql("DELETE FROM cases_casedocument WHERE act_id = %s", pk)
    sql("DELETE FROM cases_act WHERE id = %s", pk)
    report = verify_case_log(logged)
    assert not report.ok and report.seq == middle.seq and "缺失" in report.message
