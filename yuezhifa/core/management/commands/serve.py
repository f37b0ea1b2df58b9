"""``yzf serve``: the all-in-one shape in one command — gunicorn for the web and the huey consumer for background work.

Both run as child processes of this command. A first SIGINT/SIGTERM stops both gracefully (SIGTERM to each: gunicorn
finishes its requests, huey its running tasks); a second one stops them at once. When either child dies the other is
stopped too and the command exits non-zero, so a supervisor (systemd, a container runtime) sees the failure.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

POLL_SECONDS = 0.2
STOP_TIMEOUT_SECONDS = 40  # gunicorn's graceful timeout is 30 s; after this the children are killed


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to send the child SIGTERM if ``yzf serve`` itself is killed (SIGKILL cannot be forwarded)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Command(BaseCommand):
    help = "启动一体化部署：gunicorn Web 服务（静态文件由 WhiteNoise 提供）与 huey 后台任务进程，Ctrl-C 同时停止两者。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="监听端口（默认 8000）")
        parser.add_argument(
            "--workers", type=int, default=settings.YZF_WEB_WORKERS, help="gunicorn 工作进程数"
        )
        parser.add_argument("--threads", type=int, default=4, help="每个 gunicorn 工作进程的线程数（默认 4）")
        parser.add_argument("--access-log", action="store_true", help="在标准输出打印访问日志")

    def handle(self, *args, **options):
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers 与 --threads 必须为正整数。")
        self._warn_unapplied_migrations()
        from yuezhifa.topology.services import refuse_to_start_out_of_range

        refuse_to_start_out_of_range()  # a hub or node whose keys could collide with another's does not start

        env = {"DJANGO_SETTINGS_MODULE": "yuezhifa.settings", **os.environ}  # the children read the same settings
        host, port = options["host"], options["port"]
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        web_cmd = [
            sys.executable, "-m", "gunicorn", "yuezhifa.wsgi:application",
            "--bind", bind,
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--graceful-timeout", "30",
            "--timeout", "120",
            "--no-control-socket",  # no socket under ~/.gunicorn: several instances may run side by side
        ]  # fmt: skip
        if options["access_log"]:
            web_cmd += ["--access-logfile", "-"]
        worker_cmd = [
            sys.executable, "-m", "yuezhifa.cli", "run_huey",
            "--graceful-signal", "TERM",
            "--shutdown-timeout", "30",
            "--quiet",
        ]  # fmt: skip

        self.children: dict[str, subprocess.Popen] = {}
        self.stop_requests = 0
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for name, cmd in (("web", web_cmd), ("worker", worker_cmd)):
                # Own process group: a terminal's Ctrl-C reaches only this command, which stops the children in order.
                self.children[name] = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                    cmd, env=env, process_group=0, preexec_fn=_die_with_parent if sys.platform == "linux" else None
                )
            self._announce(host, port)
            exit_code = self._supervise()
        finally:
            self._stop_all(signal.SIGTERM)
            self._wait_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exit_code:
            raise CommandError("后台进程意外退出，服务已停止。", returncode=exit_code)
        self.stdout.write("粤执法已停止。")

    # --- supervision --------------------------------------------------------------------------------------------
    def _on_signal(self, signum, frame):
        self.stop_requests += 1
        # First request: graceful (SIGTERM); any further request: immediate (SIGINT is "quick shutdown" for both).
        self._stop_all(signal.SIGTERM if self.stop_requests == 1 else signal.SIGINT)

    def _stop_all(self, sig) -> None:
        for child in getattr(self, "children", {}).values():
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(sig)

    def _wait_all(self) -> None:
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

    def _supervise(self) -> int:
        """Wait until a stop is requested or a child dies; return the exit code for this command."""
        while True:
            if self.stop_requests:
                return 0
            for name, child in self.children.items():
                code = child.poll()
                if code is not None:
                    if self.stop_requests:
                        return 0
                    label = "Web 服务（gunicorn）" if name == "web" else "后台任务进程（huey）"
                    self.stderr.write(f"{label}已退出（退出码 {code}），正在停止其余进程。")
                    return code or 1
            time.sleep(POLL_SECONDS)

    # --- messages -----------------------------------------------------------------------------------------------
    def _announce(self, host: str, port: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        web, worker = self.children["web"], self.children["worker"]
        self.stdout.write(self.style.SUCCESS(f"粤执法已启动：http://{shown}:{port}/"))
        self.stdout.write(
            f"Web 服务（gunicorn）进程号 {web.pid}，后台任务（huey）进程号 {worker.pid}。按 Ctrl-C 停止。"
        )
        accounts = settings.VAR_DIR / "demo-accounts.txt"
        if accounts.is_file():
            self.stdout.write("")
            self.stdout.write(f"演示账号（{accounts}）：")
            self.stdout.write(accounts.read_text(encoding="utf-8").rstrip())
            self.stdout.write("")
        self.stdout.flush()

    def _warn_unapplied_migrations(self) -> None:
        try:
            executor = MigrationExecutor(connections["default"])
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception as exc:  # a broken database must not hide the error gunicorn will show
            self.stderr.write(f"无法检查数据库迁移状态：{exc}")
            return
        finally:
            connections.close_all()
        if pending:
            self.stderr.write(self.style.WARNING(f"有 {len(pending)} 个数据库迁移尚未执行，请先运行：yzf migrate"))
