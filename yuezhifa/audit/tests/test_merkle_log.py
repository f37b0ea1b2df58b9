"""The evidence log in the database (DESIGN §7, 证据存证): appends in the caller's transaction, idempotent, never a
fork; proofs and roots at any past size from stored subtree hashes in O(log n) reads; signed tree heads; a full
verification that finds any edited, inserted or deleted row."""

from __future__ import annotations

import hashlib
import os
import stat
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, transaction

from yuezhifa.audit.merkle import (
    LogEntry,
    consistency_proof,
    current_root,
    inclusion_proof,
    merkle_append,
    merkle_append_many,
    root_at,
    signing,
    sth_issue,
    tree_size,
    verify_evidence_log,
)
from yuezhifa.audit.merkle import rfc9162 as m
from yuezhifa.audit.models import AuditEntry, MerkleHead, MerkleLeaf, MerkleNode, SignedTreeHead
from yuezhifa.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path):
    """Each test signs with its own key under a temporary VAR_DIR, never the developer's var/."""
    settings.YZF_EVIDENCE_LOG_KEY = ""
    settings.YZF_EVIDENCE_LOG_ORIGIN = ""
    settings.VAR_DIR = tmp_path
    signing._key_for.cache_clear()
    yield
    signing._key_for.cache_clear()


def sha(i: int | str) -> str:
    return hashlib.sha256(f"证据文件 {i}".encode()).hexdigest()


def append(start: int, count: int) -> list:
    with transaction.atomic():
        return merkle_append_many([LogEntry("cases.evidence", f"e{i}", sha(i)) for i in range(start, start + count)])


def reference(n: int) -> m.MemoryTree:
    return m.MemoryTree(m.leaf_hash(bytes.fromhex(sha(i))) for i in range(n))


def _raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(leaf=MerkleLeaf._meta.db_table, node=MerkleNode._meta.db_table,
                                  head=MerkleHead._meta.db_table, sth=SignedTreeHead._meta.db_table), params)


def test_appends_number_leaves_in_order_and_keep_the_rfc_root():
    leaves = append(0, 5) + append(5, 1) + append(6, 7)
    assert [leaf.leaf_index for leaf in leaves] == list(range(13))
    assert leaves[3].leaf_hash == m.leaf_hash(bytes.fromhex(sha(3))).hex()
    assert current_root() == (13, reference(13).root())
    # every complete subtree of two or more leaves stored once: n - popcount(n)
    assert MerkleNode.objects.count() == 13 - 3
    assert verify_evidence_log().ok


def test_one_at_a_time_through_merkle_append_with_an_object(django_user_model):
    user = django_user_model.objects.create(username="张三")
    with transaction.atomic():
        leaf = merkle_append(obj=user, sha256=sha("obj").upper())
    assert (leaf.object_type, leaf.object_id, leaf.sha256) == ("org.user", str(user.pk), sha("obj"))
    assert current_root() == (1, m.leaf_hash(bytes.fromhex(sha("obj"))))


def test_proofs_and_roots_at_every_past_size_match_the_reference():
    """Built in uneven batches; then every inclusion and consistency proof of every size up to 37 equals the
    in-memory reference tree's and verifies."""
    n = 0
    for batch in (1, 2, 5, 1, 8, 3, 17):
        append(n, batch)
        n += batch
    ref = reference(n)
    for size in range(1, n + 1):
        root = root_at(size)
        assert root == ref.root(size)
        for index in range(size):
            proof = inclusion_proof(index, size)
            assert proof == ref.inclusion_proof(index, size)
            m.verify_inclusion(index, size, ref.leaves[index], proof, root)
        for first in range(1, size + 1):
            proof = consistency_proof(first, size)
            assert proof == ref.consistency_proof(first, size)
            m.verify_consistency(first, size, proof, root_at(first), root)
    assert root_at(0) == m.EMPTY_ROOT


def test_a_proof_reads_at_most_two_queries_whatever_the_size(django_assert_max_num_queries):
    append(0, 300)
    with django_assert_max_num_queries(2):
        proof = inclusion_proof(137, 300)
    assert len(proof) == 9
    with django_assert_max_num_queries(2):
        consistency_proof(100, 300)


