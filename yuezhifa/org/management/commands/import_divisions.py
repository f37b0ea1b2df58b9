import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from yuezhifa.core.errors import DomainError
from yuezhifa.org.services.divisions import DivisionImportError, divisions_import
from yuezhifa.topology.jobs import require_base_writable


class _Bars:
    """One tqdm bar per stage of the import, fed by the service's ``progress(stage, done, total)``."""

    def __init__(self, stream, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.stage = None
        self.bar = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or (total == 0 and stage != self.stage):
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=stage, unit="条", file=self.stream, leave=False, dynamic_ncols=True)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = ("从目录导入全国统计用区划代码（provinces.csv、cities.csv、areas.csv、streets.csv）。"
            "可重复执行：已有且未变的区划不会改写。任一行有误则全部不导入，并逐行指出文件、行号和列。")

    def add_arguments(self, parser):
        parser.add_argument("source_dir", nargs="?", type=Path,
                            default=settings.YZF_SHARED_DIR / "data" / "divisions",
                            help="区划数据目录（默认：共享数据目录下的 data/divisions）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, source_dir: Path, no_progress: bool, verbosity: int, **options):
        require_base_writable("行政区划导入")  # base data: the hub's (办法 第十三条)
        bars = _Bars(self.stderr._out, enabled=not no_progress and verbosity > 0)
        started = time.perf_counter()
        try:
            summary = divisions_import(actor=None, source_dir=source_dir, progress=bars)
        except DivisionImportError as exc:
            bars.close()
            lines = "\n".join(str(e) for e in exc.row_errors)
            raise CommandError(f"区划数据有 {len(exc.row_errors)} 处错误，未导入任何数据：\n{lines}") from None
        except DomainError as exc:
            bars.close()
            raise CommandError(exc.message) from None
        bars.close()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{summary}（来源 {summary.source}，用时 {elapsed:.1f} 秒）")
