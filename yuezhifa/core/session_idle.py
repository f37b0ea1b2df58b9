"""Signed-in sessions end after ``YZF_SESSION_IDLE_MINUTES`` without a request (default two hours; docs/decisions/
0021): an officer who walks away from a shared office computer is signed out. Everyone who signs in is staff of an
enforcement or supervision body (the public site needs no account), so the rule holds for every signed-in session.

The time of the last request is kept in the session and rewritten at most once a minute, so a page costs no extra
write; it is set at sign-in, so the first request after it costs none either. The same once-a-minute write
refreshes the session's row in the user's session list (``org.UserSession``, docs/decisions/0045). API calls with a token carry no
session and are bounded by the token's own lifetime instead."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

LAST_SEEN = "yzf_last_seen"


def _now() -> int:
    return int(timezone.now().timestamp())


def _limit() -> int:
    return max(1, int(settings.YZF_SESSION_IDLE_MINUTES)) * 60


@receiver(user_logged_in, dispatch_uid="core.session_idle.signed_in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = _now()


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now, limit = _now(), _limit()
            last = request.session.get(LAST_SEEN)
            if isinstance(last, int) and now - last > limit:
                logout(request)
                messages.info(request, f"您已超过 {limit // 60} 分钟未操作，系统已自动退出登录，请重新登录。")
            elif not isinstance(last, int) or now - last >= min(60, limit // 2):
                request.session[LAST_SEEN] = now
                from yuezhifa.org.services.auth import session_touch

                session_touch(request=request)  # the last-seen time in the user's session list
        return self.get_response(request)
