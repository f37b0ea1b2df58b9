"""API tokens (docs/decisions/0021): shown once and stored as a SHA-256 digest, expire after
YZF_API_TOKEN_TTL_HOURS, and die with any change of the password (the user's own, an administrator's reset in
/admin/, a service, or a direct write of the password column)."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yuezhifa.audit.models import AuditEntry

from ..models import ApiToken, User
from .factories import UserFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
ISSUED = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=SH)
PASSWORD = "Pass-word-123"


def issue(username="api_user", password=PASSWORD) -> dict:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password})
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    return response.json()


def status_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/domains/").status_code


@pytest.fixture
def user():
    return UserFactory(username="api_user")


def test_the_key_is_shown_once_and_only_its_digest_is_stored(user):
    with time_machine.travel(ISSUED, tick=False):
        body = issue()
        key = body["token"]
        stored = ApiToken.objects.get(user=user)
        assert stored.digest == hashlib.sha256(key.encode()).hexdigest() and key not in str(stored.__dict__)
        assert datetime.datetime.fromisoformat(body["expires_at"]) == ISSUED + datetime.timedelta(hours=12)
        assert status_with(key) == 200
        # each request for a token issues another one (one per device); the first keeps working
        second = issue()["token"]
        assert second != key and status_with(key) == 200 and status_with(second) == 200
        assert not Token.objects.exists()  # nothing in DRF's clear-text table


def test_a_token_expires_after_the_configured_hours(user, settings):
    settings.YZF_API_TOKEN_TTL_HOURS = 2
    with time_machine.travel(ISSUED, tick=False) as clock:
        key = issue()["token"]
        clock.move_to(ISSUED + datetime.timedelta(hours=2, seconds=-1))
        assert status_with(key) == 200
        clock.move_to(ISSUED + datetime.timedelta(hours=2))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = client.get("/api/v1/domains/")
        assert response.status_code == 401 and "已过期" in response.json()["detail"]
        # a new token may be had with the password; the expired one is dropped then
        assert status_with(issue()["token"]) == 200
        assert ApiToken.objects.filter(user=user).count() == 1


def test_trusted_code_may_issue_a_token_without_the_password(user):
    from ..services.auth import api_token_create

    with time_machine.travel(ISSUED, tick=False):
        key, expires_at = api_token_create(user=user)
        assert expires_at == ISSUED + datetime.timedelta(hours=12) and status_with(key) == 200


def test_a_clear_text_drf_token_no_longer_authenticates(user):
    old = Token.objects.create(user=user)
    assert status_with(old.key) == 401


def test_changing_the_password_through_a_service_revokes_the_tokens(user):
    with time_machine.travel(ISSUED, tick=False):
        key = issue()["token"]
        user.set_password("New-pass-word-456")
        user.save()
        assert status_with(key) == 401
        assert not ApiToken.objects.filter(user=user).exists()
        revoke = AuditEntry.objects.get(action="auth.token.revoke")
        assert revoke.object_id == str(user.pk) and revoke.after == {"tokens": 1, "reason": "password_changed"}
        assert status_with(issue(password="New-pass-word-456")["token"]) == 200


def test_an_administrators_reset_in_admin_revokes_the_tokens(user):
    with time_machine.travel(ISSUED, tick=False):
        key = issue()["token"]
        admin = Client()
        admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
        response = admin.post(f"/admin/org/user/{user.pk}/password/", {
            "usable_password": "true", "password1": "Reset-pass-789", "password2": "Reset-pass-789"})
        assert response.status_code == 302, response.content.decode()[:2000]
        user.refresh_from_db()
        assert user.check_password("Reset-pass-789")
        assert status_with(key) == 401 and not ApiToken.objects.filter(user=user).exists()


def test_a_password_written_without_save_signals_still_kills_the_token(user):
    """The token carries a stamp of the password it was issued under: a change that bypasses ``save`` (a bulk
    update, a SQL console) leaves the row, but the token is refused all the same."""
    from django.contrib.auth.hashers import make_password

    with time_machine.travel(ISSUED, tick=False):
        key = issue()["token"]
        User.objects.filter(pk=user.pk).update(password=make_password("Other-pass-000"))
        assert ApiToken.objects.filter(user=user).exists() and status_with(key) == 401


def test_a_disabled_account_cannot_use_its_token(user):
    with time_machine.travel(ISSUED, tick=False):
        key = issue()["token"]
        User.objects.filter(pk=user.pk).update(is_active=False)
        assert status_with(key) == 401


def test_the_admin_lists_tokens_read_only_and_no_longer_offers_clear_text_ones(user):
    issue()
    admin = Client()
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = admin.get("/admin/org/apitoken/")
    assert page.status_code == 200 and str(user) in page.content.decode()
    assert admin.get("/admin/org/apitoken/add/").status_code == 403
    assert admin.get("/admin/authtoken/tokenproxy/").status_code == 404
