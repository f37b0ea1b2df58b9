"""REST API of the case platform (DESIGN §9): open a case from a source, read a case with its state, deadlines and
the acts allowed next (and why the others are not), and perform acts. Thin: selectors read, services write; every act
code and its fields are in the OpenAPI schema, generated from the same serializers the services validate with."""

from __future__ import annotations

import contextlib

from django.http import Http404, HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from yuezhifa.core.api_base import READ_ERRORS, WRITE_ERRORS
from yuezhifa.core.errors import DomainError
from yuezhifa.core.parsers import JSONParser
from yuezhifa.core.parsers import loads as json_loads

from . import selectors, services
from .models import Case, CaseDocument, CaseLinkKind
from .procedures import PROCEDURES, stage_choices
from .procedures.dsl import ROLE_LABELS

# --- serializers -------------------------------------------------------------------------------------------------


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    rule = serializers.CharField(help_text="期限规则代码（/api/v1/calendar/rules/）")
    name = serializers.CharField()
    binds = serializers.CharField(help_text="agency=约束行政机关；party=约束当事人")
    start = serializers.DateField(help_text="起算日（不计入）")
    due_date = serializers.DateField(help_text="届满日")
    due_at = serializers.DateTimeField(allow_null=True, help_text="按小时计算的期限的届满时刻")
    basis = serializers.CharField(help_text="法律依据")
    explanation = serializers.CharField(help_text="计算说明")
    open = serializers.BooleanField(help_text="尚未完成")
    met_at = serializers.DateTimeField(allow_null=True)
    provisional = serializers.BooleanField(
        help_text="暂定：计算经过了节假日安排尚未录入的年度，暂按周末和法定节假日计算，录入后自动重新计算")
    provisional_reason = serializers.CharField(help_text="暂定的原因（非暂定时为空）")
    paused_since = serializers.DateField(
        allow_null=True, help_text="暂停计算自该日（不计入期限的期间尚未结束）；暂停期间不算逾期，恢复后届满日顺延")


class DeadlineRevisionSerializer(serializers.Serializer):
    key = serializers.CharField()
    rule = serializers.CharField(help_text="期限规则代码")
    name = serializers.CharField()
    basis = serializers.CharField(help_text="法律依据")
    old_due = serializers.DateField(help_text="原（暂定）届满日")
    new_due = serializers.DateField(help_text="重新计算后的届满日")
    new_provisional = serializers.BooleanField(help_text="重新计算后仍为暂定")
    reason = serializers.CharField(help_text="重新计算的原因")
    created_at = serializers.DateTimeField(help_text="重新计算的时间")


class ReasonSerializer(serializers.Serializer):
    message = serializers.CharField()
    basis = serializers.CharField()


class NextActSerializer(serializers.Serializer):
    act = serializers.CharField(source="spec.code")
    name = serializers.CharField(source="spec.name")
    basis = serializers.CharField(source="spec.basis")
    roles = serializers.ListField(source="spec.role_labels", child=serializers.CharField())
    allowed = serializers.BooleanField()
    reasons = ReasonSerializer(source="blocked", many=True, help_text="不能办理的原因及其依据")


class ActSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    seq = serializers.IntegerField()
    act = serializers.CharField(source="code")
    name = serializers.CharField()
    performed_at = serializers.DateTimeField()
    recorded_at = serializers.DateTimeField()
    back_entered = serializers.BooleanField(help_text="事后补录（办法 第二十二条）")
    entry_due = serializers.DateField(allow_null=True, help_text="补录期限")
    actor = serializers.CharField(source="data.actor_name", default="")
    officers = serializers.ListField(child=serializers.DictField())
    data = serializers.DictField(help_text="行为的字段；其中人员的身份证号码和联系电话已脱敏（full=true 时办案人员可见完整号码）")
    place = serializers.CharField()
    hash = serializers.CharField()
    prev_hash = serializers.CharField()


class PartySerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    id_number = serializers.CharField(help_text="已脱敏（full=true 时办案人员可见完整号码）")
    credit_code = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField(help_text="已脱敏（full=true 时办案人员可见完整号码）")


class CaseSummarySerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name")
    stage_label = serializers.CharField(source="get_stage_display")
    item_code = serializers.CharField(source="item.code", default=None)

    class Meta:
        model = Case
        fields = ["id", "number", "cause", "procedure", "stage", "stage_label", "version", "body", "body_name",
                  "item", "item_code", "source_kind", "registered_at", "filed_at", "decided_at", "closed_at",
                  "next_due", "next_due_provisional", "waiting_role", "returned_reason", "fine_amount"]


class DocumentSerializer(serializers.ModelSerializer):
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = ["id", "doc_type", "title", "number", "act", "pdf_sha256", "pdf_url", "created_at"]

    def get_pdf_url(self, obj) -> str:
        return f"/api/v1/cases/{obj.case_id}/documents/{obj.pk}/pdf/"


class EvidenceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    title = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    collected_at = serializers.DateTimeField()
    act = serializers.UUIDField(source="act_id")


class StateSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    version = serializers.IntegerField()


class AllowedActSerializer(NextActSerializer):
    can_perform = serializers.BooleanField(help_text="当前用户是否可以办理（具有该行为要求的角色）")


class LinkedCaseSerializer(serializers.Serializer):
    relation = serializers.CharField(help_text="关联案件与本案的关系（如“由本案引出的案件”“本案由该案件引出”）")
    kind = serializers.ChoiceField(CaseLinkKind.choices)
    visible = serializers.BooleanField(help_text="您能否查看该案件；否：只告知存在关联案件，不含其案号和内容")
    id = serializers.UUIDField(allow_null=True)
    number = serializers.CharField()
    procedure = serializers.CharField()
    procedure_name = serializers.CharField()
    stage = serializers.CharField()
    stage_label = serializers.CharField()


class CaseDetailSerializer(CaseSummarySerializer):
    state = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    allowed_acts = serializers.SerializerMethodField()
    blocked_acts = serializers.SerializerMethodField()
    acts = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    deadline_revisions = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [*CaseSummarySerializer.Meta.fields, "state", "parties", "deadlines", "allowed_acts", "blocked_acts",
                  "acts", "documents", "evidence", "deadline_revisions", "links"]

    @property
    def page(self):
        return self.context["page"]

    @extend_schema_field(StateSerializer)
    def get_state(self, obj) -> dict:
        return {"stage": obj.stage, "label": obj.get_stage_display(), "version": obj.version}

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, obj):
        return [selectors.party_public(p, full=self.page.full) for p in self.page.parties]

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, obj):
        return DeadlineSerializer(self.page.deadlines, many=True).data

    @extend_schema_field(DeadlineRevisionSerializer(many=True))
    def get_deadline_revisions(self, obj):
        """Deadlines recomputed when a year's holiday arrangement was entered (old date → new date, with reason)."""
        return DeadlineRevisionSerializer(self.page.deadline_revisions, many=True).data

    @extend_schema_field(AllowedActSerializer(many=True))
    def get_allowed_acts(self, obj):
        return [{**NextActSerializer(a).data, "can_perform": self.page.can(a)} for a in self.page.allowed]

    @extend_schema_field(NextActSerializer(many=True))
    def get_blocked_acts(self, obj):
        return NextActSerializer(self.page.blocked, many=True).data

    @extend_schema_field(ActSerializer(many=True))
    def get_acts(self, obj):
        return ActSerializer(self.page.acts, many=True).data

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, obj):
        return DocumentSerializer(self.page.documents, many=True).data

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, obj):
        return EvidenceSerializer(self.page.evidence, many=True).data

    @extend_schema_field(LinkedCaseSerializer(many=True))
    def get_links(self, obj):
        """关联案件 (docs/decisions/0035), as much of each as the user may see."""
        return LinkedCaseSerializer(self.page.links, many=True).data


def _detail(page) -> dict:
    return CaseDetailSerializer(page.case, context={"page": page}).data


class _Envelope(serializers.Serializer):
    performed_at = serializers.DateTimeField(required=False, help_text="实施时间（ISO 8601，默认当前时间；不能晚于当前时间）")
    version = serializers.IntegerField(required=False, help_text="您看到的案件版本（已记录的行为数）；过期则返回 409")
    place = serializers.CharField(required=False, allow_blank=True, help_text="地点")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False,
                                        allow_null=True, help_text="纬度（-90 至 90）")
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180,
                                         required=False, allow_null=True, help_text="经度（-180 至 180）")


