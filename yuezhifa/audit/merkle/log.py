"""The evidence log in the database: appends, proofs, signed tree heads and a full verification.

Storage (``yuezhifa.audit.models``): ``MerkleLeaf`` (one row per entry), ``MerkleNode`` (every complete subtree of
two or more leaves, written when its last leaf arrives, never changed), ``MerkleHead`` (size and compact range, one
locked row) and ``SignedTreeHead``. An append reads one row and writes one leaf, on average one node and the head: no
recomputation. A proof or a root at any past size is assembled from O(log n) stored hashes read in two queries.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError

from ..models import NODE_LEVEL_SHIFT, MerkleHead, MerkleLeaf, MerkleNode, SignedTreeHead
from . import rfc9162, signing

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_IN_CHUNK = 2000


@dataclass(frozen=True)
class LogEntry:
    """What to enter: the file's SHA-256 (hex) and the object it belongs to (e.g. ``cases.evidence`` and its id)."""

    object_type: str
    object_id: str
    sha256: str


class EvidenceLogCorrupt(RuntimeError):
    """A stored hash the log needs is missing or does not add up."""


# --- appending ------------------------------------------------------------------------------------------------------


def _clean(entry: LogEntry | tuple, position: int | None = None) -> LogEntry:
    if not isinstance(entry, LogEntry):
        entry = LogEntry(*entry)
    where = f"第 {position + 1} 项：" if position is not None else ""
    sha = (entry.sha256 or "").strip().lower()
    if not SHA256_RE.match(sha):
        raise DomainError(f"{where}SHA-256 应为 64 位十六进制字符。", field="sha256")
    object_type, object_id = (entry.object_type or "").strip(), str(entry.object_id or "").strip()
    if not object_type or len(object_type) > 80:
        raise DomainError(f"{where}对象类型不能为空，且不超过 80 个字符。", field="object_type")
    if not object_id or len(object_id) > 64:
        raise DomainError(f"{where}对象标识不能为空，且不超过 64 个字符。", field="object_id")
    return LogEntry(object_type, object_id, sha)


def _decode_frontier(head: MerkleHead) -> list[bytes]:
    text = head.frontier
    frontier = [bytes.fromhex(text[i:i + 64]) for i in range(0, len(text), 64)]
    if len(frontier) != head.size.bit_count():
        raise EvidenceLogCorrupt(f"证据存证日志头已损坏：{head.size} 个叶子应有 {head.size.bit_count()} 个右边界哈希，"
                                 f"实有 {len(frontier)} 个。")
    return frontier


