"""Every read of organisation data, restricted to what the user may see (DESIGN §5.4)."""

from django.db.models import Prefetch, Q, QuerySet

from .models import Certificate, CertificateStatus, Division, Domain, EnforcementBody, Officer, User


def body_list(*, user, action: str = "view", search: str = "", level: str = "", kind: str = "",
              division: str = "", domain: str = "", status: str = "") -> QuerySet[EnforcementBody]:
    qs = EnforcementBody.objects.restrict(user, action).select_related("division", "parent").prefetch_related("domains")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(short_name__icontains=search) | Q(credit_code__iexact=search))
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if division:
        qs = qs.filter(division__code__startswith=division)
    if domain:
        qs = qs.filter(domains__code=domain)
    if status:
        qs = qs.filter(status=status)
    return qs.distinct() if domain else qs


def _current_certificates() -> Prefetch:
    return Prefetch("certificates", queryset=Certificate.objects.exclude(status=CertificateStatus.REVOKED)
                    .prefetch_related("domains"), to_attr="current_certificates")


def officer_list(*, user, action: str = "view", search: str = "", body: str = "", status: str = "",
                 has_certificate: bool | None = None, legal_reviewer: bool | None = None) -> QuerySet[Officer]:
    qs = Officer.objects.restrict(user, action).select_related("body", "body__division") \
        .prefetch_related(_current_certificates())
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(certificates__number__iexact=search)).distinct()
    if body:
        qs = qs.filter(body_id=body)
    if status:
        qs = qs.filter(status=status)
    if has_certificate is not None:
        valid = Q(certificates__status=CertificateStatus.VALID)
        qs = qs.filter(valid).distinct() if has_certificate else qs.exclude(valid)
    if legal_reviewer is not None:
        qs = qs.exclude(legal_qualification_no="") if legal_reviewer else qs.filter(legal_qualification_no="")
    return qs


def certificate_list(*, user, action: str = "view", search: str = "", body: str = "", status: str = "",
                     domain: str = "", expiring_before=None) -> QuerySet[Certificate]:
    qs = Certificate.objects.restrict(user, action).select_related("officer", "officer__body", "issued_by") \
        .prefetch_related("domains")
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(officer__name__icontains=search))
    if body:
        qs = qs.filter(officer__body_id=body)
    if status:
        qs = qs.filter(status=status)
    if domain:
        qs = qs.filter(domains__code=domain).distinct()
    if expiring_before:
        qs = qs.filter(valid_until__lte=expiring_before, status=CertificateStatus.VALID)
    return qs


def division_list(*, user, action: str = "view", parent: str = "", level: str = "",
                  search: str = "") -> QuerySet[Division]:
    qs = Division.objects.restrict(user, action)
    if parent:
        qs = qs.filter(parent_id=parent)
    if level:
        qs = qs.filter(level=level)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__startswith=search))
    return qs


def domain_list(*, user, action: str = "view") -> QuerySet[Domain]:
    return Domain.objects.restrict(user, action)


def user_list(*, user, action: str = "view", search: str = "", body: str = "", role: str = "") -> QuerySet[User]:
    """Accounts of the bodies in the user's scope (accounts follow their body's scope)."""
    from .permissions import body_scope_q

    qs = User.objects.select_related("body", "officer").prefetch_related("role_assignments")
    q = body_scope_q(user, action, "body__")
    if q is not None:
        qs = qs.filter(q)
    if search:
        qs = qs.filter(Q(username__icontains=search) | Q(real_name__icontains=search))
    if body:
        qs = qs.filter(body_id=body)
    if role:
        qs = qs.filter(role_assignments__role=role).distinct()
    return qs.order_by("username")
