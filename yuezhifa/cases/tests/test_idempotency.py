"""``Idempotency-Key`` on the case API (DESIGN §9): unique per (user, key) in the database, its row inserted first in
the act's own transaction. A repeated request replays the result (200, nothing recorded again); the same key with a
different request is refused (422) naming the key; ten requests sent at once with one key record one act."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient

from yuezhifa.org.models import User

from ..models import Act, Case, IdempotencyKey
from .test_concurrency import circumstances, run_together  # noqa: F401  (autouse fixture, thread helper)

SOURCE = {"procedure": "penalty.general", "performed_at": "2026-09-28T09:00:00+08:00", "source_kind": "complaint",
          "cause": "经营超过保质期的食品", "summary": "消费者投诉购买到过期牛奶。", "reporter": "消费者（匿名）"}
THREADS = 10


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def verify(world) -> dict:
    return {"act": "verify_source", "performed_at": "2026-09-28T15:00:00+08:00", "version": 1, "findings": "核实属实。",
            "conclusion": "file", "officers": [str(world["officers"][n].pk) for n in ("chen", "lin")]}


@pytest.mark.django_db
def test_a_repeated_open_replays_the_case_and_records_nothing(world):
    chen = client_for(world["users"]["chen"])
    first = chen.post("/api/v1/cases/", SOURCE, format="json", HTTP_IDEMPOTENCY_KEY="phone-42")
    again = chen.post("/api/v1/cases/", SOURCE, format="json", HTTP_IDEMPOTENCY_KEY="phone-42")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Case.objects.count() == 1 and Act.objects.count() == 1
    key = IdempotencyKey.objects.get()
    assert (key.user, key.key, str(key.case_id)) == (world["users"]["chen"], "phone-42", first.json()["id"])


@pytest.mark.django_db
def test_the_same_key_with_a_different_request_is_a_422_naming_the_key(world):
    chen = client_for(world["users"]["chen"])
    case = chen.post("/api/v1/cases/", SOURCE, format="json", HTTP_IDEMPOTENCY_KEY="k1").json()
    other = chen.post("/api/v1/cases/", {**SOURCE, "cause": "无证经营"}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert other.status_code == 422 and other["Content-Type"].startswith("application/problem+json")
    assert other.json()["field"] == "Idempotency-Key" and "k1" in other.json()["detail"]
    # the same key on an act is another request too
    act = chen.post(f"/api/v1/cases/{case['id']}/acts/", verify(world), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert act.status_code == 422 and act.json()["field"] == "Idempotency-Key"
    assert Case.objects.count() == 1 and Act.objects.count() == 1


@pytest.mark.django_db
def test_a_repeated_act_replays_and_a_failed_one_leaves_the_key_free(world):
    chen = client_for(world["users"]["chen"])
    case = chen.post("/api/v1/cases/", SOURCE, format="json").json()
    url = f"/api/v1/cases/{case['id']}/acts/"
    refused = chen.post(url, {**verify(world), "officers": []}, format="json", HTTP_IDEMPOTENCY_KEY="act-1")
    assert refused.status_code == 422 and not IdempotencyKey.objects.exists()
    assert chen.post(url, verify(world), format="json", HTTP_IDEMPOTENCY_KEY="act-1").status_code == 201
    again = chen.post(url, verify(world), format="json", HTTP_IDEMPOTENCY_KEY="act-1")
    assert again.status_code == 200 and again.json()["version"] == 2
    assert Act.objects.filter(case_id=case["id"]).count() == 2


@pytest.mark.django_db
def test_keys_are_per_user(world):
    for name in ("chen", "lin"):
        assert client_for(world["users"][name]).post("/api/v1/cases/", SOURCE, format="json",
                                                     HTTP_IDEMPOTENCY_KEY="same").status_code == 201
    assert Case.objects.count() == 2


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite 测试库在内存中（共享缓存按表加锁，并发写入直接报错）；"
                    "文件库以 IMMEDIATE 事务排队写入。此测试在 PostgreSQL 上运行：DATABASE_URL=postgres://…")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("what", ["open", "act"])
def test_ten_posts_at_once_with_one_key_record_one_act(world, what):
    """Ten threads, each with its own connection, released together: exactly one case opened / one act recorded,
    every thread answered with it (201 once, 200 for the replays), no error."""
    chen_pk = world["users"]["chen"].pk
    url, body = "/api/v1/cases/", SOURCE
    if what == "act":
        case = client_for(world["users"]["chen"]).post("/api/v1/cases/", SOURCE, format="json").json()
        url, body = f"/api/v1/cases/{case['id']}/acts/", verify(world)
    acts_before, cases_before = Act.objects.count(), Case.objects.count()

    def prepare(i):
        return client_for(User.objects.get(pk=chen_pk))

    def post(i, client):
        response = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="parallel-1")
        return response.status_code, response.json().get("id"), response.json().get("version")

    results = run_together(THREADS, prepare, post)
    assert [outcome for outcome, _ in results] == ["ok"] * THREADS, results
    statuses = sorted(status for _, (status, _, _) in results)
    assert statuses == [200] * (THREADS - 1) + [201], results
    assert len({(case_id, version) for _, (_, case_id, version) in results}) == 1
    assert Act.objects.count() == acts_before + 1
    assert Case.objects.count() == cases_before + (1 if what == "open" else 0)
    assert IdempotencyKey.objects.filter(key="parallel-1").count() == 1


@pytest.mark.django_db
def test_a_key_over_100_characters_is_refused_not_cut(world):
    chen = client_for(world["users"]["chen"])
    response = chen.post("/api/v1/cases/", SOURCE, format="json", HTTP_IDEMPOTENCY_KEY="k" * 101)
    assert response.status_code == 422 and response.json()["field"] == "Idempotency-Key"
    assert chen.post("/api/v1/cases/", SOURCE, format="json", HTTP_IDEMPOTENCY_KEY="k" * 100).status_code == 201
