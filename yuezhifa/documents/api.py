"""REST API of the document library: document types, template versions, and rendering a preview. Thin: selectors
read, the renderer renders; writes go through the services (Django admin)."""

from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import renderers, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from yuezhifa.core.api_base import PROBLEM, READ_ERRORS, RestrictedReadViewSet
from yuezhifa.core.errors import DomainError
from yuezhifa.core.parsers import JSONParser
from yuezhifa.org import selectors as org_selectors

from . import rendering, selectors
from .models import Category, DocumentTemplate, DocumentType, TemplateStatus
from .samples import SAMPLES, sample_context

# --- serializers ---------------------------------------------------------------------------------------------


class RequiredFieldSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="上下文中的字段路径，如 party.name。")
    label = serializers.CharField(help_text="中文名称。")
    basis = serializers.CharField(allow_blank=True, help_text="要求载明该内容的条款；空表示文书格式的必备内容。")
    when = serializers.CharField(required=False, help_text="仅当上下文中该字段非空时才要求（如有罚款时才要求缴款方式）。")


class DocumentTypeSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    required_fields = RequiredFieldSerializer(many=True, read_only=True)
    has_sample = serializers.SerializerMethodField(help_text="是否有示例数据（可不带 context 预览）。")
    active_versions = serializers.SerializerMethodField(help_text="已启用的模板版本数（含个性化模板）。")

    class Meta:
        model = DocumentType
        fields = ["code", "name", "category", "category_display", "basis", "description", "required_fields",
                  "has_sample", "active_versions"]

    def get_has_sample(self, obj) -> bool:
        return obj.code in SAMPLES

    def get_active_versions(self, obj) -> int:
        return sum(1 for t in obj.templates.all() if t.status == TemplateStatus.ACTIVE)


@extend_schema_field({"type": "string", "enum": TemplateStatus.values,
                     "description": "；".join(f"`{v}` - {label}" for v, label in TemplateStatus.choices)},
                    component_name="TemplateStatusEnum")
class TemplateStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=TemplateStatus.choices, **kwargs)


class DocumentTemplateSerializer(serializers.ModelSerializer):
    status = TemplateStatusField(read_only=True)
    type = serializers.CharField(source="doc_type.code", read_only=True)
    type_name = serializers.CharField(source="doc_type.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    scope_label = serializers.CharField(read_only=True)
    domain = serializers.CharField(source="domain_id", read_only=True, allow_null=True)
    body_name = serializers.CharField(source="body.name", read_only=True, default=None)

    class Meta:
        model = DocumentTemplate
        fields = ["id", "type", "type_name", "version", "status", "status_display", "effective_from", "note",
                  "scope", "scope_label", "overlay_of", "domain", "body", "body_name", "applicant", "page_size",
                  "orientation", "margin_top", "margin_right", "margin_bottom", "margin_left", "created_at",
                  "activated_at", "retired_at", "retired_reason"]


class DocumentTemplateDetailSerializer(DocumentTemplateSerializer):
    class Meta(DocumentTemplateSerializer.Meta):
        fields = [*DocumentTemplateSerializer.Meta.fields, "source", "css"]


class PreviewRequestSerializer(serializers.Serializer):
    type = serializers.SlugField(label="文书种类代码", help_text="如 penalty_decision。")
    context = serializers.JSONField(required=False, label="文书内容",
                                    help_text="渲染所用的数据；省略时使用该文书种类的示例数据。日期写作 YYYY-MM-DD，金额以元计。")
    format = serializers.ChoiceField(choices=[("html", "HTML"), ("pdf", "PDF")], default="pdf", label="格式")
    domain = serializers.CharField(required=False, allow_blank=True, label="执法领域代码",
                                   help_text="选择该领域的个性化模板。")
    body = serializers.UUIDField(required=False, allow_null=True, label="执法主体",
                                 help_text="选择该主体的个性化模板。")
    on = serializers.DateField(required=False, allow_null=True, label="文书日期",
                               help_text="按该日期生效的模板渲染；默认今天。")
    template = serializers.UUIDField(required=False, allow_null=True, label="模板版本",
                                     help_text="指定某一模板版本（含草稿）预览，忽略 domain、body、on。")


# --- filters -------------------------------------------------------------------------------------------------


class DocumentTypeFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Category.choices, label="文书类别")

    class Meta:
        model = DocumentType
        fields = ["category"]


