from django.core.management.base import BaseCommand, CommandError

from yuezhifa.cases.archive import check_archive
from yuezhifa.core.errors import DomainError


class Command(BaseCommand):
    help = ("对已有的电子归档包重新进行四性检测（真实性、完整性、可用性、安全性），供接收方或定期抽检使用；"
            "全部通过时以 0 退出，否则列出不通过的项目并以非 0 退出。")

    def add_arguments(self, parser):
        parser.add_argument("directory", help="归档包（BagIt）目录")

    def handle(self, *args, directory, **options):
        try:
            report = check_archive(directory)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        for line in report.summary():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("四性检测未通过：" + "、".join(report[code].name for code in report.failed) + "。")
