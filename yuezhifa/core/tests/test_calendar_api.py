"""The public calendar API: no login, JSON answers, problem+json errors in Chinese (DESIGN §9)."""

import datetime as dt

import pytest

from yuezhifa.core.services import calendar_day_set, deadline_setting_set
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import UserFactory

from .test_calendar import ensure_calendar_seed

pytestmark = pytest.mark.django_db
ADD = "/api/v1/calendar/add/"
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _calendar_seed(db):
    ensure_calendar_seed()


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    return response.json()


def test_three_working_days_after_2026_09_30_without_login(client):
    """处罚法 第85条 and the State Council's 2026 arrangement: 2026-10-10 (Saturday) is a make-up working day."""
    response = client.get(ADD, {"start": "2026-09-30", "days": 3, "unit": "working"})
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2026-10-10"
    assert (body["start"], body["days"], body["unit"]) == ("2026-09-30", 3, "working")
    assert "2026年10月10日" in body["explanation"]


def test_working_is_the_default_unit_and_calendar_days_are_plain(client):
    assert client.get(ADD, {"start": "2026-09-30", "days": 3}).json()["date"] == "2026-10-10"
    body = client.get(ADD, {"start": "2026-09-30", "days": 3, "unit": "calendar"}).json()
    assert (body["date"], body["unit"]) == ("2026-10-03", "calendar")


def test_an_invalid_token_does_not_block_the_public_api(client):
    response = client.get(ADD, {"start": "2026-09-30", "days": 3}, HTTP_AUTHORIZATION="Token nonsense")
    assert response.status_code == 200


def test_rule_computation_reports_basis_and_extension(client):
    body = client.get(ADD, {"start": "2026-09-16", "rule": "penalty.pay"}).json()
    assert body["rule"] == "penalty.pay"
    assert body["rule_name"] == "缴纳罚款期限"
    assert body["basis"] == "《中华人民共和国行政处罚法》第六十七条第三款"
    assert (body["nominal_due"], body["due"], body["date"], body["extended"]) == (
        "2026-10-01", "2026-10-08", "2026-10-08", True)
    assert body["binds"] == "party"
    months = client.get(ADD, {"start": "2026-07-01", "rule": "compulsion.court_application"}).json()
    assert (months["due"], months["unit"], months["days"], months["amount"]) == ("2026-10-01", "months", None, 3)


def test_a_holiday_added_by_an_administrator_shows_at_once(client):
    admin = UserFactory(roles=[(Role.ADMIN, Scope.PROVINCE)])
    calendar_day_set(actor=admin, date=dt.date(2026, 10, 9), is_working=False, name="临时放假")
    assert client.get(ADD, {"start": "2026-09-30", "days": 3}).json()["date"] == "2026-10-12"
    day = client.get("/api/v1/calendar/days/2026-10-09/").json()
    assert day == {"date": "2026-10-09", "is_working_day": False, "name": "临时放假", "weekday": "星期五",
                   "provisional": False}


def test_day_lookup(client):
    assert client.get("/api/v1/calendar/days/2026-10-10/").json() == {
        "date": "2026-10-10", "is_working_day": True, "name": "国庆节调休上班", "weekday": "星期六", "provisional": False}
    assert client.get("/api/v1/calendar/days/2026-10-01/").json()["is_working_day"] is False
    assert client.get("/api/v1/calendar/days/2026-11-09/").json()["name"] is None


@pytest.mark.parametrize(("params", "field", "words"), [
    ({"days": 3}, "start", "起算日"),
    ({"start": "2026-02-30", "days": 3}, "start", "起算日"),
    ({"start": "yesterday", "days": 3}, "start", "YYYY-MM-DD"),
    ({"start": "2026-09-30"}, "days", "天数"),
    ({"start": "2026-09-30", "days": -1}, "days", "负数"),
    ({"start": "2026-09-30", "days": "three"}, "days", "整数"),
    ({"start": "2026-09-30", "days": 3661}, "days", "3660"),
    ({"start": "2026-09-30", "days": 3, "unit": "hours"}, "unit", "计算单位"),
    ({"start": "2026-09-30", "rule": "penalty.nope"}, "rule", "期限规则"),
    ({"start": "2026-09-30", "rule": "penalty.pay", "days": 3}, "days", "期限规则"),
])
def test_bad_parameters_answer_400_naming_the_field_in_chinese(client, params, field, words):
    body = problem(client.get(ADD, params), 400)
    assert body["status"] == 400
    assert words in body["detail"]
    assert any(error["field"] == field for error in body["errors"])


def test_bad_date_in_path_is_400(client):
    body = problem(client.get("/api/v1/calendar/days/2026-13-01/"), 400)
    assert "日期" in body["detail"]


def test_a_year_not_entered_is_counted_provisionally_and_says_so(client):
    body = client.get(ADD, {"start": "2027-02-03", "days": 3}).json()
    assert body["date"] == "2027-02-10" and body["provisional"] is True
    assert body["provisional_reason"].startswith("2027年的节假日安排尚未录入") and "暂定" in body["explanation"]
    day = client.get("/api/v1/calendar/days/2027-02-08/").json()
    assert day == {"date": "2027-02-08", "is_working_day": False, "name": "春节（暂定）", "weekday": "星期一",
                   "provisional": True}


def test_only_a_year_beyond_the_provisional_range_is_422_with_the_year(client):
    body = problem(client.get(ADD, {"start": "2100-01-04", "days": 1}), 422)
    assert body["year"] == 2100
    assert body["code"] == "calendar_year_missing"
    assert "2100" in body["detail"] and "管理员" in body["detail"]


def test_crossing_from_late_december_2026_into_2027_is_provisional(client):
    within = client.get(ADD, {"start": "2026-12-28", "days": 3}).json()
    assert within["date"] == "2026-12-31" and within["provisional"] is False and within["provisional_reason"] == ""
    across = client.get(ADD, {"start": "2026-12-20", "rule": "penalty.file"}).json()
    assert across["date"] == "2027-01-11" and across["provisional"] is True
    pay = client.get(ADD, {"start": "2026-12-20", "rule": "penalty.pay"}).json()
    assert pay["date"] == "2027-01-04" and pay["provisional"] is True


def test_calendar_days_need_no_calendar_year_and_the_end_of_time_is_an_error_not_a_crash(client):
    assert client.get(ADD, {"start": "2027-01-04", "days": 10, "unit": "calendar"}).json()["date"] == "2027-01-14"
    body = problem(client.get(ADD, {"start": "9999-12-31", "days": 1, "unit": "calendar"}), 422)
    assert body["code"] == "date_out_of_range"


def test_rules_list_shows_the_configured_figure(client):
    admin = UserFactory(roles=[(Role.ADMIN, Scope.PROVINCE)])
    deadline_setting_set(actor=admin, code="penalty.statement", amount=3)
    rules = {rule["code"]: rule for rule in client.get("/api/v1/calendar/rules/").json()}
    assert rules["penalty.statement"]["amount"] == 3
    assert rules["penalty.statement"]["default_amount"] == 5
    assert rules["penalty.decide"]["basis"] == "《中华人民共和国行政处罚法》第六十条"
    body = client.get(ADD, {"start": "2026-11-09", "rule": "penalty.statement"}).json()
    assert body["due"] == "2026-11-12"


def test_schema_documents_the_calendar_operations_and_their_errors(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/calendar/add/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"start", "days", "unit", "rule"}
    assert PROBLEM in operation["responses"]["400"]["content"]
    assert PROBLEM in operation["responses"]["422"]["content"]
