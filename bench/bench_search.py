"""Benchmark of the full-text search (yuezhifa.search): index build time and query latency.

Builds N synthetic provision-like documents (seeded; sentences assembled from real legal terms, with common,
middling and rare vocabulary) in a temporary database, then runs a fixed set of queries many times and prints the
median and 95th percentile of ``search()`` and of ``raw_query()`` (the plain ranked full-text query on the same
index) in the same run, and their ratio.

    .venv/bin/python bench/bench_search.py                       # SQLite, 100,000 documents
    DATABASE_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/bench_search.py --docs 1000000

The database is Django's test database for the configured one (a temporary file for SQLite, ``test_<name>`` on
PostgreSQL), created, migrated and dropped by the run; ``--keep`` keeps it and reuses it next time when it already
holds the same number of documents.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")

KIND, SMALL_KIND = "bench.provision", "bench.item"

# --- the corpus --------------------------------------------------------------------------------------------------

LAWS = ["食品安全法", "安全生产法", "环境保护法", "大气污染防治法", "水污染防治法", "固体废物污染环境防治法", "药品管理法",
        "产品质量法", "消费者权益保护法", "反不正当竞争法", "广告法", "道路交通安全法", "城乡规划法", "建筑法", "土地管理法",
        "森林法", "野生动物保护法", "文物保护法", "消防法", "特种设备安全法", "网络安全法", "个人信息保护法", "劳动合同法",
        "社会保险法", "税收征收管理法", "价格法", "计量法", "标准化法"]
SUBJECTS = ["生产经营单位", "食品生产经营者", "用人单位", "建设单位", "施工单位", "医疗机构", "网络运营者", "经营者",
            "排污单位", "承运人", "出版单位", "道路运输经营者", "药品上市许可持有人", "特种设备使用单位", "房地产开发企业",
            "物业服务企业", "旅行社", "娱乐场所经营单位", "互联网信息服务提供者", "广告主", "广告经营者", "检验检测机构",
            "机动车驾驶人", "个体工商户", "农民专业合作社", "危险化学品单位", "餐饮服务提供者", "网络交易平台经营者"]
ACTS = ["未取得许可从事生产经营活动", "未按照规定进行检验检测", "伪造、变造或者出租、出借许可证件", "拒绝、阻碍监督检查",
        "超过国家或者地方规定的排放标准排放污染物", "未建立进货查验记录台账", "未如实记录生产经营信息",
        "使用未经检验或者检验不合格的设备", "销售不符合食品安全标准的食品", "未履行告知义务", "擅自改变土地用途",
        "未按照规定报告生产安全事故", "非法占用耕地", "未取得建设工程规划许可证进行建设", "超限超载运输", "发布虚假广告",
        "实施不正当竞争行为", "违反规定收取费用", "未按照规定对从业人员进行安全生产教育和培训", "未依法保护个人信息",
        "未按照规定办理税务登记", "未设置安全警示标志", "使用不合格计量器具", "未按照规定配备专职安全生产管理人员",
        "转包或者违法分包工程", "生产、销售假药、劣药"]
RARE_ACTS = ["在文物保护单位的保护范围内进行爆破作业", "擅自砍伐古树名木", "违规飞行无人驾驶航空器", "违规经营殡葬服务",
             "非法销售彩票", "私自拆改燃气设施", "违法处置放射性同位素", "非法收购、出售野生动物"]
AUTHORITIES = ["县级以上人民政府市场监督管理部门", "生态环境主管部门", "应急管理部门", "住房和城乡建设主管部门",
               "交通运输主管部门", "卫生健康主管部门", "自然资源主管部门", "公安机关交通管理部门", "文化和旅游主管部门",
               "税务机关", "城市管理综合执法部门", "农业农村主管部门", "人力资源社会保障行政部门", "网信部门",
               "药品监督管理部门", "消防救援机构", "林业主管部门", "镇人民政府"]
CIRCUMSTANCES = ["情节严重的", "拒不改正的", "逾期不改正的", "造成严重后果的", "违法所得不足一万元的", "有违法所得的",
                 "首次违法且危害后果轻微并及时改正的", "造成人员伤亡的", "屡次违法的"]
PENALTIES = ["责令改正", "给予警告", "没收违法所得", "并处{a}万元以上{b}万元以下罚款", "处货值金额{x}倍以上{y}倍以下罚款",
             "责令停产停业整顿", "吊销许可证", "暂扣许可证件", "责令限期拆除", "通报批评", "降低资质等级",
             "对直接负责的主管人员和其他直接责任人员处{a}千元以上{b}千元以下罚款", "依法给予处分", "处五日以上十日以下拘留",
             "限制开展生产经营活动", "没收非法财物", "责令关闭", "处五十元以上五百元以下罚款"]
DIGITS = "一二三四五六七八九"


def cn_number(n: int) -> str:
    """1-999 in Chinese numerals as articles are numbered (第一百零五条)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = DIGITS[hundreds - 1] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens - 1]) + "十"
    elif hundreds and units:
        out += "零"
    return out + (DIGITS[units - 1] if units else "")


