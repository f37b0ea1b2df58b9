"""Benchmark of the supervision dashboard (docs/decisions/0015) at province scale.

Case rows are bulk-inserted directly (the dashboard reads only their metadata: procedure, stage, body, registration,
filing, decision and closing times), spread over 21 cities and 120 district bodies and three years, in a realistic
mix of stages; alert rows besides (one in 20 cases). Then, with a warm-up and over ``--iterations`` runs each, it
prints median and p95 of:

* the rebuild of the dashboard's rollup (``dashboard.refresh_stats``, run hourly in the background: one
  INSERT … SELECT grouping the cases per body, month, procedure and stage), once;
* ``dashboard.build`` (every table the page shows: cases by procedure, stage, body, division and month, the stage
  durations, alerts by problem, decisions outside benchmarks, disclosure timeliness) for the province's supervisor
  (all cases) and for a city's supervisor (its jurisdiction), all time and for one year;
* GET /supervision/dashboard/ as the province's supervisor (rendering and the charts' data included);
* the drill-down list's first page (GET /supervision/cases/?stage=closed);

beside, timed alternately in the same run, the baseline: a bare ``SELECT stage, COUNT(*) … GROUP BY stage`` over
the same rows, and the ratio of the two.

Target: the dashboard under 1 s (median and p95) with 1,000,000 cases on PostgreSQL.

    DATABASE_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/bench_dashboard.py     # 1,000,000 cases
    .venv/bin/python bench/bench_dashboard.py                      # SQLite in a temporary file, 100,000 cases
    .venv/bin/python bench/bench_dashboard.py --cases 20000 --iterations 5

The database is Django's test database for the configured one (a temporary file for SQLite, ``test_<name>`` on
PostgreSQL), created, migrated and dropped by the run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")

TARGET_MS = 1000.0
DEFAULT_CASES = {"postgresql": 1_000_000, "sqlite": 100_000}
CITIES = 21
BODIES_PER_CITY = 6
# stage → (share, filed, decided, closed)
MIX = [("source", 3, False, False, False), ("investigation", 12, True, False, False),
       ("review", 3, True, False, False), ("notice", 3, True, False, False),
       ("decided", 4, True, True, False), ("execution", 10, True, True, False),
       ("closed", 60, True, True, True), ("not_filed", 5, False, False, True)]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _world():
    from yuezhifa.org.models import BodyKind, Division, EnforcementBody, Level, Role, RoleAssignment, User
    from yuezhifa.org.tests.factories import make_credit_code

    gd = Division.objects.create(code="44", name="广东省", level=Level.PROVINCE)
    province_body = EnforcementBody(name="广东省司法厅", kind=BodyKind.DEPARTMENT, credit_code=make_credit_code(1),
                                    division=gd, level=Level.PROVINCE, is_justice_department=True)
    province_body.path = province_body.pk.hex + "/"
    province_body.save()
    bodies, cities = [], []
    n = 2
    for c in range(1, CITIES + 1):
        city = Division.objects.create(code=f"44{c:02d}", name=f"第{c}市", level=Level.CITY, parent=gd)
        cities.append(city)
        for d in range(1, BODIES_PER_CITY + 1):
            county = Division.objects.create(code=f"44{c:02d}{d:02d}", name=f"第{c}市第{d}区", level=Level.COUNTY,
                                             parent=city)
            body = EnforcementBody(name=f"第{c}市第{d}区市场监督管理局", kind=BodyKind.DEPARTMENT,
                                   credit_code=make_credit_code(n), division=county, level=Level.COUNTY)
            n += 1
            body.path = body.pk.hex + "/"
            body.save()
            bodies.append(body)
    city_justice = EnforcementBody(name="第1市司法局", kind=BodyKind.DEPARTMENT, credit_code=make_credit_code(n),
                                   division=cities[0], level=Level.CITY, is_justice_department=True)
    city_justice.path = city_justice.pk.hex + "/"
    city_justice.save()
    province = User.objects.create(username="bench_province", real_name="省监督", body=province_body, is_active=True)
    RoleAssignment.objects.create(user=province, role=Role.SUPERVISOR, scope="province")
    city = User.objects.create(username="bench_city", real_name="市监督", body=city_justice, is_active=True)
    RoleAssignment.objects.create(user=city, role=Role.SUPERVISOR, scope="jurisdiction")
    return bodies, province, city


def _insert_postgres(total: int, bodies, creator) -> None:
    """One INSERT … SELECT over generate_series: the rows are made by the database."""
    from django.db import connection

    body_ids = "ARRAY[" + ",".join(f"'{b.pk}'::uuid" for b in bodies) + "]"
    bounds, acc = [], 0
    for stage, share, filed, decided, closed in MIX:
        acc += share
        bounds.append((acc, stage, filed, decided, closed))
    stage_case = "CASE " + " ".join(f"WHEN r < {acc} THEN '{stage}'" for acc, stage, *_ in bounds) + " END"

    def when(flag_index):
        hits = [str(acc) for acc, *rest in bounds if rest[flag_index]]
        prev = {b[0]: (bounds[i - 1][0] if i else 0) for i, b in enumerate(bounds)}
        conds = [f"(r >= {prev[int(a)]} AND r < {a})" for a in hits]
        return " OR ".join(conds) or "FALSE"

    sql = f"""
    INSERT INTO cases_case (id, created_at, updated_at, body_id, procedure, number, year, sequence, source_kind, cause,
        item_id, created_by_id, version, last_hash, stage, state_label, registered_at, filed_at, decided_at,
        closed_at, next_due, waiting_role, fine_amount)
    SELECT gen_random_uuid(), now(), now(), ({body_ids})[1 + (g % {len(bodies)})],
           CASE WHEN g % 10 = 0 THEN 'penalty.simple' ELSE 'penalty.general' END,
           NULL, NULL, NULL, 'inspection', '经营超过保质期的食品', NULL, {creator.pk}, 5, '', {stage_case}, '',
           reg, CASE WHEN {when(0)} THEN reg + (1 + g % 14) * interval '1 day' END,
           CASE WHEN {when(1)} THEN reg + (20 + g % 70) * interval '1 day' END,
           CASE WHEN {when(2)} THEN reg + (40 + g % 120) * interval '1 day' END,
           NULL, '', NULL
    FROM (SELECT g, (g * 7919) % 100 AS r,
                 timestamptz '2023-01-01 08:00+08' + ((g * 104729) % (3 * 365 * 24)) * interval '1 hour' AS reg
          FROM generate_series(1::bigint, {total}::bigint) AS g) AS s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.execute("ANALYZE cases_case")


