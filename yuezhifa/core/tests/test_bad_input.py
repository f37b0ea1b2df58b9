"""Bad input gets a 4xx naming what is wrong, never a 5xx: the requests an API fuzzer found answering 500."""

import pytest
from rest_framework.test import APIClient

from yuezhifa.cases.models import Act, Case

pytestmark = pytest.mark.django_db

SOURCE = {"procedure": "penalty.general", "source_kind": "complaint", "cause": "经营超过保质期的食品",
          "summary": "消费者投诉购买到过期牛奶。", "reporter": "消费者（匿名）"}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.raise_request_exception = False
    return client


def problem(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    if field:
        assert body.get("field") == field or any(e.get("field") == field for e in body.get("errors", [])), body
    return body


@pytest.mark.parametrize("url", ["/api/v1/training-courses/", "/api/v1/training-records/"])
@pytest.mark.parametrize("year", ["0.0", "0", "10000", "2026.5", "-1", "1" + "0" * 40])
def test_a_year_filter_outside_1_to_9999_is_a_400_naming_year(world, url, year):
    problem(client_for(world["users"]["head"]).get(url, {"year": year}), 400, "year")


def test_a_good_year_filter_still_filters(world):
    assert client_for(world["users"]["head"]).get("/api/v1/training-courses/", {"year": "2026"}).status_code == 200


@pytest.mark.parametrize("url,param", [("/api/v1/certificate-warnings/", "threshold"),
                                       ("/api/v1/certificates/", "threshold")])
def test_an_integer_filter_beyond_64_bits_is_refused_or_matches_nothing(world, url, param):
    response = client_for(world["users"]["head"]).get(url, {param: str(2**64)})
    assert response.status_code in (200, 400), response.content


def test_an_over_long_free_text_filter_is_a_400_naming_it(world):
    head = client_for(world["users"]["head"])
    problem(head.get("/api/v1/items/", {"search": "罚" * 101}), 400, "search")
    assert head.get("/api/v1/items/", {"search": "罚" * 100}).status_code == 200


def test_an_over_long_search_on_the_items_page_is_a_form_error_not_a_500(world, client):
    client.force_login(world["users"]["head"])
    response = client.get("/items/", {"q": "a" * 101})
    assert response.status_code == 200
    assert "不超过 100 字符" in response.content.decode()


def test_opening_a_case_with_a_list_as_procedure_is_a_422_naming_procedure(world):
    chen = client_for(world["users"]["chen"])
    problem(chen.post("/api/v1/cases/", {**SOURCE, "procedure": [None, None]}, format="json"), 422, "procedure")
    problem(chen.post("/api/v1/cases/", {**SOURCE, "procedure": "no.such"}, format="json"), 422, "procedure")
    assert not Case.objects.exists()


@pytest.mark.parametrize("body", [[1, 2], "abc", 5, None, True])
def test_an_act_body_that_is_not_an_object_is_a_4xx(world, body):
    chen = client_for(world["users"]["chen"])
    case = chen.post("/api/v1/cases/", SOURCE, format="json").json()
    response = chen.post(f"/api/v1/cases/{case['id']}/acts/", body, format="json")
    problem(response, response.status_code)
    assert 400 <= response.status_code < 500
    assert Act.objects.count() == 1


@pytest.mark.parametrize("field,value", [("latitude", 91), ("latitude", "-90.5"), ("longitude", 180.000001),
                                         ("longitude", "1e400"), ("latitude", "NaN"), ("latitude", [1]),
                                         ("longitude", "东经113度")])
def test_latitude_and_longitude_are_range_checked_naming_the_field(world, field, value):
    """The same ranges as the act form: latitude −90..90, longitude −180..180."""
    chen = client_for(world["users"]["chen"])
    other = "longitude" if field == "latitude" else "latitude"
    body = problem(chen.post("/api/v1/cases/", {**SOURCE, field: value, other: "23.1"}, format="json"), 422, field)
    assert ("纬度" if field == "latitude" else "经度") in body["detail"]
    assert not Case.objects.exists()


def test_coordinates_in_range_are_kept(world):
    chen = client_for(world["users"]["chen"])
    created = chen.post("/api/v1/cases/", {**SOURCE, "latitude": "23.1291", "longitude": 113.2644}, format="json")
    assert created.status_code == 201, created.content
    act = Act.objects.get()
    assert (str(act.latitude), str(act.longitude)) == ("23.129100", "113.264400")


@pytest.mark.parametrize("field,value", [("performed_at", ["2026-09-28"]), ("place", {"a": 1}),
                                         ("version", 2**70)])
def test_envelope_fields_of_the_wrong_type_are_4xx(world, field, value):
    chen = client_for(world["users"]["chen"])
    case = chen.post("/api/v1/cases/", SOURCE, format="json").json()
    response = chen.post(f"/api/v1/cases/{case['id']}/acts/", {"act": "verify_source", field: value}, format="json")
    assert 400 <= response.status_code < 500, response.content


@pytest.mark.parametrize("raw,words", [
    ('{"act": "verify_source", "version": 9223372036854775808}', "超出范围"),
    ('{"act": "verify_source", "version": -9223372036854775809}', "超出范围"),
    ('{"act": "verify_source", "latitude": 1e400}', "超出范围"),
    ('{"act": "verify_source", "latitude": NaN}', "不是有效的 JSON 数值"),
    ('{"act": "verify_source", "version": ' + "9" * 5000 + "}", "不是有效的 JSON"),
    ("[" * 100_000 + "]" * 100_000, "嵌套过深"),
    ('{"act": ', "不是有效的 JSON"),
])
def test_json_the_database_or_python_cannot_hold_is_a_400(world, raw, words):
    """Integer overflow: any JSON integer beyond 64 bits (the widest column) is refused by the parser, for every
    endpoint alike; narrower columns are bounded by their serializers."""
    chen = client_for(world["users"]["chen"])
    case = chen.post("/api/v1/cases/", SOURCE, format="json").json()
    response = chen.generic("POST", f"/api/v1/cases/{case['id']}/acts/", raw, content_type="application/json")
    assert words in problem(response, 400)["detail"]
    assert Act.objects.count() == 1


def test_an_integer_within_64_bits_still_parses(world):
    chen = client_for(world["users"]["chen"])
    case = chen.post("/api/v1/cases/", SOURCE, format="json").json()
    response = chen.post(f"/api/v1/cases/{case['id']}/acts/", {"act": "verify_source", "version": 2**63 - 1},
                         format="json")
    assert response.status_code == 409  # a stale version, compared as a number


@pytest.mark.parametrize("year", ["-193028", "0", "10000", "二〇二六"])
def test_an_officers_training_year_outside_1_to_9999_is_a_422_naming_year(world, year):
    """Found by the fuzzer: ``/officers/{id}/training/?year=-193028`` answered 500."""
    head = client_for(world["users"]["head"])
    problem(head.get(f"/api/v1/officers/{world['officers']['chen'].pk}/training/", {"year": year}), 422, "year")


@pytest.mark.parametrize("url,param", [("/api/v1/cases/", "q"), ("/api/v1/cases/", "stage"),
                                       ("/api/v1/laws/", "search"), ("/api/v1/laws/", "name")])
def test_a_nul_character_in_a_query_is_dropped_before_it_reaches_postgresql(world, url, param):
    """PostgreSQL text cannot hold U+0000: on PostgreSQL these answered 500. The query is read without it."""
    response = client_for(world["users"]["chen"]).get(url, {param: "a\x00b"})
    assert 200 <= response.status_code < 500, response.content


def test_a_nul_character_in_a_page_query_is_searched_as_the_text_around_it(client):
    response = client.get("/gongshi/results/", {"q": "罚款\x00"})
    assert response.status_code == 200 and "\x00" not in response.content.decode()


@pytest.mark.parametrize("body", [{**SOURCE, "place": "天河区\x00"}, {**SOURCE, "cause": "x\x00"},
                                  {**SOURCE, "party": {"name\x00": "y"}}, {**SOURCE, "list": ["a", ["b\x00"]]}])
def test_a_nul_character_anywhere_in_a_json_body_is_a_400(world, body):
    response = client_for(world["users"]["chen"]).post("/api/v1/cases/", body, format="json")
    assert "空字符" in problem(response, 400)["detail"]
    assert not Case.objects.exists()


def test_a_nul_character_in_a_form_field_of_the_act_envelope_is_a_422(world):
    chen = client_for(world["users"]["chen"])
    response = chen.post("/api/v1/cases/", {**SOURCE, "place": "天河区\x00"}, format="multipart")
    problem(response, 422, "place")


@pytest.mark.parametrize("value", ["[" * 100_000, "[" + "9" * 30 + "]", '{"a": "b\\u0000"}'])
def test_json_text_in_a_form_field_follows_the_body_rules(world, value):
    """A multipart act's fields may hold JSON text; too deep, too large or NUL-bearing text is not decoded, and
    the act's own validation refuses it as text (was a RecursionError, a 500)."""
    chen = client_for(world["users"]["chen"])
    case = chen.post("/api/v1/cases/", SOURCE, format="json").json()
    response = chen.post(f"/api/v1/cases/{case['id']}/acts/", {"act": "verify_source", "officers": value},
                         format="multipart")
    assert 400 <= response.status_code < 500, response.content
    assert Act.objects.count() == 1


def test_a_domain_error_a_page_did_not_catch_is_its_4xx_not_a_500(rf):
    from yuezhifa.core.errors import DomainError, NotAllowed
    from yuezhifa.core.middleware import RequestLimitsMiddleware

    middleware = RequestLimitsMiddleware(lambda request: None)
    page = middleware.process_exception(rf.get("/cases/"), DomainError("检索词过长：最多 100 个字符。", field="q"))
    assert page.status_code == 422 and "检索词过长" in page.content.decode()
    assert middleware.process_exception(rf.get("/cases/"), NotAllowed("您无权办理该案件。")).status_code == 403
    assert middleware.process_exception(rf.get("/api/v1/cases/"), DomainError("x")) is None  # DRF renders it
    assert middleware.process_exception(rf.get("/cases/"), ValueError("x")) is None
