"""Benchmark of the evidence log (证据存证, DESIGN §7): 1,000,000 leaves appended, then proofs at that size.

Prints, from one run on the same machine (so that the load of the machine weighs on all alike):

* the baselines: the raw RFC 6962 leaf hashing of every leaf (SHA-256(0x00 ‖ d), what any log must at least do), and
  a bare INSERT of the same leaf rows (the same statement, same batches and transactions; no tree, no lock, no
  duplicate check) on a sample;
* appends through ``merkle_append_many`` in batches, each batch its own transaction as a service's would be (rate,
  and its ratio to the bare INSERT); then appends one call per file through ``merkle_append`` (1,000 per
  transaction), at the same size;
* inclusion and consistency proofs at the final size: ``inclusion_proof`` / ``consistency_proof`` as the API calls
  them (median, p95, max), every one verified against the root; and the whole HTTP answer of
  ``GET /api/v1/evidence-log/proof/inclusion/?sha256=…`` on a sample;
* the full verification of the log (``verify_evidence_log``: every leaf, node and signed head recomputed).

Targets: at least 5,000 appends a second; proofs under 10 ms (p95).

    .venv/bin/python bench/bench_merkle.py                       # SQLite in a temporary file, 1,000,000 leaves
    .venv/bin/python bench/bench_merkle.py --leaves 100000       # a quicker run
    DATABASE_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/bench_merkle.py

The database is Django's test database for the configured one (a temporary file for SQLite, ``test_<name>`` on
PostgreSQL), created, migrated and dropped by the run; the signing key is made in a temporary directory. DEBUG is
off, as in production.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuezhifa.settings")

APPEND_TARGET = 5000.0  # appends a second
PROOF_TARGET_MS = 10.0  # p95


def _sha(i: int) -> str:
    return hashlib.sha256(i.to_bytes(8, "big")).hexdigest()


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], ordered[-1]


def _ms(samples: list[float]) -> str:
    median, p95, worst = _percentiles(samples)
    return f"中位数 {median:.2f} ms、p95 {p95:.2f} ms、最大 {worst:.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description="证据存证日志基准测试")
    parser.add_argument("--leaves", type=int, default=1_000_000, help="批量追加的叶子数（默认 1,000,000）")
    parser.add_argument("--batch", type=int, default=1000, help="每个事务追加的叶子数（默认 1000）")
    parser.add_argument("--single", type=int, default=20_000, help="逐个调用 merkle_append 追加的叶子数（默认 20,000）")
    parser.add_argument("--baseline-rows", type=int, default=200_000, help="裸 INSERT 基线的行数（默认 200,000）")
    parser.add_argument("--samples", type=int, default=1000, help="每种证明的计时次数（默认 1000）")
    parser.add_argument("--no-verify", action="store_true", help="跳过全量校验")
    args = parser.parse_args()

    import django
    from django.conf import settings

    temp_dir = tempfile.mkdtemp(prefix="yzf-bench-merkle-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{temp_dir}/bench.sqlite3"
    os.environ.pop("YZF_EVIDENCE_LOG_KEY", None)
    django.setup()
    settings.VAR_DIR = Path(temp_dir)  # the signing key of this run only
    settings.DEBUG = False  # as in production: no per-query bookkeeping
    from django.db import connection, transaction
    from django.test import Client

    from yuezhifa.audit.merkle import (
        LogEntry,
        consistency_proof,
        current_root,
        inclusion_proof,
        merkle_append,
        merkle_append_many,
        root_at,
        sth_issue,
        verify_evidence_log,
    )
    from yuezhifa.audit.merkle import rfc9162 as m
    from yuezhifa.audit.models import MerkleLeaf

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database.setdefault("TEST", {})["NAME"] = str(Path(temp_dir) / "bench.sqlite3")
    original_name = database["NAME"]
    n, batch = args.leaves, args.batch
    print(f"数据库：{connection.vendor}；叶子数：{n:,}（每个事务 {batch}）+ 逐个追加 {args.single:,}；"
          f"CPU 核数：{os.cpu_count()}；负载：{', '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        # --- baselines ------------------------------------------------------------------------------------------
        start = time.perf_counter()
        for i in range(n):
            m.leaf_hash(bytes.fromhex(_sha(i)))
        hash_seconds = time.perf_counter() - start
        rows = min(args.baseline_rows, n)
        from django.utils import timezone

        table = connection.ops.quote_name(MerkleLeaf._meta.db_table)
        at = MerkleLeaf._meta.get_field("appended_at").get_db_prep_value(timezone.now(), connection)
        insert = (f"INSERT INTO {table} (leaf_index, leaf_hash, sha256, object_type, object_id, appended_at) "
                  "VALUES (%s, %s, %s, %s, %s, %s)")
        start = time.perf_counter()
        for b in range(0, rows, batch):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(insert, [(i, "0" * 64, _sha(i), "bench.baseline", str(i), at)
                                            for i in range(b, min(b + batch, rows))])
        insert_seconds = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")
        hash_rate, insert_rate = n / hash_seconds, rows / insert_seconds
        print(f"\n基线：SHA-256 叶子哈希 {n:,} 个 {hash_seconds:.2f} 秒（{hash_rate:,.0f} 个/秒）；"
              f"裸 INSERT 叶子行 {rows:,} 行 {insert_seconds:.2f} 秒（{insert_rate:,.0f} 行/秒）")

        # --- appends --------------------------------------------------------------------------------------------
        start = time.perf_counter()
        cpu = time.process_time()
        step = max(n // 10, batch)
        for b in range(0, n, batch):
            with transaction.atomic():
                merkle_append_many([LogEntry("cases.evidence", str(i), _sha(i)) for i in range(b, min(b + batch, n))])
            if (b + batch) % step < batch and b + batch < n:
                done = b + batch
                print(f"  … {done:,} 个，{done / (time.perf_counter() - start):,.0f} 个/秒", file=sys.stderr)
        append_seconds = time.perf_counter() - start
        append_cpu = time.process_time() - cpu
        append_rate = n / append_seconds
        print(f"批量追加（merkle_append_many，每个事务 {batch} 个）：{n:,} 个 {append_seconds:.1f} 秒"
              f"（CPU {append_cpu:.1f} 秒），{append_rate:,.0f} 个/秒；为裸 INSERT 的 {append_rate / insert_rate:.2f} 倍")

        start = time.perf_counter()
        single = args.single
        for b in range(n, n + single, 1000):
            with transaction.atomic():
                for i in range(b, min(b + 1000, n + single)):
                    merkle_append(object_type="cases.casedocument", object_id=str(i), sha256=_sha(i))
        single_seconds = time.perf_counter() - start
        single_rate = single / single_seconds if single else 0.0
        size, root = current_root()
        sth, _ = sth_issue()
        print(f"逐个追加（merkle_append，每个事务 1000 次调用）：{single:,} 个 {single_seconds:.1f} 秒，"
              f"{single_rate:,.0f} 个/秒；日志共 {size:,} 个叶子，已签发树头（树大小 {sth.tree_size:,}）")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        # --- proofs ---------------------------------------------------------------------------------------------
        rng = random.Random(9162)
        inclusion, consistency, inclusion_cpu, consistency_cpu = [], [], [], []
        for _ in range(args.samples):
            index = rng.randrange(size)
            t0, c0 = time.perf_counter(), time.process_time()
            proof = inclusion_proof(index, size)
            inclusion.append((time.perf_counter() - t0) * 1000)
            inclusion_cpu.append((time.process_time() - c0) * 1000)
            m.verify_inclusion(index, size, m.leaf_hash(bytes.fromhex(_sha(index))), proof, root)
        roots = {}
        for _ in range(args.samples):
            first = rng.randrange(1, size)
            t0, c0 = time.perf_counter(), time.process_time()
            proof = consistency_proof(first, size)
            consistency.append((time.perf_counter() - t0) * 1000)
            consistency_cpu.append((time.process_time() - c0) * 1000)
            if len(roots) < 50:
                roots[first] = root_at(first)
                m.verify_consistency(first, size, proof, roots[first], root)
        client = Client()
        api = []
        for _ in range(max(args.samples // 5, 1)):
            index = rng.randrange(size)
            t0 = time.perf_counter()
            response = client.get("/api/v1/evidence-log/proof/inclusion/", {"sha256": _sha(index)})
            api.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.content
        print(f"\n树大小 {size:,} 时（每种 {args.samples} 次，随机位置，每个证明均已核验）：")
        print(f"  包含证明 inclusion_proof：{_ms(inclusion)}（本进程 CPU：{_ms(inclusion_cpu)}）")
        print(f"  一致性证明 consistency_proof：{_ms(consistency)}（本进程 CPU：{_ms(consistency_cpu)}）")
        print(f"  接口 GET …/proof/inclusion/?sha256=（{len(api)} 次，含查找叶子、树头与 JSON）：{_ms(api)}")

        if not args.no_verify:
            start = time.perf_counter()
            report = verify_evidence_log()
            print(f"\n全量校验 verify_evidence_log：{time.perf_counter() - start:.1f} 秒；{report.message}")
            if not report.ok:
                return 1

        print(f"\n峰值内存：{peak:.0f} MB；结束时负载：{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
              f"（CPU 核数 {os.cpu_count()}；负载高于核数时，墙钟时间含等待 CPU 的时间，见上面的 CPU 时间）")
        append_ok = append_rate >= APPEND_TARGET
        proof_ok = _percentiles(inclusion)[1] < PROOF_TARGET_MS and _percentiles(consistency)[1] < PROOF_TARGET_MS
        print(f"目标：追加 ≥ {APPEND_TARGET:,.0f} 个/秒（批量 {append_rate:,.0f}，逐个 {single_rate:,.0f}）："
              f"{'达到' if append_ok else '未达到'}；证明 p95 < {PROOF_TARGET_MS:.0f} ms："
              f"{'达到' if proof_ok else '未达到'}")
        return 0 if append_ok and proof_ok else 1
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)
        shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
