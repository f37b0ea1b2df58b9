"""Maintaining laws by hand: the metadata a source may lack or get wrong, and tags.

The text itself is never edited here: a corrected or amended text comes in as a file through ``laws_import`` (a new
version, or the same version updated in place), so the library always matches a published source.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError

from ..indexing import index_law
from ..models import Law, LawLevel, Provision
from ..permissions import require_editor
from .versions import apply_versions

LAW_EDITABLE = ("short_name", "level", "category", "issuing_body", "publish_date", "effective_date", "expiry_date",
                "is_repealed", "tags")


def _clean_tags(tags) -> list[str]:
    if not isinstance(tags, list | tuple) or not all(isinstance(tag, str) for tag in tags):
        raise DomainError("标签应为文字列表。", field="tags")
    cleaned: list[str] = []
    for tag in tags:
        tag = tag.strip()
        if not tag:
            continue
        if len(tag) > 40:
            raise DomainError(f"标签“{tag[:10]}…”过长（最多 40 字）。", field="tags")
        if tag not in cleaned:
            cleaned.append(tag)
    return cleaned


def _snapshot(law: Law) -> dict:
    data = {}
    for name in (*LAW_EDITABLE, "status"):
        value = getattr(law, name)
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def law_update(*, actor, law: Law, today: datetime.date | None = None, **changes) -> Law:
    """Change a law version's metadata. Status and the version chain are derived again from the new dates and the
    repeal mark, and the search index follows."""
    require_editor(actor)
    unknown = set(changes) - set(LAW_EDITABLE)
    if unknown:
        name = sorted(unknown)[0]
        raise DomainError(f"字段“{name}”不能修改（条文与版本链由导入维护）。", field=name)
    if "tags" in changes:
        changes["tags"] = _clean_tags(changes["tags"])
    if "level" in changes and changes["level"] not in LawLevel.values:
        raise DomainError(f"效力位阶“{changes['level']}”无效。", field="level")
    if "short_name" in changes and not str(changes["short_name"]).strip():
        raise DomainError("简称不能为空。", field="short_name")
    with transaction.atomic():
        law = Law.objects.select_for_update().get(pk=law.pk)
        before = _snapshot(law)
        for name, value in changes.items():
            setattr(law, name, value)
        effective, expiry = law.effective_date, law.expiry_date
        if effective and expiry and expiry < effective:
            raise DomainError("失效日期不能早于施行日期。", field="expiry_date")
        law.save()
        apply_versions(today or timezone.localdate())
        law.refresh_from_db()
        index_law(law)
        audit_record(actor=actor, action="laws.law.update", obj=law, before=before, after=_snapshot(law))
    return law


def provision_update(*, actor, provision: Provision, tags: list[str]) -> Provision:
    """Set the tags of a provision (e.g. 罚则, 听证, a domain), which enforcement items and search use."""
    require_editor(actor)
    with transaction.atomic():
        provision = Provision.objects.select_for_update().get(pk=provision.pk)
        before = {"tags": provision.tags}
        provision.tags = _clean_tags(tags)
        provision.save(update_fields=["tags", "updated_at"])
        audit_record(actor=actor, action="laws.provision.update", obj=provision, before=before,
                     after={"tags": provision.tags})
    return provision
