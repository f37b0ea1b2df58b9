"""Browser test infrastructure: Playwright driving Debian's Chromium against pytest-django's ``live_server``.

Use the ``browser_page`` fixture together with ``live_server`` and mark the test ``@pytest.mark.browser``::

    @pytest.mark.browser
    def test_something(browser_page, live_server):
        browser_page.goto(live_server.url + "/login/")

One Chromium is launched per test session (Playwright gives each launch a fresh, temporary user-data directory) and
every test gets its own browser context, so cookies and storage never leak between tests. Without Chromium the
browser tests are skipped on a developer's machine and fail in CI (``CI=true``): CI must never pass by skipping them.
"""

import contextlib
import datetime
import os
import uuid
import warnings
from pathlib import Path

import pytest
import time_machine

CHROMIUM = os.environ.get("YZF_CHROMIUM", "/usr/bin/chromium")
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# Chromium must not reach for the network (there is none but loopback in CI) nor for a GPU.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_HELP = "浏览器测试需要系统软件包 chromium 与 fonts-noto-cjk（以 root 运行 make browser-deps 或 apt-get install {}）"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"CI 中不能跳过浏览器测试：{reason}", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz: schemathesis against every API operation (run alone: pytest -m fuzz)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Run browser tests last: while Playwright's sync API is active, its event loop counts as running in the main
    thread, which would upset any later test that calls ``async_to_sync``."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)  # stable: keeps the order otherwise


@pytest.fixture(scope="session")
def _chromium():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"未找到 {CHROMIUM}；" + MISSING_HELP.format("chromium fonts-noto-cjk"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("未安装 Python 包 playwright（pip install -c constraints.txt -e '.[dev]'）")
    if not CJK_FONT.exists():
        # Not fatal: pages still work, but screenshots show boxes instead of Chinese characters.
        warnings.warn("未安装 fonts-noto-cjk，截图中的中文可能无法显示。", stacklevel=1)

    # Playwright's sync API keeps an asyncio loop in the main thread; Django would refuse database access from the
    # test (and from live_server's flush) as "async-unsafe" without this.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:
        playwright.stop()
        _unavailable(f"无法启动 {CHROMIUM}：{exc}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture
def browser_context(_chromium):
    context = _chromium.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def browser_page(browser_context):
    """A fresh page in its own browser context (no cookies from other tests). A Content-Security-Policy violation
    reported in the page's console fails the test: every page must work under the site's CSP."""
    page = browser_context.new_page()
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.csp_violations = violations  # a test that provokes a violation on purpose clears this list
    yield page
    assert not violations, "页面违反内容安全策略（CSP）：\n" + "\n".join(violations)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Each test gets a fresh cache of its own, so rate limits count only its own requests: the normal suite, all from
    one address, is never throttled by other tests, and the rate-limit tests set tiny rates to see the 429."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"yzf-test-{uuid.uuid4().hex}"}}


# --- The clock every test runs at (DESIGN §5.10: no wall clock in tests) ----------------------------------------------
# Every test travels to one fixed instant (the clock keeps ticking from there, so timeouts and live servers work):
# YZF_TEST_NOW (an ISO 8601 datetime with its offset, e.g. 2027-12-20T10:00:00+08:00) when set, else the default
# below. CI runs the date-sensitive tests once more at a late-2027 instant, a year whose holiday arrangement is not
# entered. A test that freezes time itself (time_machine.travel, the time_machine fixture) still does, inside this.
DEFAULT_TEST_NOW = "2026-12-01T10:00:00+08:00"


def _test_now() -> datetime.datetime:
    raw = os.environ.get("YZF_TEST_NOW", "").strip() or DEFAULT_TEST_NOW
    try:
        moment = datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise pytest.UsageError(f"YZF_TEST_NOW“{raw}”不是 ISO 8601 日期时间（如 2027-12-20T10:00:00+08:00）。") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"YZF_TEST_NOW“{raw}”须带时区偏移（如 +08:00）。")
    return moment


TEST_NOW = _test_now()


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(TEST_NOW, tick=True):
        yield


# --- Data built once for several tests (Django's TestCase.setUpTestData, for pytest functions) ------------------------
@pytest.fixture(scope="session")
def shared_atomic(django_db_setup, django_db_blocker):
    """``with shared_atomic(): ...`` in a module- or class-scoped fixture builds data once for the tests that use it,
    like Django's ``TestCase.setUpTestData``: inside a transaction that is rolled back when the fixture ends, at the
    suite's clock (or ``at``), with the tests' fast password hasher and a cache of its own. Each test then runs in a
    savepoint within it (pytest-django's ``db``), so what one test changes is undone before the next; hand each test
    its own ``copy.deepcopy`` of the Python objects. Use it only where every test of the scope uses the data (tests
    of a module or class that don't would see it too), and never with transactional tests."""
    from django.db import transaction
    from django.test import override_settings

    @contextlib.contextmanager
    def build(at: datetime.datetime = TEST_NOW):
        caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                              "LOCATION": f"yzf-test-{uuid.uuid4().hex}"}}
        with (django_db_blocker.unblock(),
              override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], CACHES=caches),
              time_machine.travel(at, tick=True)):
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return build