def test_the_same_file_of_the_same_object_is_entered_once():
    first = append(0, 3)
    again = append(0, 3)
    assert [leaf.leaf_index for leaf in again] == [leaf.leaf_index for leaf in first]
    assert all(leaf.created for leaf in first) and not any(leaf.created for leaf in again)
    assert again[1].appended_at == MerkleLeaf.objects.get(leaf_index=1).appended_at
    assert tree_size() == 3
    with transaction.atomic():
        twice = merkle_append_many([("cases.evidence", "x", sha("x")), ("cases.evidence", "x", sha("x"))])
    assert twice[0].leaf_index == twice[1].leaf_index == 3
    # the same file attached to another object is a new entry
    with transaction.atomic():
        other = merkle_append(object_type="cases.casedocument", object_id="d1", sha256=sha(0))
    assert other.leaf_index == 4 and tree_size() == 5
    assert verify_evidence_log().ok


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        merkle_append(object_type="cases.evidence", object_id="1", sha256=sha(1))
    assert tree_size() == 0


def test_rolled_back_act_leaves_nothing_in_the_log():
    append(0, 2)
    with pytest.raises(ValueError), transaction.atomic():
        merkle_append(object_type="cases.evidence", object_id="r", sha256=sha("r"))
        raise ValueError("the act failed")
    assert tree_size() == 2 and MerkleLeaf.objects.count() == 2 and MerkleNode.objects.count() == 1
    append(2, 1)
    assert current_root() == (3, reference(3).root())


@pytest.mark.parametrize(("entry", "field", "message"), [
    (("cases.evidence", "e9", "abc"), "sha256", "64 位十六进制"),
    (("cases.evidence", "e9", "g" * 64), "sha256", "64 位十六进制"),
    (("", "e9", sha(9)), "object_type", "对象类型不能为空"),
    (("cases.evidence", "", sha(9)), "object_id", "对象标识不能为空"),
])
def test_bad_entry_is_refused_in_chinese_and_nothing_of_its_batch_is_written(entry, field, message):
    append(0, 1)
    with pytest.raises(DomainError, match=message) as info, transaction.atomic():
        merkle_append_many([("cases.evidence", "ok", sha("ok")), entry])
    assert info.value.field == field and "第 2 项" in info.value.message
    assert tree_size() == 1 and MerkleLeaf.objects.count() == 1


def test_leaves_nodes_and_heads_cannot_be_edited_or_deleted_through_the_orm():
    append(0, 2)
    leaf = MerkleLeaf.objects.get(leaf_index=0)
    sth, _ = sth_issue()
    for row in (leaf, MerkleNode.objects.get(), sth):
        with pytest.raises(RuntimeError, match="只能追加"):
            row.save()
        with pytest.raises(RuntimeError, match="只能追加"):
            row.delete()


# --- tampering ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sql", "params", "expected"), [
    ("UPDATE {leaf} SET sha256 = %s WHERE leaf_index = 4", [sha("forged")], "第 4 号叶子"),
    ("UPDATE {leaf} SET sha256 = %s, leaf_hash = %s WHERE leaf_index = 4",
     [sha("forged"), m.leaf_hash(bytes.fromhex(sha("forged"))).hex()], "节点"),
    ("UPDATE {node} SET hash = %s WHERE node_id = %s", ["00" * 32, MerkleNode.make_id(2, 0)], "节点（层 2，序号 0）"),
    ("DELETE FROM {leaf} WHERE leaf_index = 3", [], "第 3 号叶子缺失"),
    ("DELETE FROM {leaf} WHERE leaf_index = 9", [], "末尾的叶子已被删除"),
    ("UPDATE {head} SET size = 9", [], "日志头"),
    ("UPDATE {sth} SET root_hash = %s", ["11" * 32], "签名树头"),
    ("INSERT INTO {node} (node_id, hash) VALUES (%s, %s)", [MerkleNode.make_id(5, 7), "22" * 32], "节点"),
])
def test_any_edit_insert_or_delete_is_found(sql, params, expected):
    append(0, 10)
    sth_issue()
    assert verify_evidence_log().ok
    _raw(sql, params)
    try:
        report = verify_evidence_log()
    except Exception as exc:  # a head that no longer adds up is refused outright
        assert expected in str(exc)
        return
    assert not report.ok and expected in report.message, report.message


