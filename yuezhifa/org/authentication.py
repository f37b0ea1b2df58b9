"""API token authentication (docs/decisions/0021): the key a client sends is hashed and looked up; a token that is
unknown, expired, issued under a password since changed, or of a disabled account is refused (401); that of an
account that must change its password first answers 403 (docs/decisions/0045)."""

from __future__ import annotations

import hashlib
import hmac

from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

REFUSED = "令牌无效或已过期，请重新获取令牌（POST /api/v1/auth/token/）。"


def token_digest(key: str) -> str:
    """The stored form of a key: its SHA-256 (the key is 160 random bits, so no salt or slow hash is needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, as DRF's own, against ``ApiToken`` digests."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        from .models import ApiToken

        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None or token.expires_at <= timezone.now():
            raise AuthenticationFailed(REFUSED)
        user = token.user
        if not hmac.compare_digest(token.password_stamp, user.get_session_auth_hash()):
            raise AuthenticationFailed(REFUSED)  # the password changed since the token was issued
        if not user.is_active:
            raise AuthenticationFailed("该账号已停用。")
        if user.must_change_password:
            raise PasswordChangeRequired()
        return user, token


class PasswordChangeRequired(PermissionDenied):
    """403 for an account whose password an administrator set (docs/decisions/0045): nothing but changing it."""

    default_code = "password_change_required"

    def __init__(self):
        from .services.auth import PASSWORD_CHANGE_REQUIRED

        super().__init__(PASSWORD_CHANGE_REQUIRED)
