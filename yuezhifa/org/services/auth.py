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
    if user.must_change_password:
        from ..authentication import PasswordChangeRequired

        raise PasswordChangeRequired()
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


# --- Passwords and sessions (docs/decisions/0045) ----------------------------------------------------------------

PASSWORD_CHANGE_REQUIRED = ("您的密码由管理员设置或重设，须先修改密码才能继续使用："  # noqa: S105 - a message
                            "请登录网页，在“修改密码”页（/account/password/）设置本人的新密码。")


def password_policy_check(*, password: str, user, field: str) -> None:
    """The policy (settings ``AUTH_PASSWORD_VALIDATORS``): a ``DomainError`` naming ``field`` and every rule broken."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from yuezhifa.core.errors import DomainError

    try:
        validate_password(password, user)
    except ValidationError as exc:
        messages = [m.rstrip("。") for m in exc.messages]
        raise DomainError("；".join(messages) + "。", field=field,
                          errors=[{"field": field, "message": m} for m in exc.messages]) from None


def password_change(*, user, old_password: str, new_password: str, current_session_key: str | None = None) -> None:
    """The user changes their own password: the old one is checked, the new one must meet the policy and differ
    from the old. The forced change flag is cleared; the user's API tokens are revoked (``signals``); their other
    signed-in sessions end (Django's session hash no longer matches; their rows in the session list go too).
    Audited as ``auth.password.change``."""
    from yuezhifa.core.errors import DomainError

    from ..models import User, UserSession

    if not user.check_password(old_password or ""):
        raise DomainError("原密码不正确，请重新输入。", field="old_password")
    if new_password == old_password:
        raise DomainError("新密码不能与原密码相同。", field="new_password1")
    password_policy_check(password=new_password, user=user, field="new_password1")
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        forced = current.must_change_password
        current.set_password(new_password)
        current.must_change_password = False
        current.save(update_fields=["password", "must_change_password"])
        others = UserSession.objects.filter(user=current).exclude(session_key=current_session_key or "")
        ended = others.count()
        others.delete()
        audit_record(actor=current, action="auth.password.change", obj=current, object_repr=str(current),
                     after={"forced": forced, "other_sessions_ended": ended})
    user.password = current.password
    user.must_change_password = False


def password_reset_mark(*, actor, user) -> None:
    """An administrator set ``user``'s password (the /admin/ password form): the user must change it at the next
    sign-in; their sessions end with the old password. Audited as ``auth.password.reset``. A person resetting their
    own password there chose it themselves: nothing is forced."""
    from ..models import User, UserSession

    own = getattr(actor, "pk", None) == user.pk
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(must_change_password=not own)
        if not own:
            UserSession.objects.filter(user=user).delete()
        audit_record(actor=actor, action="auth.password.reset", obj=user, object_repr=str(user),
                     after={"must_change_password": not own})
    user.must_change_password = not own


def session_record(*, request, user) -> None:
    """A row in the user's session list for the session just signed in."""
    from yuezhifa.core.middleware import client_ip

    from ..models import UserSession

    key = request.session.session_key
    if not key:
        return
    now = timezone.now()
    idle = datetime.timedelta(minutes=max(1, int(settings.YZF_SESSION_IDLE_MINUTES)))
    UserSession.objects.filter(user=user, last_seen__lt=now - idle).delete()  # sessions long ended
    UserSession.objects.update_or_create(session_key=key, defaults={
        "user": user, "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        "ip_address": client_ip(request)[:45], "created_at": now, "last_seen": now})


def session_touch(*, request) -> None:
    """The idle-timeout middleware saw a request (at most once a minute): the session's last request time."""
    from ..models import UserSession

    key = request.session.session_key
    if not key or not getattr(request.user, "is_authenticated", False):
        return
    updated = UserSession.objects.filter(session_key=key, user=request.user).update(last_seen=timezone.now())
    if not updated:  # a session signed in before the list existed
        session_record(request=request, user=request.user)


def session_forget(*, session_key: str | None) -> None:
    from ..models import UserSession

    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end(*, user, current_session_key: str, session_keys: list[str] | None = None) -> int:
    """Sign out the user's other sessions (``session_keys`` of them, or all): each session is deleted from the
    session store, so the browser holding it is signed out at its next request. The current session is never ended
    here (that is 退出). Audited as ``auth.session.end`` with the count."""
    from importlib import import_module

    from ..models import UserSession

    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = UserSession.objects.filter(user=user).exclude(session_key=current_session_key)
    if session_keys is not None:
        rows = rows.filter(session_key__in=session_keys)
    keys = list(rows.values_list("session_key", flat=True))
    with transaction.atomic():
        for key in keys:
            store(session_key=key).delete()
        UserSession.objects.filter(session_key__in=keys).delete()
        if keys:
            audit_record(actor=user, action="auth.session.end", obj=user, object_repr=str(user),
                         after={"sessions": len(keys), "all_others": session_keys is None})
    return len(keys)
