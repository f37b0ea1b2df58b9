"""Benchmark of the theme library's validated ingest (执法数据主题库, 办法 第四十七条第二款、第四十八条) against COPY.

``--records`` records (default 1,000,000) of 行政检查 results in the standard (element codes as headers, 126 bodies, a
natural person in every tenth row with a 身份证 number) are written to a CSV file. Then, in the same run:

* the baseline: PostgreSQL ``COPY … FROM STDIN (FORMAT csv)`` of the same rows, already in the table's columns (a second
  CSV file made beforehand), into ``themes_record`` with all its indexes and constraints, in one transaction;
* ours: ``themes.ingest.deliver`` reading the standard CSV file: every row validated against the data dictionary
  (required elements, lengths, dates, code lists, the body registered and in scope, the party's credit code or ID
  number checked), its digest computed, existing versions looked up, and the rows written with ``COPY`` in chunks,
  in one transaction. The table is emptied between the two.

Fairness: both load the same rows into the same table with all its indexes, in one transaction. The baseline is one
COPY stream (the server process does the work, the client only sends the file). Ours uses one more thread: the
chunks are looked up and copied by a writer thread on the same connection while the next chunk is validated in
Python, so on 2 cores the server and the validation run at the same time (one Python process, one server process,
as for the baseline). The source is new, so its first delivery has no current versions to look up (one EXISTS
query says so); the second delivery of the same file, also timed, looks up every row.

Goal: ours at least 0.5× the rate of COPY. Inspection records are used because a delivered penalty record also
publishes its result on the disclosure platform, a separate step not measured here.

    DATABASE_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/bench_themes_ingest.py   # 1,000,000
    .venv/bin/python bench/bench_themes_ingest.py                  # SQLite in a temporary file, bulk_create, 20,000
    .venv/bin/python bench/bench_themes_ingest.py --records 20000

The database is Django's test database for the configured one, created, migrated and dropped by the run.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")

DEFAULT_RECORDS = {"postgresql": 1_000_000, "sqlite": 20_000}
GOAL = 0.5


def _world():
    from yuezhifa.org.models import BodyKind, Division, EnforcementBody, Level
    from yuezhifa.org.tests.factories import make_credit_code
    from yuezhifa.themes.models import Source, SourceKind

    gd = Division.objects.filter(code="44").first() or Division.objects.create(code="44", name="广东省",
                                                                               level=Level.PROVINCE)
    province = EnforcementBody(name="广东省市场监督管理局（基准）", kind=BodyKind.DEPARTMENT,
                               credit_code=make_credit_code(999), division=gd, level=Level.PROVINCE)
    province.path = province.pk.hex + "/"
    province.save()
    bodies, n = [], 1
    for c in range(1, 22):
        city = Division.objects.create(code=f"44{c + 50:02d}", name=f"基准第{c}市", level=Level.CITY, parent=gd)
        for d in range(1, 7):
            county = Division.objects.create(code=f"44{c + 50:02d}{d:02d}", name=f"基准第{c}市第{d}区",
                                             level=Level.COUNTY, parent=city)
            body = EnforcementBody(name=f"基准第{c}市第{d}区市场监督管理局", kind=BodyKind.DEPARTMENT,
                                   credit_code=make_credit_code(n), division=county, level=Level.COUNTY,
                                   parent=province)
            body.path = province.path + body.pk.hex + "/"
            body.save()
            bodies.append(body)
            n += 1
    source = Source.objects.create(code="bench", name="基准测试来源", kind=SourceKind.EXTERNAL, unit=province)
    return source, bodies


def _write_files(tmp: Path, total: int, source, bodies) -> tuple[Path, Path]:
    """The standard file (element codes) and the same rows in the table's columns (for COPY)."""
    from yuezhifa.documents.samples import credit_code, resident_id
    from yuezhifa.themes import ingest

    standard, table = tmp / "standard.csv", tmp / "table.csv"
    ids = [resident_id(f"440106{1960 + i % 40}0{1 + i % 9}1{i % 10}{i % 7}{i % 5}{i % 3}") for i in range(1000)]
    codes = [credit_code(f"91440106MA{i:07d}") for i in range(1000)]
    now = datetime.datetime.now(datetime.UTC).isoformat()
    columns = [f.column for f in ingest.COLUMNS]
    with open(standard, "w", encoding="utf-8", newline="") as a, open(table, "w", encoding="utf-8", newline="") as b:
        head = ["JC_JLBS", "JC_WSH", "JC_CFJG", "JC_CFJGDM", "JC_XDR_LB", "JC_XDR_MC", "JC_XDR_SHXYM", "JC_FRDB",
                "JC_XDR_ZJLX", "JC_XDR_ZJHM", "JC_SY", "JC_YJ", "JC_CFLB", "JC_NR", "JC_JDRQ", "JC_SXBM", "JC_SXMC"]
        sa, sb = csv.writer(a), csv.writer(b, quoting=csv.QUOTE_ALL)  # "" is NULL only where FORCE_NULL
        sa.writerow(head)
        for g in range(total):
            body = bodies[g % len(bodies)]
            person = g % 10 == 0
            day = datetime.date(2025, 1, 1) + datetime.timedelta(days=g % 600)
            row = [f"JC-{g:08d}", f"基准检查〔{day.year}〕{g}号", body.name, body.credit_code,
                   "自然人" if person else "法人及非法人组织", f"检查对象{g}", "" if person else codes[g % 1000],
                   "" if person else "王某", "身份证" if person else "", ids[g % 1000] if person else "",
                   "现场检查经营场所，查验台账与票据。", "《中华人民共和国食品安全法》第八十七条", "现场检查",
                   "未发现问题", day.isoformat(), f"440000-XZJC-{g % 30:05d}", f"行政检查事项{g % 30}"]
            sa.writerow(row)
            values = {"id": str(uuid.uuid4()), "created_at": now, "updated_at": now, "kind": "inspection",
                      "source_id": str(source.pk), "record_key": row[0], "version": 1, "current": "t",
                      "digest": "0" * 64, "received_at": now, "body_id": str(body.pk), "body_name": body.name,
                      "body_credit_code": body.credit_code, "division_code": body.division_id[:6],
                      "document_number": row[1], "party_kind": "natural_person" if person else "legal_person",
                      "party_name": row[5], "party_credit_code": row[6], "legal_representative": row[7],
                      "party_id_type": row[8], "party_id_number": row[9], "facts": row[10], "basis": row[11],
                      "measures": row[12], "content": row[13], "decided_on": row[14], "item_code": row[15],
                      "item_name": row[16], "extra": json.dumps({}), "case_number": ""}
            sb.writerow([values.get(c, "") for c in columns])
    return standard, table


