"""The evidence log (证据存证, DESIGN §7): every evidence file and issued document in an append-only RFC 6962 /
RFC 9162 Merkle log with signed tree heads, inclusion and consistency proofs. See docs/decisions/0010-证据存证.md.

Call from a service, inside its transaction::

    from yuezhifa.audit.merkle import merkle_append, merkle_append_many, LogEntry
    merkle_append(obj=evidence, sha256=evidence.sha256)
    merkle_append_many([LogEntry("cases.evidence", str(e.pk), e.sha256) for e in rows])
"""

from .log import (
    EvidenceLogCorrupt,
    Leaf,
    LogEntry,
    LogReport,
    consistency_proof,
    current_root,
    inclusion_proof,
    latest_sth,
    leaf_at,
    leaf_for_sha256,
    merkle_append,
    merkle_append_many,
    root_at,
    sth_at,
    sth_issue,
    sth_json,
    tree_size,
    verify_evidence_log,
)
from .rfc9162 import ProofError

__all__ = [
    "EvidenceLogCorrupt",
    "Leaf",
    "LogEntry",
    "LogReport",
    "ProofError",
    "consistency_proof",
    "current_root",
    "inclusion_proof",
    "latest_sth",
    "leaf_at",
    "leaf_for_sha256",
    "merkle_append",
    "merkle_append_many",
    "root_at",
    "sth_at",
    "sth_issue",
    "sth_json",
    "tree_size",
    "verify_evidence_log",
]
