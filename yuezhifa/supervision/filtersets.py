"""Search and filters of the supervisor's lists (案件清单, 监督预警; docs/decisions/0051). They only narrow rows the
supervision scope already permits (``dashboard.case_list`` / ``dashboard.alert_list``): a body outside the scope is not
a choice, so naming it answers a form error and no rows.

The search reads 案号, 案由 and the party's name, never an ID number (the lists show none, and a search must not
confirm a masked number): a natural person is found only by the whole name, an organisation by part of its name.
The file itself stays behind a 第三十七条 grant (``access``)."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yuezhifa.cases.models import Case, PartyKind
from yuezhifa.cases.procedures import stage_choices
from yuezhifa.core.filters import DateInput
from yuezhifa.core.views_base import SearchFilterSet
from yuezhifa.org.models import EnforcementBody

from .models import Alert, AlertState, Problem
from .permissions import SUPERVISOR_ONLY_RULES, alert_scope_q, is_supervisor, supervised_bodies_q

ALL = _("全部")
DIVISION = RegexValidator(r"^\d{2,12}$", _("行政区划代码应为 2 至 12 位数字。"))


def _stages():
    return stage_choices()


def _rules():
    from .alerts import RULES

    return [(code, rule.title) for code, rule in RULES.items()]


def _supervised_bodies(request):
    q = supervised_bodies_q(request.user) if request is not None else Q(pk__in=[])
    qs = EnforcementBody.objects.all() if q is None else EnforcementBody.objects.filter(q)
    return qs.order_by("division_id", "name")


def _alert_bodies(request):
    q = alert_scope_q(request.user) if request is not None else Q(pk__in=[])
    alerts = Alert.objects.all() if q is None else Alert.objects.filter(q)
    return EnforcementBody.objects.filter(pk__in=alerts.values("body_id")).order_by("division_id", "name")


def search_q(value: str, prefix: str = "") -> Q:
    """案号 or 案由 (part), an organisation party's name (part), a natural person's whole name."""
    parties = f"{prefix}parties__"
    return (Q(**{f"{prefix}number__icontains": value}) | Q(**{f"{prefix}cause__icontains": value})
            | Q(**{f"{parties}kind": PartyKind.ORGANISATION, f"{parties}name__icontains": value})
            | Q(**{f"{parties}kind": PartyKind.PERSON, f"{parties}name": value}))


class _Common(SearchFilterSet):
    prefix_to_case = ""
    division = django_filters.CharFilter(method="filter_division", label=_("行政区划代码（含下级）"),
                                         validators=[DIVISION],
                                         widget=forms.TextInput(attrs={"placeholder": _("如 4401"),
                                                                       "inputmode": "numeric"}))
    item = django_filters.CharFilter(method="filter_item", label=_("执法事项"),
                                     widget=forms.TextInput(attrs={"placeholder": _("事项编码或名称")}))
    stage = django_filters.ChoiceFilter(choices=_stages, method="filter_stage", label=_("案件阶段"), empty_label=ALL)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(search_q(value, self.prefix_to_case)).distinct()

    def filter_division(self, queryset, name, value):
        return queryset.filter(**{f"{self.prefix_to_case}body__division__code__startswith": value}) if value else queryset

    def filter_item(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        p = f"{self.prefix_to_case}item__"
        return queryset.filter(Q(**{f"{p}code__iexact": value}) | Q(**{f"{p}name__icontains": value}))

    def filter_stage(self, queryset, name, value):
        return queryset.filter(**{f"{self.prefix_to_case}stage": value}) if value else queryset


class SupervisedCaseFilterSet(_Common):
    body = django_filters.ModelChoiceFilter(queryset=_supervised_bodies, label=_("办案主体"), empty_label=ALL)

    class Meta:
        model = Case
        fields = ["q", "body", "division", "item", "stage"]


class AlertFilterSet(_Common):
    prefix_to_case = "case__"
    problem = django_filters.ChoiceFilter(choices=Problem.choices, label=_("问题类别"), empty_label=ALL)
    rule = django_filters.ChoiceFilter(choices=_rules, label=_("预警类型"), empty_label=ALL)
    state = django_filters.ChoiceFilter(choices=AlertState.choices, label=_("状态"), empty_label=ALL)
    body = django_filters.ModelChoiceFilter(queryset=_alert_bodies, label=_("办案主体"), empty_label=ALL)
    seen_from = django_filters.DateFilter(field_name="first_seen", lookup_expr="gte", label=_("发现日期自"),
                                          widget=DateInput())
    seen_to = django_filters.DateFilter(field_name="first_seen", lookup_expr="lte", label=_("发现日期至"),
                                        widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        if request is None or supervised_bodies_q(request.user) is None or is_supervisor(request.user):
            return
        # a body's own people never see the supervisor-only alerts (permissions.alert_scope_q), nor their types
        rule = self.filters["rule"]
        rule.extra["choices"] = [(c, t) for c, t in _rules() if c not in SUPERVISOR_ONLY_RULES]
        rule.__dict__.pop("_field", None)

    class Meta:
        model = Alert
        fields = ["q", "problem", "rule", "state", "body", "division", "item", "stage", "seen_from", "seen_to"]
