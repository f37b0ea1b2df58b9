"""Public calendar API (no login): working days, date arithmetic and the legal deadline rules (LEGAL.md §1)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import calendar as cal

PROBLEM = "application/problem+json"
MAX_DAYS = 3660  # ten years: longer than any period the law sets


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as ``yuezhifa.core.errors`` renders them."""

    type = serializers.CharField(default="about:blank")
    title = serializers.CharField(help_text="错误类别（中文）")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="错误说明（中文），指明出错的参数")
    code = serializers.CharField(required=False, help_text="机器可读的错误代码")
    field = serializers.CharField(required=False)
    errors = serializers.ListField(child=serializers.DictField(), required=False,
                                   help_text="逐项错误：[{\"field\": 参数名, \"message\": 中文说明}]")


class CalendarProblemSerializer(ProblemSerializer):
    year = serializers.IntegerField(required=False,
                                    help_text="尚未录入节假日安排的年度（code 为 calendar_year_missing 时）")


BAD_REQUEST = OpenApiResponse(ProblemSerializer, description="参数有误：detail 与 errors 用中文指明出错的参数。")
YEAR_MISSING = OpenApiResponse(
    CalendarProblemSerializer,
    description="未录入的年度暂按周末和法定节假日计算（结果标明 provisional）；只有超出可暂定计算范围（1901—2099 年）"
                "且未录入的年度（year 给出该年度）或超出可表示的日期范围时返回 422。",
    examples=[OpenApiExample("年度未录入且超出暂定范围", value={
        "type": "about:blank", "title": "工作日历缺少年度安排", "status": 422, "code": "calendar_year_missing",
        "detail": "2100 年的节假日安排尚未录入工作日历，且该年度超出可暂定计算的范围（1901—2099 年），无法按工作日计算期限。"
                  "请全省系统管理员依照国务院办公厅公布的 2100 年部分节假日安排录入后再试。",
        "year": 2100})],
)


class PublicAPIView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


# --- /calendar/add/ -------------------------------------------------------------------------------------------------


class AddQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        help_text="起算日，YYYY-MM-DD；当日不计入（民法典 第二百零一条）",
        error_messages={"required": "缺少起算日 start。", "null": "缺少起算日 start。",
                        "invalid": "起算日 start 格式错误，应为 YYYY-MM-DD 格式的真实日期，如 2026-09-30。"})
    days = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_DAYS,
        help_text=f"天数，0 至 {MAX_DAYS}；指定 rule 时不填",
        error_messages={"invalid": "天数 days 应为整数。", "min_value": "天数 days 不能为负数。",
                        "max_value": f"天数 days 不能超过 {MAX_DAYS}。", "max_string_length": "天数 days 过长。"})
    unit = serializers.ChoiceField(
        choices=[(cal.Unit.WORKING_DAYS.value, "工作日"), (cal.Unit.CALENDAR_DAYS.value, "自然日")],
        default=cal.Unit.WORKING_DAYS.value, help_text="working：工作日（默认）；calendar：自然日；指定 rule 时不填",
        error_messages={
            "invalid_choice": "计算单位 unit 应为 working（工作日）或 calendar（自然日），不能是“{input}”。"})
    rule = serializers.ChoiceField(
        choices=[(code, rule.name) for code, rule in cal.RULES.items()], required=False,
        help_text="期限规则代码（见 /api/v1/calendar/rules/）：按该规则的天数、单位、依据和顺延规则计算",
        error_messages={"invalid_choice": "期限规则 rule“{input}”不存在，可用的规则见 /api/v1/calendar/rules/。"})

    def validate(self, attrs):
        if "rule" in attrs:
            clashes = [name for name in ("days", "unit") if name in self.initial_data]
            if clashes:
                raise serializers.ValidationError(
                    {clashes[0]: f"指定期限规则 rule 时，天数和单位由规则决定，不能同时指定 {clashes[0]}。"})
        elif "days" not in attrs:
            raise serializers.ValidationError({"days": "缺少天数 days（或改为指定期限规则 rule）。"})
        return attrs


class AddResultSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="计算结果：期限届满日")
    start = serializers.DateField()
    days = serializers.IntegerField(allow_null=True, help_text="天数；按月计算的规则为 null")
    unit = serializers.CharField(help_text="working / calendar / months")
    explanation = serializers.CharField(help_text="中文说明：如何算出该日期及其依据")
    rule = serializers.CharField(required=False, help_text="期限规则代码（指定 rule 时）")
    rule_name = serializers.CharField(required=False)
    basis = serializers.CharField(required=False, help_text="设定该期限的法律条款")
    binds = serializers.CharField(required=False,
                                  help_text="party：约束当事人（届满日遇休假日顺延）；agency：约束行政机关（不顺延）")
    amount = serializers.IntegerField(required=False)
    due = serializers.DateField(required=False, help_text="期限届满日（顺延后）")
    nominal_due = serializers.DateField(required=False, help_text="未顺延的届满日")
    extended = serializers.BooleanField(required=False, help_text="是否因届满日为法定休假日而顺延")
    provisional = serializers.BooleanField(
        help_text="暂定：计算经过了节假日安排尚未录入的年度，暂按周末和《全国年节及纪念日放假办法》规定的法定节假日计算，"
                  "录入后可能变化")
    provisional_reason = serializers.CharField(help_text="暂定的原因（非暂定时为空）")


