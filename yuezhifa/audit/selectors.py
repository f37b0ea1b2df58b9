"""Reading and verifying the audit log."""

from dataclasses import dataclass

from .models import GENESIS_HASH, AuditEntry, AuditHead


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    message: str
    broken_seq: int | None = None


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the chain in order: each row's hash must match its contents, each row must name the previous row's hash,
    sequence numbers must have no gaps, and the head must name the last row (so deleted tail rows show)."""
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
    return ChainReport(True, checked, f"OK：审计链完整，共 {checked} 条记录。")
