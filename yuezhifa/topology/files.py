"""Files on demand (办法 第三十七条; docs/decisions/0059).

Evidence files and issued documents stay on the storage of the node that handled the case; the hub holds their rows
(with the SHA-256 digests) by replication. A supervisor at the hub who holds an approved, unexpired grant (调阅授权)
for the case opens an evidence file through the hub, which:

1. checks the grant (``supervision.access.grant_for_read``, which audits the read or the refusal) and that the file
   belongs to the granted case;
2. finds the node that handled the case — the case's 登记人 is an account of that node, whose key lies in the node's
   range (decision 0055: ``code × 2^40 …``) — and its URL (``YZF_NODE_URLS``) and shared secret
   (``YZF_NODE_SECRETS``);
3. asks the node's endpoint ``/api/v1/topology/files/<kind>/<id>/`` with a token in the header
   ``X-YZF-Node-Token``: HMAC-SHA256 under the shared secret over the node code, the grant, the kind and id of the
   file and an expiry ``TOKEN_SECONDS`` ahead;
4. hashes what it received and serves it only when the digest equals the replicated one; a mismatch is refused,
   logged and audited.

The node checks the signature (401), the expiry (401), that the token names this node and this very file (403) and
that the file is one of its own (404), audits what it served, and streams the file. In the all-in-one form and on a
node the file is local: no fetch, the same digest check.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404

from yuezhifa.core.errors import DomainError, NotAllowed

logger = logging.getLogger(__name__)

ARTICLE = "《广东省一体化行政执法平台管理办法》第三十七条"
TOKEN_HEADER = "X-YZF-Node-Token"  # noqa: S105 - a header name, not a secret
TOKEN_SECONDS = 60
"""A token is good for this long: long enough for one request, short enough that a copied one is soon useless."""
CLOCK_SKEW = 30
"""A node accepts an expiry at most TOKEN_SECONDS + CLOCK_SKEW ahead of its own clock (a token valid for days is
refused even when its signature is right)."""
SPOOL_BYTES = 8 * 1024 * 1024
CHUNK = 256 * 1024


class TokenRefused(DomainError):
    status_code = 401
    code = "node_token_refused"
    title = "节点令牌无效"


class WrongFile(NotAllowed):
    code = "node_token_wrong_file"
    title = "令牌与文件不符"


class NodeUnavailable(DomainError):
    status_code = 502
    code = "node_unavailable"
    title = "无法从节点取得文件"


class DigestMismatch(DomainError):
    status_code = 502
    code = "file_digest_mismatch"
    title = "文件摘要不符"


@dataclass(frozen=True)
class Kind:
    model_path: str
    file_field: str
    digest_field: str


KINDS = {
    "evidence": Kind("cases.Evidence", "file", "sha256"),
    "document": Kind("cases.CaseDocument", "pdf", "pdf_sha256"),
}


def _model(kind: str):
    from django.apps import apps

    return apps.get_model(KINDS[kind].model_path)


# --- tokens -------------------------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, body: str) -> str:
    return _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())


def make_token(*, secret: str, node: str, grant_id, kind: str, file_id, now: float | None = None,
               seconds: int = TOKEN_SECONDS) -> str:
    payload = {"n": node, "g": str(grant_id), "k": kind, "f": str(file_id), "e": int((now or time.time()) + seconds)}
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_mac(secret, body)}"


def check_token(token: str, *, kind: str, file_id, now: float | None = None) -> dict:
    """The payload of a token the hub signed for this node and this file; TokenRefused (401) for a missing, forged
    or expired token, WrongFile (403) for one naming another node or another file."""
    secret = settings.YZF_HUB_SECRET
    if settings.YZF_ROLE != "node" or not secret:
        raise TokenRefused("本节点未配置与省级平台共享的密钥（YZF_HUB_SECRET），不向省级平台提供文件。")
    body, dot, mac = (token or "").strip().partition(".")
    if not dot or not hmac.compare_digest(mac.encode(), _mac(secret, body).encode()):
        raise TokenRefused("节点令牌无效：签名不符。")
    try:
        payload = json.loads(_unb64(body))
        expires = int(payload["e"])
    except (ValueError, KeyError, TypeError):
        raise TokenRefused("节点令牌无效：内容无法解析。") from None
    now = now or time.time()
    if expires <= now:
        raise TokenRefused("节点令牌已过期，请由省级平台重新发起调阅。")
    if expires > now + TOKEN_SECONDS + CLOCK_SKEW:
        raise TokenRefused("节点令牌的有效期过长，不予接受。")
    if payload.get("n") != settings.YZF_NODE_CODE:
        raise WrongFile("该令牌不是签发给本节点的。")
    if payload.get("k") != kind or payload.get("f") != str(file_id):
        raise WrongFile("该令牌不是为此文件签发的。")
    return payload


# --- the node's side ----------------------------------------------------------------------------------------------


def node_file(*, token: str, kind: str, file_id):
    """On a node: the row of the file the token names, after checking the token; the serving is audited."""
    from yuezhifa.audit.services import audit_record
    from yuezhifa.core.actors import SYSTEM

    if kind not in KINDS:
        raise WrongFile("文件类别无效。", field="kind")
    payload = check_token(token, kind=kind, file_id=file_id)
    spec = KINDS[kind]
    row = _model(kind).objects.filter(pk=file_id).select_related("case").first()
    if row is None or not getattr(row, spec.file_field):
        raise Http404("本节点没有该文件。")
    with transaction.atomic():
        audit_record(actor=SYSTEM, action="topology.file.served", obj=row.case,
                     after={"kind": kind, "file": str(row.pk), "grant": payload["g"],
                            "sha256": getattr(row, spec.digest_field)})
    return row


# --- the hub's side -----------------------------------------------------------------------------------------------


def node_of_case(case) -> str | None:
    """The six-digit code of the node that handled ``case``: its 登记人's key is in that node's range (decision
    0055). None for a case registered in this database's own range (the hub's, or all-in-one)."""
    number = (case.created_by_id or 0) >> 40
    return f"{number:06d}" if 100000 <= number <= 999999 else None


def transport(url: str, *, headers: dict, timeout: float):
    """GET ``url``; a file-like response (``read``, ``status``) or urllib's HTTPError. Tests replace it."""
    if not url.startswith(("https://", "http://")):
        raise ValueError("节点地址须以 https:// 或 http:// 开头")
    request = urllib.request.Request(url, headers=headers, method="GET")  # noqa: S310 - scheme checked above
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - scheme checked above