def _act_request_serializers() -> dict:
    """One documented request body per act code: the envelope, ``act`` and the act's own fields (a code two
    procedures give different fields, e.g. ``record_remedy``, documents the fields of both)."""
    out, first, kinds = {}, {}, {}
    for procedure in PROCEDURES.values():
        for spec in procedure.acts:
            if spec.fields is None or spec.fields in kinds.get(spec.code, ()):
                continue
            kinds.setdefault(spec.code, []).append(spec.fields)
            spec = first.setdefault(spec.code, spec)
            name = "".join(part.title() for part in spec.code.split("_"))
            out[spec.code] = type(f"{name}Act", (*kinds[spec.code], _Envelope), {
                "act": serializers.ChoiceField([(spec.code, spec.name)], help_text=f"{spec.name}（{spec.basis}）"),
                "__doc__": f"{spec.name}：{spec.basis}。可办理人员：{'、'.join(ROLE_LABELS[r] for r in spec.roles)}。"
                           + (spec.help or ""),
            })
    return out


ACT_REQUESTS = _act_request_serializers()
ACT_REQUEST = PolymorphicProxySerializer(component_name="Act", serializers=ACT_REQUESTS, resource_type_field_name="act")


class OpenCaseRequest(ACT_REQUESTS[next(iter(PROCEDURES.values())).opening]):
    procedure = serializers.ChoiceField([(p.code, p.name) for p in PROCEDURES.values()], label="程序")
    opened_from = serializers.UUIDField(required=False, help_text="由哪个案件引出（案件 id；须为您可查看的案件）")
    link_kind = serializers.ChoiceField(CaseLinkKind.choices, required=False,
                                        help_text="与该案件的关系，默认 opened_from（docs/decisions/0035）")
    act = None


# --- views -------------------------------------------------------------------------------------------------------


ENVELOPE = ("act", "performed_at", "version", "place", "latitude", "longitude", "procedure", "files", "opened_from",
            "link_kind")