def _copy_baseline(table: Path) -> float:
    from django.db import connection, transaction

    from yuezhifa.themes import ingest
    from yuezhifa.themes.models import Record

    names = ", ".join(f'"{f.column}"' for f in ingest.COLUMNS)
    null_ok = ", ".join(f'"{f.column}"' for f in ingest.COLUMNS if f.null)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        sql = f'COPY "{Record._meta.db_table}" ({names}) FROM STDIN (FORMAT csv, FORCE_NULL ({null_ok}))'
        with cursor.cursor.copy(sql) as copy, open(table, "rb") as f:
            while block := f.read(1 << 20):
                copy.write(block)
    return time.perf_counter() - start


def _ours(standard: Path, source) -> tuple[float, object]:
    from yuezhifa.themes import ingest
    from yuezhifa.themes.models import Channel, Kind

    start = time.perf_counter()
    with open(standard, encoding="utf-8-sig", newline="") as f:
        delivery = ingest.deliver(actor=None, source=source, kind=Kind.INSPECTION, channel=Channel.CSV,
                                  rows=csv.DictReader(f), file_name=standard.name)
    return time.perf_counter() - start, delivery


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=0)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yzf-bench-themes-"))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    from django.db import connection

    total = args.records or DEFAULT_RECORDS.get(connection.vendor, 20_000)
    print(f"数据库：{connection.vendor}；主题库记录：{total:,} 条；CPU 核数：{os.cpu_count()}；"
          f"负载：{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    ok = True
    try:
        from yuezhifa.themes.models import Delivery, Record

        source, bodies = _world()
        start = time.perf_counter()
        standard, table = _write_files(tmp, total, source, bodies)
        print(f"生成报送文件与 COPY 文件：{time.perf_counter() - start:.1f} s")
        copy_rate = None
        if connection.vendor == "postgresql":
            seconds = _copy_baseline(table)
            assert Record.objects.count() == total
            copy_rate = total / seconds
            print(f"基线：PostgreSQL COPY（同样的行、同一张表）：{seconds:.1f} s，{copy_rate:,.0f} 条/秒")
            with connection.cursor() as cursor:
                cursor.execute(f'TRUNCATE "{Record._meta.db_table}" CASCADE')
                cursor.execute(f'ANALYZE "{Record._meta.db_table}"')
        seconds, delivery = _ours(standard, source)
        if delivery.status != "loaded":
            print("报送被退回：", delivery.errors[:5])
            return 1
        assert Record.objects.count() == total and delivery.created_count == total
        rate = total / seconds
        print(f"主题库报送（逐行校验、摘要、COPY 分块写入，一个事务；写入线程与校验并行；新来源，无需版本核对）："
              f"{seconds:.1f} s，{rate:,.0f} 条/秒")
        start = time.perf_counter()
        with open(standard, encoding="utf-8-sig", newline="") as f:
            from yuezhifa.themes import ingest
            from yuezhifa.themes.models import Channel, Kind

            again = ingest.deliver(actor=None, source=source, kind=Kind.INSPECTION, channel=Channel.CSV,
                                   rows=csv.DictReader(f), file_name=standard.name)
        print(f"同一文件再次报送（逐行校验并核对现行版本，全部未变，不产生新版本）：{time.perf_counter() - start:.1f} s，"
              f"未变 {again.unchanged_count:,} 条；记录仍为 {Record.objects.count():,} 条；报送 {Delivery.objects.count()} 次")
        if copy_rate:
            ratio = rate / copy_rate
            ok = ratio >= GOAL
            print(f"\n报送速率 / COPY 速率：{ratio:.2f} 倍（同次运行；负载 "
                  f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}）；"
                  f"{'✓ 达标（≥ 0.5 倍）' if ok else '✗ 未达标（< 0.5 倍）'}")
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
