"""Reading and verifying the audit log."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import GENESIS_HASH, AuditEntry, AuditHead


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    message: str
    broken_seq: int | None = None


def verify_chain(batch_size: int = 5000, *, stale_after: datetime.timedelta | None = None) -> ChainReport:
    """Walk the chain in order: each row's hash must match its contents, each row must name the previous row's hash,
    sequence numbers must have no gaps, and the head must name the last row (so deleted tail rows show).

    Then the anchors (docs/decisions/0020): every head anchored in the evidence log must still be the row's hash, so
    an edit re-chained up to the head is found between the last anchor that still matches and the first that does
    not. With ``stale_after``, rows older than that must be covered by a signed anchor (``yzf verify-audit`` passes
    ``ANCHOR_GRACE``): deleting anchors or signed heads to re-chain what follows leaves rows unanchored."""
    from .anchoring import AUDIT_ANCHOR, STH_ACTION, anchors

    anchored = {}
    for anchor in anchors(AUDIT_ANCHOR):
        anchored.setdefault(int(anchor.object_id), anchor)
    last_good = 0  # the last anchored row that still matches its anchor
    covered = 0  # the last row covered by a signed anchor
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                return ChainReport(False, checked, f"审计链断裂：第 {expected_seq} 条记录缺失（已被删除）。", expected_seq)
            if entry.prev_hash != prev_hash:
                return ChainReport(False, checked, f"审计链断裂：第 {entry.seq} 条记录的前序哈希与上一条不符。",
                                   entry.seq)
            if entry.compute_hash() != entry.hash:
                return ChainReport(False, checked, f"审计链断裂：第 {entry.seq} 条记录的内容已被篡改。", entry.seq)
            anchor = anchored.get(entry.seq)
            if anchor is not None:
                if anchor.sha256 != entry.hash:
                    return ChainReport(
                        False, checked,
                        f"审计链被篡改：第 {entry.seq} 条记录的哈希与存证日志第 {anchor.leaf_index} 号叶子锚定的不符，"
                        f"第 {last_good + 1} 至 {entry.seq} 条记录中有记录被修改后重新计算了哈希链。", last_good + 1)
                last_good = entry.seq
                if anchor.signed:
                    covered = entry.seq
            prev_hash = entry.hash
            last_seq = entry.seq
            expected_seq += 1
            checked += 1
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    if head_seq != last_seq or head_hash != prev_hash:
        missing = last_seq + 1
        return ChainReport(False, checked, f"审计链断裂：链头记录到第 {head_seq} 条，但第 {missing} 条起的记录缺失。",
                           missing)
    beyond = [seq for seq in anchored if seq > last_seq]
    if beyond:
        return ChainReport(False, checked, f"审计链被篡改：第 {min(beyond)} 条记录已在存证日志中锚定，现已缺失。",
                           min(beyond))
    if stale_after is not None:
        stale = (AuditEntry.objects.filter(seq__gt=covered, at__lt=timezone.now() - stale_after)
                 .exclude(action=STH_ACTION).order_by("seq").values_list("seq", flat=True).first())
        if stale is not None:
            hours = stale_after.total_seconds() / 3600
            return ChainReport(False, checked, f"审计链未锚定：第 {stale} 条起的记录超过 {hours:g} 小时未被签名树头锚定"
                                               "（定时任务未运行，或锚定记录、签名树头被删除）；"
                                               "确认无误后运行 yzf anchor。", stale)
    return ChainReport(True, checked, f"OK：审计链完整，共 {checked} 条记录。")
