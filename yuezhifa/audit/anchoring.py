"""Anchoring the hash chains in the signed evidence log (DESIGN §7; docs/decisions/0020).

A hash chain alone proves nothing to someone who can write the database: they can edit a row and recompute every hash
up to the head. So at every checkpoint (hourly, and on demand with ``yzf anchor``) the current head of the audit chain
and the head act of every case that changed since are appended to the evidence log as leaves (the leaf data is the
row's own SHA-256, so the leaf commits to the whole chain before it), and a signed tree head is issued over them with
the Ed25519 key that lives outside the database. Verification then compares each chain with its anchored, signed
leaves: a re-chained edit no longer matches an anchor, and deleting anchors or tree heads leaves rows unanchored
longer than ``ANCHOR_GRACE``, which the commands report as well.

Other apps contribute their chains' heads with ``register_anchor_source`` (the case platform registers its case
heads in its ``AppConfig.ready``), so this module knows no other app.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from .merkle import LogEntry, merkle_append_many, signing, sth_issue
from .merkle.log import latest_sth, sth_message
from .models import AuditEntry, AuditHead, MerkleLeaf, SignedTreeHead

AUDIT_ANCHOR = "audit.auditentry"
# Signing a tree head writes an audit row; rows of that action alone do not call for a new anchor (else an idle
# log would grow by one leaf and one signed head every hour), and their content is itself signed.
STH_ACTION = "evidence_log.sth_issue"
# A checkpoint runs every hour; a row may wait that long (and a little more for a busy queue) to be anchored.
ANCHOR_GRACE = datetime.timedelta(hours=2)

_sources: list[Callable[[], Iterable[LogEntry]]] = []


def register_anchor_source(source: Callable[[], Iterable[LogEntry]]) -> None:
    """``source()`` returns the heads of an app's chains that are not anchored yet, as evidence-log entries."""
    if source not in _sources:
        _sources.append(source)


@dataclass(frozen=True)
class Checkpoint:
    anchored: int  # new leaves appended
    sth: SignedTreeHead
    signed: bool  # whether a new tree head was signed


@transaction.atomic
def _append_heads() -> int:
    entries: list[LogEntry] = []
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.last_seq:
        last = (MerkleLeaf.objects.filter(object_type=AUDIT_ANCHOR).order_by("-leaf_index")
                .values_list("object_id", flat=True).first())
        if AuditEntry.objects.filter(seq__gt=int(last or 0)).exclude(action=STH_ACTION).exists():
            entries.append(LogEntry(AUDIT_ANCHOR, str(head.last_seq), head.last_hash))
    for source in _sources:
        entries.extend(source())
    return sum(leaf.created for leaf in merkle_append_many(entries))


def anchor_checkpoint() -> Checkpoint:
    """Anchor the heads of the audit chain and of every changed case, then sign a tree head covering them. Appending
    and signing are two transactions: the heads are committed before they are signed, and a failure to sign leaves
    them for the next checkpoint. Idempotent: with nothing new, nothing is appended and no head is signed."""
    anchored = _append_heads()
    sth, signed = sth_issue()
    return Checkpoint(anchored, sth, signed)


# --- reading anchors for verification -------------------------------------------------------------------------------


def signed_size() -> int:
    """How many leaves the newest tree head with a valid signature by the platform's key covers: anchors beyond it
    are not (yet) signed and prove nothing against someone who can write the database. ``verify_evidence_log``
    checks that the leaves and nodes add up to every signed root."""
    sth = latest_sth()
    while sth is not None:
        if sth.key_id == signing.key_id() and signing.verify(sth_message(sth), sth.signature):
            return sth.tree_size
        sth = SignedTreeHead.objects.filter(tree_size__lt=sth.tree_size).order_by("-tree_size").first()
    return 0


@dataclass(frozen=True)
class Anchor:
    leaf_index: int
    object_id: str
    sha256: str
    signed: bool


def anchors(object_type: str, object_ids: Iterable[str] | None = None, *, size: int | None = None) -> list[Anchor]:
    """The anchors of one kind (optionally for the given objects), in log order."""
    size = signed_size() if size is None else size
    rows = MerkleLeaf.objects.filter(object_type=object_type)
    if object_ids is not None:
        rows = rows.filter(object_id__in=[str(i) for i in object_ids])
    return [Anchor(index, object_id, sha, index < size)
            for index, object_id, sha in rows.order_by("leaf_index").values_list("leaf_index", "object_id", "sha256")]
