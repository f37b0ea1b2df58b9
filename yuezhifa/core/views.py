"""Login and the home page. The home page shows each role what it works with, read through the org selectors."""

import datetime

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with plain Chinese labels and messages that do not say which part was wrong."""

    username = forms.CharField(label=_("用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "autocapitalize": "none", "spellcheck": "false"}))
    password = forms.CharField(label=_("密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("用户名或密码错误。请注意区分大小写。"),
        "inactive": _("该账号已停用，请联系本单位系统管理员。"),
    }


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": _("登录")}

    def get_context_data(self, **kwargs):
        from yuezhifa.org.oidc import enabled

        return super().get_context_data(**kwargs) | {"oidc_enabled": enabled()}


class LogoutView(auth_views.LogoutView):
    """Sign out; a session signed in through the unified identity platform is then sent to the platform's own
    sign-out when it publishes one (RP-initiated logout, docs/decisions/0053)."""

    def post(self, request, *args, **kwargs):
        from django.http import HttpResponseRedirect

        from yuezhifa.org.oidc import end_session_url

        provider_logout = end_session_url(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_logout) if provider_logout else response


def login_locked_out(request, credentials=None, *args, **kwargs):
    """The answer to a login refused for too many failures (django-axes, ``AXES_LOCKOUT_CALLABLE``): the login page
    with the reason, or problem+json under /api/; status 429 either way."""
    from yuezhifa.core.errors import _api_problem
    from yuezhifa.org.oidc import enabled as oidc_enabled
    from yuezhifa.org.services.auth import lockout_message

    message = lockout_message()
    if request.path.startswith("/api/"):
        return _api_problem(request, 429, message)
    return render(request, "core/login.html", {"form": LoginForm(request), "title": _("登录"),
                                               "locked_message": message, "oidc_enabled": oidc_enabled()},
                  status=429)


@login_required
def home(request):
    from yuezhifa.org import selectors
    from yuezhifa.org.conf import warning_days
    from yuezhifa.org.models import CertificateStatus, OfficerStatus, Role

    user = request.user
    assignments = sorted(user.role_assignments.all(), key=lambda a: list(Role.values).index(a.role))
    roles = {a.role for a in assignments}
    today = timezone.localdate()
    days = warning_days()
    context = {"title": _("首页"), "assignments": assignments, "today": today, "warning_days": days}

    from .calendar import next_year_missing, next_year_missing_message
    from .services import calendar_can_change

    missing = next_year_missing(today) if calendar_can_change(user) else None
    if missing is not None:
        context["calendar_missing"] = {"year": missing, "message": next_year_missing_message(missing)}

    if user.is_superuser or Role.ADMIN in roles:
        # What the administrator maintains: the rows within their 'change' scope.
        certificates = selectors.certificate_list(user=user, action="change", status=CertificateStatus.VALID)
        expiring = certificates.filter(valid_until__gte=today,
                                       valid_until__lte=today + datetime.timedelta(days=days))
        context["admin"] = {
            "officers": selectors.officer_list(user=user, action="change", status=OfficerStatus.ACTIVE).count(),
            "uncertified": selectors.officer_list(user=user, action="change", status=OfficerStatus.ACTIVE,
                                                  has_certificate=False).count(),
            "certificates": certificates.count(),
            "expiring_count": expiring.count(),
            "expiring": list(expiring.order_by("valid_until", "number")[:10]),
            "expired": certificates.filter(valid_until__lt=today).count(),
            "days": days,
        }

    if roles & {Role.HEAD, Role.SUPERVISOR}:
        context["overview"] = {
            "bodies": selectors.body_list(user=user).count(),
            "officers": selectors.officer_list(user=user, status=OfficerStatus.ACTIVE).count(),
            "certificates": selectors.certificate_list(user=user, status=CertificateStatus.VALID).count(),
        }

    if roles & {Role.OFFICER, Role.LEGAL_REVIEWER}:
        certificate = None
        if user.officer_id:
            certificate = (selectors.certificate_list(user=user).filter(officer_id=user.officer_id)
                           .exclude(status=CertificateStatus.REVOKED).order_by("-valid_until").first())
        context["mine"] = {
            "officer": user.officer,
            "certificate": certificate,
            "days_left": (certificate.valid_until - today).days if certificate else None,
            "is_reviewer": Role.LEGAL_REVIEWER in roles,
        }

    return render(request, "core/home.html", context)
