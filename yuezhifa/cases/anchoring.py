"""The case platform's part of the anchoring (docs/decisions/0020): at every checkpoint the head act of each case
whose head is not anchored yet enters the evidence log (leaf data: the act's hash, which commits to the whole log of
the case before it). Nothing on the path of an act: a checkpoint finds the changed cases with one anti-join."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Subquery

from yuezhifa.audit.merkle import LogEntry
from yuezhifa.audit.models import MerkleLeaf

from .models import Act, Case

ACT_ANCHOR = "cases.act"


def unanchored_heads() -> list[LogEntry]:
    """The head act of every case whose head act is not in the evidence log, read from the act rows (the case's
    cached ``last_hash`` is not trusted)."""
    head = Act.objects.filter(case=OuterRef("pk"), seq=OuterRef("version"))
    anchored = MerkleLeaf.objects.filter(sha256=OuterRef("head_hash"), object_type=ACT_ANCHOR)
    rows = (Case.objects.filter(version__gt=0)
            .annotate(head_id=Subquery(head.values("pk")[:1]), head_hash=Subquery(head.values("hash")[:1]))
            .filter(head_hash__isnull=False).filter(~Exists(anchored))
            .order_by("registered_at", "pk").values_list("head_id", "head_hash"))
    return [LogEntry(ACT_ANCHOR, str(pk), sha) for pk, sha in rows]
