"""议题 16 §1 acceptance, faults: with one hub and two city nodes on PostgreSQL's logical replication
(docs/decisions/0055, 0058), nothing is lost and nothing doubled at the hub when

- a node's PostgreSQL is stopped with ``pg_ctl stop -m immediate`` in the middle of 1,000 acts, then restarted;
- the hub is stopped for a while (the nodes keep working), then restarted;
- a node runs cut off from the hub (the network between them refuses every connection), then is reconnected.

After each fault the hub catches up (``wait_caught_up``: the publisher's replication slot confirms the WAL position
taken after the writes, bounded by a timeout) and every case table is compared, node by node: the rows count and the
md5 of the ordered row texts at the hub (that node's rows, by primary key) equal the node's own, and the hub holds no
row that is on no node. Base data entered at the hub while a node was unreachable reach it afterwards
(办法 第十三条：基础数据省级统一维护；第十四条、第四十六条：执法数据汇聚到省执法数据主题库).

The writer is a client process of the node (``faults_script write``): real acts through the services, each with an
idempotency key, retried while the database is away, so an act committed before a crash is replayed, never redone.
"""

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from yuezhifa.topology import services, tables

from .test_multinode import (
    NODES,
    PG_BIN,
    ROOT,
    Cluster,
    _as_postgres,
    _free_port,
    _parallel,
    _run,
    _wait_for,
    province,  # noqa: F401 - the module's clusters (a fixture)
)

pytestmark = [pytest.mark.topology, pytest.mark.django_db]

ACTS = 1000  # the node crash happens in the middle of these, written by WRITERS clients at once
WRITERS = 2
ACTS_WHILE_AWAY = 60  # per node, while the hub is down or the node cut off


# --- helpers ------------------------------------------------------------------------------------------------------


class Relay:
    """A TCP relay on 127.0.0.1 standing for the network between the hub and a node: the replication connections
    in both directions pass through it. ``cut`` closes every relayed connection and refuses new ones (as a firewall
    that rejects; PostgreSQL's configuration is left alone); ``reconnect`` lets connections through again."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.port = _free_port()
        self.live: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.server: socket.socket | None = None  # listening while connected
        self.reconnect()

    def reconnect(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self.server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return  # cut
            if server is not self.server:  # accepted just as the cut came
                client.close()
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.live |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        with contextlib.suppress(OSError):
            server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept() (closing alone would not)
        server.close()
        with self.lock:
            live, self.live = self.live, set()
        for s in live:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def conninfo(self, dbname="yzf") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"


def restart(cluster: Cluster) -> None:
    """Start a stopped cluster again with the options it last ran with (``pg_ctl restart`` reads postmaster.opts)."""
    _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(cluster.dir), "-l", str(cluster.dir / "server.log"),
                       "-w", "restart"]))
    cluster.started = True


def stop(cluster: Cluster, mode: str) -> None:
    _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(cluster.dir), "-m", mode, "-w", "stop"]))
    cluster.started = False


def wait_caught_up(publisher: Cluster, subscriber: Cluster, subscription: str, timeout=45.0) -> float:
    """Wait until ``subscriber`` has applied, through ``subscription``, everything ``publisher`` had written when
    called: the publisher's slot (named after the subscription) confirms a flush at or past the publisher's WAL
    position of now. Polls every 0.1 s and fails after ``timeout`` seconds, naming the subscription and its state.
    Returns the seconds it took."""
    began = time.monotonic()
    target = publisher.query("SELECT pg_current_wal_lsn()::text")[0][0]
    while time.monotonic() - began < timeout:
        row = publisher.query("SELECT confirmed_flush_lsn >= %s::pg_lsn FROM pg_replication_slots "
                              "WHERE slot_name = %s", [target, subscription])
        if row and row[0][0]:
            return time.monotonic() - began
        time.sleep(0.1)
    state = services.status(psycopg.connect(subscriber.admin(), autocommit=True))
    raise AssertionError(f"等待超时（{timeout} 秒）：{subscriber.name} 的订阅 {subscription} 未追上 {publisher.name} 的 "
                         f"{target}；状态：{json.dumps(state, ensure_ascii=False, default=str)}")


def caught_up(hub: Cluster, nodes: list[Cluster]) -> None:
    for node in nodes:
        wait_caught_up(node, hub, services.case_subscription(node.code))
        wait_caught_up(hub, node, services.base_subscription(node.code))


def _primary_keys(cluster: Cluster) -> dict[str, str]:
    rows = cluster.query(
        "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE i.indisprimary AND c.relname = ANY(%s)", [tables.case_tables()])
    return dict(rows)


def _digest(cluster: Cluster, table: str, pk: str, keys=None) -> tuple[int, str | None, list]:
    """(rows, md5 of the ordered row texts, keys) of ``table``: all its rows, or those whose key is in ``keys``."""
    where = psycopg.sql.SQL("WHERE t.{} = ANY(%s)").format(psycopg.sql.Identifier(pk)) if keys is not None \
        else psycopg.sql.SQL("")
    statement = psycopg.sql.SQL(
        "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.{pk})), "
        "coalesce(array_agg(t.{pk} ORDER BY t.{pk}), '{{}}') FROM {table} t {where}").format(
        pk=psycopg.sql.Identifier(pk), table=psycopg.sql.Identifier(table), where=where)
    with psycopg.connect(cluster.admin(), autocommit=True) as conn:
        conn.execute("SET TimeZone = 'UTC'")  # the row texts the same on every cluster
        count, md5, ids = conn.execute(statement, [keys] if keys is not None else []).fetchone()
    return count, md5, list(ids)


def assert_hub_holds_exactly_the_nodes(hub: Cluster, nodes: list[Cluster]) -> dict:
    """Every case table: the hub's rows of each node count and digest as on the node; none besides. Returns the
    rows per (node code, table) for the test's own checks."""
    pks = _primary_keys(hub)
    assert set(pks) == set(tables.case_tables())
    counts = {}
    for table, pk in sorted(pks.items()):
        total = 0
        for node in nodes:
            rows, md5, keys = _digest(node, table, pk)
            at_hub = _digest(hub, table, pk, keys)
            assert at_hub[:2] == (rows, md5), (
                f"{table}：省级平台上 {node.code} 的 {at_hub[0]} 行（{at_hub[1]}）与节点的 {rows} 行（{md5}）不一致")
            counts[(node.code, table)] = rows
            total += rows
        hub_rows = hub.query(psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table)))[0][0]
        assert hub_rows == total, f"{table}：省级平台有 {hub_rows} 行，各节点合计 {total} 行（有重复或来历不明的行）"
    return counts


