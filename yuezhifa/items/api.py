"""REST API of the item library: the provincial list, each item's basis, and bodies' basis adjustments (办法 第54条).
Thin: selectors read, services write."""

import datetime
import uuid

from django.urls import include, path
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yuezhifa.core.api_base import PROBLEM, READ_ERRORS, WRITE_ERRORS, RestrictedReadViewSet
from yuezhifa.core.errors import DomainError
from yuezhifa.core.filters import BoundedFilterBackend
from yuezhifa.laws.models import Provision
from yuezhifa.org.models import Domain, EnforcementBody, Level

from . import selectors, services
from .models import AdjustmentStatus, BasisAdjustment, BasisRole, Item, ItemBasis, ItemStatus, ItemType
from .rules import effective_bases, item_unusable_reason

# --- serializers ---------------------------------------------------------------------------------------------


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented inline (values with their Chinese labels) rather than as an enum component: the
    implementing levels share their values with ``org``'s ``level`` enum, which would otherwise get two names."""

    @extend_schema_field({"type": "string", "enum": [value for value, _ in choices],
                          "description": "；".join(f"{value}={label}" for value, label in choices)})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)



class ItemBasisSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    citation = serializers.CharField(source="provision.citation", read_only=True)
    law = serializers.UUIDField(source="provision.law_id", read_only=True)
    law_name = serializers.CharField(source="provision.law.name", read_only=True)
    law_status = serializers.CharField(source="provision.law.status", read_only=True)
    article_number = serializers.IntegerField(source="provision.article_number", read_only=True, allow_null=True)
    provision_text = serializers.CharField(source="provision.text", read_only=True)

    class Meta:
        model = ItemBasis
        fields = ["id", "provision", "role", "role_display", "note", "order", "citation", "law", "law_name",
                  "law_status", "article_number", "provision_text"]


class ItemSerializer(serializers.ModelSerializer):
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    domain_name = serializers.CharField(source="domain.name", read_only=True)
    levels = serializers.ListField(child=choice(Level.choices), read_only=True)
    levels_display = serializers.ListField(source="level_labels", child=serializers.CharField(), read_only=True)
    bases = ItemBasisSerializer(many=True, read_only=True)

    class Meta:
        model = Item
        fields = ["id", "code", "name", "type", "type_display", "domain", "domain_name", "levels", "levels_display",
                  "department", "status", "status_display", "status_reason", "version", "effective_from",
                  "effective_until", "registered", "registered_code", "note", "limitation_months", "limitation_basis",
                  "bases", "created_at", "updated_at"]


class BasisWriteSerializer(serializers.Serializer):
    provision = serializers.PrimaryKeyRelatedField(queryset=Provision.objects.select_related("law"), label="条款")
    role = serializers.ChoiceField(choices=BasisRole.choices, label="依据类别")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", label="说明")


class ItemWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, label="事项编码")
    name = serializers.CharField(max_length=300, label="事项名称")
    type = serializers.ChoiceField(choices=ItemType.choices, label="事项类型")
    domain = serializers.SlugRelatedField(slug_field="code", queryset=Domain.objects.all(), label="执法领域")
    levels = serializers.ListField(child=choice(Level.choices), label="实施层级")
    department = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                       label="实施主体")
    registered_code = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                            label="省事项管理系统编码")
    effective_from = serializers.DateField(required=False, allow_null=True, default=None, label="生效日期")
    effective_until = serializers.DateField(required=False, allow_null=True, default=None, label="失效日期")
    note = serializers.CharField(required=False, allow_blank=True, default="", label="备注")
    limitation_months = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=600,
                                                 label="违法行为的追责期限（月，法律另有规定的）")
    limitation_basis = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                             label="追责期限的法律规定")
    bases = BasisWriteSerializer(many=True, required=False, default=list, label="法律依据")


class ItemUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300, required=False, label="事项名称")
    domain = serializers.SlugRelatedField(slug_field="code", queryset=Domain.objects.all(), required=False,
                                          label="执法领域")
    levels = serializers.ListField(child=choice(Level.choices), required=False,
                                   label="实施层级")
    department = serializers.CharField(max_length=300, required=False, allow_blank=True, label="实施主体")
    registered_code = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                            label="省事项管理系统编码")
    effective_from = serializers.DateField(required=False, allow_null=True, label="生效日期")
    effective_until = serializers.DateField(required=False, allow_null=True, label="失效日期")
    note = serializers.CharField(required=False, allow_blank=True, label="备注")
    limitation_months = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=600,
                                                 label="违法行为的追责期限（月，法律另有规定的）")
    limitation_basis = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                             label="追责期限的法律规定")


class BasisSetSerializer(serializers.Serializer):
    bases = BasisWriteSerializer(many=True, label="法律依据")


class ActivateSerializer(serializers.Serializer):
    effective_from = serializers.DateField(required=False, allow_null=True, default=None, label="生效日期")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, label="理由")


