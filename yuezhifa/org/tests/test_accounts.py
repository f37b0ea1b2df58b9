"""The user's own account (docs/decisions/0045): changing the password against the policy (settings
AUTH_PASSWORD_VALIDATORS, YZF_PASSWORD_MIN_LENGTH default 12), the change forced after an administrator set the
password, and the session list with sign-out of the other sessions (办法 第五十七条至第五十九条 on the platform's
security; decision 0021 for the tokens that die with the password)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError

from .. import services
from ..models import ApiToken, Role, Scope, User, UserSession
from .factories import BodyFactory, UserFactory, division

pytestmark = pytest.mark.django_db

PASSWORD = "Pass-word-123"  # the factories' password
NEW = "Lingnan-Qiao-2026"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"


@pytest.fixture
def officer():
    return UserFactory(username="chen_officer", real_name="陈志明")


def signed_in(user, agent=CHROME, address="10.0.0.1") -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def change(client, old=PASSWORD, new=NEW, again=None, **extra):
    return client.post("/account/password/", {"old_password": old, "new_password1": new,
                                              "new_password2": again or new, **extra})


def test_a_wrong_old_password_is_refused_naming_the_field(officer):
    client = signed_in(officer)
    response = change(client, old="Not-my-password-1")
    assert response.status_code == 422
    assert response.context["form"].errors == {"old_password": ["原密码不正确，请重新输入。"]}
    assert "原密码不正确" in response.content.decode()
    with pytest.raises(DomainError) as err:
        services.password_change(user=officer, old_password="Not-my-password-1", new_password=NEW)
    assert err.value.field == "old_password"
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


@pytest.mark.parametrize(("new", "message"), [
    ("Short-pw-1", "密码太短：至少需要 12 个字符（现为 10 个）。"),  # YZF_PASSWORD_MIN_LENGTH, default 12
    ("202612011000", "密码不能全部是数字。"),
    ("chen_officer_1", "密码与用户名过于相似，请换一个。"),
    ("password1234", "该密码是常见密码，容易被猜中，请换一个。"),
])
def test_each_rule_of_the_password_policy_is_named(officer, new, message):
    """AUTH_PASSWORD_VALIDATORS (decision 0045): length, all digits, like the username, a common password."""
    response = change(signed_in(officer), new=new)
    assert response.status_code == 422
    assert message in response.context["form"].errors["new_password1"]
    with pytest.raises(DomainError) as err:
        services.password_change(user=officer, old_password=PASSWORD, new_password=new)
    assert err.value.field == "new_password1" and message.rstrip("。") in err.value.message


def test_the_two_new_passwords_must_match(officer):
    response = change(signed_in(officer), again=NEW + "x")
    assert response.status_code == 422 and "两次输入的新密码不一致。" in response.context["form"].errors["new_password2"]


def test_a_change_keeps_this_browser_revokes_the_tokens_and_is_audited(officer):
    from .test_api_tokens import issue, status_with

    key = issue(username=officer.username)["token"]
    client = signed_in(officer)
    response = change(client)
    assert response.status_code == 302 and response["Location"] == "/"
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert status_with(key) == 401 and not ApiToken.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="auth.password.change")
    assert entry.object_id == str(officer.pk) and entry.after["forced"] is False
    assert AuditEntry.objects.filter(action="auth.token.revoke").exists()


@pytest.fixture
def admin_and_body():
    gz = division("4401", "广州市", division("44", "广东省"))
    body = BodyFactory(name="广州市市场监督管理局", division=gz)
    return UserFactory(username="admin_gz", body=body, roles=[(Role.ADMIN, Scope.SUBTREE)]), body


def test_an_account_an_administrator_creates_must_change_its_password_first(admin_and_body):
    """Decision 0045: pages lead to the change page, the API answers 403 problem+json naming the reason, until the
    user has chosen their own password; then everything opens."""
    admin, body = admin_and_body
    user = services.user_create(actor=admin, username="zhang_new", password=PASSWORD, real_name="张新", body=body)
    assert user.must_change_password
    client = signed_in(user)
    page = client.get("/org/")
    assert page.status_code == 302 and page["Location"] == "/account/password/?next=%2Forg%2F"
    assert "请先设置只有您本人知道的新密码" in client.get("/account/password/").content.decode()
    api = client.get("/api/v1/domains/")
    assert api.status_code == 403 and api["Content-Type"] == "application/problem+json"
    assert api.json()["code"] == "password_change_required" and "修改密码" in api.json()["detail"]
    token = APIClient().post("/api/v1/auth/token/", {"username": "zhang_new", "password": PASSWORD})
    assert token.status_code == 403 and token.json()["code"] == "password_change_required"

    done = change(client, next="/org/")
    assert done.status_code == 302 and done["Location"] == "/org/"
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/api/v1/domains/").status_code == 200
    assert AuditEntry.objects.get(action="auth.password.change").after["forced"] is True


def test_accounts_the_platform_creates_are_not_forced_so_the_demo_stays_usable(admin_and_body):
    _admin, body = admin_and_body
    user = services.user_create(actor=SYSTEM, username="demo_like", password=PASSWORD, real_name="演示", body=body)
    assert not user.must_change_password


def test_an_initial_password_set_by_an_administrator_meets_the_policy(admin_and_body):
    admin, body = admin_and_body
    with pytest.raises(DomainError) as err:
        services.user_create(actor=admin, username="weak", password="12345678901234", real_name="弱", body=body)
    assert err.value.field == "password" and "全部是数字" in err.value.message
    assert not User.objects.filter(username="weak").exists()


def test_an_administrators_reset_forces_a_change_and_a_token_answers_403(officer):
    from .test_api_tokens import status_with

    root = Client()
    root.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = root.post(f"/admin/org/user/{officer.pk}/password/", {
        "usable_password": "true", "password1": "Reset-pass-7890", "password2": "Reset-pass-7890"})
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert officer.must_change_password
    assert AuditEntry.objects.get(action="auth.password.reset").after == {"must_change_password": True}
    from ..services.auth import api_token_create

    key, _ = api_token_create(user=officer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    refused = client.get("/api/v1/domains/")
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"
    assert status_with(key) == 403


def test_the_session_list_shows_both_sessions_and_signs_out_the_other(officer):
    desk, phone = signed_in(officer, CHROME, "10.0.0.1"), signed_in(officer, PHONE, "10.0.0.2")
    page = desk.get("/account/sessions/")
    assert page.status_code == 200
    rows = page.context["sessions"]
    assert [(r.device, r.ip_address, r.current) for r in rows] == [("Chrome · Windows", "10.0.0.1", True),
                                                                    ("Chrome · Android", "10.0.0.2", False)]
    html = page.content.decode()
    assert "本机（当前）" in html and "退出其他 1 个登录" in html
    assert all(r.session_key not in html for r in rows)  # the keys are secrets: rows are named by a digest

    done = desk.post("/account/sessions/")
    assert done.status_code == 302
    assert phone.get("/org/")["Location"].startswith("/login/")  # the other browser is signed out
    assert desk.get("/org/").status_code == 200
    assert list(UserSession.objects.filter(user=officer).values_list("ip_address", flat=True)) == ["10.0.0.1"]
    assert AuditEntry.objects.get(action="auth.session.end").after == {"sessions": 1, "all_others": True}


def test_signing_out_forgets_the_session(officer):
    client = signed_in(officer)
    assert UserSession.objects.filter(user=officer).count() == 1
    client.post("/logout/")
    assert not UserSession.objects.filter(user=officer).exists()


def test_the_user_menu_links_to_the_account_pages(officer):
    html = signed_in(officer).get("/").content.decode()
    assert 'href="/account/password/"' in html and 'href="/account/sessions/"' in html