@dataclass(frozen=True, slots=True)
class Leaf:
    """An entry of the log as ``merkle_append`` returns it. ``created`` is False when the same file of the same
    object was already in the log (the existing entry is returned, nothing is written)."""

    leaf_index: int
    leaf_hash: str
    sha256: str
    object_type: str
    object_id: str
    appended_at: datetime
    created: bool


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _locked_head(cursor) -> tuple[int, str]:
    """(size, frontier) of the head row, locked until the end of the caller's transaction."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT size, frontier FROM {_q(MerkleHead._meta.db_table)} WHERE id = 1{lock}"  # noqa: S608
    cursor.execute(sql)
    row = cursor.fetchone()
    if row is None:
        MerkleHead.objects.get_or_create(id=1)  # first append ever; a concurrent creator wins, we then wait on it
        cursor.execute(sql)
        row = cursor.fetchone()
    return row[0], row[1]


def _existing(cursor, entries: list[LogEntry]) -> dict[tuple[str, str, str], Leaf]:
    table = _q(MerkleLeaf._meta.db_table)
    chunk = min(_IN_CHUNK, connection.features.max_query_params or _IN_CHUNK)
    shas = sorted({e.sha256 for e in entries})
    found: dict[tuple[str, str, str], Leaf] = {}
    for i in range(0, len(shas), chunk):
        part = shas[i:i + chunk]
        cursor.execute(f"SELECT leaf_index, leaf_hash, sha256, object_type, object_id FROM {table} "  # noqa: S608
                       f"WHERE sha256 IN ({', '.join(['%s'] * len(part))})", part)
        rows = cursor.fetchall()
        if rows:  # rare: read the times through the ORM so that they come back as aware datetimes
            times = dict(MerkleLeaf.objects.filter(leaf_index__in=[r[0] for r in rows])
                         .values_list("leaf_index", "appended_at"))
            for index, leaf_hash, sha, object_type, object_id in rows:
                found[(sha, object_type, object_id)] = Leaf(index, leaf_hash, sha, object_type, object_id,
                                                            times[index], created=False)
    return found


def merkle_append_many(entries: Iterable[LogEntry | tuple]) -> list[Leaf]:
    """Enter files in the evidence log, in order; returns their leaves in the same order. Must run inside the
    caller's transaction, like ``audit_record``: if the act rolls back, so do its leaves, and the locked head row
    makes concurrent appends take turns, so the tree never forks. An entry already in the log (same object, same
    hash) is not entered again: its existing leaf is returned (``created=False``).

    The hot path is plain parameterised SQL (one locked read, one duplicate check, two multi-row inserts and one
    update per call, whatever the batch size): the ORM's per-row overhead would cost more than the tree."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("merkle_append must be called inside a transaction (a service).")
    cleaned = [_clean(e, i) for i, e in enumerate(entries)]
    if not cleaned:
        return []
    with connection.cursor() as cursor:
        size, frontier_text = _locked_head(cursor)
        head = MerkleHead(id=1, size=size, frontier=frontier_text)
        frontier = _decode_frontier(head)
        existing = _existing(cursor, cleaned)
        now = timezone.now()
        out: list[Leaf] = []
        leaf_rows: list[tuple] = []
        node_rows: list[tuple] = []
        for entry in cleaned:
            key = (entry.sha256, entry.object_type, entry.object_id)
            if key in existing:
                out.append(existing[key])
                continue
            leaf_hash = rfc9162.leaf_hash(bytes.fromhex(entry.sha256))
            frontier, completed = rfc9162.frontier_append(frontier, size, leaf_hash)
            leaf = Leaf(size, leaf_hash.hex(), entry.sha256, entry.object_type, entry.object_id, now, created=True)
            leaf_rows.append((size, leaf.leaf_hash, entry.sha256, entry.object_type, entry.object_id))
            node_rows.extend((level << NODE_LEVEL_SHIFT | index, h.hex()) for level, index, h in completed)
            existing[key] = Leaf(*leaf_rows[-1], now, created=False)  # a repeat later in this batch
            out.append(leaf)
            size += 1
        if leaf_rows:
            at = MerkleLeaf._meta.get_field("appended_at").get_db_prep_value(now, connection)
            cursor.executemany(
                f"INSERT INTO {_q(MerkleLeaf._meta.db_table)} "  # noqa: S608
                "(leaf_index, leaf_hash, sha256, object_type, object_id, appended_at) VALUES (%s, %s, %s, %s, %s, %s)",
                [(*row, at) for row in leaf_rows])
            if node_rows:
                cursor.executemany(f"INSERT INTO {_q(MerkleNode._meta.db_table)} (node_id, hash) VALUES (%s, %s)",  # noqa: S608
                                   node_rows)
            cursor.execute(f"UPDATE {_q(MerkleHead._meta.db_table)} SET size = %s, frontier = %s, "  # noqa: S608
                           "updated_at = %s WHERE id = 1",
                           [size, "".join(h.hex() for h in frontier),
                            MerkleHead._meta.get_field("updated_at").get_db_prep_value(now, connection)])
    return out


