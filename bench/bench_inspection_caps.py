"""Benchmark of the annual cap check of 行政检查 (频次上限, docs/decisions/0037) at province scale.

The inspection ledger (``inspection.Visit``) is filled with ``--visits`` records (default 1,000,000 on PostgreSQL)
over 250,000 subjects, 126 bodies, three years and 30 inspection items, one or two items a visit, one visit in 20
part of a joint visit (综合查一次) and one in 25 a special inspection from above (not counted). Then, for random
subjects, with a warm-up and alternately in the same run, it times:

* ``inspection.selectors.caps.cap_status(subject, three items, year)``: what the approver sees before approving (the
  subject's counted visits of the year in all and per item, joint visits once), as the inspection procedure calls it;
* the baseline: the same two counts as one hand-written SQL statement (``COUNT(DISTINCT COALESCE(joint_visit_id,
  id))`` over the visit rows of the subject and year, joined to the items).

Target: p95 under 50 ms on PostgreSQL with 1,000,000 visit records.

    DATABASE_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/bench_inspection_caps.py   # 1,000,000
    .venv/bin/python bench/bench_inspection_caps.py                 # SQLite in a temporary file, 100,000
    .venv/bin/python bench/bench_inspection_caps.py --visits 200000 --iterations 200

The database is Django's test database for the configured one (a temporary file for SQLite, ``test_<name>`` on
PostgreSQL), created, migrated and dropped by the run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")

TARGET_MS = 50.0
DEFAULT_VISITS = {"postgresql": 1_000_000, "sqlite": 100_000}
SUBJECTS = 250_000
ITEMS = 30
YEARS = (2024, 2025, 2026)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _world():
    from yuezhifa.inspection.models import ItemProfile
    from yuezhifa.items.models import Item, ItemType
    from yuezhifa.org.models import BodyKind, Division, Domain, EnforcementBody, Level
    from yuezhifa.org.tests.factories import make_credit_code

    gd = Division.objects.create(code="44", name="广东省", level=Level.PROVINCE)
    bodies, n = [], 1
    for c in range(1, 22):
        city = Division.objects.create(code=f"44{c:02d}", name=f"第{c}市", level=Level.CITY, parent=gd)
        for d in range(1, 7):
            county = Division.objects.create(code=f"44{c:02d}{d:02d}", name=f"第{c}市第{d}区", level=Level.COUNTY,
                                             parent=city)
            body = EnforcementBody(name=f"第{c}市第{d}区市场监督管理局", kind=BodyKind.DEPARTMENT,
                                   credit_code=make_credit_code(n), division=county, level=Level.COUNTY)
            body.path = body.pk.hex + "/"
            body.save()
            bodies.append(body)
            n += 1
    domain = Domain.objects.filter(name="市场监管").first() or Domain.objects.create(code="market", name="市场监管")
    profiles = []
    for i in range(1, ITEMS + 1):
        item = Item.objects.create(code=f"440000-XZJC-{i:05d}", name=f"行政检查事项{i}", type=ItemType.INSPECTION,
                                   domain=domain, levels=["county"])
        profiles.append(ItemProfile.objects.create(item=item, subject_object="企业", standard="逐项检查",
                                                   annual_cap=2 + i % 3))
    return gd, bodies, profiles


def _insert_postgres(visits: int, bodies, profiles) -> None:
    """INSERT … SELECT over generate_series: the rows are made by the database."""
    from django.db import connection

    body_ids = "ARRAY[" + ",".join(f"'{b.pk}'::uuid" for b in bodies) + "]"
    item_ids = "ARRAY[" + ",".join(f"'{p.pk}'::uuid" for p in profiles) + "]"
    county = "ARRAY[" + ",".join(f"'{b.division_id}'" for b in bodies) + "]"
    with connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO inspection_subject (id, created_at, updated_at, credit_code, id_number, name, kind, industry,
                division_id, address, domain_id, risk_grade, graded_by_id, graded_on, active)
            SELECT gen_random_uuid(), now(), now(), '91' || lpad(g::text, 16, '0'), '', '企业' || g, 'enterprise',
                   '', ({county})[1 + (g % {len(bodies)})], '', NULL, chr((65 + (g % 4))::int), NULL, NULL, TRUE
            FROM generate_series(1::bigint, {SUBJECTS}::bigint) AS g""")
        cursor.execute("CREATE TEMP TABLE bench_subject AS SELECT row_number() OVER (ORDER BY credit_code) AS n, id "
                       "FROM inspection_subject")
        cursor.execute("CREATE INDEX ON bench_subject (n)")
        # joint visits: one per 20 visits, the two member visits share it
        cursor.execute(f"""
            CREATE TEMP TABLE bench_visit AS
            SELECT g, 1 + ((g * 7919) % {SUBJECTS}) AS s, ({body_ids})[1 + (g % {len(bodies)})] AS body,
                   date '{YEARS[0]}-01-01' + ((g * 104729) % ({len(YEARS)} * 365))::int AS d,
                   gen_random_uuid() AS id
            FROM generate_series(1::bigint, {visits}::bigint) AS g""")
        cursor.execute("""
            INSERT INTO inspection_jointvisit (id, created_at, updated_at, subject_id, lead_body_id, period_start,
                period_end, status, agreed_at)
            SELECT v.id, now(), now(), s.id, v.body, v.d, v.d, 'agreed', now()
            FROM bench_visit v JOIN bench_subject s ON s.n = v.s WHERE v.g % 20 = 0""")
        cursor.execute("""
            INSERT INTO inspection_visit (id, created_at, updated_at, subject_id, body_id, year, "on", case_id,
                case_number, joint_visit_id, counted, on_site)
            SELECT v.id, now(), now(), s.id, v.body, extract(year FROM v.d)::int, v.d, gen_random_uuid(), '',
                   CASE WHEN v.g % 20 = 0 THEN v.id END, v.g % 25 <> 0, TRUE
            FROM bench_visit v JOIN bench_subject s ON s.n = v.s""")
        cursor.execute(f"""
            INSERT INTO inspection_visit_items (visit_id, itemprofile_id)
            SELECT id, ({item_ids})[1 + (g % {ITEMS})] FROM bench_visit
            UNION ALL
            SELECT id, ({item_ids})[1 + ((g + 7) % {ITEMS})] FROM bench_visit WHERE g % 3 = 0""")
        for table in ("inspection_subject", "inspection_visit", "inspection_visit_items", "inspection_jointvisit"):
            cursor.execute(f"ANALYZE {table}")