def _value(data, key):
    """A field from JSON as it is; from a multipart form, repeated keys as a list and JSON text decoded."""
    if not hasattr(data, "getlist"):
        return data[key]
    values = data.getlist(key)
    decoded = []
    for value in values:
        if isinstance(value, str) and value[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                value = json_loads(value)
        decoded.append(value)
    return decoded if len(decoded) > 1 else decoded[0]


def _text(data, key: str, label: str) -> str:
    value = data.get(key)
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or "\x00" in value:
        raise DomainError(f"{label}（{key}）应为文本（不含空字符）。", field=key)
    return value


def _envelope(request) -> tuple[dict, dict]:
    data = request.data
    if not hasattr(data, "keys"):  # a JSON list, string, number or null
        raise DomainError("请求体应为 JSON 对象或表单。", field="act")
    fields = {key: _value(data, key) for key in data if key not in ENVELOPE}
    meta = {
        "performed_at": _text(data, "performed_at", "实施时间") or None,
        "place": _text(data, "place", "地点"),
        "latitude": data.get("latitude"),  # range-checked by the service (services.coordinate)
        "longitude": data.get("longitude"),
        "idempotency_key": request.headers.get("Idempotency-Key", ""),
    }
    if len(meta["idempotency_key"]) > 100:  # never cut: two long keys sharing a prefix are different requests
        raise DomainError("幂等键（Idempotency-Key）最多 100 个字符。", field="Idempotency-Key")
    version = data.get("version")
    if version not in (None, ""):
        try:
            meta["expected_version"] = int(version)
        except (TypeError, ValueError):
            raise DomainError("版本（version）应为整数。", field="version") from None
    return fields, meta


def _attachments(request) -> list:
    return [services.Attachment(file=f) for f in request.FILES.getlist("files")]


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class CaseListView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(operation_id="cases_list", summary="案件列表", responses={200: CaseSummarySerializer(many=True),
                                                                        **READ_ERRORS},
                   parameters=[OpenApiParameter("stage", str, enum=[code for code, _ in stage_choices()], description="阶段"),
                               OpenApiParameter("q", str, description="案号、案由或当事人名称"),
                               OpenApiParameter("todo", bool, description="只看未办结的案件，按最近到期日排序")])
    def get(self, request):
        if request.query_params.get("todo") in ("1", "true"):
            qs = selectors.todo_list(request.user)
        else:
            qs = selectors.case_list(request.user, stage=request.query_params.get("stage", ""),
                                     q=request.query_params.get("q", "").strip())
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(CaseSummarySerializer(page, many=True).data)

    @extend_schema(operation_id="cases_open", summary="登记案源（立案前的案件）",
                   description="以案件来源登记开启一个案件（行为 register_source）。支持 Idempotency-Key 请求头。",
                   request=OpenCaseRequest, responses={201: CaseDetailSerializer, **WRITE_ERRORS})
    def post(self, request):
        fields, meta = _envelope(request)
        meta.pop("expected_version", None)
        procedure = request.data.get("procedure") or next(iter(PROCEDURES))
        if not isinstance(procedure, str) or procedure not in PROCEDURES:
            raise DomainError(f"程序（procedure）应为以下之一：{'、'.join(PROCEDURES)}。", field="procedure")
        try:
            case = services.case_open(actor=request.user, procedure=procedure, data=fields,
                                      attachments=_attachments(request), **meta, **_link_request(request.data))
        except services.Replayed as replay:
            return _replay(request, replay)
        return Response(_detail(selectors.case_page(request.user, case.pk)), status=status.HTTP_201_CREATED)


def _link_request(data) -> dict:
    """``opened_from`` and ``link_kind`` of a case-opening request (docs/decisions/0035); checked by the service."""
    opened_from = _text(data, "opened_from", "关联案件")
    if not opened_from:
        return {}
    return {"opened_from": opened_from,
            "link_kind": _text(data, "link_kind", "关联类别") or CaseLinkKind.OPENED_FROM}


def _replay(request, replay) -> Response:
    """A request repeated with its ``Idempotency-Key``: the case as it is now, 200 instead of 201, nothing recorded."""
    response = Response(_detail(selectors.case_page(request.user, replay.record.case_id)), status=status.HTTP_200_OK)
    response["Idempotent-Replayed"] = "true"
    return response


def _page(request, pk, *, full: bool = False):
    try:
        return services.case_page_read(actor=request.user, pk=pk, what=request.path, full=full,
                                       full_what=request.get_full_path())
    except Case.DoesNotExist:
        raise Http404 from None


def _full(request) -> bool:
    return request.query_params.get("full") in ("1", "true")


FULL = OpenApiParameter("full", bool, description="为 true 时返回当事人等人员完整的身份证号码和联系电话（仅限办理本案的人员，"
                                                  "每次查看均记入审计日志）；默认及其他用户（包括经批准查阅的监督人员）一律脱敏")


class CaseDetailView(APIView):
    @extend_schema(operation_id="cases_retrieve", summary="案件详情：状态、期限、可办理与不能办理的行为",
                   responses={200: CaseDetailSerializer, **READ_ERRORS}, parameters=[FULL])
    def get(self, request, pk):
        return Response(_detail(_page(request, pk, full=_full(request))))


class CaseActsView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(operation_id="cases_acts_list", summary="案件的执法行为记录", responses={200: ActSerializer(many=True),
                                                                                **READ_ERRORS}, parameters=[FULL])
    def get(self, request, pk):
        return Response(ActSerializer(_page(request, pk, full=_full(request)).acts, many=True).data)

    @extend_schema(
        operation_id="cases_acts_create", summary="办理一项执法行为",
        description="请求体为 {\"act\": 行为代码, \"performed_at\": 实施时间, \"version\": 案件版本, …该行为的字段}；"
                    "上传证据文件时使用 multipart/form-data，文件字段名 files（可多个）。各行为代码及其字段见 ActRequest；"
                    "行为不被允许时返回 422，detail 说明原因并引用法条；版本过期返回 409。支持 Idempotency-Key 请求头。",
        request=ACT_REQUEST, responses={201: CaseDetailSerializer, **WRITE_ERRORS})
    def post(self, request, pk):
        page = _page(request, pk)
        fields, meta = _envelope(request)
        code = request.data.get("act")
        if not code or not isinstance(code, str):
            raise DomainError("请指定行为代码（act）。", field="act")
        try:
            services.act_perform(actor=request.user, case=page.case, code=code, data=fields,
                                 attachments=_attachments(request), **meta)
        except services.Replayed as replay:
            return _replay(request, replay)
        return Response(_detail(selectors.case_page(request.user, pk)), status=status.HTTP_201_CREATED)


class CaseDocumentPdfView(APIView):
    @extend_schema(operation_id="cases_documents_pdf", summary="文书 PDF",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY, **READ_ERRORS})
    def get(self, request, pk, doc):
        page = _page(request, pk)
        document = next((d for d in page.documents if str(d.pk) == str(doc)), None)
        if document is None:
            raise Http404
        if page.roles:
            content = services.document_pdf(document)
        else:  # a supervisor under a grant: the document with ID and phone numbers masked, like the acts
            from .documents import render_snapshot

            content = render_snapshot(document, pdf=True, masked=True)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{document.pk}.pdf"
        return response


class DossierEntrySerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text="卷内顺序号")
    kind = serializers.ChoiceField([("document", "文书"), ("evidence", "证据")])
    title = serializers.CharField()
    number = serializers.CharField(help_text="文书文号")
    date = serializers.DateField()
    sha256 = serializers.CharField(help_text="证据文件或已生成 PDF 的 SHA-256")
    object_id = serializers.UUIDField()


class CaseLinkRequest(serializers.Serializer):
    other = serializers.UUIDField(help_text="关联的案件（案件 id；须为您可查看的案件）")
    kind = serializers.ChoiceField(CaseLinkKind.choices, required=False, help_text="本案与该案件的关系，默认 opened_from")
    reason = serializers.CharField(max_length=300, help_text="关联的说明")


class CaseLinksView(APIView):
    @extend_schema(operation_id="cases_links_create", summary="关联另一案件（如先行采取的行政强制措施与其后立案的处罚案件）",
                   description="docs/decisions/0035。须为本案的办案人员，且能查看关联的案件；记入审计日志。",
                   request=CaseLinkRequest, responses={201: CaseDetailSerializer, **WRITE_ERRORS})
    def post(self, request, pk):
        page = _page(request, pk)
        data = request.data if hasattr(request.data, "get") else {}
        services.case_link(actor=request.user, case=page.case, other=_text(data, "other", "关联案件"),
                           kind=_text(data, "kind", "关联类别") or CaseLinkKind.OPENED_FROM,
                           reason=_text(data, "reason", "说明"))
        return Response(_detail(selectors.case_page(request.user, page.case.pk)), status=status.HTTP_201_CREATED)


class CaseDossierView(APIView):
    @extend_schema(operation_id="cases_dossier", summary="卷宗目录（按办案顺序排列的文书和证据）",
                   responses={200: DossierEntrySerializer(many=True), **READ_ERRORS})
    def get(self, request, pk):
        return Response(DossierEntrySerializer(selectors.dossier(_page(request, pk).case), many=True).data)


class ProceduresView(APIView):
    @extend_schema(operation_id="cases_procedures", summary="程序及其执法行为（代码、名称、依据、办理人员）",
                   responses={200: inline_serializer("Procedure", {
                       "code": serializers.CharField(), "name": serializers.CharField(),
                       "basis": serializers.CharField(), "acts": serializers.ListField(child=serializers.DictField())},
                       many=True), **READ_ERRORS})
    def get(self, request):
        return Response([{"code": p.code, "name": p.name, "basis": p.basis, "acts": [
            {"act": s.code, "name": s.name, "basis": s.basis, "roles": s.role_labels, "officers": s.officers,
             "documents": list(s.documents), "after": list(s.after), "help": s.help,
             "fields": list(s.fields().fields) if s.fields else []} for s in p.acts]} for p in PROCEDURES.values()])


urlpatterns = [
    path("cases/", CaseListView.as_view(), name="api-cases"),
    path("cases/procedures/", ProceduresView.as_view(), name="api-case-procedures"),
    path("cases/<uuid:pk>/", CaseDetailView.as_view(), name="api-case-detail"),
    path("cases/<uuid:pk>/acts/", CaseActsView.as_view(), name="api-case-acts"),
    path("cases/<uuid:pk>/dossier/", CaseDossierView.as_view(), name="api-case-dossier"),
    path("cases/<uuid:pk>/links/", CaseLinksView.as_view(), name="api-case-links"),
    path("cases/<uuid:pk>/documents/<uuid:doc>/pdf/", CaseDocumentPdfView.as_view(), name="api-case-document-pdf"),
]
