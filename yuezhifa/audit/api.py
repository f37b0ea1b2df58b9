"""Public API of the evidence log (证据存证, DESIGN §7): signed tree heads, inclusion and consistency proofs and the
signing key, so that anyone holding a file (a party, a court, a reviewing body) can check it was entered in the log
and that the log was only ever appended to. No login: a proof reveals file hashes, leaf numbers and times, nothing
personal (docs/decisions/0010-证据存证.md). ``scripts/verify_merkle_proof.py`` checks these answers offline."""

from __future__ import annotations

import base64

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from yuezhifa.core.api_base import PROBLEM
from yuezhifa.core.errors import DomainError

from . import merkle
from .merkle import signing
from .merkle.log import SHA256_RE

# --- errors ---------------------------------------------------------------------------------------------------------


class BadParameter(DomainError):
    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"
    title = "请求有误"


class NotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"
    title = "未找到"


ERRORS = {400: PROBLEM, 404: PROBLEM}


def _int_param(request, name: str, *, required: bool = False, minimum: int = 0) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        if required:
            raise BadParameter(f"缺少参数 {name}。", field=name)
        return None
    if not raw.isdigit() or int(raw) < minimum:
        raise BadParameter(f"参数 {name} 应为不小于 {minimum} 的整数。", field=name)
    return int(raw)


def _sth_or_404(size: int, field: str):
    sth = merkle.sth_at(size)
    if sth is None:
        raise NotFound(f"没有树大小为 {size} 的签名树头。", field=field)
    return sth


# --- serializers (for the schema) -----------------------------------------------------------------------------------


class STHSerializer(serializers.Serializer):
    format = serializers.CharField(help_text="签名内容格式，当前为 yuezhifa-sth/v1")
    origin = serializers.CharField(help_text="日志名称")
    tree_size = serializers.IntegerField(help_text="树大小（叶子数）")
    root_hash = serializers.CharField(help_text="根哈希（十六进制）")
    timestamp = serializers.IntegerField(help_text="签发时间（自 1970-01-01T00:00:00Z 起的毫秒数）")
    key_id = serializers.CharField(help_text="签名公钥的 SHA-256（十六进制）")
    signature = serializers.CharField(
        help_text="Ed25519 签名（Base64），签名内容为 \"yuezhifa-sth/v1\\n{origin}\\n{tree_size}\\n{root_hash}\\n{timestamp}\\n\"")


class LeafSerializer(serializers.Serializer):
    leaf_index = serializers.IntegerField(help_text="叶子序号（从 0 起）")
    sha256 = serializers.CharField(help_text="文件的 SHA-256（十六进制），即叶子数据 d")
    leaf_hash = serializers.CharField(help_text="叶子哈希 SHA-256(0x00‖d)（十六进制）")
    object_type = serializers.CharField(help_text="登记对象的类型，如 cases.evidence（证据）、cases.casedocument（文书）")
    appended_at = serializers.DateTimeField(help_text="登记时间")


class InclusionProofSerializer(LeafSerializer):
    tree_size = serializers.IntegerField(help_text="证明所针对的树大小")
    audit_path = serializers.ListField(child=serializers.CharField(),
                                       help_text="审计路径（RFC 9162 §2.1.3，十六进制，自叶子向根）")
    sth = STHSerializer(help_text="证明所针对的签名树头")


class ConsistencyProofSerializer(serializers.Serializer):
    first = serializers.IntegerField(help_text="较早的树大小")
    second = serializers.IntegerField(help_text="较晚的树大小")
    consistency_path = serializers.ListField(child=serializers.CharField(),
                                             help_text="一致性证明（RFC 9162 §2.1.4，十六进制）")
    first_sth = STHSerializer()
    second_sth = STHSerializer()


class PublicKeySerializer(serializers.Serializer):
    algorithm = serializers.CharField()
    key_id = serializers.CharField(help_text="公钥的 SHA-256（十六进制）")
    public_key = serializers.CharField(help_text="32 字节原始公钥（Base64）")
    public_key_pem = serializers.CharField(help_text="SubjectPublicKeyInfo PEM")
    origin = serializers.CharField(help_text="日志名称")
    sth_format = serializers.CharField(help_text="签名内容的格式")


def _leaf_json(leaf) -> dict:
    return {"leaf_index": leaf.leaf_index, "sha256": leaf.sha256, "leaf_hash": leaf.leaf_hash,
            "object_type": leaf.object_type, "appended_at": leaf.appended_at.isoformat()}


# --- views ----------------------------------------------------------------------------------------------------------


