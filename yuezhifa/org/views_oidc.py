"""The two pages of the sign-in through the unified identity platform (docs/decisions/0053): the start, which sends
the browser to the platform, and the callback it comes back to. Both answer 404 while the platform is not
configured."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import oidc


def _refused(request, code: str, status: int = 403):
    return render(request, "org/oidc_refused.html", {"title": _("统一身份认证登录未成功"),
                                                     "message": oidc.MESSAGES[code], "reason": code}, status=status)


class AuthenticateView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc.oidc_setting)

    def __init__(self, *args, **kwargs):
        View.__init__(self, *args, **kwargs)  # the endpoints are read in get(), where a failure can be answered

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except oidc.ProviderUnavailable:
            return _refused(request, "unavailable", status=503)
        if not self.OIDC_OP_AUTH_ENDPOINT:
            return _refused(request, "unavailable", status=503)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc.oidc_setting)

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        return super().get(request)

    def login_failure(self):
        code = getattr(self.request, oidc.REFUSAL, None)
        if code is None:
            code = "cancelled" if self.request.GET.get("error") else "provider_error"
        return _refused(self.request, code)

    def login_success(self):
        response = super().login_success()
        self.request.session[oidc.AUTH_METHOD] = oidc.OIDC
        oidc.login_audit(request=self.request, user=self.user)
        return response
