"""Under production the OpenAPI schema and Swagger UI require login unless YZF_API_DOCS_PUBLIC opens them; every page
carries a Content-Security-Policy without inline scripts (decision 0023)."""

import pytest

from yuezhifa.org.models import User


@pytest.fixture
def closed_docs(settings):
    settings.YZF_API_DOCS_PUBLIC = False  # the production default


@pytest.mark.django_db
def test_closed_schema_answers_401_problem_to_anonymous_callers(client, closed_docs):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_closed_swagger_ui_sends_a_browser_to_the_login_page(client, closed_docs):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/api/v1/docs/")
    assert client.get("/api/v1/docs/?script").status_code == 302


@pytest.mark.django_db
def test_closed_docs_open_to_a_logged_in_user(client, closed_docs):
    client.force_login(User.objects.create_user(username="reader", password="x" * 12))
    assert client.get("/api/v1/schema/").status_code == 200
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200 and b"swagger-ui" in page.content


@pytest.mark.django_db
def test_public_docs_need_no_login(client, settings):
    settings.YZF_API_DOCS_PUBLIC = True
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/gongshi/", "/verify/", "/no-such-page/", "/api/v1/docs/"])
def test_every_page_carries_a_csp_without_inline_scripts(client, path):
    response = client.get(path)
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/cases/", "/no-such-page/"])
def test_pages_behind_login_carry_the_csp_too(client, path):
    """Decision 0023: every page, not only the public ones, is served with the policy."""
    from yuezhifa.org.models import Role, Scope
    from yuezhifa.org.tests.factories import UserFactory

    client.force_login(UserFactory(username="csp_admin", roles=[(Role.ADMIN, Scope.PROVINCE)]))
    response = client.get(path)
    assert response.status_code in (200, 404), response.status_code
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and "'unsafe-inline'" not in policy["style-src"]


@pytest.mark.django_db
def test_swagger_ui_loads_its_script_from_the_site_and_its_style_with_a_nonce(client):
    page = client.get("/api/v1/docs/")
    html = page.content.decode()
    assert "<script>" not in html
    nonce = page.wsgi_request.csp_nonce
    assert f'<style nonce="{nonce}">' in html and f"'nonce-{nonce}'" in page["Content-Security-Policy"]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