def acts_of(cluster: Cluster, run: str) -> tuple[int, int]:
    """(acts, distinct idempotency keys) the writer's run recorded on ``cluster``."""
    return cluster.query("SELECT count(*), count(DISTINCT data->>'idempotency_key') FROM cases_act "
                         "WHERE data->>'idempotency_key' LIKE %s", [f"{run}-%"])[0]


def script(cluster: Cluster, var, *args: str) -> dict:
    out = _run([sys.executable, "-m", "yuezhifa.topology.tests.faults_script", *args], env=cluster.env(var), cwd=ROOT)
    return json.loads(out.strip().splitlines()[-1])


def write(cluster: Cluster, var, run: str, count: int) -> dict:
    return script(cluster, var, "write", run, str(count))


# --- the topology: a hub and two nodes, node 440300 behind relays ------------------------------------------------


@pytest.fixture(scope="module")
def joined(province):  # noqa: F811 - the fixture imported above
    hub, nodes, var = province["hub"], province["nodes"], province["var"]

    def restore(cluster):
        _run([str(PG_BIN / "pg_restore"), "--no-owner", "--role=yzf", "-d", cluster.admin(), str(province["dump"])])
        # the drills need acknowledged commits to be durable (the clusters are started with synchronous_commit off
        # for speed); a subscription whose worker failed is retried after 0.2 s instead of 5 s
        with psycopg.connect(cluster.admin(), autocommit=True) as conn:
            conn.execute("ALTER DATABASE yzf SET synchronous_commit = on")
            conn.execute("ALTER SYSTEM SET wal_retrieve_retry_interval = '200ms'")
            conn.execute("SELECT pg_reload_conf()")

    _parallel(*(lambda c=c: restore(c) for c in (hub, *nodes)))
    hub.topology("init-node", "--dsn", hub.admin())
    hub.topology("publish", "--dsn", hub.admin())
    to_hub, to_node = Relay(hub.port), Relay(nodes[1].port)
    for node in nodes:
        node.topology("init-node", "--dsn", node.admin(), "--app-role", "yzf")
    nodes[0].topology("join", "--hub", hub.admin(), "--dsn", nodes[0].admin())
    nodes[1].topology("join", "--hub", hub.admin(), "--dsn", nodes[1].admin(),
                      "--hub-conninfo", to_hub.conninfo(), "--node-conninfo", to_node.conninfo())
    for cluster in (hub, *nodes):
        _wait_for(f"{cluster.name} 的订阅完成初始复制", lambda c=cluster: c.query(
            "SELECT count(*) FILTER (WHERE srsubstate <> 'r'), count(*) FROM pg_subscription_rel")[0] == (
            0, len(tables.case_tables()) * len(NODES) if c is hub else len(tables.base_tables())))
    # the hub's seeds (a body and an officer per city) and the nodes' accounts of them, the nodes waiting for theirs
    _parallel(lambda: hub.script(var, "seed_hub"), *(lambda n=n: script(n, var, "users", n.code) for n in nodes))
    caught_up(hub, nodes)
    yield {"hub": hub, "nodes": nodes, "var": var, "relays": (to_hub, to_node)}
    to_hub.cut()
    to_node.cut()


