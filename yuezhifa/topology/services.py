"""The topology's operations on PostgreSQL's own logical replication (docs/decisions/0055).

Nothing here moves data itself: publications and subscriptions do. The functions take psycopg connections (autocommit;
``CREATE SUBSCRIPTION`` cannot run in a transaction) to the databases concerned, so one command can act on the hub and
on a node at once. Every identifier is quoted by ``psycopg.sql.Identifier``, every value passed as a literal.
"""

from dataclasses import dataclass

import psycopg
from django.conf import settings
from psycopg import sql

from yuezhifa.core.errors import DomainError

from . import tables

RANGE_BITS = 40  # each node's bigint keys: [code × 2^40, (code + 1) × 2^40 − 1]; the hub's: [1, 2^40 − 1]
BASE_PUBLICATION = "yzf_base"


class TopologyError(DomainError):
    code = "topology"
    title = "部署拓扑错误"


# --- keys -------------------------------------------------------------------------------------------------------


def node_number(role: str | None = None, code: str | None = None) -> int:
    """0 for the hub (and all-in-one); the six-digit division code for a node."""
    role = role or settings.YZF_ROLE
    code = settings.YZF_NODE_CODE if code is None else code
    if role != "node":
        return 0
    if not (len(code) == 6 and code.isdigit() and code[0] != "0"):
        raise TopologyError(f"节点代码“{code}”不是六位行政区划代码。", field="YZF_NODE_CODE")
    return int(code)


def key_range(number: int) -> tuple[int, int]:
    """The bigint range of a node's generated keys. Disjoint for distinct numbers; 999999 × 2^40 < 2^63."""
    if number == 0:
        return 1, (1 << RANGE_BITS) - 1
    low = number << RANGE_BITS
    return low, low + (1 << RANGE_BITS) - 1


@dataclass
class SequenceState:
    name: str
    min_value: int
    max_value: int
    last_value: int | None

    def within(self, low: int, high: int) -> bool:
        return self.min_value == low and self.max_value == high and (self.last_value or low) >= low


def bigint_sequences(conn) -> list[SequenceState]:
    rows = conn.execute(
        "SELECT sequencename, min_value, max_value, last_value FROM pg_sequences "
        "WHERE schemaname = current_schema() AND data_type = 'bigint'::regtype ORDER BY sequencename"
    ).fetchall()
    return [SequenceState(*row) for row in rows]


def sequences_out_of_range(conn, number: int) -> list[SequenceState]:
    low, high = key_range(number)
    return [s for s in bigint_sequences(conn) if not s.within(low, high)]


def set_sequence_ranges(conn, number: int) -> list[str]:
    """Bind every bigint sequence of the schema to the node's range; a value already inside is kept."""
    low, high = key_range(number)
    changed = []
    for seq in bigint_sequences(conn):
        last = seq.last_value
        if last is not None and last > high:
            raise TopologyError(f"序列 {seq.name} 的当前值 {last} 已超出本节点的键范围 [{low}, {high}]，不能收窄。")
        restart = last + 1 if last is not None and last >= low else low
        conn.execute(sql.SQL("ALTER SEQUENCE {} AS bigint MINVALUE {} MAXVALUE {} START {} RESTART {}").format(
            sql.Identifier(seq.name), sql.Literal(low), sql.Literal(high), sql.Literal(low), sql.Literal(restart)))
        changed.append(seq.name)
    return changed


def check_sequences(conn, number: int | None = None) -> str | None:
    """The refusal message when a node's (or the hub's) keys could collide; None when all is in range."""
    number = node_number() if number is None else number
    bad = sequences_out_of_range(conn, number)
    if not bad:
        return None
    low, high = key_range(number)
    names = "、".join(s.name for s in bad[:5]) + (f" 等 {len(bad)} 个" if len(bad) > 5 else "")
    return (f"本节点（{settings.YZF_NODE_CODE or '省级平台'}）的主键序列 {names} 不在本节点的键范围 [{low}, {high}] 内，"
            "各节点的数据汇聚到省级平台时主键可能冲突：请先运行 yzf topology init-node。")


