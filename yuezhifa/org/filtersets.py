"""Filters of the organisation list pages. They only narrow rows a selector already restricted."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yuezhifa.core.views_base import SearchFilterSet

from . import selectors
from .models import (
    BodyKind,
    BodyStatus,
    Certificate,
    CertificateStatus,
    EnforcementBody,
    Level,
    Officer,
    OfficerStatus,
    TrainingCategory,
    TrainingCourse,
    TrainingRecord,
)

ALL = _("全部")
YES_NO = [("yes", _("是")), ("no", _("否"))]
EXPIRING_CHOICES = [("30", _("30 天内到期")), ("90", _("90 天内到期")), ("180", _("180 天内到期")),
                    ("expired", _("已过有效期"))]


_BODY_WIDGET = forms.TextInput(attrs={"placeholder": _("名称或统一社会信用代码")})


def _domains(request):
    return selectors.domain_list(user=request.user)


def _body_lookup(prefix: str):
    """A body is named by its 统一社会信用代码 (exact) or by part of its name or short name."""

    def method(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(**{f"{prefix}credit_code__iexact": value}) | Q(**{f"{prefix}name__icontains": value})
                               | Q(**{f"{prefix}short_name__icontains": value}))

    return method


class BodyFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "short_name__icontains", "credit_code__iexact")
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("层级"), empty_label=ALL)
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices, label=_("主体类别"), empty_label=ALL)
    status = django_filters.ChoiceFilter(choices=BodyStatus.choices, label=_("状态"), empty_label=ALL)
    division = django_filters.CharFilter(field_name="division__code", lookup_expr="startswith",
                                         label=_("区划代码（含下级）"),
                                         widget=forms.TextInput(attrs={"placeholder": _("如 4401 或 440106"),
                                                                       "inputmode": "numeric"}))
    domain = django_filters.ModelChoiceFilter(field_name="domains", queryset=_domains, to_field_name="code",
                                              label=_("执法领域"), empty_label=ALL, distinct=True)

    class Meta:
        model = EnforcementBody
        fields = ["q", "level", "kind", "status", "division", "domain"]


class OfficerFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "certificates__number__iexact")
    search_distinct = True
    body = django_filters.CharFilter(method="filter_body", label=_("所在主体"), widget=_BODY_WIDGET)
    status = django_filters.ChoiceFilter(choices=OfficerStatus.choices, label=_("状态"), empty_label=ALL)
    has_certificate = django_filters.ChoiceFilter(choices=YES_NO, method="filter_has_certificate",
                                                  label=_("持有效执法证"), empty_label=ALL)
    legal_reviewer = django_filters.ChoiceFilter(choices=YES_NO, method="filter_legal_reviewer",
                                                 label=_("具备法律职业资格"), empty_label=ALL)

    class Meta:
        model = Officer
        fields = ["q", "body", "status", "has_certificate", "legal_reviewer"]

    filter_body = _body_lookup("body__")

    def filter_has_certificate(self, queryset, name, value):
        valid = Q(certificates__status=CertificateStatus.VALID)
        if value == "yes":
            return queryset.filter(pk__in=Officer.objects.filter(valid).values("pk"))
        return queryset.exclude(pk__in=Officer.objects.filter(valid).values("pk"))

    def filter_legal_reviewer(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(legal_qualification_no="")
        return queryset.filter(legal_qualification_no="")


class CertificateFilterSet(SearchFilterSet):
    search_fields = ("number__icontains", "officer__name__icontains")
    status = django_filters.ChoiceFilter(choices=CertificateStatus.choices, label=_("状态"), empty_label=ALL)
    domain = django_filters.ModelChoiceFilter(field_name="domains", queryset=_domains, to_field_name="code",
                                              label=_("执法领域"), empty_label=ALL, distinct=True)
    body = django_filters.CharFilter(method="filter_body", label=_("持证人所在主体"), widget=_BODY_WIDGET)
    expiring = django_filters.ChoiceFilter(choices=EXPIRING_CHOICES, method="filter_expiring", label=_("有效期"),
                                           empty_label=ALL)

    class Meta:
        model = Certificate
        fields = ["q", "status", "domain", "body", "expiring"]

    filter_body = _body_lookup("officer__body__")

    def filter_expiring(self, queryset, name, value):
        """Certificates still marked valid whose validity ends soon (or has ended): they need renewal (第38条)."""
        today = timezone.localdate()
        queryset = queryset.filter(status=CertificateStatus.VALID)
        if value == "expired":
            return queryset.filter(valid_until__lt=today)
        return queryset.filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=int(value)))


# --- training (办法 第39条) -------------------------------------------------------------------------------------


def _year_choices():
    this = timezone.localdate().year
    return [(str(y), f"{y} 年") for y in range(this, this - 8, -1)]


class TrainingRecordFilterSet(SearchFilterSet):
    search_fields = ("officer__name__icontains", "course__title__icontains")
    year = django_filters.ChoiceFilter(choices=_year_choices, method="filter_year", label=_("年度"), empty_label=ALL)
    category = django_filters.ChoiceFilter(field_name="course__category", choices=TrainingCategory.choices,
                                           label=_("培训类别"), empty_label=ALL)
    body = django_filters.CharFilter(method="filter_body", label=_("所在主体"), widget=_BODY_WIDGET)
    exam = django_filters.ChoiceFilter(choices=[("passed", _("合格")), ("failed", _("不合格")), ("none", _("无考试成绩"))],
                                       method="filter_exam", label=_("考试结果"), empty_label=ALL)

    class Meta:
        model = TrainingRecord
        fields = ["q", "year", "category", "body", "exam"]

    filter_body = _body_lookup("officer__body__")

    def filter_year(self, queryset, name, value):
        return queryset.filter(course__end_date__year=int(value))

    def filter_exam(self, queryset, name, value):
        if value == "none":
            return queryset.filter(exam_passed__isnull=True)
        return queryset.filter(exam_passed=(value == "passed"))


class TrainingCourseFilterSet(SearchFilterSet):
    search_fields = ("title__icontains", "organiser__icontains")
    year = django_filters.ChoiceFilter(choices=_year_choices, method="filter_year", label=_("年度"), empty_label=ALL)
    category = django_filters.ChoiceFilter(choices=TrainingCategory.choices, label=_("培训类别"), empty_label=ALL)

    class Meta:
        model = TrainingCourse
        fields = ["q", "year", "category"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(end_date__year=int(value))
