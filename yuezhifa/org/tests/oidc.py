"""A real OpenID Connect provider for the tests (django-oidc-provider, ``tests/oidc_provider``), run in a process of its
own on 127.0.0.1, and the way to sign in at it: ``running_provider`` starts and stops it, ``provider_settings`` points
the platform at it, ``provider_clock`` puts the test on the provider's clock (its tokens carry its time)."""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import html
import os
import re
import select
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import requests
import time_machine

ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID = "yuezhifa-test"
CLIENT_SECRET = "test-client-secret-0053"
OP_PASSWORD = "op-Pass-word-123"
# The people of the provider (tests/oidc_provider/claims.py) and the ID numbers it releases for them.
ZHANG_ID = "44010619900307001X"  # released with a lower-case x
LI_ID = "440106198805120002"
WANG_ID = "44010619920101000X"  # no account on the platform


@dataclasses.dataclass
class Provider:
    url: str
    log: Path

    @property
    def issuer(self) -> str:
        return self.url + "/op"


def _test_now() -> str:
    return os.environ.get("YZF_TEST_NOW", "").strip() or "2026-12-01T10:00:00+08:00"


@contextlib.contextmanager
def running_provider(redirect_uris: list[str], folder: Path):
    """Start the provider with a fresh database in ``folder``; stop it at the end, whatever happens."""
    log = folder / "op.log"
    env = {**os.environ, "YZF_TEST_OP_DB": str(folder / "op.sqlite3"), "YZF_TEST_OP_CLIENT_ID": CLIENT_ID,
           "YZF_TEST_OP_CLIENT_SECRET": CLIENT_SECRET, "YZF_TEST_NOW": _test_now(),
           "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings", "PYTHONPATH": str(ROOT)}
    with open(log, "w") as err:
        process = subprocess.Popen([sys.executable, "-m", "tests.oidc_provider.serve", *redirect_uris], cwd=ROOT,
                                   env=env, stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 120)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("READY "):
            raise RuntimeError(f"the test OpenID provider did not start: {line!r}\n{log.read_text()[-3000:]}")
        yield Provider(url=f"http://127.0.0.1:{int(line.split()[1])}", log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        process.stdout.close()


def provider_settings(settings, provider: Provider, **extra) -> None:
    """Point the platform at ``provider`` (the ``settings`` fixture undoes it)."""
    settings.YZF_OIDC_CLIENT_ID = CLIENT_ID
    settings.YZF_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.YZF_OIDC_ISSUER = provider.issuer
    settings.YZF_OIDC_SCOPES = "openid profile id_card"
    settings.YZF_OIDC_ID_CLAIM = "id_card"
    settings.YZF_OIDC_TIMEOUT = 20
    # what settings.py adds to form-action for a platform configured in the environment (YZF_OIDC_FORM_ACTION)
    directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    directives["form-action"] = [*directives["form-action"], provider.url]
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "DIRECTIVES": directives}
    for key, value in extra.items():
        setattr(settings, key, value)


@contextlib.contextmanager
def provider_clock(provider: Provider):
    """The test's clock set to the provider's (read from its Date header, ticking): the ID token's times are the
    provider's, and the platform checks them against its own."""
    response = requests.get(provider.issuer + "/.well-known/openid-configuration", timeout=20)
    moment = email.utils.parsedate_to_datetime(response.headers["Date"])
    with time_machine.travel(moment, tick=True):
        yield


_HIDDEN = re.compile(r'<input name="([^"]+)" type="hidden" value="([^"]*)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in_at_provider(authorize_url: str, username: str, *, consent: bool = True) -> str:
    """A person's browser at the provider: the authorization request, the provider's sign-in form, the consent
    page. Returns the URL the provider sends the browser back to (the platform's callback)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=20)
    assert response.status_code == 302, response.text[:500]
    login_url = urljoin(authorize_url, response.headers["Location"])
    page = browser.get(login_url, timeout=20)
    token = _CSRF.search(page.text).group(1)
    next_url = html.unescape(re.search(r'name="next" value="([^"]*)"', page.text).group(1))
    response = browser.post(login_url, data={"username": username, "password": OP_PASSWORD,
                                             "csrfmiddlewaretoken": token, "next": next_url},
                            allow_redirects=False, timeout=20)
    assert response.status_code == 302, response.text[:500]
    consent_page = browser.get(urljoin(login_url, response.headers["Location"]), allow_redirects=False, timeout=20)
    assert consent_page.status_code == 200 and "allow" in consent_page.text, consent_page.text[:500]
    data = {name: html.unescape(value) for name, value in _HIDDEN.findall(consent_page.text)}
    data["csrfmiddlewaretoken"] = _CSRF.search(consent_page.text).group(1)
    if consent:
        data["allow"] = "Authorize"
    response = browser.post(consent_page.url, data=data, allow_redirects=False, timeout=20)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]
