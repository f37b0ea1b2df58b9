"""REST API of the supervision platform (监督平台, ``/api/v1/supervision/``; 办法 第三十三条、第三十五条至第四十一条).

Thin (DESIGN §4): the same reads and writes as the HTML pages in ``views``, and the same refusals. Reads go through
the registered policies (``.restrict(user, "view")``) and the dashboard's own functions; writes through
``alerts.alert_explain`` and ``access.grant_request`` / ``grant_decide`` / ``notification_read``. The case file under
a 第三十七条 grant is read only through ``access.grant_for_read``, so every read is audited and an id that is not the
reader's live grant answers 404 with no data (the attempt audited). Errors are problem+json with a Chinese message.
"""

from __future__ import annotations

import uuid

from django.db.models import BooleanField, CharField, Q, QuerySet, Value, When
from django.db.models import Case as CaseWhen
from django.http import Http404
from django.urls import include, path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from yuezhifa.cases.interface import stage_choices
from yuezhifa.core.api_base import PROBLEM, READ_ERRORS, WRITE_ERRORS, RestrictedReadViewSet
from yuezhifa.core.errors import DomainError

from . import access, dashboard
from .alerts import RULES, alert_explain
from .models import AccessGrant, Alert, AlertState, GrantStatus, Notification, Problem
from .permissions import approvable_q, can_use_supervision, is_supervisor, own_bodies_q
from .selectors import grant_rows

TAGS = ["监督平台"]
GRANT_NOT_FOUND = "未找到该查阅授权，或授权已过期。"


class NotFound(DomainError):
    """404 with the page's own message (a bare ``Http404`` is answered with the generic one)."""

    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"
    title = "未找到"

# --- permissions (the pages' gates: ``views._Base`` and ``views._SupervisorOnly``) --------------------------------


class UsesSupervision(BasePermission):
    """Supervisors and the members of enforcement bodies (their alerts, access grants and notifications)."""

    message = "没有可以查看的监督内容。"

    def has_permission(self, request, view) -> bool:
        return can_use_supervision(request.user)


class IsSupervisor(BasePermission):
    message = "统计分析仅供监督人员使用。"

    def has_permission(self, request, view) -> bool:
        return bool(getattr(request.user, "is_authenticated", False)) and is_supervisor(request.user)


class _SupervisionViewSet(RestrictedReadViewSet):
    permission_classes = [IsAuthenticated, UsesSupervision]
    filter_backends: list = []  # filters are the selectors' (validated, in Chinese), not generic ones

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, no rows
            return self.queryset
        return self.rows(self.request.user)

    def rows(self, user) -> QuerySet:
        raise NotImplementedError


def _uuid_or_404(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


# --- alerts ----------------------------------------------------------------------------------------------------------


class SupervisionAlertSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", default="", help_text="案号（立案前为空）")
    case_cause = serializers.CharField(source="case.cause", help_text="案由")
    body_name = serializers.CharField(source="body.name", help_text="办案主体")
    # Plain strings: the choice sets are documented here, so the schema's enums never clash with other apps'.
    problem = serializers.CharField(help_text="问题类别：" + "；".join(f"{v} {label}" for v, label in Problem.choices))
    problem_display = serializers.CharField(source="get_problem_display")
    state = serializers.CharField(help_text="状态：" + "；".join(f"{v} {label}" for v, label in AlertState.choices))
    state_display = serializers.CharField(source="get_state_display")
    explained_by_name = serializers.SerializerMethodField(help_text="说明人")
    can_explain = serializers.BooleanField(help_text="当前用户可否作出情况说明（仅办案主体的人员）")

    class Meta:
        model = Alert
        fields = ["id", "case", "case_number", "case_cause", "body", "body_name", "rule", "problem",
                  "problem_display", "title", "message", "article", "deadline_rule", "due_date", "state",
                  "state_display", "first_seen", "last_seen", "resolved_on", "resolution", "explanation",
                  "explained_by_name", "explained_at", "can_explain"]

    def get_explained_by_name(self, obj) -> str:
        user = obj.explained_by
        return "" if user is None else (getattr(user, "real_name", "") or user.get_username())


class AlertExplainSerializer(serializers.Serializer):
    # Length and emptiness are the service's rules (a 422 naming ``text``), not repeated here.
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, label="情况说明",
                                 help_text="情况说明，4 至 2000 字",
                                 error_messages={"required": "请填写情况说明（text）。", "null": "请填写情况说明（text）。"})


