"""Public API of the disclosure platform (no login): ``/api/v1/disclosure/results/`` (search, 双公示 fields),
``/api/v1/disclosure/results/<id>/`` and ``/api/v1/disclosure/statistics/``. Reads only, through the selectors; errors
are problem+json with a Chinese message."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from yuezhifa.core.api import ProblemSerializer, PublicAPIView
from yuezhifa.core.errors import DomainError

from . import selectors, shuanggongshi
from .models import ResultStatus

ERRORS = {400: OpenApiResponse(ProblemSerializer, description="参数无效（中文说明，field 指出参数）"),
          404: OpenApiResponse(ProblemSerializer, description="未找到或不在公示期内"),
          422: OpenApiResponse(ProblemSerializer, description="检索词过长或过于宽泛、翻页超出范围")}


def _help(item) -> str:
    required = "必填" if item.required else (f"条件必填：{item.required_when}" if item.required_when else "选填")
    parts = [item.name, item.type, required]
    if item.codes and item.code != "CF_CFLB":
        parts.append("代码集：" + "、".join(item.codes))
    if item.max_length:
        parts.append(f"最长 {item.max_length} 字")
    return "；".join(parts) + "。" + (item.note or "")


class _PublicRowSerializer(serializers.Serializer):
    """A result as the public sees it, in the 双公示 items (``shuanggongshi.FIELDS``, docs/双公示数据项.md): only the
    public items; the 不予公示 ones (CF_FR_ZJLX, CF_FR_ZJHM, CF_XDR_ZJLX, CF_XDR_ZJHM) are not in the schema and never
    in a response. Amounts are strings in 万元 with six decimals, dates YYYY-MM-DD, an empty string when none."""

    id = serializers.UUIDField(read_only=True, help_text="公示信息 id")
    published_at = serializers.DateTimeField(read_only=True, help_text="公示时间")

    def to_representation(self, instance):
        row = shuanggongshi.public_row(instance)
        data = {"id": str(instance.pk)}
        data.update({code: row[code] for code in shuanggongshi.PUBLIC_CODES})
        data["published_at"] = self.fields["published_at"].to_representation(instance.published_at) \
            if instance.published_at else None
        return data


ResultSerializer = type("ResultSerializer", (_PublicRowSerializer,), {
    "__doc__": "一条公示中的行政处罚结果，按“双公示”数据项（见 docs/双公示数据项.md）输出公开的数据项；法定代表人和自然人的"
               "证件类型、号码不予公示，不在此列。金额以万元计、保留六位小数的字符串；日期为 YYYY-MM-DD；无值的为空字符串。",
    "__module__": __name__,
    **{item.code: serializers.CharField(read_only=True, allow_blank=True, help_text=_help(item))
       for item in shuanggongshi.FIELDS if item.public},
})


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
