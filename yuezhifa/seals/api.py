"""Public API: ``POST /api/v1/seals/verify/`` verifies a sealed PDF (no login). The upload is read in memory, verified
and dropped: nothing is stored. No endpoint of this app returns key material."""

from django.urls import path
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from yuezhifa.core.api import PROBLEM, ProblemSerializer, PublicAPIView

from . import uploads
from .verification import MAX_BYTES, verify_pdf


class SignatureReportSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=["valid", "revoked", "replaced", "tampered", "foreign"],
        help_text="valid：完好有效；revoked：文书已撤销；replaced：文书已被替代；tampered：签章后被修改；foreign：不是本平台签发")
    message = serializers.CharField(help_text="中文结论")
    intact = serializers.BooleanField(help_text="签名覆盖的内容未被修改（密码学校验通过）")
    covers_whole_file = serializers.BooleanField(help_text="签名覆盖整个文件（签章后没有追加修改）")
    trusted = serializers.BooleanField(help_text="签章证书可以连到本平台信任的根证书")
    signer = serializers.CharField(help_text="签章证书的通用名称")
    issuer = serializers.CharField(help_text="签章证书的签发者")
    certificate_serial = serializers.CharField()
    certificate_fingerprint = serializers.CharField(help_text="签章证书 SHA-256 指纹")
    signed_at = serializers.DateTimeField(allow_null=True, help_text="签章时间（本平台的签章记录；无记录时为签章者自报的时间）")
    reason = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True)
    body_name = serializers.CharField(allow_blank=True, help_text="签发的执法主体")
    body_credit_code = serializers.CharField(allow_blank=True, help_text="签发主体的统一社会信用代码")
    demo = serializers.BooleanField(help_text="演示环境证书（不具法律效力）")
    seal_status = serializers.CharField(allow_blank=True, help_text="印章状态：active / revoked / replaced")
    seal_status_label = serializers.CharField(allow_blank=True)
    seal_status_reason = serializers.CharField(allow_blank=True)
    seal_status_changed_at = serializers.DateTimeField(allow_null=True)
    recorded = serializers.BooleanField(help_text="本平台有这次签章的记录")
    document_number = serializers.CharField(allow_blank=True, help_text="文书文号")
    document_title = serializers.CharField(allow_blank=True, help_text="文书名称")
    document_status = serializers.CharField(allow_blank=True, help_text="文书状态：valid / revoked / replaced")
    document_status_label = serializers.CharField(allow_blank=True)
    document_status_reason = serializers.CharField(allow_blank=True)
    document_status_changed_at = serializers.DateTimeField(allow_null=True)
    replaced_by_number = serializers.CharField(allow_blank=True, help_text="替代文书的文号")
    notes = serializers.ListField(child=serializers.CharField(), help_text="补充说明")


class VerificationResultSerializer(serializers.Serializer):
    verdict = serializers.CharField(help_text="总体结论（多个签章时取最不利者）")
    verdict_label = serializers.CharField()
    ok = serializers.BooleanField(help_text="文件完好、为本平台签发且文书仍然有效")
    message = serializers.CharField()
    sha256 = serializers.CharField(help_text="上传文件的 SHA-256（文件本身不保存）")
    signatures = SignatureReportSerializer(many=True)


PROBLEM_RESPONSE = OpenApiResponse(
    ProblemSerializer,
    description="无法验证：未选择文件（400）、文件过大（413）、不是 PDF、无法读取或没有电子签章（422）。"
                "code 为 file_missing / too_large / empty / not_pdf / unreadable / unsigned。",
    examples=[OpenApiExample("没有签章", value={
        "type": "about:blank", "title": "无法验证该文件", "status": 422, "code": "unsigned", "field": "file",
        "detail": "该 PDF 文件没有电子签章，无法验证。"})])


class SealVerifyView(PublicAPIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="seals_verify",
        summary="验证电子文书的签章",
        description=f"上传本平台签发的 PDF 文书（multipart/form-data，字段 file，不超过 {MAX_BYTES // (1024 * 1024)} MB），"
                    "返回：文件是否完好、由哪个执法主体于何时签发、是否为本平台签发，以及该文书此后是否被撤销或替代。"
                    "无需登录；上传的文件只在内存中校验，不保存。",
        tags=["电子印章"],
        request={"multipart/form-data": inline_serializer(
            "SealVerifyRequest", fields={"file": serializers.FileField(help_text="待验证的 PDF 文件")})},
        responses={200: VerificationResultSerializer, (400, PROBLEM): PROBLEM_RESPONSE,
                   (413, PROBLEM): PROBLEM_RESPONSE, (415, PROBLEM): PROBLEM_RESPONSE,
                   (422, PROBLEM): PROBLEM_RESPONSE},
    )
    def post(self, request):
        handler = uploads.install(request._request)
        content = uploads.read_upload(request.FILES, handler)
        result = verify_pdf(content)
        return Response(VerificationResultSerializer(result.as_dict()).data)


urlpatterns = [
    path("seals/verify/", SealVerifyView.as_view(), name="seals-verify"),
]
