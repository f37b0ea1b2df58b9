"""Writing to the audit log. Every service calls ``audit_record`` inside its own transaction."""

from django.db import models, transaction
from django.utils import timezone

from yuezhifa.core.middleware import current_request_id

from .models import AuditEntry, AuditHead

# The audit chain is stamped with the machine's own time, taken here once: a simulated platform clock (the demo's
# story clock, ``cases.demo.recorded``, which stands at each act's moment while it is entered) never reaches it, so
# the chain's times always run forward with its sequence numbers.
_wall_clock = timezone.now


def _actor_repr(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "系统"
    name = getattr(actor, "real_name", "") or actor.get_username()
    return f"{name}（{actor.get_username()}）"


def audit_record(*, actor, action: str, obj: models.Model | None = None, object_type: str = "",
                 object_id: str = "", object_repr: str = "", before: dict | None = None,
                 after: dict | None = None) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction: if the act rolls back, so does
    its audit entry, and an audited act is never without its entry."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside a transaction (a service).")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    entry = AuditEntry(
        seq=head.last_seq + 1,
        at=_wall_clock(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_repr=_actor_repr(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        before=before,
        after=after,
        request_id=current_request_id(),
        prev_hash=head.last_hash,
    )
    # Round-trip JSON now so the hash covers exactly what the database will give back.
    entry.before = _roundtrip(entry.before)
    entry.after = _roundtrip(entry.after)
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    AuditHead.objects.filter(id=1).update(last_seq=entry.seq, last_hash=entry.hash, count=models.F("count") + 1)
    return entry


def _roundtrip(value):
    import json

    from .models import canonical_json

    return None if value is None else json.loads(canonical_json(value))