# --- the drills -------------------------------------------------------------------------------------------------


def test_node_crash_with_pg_ctl_immediate_in_the_middle_of_1000_acts(joined):
    """办法 第十四条、第四十六条: the acts a node recorded all reach the hub, once, after its PostgreSQL is killed
    (``pg_ctl stop -m immediate``) in the middle of 1,000 acts and restarted; base data entered at the hub meanwhile
    (第十三条) reach the node."""
    hub, nodes, var = joined["hub"], joined["nodes"], joined["var"]
    node = nodes[0]
    runs = [f"crash{i}" for i in range(WRITERS)]
    writers = [subprocess.Popen([sys.executable, "-m", "yuezhifa.topology.tests.faults_script", "write", run,
                                 str(ACTS // WRITERS)], env=node.env(var), cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for run in runs]
    try:
        _wait_for("写入进行到三分之一", lambda: all(w.poll() is None for w in writers) and sum(
            acts_of(node, run)[0] for run in runs) >= ACTS // 3, timeout=120)
        stop(node, "immediate")
        made = script(hub, var, "base", "crash")  # base data entered at the hub while the node is down
        restart(node)
        outs = [w.communicate(timeout=180) for w in writers]
    finally:
        for w in writers:
            if w.poll() is None:
                w.kill()
    assert all(w.returncode == 0 for w in writers), [err for _, err in outs]
    reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    assert all(r["done"] == ACTS // WRITERS and r["retried"] > 0 for r in reports), reports  # they saw the crash
    for run in runs:  # every act once on the node: none lost, none redone
        assert acts_of(node, run) == (ACTS // WRITERS, ACTS // WRITERS)

    caught_up(hub, nodes)
    counts = assert_hub_holds_exactly_the_nodes(hub, nodes)
    assert counts[(node.code, "cases_act")] >= ACTS
    for n in nodes:
        assert n.query("SELECT count(*) FROM org_domain WHERE code = %s", [made["domain"]])[0][0] == 1
        assert n.query("SELECT count(*) FROM org_officer WHERE id = %s", [made["officer"]])[0][0] == 1


def test_hub_down_while_the_nodes_keep_working(joined):
    """办法 第十条: the nodes handle cases while the provincial hub is stopped; their slots keep the WAL (shown by
    ``yzf topology status`` as unconfirmed bytes) and the hub receives every act once after its restart."""
    hub, nodes, var = joined["hub"], joined["nodes"], joined["var"]
    stop(hub, "fast")
    try:
        reports = _parallel(*(lambda n=n: write(n, var, f"hubdown{n.code}", ACTS_WHILE_AWAY) for n in nodes))
        status = json.loads(nodes[0].topology("status", "--json", "--dsn", nodes[0].admin()))
    finally:
        restart(hub)
    assert all(r["done"] == ACTS_WHILE_AWAY and r["retried"] == 0 for r in reports), reports
    slot = {s["slot"]: s for s in status["slots"]}[services.case_subscription(nodes[0].code)]
    assert slot["active"] is False and slot["lag_bytes"] > 0, slot  # the WAL waits for the hub

    caught_up(hub, nodes)
    assert_hub_holds_exactly_the_nodes(hub, nodes)
    for node in nodes:
        assert acts_of(hub, f"hubdown{node.code}") == (ACTS_WHILE_AWAY, ACTS_WHILE_AWAY)


def test_node_cut_off_from_the_hub_then_reconnected(joined):
    """A node cut off from the hub (the network refuses every connection both ways) keeps working; after the
    network is back the hub receives its acts once and the node the base data entered at the hub meanwhile
    (办法 第十三条、第十四条)."""
    hub, nodes, var = joined["hub"], joined["nodes"], joined["var"]
    node, relays = nodes[1], joined["relays"]
    for relay in relays:
        relay.cut()
    try:
        report, made = _parallel(lambda: write(node, var, "cut", ACTS_WHILE_AWAY), lambda: script(hub, var, "base", "cut"))
        assert acts_of(hub, "cut")[0] == 0  # nothing passed the cut
        assert node.query("SELECT count(*) FROM org_domain WHERE code = %s", [made["domain"]])[0][0] == 0
    finally:
        for relay in relays:
            relay.reconnect()
    assert report["done"] == ACTS_WHILE_AWAY, report

    caught_up(hub, nodes)
    assert_hub_holds_exactly_the_nodes(hub, nodes)
    assert acts_of(hub, "cut") == (ACTS_WHILE_AWAY, ACTS_WHILE_AWAY)
    assert node.query("SELECT count(*) FROM org_domain WHERE code = %s", [made["domain"]])[0][0] == 1
