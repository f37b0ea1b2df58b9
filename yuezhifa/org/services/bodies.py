"""Enforcement bodies (执法主体, 办法 第66-67条)."""

from django.db import transaction

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.identifiers import validate_credit_code
from yuezhifa.core.validation import field_error

from ..models import BodyKind, Domain, EnforcementBody, Level
from ..permissions import body_scope_q, is_province_admin, require

LEVEL_ORDER = [Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP]


def body_snapshot(body: EnforcementBody) -> dict:
    return {
        "name": body.name,
        "kind": body.kind,
        "credit_code": body.credit_code,
        "division": body.division_id,
        "level": body.level,
        "parent": str(body.parent_id) if body.parent_id else None,
        "entrusted_by": str(body.entrusted_by_id) if body.entrusted_by_id else None,
        "status": body.status,
        "domains": sorted(body.domains.values_list("code", flat=True)) if body.pk else [],
    }


def _validate(body: EnforcementBody) -> None:
    with field_error("credit_code"):
        body.credit_code = validate_credit_code(body.credit_code)
    clash = EnforcementBody.objects.filter(credit_code=body.credit_code).exclude(pk=body.pk).first()
    if clash:
        raise DomainError(f"统一社会信用代码 {body.credit_code} 已被“{clash.name}”使用。", field="credit_code")
    clash = EnforcementBody.objects.filter(name=body.name).exclude(pk=body.pk).exists()
    if clash:
        raise DomainError(f"名称为“{body.name}”的执法主体已存在。", field="name")
    if body.division.level != body.level:
        raise DomainError(
            f"主体层级“{body.get_level_display()}”与所在区划“{body.division.name}”的层级"
            f"“{body.division.get_level_display()}”不一致。", field="level")
    if body.parent_id:
        if LEVEL_ORDER.index(body.parent.level) > LEVEL_ORDER.index(body.level):
            raise DomainError("上级主体的层级不能低于本主体。", field="parent")
        if not body.division_id.startswith(body.parent.division_id):
            raise DomainError(f"所在区划“{body.division.name}”不在上级主体的区划“{body.parent.division.name}”之内。",
                              field="division")
        node = body.parent
        while node is not None:
            if node.pk == body.pk:
                raise DomainError("上级主体不能是本主体或其下级。", field="parent")
            node = node.parent
    if body.kind == BodyKind.ENTRUSTED and not body.entrusted_by_id:
        raise DomainError("受委托组织必须写明委托机关（办法 第67条）。", field="entrusted_by")
    if body.kind != BodyKind.ENTRUSTED and body.entrusted_by_id:
        raise DomainError("只有受委托组织才有委托机关。", field="entrusted_by")


def _require_parent_rights(actor, parent: EnforcementBody | None) -> None:
    if parent is None:
        if body_scope_q(actor, "change") is not None:
            raise NotAllowed("只有全省系统管理员可以新增无上级的执法主体。")
        return
    require(actor, "change", parent)


# A body's place and special powers: its division (and the level that follows from it) and the 司法行政 flag, which
# carries certificate, supervision and (at the province) base-library powers. Only the province sets them
# (DESIGN §5.8; docs/decisions/0019).
PROVINCE_FIELDS = {"division": "所在区划", "level": "层级", "is_justice_department": "司法行政部门标识"}


def _require_province_for(actor, fields: list[str]) -> None:
    if fields and not is_province_admin(actor):
        names = "、".join(PROVINCE_FIELDS[f] for f in fields)
        raise NotAllowed(f"执法主体的{names}只能由全省系统管理员设置或变更。", field=fields[0])


def _set_path(body: EnforcementBody) -> None:
    body.path = (body.parent.path if body.parent_id else "") + body.pk.hex + "/"


@transaction.atomic
def body_create(*, actor, name: str, kind: str, credit_code: str, division, level: str | None = None, parent=None,
                entrusted_by=None, domains: list[Domain] | None = None, short_name: str = "",
                is_justice_department: bool = False, address: str = "", phone: str = "") -> EnforcementBody:
    """``level`` follows from the division (a city's code is a city's body); given, it must agree."""
    _require_parent_rights(actor, parent)
    _require_province_for(actor, ["is_justice_department"] if is_justice_department else [])
    level = level or division.level
    body = EnforcementBody(name=name.strip(), short_name=short_name.strip(), kind=kind, credit_code=credit_code,
                           division=division, level=level, parent=parent, entrusted_by=entrusted_by,
                           is_justice_department=is_justice_department, address=address, phone=phone)
    _validate(body)
    _set_path(body)
    body.full_clean(exclude=["path"])
    body.save(force_insert=True)
    body.domains.set(domains or [])
    audit_record(actor=actor, action="org.body.create", obj=body, after=body_snapshot(body))
    return body


@transaction.atomic
def body_update(*, actor, body: EnforcementBody, domains: list[Domain] | None = None, **changes) -> EnforcementBody:
    body = EnforcementBody.objects.select_for_update().get(pk=body.pk)
    require(actor, "change", body)
    before = body_snapshot(body)
    allowed = {"name", "short_name", "kind", "credit_code", "division", "level", "parent", "entrusted_by",
               "is_justice_department", "address", "phone", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    old_path = body.path
    if "division" in changes and "level" not in changes and changes["division"] is not None:
        changes["level"] = changes["division"].level  # the level follows the division
    _require_province_for(actor, [f for f in PROVINCE_FIELDS if f in changes
                                  and getattr(body, f"{f}_id" if f == "division" else f)
                                  != getattr(changes[f], "pk", changes[f])])
    for field, value in changes.items():
        setattr(body, field, value)
    if "parent" in changes:
        _require_parent_rights(actor, body.parent)
    _validate(body)
    _set_path(body)
    body.full_clean(exclude=["path"])
    body.save()
    if domains is not None:
        body.domains.set(domains)
    if body.path != old_path:
        for child in EnforcementBody.objects.filter(path__startswith=old_path).exclude(pk=body.pk):
            child.path = body.path + child.path[len(old_path):]
            child.save(update_fields=["path"])
    audit_record(actor=actor, action="org.body.update", obj=body, before=before, after=body_snapshot(body))
    return body
