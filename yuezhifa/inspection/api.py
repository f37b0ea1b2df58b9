"""REST API of the inspection register (LEGAL.md §4; docs/decisions/0037): bodies' 主体资格, the inspection items'
elements and checklists, and the subject register with its Excel import. Thin: selectors read, services write.
Natural persons' identity numbers are always masked here; the full number comes only from the audited
``reveal-id-number`` action."""

from django.http import HttpResponse
from django.urls import include, path
from django.utils.http import content_disposition_header
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yuezhifa.core.api_base import READ_ERRORS, WRITE_ERRORS, RestrictedReadViewSet
from yuezhifa.core.errors import DomainError
from yuezhifa.core.excel import XLSX_CONTENT_TYPE
from yuezhifa.core.filters import BoundedFilterBackend
from yuezhifa.items.models import Item, ItemType
from yuezhifa.org.models import Division, Domain, EnforcementBody
from yuezhifa.topology.accounts import user_label

from .models import ItemProfile, Method, Qualification, RiskGrade, Subject, SubjectKind
from .selectors import register as selectors
from .services import register as services
from .services import subject_excel

# --- serializers ---------------------------------------------------------------------------------------------


class InspectionQualificationSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    confirmed_by_name = serializers.SerializerMethodField(help_text="确认人（账号在省级平台时，节点上显示“（节点账号）”）")
    in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = Qualification
        fields = ["id", "body", "body_name", "basis", "confirmed_on", "confirmed_by_name", "published_at",
                  "revoked_at", "revoked_reason", "in_force"]

    def get_confirmed_by_name(self, obj) -> str | None:
        return user_label(obj, "confirmed_by") or None


class InspectionQualificationConfirmSerializer(serializers.Serializer):
    body = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), label="检查主体")
    basis = serializers.CharField(max_length=300, label="主体资格依据")
    confirmed_on = serializers.DateField(required=False, allow_null=True, default=None, label="确认日期")


class InspectionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, label="理由")


class InspectionPointSerializer(serializers.Serializer):
    seq = serializers.IntegerField(min_value=1, max_value=32767, label="序号")
    text = serializers.CharField(max_length=500, label="检查内容")
    provision = serializers.CharField(max_length=300, label="依据条款")


class InspectionProfileSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    item_status = serializers.CharField(source="item.status", read_only=True)
    method_display = serializers.CharField(source="get_method_display", read_only=True)
    points = InspectionPointSerializer(many=True, read_only=True)
    bases = serializers.SerializerMethodField()

    class Meta:
        model = ItemProfile
        fields = ["id", "item", "item_code", "item_name", "item_status", "subject_object", "method",
                  "method_display", "standard", "annual_cap", "published_at", "points", "bases"]

    def get_bases(self, obj) -> list[str]:
        return [f"{b.get_role_display()}：{b.provision.citation}" for b in obj.item.bases.all()]


class InspectionProfileWriteSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.filter(type=ItemType.INSPECTION),
                                              label="行政检查事项")
    subject_object = serializers.CharField(max_length=300, label="检查对象")
    method = serializers.ChoiceField(choices=Method.choices, default=Method.BOTH, label="检查方式")
    standard = serializers.CharField(label="检查标准")
    annual_cap = serializers.IntegerField(min_value=1, max_value=365, label="频次上限（次/年/企业）")
    points = InspectionPointSerializer(many=True, required=False, label="检查要点")


class InspectionProfileUpdateSerializer(serializers.Serializer):
    subject_object = serializers.CharField(max_length=300, required=False, label="检查对象")
    method = serializers.ChoiceField(choices=Method.choices, required=False, label="检查方式")
    standard = serializers.CharField(required=False, label="检查标准")
    annual_cap = serializers.IntegerField(min_value=1, max_value=365, required=False, label="频次上限（次/年/企业）")


class InspectionPointsSetSerializer(serializers.Serializer):
    points = InspectionPointSerializer(many=True, label="检查要点")


class InspectionSubjectSerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField(help_text="自然人的身份证件号码，已脱敏。")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    risk_grade_display = serializers.CharField(source="get_risk_grade_display", read_only=True)
    graded_by_name = serializers.CharField(source="graded_by.name", read_only=True, default=None)

    class Meta:
        model = Subject
        fields = ["id", "credit_code", "id_number", "name", "kind", "kind_display", "industry", "division",
                  "division_name", "address", "domain", "risk_grade", "risk_grade_display", "graded_by",
                  "graded_by_name", "graded_on", "active", "created_at", "updated_at"]

    def get_id_number(self, obj) -> str:
        return selectors.masked_id_number(obj)


