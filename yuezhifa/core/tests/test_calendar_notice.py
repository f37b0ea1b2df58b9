"""From 1 November, the administrators who enter the calendar are warned that next year's holiday arrangement is
missing (LEGAL.md §1: it is published each November or December): a banner on the home page and a notice when they
sign in. Others are not; nor is anyone before November or once the year is entered."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from yuezhifa.core.models import CalendarSource, CalendarYear
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
PASSWORD = "Pass-word-123"
BANNER = "2027年的节假日安排尚未录入工作日历"


def _user(username, roles):
    user = UserFactory(username=username, roles=roles)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def admin():
    return _user("cal_admin", [(Role.ADMIN, Scope.PROVINCE)])


def _home(client, user, moment):
    with time_machine.travel(moment, tick=False):
        client.force_login(user)
        return client.get("/").content.decode()


def test_from_1_november_the_home_page_warns_a_calendar_administrator(client, admin):
    assert BANNER not in _home(client, admin, datetime.datetime(2026, 10, 31, 23, 0, tzinfo=SH))
    page = _home(client, admin, datetime.datetime(2026, 11, 1, 8, 0, tzinfo=SH))
    assert BANNER in page and "暂定" in page and 'data-block="calendar-missing"' in page


def test_no_warning_for_others_nor_once_the_year_is_entered(client, admin):
    officer = _user("plain_officer", [(Role.OFFICER, Scope.OWN)])
    december = datetime.datetime(2026, 12, 21, 10, 0, tzinfo=SH)
    assert BANNER not in _home(client, officer, december)
    CalendarYear.objects.create(year=2027, source=CalendarSource.ADMIN, note="测试")
    assert BANNER not in _home(client, admin, december)


def test_signing_in_from_1_november_gives_a_calendar_administrator_a_notice(client, admin):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=SH), tick=False):
        response = client.post("/login/", {"username": "cal_admin", "password": PASSWORD}, follow=True)
    notices = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(BANNER) for m in notices)


def test_the_home_page_shows_the_warning_once_after_signing_in(client, admin):
    """Signing in lands on the home page, whose banner already says it: the sign-in notice is not repeated there, and
    it is not left over for the next page either."""
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=SH), tick=False):
        home = client.post("/login/", {"username": "cal_admin", "password": PASSWORD}, follow=True)
        assert home.request["PATH_INFO"] == "/"
        assert home.content.decode().count(BANNER) == 1
        later = client.get("/laws/")
        assert later.status_code == 200 and BANNER not in later.content.decode()
