"""议题 16 §1 acceptance (multi-node part): one hub and two city nodes, each its own PostgreSQL 15 cluster on a free
127.0.0.1 port, joined by ``yzf topology`` on PostgreSQL's logical replication (docs/decisions/0055).

- base data entered at the hub appear on both nodes;
- a case opened on each node appears at the hub, its bigint keys in the node's range (no collision);
- a node's write to base data is refused by the application (naming the hub) and by the database;
- ``status`` shows the subscriptions, ``leave`` drops them and the hub keeps the node's cases.

Runs in the PostgreSQL pass of CI (DATABASE_URL=postgres://…), where PostgreSQL 15 is installed; elsewhere it is
skipped. The clusters get the schema that ``migrate`` made for the run's own test database (a dump of it: a full
``migrate`` per cluster would take minutes) and then run ``migrate`` themselves, which must find nothing to apply.
"""

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from yuezhifa.topology import tables

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[3]
HUB_CODE = None
NODES = ("440100", "440300")

# django_db: so that pytest-django makes (migrates) the run's test database, whose dump seeds the clusters
pytestmark = [pytest.mark.topology, pytest.mark.django_db]


def _skip_or_fail(reason: str):
    if os.environ.get("CI") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail(f"CI 的 PostgreSQL 一轮必须运行多节点测试：{reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd, **kwargs) -> str:
    kwargs.setdefault("cwd", "/")
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} 失败（{result.returncode}）：\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Cluster:
    def __init__(self, name: str, base: Path, code: str | None):
        self.name, self.code = name, code
        self.dir = base / name
        self.port = _free_port()
        self.started = False

    def admin(self, dbname="yzf") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"

    def app_url(self) -> str:
        return f"postgres://yzf@127.0.0.1:{self.port}/yzf"

    def init_and_start(self):
        _run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.dir), "-U", "postgres", "--auth=trust",
                           "-E", "UTF8", "--locale=C", "-N"]))
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir} "
                   "-c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10 "
                   "-c max_logical_replication_workers=8 -c max_sync_workers_per_subscription=2 -c max_worker_processes=16 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-o", options,
                           "-l", str(self.dir / "server.log"), "-w", "start"]))
        self.started = True
        with psycopg.connect(self.admin("postgres"), autocommit=True) as conn:
            conn.execute("CREATE ROLE yzf LOGIN")
            conn.execute("CREATE DATABASE yzf OWNER yzf TEMPLATE template0 ENCODING 'UTF8'")

    def stop(self):
        if self.started:
            subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-m", "immediate", "stop"]),
                           capture_output=True, timeout=60, cwd="/")
            self.started = False

    def env(self, var: Path) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "YZF_", "PYTEST"))}
        env.update(DATABASE_URL=self.app_url(), YZF_ROLE="node" if self.code else "hub",
                   YZF_NODE_CODE=self.code or "", YZF_HUB_NAME="广东省一体化行政执法平台（测试）",
                   YZF_VAR_DIR=str(var / self.name), DJANGO_SETTINGS_MODULE="yuezhifa.settings")
        return env

    def yzf(self, var: Path, *args: str) -> str:
        return _run([sys.executable, "-m", "yuezhifa.cli", *args], env=self.env(var), cwd=ROOT)

    def topology(self, *args: str) -> str:
        """``yzf topology …`` for this cluster, run in this process (its options name every database it touches)."""
        out = io.StringIO()
        with override_settings(YZF_ROLE="node" if self.code else "hub", YZF_NODE_CODE=self.code or "",
                               YZF_HUB_NAME="广东省一体化行政执法平台（测试）"):
            call_command("topology", *args, stdout=out)
        return out.getvalue()

    def script(self, var: Path, *args: str) -> dict:
        out = _run([sys.executable, "-m", "yuezhifa.topology.tests.multinode_script", *args], env=self.env(var),
                   cwd=ROOT)
        return json.loads(out.strip().splitlines()[-1])

    def query(self, statement: str, params=(), *, as_app=False):
        conninfo = f"host=127.0.0.1 port={self.port} user=yzf dbname=yzf" if as_app else self.admin()
        with psycopg.connect(conninfo, autocommit=True) as conn:
            return conn.execute(statement, params).fetchall()


def _parallel(*calls):
    """Run independent steps at once (each a Django process of a few seconds); their results, in order."""
    with ThreadPoolExecutor(len(calls)) as pool:
        return [f.result() for f in [pool.submit(call) for call in calls]]


