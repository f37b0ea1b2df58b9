"""Officers, user accounts and roles. The certificates (办法 第38条) live in ``certificates``; their services are
re-exported here, where the case engine has always found ``valid_certificate``."""

from django.db import transaction

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.identifiers import validate_resident_id
from yuezhifa.core.masking import mask_id_number
from yuezhifa.core.validation import field_error, validate_phone

from ..models import (
    EnforcementBody,
    Officer,
    Role,
    RoleAssignment,
    Scope,
    User,
)
from ..permissions import (
    ALLOWED_SCOPES,
    DEFAULT_SCOPE,
    body_scope_q,
    grant_within_scope,
    is_province_admin,
    require,
)
from .certificates import (  # noqa: F401  (re-exported)
    certificate_issue,
    certificate_reinstate,
    certificate_renew,
    certificate_revoke,
    certificate_set_status,
    certificate_snapshot,
    certificate_suspend,
    valid_certificate,
)


def officer_snapshot(officer: Officer) -> dict:
    """What the audit log keeps of an officer: never the full ID number."""
    return {
        "name": officer.name,
        "id_number": mask_id_number(officer.id_number),
        "body": str(officer.body_id),
        "position": officer.position,
        "status": officer.status,
        "legal_qualification_no": officer.legal_qualification_no,
        "legal_review_since": officer.legal_review_since.isoformat() if officer.legal_review_since else None,
    }


def _validate_officer(officer: Officer) -> None:
    if not officer.name.strip():
        raise DomainError("姓名不能为空。", field="name")
    with field_error("id_number"):
        officer.id_number = validate_resident_id(officer.id_number)
    if Officer.objects.filter(id_number=officer.id_number).exclude(pk=officer.pk).exists():
        raise DomainError(f"身份证号码 {mask_id_number(officer.id_number)} 已登记为其他执法人员。", field="id_number")


def _validate_phone(officer: Officer) -> None:
    """A phone number given or changed is a mainland mobile or landline number (one stored earlier is left as is)."""
    with field_error("phone"):
        officer.phone = validate_phone(officer.phone, "手机号码")


@transaction.atomic
def officer_create(*, actor, name: str, id_number: str, body: EnforcementBody, position: str = "", phone: str = "",
                   legal_qualification_no: str = "", legal_review_since=None) -> Officer:
    require(actor, "change", body)
    officer = Officer(name=name.strip(), id_number=id_number, body=body, position=position.strip(),
                      phone=phone.strip(), legal_qualification_no=legal_qualification_no.strip(),
                      legal_review_since=legal_review_since)
    _validate_officer(officer)
    _validate_phone(officer)
    officer.full_clean()
    officer.save(force_insert=True)
    audit_record(actor=actor, action="org.officer.create", obj=officer, after=officer_snapshot(officer))
    return officer


