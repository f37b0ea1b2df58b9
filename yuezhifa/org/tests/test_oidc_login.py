"""Signing in through the province's unified identity platform (办法 第十三条第（三）项、第二十条：行政执法人员通过省统一
身份认证平台登录办案平台; docs/decisions/0053), against a real OpenID Connect provider started on 127.0.0.1
(django-oidc-provider in its own process, ``tests/oidc_provider``): the account is the one whose officer record has
the released ID number; a login never creates an account nor grants anything; a refusal is explained and audited."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.session_idle import LAST_SEEN

from ..models import Role, RoleAssignment, Scope, User, UserSession
from ..oidc import AUTH_METHOD
from .factories import OfficerFactory, UserFactory
from .oidc import (
    LI_ID,
    WANG_ID,
    ZHANG_ID,
    provider_clock,
    provider_settings,
    running_provider,
    sign_in_at_provider,
)

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/oidc/callback/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider([CALLBACK], tmp_path_factory.mktemp("op")) as running:
        yield running


@pytest.fixture
def op(provider, settings):
    provider_settings(settings, provider)
    with provider_clock(provider):
        yield provider


def account(id_number: str, username: str, **extra) -> User:
    officer = OfficerFactory(id_number=id_number)
    return UserFactory(username=username, officer=officer, body=officer.body,
                       roles=[(Role.OFFICER, Scope.OWN)], **extra)


def sign_in(client: Client, username: str, *, consent: bool = True, start_url: str = "/oidc/authenticate/"):
    start = client.get(start_url)
    assert start.status_code == 302, start.content.decode()[:500]
    back = urlsplit(sign_in_at_provider(start["Location"], username, consent=consent))
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def test_sign_in_through_the_identity_platform_by_id_number_article_20(op):
    """办法 第二十条: the authorization-code flow (provider sign-in, consent, callback) signs in the account whose
    officer record has the released ID number; the provider's lower-case x matches the stored upper-case X. The
    session is an ordinary one: in the session list, under the idle timeout; the sign-in is audited."""
    user = account(ZHANG_ID, "zhang_local", must_change_password=True)
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 Chrome/131.0")
    response = sign_in(client, "zhang")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[AUTH_METHOD] == "oidc" and isinstance(client.session[LAST_SEEN], int)
    assert UserSession.objects.filter(user=user, session_key=client.session.session_key).exists()
    # the forced change of an administrator's password does not hold a session the local password did not open
    home = client.get("/")
    assert home.status_code == 200
    entry = AuditEntry.objects.get(action="auth.oidc.login")
    assert entry.object_id == str(user.pk) and entry.after["id_number"] == "440106********001X"
    assert ZHANG_ID not in str(entry.after)


def test_login_page_offers_the_identity_platform_only_when_configured(op, settings):
    page = Client().get("/login/").content.decode()
    assert "统一身份认证登录" in page and 'href="/oidc/authenticate/"' in page
    settings.YZF_OIDC_CLIENT_ID = ""
    assert "统一身份认证登录" not in Client().get("/login/").content.decode()
    assert Client().get("/oidc/authenticate/").status_code == 404
    assert Client().get("/oidc/callback/?code=x&state=y").status_code == 404


def test_no_account_with_the_id_number_is_refused_and_none_created_article_20(op):
    """办法 第二十条: a person the platform knows but who has no officer account here is refused, with the reason in
    Chinese; no account is created by the login, and the refusal is audited (masked ID number only)."""
    account(ZHANG_ID, "zhang_local")
    users = User.objects.count()
    client = Client()
    response = sign_in(client, "wang")
    assert response.status_code == 403
    page = response.content.decode()
    assert "没有与您的居民身份证号码对应的执法人员账号" in page and "不会自动开设" in page
    assert User.objects.count() == users and "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="auth.oidc.refuse")
    assert entry.after["reason"] == "no_account" and entry.after["id_number"] == "440106********000X"
    assert WANG_ID not in str(entry.after) and WANG_ID not in entry.object_repr


def test_disabled_account_cannot_sign_in_through_the_identity_platform_article_20(op):
    """A disabled account is refused through the identity platform as at the password form (办法 第二十条)."""
    user = account(LI_ID, "li_local", is_active=False)
    client = Client()
    response = sign_in(client, "li")
    assert response.status_code == 403 and "账号已停用" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="auth.oidc.refuse")
    assert entry.after["reason"] == "inactive" and entry.object_id == str(user.pk)


def test_account_locked_for_failed_passwords_is_locked_for_the_identity_platform_too(op, settings):
    """The lockout after failed password attempts (django-axes, YZF_LOGIN_FAILURE_LIMIT) holds for the account through
    the identity platform as well, from the same address: the platform does not open a way round it."""
    account(ZHANG_ID, "zhang_local")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "zhang_local", "password": "wrong-password"})
    response = sign_in(client, "zhang")
    assert response.status_code == 403 and "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.get(action="auth.oidc.refuse").after["reason"] == "locked"


def test_signing_in_grants_no_role_nor_power_article_20(op):
    """The login only says who the person is (办法 第十三条第（三）项 实名管理): the account's roles, staff and
    superuser flags are exactly what they were."""
    user = account(ZHANG_ID, "zhang_local")
    before = sorted(RoleAssignment.objects.filter(user=user).values_list("role", "scope"))
    response = sign_in(Client(), "zhang", start_url="/oidc/authenticate/?next=/account/sessions/")
    assert response.status_code == 302 and response["Location"] == "/account/sessions/"  # back where they were going
    user.refresh_from_db()
    assert sorted(RoleAssignment.objects.filter(user=user).values_list("role", "scope")) == before
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert RoleAssignment.objects.count() == len(before)


def test_declining_consent_signs_nobody_in(op):
    account(ZHANG_ID, "zhang_local")
    client = Client()
    response = sign_in(client, "zhang", consent=False)
    assert response.status_code == 403 and "取消了登录或授权" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_also_signs_out_of_the_identity_platform(op):
    """RP-initiated logout: the local session ends and the browser goes on to the provider's end_session_endpoint
    with the ID token as the hint and the login page to come back to."""
    account(ZHANG_ID, "zhang_local")
    client = Client()
    sign_in(client, "zhang")
    response = client.post("/logout/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == op.issuer + "/end-session"
    assert "id_token_hint=" in target.query and "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Flogin%2F" in target.query
    assert "_auth_user_id" not in client.session


def test_an_incomplete_identity_platform_configuration_is_refused_at_start(tmp_path):
    """A client id without the platform's address (or without its secret) stops the start, naming what is missing."""
    from yuezhifa.core.tests.test_deploy import _clean_env, _run

    result = _run(_clean_env(tmp_path, YZF_OIDC_CLIENT_ID="yzf"), "check")
    assert result.returncode != 0 and "YZF_OIDC_ISSUER" in result.stderr
    result = _run(_clean_env(tmp_path, YZF_OIDC_CLIENT_ID="yzf", YZF_OIDC_ISSUER="https://idp.example.gov.cn/op"), "check")
    assert result.returncode != 0 and "YZF_OIDC_CLIENT_SECRET" in result.stderr
    # configured: the sign-out form may go on to the platform (Content-Security-Policy form-action)
    result = _run(_clean_env(tmp_path, YZF_OIDC_CLIENT_ID="yzf", YZF_OIDC_CLIENT_SECRET="s",
                             YZF_OIDC_ISSUER="https://idp.example.gov.cn/op"), "shell", "-c",
                  "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])")
    assert result.returncode == 0 and "https://idp.example.gov.cn'" in result.stdout, result.stderr
