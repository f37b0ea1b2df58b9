"""Bad input gets a 4xx, never a 5xx (DESIGN §9): schemathesis generates valid and invalid requests for every
operation of the live OpenAPI schema (``/api/v1/schema/``) and sends them, with an API token, straight to the WSGI
application (no server). Any 5xx fails the test; 4xx of every kind (400, 401, 403, 404, 409, 413, 422, 429 …) are
fine.

Deterministic: Hypothesis is derandomized (a fixed seed per operation) and its example database is off, so the same
code yields the same requests on every run. The examples per operation are bounded so the whole run takes a couple of
minutes on one core. Run it alone with ``pytest -m fuzz``; leave it out with ``-m 'not fuzz'``.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, DomainFactory, OfficerFactory, UserFactory, division

EXAMPLES = int(os.environ.get("YZF_FUZZ_EXAMPLES", "30"))

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture
def fuzz_user(db):
    """The head of a county body who is also one of its officers and a legal reviewer, with the system administrator
    role: broad, so the fuzzer reaches past the permission checks into the validation of each operation."""
    gd = division("44", "广东省")
    th = division("440106", "天河区", division("4401", "广州市", gd))
    market = DomainFactory(code="market", name="市场监管")
    body = BodyFactory(name="广州市天河区市场监督管理局", short_name="穗天市监", division=th, domains=[market])
    person = OfficerFactory(name="陈志强", body=body, legal_qualification_no="A20184401000123")
    return UserFactory(username="fuzz", real_name=person.name, body=body, officer=person,
                       roles=[(Role.OFFICER, Scope.SUBTREE), (Role.HEAD, Scope.SUBTREE),
                              (Role.LEGAL_REVIEWER, Scope.BODY), (Role.ADMIN, Scope.PROVINCE)])


@pytest.fixture
def api_token(fuzz_user) -> str:
    return Token.objects.create(user=fuzz_user).key


@pytest.fixture
def api_schema(db):
    """The live schema, read from ``/api/v1/schema/`` through the WSGI application like any client would."""
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


def _fuzz(operation, headers: dict, statuses: Counter) -> list[str]:
    """Send ``EXAMPLES`` valid and invalid requests to ``operation``; the server errors, each with its request."""
    found: list[str] = []
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        if response.status_code >= 500 and len(found) < 3:
            found.append(f"{operation.label} → {response.status_code}: {case.as_curl_command(headers=headers)}")

    run()
    return found


def test_no_operation_answers_a_server_error(api_schema, api_token):
    """Every operation of the schema, positive and negative examples, with a token of a broad user: no 5xx."""
    headers = {"Authorization": f"Token {api_token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 100  # the whole API, not a part that happened to load
    statuses: Counter = Counter()
    errors = [error for operation in operations for error in _fuzz(operation, headers, statuses)]
    assert not errors, "\n".join(errors)
    # the token works and the fuzzer got past authentication and validation into the operations themselves
    assert statuses[401] < statuses.total() / 10 and sum(n for code, n in statuses.items() if code < 300) > 100
