"""A signed-in user whose password an administrator set (a new account, a reset) changes it before anything else
(docs/decisions/0045): every page redirects to the change page, every API call answers 403 problem+json naming the
reason. API calls with a token are refused the same way by ``authentication.ApiTokenAuthentication``.

A session signed in through the unified identity platform is not held (docs/decisions/0053): the person proved who they
are without the local password, which stays marked and must still be changed before it is used."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and getattr(user, "must_change_password", False)
                and not _signed_in_through_identity_platform(request)):
            change = reverse("account:password_change")
            if request.path not in (change, reverse("logout"), reverse("admin:logout")):
                if request.path.startswith("/api/"):
                    from yuezhifa.core.errors import _api_problem

                    from .services.auth import PASSWORD_CHANGE_REQUIRED

                    return _api_problem(request, 403, PASSWORD_CHANGE_REQUIRED, code="password_change_required")
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return HttpResponseRedirect(f"{change}?{query}" if query else change)
        return self.get_response(request)


def _signed_in_through_identity_platform(request) -> bool:
    from .oidc import AUTH_METHOD, OIDC

    session = getattr(request, "session", None)
    return session is not None and session.get(AUTH_METHOD) == OIDC