# --- privileges -------------------------------------------------------------------------------------------------


def revoke_base_writes(conn, app_role: str) -> None:
    """The application's role may read the base tables but not write them; the subscription (superuser) still does.

    The tables pass to the role running this (the node's superuser) and the application keeps SELECT and REFERENCES
    only. Merely revoking from the owner would not do: PostgreSQL checks a foreign key from a case row (``SELECT …
    FOR KEY SHARE`` on the referenced base row) as the referenced table's owner, which needs UPDATE there."""
    owner = conn.execute("SELECT current_user").fetchone()[0]
    for table in tables.base_tables():
        table_id = sql.Identifier(table)
        conn.execute(sql.SQL("ALTER TABLE {} OWNER TO {}").format(table_id, sql.Identifier(owner)))
        conn.execute(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(table_id, sql.Identifier(app_role)))
        conn.execute(sql.SQL("GRANT SELECT, REFERENCES ON TABLE {} TO {}").format(table_id, sql.Identifier(app_role)))


# --- publications and subscriptions ------------------------------------------------------------------------------


def case_publication(code: str) -> str:
    return f"yzf_case_{code}"


def base_subscription(code: str) -> str:
    return f"yzf_base_{code}"


def case_subscription(code: str) -> str:
    return f"yzf_case_{code}"


def publish(conn, name: str, table_names: list[str]) -> None:
    """Create the publication, or set its tables to exactly these (a migration may have added a table)."""
    tables_sql = sql.SQL(", ").join(sql.Identifier(t) for t in table_names)
    exists = conn.execute("SELECT 1 FROM pg_publication WHERE pubname = %s", [name]).fetchone()
    verb = "ALTER PUBLICATION {} SET TABLE {}" if exists else "CREATE PUBLICATION {} FOR TABLE {}"
    conn.execute(sql.SQL(verb).format(sql.Identifier(name), tables_sql))


def publish_base(conn) -> None:
    publish(conn, BASE_PUBLICATION, tables.base_tables())


def publish_case(conn, code: str) -> None:
    publish(conn, case_publication(code), tables.case_tables())


def subscription_exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_subscription WHERE subname = %s", [name]).fetchone() is not None


def subscribe_sql(name: str, conninfo: str, publication: str) -> sql.Composed:
    return sql.SQL("CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {} WITH (copy_data = true)").format(
        sql.Identifier(name), sql.Literal(conninfo), sql.Identifier(publication))


def clear_base_tables(conn) -> None:
    """Before the first copy a node's base tables must be empty: a fresh database holds the seeds of its own
    migrations, whose keys would clash with the hub's. One transaction; Django's deferred foreign keys refuse it
    at commit when a case or an account of this node already points at a base row."""
    try:
        with conn.transaction():
            for table in tables.base_tables():
                conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
    except psycopg.errors.IntegrityError as exc:
        raise TopologyError(
            "本节点已有数据（案件、账号等）引用了本地的基础数据，不能作为新节点加入：基础数据须全部来自省级平台。"
            f"数据库的说明：{exc.diag.message_detail or exc}") from exc


def join(node_conn, hub_conn, *, code: str, hub_conninfo: str, node_conninfo: str) -> list[str]:
    """A node joins: its case publication, its subscription to the hub's base data (copying them), and the hub's
    subscription to its cases. Returns what was done, in order."""
    done = []
    publish_case(node_conn, code)
    done.append(f"节点：发布 {case_publication(code)}（{len(tables.case_tables())} 张办案数据表）")
    if not subscription_exists(node_conn, base_subscription(code)):
        clear_base_tables(node_conn)
        node_conn.execute(subscribe_sql(base_subscription(code), hub_conninfo, BASE_PUBLICATION))
        done.append(f"节点：订阅 {base_subscription(code)} ← 省级平台 {BASE_PUBLICATION}，复制全部基础数据")
    if hub_conn is not None and not subscription_exists(hub_conn, case_subscription(code)):
        hub_conn.execute(subscribe_sql(case_subscription(code), node_conninfo, case_publication(code)))
        done.append(f"省级平台：订阅 {case_subscription(code)} ← 节点 {case_publication(code)}")
    return done


