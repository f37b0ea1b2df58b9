"""REST API of the laws library. Thin: selectors read, services write, errors leave as problem+json."""

import datetime

from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.utils.urls import remove_query_param, replace_query_param

from yuezhifa.core.api_base import READ_ERRORS, WRITE_ERRORS, RestrictedReadViewSet
from yuezhifa.core.errors import DomainError

from . import selectors, services
from .models import Law, LawLevel, LawStatus, Provision, ProvisionKind

# --- serializers ---------------------------------------------------------------------------------------------


def _choices_text(choices) -> str:
    return "；".join(f"{value}（{label}）" for value, label in choices.choices)


def _enum(choices) -> dict:
    """An inline enum schema. Wrapped in allOf so that it stays inline: other apps also have fields called level,
    status and kind, and named enum components would collide."""
    return {"allOf": [{"type": "string", "enum": list(choices.values)}], "description": _choices_text(choices)}


@extend_schema_field(_enum(LawLevel))
class LawLevelField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=LawLevel.choices, **kwargs)


@extend_schema_field(_enum(LawStatus))
class LawStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=LawStatus.choices, **kwargs)


@extend_schema_field(_enum(ProvisionKind))
class ProvisionKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ProvisionKind.choices, **kwargs)


class LawSerializer(serializers.ModelSerializer):
    level = LawLevelField(read_only=True)
    status = LawStatusField(read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Law
        fields = ["id", "name", "short_name", "level", "level_display", "category", "issuing_body", "publish_date",
                  "effective_date", "expiry_date", "status", "status_display", "is_repealed", "article_count", "tags",
                  "lineage", "previous_version", "source_path"]
        read_only_fields = fields


class LawVersionSerializer(serializers.ModelSerializer):
    status = LawStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Law
        fields = ["id", "name", "publish_date", "effective_date", "expiry_date", "status", "status_display",
                  "article_count"]
        read_only_fields = fields


class StructureSerializer(serializers.ModelSerializer):
    """One unit of the provision tree, flat: ``parent`` is the id of the enclosing unit (null at the top)."""

    kind = ProvisionKindField(read_only=True)

    class Meta:
        model = Provision
        fields = ["id", "parent", "kind", "ordinal", "code", "label", "heading", "article_number", "citation", "text",
                  "tags"]
        read_only_fields = fields


class LawDetailSerializer(LawSerializer):
    history = serializers.CharField(read_only=True)
    preamble = serializers.CharField(read_only=True)
    structure = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta(LawSerializer.Meta):
        fields = [*LawSerializer.Meta.fields, "history", "preamble", "structure", "versions"]
        read_only_fields = fields

    @extend_schema_field(StructureSerializer(many=True))
    def get_structure(self, obj) -> list:
        return StructureSerializer(selectors.law_structure(law=obj), many=True).data

    @extend_schema_field(LawVersionSerializer(many=True))
    def get_versions(self, obj) -> list:
        return LawVersionSerializer(selectors.law_versions(user=self.context["request"].user, law=obj),
                                    many=True).data


class LawUpdateSerializer(serializers.Serializer):
    short_name = serializers.CharField(max_length=200, required=False, label="简称")
    level = LawLevelField(required=False, label="效力位阶")
    category = serializers.CharField(max_length=100, required=False, allow_blank=True, label="分类")
    issuing_body = serializers.CharField(max_length=200, required=False, allow_blank=True, label="制定机关")
    publish_date = serializers.DateField(required=False, allow_null=True, label="公布日期")
    effective_date = serializers.DateField(required=False, allow_null=True, label="施行日期")
    expiry_date = serializers.DateField(required=False, allow_null=True, label="失效日期")
    is_repealed = serializers.BooleanField(required=False, label="已废止")
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False, label="标签")