def _spool(stream, *, limit: int):
    """Copy ``stream`` to a temporary file (in memory up to SPOOL_BYTES), hashing it; (file, sha256, size)."""
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - handed to the response
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            spooled.close()
            raise NodeUnavailable(f"节点返回的文件超过 {limit} 字节的上限。")
        digest.update(chunk)
        spooled.write(chunk)
    spooled.seek(0)
    return spooled, digest.hexdigest(), size


@dataclass
class Opened:
    file: object
    name: str
    content_type: str
    size: int
    fetched_from: str | None


def _fetch(code: str, *, grant_id, kind: str, row):
    url_base, secret = settings.YZF_NODE_URLS.get(code), settings.YZF_NODE_SECRETS.get(code)
    if not url_base or not secret:
        raise NodeUnavailable(f"未配置节点 {code} 的地址或共享密钥（YZF_NODE_URLS、YZF_NODE_SECRETS），无法调取该文件。")
    token = make_token(secret=secret, node=code, grant_id=grant_id, kind=kind, file_id=row.pk)
    url = f"{url_base.rstrip('/')}/api/v1/topology/files/{kind}/{row.pk}/"
    try:
        response = transport(url, headers={TOKEN_HEADER: token}, timeout=settings.YZF_NODE_FETCH_TIMEOUT)
    except urllib.error.HTTPError as exc:
        raise NodeUnavailable(f"节点 {code} 拒绝提供该文件（HTTP {exc.code}）。") from None
    except (OSError, ValueError) as exc:
        raise NodeUnavailable(f"无法连接节点 {code}：{exc.__class__.__name__}。") from None
    with response:
        if getattr(response, "status", 200) != 200:
            raise NodeUnavailable(f"节点 {code} 拒绝提供该文件（HTTP {response.status}）。")
        return _spool(response, limit=settings.YZF_NODE_FETCH_MAX_BYTES)


