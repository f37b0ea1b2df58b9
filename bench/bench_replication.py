"""Benchmark of the provincial topology (议题 16 §1, docs/decisions/0055): replication lag under a sustained act load.

Two PostgreSQL 15 clusters on free 127.0.0.1 ports, made by ``initdb`` in a temporary directory and removed
afterwards: a city node (440100) and the provincial hub. The node's schema is made by ``migrate``, the hub gets a dump
of it; the node publishes its case tables and the hub subscribes (logical replication), as ``yzf topology join`` does.

The load is real acts through the services (``faults_script.Writer``: 查封、扣押案源登记 and 批准实施查封、扣押 in turn,
no PDF), for ``--seconds`` at each rate of ``--rates`` (acts a second; 0 = as fast as the node goes). Prints, from one
run on the same machine:

* the baseline: the same writes, as fast as they go, with no subscription (acts a second without replication);
* for each rate: the acts a second achieved at the node, and the lag at the hub — from the act's commit at the node
  (``pg_xact_commit_timestamp``, ``track_commit_timestamp = on``) to its row being applied at the hub (a trigger that
  fires for the replication worker, ``ENABLE ALWAYS``, stamps ``clock_timestamp()``) — p50, p95 and max; and the
  unthrottled rate's ratio to the baseline (what replication costs the node).

    .venv/bin/python bench/bench_replication.py                         # baseline and 3 rates × 10 s
    .venv/bin/python bench/bench_replication.py --seconds 5 --rates 10,0

Needs PostgreSQL 15's binaries in /usr/lib/postgresql/15/bin (run as root, the clusters run as the postgres user).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")

PG_BIN = Path("/usr/lib/postgresql/15/bin")
NODE_CODE = "440100"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd="/")
    if result.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} 失败：{result.stderr or result.stdout}")


class Cluster:
    """A throwaway cluster: WAL logical, commit timestamps kept; fsync off (a benchmark on a shared machine: the
    commit still writes its WAL before it returns, synchronous_commit = on)."""

    def __init__(self, base: Path, name: str):
        self.dir, self.port = base / name, _free_port()

    def start(self) -> None:
        _run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.dir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                           "--locale=C", "-N"]))
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir} "
                   "-c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10 "
                   "-c track_commit_timestamp=on -c fsync=off -c full_page_writes=off")
        _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-o", options, "-l",
                           str(self.dir / "server.log"), "-w", "start"]))
        import psycopg

        with psycopg.connect(self.admin("postgres"), autocommit=True) as conn:
            conn.execute("CREATE ROLE yzf LOGIN")
            conn.execute("CREATE DATABASE yzf OWNER yzf TEMPLATE template0 ENCODING 'UTF8'")

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60, cwd="/")

    def admin(self, dbname: str = "yzf") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], ordered[-1]


def _load(writer, seconds: float, rate: float, start_at: int) -> tuple[int, float]:
    """Acts for ``seconds`` at ``rate`` a second (0: as fast as they go); (acts done, seconds taken)."""
    began = time.monotonic()
    n = start_at
    while time.monotonic() - began < seconds:
        if rate:
            wait = began + (n - start_at) / rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        writer.act(n)
        n += 1
    if n % 2:  # end on an approval, so the next phase opens a case
        writer.act(n)
        n += 1
    return n - start_at, time.monotonic() - began


def _caught_up(node, hub, timeout: float = 120.0) -> float:
    """Seconds until the hub's subscription confirms the node's WAL position taken now."""
    began = time.monotonic()
    target = node.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    while time.monotonic() - began < timeout:
        if node.execute("SELECT confirmed_flush_lsn >= %s FROM pg_replication_slots WHERE slot_name = 'yzf_case_bench'",
                        [target]).fetchone()[0]:
            return time.monotonic() - began
        time.sleep(0.05)
    raise SystemExit("省级平台在 120 秒内未追上节点")


def _lags(node, hub, run: str) -> list[float]:
    committed = dict(node.execute(
        "SELECT id, pg_xact_commit_timestamp(xmin) FROM cases_act WHERE data->>'idempotency_key' LIKE %s",
        [f"{run}-%"]).fetchall())
    seen = dict(hub.execute("SELECT act_id, seen_at FROM bench_seen WHERE act_id = ANY(%s)",
                            [list(committed)]).fetchall())
    missing = len(committed) - len(seen)
    if missing:
        raise SystemExit(f"省级平台缺少 {missing} 个办案行为")
    return [(seen[k] - committed[k]).total_seconds() * 1000 for k in committed]


def main() -> int:
    parser = argparse.ArgumentParser(description="省市两级部署：持续办案负载下的复制延迟")
    parser.add_argument("--seconds", type=float, default=10.0, help="每档负载的持续秒数（默认 10）")
    parser.add_argument("--rates", default="10,25,0", help="每秒办案行为数，逗号分隔；0 为不限速（默认 10,25,0）")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    if not (PG_BIN / "initdb").exists():
        print(f"跳过：没有 {PG_BIN / 'initdb'}（PostgreSQL 15 未安装）")
        return 0

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped from outside: the clusters are still removed
    base = Path(tempfile.mkdtemp(prefix="yzf-bench-replication-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    node, hub = Cluster(base, "node"), Cluster(base, "hub")
    started = time.monotonic()
    try:
        node.start()
        hub.start()
        os.environ.update(DATABASE_URL=f"postgres://yzf@127.0.0.1:{node.port}/yzf", YZF_VAR_DIR=str(base / "var"),
                          YZF_ROLE="all-in-one")
        import django

        django.setup()
        import psycopg
        from django.conf import settings
        from django.core.management import call_command

        from yuezhifa.topology import services
        from yuezhifa.topology.tests import faults_script, multinode_script

        settings.DEBUG = False
        print(f"CPU 核数：{os.cpu_count()}；负载：{', '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)
        call_command("migrate", verbosity=0)
        multinode_script.seed_hub()
        faults_script.users(NODE_CODE)
        dump = base / "node.dump"
        _run(_as_postgres([str(PG_BIN / "pg_dump"), "-Fc", "-f", str(dump), "-d", node.admin()]))
        _run(_as_postgres([str(PG_BIN / "pg_restore"), "-d", hub.admin(), str(dump)]))
        print(f"准备：两个集群、迁移与种子数据 {time.monotonic() - started:.0f} 秒", file=sys.stderr)

        node_conn = psycopg.connect(node.admin(), autocommit=True)
        hub_conn = psycopg.connect(hub.admin(), autocommit=True)
        hub_conn.execute("CREATE TABLE bench_seen (act_id uuid PRIMARY KEY, seen_at timestamptz NOT NULL)")
        hub_conn.execute("CREATE FUNCTION bench_seen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                         "INSERT INTO public.bench_seen VALUES (NEW.id, clock_timestamp()); RETURN NULL; END $$")
        hub_conn.execute("CREATE TRIGGER bench_seen AFTER INSERT ON cases_act FOR EACH ROW EXECUTE FUNCTION bench_seen()")
        hub_conn.execute("ALTER TABLE cases_act ENABLE ALWAYS TRIGGER bench_seen")

        writer = faults_script.Writer("warmup", patience=10)
        _load(writer, 2, 0, 0)  # the process's first acts fill its caches: not measured
        writer.run = "bench"
        n = 0
        # --- baseline: the same writes with no subscription ----------------------------------------------------
        done, took = _load(writer, args.seconds, 0, n)
        n += done
        baseline = done / took
        print(f"\n基线（无订阅，不限速）：{done} 个办案行为 {took:.1f} 秒，{baseline:.1f} 个/秒")

        services.publish_case(node_conn, "bench")
        hub_conn.execute(services.subscribe_sql("yzf_case_bench", node.admin(), "yzf_case_bench"))
        synced_by = time.monotonic() + 120
        while hub_conn.execute("SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'").fetchone()[0]:
            if time.monotonic() > synced_by:
                raise SystemExit("省级平台的订阅在 120 秒内未完成初始复制（见 hub/server.log）")
            time.sleep(0.1)
        _caught_up(node_conn, hub_conn)

        print(f"\n{'目标速率':>8} {'实际（个/秒）':>12} {'行为数':>6} {'延迟 p50':>9} {'p95':>9} {'最大':>9} {'追平用时':>8}")
        unthrottled = None
        for rate in rates:
            writer.run = f"rate{rate:g}"
            done, took = _load(writer, args.seconds, rate, 0)
            settle = _caught_up(node_conn, hub_conn)
            p50, p95, worst = _percentiles(_lags(node_conn, hub_conn, writer.run))
            if not rate:
                unthrottled = done / took
            label = f"{rate:g}/秒" if rate else "不限速"
            print(f"{label:>8} {done / took:>14.1f} {done:>8} {p50:>8.0f}ms {p95:>7.0f}ms {worst:>7.0f}ms "
                  f"{settle:>8.2f}秒")
        if unthrottled:
            print(f"\n不限速时有复制 / 无订阅：{unthrottled / baseline:.2f}（复制使节点的办案速率变为基线的 "
                  f"{unthrottled / baseline:.0%}）")
        print(f"总用时 {time.monotonic() - started:.0f} 秒")
        node_conn.close()
        hub_conn.close()
        from django.db import connection

        connection.close()
        return 0
    finally:
        for cluster in (hub, node):
            cluster.stop()
        with contextlib.suppress(OSError):
            shutil.rmtree(base)


if __name__ == "__main__":
    sys.exit(main())