class DocumentTemplateFilter(filters.FilterSet):
    type = filters.CharFilter(field_name="doc_type__code", label="文书种类代码")
    status = filters.ChoiceFilter(choices=TemplateStatus.choices, label="状态")
    domain = filters.CharFilter(field_name="domain_id", label="执法领域代码")
    scope = filters.CharFilter(field_name="scope", label="适用范围键（province、domain:market、body:<id>）")

    class Meta:
        model = DocumentTemplate
        fields = ["type", "status", "domain", "body", "scope"]


# --- views ---------------------------------------------------------------------------------------------------


def _types_with_templates(*, user, action="view"):
    return selectors.document_type_list(user=user, action=action, with_templates=True)


@extend_schema_view(
    list=extend_schema(summary="文书种类（执法文书库）", description="每种文书的类别、法律依据和法定必备内容（字段路径及其条款）。",
                       responses={200: DocumentTypeSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="文书种类详情", responses={200: DocumentTypeSerializer, **READ_ERRORS}))
class DocumentTypeViewSet(RestrictedReadViewSet):
    selector = staticmethod(_types_with_templates)
    queryset = DocumentType.objects.none()  # for the schema generator only; rows come from the selector
    serializer_class = DocumentTypeSerializer
    filterset_class = DocumentTypeFilter
    search_fields = ["name", "code", "basis"]
    ordering_fields = ["sort_order", "code", "name"]
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(summary="文书模板版本", description="按文书种类（type）、状态、适用范围筛选，含个性化模板。",
                       responses={200: DocumentTemplateSerializer, **READ_ERRORS}),
    retrieve=extend_schema(summary="文书模板版本详情（含模板正文与样式表）",
                           responses={200: DocumentTemplateDetailSerializer, **READ_ERRORS}))
class DocumentTemplateViewSet(RestrictedReadViewSet):
    selector = staticmethod(selectors.template_list)
    queryset = DocumentTemplate.objects.none()  # for the schema generator only
    serializer_class = DocumentTemplateSerializer
    filterset_class = DocumentTemplateFilter
    ordering_fields = ["version", "effective_from", "created_at"]

    def get_serializer_class(self):
        return DocumentTemplateDetailSerializer if self.action == "retrieve" else DocumentTemplateSerializer


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """The preview answers with the format the body asks for (PDF or HTML); errors are always problem+json. A client's
    Accept header therefore never makes it a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DocumentPreviewView(APIView):
    renderer_classes = [renderers.JSONRenderer]
    parser_classes = [JSONParser]
    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(
        summary="渲染文书预览（HTML 或 PDF）",
        description="按文书种类的生效模板（或指定版本）渲染。context 先按法定必备内容校验：缺少时返回 422，"
                    "detail 写明缺少的内容及要求它的条款，field 为 context.<字段路径>。没有生效模板时返回 422"
                    "（code = no_active_template）。",
        request=PreviewRequestSerializer,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF 文书（字体已嵌入）。"),
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="HTML 文书。"),
            400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 415: PROBLEM, 422: PROBLEM, 503: PROBLEM,
        },
        examples=[OpenApiExample("示例数据渲染 PDF", value={"type": "penalty_decision", "format": "pdf"},
                                 request_only=True)],
    )
    def post(self, request):
        ser = PreviewRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        doc_type = selectors.document_type_list(user=request.user).filter(code=data["type"]).first()
        if doc_type is None:
            raise DomainError(f"没有代码为“{data['type']}”的文书种类。", field="type")
        context = data.get("context")
        if context is None:
            if doc_type.code not in SAMPLES:
                raise DomainError(f"“{doc_type.name}”暂无示例数据，请提供 context。", field="context")
            context = sample_context(doc_type.code)
        template = None
        if data.get("template"):
            template = selectors.template_list(user=request.user, doc_type=doc_type.code).filter(
                pk=data["template"]).first()
            if template is None:
                raise DomainError("未找到该模板版本，或它不属于该文书种类。", field="template")
        body = None
        if data.get("body"):
            body = org_selectors.body_list(user=request.user).filter(pk=data["body"]).first()
            if body is None:
                raise DomainError("未找到该执法主体，或您无权查看。", field="body")
        options = {"domain": data.get("domain") or None, "body": body, "on": data.get("on") or timezone.localdate(),
                   "template": template}
        if data["format"] == "html":
            page = rendering.render_html(doc_type, context, **options)
            response = HttpResponse(page, content_type="text/html; charset=utf-8")
            response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
            return response
        pdf = rendering.render_pdf(doc_type, context, **options)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, f"{doc_type.name}.pdf")
        return response


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("document-types", DocumentTypeViewSet, basename="document-type")
router.register("document-templates", DocumentTemplateViewSet, basename="document-template")

urlpatterns = [
    path("documents/preview/", DocumentPreviewView.as_view(), name="document-preview"),
    path("", include(router.urls)),
]
