"""Reading the inspection register (LEGAL.md §4; docs/decisions/0037): qualifications in force, published items and
their usability, and the subject register with its search. Natural persons' identity numbers never leave here in
full: rows carry ``id_number_masked``; the full number is revealed only through the audited service."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet

from yuezhifa.core.masking import mask_id_number
from yuezhifa.items.models import ItemBasis, ItemStatus
from yuezhifa.items.rules import item_unusable_reason

from ..models import ChecklistPoint, ItemProfile, Qualification, Subject

# --- 主体资格 ---------------------------------------------------------------------------------------------------


def qualification_in_force(body) -> Qualification | None:
    """The body's confirmed, published and unrevoked 主体资格, or None: a body without it cannot open an inspection."""
    return (Qualification.objects.filter(body=body, published_at__isnull=False, revoked_at__isnull=True)
            .select_related("body").first())


def qualification_list(*, user, action: str = "view") -> QuerySet:
    return (Qualification.objects.restrict(user, action).select_related("body", "body__division", "confirmed_by")
            .order_by("body__division_id", "body__name"))


def bodies_to_confirm(*, user) -> QuerySet:
    """Active bodies whose 主体资格 ``user`` may confirm: within the division of the user's justice department, or
    all for the province's administrator (the ``change`` policy of ``Qualification``, for rows not written yet)."""
    from yuezhifa.org.models import BodyStatus, EnforcementBody, Role
    from yuezhifa.org.permissions import is_province_admin, user_roles

    bodies = EnforcementBody.objects.filter(status=BodyStatus.ACTIVE).order_by("division_id", "name")
    if is_province_admin(user):
        return bodies
    body = getattr(user, "body", None)
    if body is None or not body.is_justice_department or Role.ADMIN not in user_roles(user):
        return bodies.none()
    return bodies.filter(division__code__startswith=body.division_id)


def public_qualifications() -> QuerySet:
    """Published, unrevoked qualifications, for 事前公示 (no personal data: body, basis, dates)."""
    return (Qualification.objects.filter(published_at__isnull=False, revoked_at__isnull=True)
            .select_related("body", "body__division").order_by("body__division_id", "body__name"))


# --- 检查事项 ---------------------------------------------------------------------------------------------------


def _profiles_base(qs: QuerySet) -> QuerySet:
    return qs.select_related("item", "item__domain").prefetch_related(
        Prefetch("points", queryset=ChecklistPoint.objects.order_by("seq")),
        Prefetch("item__bases", queryset=ItemBasis.objects.select_related("provision").order_by("order")))


def profile_list(*, user, action: str = "view") -> QuerySet:
    return _profiles_base(ItemProfile.objects.restrict(user, action)).order_by("item__code")


def published_profiles(*, domain=None, q: str = "", active_only: bool = True) -> QuerySet:
    """Inspection items on the published list (事前公示: 清单之外无检查), with their checklist and basis; by default
    only those whose item of the provincial list is active."""
    qs = ItemProfile.objects.filter(published_at__isnull=False)
    if active_only:
        qs = qs.filter(item__status=ItemStatus.ACTIVE)
    if domain is not None:
        qs = qs.filter(item__domain=domain)
    if q:
        qs = qs.filter(Q(item__name__icontains=q) | Q(item__code__icontains=q) | Q(subject_object__icontains=q))
    return _profiles_base(qs).order_by("item__code")


def profile_unusable_reason(profile: ItemProfile, on: datetime.date) -> str | None:
    """Why ``profile`` may not be used by an inspection on ``on``: it is not published (清单之外无检查,
    国办发〔2024〕54号), or its item of the provincial list is not usable (办法 第13条(二))."""
    if profile.published_at is None:
        return f"行政检查事项“{profile.item.name}”未公示，不得用于检查（国办发〔2024〕54号：清单之外无检查）。"
    return item_unusable_reason(profile.item, on)


def profile_usable(profile: ItemProfile, on: datetime.date) -> bool:
    return profile_unusable_reason(profile, on) is None


# --- 检查对象名录 -----------------------------------------------------------------------------------------------


def subject_list(*, user, action: str = "view", **filters) -> QuerySet:
    """The subjects ``user`` may ``action``, narrowed by the register's filters (``subject_filter``)."""
    qs = Subject.objects.restrict(user, action).select_related("division", "graded_by", "domain")
    return subject_filter(qs, **filters)


def subject_filter(qs: QuerySet, *, q: str = "", name: str = "", credit_code: str = "", division: str = "",
                   grade: str = "", industry: str = "", kind: str = "") -> QuerySet:
    """``q`` name or exact credit code; ``name`` contains; ``credit_code`` a prefix; ``division`` a code prefix
    (4401 = all of 广州市); ``grade`` one of A-D; ``industry`` a prefix of the industry code or a part of its name."""
    if q := (q or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    if name := (name or "").strip():
        qs = qs.filter(name__icontains=name)
    if credit_code := (credit_code or "").strip():
        qs = qs.filter(credit_code__startswith=credit_code.upper())
    if division := (division or "").strip():
        qs = qs.filter(division__code__startswith=division)
    if grade:
        qs = qs.filter(risk_grade=grade)
    if industry := (industry or "").strip():
        qs = qs.filter(industry__icontains=industry)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def masked_id_number(subject: Subject) -> str:
    """A natural person's identity number as every list, page and API answer shows it (DESIGN §5.5)."""
    return mask_id_number(subject.id_number) if subject.id_number else ""


__all__ = ["bodies_to_confirm", "masked_id_number", "profile_list", "profile_unusable_reason", "profile_usable", "public_qualifications",
           "published_profiles", "qualification_in_force", "qualification_list", "subject_filter", "subject_list"]
