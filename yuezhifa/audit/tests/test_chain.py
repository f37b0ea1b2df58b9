"""The audit log is append-only and hash-chained; ``yzf verify-audit`` finds any edited or deleted row (DESIGN §7)."""

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from yuezhifa.audit.models import AuditEntry
from yuezhifa.audit.selectors import verify_chain
from yuezhifa.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _write(n: int) -> list[AuditEntry]:
    entries = []
    with transaction.atomic():
        for i in range(n):
            entries.append(audit_record(actor=None, action="test.act", object_type="test", object_id=str(i),
                                        object_repr=f"对象{i}", before={"v": i}, after={"v": i + 1, "金额": "100.50"}))
    return entries


def _raw(sql: str, params=()) -> None:
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


def test_intact_chain_verifies_and_command_says_ok(capsys):
    entries = _write(5)
    assert entries[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    call_command("verify_audit")
    assert "OK" in capsys.readouterr().out


def test_edited_row_is_found_by_raw_sql_tampering():
    _write(5)
    _raw("UPDATE {table} SET object_repr = %s WHERE seq = 3", ["改过的对象"])
    report = verify_chain()
    assert not report.ok and report.broken_seq == 3
    with pytest.raises(CommandError, match="第 3 条"):
        call_command("verify_audit")


def test_edited_json_summary_is_found():
    _write(4)
    row = AuditEntry.objects.get(seq=2)
    _raw("UPDATE {table} SET after = %s WHERE seq = 2", ['{"v": 999}'])
    assert AuditEntry.objects.get(seq=2).after != row.after
    assert verify_chain().broken_seq == 2


def test_rehashed_edit_is_still_found_by_the_next_link():
    """Recomputing the edited row's own hash does not help: the next row names the old hash."""
    _write(4)
    _raw("UPDATE {table} SET actor_repr = %s WHERE seq = 2", ["冒名"])
    row = AuditEntry.objects.get(seq=2)
    _raw("UPDATE {table} SET hash = %s WHERE seq = 2", [row.compute_hash()])
    report = verify_chain()
    assert not report.ok and report.broken_seq == 3


def test_deleted_middle_row_is_found():
    _write(5)
    _raw("DELETE FROM {table} WHERE seq = 4")
    report = verify_chain()
    assert not report.ok and report.broken_seq == 4 and "缺失" in report.message


def test_deleted_newest_rows_are_found_through_the_head():
    _write(5)
    _raw("DELETE FROM {table} WHERE seq >= 4")
    report = verify_chain()
    assert not report.ok and report.broken_seq == 4


def test_orm_refuses_update_and_delete():
    entry = _write(1)[0]
    entry.action = "changed"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="test.loose")


def test_rolled_back_act_leaves_no_audit_entry():
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(actor=None, action="test.rollback")
        raise ValueError("the act failed")
    assert not AuditEntry.objects.filter(action="test.rollback").exists()
    assert verify_chain().ok


def test_request_id_is_recorded(client, django_user_model):
    """Entries written while serving a request carry its id, which the response echoes."""
    from yuezhifa.org.tests.factories import UserFactory

    user = UserFactory(username="tokenuser")
    response = client.post("/api/v1/auth/token/", {"username": "tokenuser", "password": "Pass-word-123"},
                           HTTP_X_REQUEST_ID="req-123")
    assert response.status_code == 200 and response["X-Request-ID"] == "req-123"
    entry = AuditEntry.objects.get(action="auth.token.issue")
    assert entry.request_id == "req-123" and entry.actor == user
