"""Bad input gets a 4xx, never a 5xx (DESIGN §9): schemathesis generates valid and invalid requests for every
operation of the live OpenAPI schema (``/api/v1/schema/``) and sends them, with an API token, straight to the WSGI
application (no server). Any 5xx fails the test; 4xx of every kind (400, 401, 403, 404, 409, 413, 422, 429 …) are
fine.

Deterministic: Hypothesis is derandomized (a fixed seed per operation) and its example database is off, so the same
code yields the same requests on every run. The examples per operation are bounded so the whole run takes a couple of
minutes on one core. Run it alone with ``pytest -m fuzz``; leave it out with ``-m 'not fuzz'``.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import OfficerFactory, UserFactory

EXAMPLES = int(os.environ.get("YZF_FUZZ_EXAMPLES", "30"))

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _one_connection():
    """Requests go straight to the WSGI application, whose end closes "old" database connections; inside the test's
    transaction that would close the test's own connection (on PostgreSQL). Django's test client unhooks it the
    same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _clock(db, time_machine):
    """A fixed moment, before the world is made: acts default to "now", and certificates are valid on it."""
    time_machine.move_to(datetime.datetime(2026, 10, 12, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture
def fuzz_user(world):
    """The head of the world's county body who is also one of its officers and a legal reviewer, with the system
    administrator role: broad, so the fuzzer reaches past the permission checks into each operation's validation."""
    person = OfficerFactory(name="陈志强", body=world["body"], legal_qualification_no="A20184401000124")
    return UserFactory(username="fuzz", real_name=person.name, body=world["body"], officer=person,
                       roles=[(Role.OFFICER, Scope.SUBTREE), (Role.HEAD, Scope.SUBTREE),
                              (Role.LEGAL_REVIEWER, Scope.BODY), (Role.ADMIN, Scope.PROVINCE)])


@pytest.fixture
def api_token(fuzz_user, settings) -> str:
    from yuezhifa.org.services.auth import api_token_create

    # The limits of the login-free routes would answer 429 for most of their examples; lifted here so the fuzzer
    # reaches the operations themselves (the limiter has its own tests).
    settings.YZF_RATE_LIMITS = dict.fromkeys(settings.YZF_RATE_LIMITS, "")
    return api_token_create(user=fuzz_user)[0]


@pytest.fixture
def real_ids(world, fuzz_user) -> dict[str, dict]:
    """Path parameters naming rows that exist, by the path's first segment, so that half of the examples reach
    the operation itself instead of its 404."""
    from yuezhifa.cases import services as case_services
    from yuezhifa.discretion.models import Benchmark
    from yuezhifa.laws.models import Law, Provision
    from yuezhifa.org.models import Certificate

    case = case_services.case_open(actor=world["users"]["chen"], procedure="penalty.general",
                                   data={"source_kind": "complaint", "cause": "经营超过保质期的食品",
                                         "summary": "消费者投诉购买到过期牛奶。"})
    rows = {"cases": case, "items": world["item"], "officers": world["officers"]["chen"], "bodies": world["body"],
            "users": world["users"]["chen"], "benchmarks": Benchmark.objects.first(), "laws": Law.objects.first(),
            "provisions": Provision.objects.first(), "certificates": Certificate.objects.first()}
    ids = {segment: {"id": str(row.pk)} for segment, row in rows.items() if row is not None}
    ids["divisions"] = {"code": "440106"}
    ids["domains"] = {"code": world["domain"].code}
    return ids


@pytest.fixture
def api_schema(db):
    """The live schema, read from ``/api/v1/schema/`` through the WSGI application like any client would."""
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


def _fuzz(operation, headers: dict, statuses: Counter, real_ids: dict) -> list[str]:
    """Send ``EXAMPLES`` valid and invalid requests to ``operation``; the server errors, each with its request."""
    found: list[str] = []
    strategies = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    segment = operation.path.removeprefix("/api/v1/").split("/")[0]
    names = {p.name for p in operation.path_parameters}
    known = {k: v for k, v in real_ids.get(segment, {}).items() if k in names}
    if known:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known))
        strategies.append(operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=known))
    strategy = st.one_of(*strategies)

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


# The operations are fuzzed in interleaved shares, so that the parallel test processes split the work instead of one of
# them carrying the whole schema while the other waits at the end of the run. Together the shares cover every operation.
SHARES = 4


@pytest.mark.parametrize("share", range(SHARES), ids=lambda i: f"share{i + 1}of{SHARES}")
def test_no_operation_answers_a_server_error(api_schema, api_token, real_ids, share):
    """Every operation of the schema, positive and negative examples, with a token of a broad user: no 5xx."""
    headers = {"Authorization": f"Token {api_token}"}
    operations = sorted((result.ok() for result in api_schema.get_all_operations()), key=lambda op: op.label)
    assert len(operations) > 100  # the whole API, not a part that happened to load
    mine = operations[share::SHARES]
    statuses: Counter = Counter()
    errors = [error for operation in mine for error in _fuzz(operation, headers, statuses, real_ids)]
    assert not errors, "\n".join(errors)
    # the token works and the fuzzer got past authentication and validation into the operations themselves (429:
    # a rate limit answered for them)
    assert statuses[401] < statuses.total() / 10
    assert sum(n for code, n in statuses.items() if code < 300 or code == 429) > 100 / SHARES
