"""A signed-in session ends after YZF_SESSION_IDLE_MINUTES without a request (default two hours; decision 0021):
each request keeps it alive; after the idle time the next request finds the user signed out, told why."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from yuezhifa.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
SIGNED_IN = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=SH)


@pytest.fixture
def signed_in():
    client = Client()
    with time_machine.travel(SIGNED_IN, tick=False) as clock:
        client.force_login(UserFactory(username="officer_idle"))
        yield client, clock


def test_the_default_idle_timeout_is_two_hours_and_each_request_renews_it(signed_in):
    client, clock = signed_in
    clock.move_to(SIGNED_IN + datetime.timedelta(hours=1, minutes=59))
    assert client.get("/api/v1/domains/").status_code == 200
    clock.move_to(SIGNED_IN + datetime.timedelta(hours=3, minutes=58))  # 1 h 59 min after the last request
    assert client.get("/api/v1/domains/").status_code == 200
    clock.move_to(SIGNED_IN + datetime.timedelta(hours=5, minutes=59))  # 2 h 1 min after it
    assert client.get("/api/v1/domains/").status_code in (401, 403)
    assert "_auth_user_id" not in client.session


def test_after_the_idle_time_a_page_sends_the_user_to_sign_in_with_the_reason(signed_in):
    client, clock = signed_in
    assert client.get("/").status_code == 200
    clock.move_to(SIGNED_IN + datetime.timedelta(hours=2, minutes=1))
    response = client.get("/", follow=True)
    assert response.redirect_chain and "/login/" in response.redirect_chain[-1][0]
    assert "未操作，系统已自动退出登录" in response.content.decode()


def test_the_idle_time_is_configurable(signed_in, settings):
    settings.YZF_SESSION_IDLE_MINUTES = 30
    client, clock = signed_in
    clock.move_to(SIGNED_IN + datetime.timedelta(minutes=29))
    assert client.get("/api/v1/domains/").status_code == 200
    clock.move_to(SIGNED_IN + datetime.timedelta(minutes=60))
    assert client.get("/api/v1/domains/").status_code in (401, 403)


def test_a_page_within_the_minute_writes_no_session(signed_in):
    """The last-seen time is rewritten at most once a minute, so pages cost no extra write."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, clock = signed_in
    clock.move_to(SIGNED_IN + datetime.timedelta(seconds=30))
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/domains/")
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
