"""REST API of the benchmarks library and of discretion at decision time. Thin: selectors read, services write,
``evaluation`` computes."""

from django.urls import include, path
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from yuezhifa.core.api_base import PROBLEM, READ_ERRORS, WRITE_ERRORS, RestrictedReadViewSet
from yuezhifa.core.errors import DomainError
from yuezhifa.items.selectors import item_list
from yuezhifa.org.selectors import body_list

from . import selectors, services
from .evaluation import DeviationKind, check_decision, evaluate
from .models import Benchmark, BenchmarkStatus
from .vocabulary import BaseKind, PartyKind, PenaltyStatus, PenaltyType, Requirement, TierKind

EVALUATE_ERRORS = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM}


def _inline_enum(values: list[str], description: str) -> dict:
    # Wrapped in allOf so the schema generator keeps it inline instead of merging it, by field name, with other
    # apps' enums (``kind``, ``type``, ``status`` mean different things elsewhere).
    return {"allOf": [{"type": "string", "enum": values}], "description": description}


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented with an inline enum (its values and their Chinese labels), so that the schema does
    not merge it with other apps' fields of the same name."""
    values = [value for value, _ in choices]
    description = "；".join(f"{value or '（空）'}={label}" for value, label in choices)

    @extend_schema_field(_inline_enum(values, description))
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


def text_choice(choices, **kwargs) -> serializers.CharField:
    """An output field holding one of ``choices``, documented inline."""
    values = [value for value, _ in choices]
    description = "；".join(f"{value}={label}" for value, label in choices)

    @extend_schema_field(_inline_enum(values, description))
    class InlineTextField(serializers.CharField):
        pass

    return InlineTextField(**kwargs)

# --- evaluation --------------------------------------------------------------------------------------------------


class DiscretionEvaluateRequestSerializer(serializers.Serializer):
    item = serializers.UUIDField(help_text="执法事项 id")
    circumstances = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list,
                                          help_text="情节代码，见 /api/v1/discretion/circumstances/")
    amounts = serializers.DictField(
        child=serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0), required=False, default=dict,
        help_text="罚款基数金额（元，十进制字符串）：" + "、".join(f"{v}={label}" for v, label in BaseKind.choices))
    date = serializers.DateField(help_text="违法行为发生之日（适用当时施行的基准，处罚法 第三十七条）")
    party_kind = choice([(PartyKind.NATURAL.value, "自然人"), (PartyKind.LEGAL.value, "法人或者其他组织")])
    body = serializers.UUIDField(required=False, allow_null=True,
                                 help_text="作出决定的执法主体；缺省为当前用户所在主体。适用本主体或其上级主体制定的基准")

    def resolve(self, request) -> dict:
        data = self.validated_data
        item = item_list(user=request.user).filter(pk=data["item"]).first()
        if item is None:
            raise DomainError("执法事项不存在，或您无权查看。", field="item")
        body = getattr(request.user, "body", None)
        if data.get("body"):
            body = body_list(user=request.user).filter(pk=data["body"]).first()
            if body is None:
                raise DomainError("执法主体不存在，或您无权查看。", field="body")
        return {"item": item, "circumstances": set(data["circumstances"]), "amounts": data["amounts"],
                "on": data["date"], "party_kind": data["party_kind"], "body": body}


class DiscretionFineRangeSerializer(serializers.Serializer):
    lower = serializers.CharField(help_text="本档次最低罚款（元）")
    upper = serializers.CharField(help_text="本档次最高罚款（元）")
    statutory_lower = serializers.CharField(help_text="法定最低罚款（元）")
    statutory_upper = serializers.CharField(help_text="法定最高罚款（元）")
    required = serializers.BooleanField(help_text="是否应当并处罚款")
    branch = serializers.CharField(help_text="适用的法定罚款情形")
    tier_terms = serializers.CharField(help_text="本档次幅度的表述")
    statutory_terms = serializers.CharField(help_text="法定幅度的表述")
    base = serializers.CharField(allow_null=True)
    base_name = serializers.CharField(allow_null=True)
    base_amount = serializers.CharField(allow_null=True)


class DiscretionPenaltySerializer(serializers.Serializer):
    type = text_choice(PenaltyType.choices)
    label = serializers.CharField()
    status = text_choice(PenaltyStatus.choices)
    status_label = serializers.CharField()
    statutory_status = text_choice(PenaltyStatus.choices)


