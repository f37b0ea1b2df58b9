"""The signed-in user's own account: changing the password (forced after an administrator set it) and the list of
signed-in sessions with sign-out of the others (docs/decisions/0045)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from yuezhifa.core.errors import DomainError

from . import selectors, services
from .passwords import policy_text


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form in plain Chinese; a policy violation is named on the new password itself."""

    error_messages = {"password_mismatch": "两次输入的新密码不一致。", "password_incorrect": "原密码不正确，请重新输入。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = policy_text()
        self.fields["new_password2"].label = "再次输入新密码"
        self.fields["new_password2"].help_text = ""
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}。"

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class PasswordChangeView(LoginRequiredMixin, View):
    template_name = "account/password_change.html"

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {
            "title": "修改密码", "form": form, "forced": request.user.must_change_password,
            "next": self._next(request)}, status=status)

    @staticmethod
    def _next(request) -> str:
        target = request.POST.get("next") or request.GET.get("next") or ""
        return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) else ""

    def get(self, request):
        return self._render(request, PasswordChangeForm(request.user))

    def post(self, request):
        form = PasswordChangeForm(request.user, request.POST)
        if form.is_valid():
            try:
                services.password_change(user=request.user, old_password=form.cleaned_data["old_password"],
                                         new_password=form.cleaned_data["new_password1"],
                                         current_session_key=request.session.session_key)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                update_session_auth_hash(request, request.user)  # this browser stays signed in
                messages.success(request, "密码已修改。您的 API 令牌已全部失效，其他设备上的登录已退出。")
                return redirect(self._next(request) or "home")
        return self._render(request, form, status=422)


class SessionListView(LoginRequiredMixin, View):
    template_name = "account/sessions.html"

    def get(self, request):
        rows = selectors.user_session_list(user=request.user, current_session_key=request.session.session_key)
        return render(request, self.template_name, {"title": "登录设备", "sessions": rows,
                                                    "others": sum(1 for r in rows if not r.current)})

    def post(self, request):
        ref = request.POST.get("session", "")
        keys = None
        if ref:  # one session, named by its reference on the page (the key itself is never shown)
            rows = selectors.user_session_list(user=request.user, current_session_key=request.session.session_key)
            keys = [r.session_key for r in rows if r.ref == ref and not r.current]
        ended = services.sessions_end(user=request.user, current_session_key=request.session.session_key or "",
                                      session_keys=keys)
        if ended:
            messages.success(request, f"已退出其他 {ended} 个登录，相应设备需重新登录。")
        else:
            messages.info(request, "没有其他登录需要退出。")
        return redirect("account:sessions")
