"""The audit chain's head is anchored in the signed evidence log (DESIGN §7; docs/decisions/0020), so someone who can
write the database cannot edit a row and re-chain every hash up to the head unnoticed: ``yzf verify-audit`` compares
the chain with the anchored, signed leaves."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from yuezhifa.audit.anchoring import AUDIT_ANCHOR, anchor_checkpoint
from yuezhifa.audit.merkle import signing
from yuezhifa.audit.models import AuditEntry, AuditHead, MerkleLeaf, SignedTreeHead
from yuezhifa.audit.selectors import verify_chain
from yuezhifa.audit.services import audit_record

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path, monkeypatch):
    """Each test signs with its own key under a temporary VAR_DIR (outside the database), never var/."""
    monkeypatch.delenv(signing.KEY_ENV, raising=False)
    settings.VAR_DIR = tmp_path
    signing._key_for.cache_clear()
    yield
    signing._key_for.cache_clear()


def _write(n: int, start: int = 0) -> None:
    with transaction.atomic():
        for i in range(start, start + n):
            audit_record(actor=None, action="test.act", object_type="test", object_id=str(i), object_repr=f"对象{i}",
                         after={"v": i})


def rechain_from(seq: int, **changes) -> None:
    """What someone with write access to the database can do: change row ``seq`` and recompute every hash after it,
    up to the head, so that the chain alone verifies again."""
    rows = list(AuditEntry.objects.filter(seq__gte=seq - 1).order_by("seq"))
    previous = rows[0].hash if rows[0].seq == seq - 1 else "0" * 64
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        for row in rows:
            if row.seq < seq:
                continue
            if row.seq == seq:
                for field, value in changes.items():
                    setattr(row, field, value)
            row.prev_hash = previous
            row.hash = row.compute_hash()
            cursor.execute(f"UPDATE {table} SET object_repr = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                           [row.object_repr, row.prev_hash, row.hash, row.seq])
            previous = row.hash
    AuditHead.objects.filter(id=1).update(last_hash=previous)


def test_a_checkpoint_anchors_the_audit_head_and_signs_a_tree_head():
    with time_machine.travel(T0, tick=False):
        _write(3)
        result = anchor_checkpoint()
    leaf = MerkleLeaf.objects.get(object_type=AUDIT_ANCHOR)
    assert (leaf.object_id, leaf.sha256) == ("3", AuditEntry.objects.get(seq=3).hash)
    assert result.sth.tree_size == MerkleLeaf.objects.count() and SignedTreeHead.objects.count() == 1
    with time_machine.travel(T0 + datetime.timedelta(minutes=5), tick=False):
        assert verify_chain(stale_after=datetime.timedelta(hours=2)).ok


def test_a_rechained_edit_of_an_audit_row_is_detected(capsys):
    with time_machine.travel(T0, tick=False):
        _write(5)
        anchor_checkpoint()
        _write(2, start=5)
    rechain_from(2, object_repr="改过的对象")
    with time_machine.travel(T0 + datetime.timedelta(minutes=30), tick=False):
        report = verify_chain()
        assert not report.ok and report.broken_seq == 1
        assert "第 1 至 5 条" in report.message and "重新" in report.message
        with pytest.raises(CommandError, match="第 1 至 5 条"):
            call_command("verify_audit")


def test_the_report_narrows_a_rechained_edit_to_between_two_anchors():
    with time_machine.travel(T0, tick=False):
        _write(3)
        anchor_checkpoint()
        _write(3, start=3)
        anchor_checkpoint()
    rechain_from(5, object_repr="改过的对象")
    report = verify_chain()
    assert not report.ok and report.broken_seq == 4


def test_rows_left_unanchored_longer_than_the_grace_period_fail_the_command():
    """Deleting the signed heads and anchors after some point (to re-chain what follows) leaves rows unanchored:
    the verification requires every row older than two hours to be covered by a signed anchor."""
    with time_machine.travel(T0, tick=False):
        _write(3)
    with time_machine.travel(T0 + datetime.timedelta(hours=3), tick=False):
        report = verify_chain(stale_after=datetime.timedelta(hours=2))
        assert not report.ok and report.broken_seq == 1 and "锚定" in report.message
        with pytest.raises(CommandError, match="锚定"):
            call_command("verify_audit")
        anchor_checkpoint()
        call_command("verify_audit")


def test_the_anchor_command_anchors_and_signs(capsys):
    with time_machine.travel(T0, tick=False):
        _write(2)
        call_command("anchor")
        assert "新锚定 1 个链头" in capsys.readouterr().out
        call_command("anchor")
        assert "新锚定 0 个链头" in capsys.readouterr().out
        call_command("verify_audit")
