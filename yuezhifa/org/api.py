"""REST API for bodies, officers, certificates, divisions and domains. Thin: selectors read, services write."""

from django.urls import include, path
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yuezhifa.core.api_base import PROBLEM, READ_ERRORS, WRITE_ERRORS, RestrictedReadViewSet
from yuezhifa.core.errors import DomainError, NotAllowed

from . import conf, selectors, services
from .models import (
    Certificate,
    CertificateEvent,
    CertificatePeriod,
    CertificateWarning,
    Division,
    Domain,
    EnforcementBody,
    Officer,
    Role,
    RoleAssignment,
    Scope,
    TrainingCategory,
    TrainingCourse,
    TrainingRecord,
    User,
)
from .services.auth import auth_token_issue

# --- serializers ---------------------------------------------------------------------------------------------


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["code", "name"]


class DivisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["code", "name", "level", "parent", "is_statistical"]


class BodySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)
    domains = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Domain.objects.all())

    class Meta:
        model = EnforcementBody
        fields = ["id", "name", "short_name", "kind", "kind_display", "credit_code", "division", "division_name",
                  "level", "level_display", "parent", "parent_name", "entrusted_by", "is_justice_department",
                  "domains", "status", "status_display", "address", "phone"]
        read_only_fields = ["status"]
        # Uniqueness is checked by the service with a message naming the clash.
        extra_kwargs = {"name": {"validators": []}, "credit_code": {"validators": []},
                        # the level follows from the division; given, it must agree (docs/decisions/0019)
                        "level": {"required": False}}


class CertificateBriefSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "number", "status", "status_display", "valid_until"]


class OfficerSerializer(serializers.ModelSerializer):
    """An officer as lists and details show them: the ID number masked, the phone masked."""

    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    has_legal_qualification = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Officer
        fields = ["id", "name", "id_number", "body", "body_name", "position", "status", "status_display",
                  "has_legal_qualification", "certificate"]

    def get_has_legal_qualification(self, obj) -> bool:
        return bool(obj.legal_qualification_no)

    def get_certificate(self, obj) -> dict | None:
        current = getattr(obj, "current_certificates", None)
        if current is None:
            current = list(obj.certificates.exclude(status="revoked"))
        return CertificateBriefSerializer(current[0]).data if current else None


class OfficerWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, label="姓名")
    id_number = serializers.CharField(max_length=18, label="居民身份证号码")
    body = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), label="所在主体")
    position = serializers.CharField(max_length=60, required=False, allow_blank=True, default="", label="职务")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="", label="手机号码")
    legal_qualification_no = serializers.CharField(max_length=40, required=False, allow_blank=True, default="",
                                                   label="法律职业资格证书编号")


class CertificateSerializer(serializers.ModelSerializer):
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    body = serializers.UUIDField(source="officer.body_id", read_only=True)
    body_name = serializers.CharField(source="officer.body.name", read_only=True)
    issued_by_name = serializers.CharField(source="issued_by.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    domains = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Domain.objects.all())

    class Meta:
        model = Certificate
        fields = ["id", "number", "officer", "officer_name", "body", "body_name", "domains", "issued_by",
                  "issued_by_name", "valid_from", "valid_until", "status", "status_display", "status_reason"]
        read_only_fields = ["status", "status_reason"]
        extra_kwargs = {"number": {"validators": []}}


class CertificateStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["valid", "suspended", "revoked"], label="状态",
                                     help_text="suspended 暂扣；valid 恢复（仅对暂扣的证件）；revoked 注销。")
    reason = serializers.CharField(max_length=200, label="理由")


class CertificateRenewSerializer(serializers.Serializer):
    valid_from = serializers.DateField(required=False, allow_null=True, default=None, label="新有效期起",
                                       help_text="不填则为原有效期届满次日（已过期的为今天）。")
    valid_until = serializers.DateField(label="新有效期至")
    domains = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Domain.objects.all(),
                                           required=False, allow_null=True, default=None,
                                           label="执法领域（不填则不变）")
    reason = serializers.CharField(max_length=200, label="换证理由")


class CertificateEventSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    # Plain strings: the choice set is the certificate's ``status``, documented there.
    status_after = serializers.CharField(read_only=True, help_text="变更后的证件状态：valid / suspended / revoked")
    status_after_display = serializers.CharField(source="get_status_after_display", read_only=True)

    class Meta:
        model = CertificateEvent
        fields = ["kind", "kind_display", "occurred_at", "actor_repr", "reason", "status_after",
                  "status_after_display", "valid_from", "valid_until"]


class CertificatePeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = CertificatePeriod
        fields = ["valid_from", "valid_until"]


class CertificateHistorySerializer(serializers.Serializer):
    events = CertificateEventSerializer(many=True)
    periods = CertificatePeriodSerializer(many=True)


class CertificateWarningSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="certificate.number", read_only=True)
    officer = serializers.UUIDField(source="certificate.officer_id", read_only=True)
    officer_name = serializers.CharField(source="certificate.officer.name", read_only=True)
    body_name = serializers.CharField(source="certificate.officer.body.name", read_only=True)

    class Meta:
        model = CertificateWarning
        fields = ["id", "certificate", "number", "officer", "officer_name", "body_name", "threshold", "label",
                  "valid_until", "days_left", "warned_on"]


class TrainingCourseSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    body = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), required=False,
                                              label="登记单位（默认本单位）")

    class Meta:
        model = TrainingCourse
        fields = ["id", "title", "organiser", "category", "category_display", "hours", "start_date", "end_date",
                  "has_exam", "pass_score", "body", "body_name", "description"]
        extra_kwargs = {"title": {"validators": []}}
        validators = []  # uniqueness is checked by the service with a message naming the course


class TrainingRecordSerializer(serializers.ModelSerializer):
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    body_name = serializers.CharField(source="officer.body.name", read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)
    category = serializers.CharField(source="course.category", read_only=True)
    end_date = serializers.DateField(source="course.end_date", read_only=True)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True,
                                     label="认定学时（默认课程学时）")

    class Meta:
        model = TrainingRecord
        fields = ["id", "officer", "officer_name", "body_name", "course", "course_title", "category", "end_date",
                  "hours", "exam_date", "exam_score", "exam_passed", "note"]
        validators = []  # one record per officer and course: checked by the service


class TrainingRecordUpdateSerializer(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, label="认定学时")
    exam_date = serializers.DateField(required=False, allow_null=True, label="考试日期")
    exam_score = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True,
                                          label="考试成绩")
    exam_passed = serializers.BooleanField(required=False, allow_null=True, label="考试合格")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, label="备注")
    reason = serializers.CharField(max_length=200, label="更正理由")


class TrainingYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    minimum = serializers.DecimalField(max_digits=7, decimal_places=1)
    met = serializers.BooleanField()
    shortfall = serializers.DecimalField(max_digits=7, decimal_places=1)
    courses = serializers.IntegerField()
    by_category = serializers.DictField(child=serializers.DecimalField(max_digits=7, decimal_places=1))


class RevealSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label="查看事由")


class IdNumberSerializer(serializers.Serializer):
    id_number = serializers.CharField()


# --- filters -------------------------------------------------------------------------------------------------


class BodyFilter(filters.FilterSet):
    division = filters.CharFilter(field_name="division__code", lookup_expr="startswith", label="区划代码（含下级）")
    domain = filters.CharFilter(field_name="domains__code", label="执法领域代码", distinct=True)

    class Meta:
        model = EnforcementBody
        fields = ["level", "kind", "status", "parent", "is_justice_department"]


class OfficerFilter(filters.FilterSet):
    class Meta:
        model = Officer
        fields = ["body", "status"]


class CertificateFilter(filters.FilterSet):
    body = filters.UUIDFilter(field_name="officer__body", label="所在主体")
    domain = filters.CharFilter(field_name="domains__code", label="执法领域代码", distinct=True)
    expiring_before = filters.DateFilter(field_name="valid_until", lookup_expr="lte", label="有效期至不晚于")

    class Meta:
        model = Certificate
        fields = ["status", "officer"]


# --- views ---------------------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="执法主体列表", responses={200: BodySerializer, **READ_ERRORS}),
                    retrieve=extend_schema(summary="执法主体详情", responses={200: BodySerializer, **READ_ERRORS}),
                    create=extend_schema(summary="新增执法主体", responses={201: BodySerializer, **WRITE_ERRORS}),
                    partial_update=extend_schema(summary="修改执法主体", responses={200: BodySerializer, **WRITE_ERRORS}))
class BodyViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.body_list)
    serializer_class = BodySerializer
    filterset_class = BodyFilter
    search_fields = ["name", "short_name", "credit_code"]
    ordering_fields = ["name", "level", "path"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        body = services.body_create(actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(body).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        body = self.get_object()
        ser = self.get_serializer(body, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        body = services.body_update(actor=request.user, body=body, domains=data.pop("domains", None), **data)
        return Response(self.get_serializer(body).data)


@extend_schema_view(list=extend_schema(summary="执法人员列表（身份证号码已脱敏）", responses={200: OfficerSerializer, **READ_ERRORS}),
                    retrieve=extend_schema(summary="执法人员详情（身份证号码已脱敏）", responses={200: OfficerSerializer, **READ_ERRORS}))
class OfficerViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.officer_list)
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilter
    search_fields = ["name", "certificates__number"]
    ordering_fields = ["name"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(summary="登记执法人员", request=OfficerWriteSerializer,
                   responses={201: OfficerSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = OfficerWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        officer = services.officer_create(actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(officer).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="年度培训学时与年度要求（办法 第39条）",
                   parameters=[OpenApiParameter("year", int, description="年度（1 至 9999），默认今年")],
                   responses={200: TrainingYearSerializer, **READ_ERRORS})
    @action(detail=True, methods=["get"], url_path="training")
    def training(self, request, pk=None):
        officer = self.get_object()
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
            if not 1 <= year <= 9999:
                raise ValueError
        except ValueError:
            raise DomainError("year 须为年份（1 至 9999）。", field="year") from None
        if not selectors.training_visible(user=request.user, officer=officer):
            raise NotAllowed("您无权查看该人员的培训记录。")
        summary = selectors.training_year(user=request.user, officer=officer, year=year)
        return Response(TrainingYearSerializer({
            "year": summary.year, "hours": summary.hours, "minimum": summary.minimum, "met": summary.met,
            "shortfall": summary.shortfall, "courses": summary.courses, "by_category": summary.by_category}).data)

    @extend_schema(summary="查看完整身份证号码（留痕审计）", request=RevealSerializer,
                   responses={200: IdNumberSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="reveal-id-number")
    def reveal_id_number(self, request, pk=None):
        ser = RevealSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        number = services.officer_reveal_id_number(actor=request.user, officer=self.get_object(),
                                                   reason=ser.validated_data["reason"])
        return Response({"id_number": number})


@extend_schema_view(list=extend_schema(summary="执法证件列表", responses={200: CertificateSerializer, **READ_ERRORS}),
                    retrieve=extend_schema(summary="执法证件详情", responses={200: CertificateSerializer, **READ_ERRORS}))
class CertificateViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.certificate_list)
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    search_fields = ["number", "officer__name"]
    ordering_fields = ["number", "valid_until"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(summary="发放执法证件（一人一证，证号全省唯一；限司法行政部门的系统管理员）",
                   responses={201: CertificateSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        officer = selectors.officer_list(user=request.user).filter(pk=data["officer"].pk).first()
        if officer is None:
            raise NotAllowed("您无权为该人员发放执法证件。", field="officer")
        cert = services.certificate_issue(actor=request.user, officer=officer, number=data["number"],
                                          domains=data["domains"], valid_from=data["valid_from"],
                                          valid_until=data["valid_until"], issued_by=data["issued_by"])
        return Response(self.get_serializer(cert).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="变更证件状态（暂扣 / 恢复 / 注销，须写明理由；限司法行政部门的系统管理员）",
                   request=CertificateStatusSerializer, responses={200: CertificateSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        ser = CertificateStatusSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        cert = services.certificate_set_status(actor=request.user, certificate=self.get_object(),
                                               **ser.validated_data)
        return Response(self.get_serializer(cert).data)

    @extend_schema(summary="换证：沿用原证号，延续有效期（限司法行政部门的系统管理员）",
                   request=CertificateRenewSerializer, responses={200: CertificateSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="renew")
    def renew(self, request, pk=None):
        ser = CertificateRenewSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        cert = services.certificate_renew(actor=request.user, certificate=self.get_object(), **ser.validated_data)
        return Response(self.get_serializer(cert).data)

    @extend_schema(summary="证件历史：发证、换证、暂扣、恢复、注销及历次有效期",
                   responses={200: CertificateHistorySerializer, **READ_ERRORS})
    @action(detail=True, methods=["get"], url_path="history")
    def history(self, request, pk=None):
        return Response(CertificateHistorySerializer(selectors.certificate_history(self.get_object())).data)

    @extend_schema(summary="即将到期的执法证件（默认按系统配置的预警天数；含已过期未换证的）",
                   parameters=[OpenApiParameter("days", int, description="天数，默认为系统配置（90）"),
                               OpenApiParameter("include_expired", bool, description="是否包括已过期仍为有效状态的证件")],
                   responses={200: CertificateSerializer(many=True), **READ_ERRORS})
    @action(detail=False, methods=["get"], url_path="expiring")
    def expiring(self, request):
        try:
            days = int(request.query_params.get("days") or conf.warning_days())
        except ValueError:
            raise DomainError("days 须为正整数。", field="days") from None
        if not 1 <= days <= 3660:
            raise DomainError("days 须在 1 到 3660 之间。", field="days")
        include_expired = request.query_params.get("include_expired", "").lower() in {"1", "true", "yes"}
        qs = selectors.certificates_expiring(user=request.user, days=days, include_expired=include_expired)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(list=extend_schema(summary="证件到期预警记录", responses={200: CertificateWarningSerializer,
                                                                      **READ_ERRORS}),
                    retrieve=extend_schema(summary="证件到期预警详情", responses={200: CertificateWarningSerializer,
                                                                         **READ_ERRORS}))
class CertificateWarningViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.certificate_warning_list)
    queryset = CertificateWarning.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = CertificateWarningSerializer
    filterset_fields = ["certificate", "threshold", "warned_on"]
    ordering_fields = ["warned_on"]


# --- training (办法 第39条) ------------------------------------------------------------------------------------


class TrainingCourseFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="end_date", lookup_expr="year", label="年度（按结束日期）")

    class Meta:
        model = TrainingCourse
        fields = ["category", "body", "has_exam"]


@extend_schema_view(list=extend_schema(summary="培训课程列表", responses={200: TrainingCourseSerializer, **READ_ERRORS}),
                    retrieve=extend_schema(summary="培训课程详情", responses={200: TrainingCourseSerializer,
                                                                      **READ_ERRORS}))
class TrainingCourseViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.training_course_list)
    queryset = TrainingCourse.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = TrainingCourseSerializer
    filterset_class = TrainingCourseFilter
    search_fields = ["title", "organiser"]
    ordering_fields = ["start_date", "end_date", "title"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(summary="登记培训课程", responses={201: TrainingCourseSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        course = services.training_course_create(actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(course).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改培训课程", responses={200: TrainingCourseSerializer, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        course = self.get_object()
        ser = self.get_serializer(course, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        if "body" in data:
            raise DomainError("登记单位不能修改。", field="body")
        course = services.training_course_update(actor=request.user, course=course, **data)
        return Response(self.get_serializer(course).data)


class TrainingRecordFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="course__end_date", lookup_expr="year", label="年度（按培训结束日期）")
    category = filters.ChoiceFilter(field_name="course__category", choices=TrainingCategory.choices, label="培训类别")
    body = filters.UUIDFilter(field_name="officer__body", label="所在主体")

    class Meta:
        model = TrainingRecord
        fields = ["officer", "course", "exam_passed"]


@extend_schema_view(list=extend_schema(summary="培训记录列表", responses={200: TrainingRecordSerializer, **READ_ERRORS}),
                    retrieve=extend_schema(summary="培训记录详情", responses={200: TrainingRecordSerializer,
                                                                      **READ_ERRORS}))
class TrainingRecordViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.training_record_list)
    queryset = TrainingRecord.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilter
    search_fields = ["officer__name", "course__title"]
    ordering_fields = ["course__end_date"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(summary="添加培训记录（参训、认定学时、考试结果）",
                   responses={201: TrainingRecordSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        officer = selectors.officer_list(user=request.user).filter(pk=data.pop("officer").pk).first()
        course = selectors.training_course_list(user=request.user).filter(pk=data.pop("course").pk).first()
        if officer is None:
            raise NotAllowed("您无权为该人员添加培训记录。", field="officer")
        if course is None:
            raise NotAllowed("您无权使用该培训课程。", field="course")
        record = services.training_record_add(actor=request.user, officer=officer, course=course, **data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="更正培训记录（须写明理由）", request=TrainingRecordUpdateSerializer,
                   responses={200: TrainingRecordSerializer, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        record = self.get_object()
        ser = TrainingRecordUpdateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        record = services.training_record_update(actor=request.user, record=record, reason=data.pop("reason"),
                                                 **data)
        return Response(self.get_serializer(record).data)


@extend_schema_view(list=extend_schema(summary="行政区划", responses={200: DivisionSerializer, **READ_ERRORS}),
                    retrieve=extend_schema(summary="行政区划详情", responses={200: DivisionSerializer, **READ_ERRORS}))
class DivisionViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.division_list)
    queryset = Division.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = DivisionSerializer
    filterset_fields = ["parent", "level", "is_statistical"]
    search_fields = ["name", "=code"]


@extend_schema_view(list=extend_schema(summary="执法领域", responses={200: DomainSerializer, **READ_ERRORS}),
                    retrieve=extend_schema(summary="执法领域详情", responses={200: DomainSerializer, **READ_ERRORS}))
class DomainViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.domain_list)
    queryset = Domain.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = DomainSerializer
    pagination_class = None


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, label="角色")
    scope = serializers.ChoiceField(choices=Scope.choices, required=False, allow_null=True, default=None,
                                    label="数据范围（默认按角色）")


class RoleDisplaySerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    scope_display = serializers.CharField(source="get_scope_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "role_display", "scope", "scope_display"]


class UserSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True, default=None)
    roles = RoleDisplaySerializer(source="role_assignments", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "real_name", "email", "body", "body_name", "officer", "is_active", "roles"]


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, label="用户名")
    password = serializers.CharField(label="初始密码", style={"input_type": "password"}, write_only=True)
    real_name = serializers.CharField(max_length=50, label="姓名")
    email = serializers.EmailField(required=False, allow_blank=True, default="", label="电子邮箱")
    body = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), label="所在主体")
    officer = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all(), required=False, allow_null=True,
                                                 default=None, label="对应执法人员")
    roles = RoleSerializer(many=True, required=False, default=list, label="角色")


@extend_schema_view(list=extend_schema(summary="账号列表", responses={200: UserSerializer, **READ_ERRORS}),
                    retrieve=extend_schema(summary="账号详情", responses={200: UserSerializer, **READ_ERRORS}))
class UserViewSet(RestrictedReadViewSet):
    """Accounts and their roles. Granting a role checks its prerequisites (certificate, legal qualification)."""

    selector = staticmethod(selectors.user_list)
    queryset = User.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = UserSerializer
    search_fields = ["username", "real_name"]
    filterset_fields = ["body", "is_active"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    @extend_schema(summary="创建账号（可同时授予角色）", request=UserCreateSerializer,
                   responses={201: UserSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = UserCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        roles = [(r["role"], r["scope"]) for r in data.pop("roles")]
        user = services.user_create(actor=request.user, roles=roles, **data)
        return Response(self.get_serializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="授予角色", request=RoleSerializer, responses={200: UserSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="roles")
    def grant_role(self, request, pk=None):
        ser = RoleSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        user = self.get_object()
        services.role_assign(actor=request.user, user=user, **ser.validated_data)
        return Response(self.get_serializer(selectors.user_list(user=request.user).get(pk=user.pk)).data)

    @extend_schema(summary="收回角色", responses={204: None, **WRITE_ERRORS})
    @action(detail=True, methods=["delete"], url_path=r"roles/(?P<role>[a-z_]+)")
    def revoke_role(self, request, pk=None, role=None):
        services.role_revoke(actor=request.user, user=self.get_object(), role=role)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="令牌，只在此时显示一次（系统只保存其摘要）；请求时放在 Authorization: Token <令牌> 头中")
    expires_at = serializers.DateTimeField(help_text="失效时间；修改密码后令牌也立即失效")


@extend_schema(summary="获取 API 令牌（每次获取一个新令牌，有效期见 expires_at）", request=TokenRequestSerializer,
               responses={200: TokenSerializer, 400: PROBLEM, 401: PROBLEM}, auth=[])
@api_view(["POST"])
@permission_classes([AllowAny])
def token_view(request):
    ser = TokenRequestSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    key, expires_at = auth_token_issue(request=request, **ser.validated_data)
    return Response({"token": key, "expires_at": expires_at}, headers={"Cache-Control": "no-store"})


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("bodies", BodyViewSet, basename="body")
router.register("officers", OfficerViewSet, basename="officer")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("certificate-warnings", CertificateWarningViewSet, basename="certificate-warning")
router.register("training-courses", TrainingCourseViewSet, basename="training-course")
router.register("training-records", TrainingRecordViewSet, basename="training-record")
router.register("divisions", DivisionViewSet, basename="division")
router.register("domains", DomainViewSet, basename="domain")
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("auth/token/", token_view, name="api-token"),
    path("", include(router.urls)),
]