def _wait_for(what: str, probe, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return
        time.sleep(0.3)
    raise AssertionError(f"等待超时：{what}")


def _dump_migrated_test_database(request, target: Path) -> None:
    """pytest-django's test database of this run was made by ``migrate`` on the suite's PostgreSQL: its dump gives
    the clusters the same schema and reference data without three more full migrations (one takes about a minute)."""
    from django.db import connections

    request.getfixturevalue("django_db_setup")
    db = connections["default"].settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    _run([str(PG_BIN / "pg_dump"), "-Fc", "-f", str(target), "-h", db.get("HOST") or "127.0.0.1",
          "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres", db["NAME"]], env=env)


@pytest.fixture(scope="module")
def province(request):
    if not (PG_BIN / "initdb").exists():
        _skip_or_fail(f"没有 {PG_BIN / 'initdb'}（PostgreSQL 15 未安装）")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("多节点测试只在 PostgreSQL 一轮运行（DATABASE_URL=postgres://…）")
    base = Path(tempfile.mkdtemp(prefix="yzf-topology-", dir="/tmp"))  # a place the postgres user can reach
    var = base / "var"
    var.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    hub = Cluster("hub", base, None)
    nodes = [Cluster(f"node{code}", base, code) for code in NODES]
    clusters = [hub, *nodes]
    try:
        _dump_migrated_test_database(request, base / "migrated.dump")
        _parallel(*(cluster.init_and_start for cluster in clusters))
        yield {"hub": hub, "nodes": nodes, "var": var, "dump": base / "migrated.dump"}
    finally:
        _parallel(*(cluster.stop for cluster in clusters))
        with contextlib.suppress(OSError):
            shutil.rmtree(base)


def test_hub_and_two_nodes_replicate_base_down_and_cases_up(province):
    hub, nodes, var = province["hub"], province["nodes"], province["var"]

    # the schema Django's migrate made for this test run, into each cluster; migrate confirms it on each
    def restore_and_migrate(cluster):
        _run([str(PG_BIN / "pg_restore"), "--no-owner", "--role=yzf", "-d", cluster.admin(), str(province["dump"])])
        return cluster.yzf(var, "migrate")

    assert all("No migrations to apply" in out for out in _parallel(*(
        lambda c=c: restore_and_migrate(c) for c in (hub, *nodes))))

    def refused_before_init():  # a node whose keys are not in its range is refused until init-node
        with pytest.raises(CommandError, match="不在本节点的键范围") as refused:
            nodes[0].topology("check", "--dsn", nodes[0].admin())
        return str(refused.value)

    def hub_init_and_publish():
        hub.topology("init-node", "--dsn", hub.admin())
        return hub.topology("publish", "--dsn", hub.admin())

    refused_before_init()
    published = hub_init_and_publish()
    assert "基础数据表" in published

    def node_init_and_join(node):
        assert "写权限" in node.topology("init-node", "--dsn", node.admin(), "--app-role", "yzf")
        return node.topology("join", "--hub", hub.admin(), "--dsn", node.admin())

    for out in map(node_init_and_join, nodes):
        assert "复制全部基础数据" in out and "省级平台：订阅" in out, out

    for cluster in (hub, *nodes):  # the initial copy of every table done (state r in pg_subscription_rel)
        _wait_for(f"{cluster.name} 的订阅完成初始复制", lambda c=cluster: c.query(
            "SELECT count(*) FILTER (WHERE srsubstate <> 'r'), count(*) FROM pg_subscription_rel")[0] == (
            0, len(tables.case_tables()) * len(NODES) if c is hub else len(tables.base_tables())))

    # base data flow down: the hub's seeds replace the node's own, then new base data follow
    made = hub.script(var, "seed_hub")
    for node in nodes:
        _wait_for(f"{node.name} 收到省级平台的执法主体", lambda node=node: node.query(
            "SELECT count(*) FROM org_enforcementbody WHERE id = ANY(%s::uuid[])",
            [list(made["bodies"].values())])[0][0] == 2)
        _wait_for(f"{node.name} 收到执法事项", lambda node=node: node.query(
            "SELECT count(*) FROM items_item WHERE code = %s", [made["item"]])[0][0] == 1)
        assert node.query("SELECT count(*) FROM core_calendarday") == hub.query("SELECT count(*) FROM core_calendarday")

    # case data flow up, keys in each node's range
    opened = dict(zip(NODES, _parallel(*(lambda n=n: n.script(
        var, "open_case", made["bodies"][n.code], made["officers"][n.code]) for n in nodes)), strict=True))
    for node in nodes:
        low = int(node.code) << 40
        assert low <= opened[node.code]["handler_row"] < low + (1 << 40)
        assert low <= opened[node.code]["user"] < low + (1 << 40)
    for code, case in opened.items():
        _wait_for(f"省级平台收到 {code} 的案件", lambda case=case: hub.query(
            "SELECT count(*) FROM cases_case WHERE id = %s", [case["case"]])[0][0] == 1)
        _wait_for(f"省级平台收到 {code} 的办案行为", lambda case=case: hub.query(
            "SELECT count(*) FROM cases_act WHERE case_id = %s", [case["case"]])[0][0] == case["acts"] > 0)
        _wait_for(f"省级平台收到 {code} 的办案人员（整数主键）", lambda case=case: hub.query(
            "SELECT id FROM cases_case_handlers WHERE case_id = %s", [case["case"]]) == [(case["handler_row"],)])

    # a node's write to base data is refused: by the application, naming the hub, and by the database
    refusal = nodes[0].script(var, "write_base")
    hub_status = hub.topology("status", "--json", "--dsn", hub.admin())
    node_status = nodes[0].topology("status", "--dsn", nodes[0].admin())
    assert "基础数据由省级平台（广东省一体化行政执法平台（测试））统一维护，本节点只读" in refusal["refused"]
    for statement in ("INSERT INTO org_domain (code, name) VALUES ('x', 'x')",
                      "UPDATE org_domain SET name = name", "DELETE FROM items_item"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            nodes[0].query(statement, as_app=True)
    assert nodes[0].query("SELECT count(*) FROM cases_case", as_app=True)[0][0] == 1  # reading is allowed

    status = json.loads(hub_status)
    assert sorted(s["name"] for s in status["subscriptions"]) == [f"yzf_case_{code}" for code in NODES]
    assert all(s["state"] == "运行中" and s["tables_ready"] == s["tables_total"] > 0 for s in status["subscriptions"])
    assert "订阅 yzf_base_440100：运行中" in node_status

    at_hub = _hub_sees_all_nodes(province, made, opened)

    # a node leaves: both subscriptions go, the hub keeps its cases
    out = nodes[1].topology("leave", "--hub", hub.admin(), "--dsn", nodes[1].admin())
    assert "已汇聚的数据保留" in out
    assert hub.query("SELECT subname FROM pg_subscription") == [("yzf_case_440100",)]
    assert nodes[1].query("SELECT count(*) FROM pg_subscription")[0][0] == 0
    assert hub.query("SELECT count(*) FROM cases_case")[0][0] == 2 + len(at_hub["published"])


def _hub_sees_all_nodes(province, made, opened) -> dict:
    """议题 16 §1: cases handled on both nodes, one on each reaching a published decision (办法 第四十五条), are in the
    hub's supervision dashboard and lists and on its /gongshi/ pages and search, with no error although their acts
    name node accounts the hub does not hold (decision 0059). Returns the hub's view and what each node published."""
    hub, nodes, var = province["hub"], province["nodes"], province["var"]
    more = hub.script(var, "seed_hub_on_spot", json.dumps(made["bodies"]))
    for node in nodes:
        _wait_for(f"{node.name} 收到当场处罚的执法事项", lambda node=node: node.query(
            "SELECT count(*) FROM items_item WHERE code = %s", [more["item"]])[0][0] == 1)
    published = dict(zip(NODES, _parallel(*(lambda n=n: n.script(
        var, "decide_and_publish", made["bodies"][n.code],
        f"{made['officers'][n.code]},{more['officers'][n.code]}", more["item"]) for n in nodes)), strict=True))
    assert all(p["status"] == "published" for p in published.values()), published
    for code, done in published.items():
        _wait_for(f"省级平台收到 {code} 的公示结果", lambda done=done: hub.query(
            "SELECT count(*) FROM disclosure_publishedresult WHERE id = %s", [done["result"]])[0][0] == 1)
        _wait_for(f"省级平台收到 {code} 的当场处罚案件的办案行为", lambda done=done: hub.query(
            "SELECT count(*) FROM cases_act WHERE case_id = %s", [done["case"]])[0][0] >= 2)
    cases = [c["case"] for c in opened.values()] + [p["case"] for p in published.values()]
    seen = hub.script(var, "hub_pages", ",".join(cases), ",".join(p["result"] for p in published.values()))
    assert {path: status for path, status in seen["statuses"].items() if status != 200} == {}, seen["statuses"]
    assert seen["counted"] == 4, seen
    assert seen["acts_of_node_accounts"] > 0  # the acts name accounts of the nodes: tolerated, not a 500
    assert all(seen["case_list_has"].values()) and len(seen["case_list_has"]) == 2, seen["case_list_has"]
    body_rows = " ".join(" ".join(row) for row in seen["body_rows"])
    assert "广州市市场监督管理局" in body_rows and "深圳市市场监督管理局" in body_rows, seen["body_rows"]
    assert seen["indexed"]["disclosure"][0] == 2, seen["indexed"]
    assert seen["found"] == {p["party"]: True for p in published.values()}, seen["found"]
    assert seen["subscriptions"] == [f"yzf_case_{code}" for code in NODES] and seen["lagging"] == [], seen
    return {"hub": seen, "published": published}
