"""``Authorization: Grant <key>``: the key of one sharing grant (docs/decisions/0061).

The key is looked up by its prefix id and compared by its SHA-256; a key that is unknown, of a grant revoked,
rejected or past its validity is refused (401) at every request: nothing is cached, so a revocation takes effect at
the next request. A refused attempt with a known prefix is logged on that grant.
"""

from __future__ import annotations

import hmac

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django_ratelimit.core import get_usage
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

from yuezhifa.core.middleware import client_ip

from . import services
from .models import Grant, Usage
from .selectors import is_usable

KEYWORD = "Grant"
REFUSED = "共享密钥无效、已撤销或已过期（办法第五十一条：统一授权共享）。"


def log_use(request, grant: Grant, *, status: int, rows: int = 0, fields=None) -> None:
    query = {k: request.GET.get(k, "")[:100] for k in list(request.GET.keys())[:20]}
    Usage.objects.create(grant=grant, key_prefix=grant.key_prefix or "", at=timezone.now(),
                         client_ip=client_ip(request)[:45], query=query, status=status, rows=rows,
                         fields=list(fields or []))


def _refusals_within_rate(request, grant: Grant) -> None:
    """Refused attempts naming a grant's key id are counted at the grant's own rate, apart from its valid uses:
    beyond it they get 429 and are not logged, so that a revoked key or a known key id cannot fill the usage report
    (办法 第五十一条) without end."""
    usage = get_usage(request, group="yzf:sharing-refused", key=lambda _g, _r: str(grant.pk),
                      rate=f"{grant.rate_per_minute}/m", increment=True)
    if usage and usage["should_limit"]:
        raise Throttled(wait=max(1, int(usage.get("time_left") or 60)),
                        detail="该密钥的无效访问过于频繁，请稍后再试；密钥已撤销或过期的，请重新申请授权。")


class GrantKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() != KEYWORD.lower():
            return None
        if len(header) != 2:
            raise AuthenticationFailed("Authorization 头格式应为：Grant <共享密钥>。")
        key = header[1].decode(errors="replace")
        prefix = services.split_key(key)
        grant = Grant.objects.select_related("dataset").filter(key_prefix=prefix).first() if prefix else None
        if grant is None:
            raise AuthenticationFailed(REFUSED)
        if not hmac.compare_digest(grant.key_digest, services.key_digest(key)) or not is_usable(grant):
            _refusals_within_rate(request._request, grant)
            log_use(request._request, grant, status=401)
            raise AuthenticationFailed(REFUSED)
        return AnonymousUser(), grant

    def authenticate_header(self, request):
        return KEYWORD


class GrantKeyScheme(OpenApiAuthenticationExtension):
    target_class = "yuezhifa.sharing.authentication.GrantKeyAuthentication"
    name = "grantKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "共享授权密钥：`Authorization: Grant <密钥>`。密钥在授权批准时显示一次。"}
