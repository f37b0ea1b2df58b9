"""Public API of the disclosure platform (no login): ``/api/v1/disclosure/results/`` (search, 双公示 fields),
``/api/v1/disclosure/results/<id>/`` and ``/api/v1/disclosure/statistics/``. Reads only, through the selectors; errors
are problem+json with a Chinese message."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from yuezhifa.core.api import ProblemSerializer, PublicAPIView
from yuezhifa.core.errors import DomainError

from . import selectors
from .models import ResultStatus

ERRORS = {400: OpenApiResponse(ProblemSerializer, description="参数无效（中文说明，field 指出参数）"),
          404: OpenApiResponse(ProblemSerializer, description="未找到或不在公示期内"),
          422: OpenApiResponse(ProblemSerializer, description="检索词过长或过于宽泛、翻页超出范围")}


class ResultSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    CF_WSH = serializers.CharField(source="document_number", help_text="行政处罚决定书文号")
    CF_XDR_MC = serializers.CharField(source="party_name", help_text="行政相对人名称")
    CF_XDR_LB = serializers.CharField(source="get_party_kind_display", help_text="行政相对人类别")
    CF_XDR_SHXYM = serializers.CharField(source="party_credit_code", help_text="统一社会信用代码（仅法人及非法人组织）")
    CF_FRDB = serializers.CharField(source="legal_representative", help_text="法定代表人")
    CF_WFXW = serializers.CharField(source="illegal_act_type", help_text="违法行为类型")
    CF_WFSS = serializers.CharField(source="facts", help_text="违法事实（已隐去个人信息）")
    CF_YJ = serializers.CharField(source="basis", help_text="处罚依据")
    CF_CFLB = serializers.CharField(source="penalty_types", help_text="处罚类别")
    CF_NR = serializers.CharField(source="penalty_content", help_text="处罚内容")
    CF_NR_FK = serializers.DecimalField(source="fine_wan", max_digits=14, decimal_places=6, allow_null=True,
                                        help_text="罚款金额（万元）")
    CF_NR_WFFF = serializers.DecimalField(source="confiscation_wan", max_digits=14, decimal_places=6, allow_null=True,
                                          help_text="没收违法所得、没收非法财物的金额（万元）")
    CF_JDRQ = serializers.DateField(source="decision_date", help_text="处罚决定日期")
    CF_GSJZQ = serializers.DateField(source="display_until", help_text="公示截止期")
    CF_CFJG = serializers.CharField(source="body_name", help_text="处罚机关")
    CF_CFJGDM = serializers.CharField(source="body_credit_code", help_text="处罚机关统一社会信用代码")
    published_at = serializers.DateTimeField(help_text="公示时间")


class WithdrawnSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    CF_WSH = serializers.CharField(source="document_number")
    CF_CFJG = serializers.CharField(source="body_name")
    CF_JDRQ = serializers.DateField(source="decision_date")
    withdrawn_at = serializers.DateTimeField()
    withdrawn_reason = serializers.CharField(help_text="撤回理由（处罚法 第四十八条第二款）")


FILTERS = [
    OpenApiParameter("q", str, description="当事人名称、统一社会信用代码或决定书文号（最多 100 字）"),
    OpenApiParameter("body", str, description="处罚机关 id"),
    OpenApiParameter("date_from", str, description="处罚决定日期自（YYYY-MM-DD）"),
    OpenApiParameter("date_to", str, description="处罚决定日期至（YYYY-MM-DD）"),
    OpenApiParameter("page", int, description=f"页码，每页 {selectors.PAGE_SIZE} 条，最多翻阅前 500 条"),
]


class ResultListView(PublicAPIView):
    @extend_schema(operation_id="disclosure_results", tags=["公示平台"], parameters=FILTERS, responses={
        200: inline_serializer("DisclosureResultPage", {
            "count": serializers.IntegerField(), "count_is_estimate": serializers.BooleanField(),
            "relaxed": serializers.BooleanField(), "page": serializers.IntegerField(),
            "has_next": serializers.BooleanField(), "results": ResultSerializer(many=True)}), **ERRORS},
        summary="检索公示中的行政处罚结果")
    def get(self, request):
        try:
            found = selectors.result_search(selectors.parse_filters(request.query_params))
        except DomainError as exc:
            exc.status_code = 422 if exc.field in ("q", "page") else 400
            raise
        return Response({"count": found.total, "count_is_estimate": found.total_is_estimate,
                         "relaxed": found.relaxed, "page": found.page, "has_next": found.has_next,
                         "results": ResultSerializer(found.results, many=True).data})


class ResultDetailView(PublicAPIView):
    @extend_schema(operation_id="disclosure_result", tags=["公示平台"], responses={200: ResultSerializer, **ERRORS},
                   summary="一条行政处罚结果（已撤回的只返回撤回公告）")
    def get(self, request, pk):
        result = selectors.result_detail(pk)
        if result is None:
            return Response({"type": "about:blank", "title": "未找到", "status": 404,
                             "detail": "未找到该公示信息，可能已撤回或公示期已满。"}, status=404,
                            content_type="application/problem+json")
        if result.status == ResultStatus.WITHDRAWN:
            return Response(WithdrawnSerializer(result).data)
        return Response(ResultSerializer(result).data)


class StatisticsView(PublicAPIView):
    @extend_schema(operation_id="disclosure_statistics", tags=["公示平台"],
                   parameters=[OpenApiParameter("year", int, description="处罚决定年度")],
                   responses={200: inline_serializer("DisclosureStatistics", {
                       "body_id": serializers.UUIDField(), "body_name": serializers.CharField(),
                       "year": serializers.IntegerField(), "count": serializers.IntegerField(),
                       "fined": serializers.IntegerField(), "withdrawn": serializers.IntegerField(),
                       "fines": serializers.DecimalField(max_digits=18, decimal_places=2)}, many=True), **ERRORS},
                   summary="各执法主体年度公示数据")
    def get(self, request):
        year = request.query_params.get("year") or ""
        try:
            chosen = int(year) if year else None
            if chosen is not None and not 2000 <= chosen <= 2100:
                raise ValueError
        except ValueError:
            raise DomainError("年度应为 2000 至 2100 之间的四位数字。", field="year") from None
        rows = selectors.annual_statistics(year=chosen)
        return Response([{**row, "body_id": str(row["body_id"]), "fines": f"{row['fines']:.2f}"} for row in rows])


urlpatterns = [
    path("disclosure/results/", ResultListView.as_view(), name="disclosure-results"),
    path("disclosure/results/<str:pk>/", ResultDetailView.as_view(), name="disclosure-result"),
    path("disclosure/statistics/", StatisticsView.as_view(), name="disclosure-statistics"),
]