ALERT_FILTERS = [
    OpenApiParameter("problem", str, enum=Problem.values, description="问题类别"),
    OpenApiParameter("state", str, enum=AlertState.values, description="状态"),
    OpenApiParameter("rule", str, enum=list(RULES), description="预警规则"),
    OpenApiParameter("body", OpenApiTypes.UUID, description="办案主体 id"),
]


@extend_schema(tags=TAGS, description="监督预警（办法 第三十三条）：执法主体的人员看本单位的预警（负责人的数据范围为本单位及下级的，"
                                        "含下级单位的），监督人员看其监督范围内的预警；说明由办案主体作出。无权查看的预警答复 404。")
@extend_schema_view(
    list=extend_schema(summary="监督预警列表（监督人员看辖区的，执法主体看本单位的）", parameters=ALERT_FILTERS,
                       responses={200: SupervisionAlertSerializer, 400: PROBLEM, **READ_ERRORS}),
    retrieve=extend_schema(summary="监督预警详情", responses={200: SupervisionAlertSerializer, **READ_ERRORS}))
class AlertViewSet(_SupervisionViewSet):
    # Alerts under the Alert policy: a body sees its own, a supervisor those of their jurisdiction.

    queryset = Alert.objects.none()  # for the schema generator only; rows come from the policy
    serializer_class = SupervisionAlertSerializer

    def rows(self, user) -> QuerySet:
        if self.action == "list":
            params = {k: self.request.query_params.get(k, "").strip()[:60] for k in ("problem", "state", "rule", "body")}
            try:
                qs = dashboard.alert_list(user, **params)
            except DomainError as exc:
                exc.status_code = status.HTTP_400_BAD_REQUEST
                raise
        else:
            qs = Alert.objects.restrict(user, "view").select_related("case", "body")
        return qs.select_related("explained_by").annotate(can_explain=CaseWhen(
            When(own_bodies_q(user, "body__"), then=Value(True)), default=Value(False), output_field=BooleanField()))

    @extend_schema(summary="对预警作出情况说明（限办案主体的人员）", request=AlertExplainSerializer,
                   responses={200: SupervisionAlertSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="explain")
    def explain(self, request, pk=None):
        alert = self.get_object()
        ser = AlertExplainSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            alert_explain(actor=request.user, alert=alert, text=ser.validated_data["text"])
        except DomainError as exc:
            if exc.field == "explanation":  # the form's name for what the API calls ``text``
                exc.field = "text"
            raise
        return Response(self.get_serializer(self.get_queryset().get(pk=alert.pk)).data)


# --- access to case files (办法 第三十七条) -----------------------------------------------------------------------


class SupervisionGrantSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", default="", help_text="案号")
    case_cause = serializers.CharField(source="case.cause", help_text="案由")
    case_body = serializers.UUIDField(source="case.body_id", help_text="办案主体 id")
    case_body_name = serializers.CharField(source="case.body.name", help_text="办案主体")
    requester_name = serializers.SerializerMethodField(help_text="申请人")
    requester_body_name = serializers.CharField(source="requester_body.name", help_text="申请人所在机关")
    status = serializers.CharField(help_text="审批状态：" + "；".join(f"{v} {label}" for v, label in GrantStatus.choices))
    state = serializers.SerializerMethodField(help_text="当前状态：待审批 / 已批准 / 未批准 / 已过期")
    active = serializers.SerializerMethodField(help_text="授权是否有效（已批准且未过期）")
    decided_by_name = serializers.SerializerMethodField(help_text="审批人")
    relation = serializers.CharField(
        help_text="与当前用户的关系：mine 本人的申请；to_decide 待本人审批；over_body 对本单位案件的查阅（已批准）；"
                  "decided 本人刚作出审批（仅见于审批的答复）")

    class Meta:
        model = AccessGrant
        fields = ["id", "case", "case_number", "case_cause", "case_body", "case_body_name", "requester",
                  "requester_name", "requester_body", "requester_body_name", "reason", "status", "state", "active",
                  "decided_by_name", "decided_at", "decision_note", "expires_at", "created_at", "relation"]

    @staticmethod
    def _name(user) -> str:
        return "" if user is None else (getattr(user, "real_name", "") or user.get_username())

    def _now(self):
        if "now" not in self.context:
            self.context["now"] = timezone.now()
        return self.context["now"]

    def get_requester_name(self, obj) -> str:
        return self._name(obj.requester)

    def get_decided_by_name(self, obj) -> str:
        return self._name(obj.decided_by)

    def get_state(self, obj) -> str:
        return obj.state_label(self._now())

    def get_active(self, obj) -> bool:
        return obj.is_active(self._now())


class GrantRequestSerializer(serializers.Serializer):
    case = serializers.UUIDField(label="案件", help_text="已作出决定或者办结存档的案件 id",
                                 error_messages={"invalid": "案件 id 格式不正确。"})
    reason = serializers.CharField(allow_blank=True, label="查阅事由",
                                   help_text="如执法检查、案卷评查、行政执法评价或者督察的名称，4 至 1000 字",
                                   error_messages={"required": "请写明查阅事由（reason）。"})


class GrantDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(label="是否批准", help_text="true 批准；false 不批准",
                                       error_messages={"required": "请选择批准（true）或者不批准（false）。",
                                                       "invalid": "approve 应为 true（批准）或者 false（不批准）。",
                                                       "null": "请选择批准（true）或者不批准（false）。"})
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300, label="审批意见")


class SupervisionPartySerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    id_number = serializers.CharField(help_text="已脱敏")
    credit_code = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField(help_text="已脱敏")


class SupervisionActSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    code = serializers.CharField(help_text="行为代码")
    name = serializers.CharField()
    performed_at = serializers.DateTimeField(help_text="实施时间")
    recorded_at = serializers.DateTimeField(help_text="录入时间")
    back_entered = serializers.BooleanField(help_text="事后补录")
    officers = serializers.SerializerMethodField(help_text="执法人员姓名")

    def get_officers(self, obj) -> list[str]:
        return [o.get("name") or "" for o in obj.officers or [] if isinstance(o, dict)]


class SupervisionDocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    number = serializers.CharField(help_text="文书文号")
    pdf_url = serializers.SerializerMethodField(help_text="PDF（经授权查阅，读取亦记录）")

    def get_pdf_url(self, obj) -> str:
        return f"/api/v1/cases/{obj.case_id}/documents/{obj.pk}/pdf/"


class SupervisionDeadlineSerializer(serializers.Serializer):
    name = serializers.CharField()
    rule = serializers.CharField(help_text="期限规则代码")
    start = serializers.DateField(help_text="起算日（不计入）")
    due_date = serializers.DateField(help_text="届满日")
    open = serializers.BooleanField(help_text="尚未完成")
    met_at = serializers.DateTimeField(allow_null=True, help_text="完成时间")
    basis = serializers.CharField(help_text="依据")


class SupervisionCaseFileSerializer(serializers.Serializer):
    grant = serializers.UUIDField(source="grant.pk", help_text="查阅授权 id")
    expires_at = serializers.DateTimeField(source="grant.expires_at", help_text="授权有效期至")
    reason = serializers.CharField(source="grant.reason", help_text="查阅事由")
    id = serializers.UUIDField(source="case.pk")
    number = serializers.CharField(source="case.number", default="", help_text="案号")
    cause = serializers.CharField(source="case.cause", help_text="案由")
    body = serializers.UUIDField(source="case.body_id", help_text="办案主体 id")
    body_name = serializers.CharField(source="case.body.name", help_text="办案主体")
    procedure = serializers.CharField(source="case.procedure", help_text="程序")
    stage = serializers.CharField(source="case.stage",
                                  help_text="阶段：" + "；".join(f"{v} {label}" for v, label in stage_choices()))
    stage_display = serializers.CharField(source="case.get_stage_display")
    parties = SupervisionPartySerializer(many=True, help_text="当事人（身份证号码、电话已脱敏）")
    acts = SupervisionActSerializer(many=True, help_text="执法行为")
    documents = SupervisionDocumentSerializer(many=True, help_text="文书")
    deadlines = SupervisionDeadlineSerializer(many=True, help_text="期限")