class RepealSerializer(ReasonSerializer):
    effective_until = serializers.DateField(required=False, allow_null=True, default=None, label="失效日期")


class UsabilitySerializer(serializers.Serializer):
    usable = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True)
    date = serializers.DateField()


class EffectiveBasisSerializer(serializers.Serializer):
    provision = serializers.UUIDField(source="provision_id")
    role = serializers.CharField()
    role_display = serializers.CharField(source="role_label")
    note = serializers.CharField()
    citation = serializers.SerializerMethodField()
    adjustment = serializers.UUIDField(source="adjustment_id", allow_null=True)

    def get_citation(self, obj) -> str:
        return self.context["citations"].get(obj.provision_id, "")


class AdjustmentSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    submitted_by_name = serializers.CharField(source="submitted_by", read_only=True, default=None)
    approved_by_name = serializers.CharField(source="approved_by", read_only=True, default=None)

    class Meta:
        model = BasisAdjustment
        fields = ["id", "body", "body_name", "item", "item_code", "item_name", "proposed_bases", "reason", "status",
                  "status_display", "submitted_by_name", "submitted_at", "approved_by_name", "approved_at",
                  "rejected_at", "decision_note", "reported_to", "reported_at", "ended_at"]


class AdjustmentSubmitSerializer(serializers.Serializer):
    body = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), label="执法主体")
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all(), label="执法事项")
    bases = BasisWriteSerializer(many=True, label="调整后的依据")
    reason = serializers.CharField(label="调整理由")


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="", label="审批意见")


class ReportSerializer(serializers.Serializer):
    reported_to = serializers.CharField(max_length=200, label="报备部门")
    reported_at = serializers.DateTimeField(required=False, allow_null=True, default=None, label="报备时间")


# --- filters -------------------------------------------------------------------------------------------------


class ItemFilter(filters.FilterSet):
    type = filters.ChoiceFilter(choices=ItemType.choices, label="事项类型")
    domain = filters.CharFilter(field_name="domain_id", label="执法领域代码")
    status = filters.ChoiceFilter(choices=ItemStatus.choices, label="状态")
    level = filters.ChoiceFilter(choices=Level.choices, method="filter_level", label="实施层级")
    registered = filters.BooleanFilter(label="已纳入省事项管理系统")
    search = filters.CharFilter(method="filter_search", label="全文搜索（名称、编码、依据）")

    class Meta:
        model = Item
        fields = ["type", "domain", "status", "level", "registered", "search"]

    def filter_level(self, queryset, name, value):
        return queryset.filter(levels__icontains=f'"{value}"')

    def filter_search(self, queryset, name, value):
        return selectors.item_search(queryset, value)


class AdjustmentFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=AdjustmentStatus.choices, label="状态")

    class Meta:
        model = BasisAdjustment
        fields = ["body", "item", "status"]


# --- views ---------------------------------------------------------------------------------------------------


def _specs(data) -> list[services.BasisSpec]:
    return [services.BasisSpec(provision=b["provision"], role=b["role"], note=b.get("note", "")) for b in data]


DATE_PARAM = OpenApiParameter("date", OpenApiTypes.DATE, description="使用日期，默认今天")


def _date_param(request) -> datetime.date:
    value = request.query_params.get("date")
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DomainError(f"日期“{value}”格式不正确，应为 2025-01-01。", field="date") from None


