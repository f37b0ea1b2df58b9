"""Authentication acts that write: issuing an API token."""

from django.contrib.auth import authenticate
from django.db import transaction
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import TooManyAttempts


def auth_token_issue(*, request, username: str, password: str) -> Token:
    """Return the user's API token, creating it on first use. Failed attempts are refused without saying which part
    was wrong, and count towards the lockout of that username from that address (django-axes, settings
    ``AXES_*``): the check runs outside the token's transaction so that a refusal does not roll the count back."""
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise TooManyAttempts(lockout_message())
    if user is None or not user.is_active:
        raise AuthenticationFailed("用户名或密码错误。")
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        audit_record(actor=user, action="auth.token.issue", obj=user, object_repr=str(user),
                     after={"created": created})
    return token


def lockout_message() -> str:
    from django.conf import settings

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return (f"登录失败次数过多，该账号已在本设备暂时锁定，请 {minutes} 分钟后再试；"
            "忘记密码请联系本单位系统管理员。")