def test_resigned_forgery_is_found_by_the_signature():
    append(0, 4)
    sth_issue()
    _raw("UPDATE {sth} SET timestamp = timestamp + 1")
    report = verify_evidence_log()
    assert not report.ok and "签名无效" in report.message


# --- signed tree heads -----------------------------------------------------------------------------------------------


def test_tree_head_is_signed_once_per_size_and_audited(settings):
    first, created = sth_issue()
    assert created and first.tree_size == 0 and first.root_hash == m.EMPTY_ROOT.hex()
    append(0, 6)
    sth, created = sth_issue()
    assert created and (sth.tree_size, sth.root_hash) == (6, reference(6).root().hex())
    assert sth.origin == "yuezhifa/evidence-log" and sth.key_id == signing.key_id()
    message = signing.sth_message(origin=sth.origin, tree_size=6, root_hash=sth.root_hash, timestamp=sth.timestamp)
    assert message == f"yuezhifa-sth/v1\nyuezhifa/evidence-log\n6\n{sth.root_hash}\n{sth.timestamp}\n".encode()
    assert signing.verify(message, sth.signature)
    assert not signing.verify(message.replace(b"\n6\n", b"\n7\n"), sth.signature)
    again, created = sth_issue()
    assert not created and again.pk == sth.pk and again.timestamp >= first.timestamp
    entry = AuditEntry.objects.filter(action="evidence_log.sth_issue").last()
    assert entry.after["tree_size"] == 6 and entry.actor_repr == "系统"


def test_key_is_created_once_with_mode_0600_under_var_dir(settings, tmp_path):
    sth_issue()
    path = tmp_path / signing.KEY_FILE_NAME
    assert path.is_file() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    key_id = signing.key_id()
    signing._key_for.cache_clear()
    assert signing.key_id() == key_id  # read back, not regenerated


def test_key_from_the_environment_must_exist(settings, tmp_path):
    settings.YZF_EVIDENCE_LOG_KEY = str(tmp_path / "missing.pem")
    with pytest.raises(ImproperlyConfigured, match="YZF_EVIDENCE_LOG_KEY"):
        signing.public_key_raw()
    # a key given by path is used as it is
    key_file = tmp_path / "platform.pem"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    settings.YZF_EVIDENCE_LOG_KEY = str(key_file)
    assert signing.public_key_raw() == key.public_key().public_bytes(serialization.Encoding.Raw,
                                                                     serialization.PublicFormat.Raw)


def test_hourly_task_signs_only_when_the_log_grew():
    from yuezhifa.audit.tasks import issue_evidence_log_sth

    assert issue_evidence_log_sth.call_local() == 0
    assert issue_evidence_log_sth.call_local() is None
    append(0, 3)
    assert issue_evidence_log_sth.call_local() == 3
    assert issue_evidence_log_sth.call_local() is None
    assert list(SignedTreeHead.objects.values_list("tree_size", flat=True)) == [0, 3]


# --- concurrency (PostgreSQL) ----------------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="行级锁并发测试需要 PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_tree():
    """Twenty threads, each with its own connection, append five leaves each (one leaf per transaction, with a
    shared file among them) released together: 20 × 5 distinct leaves numbered 0..99 without gap, one tree."""
    threads_n, per_thread = 20, 5
    barrier = threading.Barrier(threads_n, timeout=60)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            barrier.wait()
            for k in range(per_thread):
                with transaction.atomic():
                    merkle_append(object_type="cases.evidence", object_id=f"t{t}-{k}", sha256=sha(k))
                    merkle_append(object_type="cases.evidence", object_id=f"t{t}-{k}", sha256=sha(k))  # idempotent
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    total = threads_n * per_thread
    assert tree_size() == total
    assert sorted(MerkleLeaf.objects.values_list("leaf_index", flat=True)) == list(range(total))
    report = verify_evidence_log()
    assert report.ok, report.message
    leaves = [bytes.fromhex(h) for h in MerkleLeaf.objects.order_by("leaf_index").values_list("leaf_hash", flat=True)]
    assert current_root() == (total, m.mth(leaves))