class DiscretionEvaluationCoreSerializer(serializers.Serializer):
    item = serializers.UUIDField(allow_null=True)
    item_label = serializers.CharField()
    date = serializers.DateField()
    party_kind = serializers.CharField()
    circumstances = serializers.ListField(child=serializers.CharField())
    amounts = serializers.DictField(child=serializers.CharField())
    benchmark = serializers.UUIDField(allow_null=True)
    benchmark_version = serializers.IntegerField()
    benchmark_citation = serializers.CharField()
    tier = text_choice(TierKind.choices)
    tier_label = serializers.CharField()
    fact_patterns = serializers.CharField()
    ranges = serializers.DictField(child=DiscretionFineRangeSerializer(), help_text="按处罚种类的金额幅度（目前为 fine）")
    penalties = DiscretionPenaltySerializer(many=True, help_text="本档次应当或者可以给予的其他处罚种类")
    required_penalties = serializers.ListField(child=serializers.CharField())
    allowed_penalties = serializers.ListField(child=serializers.CharField())
    no_penalty_mandatory = serializers.BooleanField(help_text="依法应当不予行政处罚")
    no_penalty_discretionary = serializers.BooleanField(help_text="可以不予行政处罚（如首违不罚），由执法机关决定")
    reduction_allowed = serializers.BooleanField(help_text="具有依法可以减轻处罚（低于法定最低限）的情节")
    reduction_basis = serializers.ListField(child=serializers.CharField())
    citations = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())


class DiscretionEvaluationSerializer(DiscretionEvaluationCoreSerializer):
    if_penalised = DiscretionEvaluationCoreSerializer(allow_null=True, help_text="可以不予处罚而决定给予处罚时适用的裁量结果")


_EXAMPLE_REQUEST = {"item": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "circumstances": ["first_violation", "corrected",
                                                                                     "slight_harm"],
                    "amounts": {"goods_value": "12000.00"}, "date": "2024-05-01", "party_kind": "legal"}


class EvaluateView(APIView):
    @extend_schema(summary="裁量试算：事项、情节、金额、日期 → 档次、幅度与依据", request=DiscretionEvaluateRequestSerializer,
                   responses={200: DiscretionEvaluationSerializer, **EVALUATE_ERRORS},
                   examples=[OpenApiExample("首违不罚", value=_EXAMPLE_REQUEST, request_only=True)])
    def post(self, request):
        ser = DiscretionEvaluateRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return Response(evaluate(**ser.resolve(request)).as_dict())


class DiscretionCheckRequestSerializer(DiscretionEvaluateRequestSerializer):
    proposed = serializers.DictField(
        child=serializers.JSONField(), help_text="拟作出的处罚：{\"fine\": \"80000.00\", \"revoke_licence\": true}；"
                                                 "未列出的种类视为不给予")


class DiscretionDeviationSerializer(serializers.Serializer):
    penalty_type = text_choice(PenaltyType.choices)
    penalty_label = serializers.CharField()
    kind = text_choice(list(DeviationKind.LABELS.items()))
    kind_label = serializers.CharField()
    message = serializers.CharField()
    blocking = serializers.BooleanField(help_text="不能作出该决定")
    needs_reason = serializers.BooleanField(help_text="可以作出，但须记录理由并提示执法监督")
    value = serializers.JSONField(allow_null=True)
    bound = serializers.CharField(allow_null=True)
    basis = serializers.CharField()


class DiscretionCheckResultSerializer(serializers.Serializer):
    within = serializers.BooleanField(help_text="在裁量档次之内")
    allowed = serializers.BooleanField(help_text="可以作出（可能须记录理由）")
    needs_reason = serializers.BooleanField()
    deviations = DiscretionDeviationSerializer(many=True)
    evaluation = DiscretionEvaluationSerializer()


class CheckView(APIView):
    @extend_schema(summary="核对拟作出的处罚是否超出裁量档次或法定幅度", request=DiscretionCheckRequestSerializer,
                   responses={200: DiscretionCheckResultSerializer, **EVALUATE_ERRORS})
    def post(self, request):
        ser = DiscretionCheckRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        ev = evaluate(**ser.resolve(request))
        deviations = check_decision(ev, ser.validated_data["proposed"])
        return Response({"within": not deviations, "allowed": not any(d.blocking for d in deviations),
                         "needs_reason": any(d.needs_reason for d in deviations),
                         "deviations": [d.as_dict() for d in deviations], "evaluation": ev.as_dict()})


class DiscretionCircumstanceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    basis = serializers.CharField()
    default_tier = serializers.CharField(help_text="未另行规定时指向的档次；空表示本身不影响档次")
    builtin = serializers.BooleanField(help_text="处罚法规定的情节，其法定效果对所有基准适用")
    natural_only = serializers.BooleanField()


class CircumstanceListView(APIView):
    @extend_schema(summary="裁量情节", responses={200: DiscretionCircumstanceSerializer(many=True), **READ_ERRORS})
    def get(self, request):
        return Response(DiscretionCircumstanceSerializer(selectors.circumstance_list(user=request.user), many=True).data)


# --- benchmarks --------------------------------------------------------------------------------------------------


class BenchmarkSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    issuing_body_name = serializers.CharField(source="issuing_body.name", read_only=True)
    status = text_choice(BenchmarkStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    citation = serializers.CharField(read_only=True)

    class Meta:
        model = Benchmark
        fields = ["id", "item", "item_code", "item_name", "issuing_body", "issuing_body_name", "version", "title",
                  "document_number", "status", "status_display", "effective_from", "effective_until", "parent",
                  "citation"]


class BenchmarkTermsSerializer(serializers.Serializer):
    min_yuan = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="最低罚款（元）")
    min_multiple = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="最低倍数")
    max_yuan = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="最高罚款（元）")
    max_multiple = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="最高倍数")


class BenchmarkFineBranchSerializer(BenchmarkTermsSerializer):
    description = serializers.CharField(required=False, allow_blank=True, default="")
    party_kind = choice(PartyKind.choices, required=False, default=PartyKind.ANY)
    base = choice([("", "无"), *BaseKind.choices], required=False, allow_blank=True, default="")
    base_label = serializers.CharField(required=False, allow_blank=True, default="")
    base_from = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="基数下限（含）")
    base_below = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="基数上限（不含）")
    condition = serializers.CharField(required=False, allow_blank=True, default="", help_text="适用条件（情节代码）")
    requirement = choice(Requirement.choices, required=False, default=Requirement.REQUIRED)


class BenchmarkTierFineSerializer(BenchmarkTermsSerializer):
    branch = serializers.IntegerField(min_value=0, help_text="法定罚款情形的序号（从 0 起）")


class BenchmarkTierSerializer(serializers.Serializer):
    kind = choice(TierKind.choices)
    fact_patterns = serializers.CharField(required=False, allow_blank=True, default="")
    fines = BenchmarkTierFineSerializer(many=True, required=False, default=list)
    penalties = serializers.DictField(child=choice(PenaltyStatus.choices), required=False, default=dict)


class BenchmarkRuleSerializer(serializers.Serializer):
    circumstance = serializers.CharField()
    tier = choice(TierKind.choices)
    basis = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BenchmarkContentSerializer(serializers.Serializer):
    basis_provisions = serializers.ListField(child=serializers.UUIDField(), required=False,
                                             help_text="处罚依据条款 id")
    fine_branches = BenchmarkFineBranchSerializer(many=True, required=False)
    penalties = serializers.DictField(child=choice(PenaltyStatus.choices), required=False,
                                      help_text="罚款以外的处罚种类的法定要求")
    tiers = BenchmarkTierSerializer(many=True, required=False)
    rules = BenchmarkRuleSerializer(many=True, required=False)