def merkle_append(*, sha256: str, obj: models.Model | None = None, object_type: str = "",
                  object_id: str = "") -> Leaf:
    """Enter one file in the evidence log (see ``merkle_append_many``). ``obj`` supplies object_type
    (``app_label.model``) and object_id (its pk) when they are not given."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return merkle_append_many([LogEntry(object_type, object_id, sha256)])[0]


# --- reading --------------------------------------------------------------------------------------------------------


def tree_size() -> int:
    head = MerkleHead.objects.filter(id=1).first()
    return head.size if head else 0


def current_root() -> tuple[int, bytes]:
    """(size, root hash) of the log as committed now."""
    head = MerkleHead.objects.filter(id=1).first()
    if head is None:
        return 0, rfc9162.EMPTY_ROOT
    return head.size, rfc9162.fold_frontier(_decode_frontier(head))


def hash_ranges(ranges: Sequence[rfc9162.Range]) -> list[bytes]:
    """MTH(D[begin:end]) for each range, from the stored leaves and nodes: one query for each table."""
    plans = [rfc9162.range_nodes(b, e) for b, e in ranges]
    leaf_ids = sorted({index for plan in plans for level, index in plan if level == 0})
    node_ids = sorted({MerkleNode.make_id(level, index) for plan in plans for level, index in plan if level})
    found: dict[tuple[int, int], bytes] = {}
    if leaf_ids:
        for index, h in MerkleLeaf.objects.filter(leaf_index__in=leaf_ids).values_list("leaf_index", "leaf_hash"):
            found[(0, index)] = bytes.fromhex(h)
    if node_ids:
        mask = (1 << 56) - 1
        for node_id, h in MerkleNode.objects.filter(node_id__in=node_ids).values_list("node_id", "hash"):
            found[(node_id >> 56, node_id & mask)] = bytes.fromhex(h)
    out = []
    for (begin, end), plan in zip(ranges, plans, strict=True):
        try:
            out.append(rfc9162.fold_range([found[node] for node in plan]))
        except KeyError as missing:
            raise EvidenceLogCorrupt(f"证据存证日志缺少节点 {missing.args[0]}（区间 [{begin}, {end})），日志已损坏。") \
                from None
    return out


def root_at(size: int) -> bytes:
    if size == 0:
        return rfc9162.EMPTY_ROOT
    return hash_ranges([(0, size)])[0]


def inclusion_proof(leaf_index: int, size: int) -> list[bytes]:
    return rfc9162.inclusion_proof(leaf_index, size, hash_ranges)


def consistency_proof(first: int, second: int) -> list[bytes]:
    return rfc9162.consistency_proof(first, second, hash_ranges)


def leaf_for_sha256(sha256: str) -> MerkleLeaf | None:
    """The earliest leaf holding this file hash (the same file may belong to several objects)."""
    return MerkleLeaf.objects.filter(sha256=sha256.strip().lower()).order_by("leaf_index").first()


def leaf_at(index: int) -> MerkleLeaf | None:
    return MerkleLeaf.objects.filter(leaf_index=index).first()


def latest_sth() -> SignedTreeHead | None:
    return SignedTreeHead.objects.order_by("-tree_size").first()


def sth_at(size: int) -> SignedTreeHead | None:
    return SignedTreeHead.objects.filter(tree_size=size).first()


# --- signed tree heads ----------------------------------------------------------------------------------------------


def sth_message(sth: SignedTreeHead) -> bytes:
    return signing.sth_message(origin=sth.origin, tree_size=sth.tree_size, root_hash=sth.root_hash,
                               timestamp=sth.timestamp)


def sth_issue() -> tuple[SignedTreeHead, bool]:
    """Sign the log's current head unless the latest STH already covers it. Returns (STH, whether it is new).
    Runs in its own transaction; the head row is read, not locked, so a long case transaction never waits on it.
    Issuing a head changes nothing in the log: it only signs what is already committed."""
    from ..services import audit_record

    size, root = current_root()
    latest = latest_sth()
    if latest is not None and latest.tree_size >= size:
        return latest, False
    timestamp = int(time.time() * 1000)
    if latest is not None:
        timestamp = max(timestamp, latest.timestamp)  # never earlier than the head before it
    sth = SignedTreeHead(tree_size=size, root_hash=root.hex(), timestamp=timestamp, origin=signing.origin(),
                         key_id=signing.key_id(), created_at=timezone.now())
    sth.signature = signing.sign(sth_message(sth))
    try:
        with transaction.atomic():
            sth.save(force_insert=True)
            audit_record(actor=SYSTEM, action="evidence_log.sth_issue", obj=sth,
                         after={"tree_size": size, "root_hash": sth.root_hash, "key_id": sth.key_id})
    except IntegrityError:  # another process signed the same size at the same moment: theirs stands
        return SignedTreeHead.objects.get(tree_size=size), False
    return sth, True


def sth_json(sth: SignedTreeHead) -> dict:
    return {
        "format": signing.STH_FORMAT,
        "origin": sth.origin,
        "tree_size": sth.tree_size,
        "root_hash": sth.root_hash,
        "timestamp": sth.timestamp,
        "key_id": sth.key_id,
        "signature": sth.signature,
    }


# --- verification ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogReport:
    ok: bool
    checked: int
    message: str


def verify_evidence_log(batch_size: int = 10000) -> LogReport:
    """Rebuild the whole tree from the leaves in order and compare: every leaf hash against its file hash, every
    stored node against the recomputed one, no gaps, the head's size and compact range, every STH's root and
    signature. Finds any edited, inserted or deleted row."""
    frontier: list[bytes] = []
    size = 0
    sths = list(SignedTreeHead.objects.order_by("tree_size"))
    pending_sths = [s for s in sths if s.tree_size > 0]
    for sth in sths:
        if sth.tree_size == 0 and sth.root_hash != rfc9162.EMPTY_ROOT.hex():
            return LogReport(False, 0, "证据存证日志：树大小为 0 的签名树头的根哈希不是空树哈希。")
    while True:
        leaves = list(MerkleLeaf.objects.filter(leaf_index__gte=size).order_by("leaf_index")
                      .values_list("leaf_index", "leaf_hash", "sha256")[:batch_size])
        if not leaves:
            break
        expected_nodes: dict[int, str] = {}
        sth_mismatch: int | None = None
        for index, stored_hash, sha in leaves:
            if index != size:
                return LogReport(False, size, f"证据存证日志断裂：第 {size} 号叶子缺失。")
            computed = rfc9162.leaf_hash(bytes.fromhex(sha))
            if computed.hex() != stored_hash:
                return LogReport(False, size, f"证据存证日志：第 {size} 号叶子的哈希与其文件哈希不符（已被篡改）。")
            frontier, completed = rfc9162.frontier_append(frontier, size, computed)
            for level, node_index, h in completed:
                expected_nodes[MerkleNode.make_id(level, node_index)] = h.hex()
            size += 1
            while pending_sths and pending_sths[0].tree_size == size:
                sth = pending_sths.pop(0)
                if sth_mismatch is None and rfc9162.fold_frontier(frontier).hex() != sth.root_hash:
                    sth_mismatch = size
        # the stored nodes first: a leaf edited together with its leaf hash shows there, more precisely
        stored = dict(MerkleNode.objects.filter(node_id__in=list(expected_nodes)).values_list("node_id", "hash")) \
            if expected_nodes else {}
        for node_id, h in expected_nodes.items():
            if stored.get(node_id) != h:
                level, index = node_id >> 56, node_id & ((1 << 56) - 1)
                return LogReport(False, size, f"证据存证日志：节点（层 {level}，序号 {index}）缺失或被篡改。")
        if sth_mismatch is not None:
            return LogReport(False, size, f"证据存证日志：树大小为 {sth_mismatch} 的签名树头与重算的根哈希不符。")
    head = MerkleHead.objects.filter(id=1).first()
    head_size, head_frontier = (head.size, head.frontier) if head else (0, "")
    if head_size > size:
        return LogReport(False, size, f"证据存证日志：日志头记录 {head_size} 个叶子，实有 {size} 个（末尾的叶子已被删除）。")
    if head_size != size or head_frontier != "".join(h.hex() for h in frontier):
        return LogReport(False, size, f"证据存证日志：日志头记录 {head_size} 个叶子、右边界哈希与实有的 {size} 个叶子不符。")
    if pending_sths:
        return LogReport(False, size, f"证据存证日志：签名树头的树大小 {pending_sths[0].tree_size} 超过叶子数 {size}"
                                      "（末尾的叶子已被删除）。")
    node_count = MerkleNode.objects.count()
    if node_count != size - size.bit_count():  # a tree of n leaves has n - popcount(n) complete inner nodes
        return LogReport(False, size, f"证据存证日志：存有 {node_count} 个节点，{size} 个叶子应有 "
                                      f"{size - size.bit_count()} 个（有节点被插入或删除）。")
    for sth in sths:
        # a head signed by another key cannot be checked here, and a forged head would claim just that: refuse it
        # (docs/decisions/0020; after a key change, keep the old key's heads verifiable before rotating)
        if sth.key_id != signing.key_id():
            return LogReport(False, size, f"证据存证日志：树大小为 {sth.tree_size} 的签名树头由未知公钥"
                                          f"（{sth.key_id[:16]}…）签名，无法核验。")
        if not signing.verify(sth_message(sth), sth.signature):
            return LogReport(False, size, f"证据存证日志：树大小为 {sth.tree_size} 的签名树头签名无效。")
    return LogReport(True, size, f"OK：证据存证日志完整，共 {size} 个叶子、{len(sths)} 个签名树头。")