class InspectionSubjectWriteSerializer(serializers.Serializer):
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True, default="",
                                        label="统一社会信用代码")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="",
                                      label="身份证件号码")
    name = serializers.CharField(max_length=200, label="名称")
    kind = serializers.ChoiceField(choices=SubjectKind.choices, default=SubjectKind.ENTERPRISE, label="类别")
    industry = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", label="行业")
    division = serializers.PrimaryKeyRelatedField(queryset=Division.objects.all(), label="所在区划")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", label="地址")
    domain = serializers.PrimaryKeyRelatedField(queryset=Domain.objects.all(), required=False, allow_null=True,
                                                default=None, label="监管领域")
    risk_grade = serializers.ChoiceField(choices=RiskGrade.choices, default=RiskGrade.B, label="风险等级")
    graded_by = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), required=False,
                                                   allow_null=True, default=None, label="评定机关")
    graded_on = serializers.DateField(required=False, allow_null=True, default=None, label="评定日期")


class InspectionSubjectUpdateSerializer(serializers.Serializer):
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True, label="统一社会信用代码")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, label="身份证件号码")
    name = serializers.CharField(max_length=200, required=False, label="名称")
    kind = serializers.ChoiceField(choices=SubjectKind.choices, required=False, label="类别")
    industry = serializers.CharField(max_length=100, required=False, allow_blank=True, label="行业")
    division = serializers.PrimaryKeyRelatedField(queryset=Division.objects.all(), required=False, label="所在区划")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, label="地址")
    domain = serializers.PrimaryKeyRelatedField(queryset=Domain.objects.all(), required=False, allow_null=True,
                                                label="监管领域")
    risk_grade = serializers.ChoiceField(choices=RiskGrade.choices, required=False, label="风险等级")
    graded_by = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), required=False,
                                                   allow_null=True, label="评定机关")
    graded_on = serializers.DateField(required=False, allow_null=True, label="评定日期")
    active = serializers.BooleanField(required=False, label="在册")


ImportResultSerializer = inline_serializer("InspectionSubjectImportResult", fields={
    "created": serializers.IntegerField(), "updated": serializers.IntegerField(),
    "sha256": serializers.CharField()})
RevealSerializer = inline_serializer("InspectionSubjectIdNumber", fields={"id_number": serializers.CharField()})


# --- filters -------------------------------------------------------------------------------------------------


class InspectionSubjectFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_selector", label="名称或统一社会信用代码")
    name = filters.CharFilter(method="filter_selector", label="名称包含")
    credit_code = filters.CharFilter(method="filter_selector", label="统一社会信用代码（前缀）")
    division = filters.CharFilter(method="filter_selector", label="区划代码前缀，如 4401 为广州市全部")
    grade = filters.ChoiceFilter(choices=RiskGrade.choices, method="filter_selector", label="风险等级")
    industry = filters.CharFilter(method="filter_selector", label="行业（代码前缀或名称）")
    kind = filters.ChoiceFilter(choices=SubjectKind.choices, method="filter_selector", label="类别")

    class Meta:
        model = Subject
        fields = ["q", "name", "credit_code", "division", "grade", "industry", "kind"]

    def filter_selector(self, queryset, name, value):
        return selectors.subject_filter(queryset, **{name: value})


class InspectionProfileFilter(filters.FilterSet):
    published = filters.BooleanFilter(field_name="published_at", lookup_expr="isnull", exclude=True,
                                      label="已公示")

    class Meta:
        model = ItemProfile
        fields = ["published"]