@extend_schema(tags=TAGS, description="案卷查阅（办法 第三十七条）：监督人员只能申请查阅其监督范围内已作出决定或者办结存档的案件，"
                                        "经所在机关负责人批准后在授权有效期内查阅，办案主体同时收到通知；每次查阅均记录，"
                                        "未经批准或者授权过期的查阅一律拒绝并记录。")
@extend_schema_view(
    list=extend_schema(summary="案卷查阅申请与授权（本人的申请、待本人审批的申请、对本单位案件的查阅）",
                       responses={200: SupervisionGrantSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="查阅申请详情", responses={200: SupervisionGrantSerializer, **READ_ERRORS}))
class AccessGrantViewSet(_SupervisionViewSet):
    queryset = AccessGrant.objects.none()  # for the schema generator only; rows come from ``grant_rows``
    serializer_class = SupervisionGrantSerializer
    http_method_names = ["get", "post", "head", "options"]

    def rows(self, user) -> QuerySet:
        return grant_rows(user)

    def _one(self, pk) -> AccessGrant:
        return grant_rows(self.request.user).get(pk=pk)

    @extend_schema(summary="申请查阅已作出决定或者办结存档的案件（限监督人员，办法 第三十七条）",
                   request=GrantRequestSerializer, responses={201: SupervisionGrantSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = GrantRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        grant = access.grant_request(actor=request.user, case_id=ser.validated_data["case"],
                                     reason=ser.validated_data["reason"])
        return Response(self.get_serializer(self._one(grant.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="审批查阅申请（限申请人所在机关的负责人，不能审批本人的申请）", request=GrantDecideSerializer,
                   responses={200: SupervisionGrantSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="decide")
    def decide(self, request, pk=None):
        # Looked up among the grants the user requested or may approve (the AccessGrant policy): a request of one's
        # own, or one already decided, gets the service's reason; any other id answers 404.
        user = request.user
        grant = (AccessGrant.objects.restrict(user, "view")
                 .filter(Q(requester_id=user.pk) | approvable_q(user), pk=_uuid_or_404(pk)).first())
        if grant is None:
            raise Http404
        ser = GrantDecideSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        grant = access.grant_decide(actor=user, grant=grant, approve=ser.validated_data["approve"],
                                    note=ser.validated_data["note"])
        row = grant_rows(user).filter(pk=grant.pk).first()
        if row is None:  # decided: no longer among the pending ones the page lists
            row = AccessGrant.objects.restrict(user, "view").select_related(
                "case", "case__body", "requester", "requester_body", "decided_by").annotate(
                relation=Value("decided", output_field=CharField())).get(pk=grant.pk)
        return Response(self.get_serializer(row).data)

    @extend_schema(summary="依授权查阅案卷（每次查阅均记录；授权不存在、非本人、未批准或已过期的一律 404）",
                   responses={200: SupervisionCaseFileSerializer, **READ_ERRORS})
    @action(detail=True, methods=["get"], url_path="case")
    def case(self, request, pk=None):
        user = request.user
        if not is_supervisor(user):  # as the page: the case file is the supervisors' alone
            raise NotFound(GRANT_NOT_FOUND)
        try:
            file = access.case_file_read(actor=user, grant_id=pk)  # audits the read, or the refusal
        except DomainError:
            raise NotFound(GRANT_NOT_FOUND) from None
        return Response(SupervisionCaseFileSerializer(file).data)


# --- notifications ---------------------------------------------------------------------------------------------------


class SupervisionNotificationSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", default="", help_text="案号")
    is_read = serializers.SerializerMethodField()
    read_by_name = serializers.SerializerMethodField(help_text="阅读人")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "message", "case", "case_number", "grant", "created_at", "is_read",
                  "read_at", "read_by_name"]

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None

    def get_read_by_name(self, obj) -> str:
        user = obj.read_by
        return "" if user is None else (getattr(user, "real_name", "") or user.get_username())


@extend_schema(tags=TAGS, description="监督通知：监督平台发给执法主体的通知，本单位的执法人员、法制审核人员和负责人可见。")
@extend_schema_view(
    list=extend_schema(summary="监督通知（执法主体收到的，如监督机关经批准查阅本单位案件）",
                       responses={200: SupervisionNotificationSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="监督通知详情", responses={200: SupervisionNotificationSerializer, **READ_ERRORS}))
class NotificationViewSet(_SupervisionViewSet):
    queryset = Notification.objects.none()  # for the schema generator only; rows come from the policy
    serializer_class = SupervisionNotificationSerializer

    def rows(self, user) -> QuerySet:
        return Notification.objects.restrict(user, "view").select_related("case", "read_by")

    @extend_schema(summary="标记通知为已读", request=None,
                   responses={200: SupervisionNotificationSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request, pk=None):
        notice = self.get_object()
        access.notification_read(actor=request.user, notification=notice)
        return Response(self.get_serializer(self.get_queryset().get(pk=notice.pk)).data)


# --- dashboard -------------------------------------------------------------------------------------------------------

PERIOD_FIELDS = {"开始日期": "start", "结束日期": "end"}


class DashboardView(APIView):
    # The dashboard page's tables (``dashboard.build``), for the supervisor's jurisdiction.

    permission_classes = [IsAuthenticated, IsSupervisor]

    @extend_schema(
        operation_id="supervision_dashboard", tags=TAGS,
        description="统计数据只含案件的元数据（程序、阶段、主体、区划、时间），不含案卷内容；范围为当前用户监督的执法主体。",
        summary="监督统计分析：与统计页面相同的各统计表（按登记月份筛选，限监督人员）",
        parameters=[OpenApiParameter("start", str, description="开始月份，YYYY-MM（或 YYYY-MM-DD，按整月）"),
                    OpenApiParameter("end", str, description="结束月份，YYYY-MM（或 YYYY-MM-DD，按整月）")],
        responses={200: inline_serializer("SupervisionDashboard", {
            "period": inline_serializer("SupervisionPeriod", {
                "start": serializers.DateField(allow_null=True, help_text="起始日（整月的第一天）"),
                "end": serializers.DateField(allow_null=True, help_text="截止日（整月的最后一天）"),
                "label": serializers.CharField()}),
            "total": serializers.IntegerField(help_text="期间登记的案件数"),
            "refreshed_at": serializers.DateTimeField(allow_null=True, help_text="统计汇总时间（每小时更新）"),
            "notes": serializers.ListField(child=serializers.CharField()),
            "tables": inline_serializer("SupervisionTable", {
                "key": serializers.CharField(), "title": serializers.CharField(),
                "headers": serializers.ListField(child=serializers.CharField()),
                "rows": serializers.ListField(child=serializers.ListField(child=serializers.JSONField())),
                "links": serializers.ListField(
                    child=serializers.CharField(),
                    help_text="逐行的下钻筛选条件（查询字符串；空为无）：alerts、benchmark、disclosure 表对应 "
                              "/api/v1/supervision/alerts/ 的参数，其余对应案件清单页 /supervision/cases/ 的参数"),
                "note": serializers.CharField()}, many=True)}),
            400: PROBLEM, **READ_ERRORS})
    def get(self, request):
        try:
            period = dashboard.parse_period(request.query_params.get("start", ""),
                                            request.query_params.get("end", ""))
        except DomainError as exc:
            exc.status_code, exc.field = status.HTTP_400_BAD_REQUEST, PERIOD_FIELDS.get(exc.field, exc.field)
            raise
        board = dashboard.build(request.user, period)
        return Response({
            "period": {"start": period.start, "end": period.end, "label": period.label},
            "total": board.total, "refreshed_at": board.refreshed_at, "notes": board.notes,
            "tables": [{"key": t.key, "title": t.title, "headers": t.headers, "rows": t.rows,
                        "links": t.links + [""] * (len(t.rows) - len(t.links)), "note": t.note}
                       for t in board.tables.values()]})


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("supervision/alerts", AlertViewSet, basename="supervision-alert")
router.register("supervision/access-grants", AccessGrantViewSet, basename="supervision-access-grant")
router.register("supervision/notifications", NotificationViewSet, basename="supervision-notification")

urlpatterns = [
    path("supervision/dashboard/", DashboardView.as_view(), name="supervision-dashboard"),
    path("", include(router.urls)),
]