def drop_subscription(conn, name: str) -> bool:
    if not subscription_exists(conn, name):
        return False
    conn.execute(sql.SQL("DROP SUBSCRIPTION {}").format(sql.Identifier(name)))
    return True


def leave(node_conn, hub_conn, *, code: str) -> list[str]:
    """A node leaves: both subscriptions are dropped. The hub keeps every row it received (history stays)."""
    done = []
    if hub_conn is not None and drop_subscription(hub_conn, case_subscription(code)):
        done.append(f"省级平台：删除订阅 {case_subscription(code)}（已汇聚的数据保留）")
    if node_conn is not None and drop_subscription(node_conn, base_subscription(code)):
        done.append(f"节点：删除订阅 {base_subscription(code)}")
    return done


# --- status -----------------------------------------------------------------------------------------------------

SUBSCRIPTION_STATES = {"i": "初始化", "d": "复制数据中", "f": "复制完成", "s": "已同步", "r": "就绪"}


def status(conn) -> dict:
    """Each subscription of this database (state, tables by sync state, lag) and each replication slot it serves."""
    subs = []
    for name, enabled, pid, received, latest_end, lag_seconds in conn.execute(
        "SELECT s.subname, s.subenabled, st.pid, st.received_lsn::text, st.latest_end_lsn::text, "
        "EXTRACT(EPOCH FROM (now() - st.last_msg_receipt_time))::float "
        "FROM pg_subscription s LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL "
        "WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY s.subname"
    ).fetchall():
        rel_states = dict(conn.execute(
            "SELECT r.srsubstate, count(*) FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid "
            "WHERE s.subname = %s GROUP BY r.srsubstate", [name]).fetchall())
        state = "已停用" if not enabled else ("运行中" if pid else "未运行")
        subs.append({
            "name": name, "enabled": enabled, "state": state, "worker_pid": pid,
            "received_lsn": received, "latest_end_lsn": latest_end,
            "seconds_since_last_message": lag_seconds,
            "tables": {SUBSCRIPTION_STATES.get(k, k): v for k, v in sorted(rel_states.items())},
            "tables_ready": rel_states.get("r", 0), "tables_total": sum(rel_states.values()),
        })
    slots = [
        {"slot": slot, "active": active, "lag_bytes": lag}
        for slot, active, lag in conn.execute(
            "SELECT slot_name, active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint "
            "FROM pg_replication_slots WHERE slot_type = 'logical' AND database = current_database() "
            "ORDER BY slot_name").fetchall()
    ]
    publications = [row[0] for row in conn.execute("SELECT pubname FROM pg_publication ORDER BY pubname")]
    return {"publications": publications, "subscriptions": subs, "slots": slots}


# --- connections ------------------------------------------------------------------------------------------------


def connect(conninfo: str):
    return psycopg.connect(conninfo, autocommit=True)


def django_conninfo() -> str:
    """The conninfo of this instance's own database (DATABASE_URL), for commands run without --dsn."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise TopologyError("省市两级部署需要 PostgreSQL（DATABASE_URL=postgres://…）；SQLite 只用于一体化演示。")
    parts = {"host": db.get("HOST") or "", "port": str(db.get("PORT") or ""), "dbname": db["NAME"],
             "user": db.get("USER") or "", "password": db.get("PASSWORD") or ""}
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v})


def conninfo_user(conninfo: str) -> str:
    return psycopg.conninfo.conninfo_to_dict(conninfo).get("user") or ""


def refuse_to_start_out_of_range() -> None:
    """``yzf serve`` on a hub or a node: refuse to start while a key sequence is outside this instance's range."""
    from django.core.management.base import CommandError

    if settings.YZF_ROLE == "all-in-one":
        return
    with connect(django_conninfo()) as conn:
        problem = check_sequences(conn)
    if problem:
        raise CommandError(problem)