# --- views ---------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="行政检查主体资格列表", responses={200: InspectionQualificationSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="行政检查主体资格详情", responses={200: InspectionQualificationSerializer, **READ_ERRORS}),
)
class QualificationViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.qualification_list)
    queryset = Qualification.objects.none()  # for the schema generator only
    serializer_class = InspectionQualificationSerializer
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(summary="确认行政检查主体资格（覆盖该主体区划的司法行政部门系统管理员）",
                   request=InspectionQualificationConfirmSerializer, responses={201: InspectionQualificationSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = InspectionQualificationConfirmSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        q = services.qualification_confirm(actor=request.user, **ser.validated_data)
        return Response(InspectionQualificationSerializer(q).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="公示主体资格（事前公示）", request=None,
                   responses={200: InspectionQualificationSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        q = services.qualification_publish(actor=request.user, qualification=self.get_object())
        return Response(InspectionQualificationSerializer(q).data)

    @extend_schema(summary="撤销主体资格", request=InspectionReasonSerializer,
                   responses={200: InspectionQualificationSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        ser = InspectionReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        q = services.qualification_revoke(actor=request.user, qualification=self.get_object(),
                                          **ser.validated_data)
        return Response(InspectionQualificationSerializer(q).data)


@extend_schema_view(
    list=extend_schema(summary="行政检查事项（检查对象、方式、标准、频次上限、检查要点）",
                       responses={200: InspectionProfileSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="行政检查事项详情", responses={200: InspectionProfileSerializer, **READ_ERRORS}),
)
class ProfileViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.profile_list)
    queryset = ItemProfile.objects.none()  # for the schema generator only
    serializer_class = InspectionProfileSerializer
    filterset_class = InspectionProfileFilter
    filter_backends = [BoundedFilterBackend]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _detail(self, profile, code=status.HTTP_200_OK):
        profile = selectors.profile_list(user=self.request.user).get(pk=profile.pk)
        return Response(InspectionProfileSerializer(profile).data, status=code)

    @extend_schema(summary="设置行政检查事项要素（全省事项清单维护人员）", request=InspectionProfileWriteSerializer,
                   responses={201: InspectionProfileSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = InspectionProfileWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        points = data.pop("points", None)
        item = data.pop("item")
        if ItemProfile.objects.filter(item=item).exists():
            raise DomainError("该事项已设置检查要素，请修改原记录。", field="item")
        profile = services.profile_save(actor=request.user, item=item, **data)
        if points is not None:
            profile = services.profile_set_points(actor=request.user, profile=profile, points=points)
        return self._detail(profile, status.HTTP_201_CREATED)

    @extend_schema(summary="修改行政检查事项要素", request=InspectionProfileUpdateSerializer,
                   responses={200: InspectionProfileSerializer, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        profile = self.get_object()
        ser = InspectionProfileUpdateSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        profile = services.profile_save(actor=request.user, item=profile.item, **ser.validated_data)
        return self._detail(profile)

    @extend_schema(summary="设置检查要点（整体替换）", request=InspectionPointsSetSerializer,
                   responses={200: InspectionProfileSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["put"])
    def points(self, request, pk=None):
        ser = InspectionPointsSetSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        profile = services.profile_set_points(actor=request.user, profile=self.get_object(),
                                              points=ser.validated_data["points"])
        return self._detail(profile)

    @extend_schema(summary="公示检查事项（须有检查要点、事项有效）", request=None,
                   responses={200: InspectionProfileSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._detail(services.profile_publish(actor=request.user, profile=self.get_object()))

    @extend_schema(summary="撤回公示的检查事项", request=InspectionReasonSerializer,
                   responses={200: InspectionProfileSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        ser = InspectionReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._detail(services.profile_withdraw(actor=request.user, profile=self.get_object(),
                                                      **ser.validated_data))


@extend_schema_view(
    list=extend_schema(summary="检查对象名录（自然人证件号码已脱敏）", responses={200: InspectionSubjectSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="检查对象详情", responses={200: InspectionSubjectSerializer, **READ_ERRORS}),
)
class SubjectViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.subject_list)
    queryset = Subject.objects.none()  # for the schema generator only
    serializer_class = InspectionSubjectSerializer
    filterset_class = InspectionSubjectFilter
    filter_backends = [BoundedFilterBackend, OrderingFilter]
    ordering_fields = ["name", "credit_code", "risk_grade", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(summary="登记检查对象（本辖区系统管理员）", request=InspectionSubjectWriteSerializer,
                   responses={201: InspectionSubjectSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = InspectionSubjectWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        subject = services.subject_create(actor=request.user, **ser.validated_data)
        return Response(InspectionSubjectSerializer(subject).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改检查对象", request=InspectionSubjectUpdateSerializer,
                   responses={200: InspectionSubjectSerializer, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        ser = InspectionSubjectUpdateSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        subject = services.subject_update(actor=request.user, subject=self.get_object(), **ser.validated_data)
        return Response(InspectionSubjectSerializer(subject).data)

    @extend_schema(summary="查看自然人的完整身份证件号码（留痕）", request=None,
                   responses={200: RevealSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="reveal-id-number")
    def reveal_id_number(self, request, pk=None):
        number = services.subject_reveal_id_number(actor=request.user, subject=self.get_object())
        return Response({"id_number": number})

    @extend_schema(summary="从 Excel 导入检查对象名录（全部成功或全部不导入；已登记的代码更新）",
                   request={"multipart/form-data": inline_serializer(
                       "InspectionSubjectImportRequest", fields={"file": serializers.FileField()})},
                   responses={201: ImportResultSerializer, **WRITE_ERRORS})
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("请选择要导入的 .xlsx 文件。", field="file")
        result = subject_excel.subjects_import(actor=request.user, data=upload.read(), filename=upload.name)
        return Response({"created": result.created, "updated": result.updated, "sha256": result.sha256},
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="检查对象名录导入模板", responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="import-template")
    def import_template(self, request):
        response = HttpResponse(subject_excel.subject_template(user=request.user), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, "检查对象名录导入模板.xlsx")
        return response


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inspection/qualifications", QualificationViewSet, basename="inspection-qualification")
router.register("inspection/profiles", ProfileViewSet, basename="inspection-profile")
router.register("inspection/subjects", SubjectViewSet, basename="inspection-subject")

urlpatterns = [path("", include(router.urls))]
