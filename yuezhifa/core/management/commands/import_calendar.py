"""``yzf import-calendar FILE``: enter a year's holiday arrangement from a CSV or JSON file (format:
docs/decisions/0002-working-day-calendar.md), or ``--package YEAR`` from the installed chinesecalendar."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from yuezhifa.core.errors import DomainError
from yuezhifa.core.services import CalendarFileInvalid, calendar_import_file, calendar_import_package
from yuezhifa.topology.jobs import require_base_writable


class Command(BaseCommand):
    help = ("导入一年的节假日与调休安排（CSV 或 JSON，格式见 docs/decisions/0002-working-day-calendar.md）。"
            "文件即该年的完整安排；任何一行有误则不导入任何数据；重复导入同一文件不会产生变化。")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="日历文件路径（.csv 或 .json）")
        parser.add_argument("--package", type=int, nargs="+", metavar="YEAR",
                            help="改为从已安装的 chinesecalendar 软件包导入这些年度")
        parser.add_argument("--user", help="以该用户名义导入并记入审计（须为全省系统管理员）；不指定则记为“系统”")

    def handle(self, *args, **options):
        require_base_writable("工作日历导入")  # base data: the hub's (办法 第十三条)
        if bool(options["file"]) == bool(options["package"]):
            raise CommandError("请指定一个日历文件，或用 --package YEAR 从 chinesecalendar 导入（二者选一）。")
        actor = None
        if options["user"]:
            User = get_user_model()
            try:
                actor = User.objects.get(username=options["user"])
            except User.DoesNotExist:
                raise CommandError(f"用户“{options['user']}”不存在。") from None
        try:
            if options["package"]:
                results = calendar_import_package(actor=actor, years=options["package"])
            else:
                path = Path(options["file"])
                if not path.is_file():
                    raise CommandError(f"文件不存在：{path}")
                results = [calendar_import_file(actor=actor, content=path.read_bytes(), filename=path.name)]
        except CalendarFileInvalid as exc:
            for error in exc.errors:
                self.stderr.write(error["message"])
            raise CommandError(exc.message) from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        for result in results:
            self.stdout.write(self.style.SUCCESS(result.summary))