@extend_schema_view(
    list=extend_schema(summary="执法事项列表", responses={200: ItemSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="执法事项详情（含法律依据）", responses={200: ItemSerializer, **READ_ERRORS}),
)
class ItemViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.item_list)
    queryset = Item.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = ItemSerializer
    filterset_class = ItemFilter
    filter_backends = [BoundedFilterBackend, OrderingFilter]
    ordering_fields = ["code", "name", "updated_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.item_list(user=self.request.user, with_bases=True)

    def _detail(self, item, code=status.HTTP_200_OK):
        item = selectors.item_detail(user=self.request.user, pk=item.pk)
        return Response(ItemSerializer(item).data, status=code)

    @extend_schema(summary="新增执法事项（全省清单维护人员）", request=ItemWriteSerializer,
                   responses={201: ItemSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = ItemWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        bases = _specs(data.pop("bases"))
        item = services.item_create(actor=request.user, bases=bases, **data)
        return self._detail(item, status.HTTP_201_CREATED)

    @extend_schema(summary="修改执法事项要素", request=ItemUpdateSerializer,
                   responses={200: ItemSerializer, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        item = self.get_object()
        ser = ItemUpdateSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        item = services.item_update(actor=request.user, item=item, **ser.validated_data)
        return self._detail(item)

    @extend_schema(summary="设置法律依据（整体替换）", request=BasisSetSerializer,
                   responses={200: ItemSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["put"], url_path="bases")
    def set_bases(self, request, pk=None):
        ser = BasisSetSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        item = services.basis_set(actor=request.user, item=self.get_object(),
                                  bases=_specs(ser.validated_data["bases"]))
        return self._detail(item)

    @extend_schema(summary="发布或恢复执法事项（须已纳入省事项管理系统并有依据）", request=ActivateSerializer,
                   responses={200: ItemSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        ser = ActivateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        item = services.item_activate(actor=request.user, item=self.get_object(), **ser.validated_data)
        return self._detail(item)

    @extend_schema(summary="暂停执法事项", request=ReasonSerializer,
                   responses={200: ItemSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        ser = ReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        item = services.item_suspend(actor=request.user, item=self.get_object(), **ser.validated_data)
        return self._detail(item)

    @extend_schema(summary="废止执法事项", request=RepealSerializer,
                   responses={200: ItemSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def repeal(self, request, pk=None):
        ser = RepealSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        item = services.item_repeal(actor=request.user, item=self.get_object(), **ser.validated_data)
        return self._detail(item)

    @extend_schema(summary="能否用于办案（办法 第13条(二)）", parameters=[DATE_PARAM],
                   responses={200: UsabilitySerializer, **READ_ERRORS, 422: PROBLEM})
    @action(detail=True, methods=["get"])
    def usability(self, request, pk=None):
        day = _date_param(request)
        reason = item_unusable_reason(self.get_object(), day)
        return Response({"usable": reason is None, "reason": reason, "date": day})

    @extend_schema(summary="某执法主体办案适用的依据（含经批准的依据调整，办法 第54条）",
                   parameters=[OpenApiParameter("body", OpenApiTypes.UUID, required=True, description="执法主体"),
                               DATE_PARAM],
                   responses={200: EffectiveBasisSerializer(many=True), **READ_ERRORS, 422: PROBLEM})
    @action(detail=True, methods=["get"], url_path="effective-bases", pagination_class=None)
    def effective_bases(self, request, pk=None):
        item = self.get_object()
        body_id = request.query_params.get("body", "")
        body = EnforcementBody.objects.restrict(request.user, "view").filter(pk=body_id).first() \
            if _is_uuid(body_id) else None
        if body is None:
            raise DomainError("请用 body 参数指定您有权查看的执法主体。", field="body")
        bases = effective_bases(item, body, _date_param(request))
        citations = dict(Provision.objects.filter(pk__in=[b.provision_id for b in bases])
                         .values_list("pk", "citation"))
        return Response(EffectiveBasisSerializer(bases, many=True, context={"citations": citations}).data)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@extend_schema_view(
    list=extend_schema(summary="事项依据调整列表（办法 第54条）", responses={200: AdjustmentSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="事项依据调整详情", responses={200: AdjustmentSerializer, **READ_ERRORS}),
)
class AdjustmentViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.adjustment_list)
    queryset = BasisAdjustment.objects.none()  # for the schema generator only
    serializer_class = AdjustmentSerializer
    filterset_class = AdjustmentFilter
    filter_backends = [BoundedFilterBackend, OrderingFilter]
    ordering_fields = ["created_at", "approved_at"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(summary="提交事项依据调整（本单位系统管理员或负责人）", request=AdjustmentSubmitSerializer,
                   responses={201: AdjustmentSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = AdjustmentSubmitSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        adj = services.basis_adjustment_submit(actor=request.user, body=data["body"], item=data["item"],
                                               bases=_specs(data["bases"]), reason=data["reason"])
        return Response(AdjustmentSerializer(adj).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="批准（本单位主要负责人，办法 第54条第2款）", request=DecisionSerializer,
                   responses={200: AdjustmentSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        ser = DecisionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        adj = services.basis_adjustment_approve(actor=request.user, adjustment=self.get_object(),
                                                **ser.validated_data)
        return Response(AdjustmentSerializer(adj).data)

    @extend_schema(summary="驳回（本单位主要负责人）", request=DecisionSerializer,
                   responses={200: AdjustmentSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        ser = DecisionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        adj = services.basis_adjustment_reject(actor=request.user, adjustment=self.get_object(),
                                               **ser.validated_data)
        return Response(AdjustmentSerializer(adj).data)

    @extend_schema(summary="登记向省或者市级行业主管部门报备", request=ReportSerializer,
                   responses={200: AdjustmentSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        ser = ReportSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        adj = services.basis_adjustment_report(actor=request.user, adjustment=self.get_object(),
                                               **ser.validated_data)
        return Response(AdjustmentSerializer(adj).data)

    @extend_schema(summary="终止依据调整", request=ReasonSerializer,
                   responses={200: AdjustmentSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        ser = ReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        adj = services.basis_adjustment_end(actor=request.user, adjustment=self.get_object(), **ser.validated_data)
        return Response(AdjustmentSerializer(adj).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("items", ItemViewSet, basename="item")
router.register("item-adjustments", AdjustmentViewSet, basename="item-adjustment")

urlpatterns = [path("", include(router.urls))]
