"""Benchmark of the public search of published penalty results (公示平台; docs/decisions/0014-公示平台.md).

Bulk-generates published results (fixed seed: organisations and natural persons with realistic names, facts about
80 characters long, 40 bodies), indexes them as ``publish_decision`` does, then times, alternately in the same run:

* the public search as the results page runs it (``selectors.result_search``: exact look-ups for credit codes and
  document numbers, the full-text index otherwise, the page's rows read back from the table), and
* the raw full-text query on the same index (``search.index.raw_query``: every match ranked, top 20),

over the queries a citizen types: whole party names, parts of names (brand and trade), persons' names, credit codes
and document numbers. Prints medians, p95s and their ratio.

Targets: public search p95 at most twice the raw query's, and under 50 ms (PostgreSQL, 1,000,000 results).

    .venv/bin/python bench/bench_disclosure.py                              # SQLite in a temporary file, 50,000 results
    DATABASE_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/bench_disclosure.py   # 1,000,000 results
    ... --results 200000 --repeat 10 --keep

The database is Django's test database for the configured one (a temporary file for SQLite, ``test_<name>`` on
PostgreSQL), created, migrated and dropped by the run (``--keep`` keeps it and reuses it when the count matches).
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
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")

RATIO_TARGET = 2.0
P95_TARGET_MS = 50.0
BODIES = 40
CITIES = ["广州", "深圳", "佛山", "东莞", "珠海", "中山", "江门", "惠州", "汕头", "湛江", "肇庆", "清远", "韶关", "梅州",
          "茂名", "阳江", "河源", "潮州", "揭阳", "云浮", "汕尾"]
BRAND_CHARS = ("禾盛鑫隆华润恒达兴旺宏发金源福瑞祥和嘉信泰安永昌德丰元亨利贞海天聚宝新星联创博雅美佳优品志远鸿运"
               "晨光明辉锦绣中南百川万象东方骏腾凯越顺通富民汇丰粤港湾岭南珠江")
TRADES = ["商贸", "餐饮", "食品", "科技", "五金", "建材", "物流", "医药", "服装", "电子", "贸易", "超市", "酒店", "家具",
          "化工", "印刷", "汽车维修", "农产品", "水产", "烟酒"]
SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "经营部", "商行", "店"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉鹏飞俊峰婷慧海燕晓东雪梅"
ACTS = ["经营超过保质期的食品", "未取得许可从事经营活动", "销售不符合安全标准的产品", "发布虚假广告", "未按规定公示信息",
        "使用未经检定的计量器具", "销售假冒注册商标的商品", "未建立进货查验记录", "超范围经营", "违规排放污水"]
USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def credit_code(rng: random.Random) -> str:
    head = "9144" + "".join(rng.choice("0123456789") for _ in range(4)) + "".join(rng.choice(USCC) for _ in range(9))
    total = sum(USCC.index(c) * w for c, w in zip(head, USCC_WEIGHTS, strict=True))
    return head + USCC[(31 - total % 31) % 31]


def _bodies():
    from yuezhifa.org.models import BodyKind, Division, EnforcementBody, Level

    province, _ = Division.objects.get_or_create(code="44", defaults={"name": "广东省", "level": Level.PROVINCE})
    rng = random.Random(7)
    bodies = []
    for number in range(BODIES):
        city = CITIES[number % len(CITIES)]
        name = f"{city}市{['市场监督管理局', '生态环境局', '交通运输局', '卫生健康委员会'][number % 4]}{number // 21 or ''}"
        body, _ = EnforcementBody.objects.get_or_create(name=name, defaults={
            "short_name": f"{city}{number}", "kind": BodyKind.DEPARTMENT, "credit_code": credit_code(rng),
            "division": province, "level": Level.CITY})
        bodies.append(body)
    return bodies


def _build(count: int, seed: int, batch: int) -> tuple[float, float, list[str]]:
    """Generate and index ``count`` published results; (generate seconds, index seconds, sample party names)."""
    from django.db import transaction

    from yuezhifa.disclosure.indexing import index_results
    from yuezhifa.disclosure.models import PublishedResult, ResultStatus
    bodies = _bodies()
    rng = random.Random(seed)
    today = datetime.date.today()
    generate = index = 0.0
    sample: list[str] = []
    sequence = 0
    while sequence < count:
        started = time.perf_counter()
        rows = []
        for _ in range(min(batch, count - sequence)):
            sequence += 1
            body = bodies[sequence % len(bodies)]
            decided = today - datetime.timedelta(days=rng.randrange(0, 1000))
            if rng.random() < 0.7:
                name = (rng.choice(CITIES) + rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS) + rng.choice(TRADES)
                        + rng.choice(SUFFIXES))
                kind, code = "organisation", credit_code(rng)
            else:
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
                kind, code = "person", ""
            act = rng.choice(ACTS)
            fine = Decimal(rng.choice((200, 500, 1000, 3000, 5000, 10000, 20000, 50000, 100000)))
            rows.append(PublishedResult(
                id=uuid.UUID(int=rng.getrandbits(128)), body=body, body_name=body.name,
                body_credit_code=body.credit_code, document_type="penalty_decision",
                document_number=f"{body.short_name}罚〔{decided.year}〕{sequence}号", party_name=name,
                party_kind=kind, party_credit_code=code, illegal_act_type=act,
                facts=f"经查，当事人于{decided.year}年{decided.month}月{act}，违反了有关法律规定，"
                      f"执法人员现场检查并制作笔录，当事人对违法事实无异议。",
                basis="《中华人民共和国行政处罚法》第二十八条", penalty_types="警告、罚款",
                penalty_content=f"警告；罚款人民币{fine:,.2f}元", fine_amount=fine, decision_date=decided,
                published_at=datetime.datetime.combine(decided, datetime.time(10), datetime.UTC),
                display_until=decided + datetime.timedelta(days=1100), status=ResultStatus.PUBLISHED,
                publish_due=decided, published_in_time=True))
            if len(sample) < 400 and rng.random() < 0.01:
                sample.append(name)
        with transaction.atomic():
            PublishedResult.objects.bulk_create(rows, batch_size=2000)
            generate += time.perf_counter() - started
            started = time.perf_counter()
            index_results(rows)
            index += time.perf_counter() - started
        print(f"\r  已写入 {sequence:,}/{count:,}（生成 {generate:.0f} 秒，索引 {index:.0f} 秒）", end="", file=sys.stderr,
              flush=True)
    print(file=sys.stderr)
    return generate, index, sample


def _queries(rng: random.Random) -> dict[str, list[str]]:
    from yuezhifa.disclosure.models import PublishedResult

    published = list(PublishedResult.objects.order_by("id").values_list("party_name", "party_kind",
                                                                        "party_credit_code", "document_number")[:5000])
    rng.shuffle(published)
    organisations = [p for p in published if p[1] == "organisation"]
    persons = [p for p in published if p[1] == "person"]
    return {
        "完整名称": [p[0] for p in organisations[:12]],
        "部分名称": [p[0][2:4] + p[0][4:6] for p in organisations[12:20]],  # brand + start of the trade: 禾盛商贸
        "自然人姓名": [p[0] for p in persons[:8]],
        "信用代码": [p[2] for p in organisations[20:24]],
        "决定书文号": [p[3] for p in published[30:34]],
    }


def _run(groups: dict[str, list[str]], repeat: int) -> dict:
    from yuezhifa.disclosure.indexing import KIND
    from yuezhifa.disclosure.selectors import Filters, result_search
    from yuezhifa.search.index import raw_query

    every = [q for queries in groups.values() for q in queries]
    for query in every:  # warm both paths once
        result_search(Filters(q=query))
        raw_query(KIND, query, limit=20)
    timings = {q: ([], []) for q in every}
    for _ in range(repeat):
        for query in every:
            start = time.perf_counter()
            result_search(Filters(q=query))
            timings[query][0].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            raw_query(KIND, query, limit=20)
            timings[query][1].append((time.perf_counter() - start) * 1000)
    print(f"\n{'类别':<10}{'查询数':>6}  {'search 中位':>11}{'p95':>9}  {'raw 中位':>9}{'p95':>9}")
    ours_all, raw_all = [], []
    for group, queries in groups.items():
        ours = [t for q in queries for t in timings[q][0]]
        raw = [t for q in queries for t in timings[q][1]]
        ours_all += ours
        raw_all += raw
        (o_med, o_p95), (r_med, r_p95) = _percentiles(ours), _percentiles(raw)
        print(f"{group:<10}{len(queries):>6}  {o_med:>9.1f}ms{o_p95:>8.1f}  {r_med:>8.1f}ms{r_p95:>8.1f}")
    (o_med, o_p95), (r_med, r_p95) = _percentiles(ours_all), _percentiles(raw_all)
    print(f"{'合计':<10}{len(every):>6}  {o_med:>9.1f}ms{o_p95:>8.1f}  {r_med:>8.1f}ms{r_p95:>8.1f}")
    return {"ours_median": o_med, "ours_p95": o_p95, "raw_median": r_med, "raw_p95": r_p95}


def main() -> int:
    parser = argparse.ArgumentParser(description="公示平台检索基准测试")
    parser.add_argument("--results", type=int, default=None,
                        help="公示结果条数（默认：PostgreSQL 1000000，SQLite 50000）")
    parser.add_argument("--repeat", type=int, default=15, help="每个查询的计时次数（默认 15）")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--batch", type=int, default=10_000, help="每批写入的条数")
    parser.add_argument("--keep", action="store_true", help="保留测试数据库，下次条数相同时直接复用")
    args = parser.parse_args()

    import django
    from django.conf import settings

    temp_dir = tempfile.mkdtemp(prefix="yzf-bench-disclosure-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{temp_dir}/bench.sqlite3"
    django.setup()
    from django.db import connection

    from yuezhifa.disclosure.models import PublishedResult

    count = args.results or (1_000_000 if connection.vendor == "postgresql" else 50_000)
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database.setdefault("TEST", {})["NAME"] = (str(Path(tempfile.gettempdir()) / f"yzf-bench-disclosure-{count}.sqlite3")
                                                   if args.keep else str(Path(temp_dir) / "bench.sqlite3"))
    else:
        database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_disclosure_bench"
    original_name = database["NAME"]
    print(f"数据库：{connection.vendor}；公示结果：{count:,}；每个查询计时 {args.repeat} 次；CPU 核数：{os.cpu_count()}",
          file=sys.stderr)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        existing = PublishedResult.objects.count()
        if existing == count:
            print(f"复用已有的 {existing:,} 条公示结果", file=sys.stderr)
        else:
            from yuezhifa.search.models import SearchDocument

            PublishedResult.objects.all().delete()
            SearchDocument.objects.filter(kind="disclosure.penalty").delete()
            generate, index, _sample = _build(count, args.seed, args.batch)
            print(f"\n构建：生成并写入表 {generate:.1f} 秒，写入检索索引 {index:.1f} 秒（{count / max(index, 1e-9):,.0f} 条/秒）")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"机器：{os.cpu_count()} 核，查询前 1 分钟平均负载 {os.getloadavg()[0]:.1f}")
        summary = _run(_queries(random.Random(args.seed)), args.repeat)
        print(f"查询后 1 分钟平均负载 {os.getloadavg()[0]:.1f}（负载高于核数时计时含排队等待）")
        median_ratio = summary["ours_median"] / max(summary["raw_median"], 1e-9)
        p95_ratio = summary["ours_p95"] / max(summary["raw_p95"], 1e-9)
        ok = p95_ratio <= RATIO_TARGET and summary["ours_p95"] < P95_TARGET_MS
        print(f"\n公示检索 p95 {summary['ours_p95']:.1f} ms，原始全文查询 p95 {summary['raw_p95']:.1f} ms；"
              f"p95 之比 {p95_ratio:.2f} 倍，中位数之比 {median_ratio:.2f} 倍")
        print(f"目标（p95 ≤ {RATIO_TARGET:.0f} 倍原始查询，且 < {P95_TARGET_MS:.0f} ms）：{'达到' if ok else '未达到'}")
        return 0 if ok else 1
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)
        shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