def open_case_file(*, actor, case, kind: str, file_id) -> Opened | None:
    """The file of ``case`` for a supervisor at the hub, under their latest active grant for that case; None when
    they hold none (the caller answers 404 as for any file they may not see)."""
    from yuezhifa.supervision.access import active_grants

    grant = active_grants(actor).filter(case=case).order_by("-expires_at").first()
    if grant is None:
        return None
    return open_granted_file(actor=actor, grant_id=grant.pk, kind=kind, file_id=file_id)


def open_granted_file(*, actor, grant_id, kind: str, file_id) -> Opened:
    """For a supervisor under ``grant_id``: the file, from its node (or local storage), its digest checked against
    the recorded one. NotAllowed (the caller answers 404) for a grant that does not open it; DigestMismatch when the
    bytes differ from the digest (refused, logged, audited); NodeUnavailable when the node cannot be reached."""
    from yuezhifa.audit.services import audit_record
    from yuezhifa.supervision.access import grant_for_read, record_refused_read

    if kind == "document":  # a supervisor reads documents masked, rendered from the snapshot (decision 0020)
        raise DomainError("文书请在案件页面查看：监督人员查阅的文书由快照生成并隐去个人信息，不提供原件。", field="kind")
    if kind not in KINDS:
        raise DomainError("文件类别无效，应为 evidence。", field="kind")
    grant = grant_for_read(actor=actor, grant_id=grant_id)
    spec = KINDS[kind]
    row = _model(kind).objects.filter(pk=file_id, case_id=grant.case_id).first() if _is_uuid(file_id) else None
    if row is None or not getattr(row, spec.file_field):
        record_refused_read(actor=actor, case_id=grant.case_id, what=f"{kind}:{file_id}")
        raise NotAllowed("该查阅授权下没有此文件。", field="file")
    expected = getattr(row, spec.digest_field)
    code = node_of_case(grant.case) if settings.YZF_ROLE == "hub" else None
    if code is None:
        with getattr(row, spec.file_field).open("rb") as stream:
            spooled, actual, size = _spool(stream, limit=settings.YZF_NODE_FETCH_MAX_BYTES)
    else:
        spooled, actual, size = _fetch(code, grant_id=grant.pk, kind=kind, row=row)
    where = {"kind": kind, "file": str(row.pk), "grant": str(grant.pk), "node": code or "本地", "expected": expected}
    if not expected or actual != expected:
        spooled.close()
        logger.error("调取的文件摘要不符：%s %s（节点 %s）期望 %s，实得 %s", kind, row.pk, code or "本地", expected, actual)
        with transaction.atomic():
            audit_record(actor=actor, action="topology.file.digest_mismatch", obj=grant.case,
                         after={**where, "actual": actual})
        raise DigestMismatch(f"该文件与平台登记的摘要（SHA-256）不符，已拒绝提供并记录（{ARTICLE}）；请联系节点运维人员核查。")
    with transaction.atomic():
        audit_record(actor=actor, action="topology.file.fetched", obj=grant.case, after={**where, "bytes": size})
    name = (getattr(row, "original_name", "") or "") or f"{row.pk}.pdf"
    content_type = getattr(row, "content_type", "") or "application/pdf"
    return Opened(spooled, name, content_type, size, code)


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
