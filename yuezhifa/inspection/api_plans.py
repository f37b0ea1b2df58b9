"""REST API of inspection plans, 双随机 draws and joint visits (docs/decisions/0039). Thin: selectors read, services
write; the row policies of ``inspection.permissions`` decide who sees and acts."""

from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yuezhifa.core.api_base import READ_ERRORS, WRITE_ERRORS, RestrictedReadViewSet
from yuezhifa.org.models import Domain, EnforcementBody, Officer

from .models import Draw, ItemProfile, JointVisit, Plan, PlanKind
from .services import draws as draw_services
from .services import plans as plan_services

# --- serializers ---------------------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "body", "body_name", "year", "kind", "kind_display", "title", "items", "period_start",
                  "period_end", "basis_document", "from_above", "deployed_by", "status", "status_display",
                  "approved_by", "approved_at", "published_at", "late", "due_date", "withdrawn_at",
                  "withdrawn_reason"]
        read_only_fields = fields


class PlanCreateSerializer(serializers.Serializer):
    body = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), label="制定机关")
    year = serializers.IntegerField(label="年度")
    kind = serializers.ChoiceField(choices=PlanKind.choices, default=PlanKind.ROUTINE, label="类别")
    title = serializers.CharField(max_length=200, label="名称")
    items = serializers.PrimaryKeyRelatedField(queryset=ItemProfile.objects.all(), many=True, label="检查事项")
    period_start = serializers.DateField(label="实施期间起")
    period_end = serializers.DateField(label="实施期间止")
    basis_document = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                           label="批准文件")
    from_above = serializers.BooleanField(required=False, default=False, label="上级部署")
    deployed_by = serializers.PrimaryKeyRelatedField(queryset=EnforcementBody.objects.all(), required=False,
                                                     allow_null=True, default=None, label="部署机关")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, label="理由")


class RecusalSerializer(serializers.Serializer):
    officer = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all(), label="执法人员")
    reason = serializers.CharField(max_length=200, label="回避理由")


class DrawCreateSerializer(serializers.Serializer):
    seed = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                 label="随机种子（不填则随机生成）")
    shares = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2), required=False,
                                   default=dict, label="各风险等级抽取比例（%）")
    counts = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False, default=dict,
                                   label="各风险等级抽取户数")
    division = serializers.CharField(max_length=12, required=False, allow_blank=True, default="", label="区划代码")
    domain = serializers.PrimaryKeyRelatedField(queryset=Domain.objects.all(), required=False, allow_null=True,
                                                default=None, label="监管领域")
    industry = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", label="行业")
    recusals = RecusalSerializer(many=True, required=False, default=list, label="回避的执法人员")
    officer_count = serializers.IntegerField(min_value=2, default=2, label="抽取执法人员数")


class DrawSerializer(serializers.ModelSerializer):
    subjects = serializers.SerializerMethodField()
    officers = serializers.SerializerMethodField()

    class Meta:
        model = Draw
        fields = ["id", "plan", "seed", "shares", "counts", "filters", "subject_count", "officer_count",
                  "candidate_count", "candidates_digest", "officers_digest", "on", "drawn_at", "published_at",
                  "recusals", "team_size", "subjects", "officers"]
        read_only_fields = fields

    def get_subjects(self, draw) -> list[dict]:
        return [{"position": d.position, "credit_code": d.subject.credit_code, "name": d.subject.name,
                 "risk_grade": d.subject.risk_grade}
                for d in draw.subjects.select_related("subject").order_by("position")]

    def get_officers(self, draw) -> list[dict]:
        return [{"position": d.position, "officer": d.officer_id, "name": d.officer.name}
                for d in draw.officers.select_related("officer").order_by("position")]


class DrawListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Draw
        fields = ["id", "plan", "seed", "subject_count", "officer_count", "candidate_count", "candidates_digest",
                  "on", "drawn_at", "published_at"]
        read_only_fields = fields


class JointVisitSerializer(serializers.ModelSerializer):
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = JointVisit
        fields = ["id", "subject", "subject_name", "plans", "lead_body", "period_start", "period_end", "status",
                  "status_display", "agreed_at", "decline_reason"]
        read_only_fields = fields


# --- viewsets ------------------------------------------------------------------------------------------------

def _plans(*, user, action):
    return Plan.objects.restrict(user, action).select_related("body").prefetch_related("items")


