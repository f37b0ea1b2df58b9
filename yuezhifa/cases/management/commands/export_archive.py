from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from yuezhifa.cases.archive import export_archive
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError


class Command(BaseCommand):
    help = ("导出已办结案件的电子归档包（办法第三十一条）：一个 BagIt 包（RFC 8493），含卷内文书（加盖电子印章的 PDF）、"
            "证据文件、案件元数据和四性检测报告。目标目录会被创建；已存在且不为空的目录拒绝写入。"
            "四性检测有不通过的项目时，归档包照样写出并以非 0 退出。")

    def add_arguments(self, parser):
        parser.add_argument("number", help="案号（未立案的案件用案件标识 UUID）")
        parser.add_argument("directory", help="归档包的目标目录")
        parser.add_argument("--user", default="", help="以该用户名导出（审计记录的操作人；默认：系统）")

    def handle(self, *args, number, directory, user, **options):
        actor = SYSTEM
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"用户“{user}”不存在或已停用。")
        try:
            report = export_archive(actor=actor, number=number, target_dir=directory)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        for line in report.summary():
            self.stdout.write(line)
        self.stdout.write(f"归档包已写入：{report.bag_dir}（检测报告见 data/metadata/check-report.txt）")
        if not report.ok:
            names = "、".join(report[code].name for code in report.failed)
            raise CommandError(f"四性检测未通过：{names}。")
