"""The API shell: OpenAPI 3 schema and Swagger UI served with no internet access; errors as problem+json."""

import re

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served_and_documents_problem_errors(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/officers/" in schema["paths"]
    assert "/api/v1/calendar/add/" in schema["paths"]
    officer_list = schema["paths"]["/api/v1/officers/"]["get"]
    assert {"401", "403"} <= set(officer_list["responses"])


def test_swagger_ui_loads_only_local_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', html) if u.startswith(("http:", "https:", "//"))]
    assert external == []
    assert "swagger-ui" in html
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset


def test_unknown_api_path_is_problem_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "请求的接口不存在。"


def test_validation_errors_name_the_field_in_chinese():
    from yuezhifa.org.tests.factories import UserFactory

    client = APIClient()
    client.force_authenticate(UserFactory(is_superuser=True, username="root"))
    response = client.post("/api/v1/officers/", {"name": "张三"}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"id_number", "body"} <= fields
    assert "该字段是必填项" in response.json()["detail"]


def test_token_auth_works_and_bad_password_is_problem_json():
    from yuezhifa.org.tests.factories import UserFactory

    UserFactory(username="api_user")
    client = APIClient()
    bad = client.post("/api/v1/auth/token/", {"username": "api_user", "password": "wrong"})
    assert bad.status_code in (401, 403) and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["detail"] == "用户名或密码错误。"
    token = client.post("/api/v1/auth/token/", {"username": "api_user", "password": "Pass-word-123"}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/domains/").status_code == 200


def test_schema_generates_without_warnings(tmp_path):
    """Every operation is typed: the generator neither guesses nor warns (so the docs never lie)."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").stat().st_size > 1000