def _insert_django(visits: int, bodies, profiles, gd) -> None:
    import datetime
    import uuid

    from yuezhifa.inspection.models import JointVisit, Subject, Visit

    rng = random.Random(1)
    divisions = [b.division for b in bodies]
    subjects = [Subject(credit_code=f"91{i:016d}", name=f"企业{i}", division=divisions[i % len(divisions)],
                        risk_grade="ABCD"[i % 4]) for i in range(min(SUBJECTS, visits // 4))]
    Subject.objects.bulk_create(subjects, batch_size=5000)
    through = Visit.items.through
    batch, links = [], []
    for g in range(1, visits + 1):
        subject = subjects[rng.randrange(len(subjects))]
        on = datetime.date(YEARS[0], 1, 1) + datetime.timedelta(days=rng.randrange(len(YEARS) * 365))
        joint = None
        if g % 20 == 0:
            joint = JointVisit.objects.create(subject=subject, lead_body=bodies[g % len(bodies)], period_start=on,
                                              period_end=on, status="agreed")
        visit = Visit(subject=subject, body=bodies[g % len(bodies)], year=on.year, on=on, case_id=uuid.uuid4(),
                      joint_visit=joint, counted=g % 25 != 0)
        batch.append(visit)
        links.append(through(visit_id=visit.pk, itemprofile_id=profiles[g % ITEMS].pk))
        if g % 3 == 0:
            links.append(through(visit_id=visit.pk, itemprofile_id=profiles[(g + 7) % ITEMS].pk))
        if len(batch) >= 5000:
            Visit.objects.bulk_create(batch)
            through.objects.bulk_create(links)
            batch, links = [], []
    Visit.objects.bulk_create(batch)
    through.objects.bulk_create(links)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=0)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    tmp = None
    if "DATABASE_URL" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="yzf-bench-caps-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    from django.db import connection

    total = args.visits or DEFAULT_VISITS.get(connection.vendor, 100_000)
    print(f"数据库：{connection.vendor}；检查台账：{total:,} 条；计时：{args.iterations} 次；CPU 核数：{os.cpu_count()}；"
          f"负载：{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    ok = True
    try:
        from yuezhifa.inspection.models import Subject, Visit
        from yuezhifa.inspection.selectors.caps import cap_status

        gd, bodies, profiles = _world()
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            _insert_postgres(total, bodies, profiles)
        else:
            _insert_django(total, bodies, profiles, gd)
        print(f"生成 {Subject.objects.count():,} 个检查对象、{Visit.objects.count():,} 条检查台账："
              f"{time.perf_counter() - start:.1f} s")

        rng = random.Random(args.seed)
        subject_ids = list(Subject.objects.values_list("pk", flat=True)[:20000])
        year = YEARS[-1]
        table = Visit.items.through._meta.db_table

        def ours():
            subject = Subject.objects.get(pk=rng.choice(subject_ids))
            chosen = rng.sample(profiles, 3)
            return cap_status(subject, chosen, year)

        def u(value):  # how the backend stores a UUID (SQLite: 32 hex digits)
            return value.hex if connection.vendor == "sqlite" else str(value)

        def baseline():
            subject_id, chosen = u(rng.choice(subject_ids)), rng.sample(profiles, 3)
            marks = ", ".join(["%s"] * len(chosen))
            with connection.cursor() as cursor:
                cursor.execute("SELECT id FROM inspection_subject WHERE id = %s", [subject_id])
                cursor.fetchall()
                cursor.execute(
                    "SELECT COUNT(DISTINCT COALESCE(v.joint_visit_id, v.id)) FROM inspection_visit v "
                    "WHERE v.subject_id = %s AND v.year = %s AND v.counted", [subject_id, year])
                cursor.fetchall()
                cursor.execute(
                    f"SELECT i.itemprofile_id, COUNT(DISTINCT COALESCE(v.joint_visit_id, v.id)) FROM inspection_visit v "
                    f"JOIN {table} i ON i.visit_id = v.id WHERE v.subject_id = %s AND v.year = %s AND v.counted "
                    f"AND i.itemprofile_id IN ({marks}) GROUP BY i.itemprofile_id",
                    [subject_id, year, *[u(p.pk) for p in chosen]])
                return cursor.fetchall()

        checks = {"基线：同样计数的手写 SQL": baseline, "cap_status（审批前的频次核对）": ours}
        for fn in checks.values():
            for _ in range(20):
                fn()
        samples = {name: [] for name in checks}
        for _ in range(args.iterations):  # alternate, so the machine's load weighs on both alike
            for name, fn in checks.items():
                start = time.perf_counter()
                fn()
                samples[name].append((time.perf_counter() - start) * 1000)
        print()
        results = {}
        for name in checks:
            median, p95 = results[name] = _percentiles(samples[name])
            print(f"{name}：中位数 {median:.1f} ms，p95 {p95:.1f} ms")
        (base_median, base_p95), (median, p95) = results.values()
        verdict = "✓ 达标（p95 < 50 ms）" if p95 < TARGET_MS else "✗ 未达标（p95 ≥ 50 ms）"
        ok = p95 < TARGET_MS
        print(f"\ncap_status / 基线：中位数之比 {median / max(base_median, 1e-9):.1f} 倍，"
              f"p95 之比 {p95 / max(base_p95, 1e-9):.1f} 倍（同次运行交替计时）；{verdict}")
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