class CalendarAddView(PublicAPIView):
    @extend_schema(
        operation_id="calendar_add",
        summary="计算期限届满日",
        description="自 start 起（当日不计入）加 days 个工作日或自然日；或按期限规则 rule 计算，结果注明依据。"
                    "工作日按国务院公布的节假日安排（含周末调休上班日）。",
        tags=["工作日历"],
        parameters=[AddQuerySerializer],
        responses={200: AddResultSerializer, (400, PROBLEM): BAD_REQUEST, (422, PROBLEM): YEAR_MISSING},
        examples=[OpenApiExample("国庆后第三个工作日", response_only=True, value={
            "date": "2026-10-10", "start": "2026-09-30", "days": 3, "unit": "working",
            "explanation": "自2026年9月30日起算，开始的当日不计入（《中华人民共和国民法典》第二百零一条），"
                           "第3个工作日为2026年10月10日（按国务院公布的节假日安排：法定节假日不计入，周末调休上班日计入）。"})],
    )
    def get(self, request):
        query = AddQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        start = params["start"]
        if "rule" in params:
            deadline = cal.deadline_for(params["rule"], start)
            rule = deadline.rule
            result = {
                "date": deadline.due, "start": start,
                "days": rule.amount if rule.unit is not cal.Unit.MONTHS else None, "unit": rule.unit.value,
                "explanation": deadline.explanation, "rule": rule.code, "rule_name": rule.name, "basis": rule.basis,
                "binds": rule.binds.value, "amount": rule.amount, "due": deadline.due,
                "nominal_due": deadline.nominal_due, "extended": deadline.extended,
                "provisional": deadline.provisional, "provisional_reason": deadline.provisional_reason,
            }
        else:
            days, unit = params["days"], cal.Unit(params["unit"])
            with cal.observe_provisional() as years:
                if unit is cal.Unit.WORKING_DAYS:
                    date = cal.add_working_days(start, days)
                else:
                    date = cal.add_calendar_days(start, days)
            reason = cal.provisional_reason(years) if years else ""
            result = {"date": date, "start": start, "days": days, "unit": unit.value,
                      "explanation": cal.explain_addition(start, days, unit, date) + (f"（暂定：{reason}）" if reason else ""),
                      "provisional": bool(years), "provisional_reason": reason}
        return Response(AddResultSerializer(result).data)


# --- /calendar/days/<date>/ -----------------------------------------------------------------------------------------


class DayPathSerializer(serializers.Serializer):
    date = serializers.DateField(error_messages={
        "invalid": "路径中的日期格式错误，应为 YYYY-MM-DD 格式的真实日期，如 2026-10-01。"})


class DayResultSerializer(serializers.Serializer):
    date = serializers.DateField()
    is_working_day = serializers.BooleanField(help_text="是否为工作日")
    name = serializers.CharField(allow_null=True,
                                 help_text="节假日或调休上班日的名称，如“国庆节”“国庆节调休上班”；普通日为 null")
    weekday = serializers.CharField(help_text="星期几")
    provisional = serializers.BooleanField(
        help_text="该年度的节假日安排尚未录入，暂按周末和《全国年节及纪念日放假办法》规定的法定节假日判断")


class CalendarDayView(PublicAPIView):
    @extend_schema(
        operation_id="calendar_day",
        summary="查询某日是否为工作日",
        tags=["工作日历"],
        parameters=[OpenApiParameter("day", OpenApiTypes.DATE, OpenApiParameter.PATH, description="日期，YYYY-MM-DD")],
        responses={200: DayResultSerializer, (400, PROBLEM): BAD_REQUEST, (422, PROBLEM): YEAR_MISSING},
    )
    def get(self, request, day: str):
        query = DayPathSerializer(data={"date": day})
        query.is_valid(raise_exception=True)
        info = cal.day_info(query.validated_data["date"])
        return Response(DayResultSerializer({"date": info.date, "is_working_day": info.is_working_day,
                                             "name": info.name or None, "weekday": info.weekday,
                                             "provisional": info.provisional}).data)


# --- /calendar/rules/ -----------------------------------------------------------------------------------------------


class RuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    amount = serializers.IntegerField(help_text="当前适用的数值（可配置的规则为本省设置）")
    default_amount = serializers.IntegerField(help_text="法定或默认数值")
    unit = serializers.CharField(help_text="working / calendar / months")
    basis = serializers.CharField()
    binds = serializers.CharField(help_text="party：约束当事人；agency：约束行政机关")
    start_event = serializers.CharField()
    counting_basis = serializers.CharField()
    note = serializers.CharField()
    configurable = serializers.BooleanField()


class CalendarRulesView(PublicAPIView):
    @extend_schema(operation_id="calendar_rules", summary="期限规则一览", tags=["工作日历"],
                   responses={200: RuleSerializer(many=True)})
    def get(self, request):
        return Response(RuleSerializer(cal.current_rules(), many=True).data)


urlpatterns = [
    path("calendar/add/", CalendarAddView.as_view(), name="calendar-add"),
    path("calendar/days/<str:day>/", CalendarDayView.as_view(), name="calendar-day"),
    path("calendar/rules/", CalendarRulesView.as_view(), name="calendar-rules"),
]
