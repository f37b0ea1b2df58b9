"""Benchmark of ``yzf import-laws``: the whole law corpus into a fresh database, time and peak memory.

Prints, from one run on the same machine (so that the load of the machine weighs on both alike):

* the baseline: reading and hashing every file of the corpus (what any import must at least do), and parsing every
  file without writing (the Markdown reader alone);
* the full import into a fresh, migrated database (wall time, CPU time, laws and provisions written), with the
  search index kept in step as in production;
* the second import of the same corpus (idempotence: nothing written);
* provision search over the whole corpus (``provision_search``, as the API runs it) against the raw full-text query
  on the same index, timed alternately in the same run: medians, p95s and their ratios; and whether 罚款 finds
  《中华人民共和国行政处罚法》第九条 on the API's first page;
* peak resident memory of the process, and the import / baseline ratios.

Targets: full import under 2 minutes and under 500 MB peak memory on SQLite; provision search median and p95 at most
twice the raw query's, p95 under 50 ms, 第九条 on the first page (SQLite and PostgreSQL).

    .venv/bin/python bench/bench_import_laws.py                     # SQLite in a temporary file
    .venv/bin/python bench/bench_import_laws.py --corpus /path/to/laws
    DATABASE_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/bench_import_laws.py

The database is Django's test database for the configured one (a temporary file for SQLite, ``test_<name>`` on
PostgreSQL), created, migrated and dropped by the run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")

TIME_TARGET = 120.0
MEMORY_TARGET_MB = 500.0


def _peak_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Clock:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def _baseline(corpus: Path) -> tuple[_Clock, _Clock, int, int]:
    """(read-and-hash clock, parse clock, files, bytes)."""
    from yuezhifa.laws.corpus import discover
    from yuezhifa.laws.parsing import ParseError, parse_code_parts, parse_markdown

    files = size = 0
    with _Clock() as read:
        for path in sorted(corpus.rglob("*.md")):
            data = path.read_bytes()
            hashlib.sha256(data).hexdigest()
            files += 1
            size += len(data)
    with _Clock() as parse:
        for source in discover(corpus):
            try:
                _sha, texts = source.read()
                if source.is_multipart:
                    parse_code_parts(texts)
                else:
                    parse_markdown(texts[0][1])
            except (ParseError, UnicodeDecodeError):
                pass
    return read, parse, files, size


SEARCH_QUERIES = ["罚款", "行政处罚", "责令改正", "吊销许可证", "食品安全", "没收违法所得", "听证", "法制审核",
                  "查封", "扣押财物", "个人信息", "营业执照"]
SEARCH_REPEAT = 15
SEARCH_RATIO_TARGET = 2.0
SEARCH_P95_TARGET_MS = 50.0
API_PAGE_SIZE = 50  # GET /api/v1/provisions/?search=… (REST_FRAMEWORK PAGE_SIZE)
ARTICLE_NINE = ("中华人民共和国行政处罚法", 9)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _bench_provision_search() -> bool:
    """Provision search as the API runs it (``provision_search``: ranked page with snippets) against the raw
    full-text query on the same index, over the whole imported corpus, in the same run."""
    from yuezhifa.laws.selectors import provision_search
    from yuezhifa.org.models import User
    from yuezhifa.search import index

    user = User.objects.create(username="bench", is_superuser=True, is_active=True)
    ours, raw = [], []
    for query in SEARCH_QUERIES:  # warm both paths once
        provision_search(user=user, query=query, limit=20)
        index.raw_query("laws.provision", query, limit=20)
    for _ in range(SEARCH_REPEAT):
        for query in SEARCH_QUERIES:
            start = time.perf_counter()
            provision_search(user=user, query=query, limit=20)
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            index.raw_query("laws.provision", query, limit=20)
            raw.append((time.perf_counter() - start) * 1000)
    ours_median, ours_p95 = _percentiles(ours)
    raw_median, raw_p95 = _percentiles(raw)
    median_ratio, p95_ratio = ours_median / max(raw_median, 1e-9), ours_p95 / max(raw_p95, 1e-9)
    print(f"\n条文检索（{len(SEARCH_QUERIES)} 个查询 × {SEARCH_REPEAT} 次，全量语料，同次运行交替计时）："
          f"provision_search 中位数 {ours_median:.1f} ms、p95 {ours_p95:.1f} ms；"
          f"原始全文查询 中位数 {raw_median:.1f} ms、p95 {raw_p95:.1f} ms；"
          f"中位数之比 {median_ratio:.2f} 倍，p95 之比 {p95_ratio:.2f} 倍")
    first_page = provision_search(user=user, query="罚款", limit=API_PAGE_SIZE).hits
    found = [(hit.provision.law.name, hit.provision.article_number) for hit in first_page]
    position = found.index(ARTICLE_NINE) + 1 if ARTICLE_NINE in found else None
    print(f"“罚款”第一页（{API_PAGE_SIZE} 条）：《{ARTICLE_NINE[0]}》第九条"
          f"{f'在第 {position} 位' if position else '不在其中'}")
    ok = (median_ratio <= SEARCH_RATIO_TARGET and p95_ratio <= SEARCH_RATIO_TARGET
          and ours_p95 < SEARCH_P95_TARGET_MS and position is not None)
    print(f"目标（中位数与 p95 均 ≤ {SEARCH_RATIO_TARGET:.0f} 倍，p95 < {SEARCH_P95_TARGET_MS:.0f} ms，"
          f"第九条在第一页）：{'达到' if ok else '未达到'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description="法律法规导入基准测试")
    parser.add_argument("--corpus", type=Path, default=None, help="语料库目录（默认：共享数据目录下的 data/laws）")
    args = parser.parse_args()

    import django
    from django.conf import settings

    temp_dir = tempfile.mkdtemp(prefix="yzf-bench-laws-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{temp_dir}/bench.sqlite3"
    django.setup()
    from django.db import connection

    from yuezhifa.core.actors import SYSTEM
    from yuezhifa.laws.models import Law, Provision
    from yuezhifa.laws.services import laws_import

    corpus = args.corpus or Path(settings.YZF_SHARED_DIR) / "data" / "laws"
    if not corpus.is_dir():
        print(f"语料库不存在：{corpus}", file=sys.stderr)
        return 2
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database.setdefault("TEST", {})["NAME"] = str(Path(temp_dir) / "bench.sqlite3")
    original_name = database["NAME"]
    print(f"数据库：{connection.vendor}；语料库：{corpus}；CPU 核数：{os.cpu_count()}；"
          f"负载：{', '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        read, parse, files, size = _baseline(corpus)
        print(f"\n基线：读取并计算 SHA-256 {files} 个文件（{size / 2**20:.1f} MB）"
              f" {read.wall:.2f} 秒；只解析不写入 {parse.wall:.2f} 秒（CPU {parse.cpu:.2f} 秒）")

        with _Clock() as first:
            summary = laws_import(actor=SYSTEM, directory=corpus)
        peak = _peak_mb()
        laws, provisions = Law.objects.count(), Provision.objects.count()
        print(f"首次导入：{first.wall:.1f} 秒（CPU {first.cpu:.1f} 秒）；{summary.summary_line()}；"
              f"库中 {laws} 部、{provisions} 条；检索索引：{'已建立' if summary.indexed else '不可用'}")
        for problem in summary.unparseable:
            print(f"  无法解析：{problem}")

        with _Clock() as second:
            again = laws_import(actor=SYSTEM, directory=corpus)
        print(f"再次导入（应无改动）：{second.wall:.1f} 秒；{again.summary_line()}；"
              f"{'无改动' if not again.changed_anything else '有改动！'}")

        search_ok = _bench_provision_search()

        print(f"\n峰值内存：{peak:.0f} MB（目标 < {MEMORY_TARGET_MB:.0f} MB）")
        print(f"首次导入 / 读取基线 = {first.wall / max(read.wall, 1e-9):.0f} 倍；"
              f"首次导入 / 解析基线 = {first.wall / max(parse.wall, 1e-9):.1f} 倍；"
              f"再次导入 / 读取基线 = {second.wall / max(read.wall, 1e-9):.1f} 倍")
        time_ok, memory_ok = first.wall < TIME_TARGET, peak < MEMORY_TARGET_MB
        print(f"目标 {TIME_TARGET:.0f} 秒内：{'达到' if time_ok else '未达到'}；"
              f"{MEMORY_TARGET_MB:.0f} MB 内：{'达到' if memory_ok else '未达到'}")
        return 0 if time_ok and memory_ok and search_ok and not again.changed_anything else 1
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)
        shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
