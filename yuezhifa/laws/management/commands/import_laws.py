import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.laws.services import laws_import
from yuezhifa.topology.jobs import require_base_writable


class _Bars:
    """One tqdm bar per stage (读取, 写入), fed by the service's ``progress(stage, done, total)``."""

    def __init__(self, stream, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.stage = None
        self.bar = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=stage, unit="部", file=self.stream, leave=False, dynamic_ncols=True)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = ("导入法律法规 Markdown 语料库（格式见语料库的 SOURCE.md，元数据取自各 db.sqlite3）。"
            "可重复执行：未变的文件不会改写。无法解析的文件逐个列出行号和原因，不影响其他文件导入。")

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=settings.YZF_SHARED_DIR / "data" / "laws",
                            help="语料库目录（默认：共享数据目录下的 data/laws）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument("--quiet-warnings", action="store_true", help="不列出提示（如条号不连续）")

    def handle(self, *args, directory: Path, no_progress: bool, quiet_warnings: bool, verbosity: int, **options):
        require_base_writable("法律法规导入")  # base data: the hub's (办法 第十三条)
        bars = _Bars(self.stderr._out, enabled=not no_progress and verbosity > 0)
        started = time.perf_counter()
        try:
            summary = laws_import(actor=SYSTEM, directory=directory, progress=bars)
        except DomainError as exc:
            bars.close()
            raise CommandError(exc.message) from None
        bars.close()
        if quiet_warnings:
            summary.warnings = []
        if verbosity > 0:
            for line in summary.detail_lines():
                self.stdout.write(line)
            self.stdout.write(f"用时 {time.perf_counter() - started:.1f} 秒。")
        self.stdout.write(summary.summary_line())
