"""``make demo`` never shows Django's English debug pages (decision 0023): DEBUG is on only when a developer sets
YZF_DEBUG=true, so a 404 or a 500 in the default configuration is the Chinese page, and WhiteNoise still serves the
static files without DEBUG."""

import os
import re
import subprocess
import sys

from django.conf import settings

PROBE = '''
import django.urls
from django.conf import settings
from django.test import Client
from django.urls import path

import yuezhifa.urls as root


def boom(request):
    raise RuntimeError("boom")


root.urlpatterns.append(path("boom-for-test/", boom))
django.urls.clear_url_caches()
client = Client(raise_request_exception=False)
print("DEBUG", settings.DEBUG)
for url in ("/no-such-page/", "/boom-for-test/", "/static/yzf/site.css"):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    print("=====", url, response.status_code)
    print(body.decode())
'''

ENGLISH_DEBUG_TEXT = ("Page not found", "Traceback", "Request Method", "Django tried these URL patterns",
                      "DEBUG = True", "RuntimeError", "Server Error")


def _demo_env(tmp_path) -> dict[str, str]:
    """The environment of ``make demo``: no YZF_* variable at all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("YZF_") and k != "DATABASE_URL"}
    env.update({"DJANGO_SETTINGS_MODULE": "yuezhifa.settings", "YZF_VAR_DIR": str(tmp_path / "var")})
    return env


def test_default_configuration_renders_the_chinese_404_and_500_pages_and_serves_static_files(tmp_path):
    result = subprocess.run([sys.executable, "-m", "yuezhifa.cli", "shell", "-c", PROBE], env=_demo_env(tmp_path),
                            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "DEBUG False" in out
    pages = dict(re.findall(r"===== (\S+) (\d+)\n", out))
    assert pages == {"/no-such-page/": "404", "/boom-for-test/": "500", "/static/yzf/site.css": "200"}
    html = out.split("===== /static/")[0]
    assert "未找到该页面或记录" in html and "系统出错" in html
    for text in ENGLISH_DEBUG_TEXT:
        assert text not in html, text


def test_make_demo_does_not_turn_debug_on():
    makefile = (settings.BASE_DIR / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^demo:.*?(?=^\S|\Z)", makefile, flags=re.S | re.M).group(0)
    assert "$(YZF) serve" in recipe
    assert "DEBUG" not in makefile  # neither the demo recipe nor anything it includes sets YZF_DEBUG
