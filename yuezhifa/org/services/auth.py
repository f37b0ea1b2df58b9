"""Authentication acts that write: issuing an API token."""

from django.contrib.auth import authenticate
from django.db import transaction
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from yuezhifa.audit.services import audit_record


@transaction.atomic
def auth_token_issue(*, request, username: str, password: str) -> Token:
    """Return the user's API token, creating it on first use. Failed attempts are refused without saying which part
    was wrong."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise AuthenticationFailed("用户名或密码错误。")
    token, created = Token.objects.get_or_create(user=user)
    audit_record(actor=user, action="auth.token.issue", obj=user, object_repr=str(user), after={"created": created})
    return token
