"""API of the theme library's deliveries (办法 第四十七条第二款): ``POST /api/v1/themes/deliveries/`` (records as JSON
or a file; token or session; only a delivering account of the source), ``GET /api/v1/themes/deliveries/`` and
``…/<id>/`` (the caller's own sources' deliveries, with their row errors). Records themselves are not read here:
personal data leaves the library only through a granted share."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from yuezhifa.core.api import ProblemSerializer
from yuezhifa.core.errors import DomainError, NotAllowed

from . import ingest
from .models import Channel, Delivery, Kind, Source


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="行号（从 1 起算，不含表头；0 为整体说明）")
    field = serializers.CharField(help_text="数据元代码")
    message = serializers.CharField(help_text="中文说明，如“第 3 行 CF_JDRQ：日期格式应为 YYYY-MM-DD。”")


class DeliverySerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="数据来源代码")
    errors = RowErrorSerializer(many=True, read_only=True, help_text="被退回时的逐行错误；已入库时为空")
    notices = RowErrorSerializer(many=True, read_only=True,
                                 help_text="已入库时需报送单位知悉的提示，如记录已因数据异议更正、更正前内容未覆盖更正")

    class Meta:
        model = Delivery
        fields = ["id", "source", "channel", "file_name", "sha256", "received_at", "status", "row_count",
                  "created_count", "changed_count", "unchanged_count", "errors", "notices"]
        extra_kwargs = {f: {"help_text": Delivery._meta.get_field(f).verbose_name} for f in fields
                        if f not in ("source", "errors", "notices", "id")}


class DeliverRequestSerializer(serializers.Serializer):
    source = serializers.SlugField(help_text="数据来源代码（须为本账号登记报送的非平台来源）")
    kind = serializers.ChoiceField(choices=Kind.choices, help_text="数据类别：penalty、compulsion、inspection")
    records = serializers.ListField(child=serializers.DictField(), required=False, max_length=50_000,
                                    help_text="记录数组，键为数据元代码或中文名称（见 docs/主题库数据字典.md）")
    file = serializers.FileField(required=False, help_text="或上传文件：.csv（UTF-8）、.json、.xlsx")

    def validate(self, attrs):
        if ("records" in attrs) == ("file" in attrs):
            raise serializers.ValidationError({"records": "请提供 records 或 file 之一。"})
        return attrs


ERRORS = {400: OpenApiResponse(ProblemSerializer, description="请求无效（field 指出字段）"),
          403: OpenApiResponse(ProblemSerializer, description="不是该数据来源的报送账号")}


def _source(user, code: str) -> Source:
    source = Source.objects.filter(code=code).first()
    if source is None:
        raise DomainError(f"数据来源“{code}”不存在。", field="source")
    if not ingest.may_deliver(user, source):
        raise NotAllowed(f"只有数据来源“{source.name}”登记的报送账号可以报送数据（{ingest.BASIS}）。")
    return source


class DeliveriesView(APIView):
    @extend_schema(operation_id="themes_deliveries_list", responses={200: DeliverySerializer(many=True)},
                   summary="本账号报送的数据来源的报送记录（最近 200 次）")
    def get(self, request):
        deliveries = Delivery.objects.filter(source__in=ingest.deliverable_sources(request.user)).select_related(
            "source")[:200]
        return Response(DeliverySerializer(deliveries, many=True).data)

    @extend_schema(operation_id="themes_deliveries_create", request=DeliverRequestSerializer,
                   responses={201: DeliverySerializer, 200: DeliverySerializer, **ERRORS},
                   summary="报送非平台数据（办法 第四十七条第二款）：一行有误则整批退回（200，status=rejected，逐行错误）")
    def post(self, request):
        form = DeliverRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        source = _source(request.user, form.validated_data["source"])
        upload = form.validated_data.get("file")
        if upload is not None:
            delivery = ingest.deliver(actor=request.user, source=source, kind=form.validated_data["kind"],
                                      channel=ingest.channel_of(upload.name), data=upload.read(),
                                      file_name=upload.name)
        else:
            delivery = ingest.deliver(actor=request.user, source=source, kind=form.validated_data["kind"],
                                      channel=Channel.API, rows=form.validated_data["records"])
        code = status.HTTP_201_CREATED if delivery.status == "loaded" else status.HTTP_200_OK
        return Response(DeliverySerializer(delivery).data, status=code)


class DeliveryView(APIView):
    @extend_schema(operation_id="themes_deliveries_retrieve", responses={200: DeliverySerializer, 404: ProblemSerializer},
                   summary="一次报送的结果与逐行错误")
    def get(self, request, pk):
        delivery = get_object_or_404(Delivery.objects.filter(source__in=ingest.deliverable_sources(request.user)),
                                     pk=pk)
        return Response(DeliverySerializer(delivery).data)


urlpatterns = [
    path("themes/deliveries/", DeliveriesView.as_view(), name="themes-deliveries"),
    path("themes/deliveries/<uuid:pk>/", DeliveryView.as_view(), name="themes-delivery"),
]
