"""Maintaining the calendar in Django admin: only the province's administrators may change it, and every change is
written through the services, so it is audited (办法 第57-59条: tamper-evident records)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.calendar import add_working_days, get_rule
from yuezhifa.core.models import CalendarDay, CalendarYear, DeadlineSetting
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import UserFactory

from .test_calendar import ensure_calendar_seed
from .test_calendar_services import TEST_2027_CSV

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _calendar_seed(db):
    ensure_calendar_seed()


@pytest.fixture
def province_admin(client):
    user = UserFactory(is_staff=True, roles=[(Role.ADMIN, Scope.PROVINCE)])
    client.force_login(user)
    return user


@pytest.fixture
def city_admin(client):
    user = UserFactory(is_staff=True, roles=[(Role.ADMIN, Scope.SUBTREE)])
    client.force_login(user)
    return user


def test_a_non_province_administrator_may_look_but_not_change(client, city_admin):
    assert client.get("/admin/core/calendarday/").status_code == 200
    response = client.post("/admin/core/calendarday/add/", {"date": "2026-11-02", "name": "临时放假"})
    assert response.status_code == 403
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    assert client.post(f"/admin/core/calendarday/{day.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/core/calendaryear/import/").status_code == 403
    assert CalendarDay.objects.filter(date=D(2026, 10, 1)).exists()
    assert not AuditEntry.objects.exists()


def test_adding_a_holiday_in_admin_is_audited_and_applies_at_once(client, province_admin):
    response = client.post("/admin/core/calendarday/add/", {"date": "2026-10-09", "name": "临时放假"})
    assert response.status_code == 302, response.content.decode()
    day = CalendarDay.objects.get(date=D(2026, 10, 9))
    assert day.is_working is False
    entry = AuditEntry.objects.get(action="calendar.day.set")
    assert entry.actor_id == province_admin.pk and entry.object_id == str(day.pk)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 12)


def test_changing_and_deleting_a_day_in_admin_go_through_the_services(client, province_admin):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    response = client.post(f"/admin/core/calendarday/{day.pk}/change/", {"name": "国庆节", "is_working": ""})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).is_working is False
    response = client.post(f"/admin/core/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)) == [
        "calendar.day.set", "calendar.day.delete"]


def test_admin_form_shows_the_reason_for_a_refused_day(client, province_admin):
    response = client.post("/admin/core/calendarday/add/", {"date": "2026-11-04", "is_working": "on", "name": "调休"})
    assert response.status_code == 200
    assert "本来就是工作日" in response.content.decode()
    assert not CalendarDay.objects.filter(date=D(2026, 11, 4)).exists()


def test_entering_a_year_in_admin_requires_its_holidays(client, province_admin):
    response = client.post("/admin/core/calendaryear/add/", {"year": "2027", "note": ""})
    assert response.status_code == 200
    assert "尚未录入任何工作日放假的节假日" in response.content.decode()
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working=False, name="元旦")
    response = client.post("/admin/core/calendaryear/add/", {"year": "2027", "note": "国务院办公厅通知"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "admin"
    assert AuditEntry.objects.filter(action="calendar.year.enter").count() == 1


def test_importing_a_file_in_admin(client, province_admin):
    assert "从文件导入" in client.get("/admin/core/calendaryear/").content.decode()
    upload = SimpleUploadedFile("2027.csv", TEST_2027_CSV.encode(), content_type="text/csv")
    response = client.post("/admin/core/calendaryear/import/", {"file": upload})
    assert response.status_code == 302
    assert CalendarYear.objects.filter(year=2027, source="file").exists()
    bad = SimpleUploadedFile("bad.csv", b"year,2028\ndate,is_working,name\n2028-02-30,0,x\n", content_type="text/csv")
    response = client.post("/admin/core/calendaryear/import/", {"file": bad})
    assert response.status_code == 200
    assert "第 3 行" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2028).exists()


def test_configurable_deadline_in_admin(client, province_admin):
    response = client.post("/admin/core/deadlinesetting/add/", {"code": "penalty.file", "amount": "10", "note": "x"})
    assert response.status_code == 302, response.content.decode()
    assert get_rule("penalty.file").amount == 10
    setting = DeadlineSetting.objects.get(code="penalty.file")
    response = client.post(f"/admin/core/deadlinesetting/{setting.pk}/change/", {"amount": "12", "note": "y"})
    assert response.status_code == 302, response.content.decode()
    assert get_rule("penalty.file").amount == 12
    response = client.post("/admin/core/deadlinesetting/add/", {"code": "penalty.decide", "amount": "120"})
    assert response.status_code == 200  # not a choice: statutory periods are not configurable
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)) == [
        "calendar.setting.set", "calendar.setting.set"]


def test_admin_pages_render(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    year = CalendarYear.objects.get(year=2026)
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    for url in ["/admin/core/calendarday/", "/admin/core/calendarday/add/", f"/admin/core/calendarday/{day.pk}/change/",
                "/admin/core/calendaryear/", "/admin/core/calendaryear/add/",
                f"/admin/core/calendaryear/{year.pk}/change/", "/admin/core/calendaryear/import/",
                "/admin/core/deadlinesetting/", "/admin/core/deadlinesetting/add/",
                "/admin/core/calendarday/?date__year=2026"]:
        assert client.get(url).status_code == 200, url


def test_bulk_delete_action_goes_through_the_service(client, province_admin):
    ids = [str(pk) for pk in CalendarDay.objects.filter(date__range=(D(2026, 10, 1), D(2026, 10, 2)))
           .values_list("pk", flat=True)]
    response = client.post("/admin/core/calendarday/", {"action": "delete_selected", "_selected_action": ids,
                                                         "post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="calendar.day.delete").count() == 2