def _zipf(rng: random.Random, items: list[str], skew: float) -> str:
    """The first items are the common ones."""
    return items[min(int(rng.paretovariate(skew)) - 1, len(items) - 1)]


def _sentence(rng: random.Random) -> str:
    act = rng.choice(RARE_ACTS) if rng.random() < 0.002 else _zipf(rng, ACTS, 0.9)
    a = rng.choice([1, 2, 3, 5, 10, 20])
    penalties = "，".join(
        _zipf(rng, PENALTIES, 0.7).format(a=cn_number(a), b=cn_number(a * 5), x=cn_number(rng.randint(1, 5)),
                                          y=cn_number(rng.randint(6, 20)))
        for _ in range(rng.randint(1, 3)))
    sentence = (f"违反本法第{cn_number(rng.randint(1, 180))}条规定，{_zipf(rng, SUBJECTS, 1.0)}{act}的，"
                f"由{_zipf(rng, AUTHORITIES, 1.0)}{penalties}")
    if rng.random() < 0.6:
        sentence += f"；{_zipf(rng, CIRCUMSTANCES, 1.0)}，" + _zipf(rng, PENALTIES, 0.7).format(
            a=cn_number(a * 2), b=cn_number(a * 10), x="五", y="十")
    return sentence + "。"


def document(rng: random.Random, number: int):
    from yuezhifa.search.index import Doc

    law = _zipf(rng, LAWS, 0.8)
    text = "".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
    title = f"《中华人民共和国{law}》第{cn_number(rng.randint(1, 180))}条"
    return Doc(f"{number:07d}", title, text, round(rng.uniform(0.5, 2.0), 2))


# --- the queries -------------------------------------------------------------------------------------------------