def _insert_django(total: int, bodies, creator) -> None:
    from yuezhifa.cases.models import Case

    rng = random.Random(1)
    start = datetime.datetime(2023, 1, 1, 8, tzinfo=datetime.UTC)
    weights = [m[1] for m in MIX]
    batch = []
    for g in range(total):
        stage, _share, filed, decided, closed = rng.choices(MIX, weights)[0]
        reg = start + datetime.timedelta(hours=rng.randrange(3 * 365 * 24))
        batch.append(Case(id=uuid.uuid4(), body=bodies[g % len(bodies)],
                          procedure="penalty.simple" if g % 10 == 0 else "penalty.general", source_kind="inspection",
                          cause="经营超过保质期的食品", created_by=creator, version=5, stage=stage, registered_at=reg,
                          filed_at=reg + datetime.timedelta(days=1 + g % 14) if filed else None,
                          decided_at=reg + datetime.timedelta(days=20 + g % 70) if decided else None,
                          closed_at=reg + datetime.timedelta(days=40 + g % 120) if closed else None))
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)


def _alerts(total: int) -> int:
    from yuezhifa.cases.models import Case
    from yuezhifa.supervision.alerts import RULES
    from yuezhifa.supervision.models import Alert, AlertState

    rules = list(RULES.values())
    states = [AlertState.OPEN, AlertState.EXPLAINED, AlertState.RESOLVED]
    rows = []
    made = 0
    for i, (pk, body_id, reg) in enumerate(Case.objects.values_list("pk", "body_id", "registered_at")
                                           .order_by()[: max(1, total // 20)].iterator(chunk_size=5000)):
        rule = rules[i % len(rules)]
        day = reg.date() + datetime.timedelta(days=30)
        rows.append(Alert(case_id=pk, body_id=body_id, key=f"{rule.code}:bench", rule=rule.code, problem=rule.problem,
                          title=rule.title, message="基准测试数据。", article=rule.article[:300], due_date=day,
                          state=states[i % 3], first_seen=day, last_seen=day))
        if len(rows) == 5000:
            Alert.objects.bulk_create(rows)
            made += len(rows)
            rows = []
    Alert.objects.bulk_create(rows)
    return made + len(rows)


def _time(fn, iterations: int) -> list[float]:
    fn()  # warm-up
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=0)
    parser.add_argument("--iterations", type=int, default=7)
    args = parser.parse_args()

    tmp = None
    if "DATABASE_URL" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="yzf-bench-dashboard-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    total = args.cases or DEFAULT_CASES.get(connection.vendor, 100_000)
    print(f"数据库：{connection.vendor}；案件数：{total:,}；迭代：{args.iterations}；CPU 核数：{os.cpu_count()}")
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    ok = True
    try:
        from yuezhifa.supervision import dashboard

        bodies, province, city = _world()
        start = time.perf_counter()
        (_insert_postgres if connection.vendor == "postgresql" else _insert_django)(total, bodies, province)
        made = _alerts(total)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE supervision_alert")
        print(f"生成 {total:,} 个案件、{made:,} 条预警：{time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        rows = dashboard.refresh_stats()
        print(f"重建统计汇总（refresh_stats，每小时后台运行一次）：{rows:,} 行，{time.perf_counter() - start:.1f} s")

        def baseline():
            with connection.cursor() as cursor:
                cursor.execute("SELECT stage, COUNT(*) FROM cases_case GROUP BY stage")
                return cursor.fetchall()

        year = dashboard.Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
        client = Client()
        client.force_login(province)
        checks = {
            "基线：SELECT stage, COUNT(*) GROUP BY stage（全部案件）": baseline,
            "监督统计（全省监督人员，全部时间）dashboard.build": lambda: dashboard.build(province, dashboard.Period()),
            "监督统计（全省监督人员，2025 年）": lambda: dashboard.build(province, year),
            "监督统计（市监督人员，辖区，全部时间）": lambda: dashboard.build(city, dashboard.Period()),
            "GET /supervision/dashboard/（全省，含页面渲染）": lambda: _get(client, "/supervision/dashboard/"),
            "GET /supervision/cases/?stage=closed（下钻清单首页）": lambda: _get(client, "/supervision/cases/?stage=closed"),
        }
        board = dashboard.build(province, dashboard.Period())
        assert board.total == total, (board.total, total)
        results = {}
        order = list(checks)
        samples = {name: [] for name in order}
        for name in order:
            checks[name]()  # warm-up
        for _ in range(args.iterations):  # alternate, so the machine's load weighs on all alike
            for name in order:
                start = time.perf_counter()
                checks[name]()
                samples[name].append((time.perf_counter() - start) * 1000)
        print()
        for name in order:
            median, p95 = _percentiles(samples[name])
            results[name] = (median, p95)
            print(f"{name}：中位数 {median:.0f} ms，p95 {p95:.0f} ms")
        base = results[order[0]][0]
        print()
        for name in order[1:]:
            median, p95 = results[name]
            target = name.startswith(("监督统计", "GET /supervision/dashboard/"))
            verdict = "" if not target else ("  ✓ 达标（< 1 s）" if p95 < TARGET_MS else "  ✗ 未达标（≥ 1 s）")
            if target and p95 >= TARGET_MS:
                ok = False
            print(f"{name}：基线的 {median / max(base, 1e-9):.1f} 倍{verdict}")
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


def _get(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} 返回 {response.status_code}")


if __name__ == "__main__":
    sys.exit(main())
