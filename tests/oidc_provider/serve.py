"""Run the test OpenID Connect provider: ``python -m tests.oidc_provider.serve REDIRECT_URI [REDIRECT_URI …]``.

Creates its SQLite database (``YZF_TEST_OP_DB``), an RSA signing key, one confidential client (``YZF_TEST_OP_CLIENT_ID``
/ ``YZF_TEST_OP_CLIENT_SECRET``, RS256, consent asked every time) allowed to return to the given redirect URIs, and the
people of ``claims.PEOPLE``; then serves on a free port of 127.0.0.1 and prints ``READY <port>`` on one line. The
clock is the tests' one (``YZF_TEST_NOW``, ticking), so the tokens it signs are neither old nor early for the platform
under test. Stops on SIGTERM."""

import datetime
import os
import signal
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        if os.environ.get("YZF_TEST_OP_LOG"):
            super().log_message(format, *args)


class _Threading(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _setup(redirect_uris: list[str]) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth.models import User
    from oidc_provider.models import Client, ResponseType, RSAKey

    from .claims import PASSWORD, PEOPLE

    if not RSAKey.objects.exists():
        call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client, _ = Client.objects.get_or_create(client_id=os.environ["YZF_TEST_OP_CLIENT_ID"], defaults={
        "name": "粤执法（测试）", "client_type": "confidential",
        "client_secret": os.environ["YZF_TEST_OP_CLIENT_SECRET"], "jwt_alg": "RS256",
        "require_consent": True, "reuse_consent": False})
    client.redirect_uris = redirect_uris
    client.post_logout_redirect_uris = [uri.split("/oidc/")[0] + "/login/" for uri in redirect_uris]
    client.scope = ["openid", "profile", "id_card"]
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])
    for username in PEOPLE:
        if not User.objects.filter(username=username).exists():
            User.objects.create_user(username, password=PASSWORD)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    now = os.environ.get("YZF_TEST_NOW", "").strip()
    if now:
        import time_machine

        time_machine.travel(datetime.datetime.fromisoformat(now), tick=True).start()
    _setup(sys.argv[1:])
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Threading, handler_class=_Quiet)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"READY {server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