class BenchmarkWriteSerializer(BenchmarkContentSerializer):
    item = serializers.UUIDField()
    issuing_body = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    effective_from = serializers.DateField()
    effective_until = serializers.DateField(required=False, allow_null=True, default=None)
    parent = serializers.UUIDField(required=False, allow_null=True, default=None)
    no_fault_excluded = serializers.BooleanField(required=False, default=False)
    no_fault_excluded_basis = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BenchmarkUpdateSerializer(BenchmarkContentSerializer):
    title = serializers.CharField(max_length=200, required=False)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    effective_from = serializers.DateField(required=False)
    effective_until = serializers.DateField(required=False, allow_null=True)
    no_fault_excluded = serializers.BooleanField(required=False)
    no_fault_excluded_basis = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class BenchmarkProblemSerializer(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class BenchmarkDetailSerializer(BenchmarkSerializer):
    content = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta(BenchmarkSerializer.Meta):
        fields = [*BenchmarkSerializer.Meta.fields, "note", "no_fault_excluded", "no_fault_excluded_basis",
                  "activated_at", "retired_at", "retire_reason", "content", "problems"]

    @extend_schema_field(BenchmarkContentSerializer)
    def get_content(self, obj) -> dict:
        snapshot = services.benchmark_snapshot(obj)
        return {name: snapshot[name] for name in services.CONTENT}

    @extend_schema_field(BenchmarkProblemSerializer(many=True))
    def get_problems(self, obj) -> list:
        if obj.status == BenchmarkStatus.RETIRED:
            return []
        return [{"field": p.field, "message": p.message} for p in selectors.benchmark_problems(obj)]


class BenchmarkActivateSerializer(serializers.Serializer):
    effective_from = serializers.DateField(required=False, allow_null=True, default=None)


class BenchmarkRetireSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
    effective_until = serializers.DateField(required=False, allow_null=True, default=None)


class BenchmarkNewVersionSerializer(serializers.Serializer):
    effective_from = serializers.DateField(required=False, allow_null=True, default=None)


class BenchmarkFilter(filters.FilterSet):
    on = filters.DateFilter(method="filter_on", label="在该日施行")

    class Meta:
        model = Benchmark
        fields = ["item", "issuing_body", "status"]

    def filter_on(self, queryset, name, value):
        return queryset.filter(selectors.in_force_q(value))


def _content_kwargs(data: dict) -> dict:
    out = {}
    for name in ("basis_provisions", "fine_branches", "penalties", "tiers", "rules"):
        if name in data:
            value = data[name]
            out[name] = [dict(v) for v in value] if isinstance(value, list) and name != "basis_provisions" else value
    if "tiers" in out:
        out["tiers"] = [{**t, "fines": [dict(f) for f in t.get("fines", [])]} for t in out["tiers"]]
    return out


@extend_schema_view(
    list=extend_schema(summary="裁量基准列表", responses={200: BenchmarkSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="裁量基准详情（含档次与适用规则）", responses={200: BenchmarkDetailSerializer,
                                                                           **READ_ERRORS}),
)
class BenchmarkViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.benchmark_list)
    queryset = Benchmark.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = BenchmarkSerializer
    filterset_class = BenchmarkFilter
    search_fields = ["title", "item__code", "item__name", "issuing_body__name"]
    ordering_fields = ["effective_from", "version", "item__code"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return BenchmarkDetailSerializer if self.action == "retrieve" else BenchmarkSerializer

    @extend_schema(summary="起草裁量基准（草稿）", request=BenchmarkWriteSerializer,
                   responses={201: BenchmarkDetailSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = BenchmarkWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        item = item_list(user=request.user).filter(pk=data["item"]).first()
        if item is None:
            raise DomainError("执法事项不存在，或您无权查看。", field="item")
        body = body_list(user=request.user).filter(pk=data["issuing_body"]).first()
        if body is None and getattr(request.user, "body_id", None) == data["issuing_body"]:
            body = request.user.body
        if body is None:
            raise DomainError("制定机关不存在，或您无权查看。", field="issuing_body")
        parent = None
        if data.get("parent"):
            parent = selectors.benchmark_list(user=request.user).filter(pk=data["parent"]).first()
            if parent is None:
                raise DomainError("上级基准不存在，或您无权查看。", field="parent")
        benchmark = services.benchmark_create(
            actor=request.user, item=item, issuing_body=body, title=data["title"],
            document_number=data["document_number"], effective_from=data["effective_from"],
            effective_until=data["effective_until"], parent=parent, no_fault_excluded=data["no_fault_excluded"],
            no_fault_excluded_basis=data["no_fault_excluded_basis"], note=data["note"], **_content_kwargs(data))
        return Response(BenchmarkDetailSerializer(benchmark).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改裁量基准草稿（所给内容整体替换）", request=BenchmarkUpdateSerializer,
                   responses={200: BenchmarkDetailSerializer, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        benchmark = self.get_object()
        ser = BenchmarkUpdateSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        content = _content_kwargs(data)
        elements = {k: v for k, v in data.items() if k not in content}
        benchmark = services.benchmark_update(actor=request.user, benchmark=benchmark, **elements, **content)
        return Response(BenchmarkDetailSerializer(benchmark).data)

    @extend_schema(summary="发布裁量基准（档次幅度超出法定幅度的不予发布）", request=BenchmarkActivateSerializer,
                   responses={200: BenchmarkDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        ser = BenchmarkActivateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        benchmark = services.benchmark_activate(actor=request.user, benchmark=self.get_object(),
                                                effective_from=ser.validated_data["effective_from"])
        return Response(BenchmarkDetailSerializer(benchmark).data)

    @extend_schema(summary="废止裁量基准", request=BenchmarkRetireSerializer,
                   responses={200: BenchmarkDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        ser = BenchmarkRetireSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        benchmark = services.benchmark_retire(actor=request.user, benchmark=self.get_object(), **ser.validated_data)
        return Response(BenchmarkDetailSerializer(benchmark).data)

    @extend_schema(summary="以本基准为底稿起草新版本", request=BenchmarkNewVersionSerializer,
                   responses={201: BenchmarkDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        ser = BenchmarkNewVersionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        benchmark = services.benchmark_new_version(actor=request.user, benchmark=self.get_object(),
                                                   effective_from=ser.validated_data["effective_from"])
        return Response(BenchmarkDetailSerializer(benchmark).data, status=status.HTTP_201_CREATED)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("benchmarks", BenchmarkViewSet, basename="benchmark")

urlpatterns = [
    path("discretion/evaluate/", EvaluateView.as_view(), name="discretion-evaluate"),
    path("discretion/check/", CheckView.as_view(), name="discretion-check"),
    path("discretion/circumstances/", CircumstanceListView.as_view(), name="discretion-circumstances"),
    path("", include(router.urls)),
]
