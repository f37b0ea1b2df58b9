"""Smoke test of bench/bench_themes_ingest.py with a small record count: the generated standard file passes the
validated ingest (办法 第四十七条第二款、第四十八条) and a second delivery of it adds nothing."""

import importlib.util
from pathlib import Path

from yuezhifa.themes.models import Record

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_themes_ingest.py"


def test_the_bench_file_loads_through_the_validated_ingest_and_once_only(db, tmp_path):
    spec = importlib.util.spec_from_file_location("bench_themes_ingest", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    source, bodies = bench._world()
    standard, _table = bench._write_files(tmp_path, 60, source, bodies)
    _seconds, delivery = bench._ours(standard, source)
    assert (delivery.status, delivery.created_count) == ("loaded", 60), delivery.errors[:3]
    _seconds, again = bench._ours(standard, source)
    assert (again.created_count, again.unchanged_count) == (0, 60) and Record.objects.count() == 60
