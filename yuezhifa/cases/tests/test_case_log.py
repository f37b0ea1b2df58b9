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


# --- anchoring in the signed evidence log (DESIGN §7; docs/decisions/0020) ------------------------------------------


@pytest.fixture
def signing_key(settings, tmp_path, monkeypatch):
    """A fresh evidence-log key under a temporary VAR_DIR: outside the database, as in production."""
    from yuezhifa.audit.merkle import signing

    monkeypatch.delenv(signing.KEY_ENV, raising=False)
    settings.VAR_DIR = tmp_path
    signing._key_for.cache_clear()
    yield
    signing._key_for.cache_clear()


def rechain_act(case, seq: int, **data) -> None:
    """What someone with write access to the database can do: change act ``seq`` and recompute every hash after it
    up to the case's head, so that the chain alone verifies again."""
    previous = ""
    for act in Act.objects.filter(case=case).order_by("seq"):
        if act.seq == seq:
            act.data = {**act.data, **data}
        if act.seq >= seq:
            act.prev_hash = previous
            act.hash = act.compute_hash()
            Act._base_manager.filter(pk=act.pk).update(data=act.data, prev_hash=act.prev_hash, hash=act.hash)
        previous = act.hash
    type(case)._base_manager.filter(pk=case.pk).update(last_hash=previous)
    case.refresh_from_db()


def test_a_rechained_edit_of_an_act_is_detected_with_the_case_number(logged, run, signing_key):
    from yuezhifa.audit.anchoring import anchor_checkpoint

    checkpoint = anchor_checkpoint()
    assert checkpoint.signed and checkpoint.anchored >= 2  # the case's head act and the audit head
    run.act("collect_evidence", "2026-09-29 10:00", kind="documentary", title="进货单据", officers=run.ids("chen", "lin"))
    case = run.refresh()
    filed = Act.objects.get(case=case, code="file")
    rechain_act(case, filed.seq, summary=["改写过的案情。"])
    report = verify_case_log(case)
    assert not report.ok and report.case_number == case.number and report.seq == 1
    assert "重新计算了哈希链" in report.message
    with pytest.raises(CommandError, match=case.number.replace("(", r"\(").replace(")", r"\)")):
        call_command("verify_cases")


def test_a_checkpoint_anchors_each_changed_case_once(logged, run, signing_key):
    from yuezhifa.audit.anchoring import anchor_checkpoint
    from yuezhifa.audit.models import MerkleLeaf

    first = anchor_checkpoint()
    assert anchor_checkpoint().anchored == 0 and not anchor_checkpoint().signed
    head = Act.objects.filter(case=logged).order_by("-seq").first()
    assert MerkleLeaf.objects.filter(object_type="cases.act", object_id=str(head.pk), sha256=head.hash).exists()
    assert verify_case_log(logged).ok and first.sth.tree_size == MerkleLeaf.objects.count()


def test_an_anchor_pointed_away_from_its_act_is_found(logged, signing_key):
    """The leaf's hash is signed, its object is not: re-pointing it to hide a case's anchor is found as well."""
    from yuezhifa.audit.anchoring import anchor_checkpoint
    from yuezhifa.audit.models import MerkleLeaf

    anchor_checkpoint()
    MerkleLeaf.objects.filter(object_type="cases.act").update(object_id="00000000-0000-0000-0000-000000000000")
    with pytest.raises(CommandError, match="已不存在"):
        call_command("verify_cases")


def test_acts_left_unanchored_longer_than_two_hours_fail_the_command(run, signing_key):
    """Deleting anchors and signed heads (to re-chain the acts after them) leaves acts unanchored: ``verify-cases``
    requires every act recorded more than two hours ago to be covered by an anchor under a signed head."""
    import datetime

    import time_machine

    from yuezhifa.audit.anchoring import anchor_checkpoint

    from .conftest import at

    with time_machine.travel(at("2026-09-30 10:00"), tick=False):
        run.filed("2026-09-28 09:00", "2026-09-28 15:00")
        call_command("verify_cases")
    with time_machine.travel(at("2026-09-30 10:00") + datetime.timedelta(hours=3), tick=False):
        with pytest.raises(CommandError, match="未被签名树头锚定"):
            call_command("verify_cases")
        anchor_checkpoint()
        call_command("verify_cases")