class ProvisionSerializer(serializers.ModelSerializer):
    kind = ProvisionKindField(read_only=True)
    law_status = LawStatusField(source="law.status", read_only=True)
    law_name = serializers.CharField(source="law.name", read_only=True)
    law_status_display = serializers.CharField(source="law.get_status_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    snippet = serializers.SerializerMethodField(help_text="检索时：含 <mark> 高亮的条文片段（HTML）；否则为空。")
    score = serializers.SerializerMethodField(help_text="检索时：相关度得分；否则为空。")

    class Meta:
        model = Provision
        fields = ["id", "law", "law_name", "law_status", "law_status_display", "parent", "kind", "kind_display",
                  "code", "label", "heading", "article_number", "citation", "text", "tags", "snippet", "score"]
        read_only_fields = fields

    def get_snippet(self, obj) -> str | None:
        return getattr(obj, "search_snippet", None)

    def get_score(self, obj) -> float | None:
        return getattr(obj, "search_score", None)


class CitingObjectSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()


class CitingSerializer(serializers.Serializer):
    label = serializers.CharField()
    relation = serializers.CharField()
    objects = CitingObjectSerializer(many=True)


class ProvisionDetailSerializer(ProvisionSerializer):
    children = serializers.SerializerMethodField()
    cited_by = serializers.SerializerMethodField()

    class Meta(ProvisionSerializer.Meta):
        fields = [*ProvisionSerializer.Meta.fields, "children", "cited_by"]
        read_only_fields = fields

    @extend_schema_field(StructureSerializer(many=True))
    def get_children(self, obj) -> list:
        return StructureSerializer(selectors.provision_children(provision=obj), many=True).data

    @extend_schema_field(CitingSerializer(many=True))
    def get_cited_by(self, obj) -> list:
        groups = selectors.provision_citing(user=self.context["request"].user, provision=obj)
        return [{"label": group["label"], "relation": group["relation"],
                 "objects": [{"id": str(o.pk), "name": str(o)} for o in group["objects"]]} for group in groups]


class ProvisionTagsSerializer(serializers.Serializer):
    tags = serializers.ListField(child=serializers.CharField(max_length=40), label="标签")


# --- parameters ----------------------------------------------------------------------------------------------


LAW_PARAMETERS = [
    OpenApiParameter("name", str, description="全称，精确匹配，如“中华人民共和国行政处罚法”"),
    OpenApiParameter("search", str, description="按名称检索"),
    OpenApiParameter("level", str, description=f"效力位阶，可用值或中文名，多个以逗号分隔：{_choices_text(LawLevel)}"),
    OpenApiParameter("status", str, description=f"时效性，可用值或中文名：{_choices_text(LawStatus)}"),
    OpenApiParameter("category", str, description="分类，如“行政法”“部门规章/市场监督管理总局”"),
    OpenApiParameter("lineage", str, description="版本族（同一法律的各版本）"),
]
PROVISION_PARAMETERS = [
    OpenApiParameter("search", str, description="全文检索条文（按相关度排序，结果含高亮片段 snippet）"),
    OpenApiParameter("law", OpenApiTypes.UUID, description="限定某一法律法规版本"),
    OpenApiParameter("status", str, description=f"限定法律的时效性：{_choices_text(LawStatus)}"),
    OpenApiParameter("kind", str, description=f"单元类别（不检索时）：{_choices_text(ProvisionKind)}"),
    OpenApiParameter("article_number", int, description="条号（不检索时）"),
]


# --- views ---------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="法律法规列表", parameters=LAW_PARAMETERS,
                       responses={200: LawSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="法律法规详情（含条款结构与各版本）",
                           responses={200: LawDetailSerializer, **READ_ERRORS}),
    partial_update=extend_schema(summary="修改法律法规信息（省司法行政部门管理员）", request=LawUpdateSerializer,
                                 responses={200: LawSerializer, **WRITE_ERRORS}),
)
class LawViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.law_list)
    queryset = Law.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = LawSerializer
    filter_backends: list = []
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        params = self.request.query_params
        qs = selectors.law_list(user=self.request.user, **{key: params.get(key, "") for key in (
            "name", "search", "level", "status", "category", "lineage")})
        if self.action == "list" and not params.get("search"):
            qs = qs.order_by("level", "name", "-publish_date")
        return qs

    def get_serializer_class(self):
        return LawDetailSerializer if self.action == "retrieve" else LawSerializer

    def partial_update(self, request, pk=None):
        law = self.get_object()
        ser = LawUpdateSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        law = services.law_update(actor=request.user, law=law, **ser.validated_data)
        return Response(LawSerializer(law, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(summary="条款列表与全文检索", parameters=PROVISION_PARAMETERS,
                       responses={200: ProvisionSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="条款详情（含下级款项与引用它的执法事项）",
                           responses={200: ProvisionDetailSerializer, **READ_ERRORS}),
    partial_update=extend_schema(summary="修改条款标签（省司法行政部门管理员）", request=ProvisionTagsSerializer,
                                 responses={200: ProvisionSerializer, **WRITE_ERRORS}),
)
class ProvisionViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.provision_list)
    queryset = Provision.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = ProvisionSerializer
    filter_backends: list = []
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        params = self.request.query_params
        number = params.get("article_number")
        if number is not None and not number.isdigit():
            raise DomainError("article_number 应为正整数。", field="article_number")
        return selectors.provision_list(user=self.request.user, law=params.get("law") or None,
                                        status=params.get("status", ""), kind=params.get("kind", ""),
                                        article_number=int(number) if number else None)

    def get_serializer_class(self):
        return ProvisionDetailSerializer if self.action == "retrieve" else ProvisionSerializer

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("search", "").strip()
        if not query:
            return super().list(request, *args, **kwargs)
        return self._search(request, query)

    def _search(self, request, query: str) -> Response:
        paginator = self.paginator
        size = paginator.get_page_size(request) or 50
        try:
            number = max(1, int(request.query_params.get(paginator.page_query_param, "1")))
        except ValueError:
            raise DomainError("页码应为正整数。", field=paginator.page_query_param) from None
        page = selectors.provision_search(user=request.user, query=query,
                                          law=request.query_params.get("law") or None,
                                          status=request.query_params.get("status", ""),
                                          limit=size, offset=(number - 1) * size)
        provisions = []
        for hit in page.hits:
            hit.provision.search_snippet = hit.snippet
            hit.provision.search_score = round(hit.score, 4)
            provisions.append(hit.provision)
        url = request.build_absolute_uri()
        has_next = number * size < page.total
        return Response({
            "count": page.total,
            "next": replace_query_param(url, paginator.page_query_param, number + 1) if has_next else None,
            "previous": (None if number == 1 else remove_query_param(url, paginator.page_query_param) if number == 2
                         else replace_query_param(url, paginator.page_query_param, number - 1)),
            "results": self.get_serializer(provisions, many=True).data,
        })

    def partial_update(self, request, pk=None):
        provision = self.get_object()
        ser = ProvisionTagsSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        provision = services.provision_update(actor=request.user, provision=provision, **ser.validated_data)
        return Response(ProvisionSerializer(provision, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="解析条款引用（按某日有效的版本）",
        parameters=[
            OpenApiParameter("citation", str, required=True,
                             description="如“《中华人民共和国行政处罚法》第五十一条”“处罚法第63条第1款第（二）项”"),
            OpenApiParameter("date", OpenApiTypes.DATE, description="有效日期（YYYY-MM-DD），默认今天"),
        ],
        responses={200: ProvisionDetailSerializer, **READ_ERRORS, 422: READ_ERRORS[404]},
    )
    @action(detail=False, methods=["get"], url_path="resolve")
    def resolve(self, request):
        citation = request.query_params.get("citation", "")
        raw_date = request.query_params.get("date", "")
        on = None
        if raw_date:
            try:
                on = datetime.date.fromisoformat(raw_date)
            except ValueError:
                raise DomainError(f"日期“{raw_date}”无效，应为 YYYY-MM-DD。", field="date") from None
        provision = selectors.provision_resolve(user=request.user, citation=citation, on=on)
        return Response(ProvisionDetailSerializer(provision, context=self.get_serializer_context()).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("laws", LawViewSet, basename="law")
router.register("provisions", ProvisionViewSet, basename="provision")

urlpatterns = [path("", include(router.urls))]