@transaction.atomic
def officer_update(*, actor, officer: Officer, **changes) -> Officer:
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    require(actor, "change", officer)
    allowed = {"name", "id_number", "body", "position", "phone", "status", "legal_qualification_no",
               "legal_review_since"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    if "body" in changes:
        require(actor, "change", changes["body"])
    before = officer_snapshot(officer)
    for field, value in changes.items():
        setattr(officer, field, value.strip() if isinstance(value, str) else value)
    _validate_officer(officer)
    if "phone" in changes:
        _validate_phone(officer)
    officer.full_clean()
    officer.save()
    audit_record(actor=actor, action="org.officer.update", obj=officer, before=before, after=officer_snapshot(officer))
    return officer


@transaction.atomic
def officer_reveal_id_number(*, actor, officer: Officer, reason: str = "") -> str:
    """The full ID number, only for roles that need it; every view is audited (DESIGN §5.5)."""
    if not Officer.objects.filter(pk=officer.pk).restrict(actor, "view_id_number").exists():
        raise NotAllowed("您无权查看该人员的完整身份证号码。")
    audit_record(actor=actor, action="org.officer.view_id_number", obj=officer,
                 after={"reason": reason[:200]} if reason else None)
    return Officer.objects.values_list("id_number", flat=True).get(pk=officer.pk)


def _check_role_prerequisites(user: User, role: str) -> None:
    if role == Role.OFFICER and valid_certificate(user.officer) is None:
        raise DomainError(f"{user} 没有有效的行政执法证件，不能授予“执法人员”角色（办法 第38条；处罚法 第42条）。",
                          field="role")
    if role == Role.LEGAL_REVIEWER and not (user.officer and user.officer.may_review_first_time):
        raise DomainError(f"{user} 未登记法律职业资格（也未登记2021年7月15日前已从事法制审核工作），不能授予"
                          "“法制审核人员”角色（处罚法 第58条第2款）。", field="role")
    if role in (Role.OFFICER, Role.LEGAL_REVIEWER) and user.officer and user.officer.body_id != user.body_id:
        raise DomainError("账号所在主体与执法人员所在主体不一致。", field="body")


def _is_self(actor, user: User) -> bool:
    return getattr(actor, "pk", None) is not None and actor.pk == user.pk


def _require_grant_rights(actor, user: User, role: str, scope: str) -> None:
    """Nobody widens their own power (DESIGN §5.8; docs/decisions/0019): nobody grants to themselves; only the
    province's administrator grants roles and scopes (a body's administrator grants none); and a grant never
    reaches beyond the granter's own."""
    if _is_self(actor, user):
        raise NotAllowed("不能给自己授予角色或变更自己的数据范围，请由全省系统管理员办理。", field="user")
    if not is_province_admin(actor):
        raise NotAllowed("角色和数据范围只能由全省系统管理员授予；单位系统管理员不能授予任何角色。", field="role")
    if not grant_within_scope(actor, user.body, role, scope):
        raise NotAllowed(f"授予的角色“{Role(role).label}”（{Scope(scope).label}）超出了您本人的管理范围。",
                         field="scope")


@transaction.atomic
def role_assign(*, actor, user: User, role: str, scope: str | None = None) -> RoleAssignment:
    if role not in Role.values:
        raise DomainError(f"未知的角色：{role}。", field="role")
    scope = scope or DEFAULT_SCOPE[role]
    if scope not in ALLOWED_SCOPES[role]:
        raise DomainError(f"角色“{Role(role).label}”不能配置数据范围“{Scope(scope).label}”。", field="scope")
    if user.body is None:
        raise DomainError("账号未关联执法主体，不能授予角色。", field="body")
    require(actor, "change", user.body)
    _require_grant_rights(actor, user, role, scope)
    _check_role_prerequisites(user, role)
    granter = actor if getattr(actor, "pk", None) else None
    assignment, created = RoleAssignment.objects.update_or_create(
        user=user, role=role, defaults={"scope": scope, "granted_by": granter,
                                        "granted_by_province": is_province_admin(actor)})
    user.__dict__.pop("_yzf_roles", None)
    audit_record(actor=actor, action="org.role.assign", obj=user, object_repr=str(user),
                 after={"role": role, "scope": scope, "created": created})
    return assignment


@transaction.atomic
def role_revoke(*, actor, user: User, role: str) -> None:
    if user.body is not None:
        require(actor, "change", user.body)
    elif body_scope_q(actor, "change") is not None:
        raise NotAllowed("您无权修改该账号的角色。")
    deleted, _ = RoleAssignment.objects.filter(user=user, role=role).delete()
    if deleted:
        audit_record(actor=actor, action="org.role.revoke", obj=user, object_repr=str(user), before={"role": role})


@transaction.atomic
def user_create(*, actor, username: str, password: str | None, real_name: str, body: EnforcementBody | None,
                officer: Officer | None = None, roles: list[tuple[str, str | None]] = (), email: str = "",
                is_staff: bool = False, is_superuser: bool = False, must_change_password: bool | None = None) -> User:
    """A new account. A password set here meets the policy (``AUTH_PASSWORD_VALIDATORS``); an account created by a
    person (an administrator) must change it at first sign-in unless ``must_change_password=False``; one created
    by the platform (the command line, the demo data) need not (docs/decisions/0045)."""
    if (is_staff or is_superuser) and not getattr(actor, "is_superuser", False):
        raise NotAllowed("只有超级管理员可以创建后台管理账号。")
    if body is not None:
        require(actor, "change", body)
    elif body_scope_q(actor, "change") is not None:
        raise NotAllowed("只有全省系统管理员可以创建不属于任何主体的账号。")
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名 {username} 已被使用。", field="username")
    if officer is not None and officer.body_id != getattr(body, "pk", None):
        raise DomainError("账号所在主体与执法人员所在主体不一致。", field="officer")
    user = User(username=username, real_name=real_name, body=body, officer=officer, email=email, is_staff=is_staff,
                is_superuser=is_superuser, created_by=actor if getattr(actor, "pk", None) else None,
                must_change_password=(getattr(actor, "pk", None) is not None if must_change_password is None
                                      else must_change_password))
    if password:
        from .auth import password_policy_check

        password_policy_check(password=password, user=user, field="password")
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save(force_insert=True)
    audit_record(actor=actor, action="org.user.create", obj=user,
                 after={"username": username, "body": str(body.pk) if body else None, "is_staff": is_staff,
                        "is_superuser": is_superuser, "must_change_password": user.must_change_password})
    for role, scope in roles:
        role_assign(actor=actor, user=user, role=role, scope=scope)
    return user


@transaction.atomic
def user_update(*, actor, user: User, **changes) -> User:
    """Change an account's real-name data, body, officer link or active flag."""
    allowed = {"real_name", "email", "body", "officer", "is_active", "is_staff"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    current = User.objects.select_for_update().get(pk=user.pk)
    for body in {current.body, changes.get("body", current.body)} - {None}:
        require(actor, "change", body)
    powers = {"body", "officer", "is_active", "is_staff"} & {f for f, v in changes.items() if getattr(current, f) != v}
    if powers and _is_self(actor, current):
        raise NotAllowed("不能变更本人账号的所在主体、对应执法人员或状态，请由其他管理员办理。", field=sorted(powers)[0])
    anchors = sorted({"body", "officer"} & powers)
    if anchors and current.role_assignments.exists() and not is_province_admin(actor):
        # the roles' scopes are anchored at the body and (本人) at the officer: moving the account moves its power
        # (docs/decisions/0019)
        raise NotAllowed("该账号持有角色，变更所在主体或对应执法人员会改变其数据范围，须由全省系统管理员办理，"
                         "或先收回其角色。", field=anchors[0])
    if "is_staff" in changes and not getattr(actor, "is_superuser", False):
        raise NotAllowed("只有超级管理员可以变更后台管理权限。")
    before = {f: str(getattr(current, f)) for f in changes}
    for field, value in changes.items():
        setattr(current, field, value)
    if current.officer is not None and current.officer.body_id != current.body_id:
        raise DomainError("账号所在主体与执法人员所在主体不一致。", field="officer")
    current.save()
    audit_record(actor=actor, action="org.user.update", obj=current, object_repr=str(current), before=before,
                 after={f: str(getattr(current, f)) for f in changes})
    return current
