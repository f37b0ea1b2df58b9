"""``yzf topology``: the provincial topology on PostgreSQL's logical replication (docs/decisions/0055).

  yzf topology init-node [--dsn ADMIN]         key ranges of this node's sequences; base tables read-only for the app
  yzf topology check                           refuse (exit 1) when this database's keys could collide
  yzf topology publish [--dsn ADMIN]           hub: publication of base tables; node: of its case tables
  yzf topology join --hub HUB [--dsn ADMIN]    node: subscribe to the hub's base data (copied) and make the hub
                                               subscribe to this node's cases (--print-hub-sql: print it instead)
  yzf topology status [--dsn ADMIN] [--json]   each subscription's state and lag, each slot's lag in bytes
  yzf topology leave --hub HUB [--dsn ADMIN]   drop both subscriptions; the hub keeps what it received

ADMIN is a conninfo or postgres:// URL of a superuser of this instance's database (CREATE SUBSCRIPTION needs one in
PostgreSQL 15); by default DATABASE_URL. HUB is the hub's, as reachable from here; --hub-conninfo and --node-conninfo
give the addresses the databases use to reach each other when they differ from the ones this command uses.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql

from yuezhifa.topology import services, tables


class Command(BaseCommand):
    help = "省市两级部署：发布、加入、状态、退出（基于 PostgreSQL 逻辑复制）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="子命令")
        for name, text in (
            ("init-node", "设置本库主键序列的键范围，并收回应用账号对基础数据表的写权限（节点）"),
            ("check", "检查本库主键序列是否在本节点的键范围内"),
            ("publish", "创建或更新发布：省级平台发布基础数据表，节点发布办案数据表"),
            ("join", "节点加入：订阅省级平台的基础数据（全量复制），并在省级平台创建对本节点办案数据的订阅"),
            ("status", "显示各订阅的状态与延迟、各复制槽的延迟"),
            ("leave", "节点退出：删除双方的订阅，省级平台已汇聚的数据保留"),
        ):
            p = sub.add_parser(name, help=text, description=text)
            p.add_argument("--dsn", default="", help="本库的超级用户连接串（默认 DATABASE_URL）")
            if name == "init-node":
                p.add_argument("--app-role", default="", help="应用连接数据库所用的角色（默认 DATABASE_URL 的用户）")
            if name in ("join", "leave"):
                p.add_argument("--hub", required=True, help="省级平台数据库的超级用户连接串")
                p.add_argument("--hub-conninfo", default="", help="本节点数据库连接省级平台所用的连接串（默认同 --hub）")
                p.add_argument("--node-conninfo", default="", help="省级平台连接本节点所用的连接串（默认同 --dsn）")
                p.add_argument("--print-hub-sql", action="store_true", help="不连接省级平台，只打印应在省级平台执行的 SQL")
            if name == "status":
                p.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        action = options["action"]
        try:
            dsn = options["dsn"] or services.django_conninfo()
            return getattr(self, "do_" + action.replace("-", "_"))(dsn, options)
        except services.TopologyError as exc:
            raise CommandError(exc.message) from exc

    # --- actions ----------------------------------------------------------------------------------------------

    def do_init_node(self, dsn, options):
        number = services.node_number()
        with services.connect(dsn) as conn:
            changed = services.set_sequence_ranges(conn, number)
            low, high = services.key_range(number)
            self.stdout.write(f"已将 {len(changed)} 个主键序列限定在 [{low}, {high}]。")
            if settings.YZF_ROLE == "node":
                app_role = options["app_role"] or services.conninfo_user(services.django_conninfo())
                services.revoke_base_writes(conn, app_role)
                self.stdout.write(f"已收回角色 {app_role} 对 {len(tables.base_tables())} 张基础数据表的写权限。")

    def do_check(self, dsn, options):
        with services.connect(dsn) as conn:
            problem = services.check_sequences(conn)
        if problem:
            raise CommandError(problem)
        self.stdout.write("主键序列均在本节点的键范围内。")

    def do_publish(self, dsn, options):
        role = self._role(("hub", "node"))
        with services.connect(dsn) as conn:
            if role == "hub":
                services.publish_base(conn)
                self.stdout.write(f"已发布 {services.BASE_PUBLICATION}：{len(tables.base_tables())} 张基础数据表。")
            else:
                services.publish_case(conn, settings.YZF_NODE_CODE)
                self.stdout.write(f"已发布 {services.case_publication(settings.YZF_NODE_CODE)}："
                                  f"{len(tables.case_tables())} 张办案数据表。")

    def do_join(self, dsn, options):
        self._role(("node",))
        code = settings.YZF_NODE_CODE
        hub_conninfo = options["hub_conninfo"] or options["hub"]
        node_conninfo = options["node_conninfo"] or dsn
        with services.connect(dsn) as node_conn:
            problem = services.check_sequences(node_conn)
            if problem:
                raise CommandError(problem)
            if options["print_hub_sql"]:
                done = services.join(node_conn, None, code=code, hub_conninfo=hub_conninfo, node_conninfo=node_conninfo)
                statement = services.subscribe_sql(services.case_subscription(code), node_conninfo,
                                                   services.case_publication(code))
                done.append("请在省级平台数据库以超级用户执行：\n" + statement.as_string(node_conn) + ";")
            else:
                with services.connect(options["hub"]) as hub_conn:
                    done = services.join(node_conn, hub_conn, code=code, hub_conninfo=hub_conninfo,
                                         node_conninfo=node_conninfo)
        for line in done or ["已加入，无需变更。"]:
            self.stdout.write(line)

    def do_leave(self, dsn, options):
        self._role(("node",))
        code = settings.YZF_NODE_CODE
        with services.connect(dsn) as node_conn:
            if options["print_hub_sql"]:
                done = services.leave(node_conn, None, code=code)
                statement = sql.SQL("DROP SUBSCRIPTION IF EXISTS {}").format(
                    sql.Identifier(services.case_subscription(code)))
                done.append("请在省级平台数据库以超级用户执行：\n" + statement.as_string(node_conn) + ";")
            else:
                with services.connect(options["hub"]) as hub_conn:
                    done = services.leave(node_conn, hub_conn, code=code)
        for line in done or ["没有需要删除的订阅。"]:
            self.stdout.write(line)

    def do_status(self, dsn, options):
        with services.connect(dsn) as conn:
            report = services.status(conn)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        self.stdout.write(f"角色：{settings.YZF_ROLE}　发布：{'、'.join(report['publications']) or '无'}")
        if not report["subscriptions"]:
            self.stdout.write("订阅：无")
        for s in report["subscriptions"]:
            since = s["seconds_since_last_message"]
            lag = "—" if since is None else f"{since:.1f} 秒前"
            tables_text = "，".join(f"{k} {v}" for k, v in s["tables"].items()) or "无"
            self.stdout.write(f"订阅 {s['name']}：{s['state']}；表 {s['tables_ready']}/{s['tables_total']} 就绪"
                              f"（{tables_text}）；最近收到消息 {lag}；已接收位置 {s['received_lsn'] or '—'}")
        for slot in report["slots"]:
            self.stdout.write(f"复制槽 {slot['slot']}：{'在用' if slot['active'] else '空闲'}；"
                              f"未确认 {slot['lag_bytes'] or 0} 字节")

    def _role(self, allowed) -> str:
        if settings.YZF_ROLE not in allowed:
            raise CommandError(f"该子命令只能在 {'、'.join(allowed)} 角色下运行，当前 YZF_ROLE={settings.YZF_ROLE}。")
        return settings.YZF_ROLE
