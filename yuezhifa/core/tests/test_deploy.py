"""Production settings pass Django's deployment checklist (办法 第57条: the platform's security protection)."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _clean_env(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YZF_") and k != "DATABASE_URL"}
    env.update({"DJANGO_SETTINGS_MODULE": "yuezhifa.settings", "YZF_VAR_DIR": str(tmp_path / "var"), **extra})
    return env


def _production_env(tmp_path, **extra) -> dict[str, str]:
    return _clean_env(
        tmp_path,
        YZF_ENV="production",
        YZF_SECRET_KEY=secrets.token_urlsafe(48)[:64],
        YZF_SEAL_KEK=secrets.token_urlsafe(32),
        YZF_ALLOWED_HOSTS="zhifa.example.gov.cn",
        **extra,
    )


def _run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "yuezhifa.cli", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = _run(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output


def test_a_tls_proxy_that_redirects_itself_passes_check_deploy(tmp_path):
    """YZF_SSL_REDIRECT=false states that the proxy (which sets X-Forwarded-Proto) redirects HTTP to HTTPS."""
    result = _run(_production_env(tmp_path, YZF_SSL_REDIRECT="false"), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output


def test_no_redirect_and_no_tls_proxy_header_is_still_reported(tmp_path):
    env = _production_env(tmp_path, YZF_SSL_REDIRECT="false", YZF_PROXY_SSL_HEADER="")
    result = _run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_a_mistyped_environment_is_refused_naming_the_variable_and_its_values(tmp_path):
    result = _run(_clean_env(tmp_path, YZF_ENV="prodution"), "check")
    assert result.returncode != 0
    assert "YZF_ENV" in result.stderr and "prodution" in result.stderr
    assert "development 或 production" in result.stderr


def test_debug_is_refused_in_production(tmp_path):
    result = _run(_production_env(tmp_path, YZF_DEBUG="true"), "check")
    assert result.returncode != 0
    assert "YZF_DEBUG" in result.stderr and "生产环境" in result.stderr


def test_production_refuses_to_start_without_its_own_seal_kek(tmp_path):
    """The seals' private keys are never encrypted under a key derived from YZF_SECRET_KEY in production."""
    env = _production_env(tmp_path)
    del env["YZF_SEAL_KEK"]
    result = _run(env, "check")
    assert result.returncode != 0
    assert "YZF_SEAL_KEK" in result.stderr and "生产环境" in result.stderr


def test_debug_is_off_unless_a_developer_asks(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG)"
    assert _run(_clean_env(tmp_path), "shell", "-c", code).stdout.strip().splitlines()[-1] == "False"
    assert _run(_clean_env(tmp_path, YZF_DEBUG="true"), "shell", "-c", code).stdout.strip().splitlines()[-1] == "True"


def test_production_closes_the_api_docs_unless_configured_public(tmp_path):
    code = "from django.conf import settings; print(settings.YZF_API_DOCS_PUBLIC)"
    assert _run(_production_env(tmp_path), "shell", "-c", code).stdout.strip().splitlines()[-1] == "False"
    opened = _production_env(tmp_path, YZF_API_DOCS_PUBLIC="true")
    assert _run(opened, "shell", "-c", code).stdout.strip().splitlines()[-1] == "True"
    assert _run(_clean_env(tmp_path), "shell", "-c", code).stdout.strip().splitlines()[-1] == "True"


def test_environment_variables_are_read_in_settings_only():
    """Every YZF_* variable is read once, in yuezhifa/settings.py, so the README's table lists them all."""
    root = settings.BASE_DIR / "yuezhifa"
    readers = []
    for path in root.rglob("*.py"):
        if path.name == "settings.py" or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "os.environ.get(" in text or "getenv(" in text or "os.environ[" in text:
            readers.append(str(path.relative_to(root)))
    assert readers == []


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _clean_env(tmp_path, YZF_ENV="production", YZF_ALLOWED_HOSTS="zhifa.example.gov.cn")
    result = subprocess.run(
        [sys.executable, "-m", "yuezhifa.cli", "check"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "YZF_SECRET_KEY" in result.stderr