def _draws(*, user, action):
    return Draw.objects.restrict(user, action).select_related("plan")


def _joints(*, user, action):
    return JointVisit.objects.filter(pk__in=JointVisit.objects.restrict(user, action).values("pk")) \
        .select_related("subject").prefetch_related("plans")


@extend_schema_view(
    list=extend_schema(summary="行政检查计划列表", responses={200: PlanSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="行政检查计划详情", responses={200: PlanSerializer, **READ_ERRORS}),
)
class PlanViewSet(RestrictedReadViewSet):
    selector = staticmethod(_plans)
    queryset = Plan.objects.none()
    serializer_class = PlanSerializer
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(summary="起草检查计划（本机关执法人员或负责人）", request=PlanCreateSerializer,
                   responses={201: PlanSerializer, **WRITE_ERRORS})
    def create(self, request):
        ser = PlanCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        plan = plan_services.plan_create(actor=request.user, profiles=data.pop("items"), **data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="批准检查计划（本机关负责人）", request=None, responses={200: PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return Response(PlanSerializer(plan_services.plan_approve(actor=request.user, plan=self.get_object())).data)

    @extend_schema(summary="公示检查计划（批准后）", request=None, responses={200: PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return Response(PlanSerializer(plan_services.plan_publish(actor=request.user, plan=self.get_object())).data)

    @extend_schema(summary="撤回检查计划（本机关负责人）", request=ReasonSerializer,
                   responses={200: PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        ser = ReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        plan = plan_services.plan_withdraw(actor=request.user, plan=self.get_object(), **ser.validated_data)
        return Response(PlanSerializer(plan).data)

    @extend_schema(summary="双随机抽取（本机关执法人员或负责人）", request=DrawCreateSerializer,
                   responses={201: DrawSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        ser = DrawCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        recusals = [(r["officer"], r["reason"]) for r in data.pop("recusals")]
        draw = draw_services.draw_create(actor=request.user, plan=self.get_object(), recusals=recusals, **data)
        return Response(DrawSerializer(draw).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="双随机抽取列表", responses={200: DrawListSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="双随机抽取结果", responses={200: DrawSerializer, **READ_ERRORS}),
)
class DrawViewSet(RestrictedReadViewSet):
    selector = staticmethod(_draws)
    queryset = Draw.objects.none()
    serializer_class = DrawSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self):
        return DrawListSerializer if self.action == "list" else DrawSerializer

    @extend_schema(summary="公示抽取结果", request=None, responses={200: DrawSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return Response(DrawSerializer(draw_services.draw_publish(actor=request.user, draw=self.get_object())).data)

    @extend_schema(summary="按记录的种子复现抽取", responses={200: serializers.DictField(), **READ_ERRORS})
    @action(detail=True, methods=["get"])
    def reproduce(self, request, pk=None):
        draw = self.get_object()
        again = draw_services.reproduce(draw)
        same = again == draw_services.stored_result(draw)
        return Response({"same": same, "subjects": again.subjects,
                         "officers": [str(o) for o in again.officers]})


@extend_schema_view(
    list=extend_schema(summary="综合查一次匹配列表", responses={200: JointVisitSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="综合查一次详情", responses={200: JointVisitSerializer, **READ_ERRORS}),
)
class JointVisitViewSet(RestrictedReadViewSet):
    selector = staticmethod(_joints)
    queryset = JointVisit.objects.none()
    serializer_class = JointVisitSerializer
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(summary="同意由本机关牵头（所涉机关负责人）", request=None,
                   responses={200: JointVisitSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def agree(self, request, pk=None):
        joint = plan_services.joint_visit_agree(actor=request.user, joint=self.get_object())
        return Response(JointVisitSerializer(joint).data)

    @extend_schema(summary="不合并（所涉机关负责人）", request=ReasonSerializer,
                   responses={200: JointVisitSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        ser = ReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        joint = plan_services.joint_visit_decline(actor=request.user, joint=self.get_object(), **ser.validated_data)
        return Response(JointVisitSerializer(joint).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inspection-plans", PlanViewSet, basename="inspection-plan")
router.register("inspection-draws", DrawViewSet, basename="inspection-draw")
router.register("inspection-joint-visits", JointVisitViewSet, basename="inspection-joint-visit")

urlpatterns = [path("", include(router.urls))]
