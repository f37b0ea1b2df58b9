"""``/api/v1/sharing/data/``: the data of one grant, by its key (办法 第五十一条; docs/decisions/0061)."""

from __future__ import annotations

from django.urls import path
from django_ratelimit.core import get_usage
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission

from yuezhifa.themes.models import Kind

from . import catalogue
from .authentication import GrantKeyAuthentication, log_use
from .models import Grant
from .selectors import division_q, granted_records

PAGE_SIZE_MAX = 500


class HasGrant(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, Grant)


class SharedRecordSerializer(serializers.Serializer):
    """One record of the theme library, with only the fields of the grant: a field not granted is absent."""

    def get_fields(self):
        fields = {}
        for f in catalogue.FIELDS:
            note = "（个人信息：仅在授权字段包含且说明理由时提供）" if f.personal else ""
            fields[f.name] = serializers.CharField(required=False, allow_null=True, read_only=True,
                                                   label=f.label, help_text=f"{f.label}{note}；未授权的字段不出现。")
        return fields

    def to_representation(self, instance):
        grant = self.context["grant"]
        granted = frozenset(grant.granted_fields)
        return {name: catalogue.BY_NAME[name].value(instance, granted) for name in grant.granted_fields}


class SharedPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX


class DataQuerySerializer(serializers.Serializer):
    decided_from = serializers.DateField(required=False, help_text="决定日期或检查日期不早于此日（须在授权期间内取值才有意义）。")
    decided_to = serializers.DateField(required=False, help_text="决定日期或检查日期不晚于此日。")
    division = serializers.RegexField(r"^\d{2}(\d{2}){0,2}$", required=False,
                                      help_text="只取该区划及其下级的数据（须在授权区划之内）。")
    kind = serializers.ChoiceField(choices=Kind.choices, required=False, help_text="只取该类别的数据。")


class SharedDataView(GenericAPIView):
    """The rows and fields one grant reaches, paginated and rate-limited per grant; every use is logged."""

    authentication_classes = [GrantKeyAuthentication]
    permission_classes = [HasGrant]
    serializer_class = SharedRecordSerializer
    pagination_class = SharedPagination
    filter_backends = []

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "grant": getattr(self.request, "auth", None)}

    def get_queryset(self):
        return granted_records(self.request.auth)

    def _throttle(self, request, grant: Grant):
        rate = f"{grant.rate_per_minute}/m"
        usage = get_usage(request._request, group="yzf:sharing", key=lambda _g, _r: str(grant.pk), rate=rate,
                          increment=True)
        if usage and usage["should_limit"]:
            log_use(request._request, grant, status=429)
            raise Throttled(wait=max(1, int(usage.get("time_left") or 60)),
                            detail=f"该授权的访问频率为每分钟最多 {grant.rate_per_minute} 次，请稍后再试。")

    @extend_schema(
        operation_id="sharing_data",
        summary="按授权取共享数据",
        description=("以共享授权密钥（`Authorization: Grant <密钥>`）读取执法数据主题库的现行记录：只含授权的字段，"
                     "只含授权区划（及其下级）与数据期间内的记录，分页返回；按授权限制访问频率；每次访问都留痕"
                     "（办法第五十条、第五十一条）。授权撤销或过期后立即返回 401。"),
        parameters=[DataQuerySerializer],
        responses={200: SharedRecordSerializer(many=True),
                   400: OpenApiResponse(description="查询参数无效"),
                   401: OpenApiResponse(description="密钥无效、已撤销或已过期"),
                   429: OpenApiResponse(description="超过该授权的访问频率，Retry-After 头给出可重试的秒数")},
        tags=["数据共享"],
    )
    def get(self, request):
        grant: Grant = request.auth
        self._throttle(request, grant)
        query = DataQuerySerializer(data=request.query_params)
        if not query.is_valid():
            log_use(request._request, grant, status=400)
            raise ValidationError(query.errors)
        qs = self.get_queryset()
        params = query.validated_data
        if "decided_from" in params:
            qs = qs.filter(decided_on__gte=params["decided_from"])
        if "decided_to" in params:
            qs = qs.filter(decided_on__lte=params["decided_to"])
        if "kind" in params:
            qs = qs.filter(kind=params["kind"])
        if "division" in params:
            from .services import normalise_division

            code = normalise_division(params["division"])
            if not any(code.startswith(o) for o in grant.granted_divisions):
                log_use(request._request, grant, status=400)
                raise ValidationError({"division": [f"区划 {params['division']} 不在授权区划之内。"]})
            qs = qs.filter(division_q([code]))
        page = self.paginate_queryset(qs)
        data = self.get_serializer(page, many=True).data
        log_use(request._request, grant, status=200, rows=len(page), fields=grant.granted_fields)
        return self.get_paginated_response(data)


urlpatterns = [path("sharing/data/", SharedDataView.as_view(), name="sharing-data")]

