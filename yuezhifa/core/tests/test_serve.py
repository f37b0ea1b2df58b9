"""``yzf serve`` runs the web server and the background worker together and stops both together."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> dict[int, str]:
    """Direct children of ``pid`` with their command lines, read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found[int(entry.name)] = cmdline
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _get_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_serve_runs_web_and_worker_and_stops_both_on_sigterm(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("YZF_") and k != "DATABASE_URL"}
    env.update({"DJANGO_SETTINGS_MODULE": "yuezhifa.settings", "YZF_VAR_DIR": str(tmp_path / "var")})
    yzf = [sys.executable, "-m", "yuezhifa.cli"]
    subprocess.run([*yzf, "migrate", "--noinput", "-v", "0"], env=env, cwd=settings.BASE_DIR, check=True, timeout=300)
    (tmp_path / "var" / "demo-accounts.txt").write_text("演示账号 demo-user / demo-password\n", encoding="utf-8")

    port = _free_port()
    log = tmp_path / "serve.log"
    children: dict[int, str] = {}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*yzf, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120  # generous: CI machines may be busy
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            status = _get_status(f"http://127.0.0.1:{port}/login/")
            if status == 200:
                break
            time.sleep(0.3)
        output = log.read_text(encoding="utf-8", errors="replace")
        assert status == 200, f"GET /login/ gave {status}; server output:\n{output}"

        children = _children(server.pid)
        workers = [pid for pid, cmd in children.items() if "run_huey" in cmd]
        webs = [pid for pid, cmd in children.items() if "gunicorn" in cmd]
        assert len(workers) == 1 and _alive(workers[0]), children
        assert len(webs) == 1 and _alive(webs[0]), children
        assert f"http://127.0.0.1:{port}/" in output
        assert "demo-user / demo-password" in output

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0, log.read_text(encoding="utf-8", errors="replace")
        gone_by = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < gone_by:
            time.sleep(0.2)
        assert not [pid for pid in children if _alive(pid)], children
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
