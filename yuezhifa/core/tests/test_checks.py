"""``yzf check`` (and every start) warns in Chinese when the upload directory is missing or read-only."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from yuezhifa.core import checks


def _ids(messages):
    return [m.id for m in messages]


def test_a_missing_media_directory_is_reported(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"
    messages = checks.media_directory()
    assert _ids(messages) == ["yzf.W001"]
    assert "上传文件目录" in messages[0].msg and "不存在" in messages[0].msg and "YZF_MEDIA_ROOT" in messages[0].hint


def test_a_read_only_media_directory_is_reported(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    assert checks.media_directory() == []
    monkeypatch.setattr(checks, "_writable", lambda directory: False)  # a read-only mount
    messages = checks.media_directory()
    assert _ids(messages) == ["yzf.W002"] and "只读" in messages[0].msg


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any directory")
def test_the_write_probe_sees_a_directory_without_write_permission(tmp_path):
    tmp_path.chmod(0o555)
    try:
        assert not checks._writable(tmp_path)
    finally:
        tmp_path.chmod(0o755)


def test_object_storage_needs_no_media_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "none"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    assert checks.media_directory() == []


def test_yzf_check_prints_the_warning(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("YZF_") and k != "DATABASE_URL"}
    env.update({"DJANGO_SETTINGS_MODULE": "yuezhifa.settings", "YZF_VAR_DIR": str(tmp_path / "var"),
                "YZF_MEDIA_ROOT": str(tmp_path / "missing")})
    result = subprocess.run([sys.executable, "-m", "yuezhifa.cli", "check"], env=env, cwd=django_settings.BASE_DIR,
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert "yzf.W001" in output and "上传文件目录" in output and "不存在" in output