QUERIES = {
    "二字常见": ["罚款", "改正", "警告"],
    "二字中等": ["吊销", "拘留", "台账"],
    "四字": ["违法所得", "责令改正", "情节严重", "安全生产"],
    "长词常见": ["县级以上人民政府", "市场监督管理部门"],
    "罕见": ["古树名木", "无人驾驶航空器", "殡葬", "彩票", "放射性同位素"],
    "多词": ["罚款 吊销", "食品 警告"],
    "无结果": ["区块链"],
}
WITHIN_IDS = 2_000
ONE_CHAR = ["罚"]
"""Reported on its own: a one-character query is a prefix query over every bigram starting with it."""


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _build(count: int, seed: int, batch: int) -> tuple[float, float]:
    from yuezhifa.search.index import replace_documents

    rng = random.Random(seed)
    generate = index = 0.0
    for start in range(0, count, batch):
        began = time.perf_counter()
        docs = [document(rng, number) for number in range(start, min(count, start + batch))]
        generated = time.perf_counter()
        replace_documents(KIND, docs[: len(docs) * 9 // 10])
        replace_documents(SMALL_KIND, docs[len(docs) * 9 // 10:])
        generate += generated - began
        index += time.perf_counter() - generated
        done = min(count, start + batch)
        print(f"\r  已写入 {done:,}/{count:,}（{index:.0f} 秒）", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return generate, index


def _run_queries(kind: str, queries: dict[str, list[str]], repeat: int, raw_repeat: int,
                 within: list[str] | None = None) -> dict[str, dict]:
    from yuezhifa.search.index import raw_query, search

    timings = {q: {"search": [], "raw": [], "total": None} for group in queries.values() for q in group}
    for round_number in range(max(repeat, raw_repeat) + 1):  # round 0 warms the caches and is not counted
        for query, record in timings.items():
            if round_number <= repeat:
                began = time.perf_counter()
                result = search(kind, query, within_ids=within)
                if round_number:
                    record["search"].append((time.perf_counter() - began) * 1000)
                record["total"] = f"{result.total:,}{'+' if result.total_is_estimate else ''}"
            if round_number <= raw_repeat and within is None:
                began = time.perf_counter()
                raw_query(kind, query)
                if round_number:
                    record["raw"].append((time.perf_counter() - began) * 1000)
    return timings


def _report(title: str, queries: dict[str, list[str]], timings: dict[str, dict]) -> dict[str, float]:
    print(f"\n{title}")
    print(f"{'类别':<8}{'查询':<14}{'命中':>9}  {'search 中位':>11}{'p95':>8}  {'raw 中位':>9}{'p95':>9}  {'比值':>5}")
    every_search, every_raw = [], []

    def figures(values: list[float]) -> tuple[float, float]:
        return (statistics.median(values), _percentile(values, 0.95)) if values else (math.nan, math.nan)

    for group, members in queries.items():
        for query in members:
            record = timings[query]
            (s_med, s_p95), (r_med, r_p95) = figures(record["search"]), figures(record["raw"])
            every_search += record["search"]
            every_raw += record["raw"]
            print(f"{group:<8}{query:<14}{record['total']:>9}  {s_med:>9.1f}ms{s_p95:>7.1f}  {r_med:>8.1f}ms"
                  f"{r_p95:>8.1f}  {s_med / r_med:>5.2f}")
    (s_med, s_p95), (r_med, r_p95) = figures(every_search), figures(every_raw)
    print(f"{'合计':<22}{'':>9}  {s_med:>9.1f}ms{s_p95:>7.1f}  {r_med:>8.1f}ms{r_p95:>8.1f}  {s_med / r_med:>5.2f}")
    return {"search_median": s_med, "search_p95": s_p95, "raw_median": r_med, "raw_p95": r_p95}


def main() -> int:
    parser = argparse.ArgumentParser(description="全文检索基准测试")
    parser.add_argument("--docs", type=int, default=100_000, help="文档数（默认 100000）")
    parser.add_argument("--repeat", type=int, default=20, help="每个查询的计时次数（默认 20）")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--raw-repeat", type=int, help="raw_query 的计时次数（默认同 --repeat；百万文档时 raw 很慢）")
    parser.add_argument("--batch", type=int, default=10_000, help="每次 replace_documents 的文档数")
    parser.add_argument("--keep", action="store_true", help="保留测试数据库，下次文档数相同时直接复用")
    args = parser.parse_args()

    import django
    from django.conf import settings

    temp_dir = tempfile.mkdtemp(prefix="yzf-bench-search-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{temp_dir}/bench.sqlite3"
    django.setup()
    from django.db import connection

    from yuezhifa.search.models import SearchDocument

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database.setdefault("TEST", {})["NAME"] = str(Path(temp_dir) / "bench.sqlite3") if not args.keep else str(
            Path(tempfile.gettempdir()) / f"yzf-bench-search-{args.docs}.sqlite3")
    print(f"数据库：{connection.vendor}；文档：{args.docs:,}；每个查询计时 {args.repeat} 次", file=sys.stderr)
    original_name = database["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        existing = SearchDocument.objects.count()
        if existing == args.docs:
            print(f"复用已有的 {existing:,} 个文档", file=sys.stderr)
            generate = index = 0.0
        else:
            SearchDocument.objects.all().delete()
            generate, index = _build(args.docs, args.seed, args.batch)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument" if connection.vendor == "postgresql" else "ANALYZE")
        if index:
            print(f"\n构建：生成文档 {generate:.1f} 秒，写入索引 {index:.1f} 秒（{args.docs / index:,.0f} 文档/秒）")
        print(f"机器：{os.cpu_count()} 核，查询前 1 分钟平均负载 {os.getloadavg()[0]:.1f}")
        raw_repeat = args.repeat if args.raw_repeat is None else args.raw_repeat
        main_summary = _report(f"类别 {KIND}（{args.docs * 9 // 10:,} 个文档）", QUERIES,
                               _run_queries(KIND, QUERIES, args.repeat, raw_repeat))
        small = {"二字常见": ["罚款"], "四字": ["违法所得"], "罕见": ["古树名木"]}
        _report(f"小类别 {SMALL_KIND}（{args.docs // 10:,} 个文档，与大类别同表）", small,
                _run_queries(SMALL_KIND, small, args.repeat, raw_repeat))
        _report("单字查询（前缀查询，单独报告）", {"单字": ONE_CHAR},
                _run_queries(KIND, {"单字": ONE_CHAR}, args.repeat, raw_repeat))
        within = [f"{number:07d}" for number in range(0, args.docs, 7)
                  if number % args.batch < args.batch * 9 // 10][:WITHIN_IDS]  # every 7th document of the big kind
        _report(f"限定范围（within_ids，{len(within):,} 个对象；无 raw 对照）", small,
                _run_queries(KIND, small, args.repeat, 0, within))
        print(f"\n查询后 1 分钟平均负载 {os.getloadavg()[0]:.1f}（负载高于核数时计时含排队等待）")
        verdict = "达到" if main_summary["search_p95"] < 50 else "未达到"
        print(f"\n目标 p95 < 50 ms：{verdict}（search p95 {main_summary['search_p95']:.1f} ms）；"
              f"search/raw 中位数比值 {main_summary['search_median'] / main_summary['raw_median']:.2f}")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)
        shutil.rmtree(temp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
