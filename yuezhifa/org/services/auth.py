"""Authentication acts that write: issuing an API token, revoking a user's tokens."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import TooManyAttempts


def auth_token_issue(*, request, username: str, password: str) -> tuple[str, datetime.datetime]:
    """A new API token for the user: ``(key, expires_at)``. The key is returned this once and only its SHA-256 is
    kept (docs/decisions/0021); it expires after ``YZF_API_TOKEN_TTL_HOURS`` and with any change of the password.
    Each call issues another token (one per device); the user's expired ones are dropped. Failed attempts are refused
    without saying which part was wrong, and count towards the lockout of that username from that address
    (django-axes, settings ``AXES_*``): the check runs outside the token's transaction so that a refusal does not
    roll the count back."""
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise TooManyAttempts(lockout_message())
    if user is None or not user.is_active:
        raise AuthenticationFailed("用户名或密码错误。")
    return api_token_create(user=user)


@transaction.atomic
def api_token_create(*, user) -> tuple[str, datetime.datetime]:
    """Issue a token to ``user`` without asking for the password: ``(key, expires_at)``, the key shown this once.
    For ``auth_token_issue`` after it checked the password, and for trusted code acting for a user (tests, API
    clients run by the platform itself); requests reach it only through ``auth_token_issue``."""
    from ..authentication import token_digest
    from ..models import ApiToken

    key = secrets.token_hex(20)
    now = timezone.now()
    expires_at = now + datetime.timedelta(hours=settings.YZF_API_TOKEN_TTL_HOURS)
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
    token = ApiToken.objects.create(user=user, digest=token_digest(key), created_at=now, expires_at=expires_at,
                                    password_stamp=user.get_session_auth_hash())
    audit_record(actor=user, action="auth.token.issue", obj=user, object_repr=str(user),
                 after={"created": True, "token": str(token.pk), "expires_at": expires_at.isoformat()})
    return key, expires_at


def auth_tokens_revoke(*, user, reason: str) -> int:
    """Delete every API token of ``user`` (their password changed, whatever the path: ``signals``), audited when
    there were any. The tokens would be refused anyway (their password stamp no longer matches): this removes
    them."""
    from ..models import ApiToken

    with transaction.atomic():
        count, _ = ApiToken.objects.filter(user=user).delete()
        if count:
            audit_record(actor=user, action="auth.token.revoke", obj=user, object_repr=str(user),
                         after={"tokens": count, "reason": reason})
    return count


def lockout_message() -> str:
    from django.conf import settings

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return (f"登录失败次数过多，该账号已在本设备暂时锁定，请 {minutes} 分钟后再试；"
            "忘记密码请联系本单位系统管理员。")
