import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.inspection.services.subject_excel import ExcelImportError, command_max_bytes, subjects_import
from yuezhifa.topology.jobs import require_base_writable


class Command(BaseCommand):
    help = ("从 Excel（.xlsx，检查对象名录导入模板）导入行政检查对象名录，可达百万行。已登记的统一社会信用代码更新该对象，"
            "重复导入同一文件不作改动。任一行有误则全部不导入，并逐行指出行号和列。")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="检查对象名录 .xlsx 文件")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度")

    def handle(self, *args, file: Path, no_progress: bool, verbosity: int, **options):
        require_base_writable("检查对象名录导入")  # base data: the hub's (办法 第十三条)
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}")
        show = not no_progress and verbosity > 0

        def progress(stage: str, rows: int) -> None:
            if show and rows % 100_000 == 0:
                self.stderr.write(f"{stage}：{rows} 行")

        started = time.perf_counter()
        try:
            result = subjects_import(actor=SYSTEM, data=file.read_bytes(), filename=file.name,
                                     max_bytes=command_max_bytes(), progress=progress)
        except ExcelImportError as exc:
            lines = "\n".join(str(e) for e in exc.row_errors)
            raise CommandError(f"{exc.message}\n{lines}") from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{result}（用时 {time.perf_counter() - started:.1f} 秒）")