class PublicView(APIView):
    """No login: third parties verify hashes. No authentication either, so a stale token or session cookie never
    turns a public answer into a 401."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


class STHView(PublicView):
    @extend_schema(operation_id="evidence_log_sth", summary="证据存证：签名树头",
                   description="默认返回最新的签名树头；给出 tree_size 时返回该树大小的签名树头。尚无任何树头时即签发一个。"
                               "无需登录。",
                   parameters=[OpenApiParameter("tree_size", int, description="树大小")],
                   responses={200: STHSerializer, **ERRORS})
    def get(self, request):
        size = _int_param(request, "tree_size")
        sth = _sth_or_404(size, "tree_size") if size is not None else (merkle.latest_sth() or merkle.sth_issue()[0])
        return Response(merkle.sth_json(sth))


class InclusionProofView(PublicView):
    @extend_schema(
        operation_id="evidence_log_inclusion_proof", summary="证据存证：包含证明",
        description="证明一个文件（证据或文书，按其 SHA-256 或叶子序号查找）已登记在证据存证日志中。默认针对最新的签名树头；"
                    "文件登记晚于最新树头时即签发新的树头（只签名已登记的内容，不改变日志）。给出 tree_size 时针对该树大小的"
                    "签名树头。同一文件登记于多个对象时，返回最早的一次。可用 scripts/verify_merkle_proof.py 离线核验。无需登录。",
        parameters=[OpenApiParameter("sha256", str, description="文件的 SHA-256（64 位十六进制）"),
                    OpenApiParameter("leaf", int, description="叶子序号（与 sha256 二选一）"),
                    OpenApiParameter("tree_size", int, description="针对的树大小（须有该大小的签名树头）")],
        responses={200: InclusionProofSerializer, 422: PROBLEM, **ERRORS})
    def get(self, request):
        sha = request.query_params.get("sha256", "").strip().lower()
        index = _int_param(request, "leaf")
        if bool(sha) == (index is not None):
            raise BadParameter("请给出 sha256（文件的 SHA-256）或 leaf（叶子序号）二者之一。", field="sha256")
        if sha:
            if not SHA256_RE.match(sha):
                raise BadParameter("参数 sha256 应为 64 位十六进制字符。", field="sha256")
            leaf = merkle.leaf_for_sha256(sha)
            if leaf is None:
                raise NotFound(f"证据存证日志中没有 SHA-256 为 {sha} 的文件或文书。", field="sha256")
        else:
            leaf = merkle.leaf_at(index)
            if leaf is None:
                raise NotFound(f"证据存证日志中没有序号为 {index} 的叶子（当前共 {merkle.tree_size()} 个）。",
                               field="leaf")
        size = _int_param(request, "tree_size", minimum=1)
        if size is not None:
            sth = _sth_or_404(size, "tree_size")
            if leaf.leaf_index >= size:
                raise DomainError(f"该文件登记于树大小为 {size} 的树头之后（叶子序号 {leaf.leaf_index}），"
                                  "请改用更新的签名树头。", field="tree_size")
        else:
            sth = merkle.latest_sth()
            if sth is None or sth.tree_size <= leaf.leaf_index:
                sth, _ = merkle.sth_issue()
        proof = merkle.inclusion_proof(leaf.leaf_index, sth.tree_size)
        return Response({**_leaf_json(leaf), "tree_size": sth.tree_size, "audit_path": [h.hex() for h in proof],
                         "sth": merkle.sth_json(sth)})


class ConsistencyProofView(PublicView):
    @extend_schema(
        operation_id="evidence_log_consistency_proof", summary="证据存证：一致性证明",
        description="证明树大小为 second 的日志是树大小为 first 的日志的延续（只追加、未改动）。两个树大小都须有签名树头；"
                    "省略 second 时取最新的签名树头。无需登录。",
        parameters=[OpenApiParameter("first", int, required=True, description="较早的树大小（≥ 1）"),
                    OpenApiParameter("second", int, description="较晚的树大小（默认最新的签名树头）")],
        responses={200: ConsistencyProofSerializer, **ERRORS})
    def get(self, request):
        first = _int_param(request, "first", required=True, minimum=1)
        second = _int_param(request, "second", minimum=1)
        if second is None:
            latest = merkle.latest_sth()
            if latest is None:
                raise NotFound("证据存证日志尚未签发签名树头。", field="second")
            second = latest.tree_size
        if first > second:
            raise BadParameter(f"first（{first}）不能大于 second（{second}）。", field="first")
        first_sth, second_sth = _sth_or_404(first, "first"), _sth_or_404(second, "second")
        proof = merkle.consistency_proof(first, second)
        return Response({"first": first, "second": second, "consistency_path": [h.hex() for h in proof],
                         "first_sth": merkle.sth_json(first_sth), "second_sth": merkle.sth_json(second_sth)})


class PublicKeyView(PublicView):
    @extend_schema(operation_id="evidence_log_public_key", summary="证据存证：签名树头的公钥",
                   description="用于核验签名树头的 Ed25519 公钥。核验者应另行留存（例如从公告中取得）并比对 key_id。无需登录。",
                   responses={200: PublicKeySerializer})
    def get(self, request):
        raw = signing.public_key_raw()
        return Response({"algorithm": "Ed25519", "key_id": signing.key_id(raw),
                         "public_key": base64.b64encode(raw).decode(), "public_key_pem": signing.public_key_pem(),
                         "origin": signing.origin(), "sth_format": signing.STH_FORMAT})


urlpatterns = [
    path("evidence-log/sth/", STHView.as_view(), name="api-evidence-log-sth"),
    path("evidence-log/proof/inclusion/", InclusionProofView.as_view(), name="api-evidence-log-inclusion"),
    path("evidence-log/proof/consistency/", ConsistencyProofView.as_view(), name="api-evidence-log-consistency"),
    path("evidence-log/public-key/", PublicKeyView.as_view(), name="api-evidence-log-public-key"),
]
