from pathlib import Path

from django.core.management.base import BaseCommand

from yuezhifa.disclosure.shuanggongshi import markdown

DOC = Path(__file__).resolve().parents[4] / "docs" / "双公示数据项.md"


class Command(BaseCommand):
    help = "依 disclosure/shuanggongshi.py 生成双公示数据项说明 docs/双公示数据项.md（--stdout：只输出，不写文件）。"

    def add_arguments(self, parser):
        parser.add_argument("--stdout", action="store_true", help="输出到标准输出，不写文件。")

    def handle(self, *args, **options):
        if options["stdout"]:
            self.stdout.write(markdown(), ending="")
            return
        DOC.write_text(markdown(), encoding="utf-8")
        self.stdout.write(f"已写入 {DOC}")
