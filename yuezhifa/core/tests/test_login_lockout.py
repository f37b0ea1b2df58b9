"""Failed logins lock the username out from that address (django-axes): the web login, the admin and the API token
alike, with a Chinese message and status 429; a success clears the count, and another address is not locked."""

import pytest
from rest_framework.test import APIClient

from yuezhifa.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Pass-word-123"


@pytest.fixture
def user():
    account = UserFactory(username="lock_user")
    account.set_password(PASSWORD)
    account.save()
    return account


def _login(client, password, address="10.0.0.1"):
    return client.post("/login/", {"username": "lock_user", "password": password}, REMOTE_ADDR=address)


def test_web_login_locks_after_the_limit_and_a_success_clears_the_count(client, user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert _login(client, "wrong").status_code == 200  # the form again, with its error
    assert _login(client, PASSWORD).status_code == 302  # a success before the limit clears the count
    client.logout()
    for _ in range(2):
        assert _login(client, "wrong").status_code == 200
    locked = _login(client, "wrong")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    # locked: even the right password is refused until the cool-off ends
    again = _login(client, PASSWORD)
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    # the same username from another address is not locked out (a stranger cannot lock the officer out everywhere)
    assert _login(client, PASSWORD, address="10.0.0.2").status_code == 302


def test_api_token_locks_too_with_problem_json(user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    api = APIClient(REMOTE_ADDR="10.0.0.9")
    for _ in range(2):
        response = api.post("/api/v1/auth/token/", {"username": "lock_user", "password": "wrong"})
        assert response.status_code in (400, 401, 403)
    response = api.post("/api/v1/auth/token/", {"username": "lock_user", "password": "wrong"})
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/problem+json")
    assert "登录失败次数过多" in response.json()["detail"]
    response = api.post("/api/v1/auth/token/", {"username": "lock_user", "password": PASSWORD})
    assert response.status_code == 429 and "token" not in response.json()


def test_behind_a_proxy_each_client_counts_apart_and_a_forged_header_does_not_help(client, user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.YZF_TRUSTED_PROXIES = 1

    def attempt(forwarded, password="wrong"):
        return client.post("/login/", {"username": "lock_user", "password": password}, REMOTE_ADDR="127.0.0.1",
                           HTTP_X_FORWARDED_FOR=forwarded)

    assert attempt("198.51.100.7").status_code == 200
    assert attempt("203.0.113.5, 198.51.100.7").status_code == 429  # a forged left part: still 198.51.100.7
    assert attempt("198.51.100.8", PASSWORD).status_code == 302  # another client behind the same proxy
    client.logout()
    settings.YZF_TRUSTED_PROXIES = 0  # without a trusted proxy the header is ignored altogether
    assert attempt("192.0.2.1").status_code == 200
    assert attempt("192.0.2.2").status_code == 429
