"""Who may read and who may maintain the inspection base data (DESIGN §5.4, §5.8).

- Qualifications, item profiles and checklists are the published frame of every inspection: every signed-in user
  reads them. A body's 主体资格 is confirmed by an administrator of a justice department whose jurisdiction covers the
  body, or by the province; the inspection items are maintained with the provincial items list (items.permissions).
- The subject register is read by every signed-in user (natural persons' numbers are masked in the selectors); an
  administrator maintains and imports the subjects of their own division (codes nest by prefix), the province all;
  the same administrators see a natural person's full identity number (``view_id_number``, every view audited).
- Plans, draws and visits are read within the ordinary organisation scopes of the planning body. Officers and heads of
  the body draft plans and draw (``draft``, ``draw``); its head approves (``approve``); only administrators ``change``
  a plan outside its procedure. A joint visit is read and agreed (``agree``) by the heads of the bodies whose plans
  it joins.
"""

from django.db.models import Q, QuerySet

from yuezhifa.core.querysets import register_policy
from yuezhifa.items.permissions import can_edit_items, can_read_items
from yuezhifa.org.models import Role
from yuezhifa.org.permissions import assignments, body_scope_q, is_province_admin, user_roles

from .models import ChecklistPoint, Draw, ItemProfile, JointVisit, Plan, Qualification, Subject, Visit

NOTHING = Q(pk__in=[])


def _signed_in(user) -> bool:
    return can_read_items(user)


def _admin_division_q(user, field: str) -> Q | None:
    """Rows whose division (``field``) lies within the division of the user's body, for an administrator; None for
    the province's administrator."""
    if is_province_admin(user):
        return None
    body = getattr(user, "body", None)
    if body is None or not _signed_in(user) or Role.ADMIN not in user_roles(user):
        return NOTHING
    return Q(**{f"{field}__startswith": body.division_id})


@register_policy(Qualification, actions={"view", "change"})
def _qualifications(queryset: QuerySet, user, action: str) -> QuerySet:
    if not _signed_in(user) and not is_province_admin(user):
        return queryset.none()
    if action == "view":
        return queryset
    if is_province_admin(user):
        return queryset
    body = getattr(user, "body", None)
    if body is None or not body.is_justice_department or Role.ADMIN not in user_roles(user):
        return queryset.none()
    return queryset.filter(body__division__code__startswith=body.division_id)


@register_policy(ItemProfile, actions={"view", "change"})
def _profiles(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        return queryset if _signed_in(user) or is_province_admin(user) else queryset.none()
    return queryset if can_edit_items(user) else queryset.none()


@register_policy(ChecklistPoint, actions={"view", "change"})
def _points(queryset: QuerySet, user, action: str) -> QuerySet:
    return _profiles(queryset, user, action)


def may_register_in(user, division_code: str) -> bool:
    """Whether ``user`` may add, change or import subjects of the division ``division_code`` (the ``change`` and
    ``import`` policy of ``Subject`` for a row not written yet)."""
    q = _admin_division_q(user, "code")
    if q is None:
        return True
    if q == NOTHING:
        return False
    return division_code.startswith(user.body.division_id)


@register_policy(Subject, actions={"view", "change", "import", "view_id_number"})
def _subjects(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        return queryset if _signed_in(user) or is_province_admin(user) else queryset.none()
    q = _admin_division_q(user, "division__code")
    return queryset if q is None else queryset.filter(q)


def _planning_q(user, action: str, prefix: str) -> Q | None:
    """``draft``/``draw``: officers and heads of the planning body; ``approve``: its head."""
    if not _signed_in(user):
        return NOTHING
    body = getattr(user, "body", None)
    roles = {role for role, _scope in assignments(user)}
    wanted = {Role.HEAD} if action == "approve" else {Role.OFFICER, Role.HEAD}
    if body is None or not roles & wanted:
        return NOTHING
    return Q(**{f"{prefix}body": body})


@register_policy(Plan, actions={"view", "change", "draft", "draw", "approve"})
def _plans(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        q = body_scope_q(user, "view", "body__")
        return queryset if q is None else queryset.filter(q | Q(status="published"))
    if action == "change":
        q = body_scope_q(user, "change", "body__")
        if Role.ADMIN not in user_roles(user) and not is_province_admin(user):
            return queryset.none()
        return queryset if q is None else queryset.filter(q)
    return queryset.filter(_planning_q(user, action, ""))


@register_policy(Draw, actions={"view"})
def _draws(queryset: QuerySet, user, action: str) -> QuerySet:
    q = body_scope_q(user, "view", "plan__body__")
    return queryset if q is None else queryset.filter(q | Q(published_at__isnull=False))


@register_policy(JointVisit, actions={"view", "agree"})
def _joint_visits(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        q = body_scope_q(user, "view", "plans__body__")
        return queryset if q is None else queryset.filter(q).distinct()
    body = getattr(user, "body", None)
    if body is None or not _signed_in(user) or Role.HEAD not in user_roles(user):
        return queryset.none()
    return queryset.filter(plans__body=body).distinct()


@register_policy(Visit, actions={"view"})
def _visits(queryset: QuerySet, user, action: str) -> QuerySet:
    q = body_scope_q(user, "view", "body__")
    return queryset if q is None else queryset.filter(q)
