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


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    env = _clean_env(
        tmp_path,
        YZF_ENV="production",
        YZF_SECRET_KEY=secrets.token_urlsafe(48)[:64],
        YZF_ALLOWED_HOSTS="zhifa.example.gov.cn",
    )
    result = subprocess.run(
        [sys.executable, "-m", "yuezhifa.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output


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
