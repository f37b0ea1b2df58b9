"""Rate limits on the login-free routes (decision 0023): each route group answers 429 with a Chinese message after its
configured number of requests from one address; other addresses and logged-in routes are not affected."""

import datetime
import multiprocessing
import zoneinfo

import pytest
import time_machine
from django.conf import settings as django_settings

from yuezhifa.core.cache import LockedFileBasedCache
from yuezhifa.core.ratelimit import ROUTES, group_for

NOON = datetime.datetime(2026, 12, 21, 12, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))

# (method, path, group): every public route group, pages and API alike.
PUBLIC_ROUTES = [
    ("get", "/gongshi/results/?q=罚款", "search"),
    ("get", "/gongshi/", "search"),
    ("get", "/api/v1/disclosure/results/?q=罚款", "search"),
    ("get", "/gongshi/export.csv", "export"),
    ("get", "/gongshi/export.json", "export"),
    ("get", "/gongshi/feed/", "export"),
    ("get", "/verify/", "verify"),
    ("post", "/api/v1/seals/verify/", "verify"),
    ("get", "/api/v1/evidence-log/public-key/", "proof"),
    ("get", "/api/v1/evidence-log/proof/consistency/?first=1", "proof"),
    ("get", "/api/v1/calendar/rules/", "public_api"),
    ("post", "/api/v1/auth/token/", "public_api"),
]


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOON, tick=False):  # the limiter counts in windows of the wall clock
        yield


@pytest.fixture(autouse=True)
def _own_signing_key(settings, tmp_path):
    from yuezhifa.audit.merkle import signing

    settings.VAR_DIR = tmp_path
    settings.YZF_EVIDENCE_LOG_KEY = ""
    signing._key_for.cache_clear()
    yield
    signing._key_for.cache_clear()


def _tiny(settings, group: str, rate: str = "2/m") -> None:
    settings.YZF_RATE_LIMITS = {**django_settings.YZF_RATE_LIMITS, group: rate}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "group"), PUBLIC_ROUTES, ids=[p for _, p, _ in PUBLIC_ROUTES])
def test_public_route_answers_429_after_the_configured_number_of_requests(client, settings, method, path, group):
    _tiny(settings, group)
    for _ in range(2):
        assert getattr(client, method)(path).status_code != 429
    response = getattr(client, method)(path)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 60
    text = response.content.decode()
    assert "请求过于频繁" in text and "每分钟最多 2 次" in text
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "rate_limited"
    else:
        assert response["Content-Type"].startswith("text/html")
        assert "<html lang=\"zh-Hans\"" in text
    # another address still gets through
    assert getattr(client, method)(path, REMOTE_ADDR="203.0.113.9").status_code != 429


@pytest.mark.django_db
def test_the_limit_counts_the_address_the_trusted_proxy_saw(client, settings):
    settings.YZF_TRUSTED_PROXIES = 1
    _tiny(settings, "search", "1/m")
    assert client.get("/gongshi/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get("/gongshi/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get("/gongshi/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


@pytest.mark.django_db
def test_a_new_window_lets_requests_through_again(client, settings):
    _tiny(settings, "search", "1/m")
    assert client.get("/gongshi/").status_code == 200
    assert client.get("/gongshi/").status_code == 429
    with time_machine.travel(NOON + datetime.timedelta(minutes=2), tick=False):
        assert client.get("/gongshi/").status_code == 200


@pytest.mark.django_db
def test_an_empty_rate_lifts_the_groups_limit_and_other_routes_are_not_limited(client, settings):
    settings.YZF_RATE_LIMITS = dict.fromkeys(django_settings.YZF_RATE_LIMITS, "")
    for _ in range(5):
        assert client.get("/gongshi/").status_code == 200
    settings.YZF_RATE_LIMITS = dict.fromkeys(django_settings.YZF_RATE_LIMITS, "1/m")
    for _ in range(3):
        assert client.get("/login/").status_code == 200
    assert group_for("/cases/") is None and group_for("/api/v1/cases/") is None


def test_every_group_has_a_default_rate():
    groups = {group for _, group in ROUTES}
    assert groups == set(django_settings.YZF_RATE_LIMITS)
    assert all(django_settings.YZF_RATE_LIMITS[g] for g in groups)


def _incr_many(location: str, n: int) -> None:
    cache = LockedFileBasedCache(location, {})
    for _ in range(n):
        cache.incr("hits")


def test_the_all_in_one_cache_counts_atomically_across_processes(tmp_path):
    """gunicorn's workers share the file cache; concurrent increments from several processes lose no count."""
    location = str(tmp_path / "cache")
    cache = LockedFileBasedCache(location, {})
    assert cache.add("hits", 0, 60)
    assert not cache.add("hits", 5, 60)
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_incr_many, args=(location, 40)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert cache.get("hits") == 160


def test_settings_choose_a_shared_cache():
    assert django_settings.RATELIMIT_USE_CACHE == "default"
    # the suite runs on a per-test cache (conftest); the configured one is in the settings module itself
    import yuezhifa.settings as configured

    backend = configured.CACHES["default"]["BACKEND"]
    assert backend in {"yuezhifa.core.cache.LockedFileBasedCache", "django.core.cache.backends.redis.RedisCache"}


def test_the_openapi_schema_documents_the_429_of_limited_operations_only():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in ("/api/v1/disclosure/results/", "/api/v1/evidence-log/sth/", "/api/v1/seals/verify/",
                 "/api/v1/calendar/rules/", "/api/v1/auth/token/"):
        for operation in paths[path].values():
            assert "429" in operation["responses"], path
            assert "application/problem+json" in operation["responses"]["429"]["content"]
    assert all("429" not in op["responses"] for op in paths["/api/v1/cases/"].values())
