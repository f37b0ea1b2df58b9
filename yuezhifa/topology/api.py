"""Files on demand between the hub and the nodes (办法 第三十七条; docs/decisions/0059).

- ``GET /api/v1/topology/files/<kind>/<id>/`` on a node: the hub asks for one file with a signed, short-lived token
  (header ``X-YZF-Node-Token``); no session, no user.
- ``GET /api/v1/supervision/access-grants/<grant>/files/<kind>/<id>/`` at the hub (or anywhere): a supervisor opens a
  file of the case a grant opens; the hub fetches it from the node and checks its digest.
"""

from django.http import FileResponse
from django.urls import path
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from yuezhifa.core.api_base import PROBLEM, READ_ERRORS

from . import files

KIND_PARAMETER = OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(files.KINDS),
                                  description="文件类别：evidence（证据文件）或 document（已生成的文书 PDF）")
FILE_PARAMETER = OpenApiParameter("file", OpenApiTypes.UUID, OpenApiParameter.PATH,
                                  description="证据或文书的 id")
BINARY = {(200, "application/octet-stream"): OpenApiResponse(
    OpenApiTypes.BINARY, description="文件内容（类型为登记时识别的类型，文书为 application/pdf）")}


def _file_response(stream, name: str, content_type: str, size: int | None = None) -> FileResponse:
    response = FileResponse(stream, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(False, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    if size is not None:
        response["Content-Length"] = str(size)
    return response


class NodeFileView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]  # the token is the authentication: checked by files.node_file

    @extend_schema(
        operation_id="topology_node_file", summary="节点向省级平台提供文件（按需调取）", tags=["省市两级部署"],
        description=("只在节点（YZF_ROLE=node）上可用，由省级平台调用：请求头 X-YZF-Node-Token 为省级平台以与本节点共享的"
                     "密钥签发的短期令牌，写明调阅授权、文件类别与 id 和到期时间。签名不符或过期 401，令牌不是为本节点或本文件"
                     "签发的 403，本节点没有该文件 404。每次提供记入审计日志（办法 第三十七条；决定 0059）。"),
        parameters=[KIND_PARAMETER, FILE_PARAMETER,
                    OpenApiParameter(files.TOKEN_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                                     description="省级平台签发的节点令牌")],
        responses={**BINARY, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM})
    def get(self, request, kind, file):
        row = files.node_file(token=request.headers.get(files.TOKEN_HEADER, ""), kind=kind, file_id=file)
        spec = files.KINDS[kind]
        stored = getattr(row, spec.file_field)
        return _file_response(stored.open("rb"), getattr(row, "original_name", "") or stored.name.rsplit("/", 1)[-1],
                              getattr(row, "content_type", "") or "application/pdf")


class GrantedFileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="supervision_access_grants_file", summary="依查阅授权调取证据文件", tags=["监督平台"],
        description=("监督人员在经批准且未过期的查阅授权下打开该案件的证据文件（办法 第三十七条；kind 只能为 evidence，文书在"
                     "案件页面查看隐去个人信息的文本）。省级平台从办理该"
                     "案件的节点按需调取，核对 SHA-256 摘要与平台登记的一致后提供；不一致的拒绝提供（502）并记录。一体化部署"
                     "直接读取本地文件。每次调取或拒绝均记入审计日志。"),
        parameters=[OpenApiParameter("grant", OpenApiTypes.UUID, OpenApiParameter.PATH, description="查阅授权 id"),
                    KIND_PARAMETER, FILE_PARAMETER],
        responses={**BINARY, **READ_ERRORS, 422: PROBLEM, 502: PROBLEM})
    def get(self, request, grant, kind, file):
        opened = files.open_granted_file(actor=request.user, grant_id=grant, kind=kind, file_id=file)
        return _file_response(opened.file, opened.name, opened.content_type, opened.size)


urlpatterns = [
    path("topology/files/<str:kind>/<uuid:file>/", NodeFileView.as_view(), name="topology-node-file"),
    path("supervision/access-grants/<uuid:grant>/files/<str:kind>/<uuid:file>/", GrantedFileView.as_view(),
         name="supervision-access-grant-file"),
]
