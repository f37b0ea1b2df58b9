"""Demo data of the laws library: the provisions the demo's enforcement items, discretion benchmarks and cases cite
(``fixtures/demo/``: exact excerpts of the corpus texts with their metadata). ``yzf demo`` calls ``load()``."""

from pathlib import Path

from yuezhifa.core.actors import SYSTEM

DEMO_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"


def load() -> None:
    """Import the demo texts; idempotent, and a later full import of the corpus updates the same laws in place
    (same source paths), keeping the ids that demo items point at."""
    from .services import laws_import

    summary = laws_import(actor=SYSTEM, directory=DEMO_DIR)
    if summary.unparseable:
        problems = "；".join(str(p) for p in summary.unparseable)
        raise RuntimeError(f"演示法律法规无法导入：{problems}")
