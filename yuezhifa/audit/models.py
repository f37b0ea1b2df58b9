"""The append-only, hash-chained audit log (DESIGN §7, 办法 第57-59条, 第62条(三))."""

import hashlib
import json

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class AuditEntry(models.Model):
    """One audited act. Rows are only ever inserted; ``verify_chain`` detects any edit or deletion."""

    seq = models.BigAutoField("序号", primary_key=True)
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+", db_constraint=False)
    actor_repr = models.CharField("操作人（记录时）", max_length=200, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    object_id = models.CharField("对象标识", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象（记录时）", max_length=300, blank=True)
    before = models.JSONField("变更前摘要", null=True, blank=True)
    after = models.JSONField("变更后摘要", null=True, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("本条哈希", max_length=64, unique=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("审计记录只能追加，不能删除。")

    def payload(self) -> dict:
        """The fields the hash covers, in a form that survives a database round trip unchanged."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor": str(self.actor_id) if self.actor_id else None,
            "actor_repr": self.actor_repr,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "request_id": self.request_id,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.payload()).encode()).hexdigest()



class AuditHead(models.Model):
    """The chain's tip, one row. Appending locks it, so entries are chained in one order even under concurrency,
    and deleting the newest entries is detected because the head still names them."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"


# --- Evidence log: an RFC 6962 / RFC 9162 Merkle log of evidence files and issued documents (DESIGN §7) -------------


class _AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("证据存证日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("证据存证日志只能追加，不能删除。")


class MerkleLeaf(_AppendOnly):
    """One entry of the evidence log: the SHA-256 of a file (the leaf data d is its 32 bytes, so the leaf hash is
    SHA-256(0x00 ‖ SHA-256(file))) and what it belongs to. ``leaf_index`` is its position in the tree, from 0."""

    leaf_index = models.BigIntegerField("叶子序号", primary_key=True)
    leaf_hash = models.CharField("叶子哈希", max_length=64)
    sha256 = models.CharField("文件 SHA-256", max_length=64)
    object_type = models.CharField("对象类型", max_length=80)
    object_id = models.CharField("对象标识", max_length=64)
    appended_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "证据存证叶子"
        verbose_name_plural = "证据存证叶子"
        ordering = ["leaf_index"]
        constraints = [
            # Leading sha256: the same index answers look-ups by hash.
            models.UniqueConstraint(fields=["sha256", "object_type", "object_id"], name="audit_merkleleaf_once"),
        ]
        # the anchors of a chain's rows, looked up by object when a chain is verified (docs/decisions/0020)
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_merkleleaf_object")]

    def __str__(self) -> str:
        return f"#{self.leaf_index} {self.object_type}:{self.object_id} {self.sha256[:12]}"


NODE_LEVEL_SHIFT = 56


class MerkleNode(_AppendOnly):
    """The hash of a complete subtree at ``level`` >= 1 (2**level leaves) and ``index`` on its level, stored when its
    last leaf is appended and never changed after: every proof and root is assembled from O(log n) of these.
    ``node_id`` packs both: level << 56 | index."""

    node_id = models.BigIntegerField("节点编号", primary_key=True)
    hash = models.CharField("节点哈希", max_length=64)

    class Meta:
        verbose_name = "证据存证节点"
        verbose_name_plural = "证据存证节点"

    def __str__(self) -> str:
        return f"({self.level}, {self.index}) {self.hash[:12]}"

    @staticmethod
    def make_id(level: int, index: int) -> int:
        return level << NODE_LEVEL_SHIFT | index

    @property
    def level(self) -> int:
        return self.node_id >> NODE_LEVEL_SHIFT

    @property
    def index(self) -> int:
        return self.node_id & ((1 << NODE_LEVEL_SHIFT) - 1)


class MerkleHead(models.Model):
    """The log's tip, one row: its size and its compact range (the right-border subtree hashes, largest first, as
    concatenated hex). Appending locks it, so concurrent appends are numbered in one order and never fork the tree."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField("叶子数", default=0)
    frontier = models.TextField("右边界子树哈希", default="", blank=True)
    updated_at = models.DateTimeField("更新时间", null=True, blank=True)

    class Meta:
        verbose_name = "证据存证日志头"
        verbose_name_plural = "证据存证日志头"

    def __str__(self) -> str:
        return f"{self.size} 个叶子"


class SignedTreeHead(_AppendOnly):
    """A signed tree head (STH): the platform's Ed25519 signature over the log's size, root hash and a timestamp.
    The signed bytes are ``sth_message`` (see ``yuezhifa.audit.merkle.signing``)."""

    tree_size = models.BigIntegerField("树大小", unique=True)
    root_hash = models.CharField("根哈希", max_length=64)
    timestamp = models.BigIntegerField("时间戳（毫秒）")
    origin = models.CharField("日志名称", max_length=200)
    key_id = models.CharField("签名公钥标识", max_length=64)
    signature = models.CharField("签名（Base64）", max_length=100)
    created_at = models.DateTimeField("签发时间")

    class Meta:
        verbose_name = "签名树头"
        verbose_name_plural = "签名树头"
        ordering = ["tree_size"]

    def __str__(self) -> str:
        return f"STH {self.tree_size} {self.root_hash[:12]}"
