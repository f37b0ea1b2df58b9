from django.core.management.base import BaseCommand, CommandError

from yuezhifa.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链：完整时输出 OK 并以 0 退出；否则指出第一条被修改或删除的记录并以非 0 退出。"

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(report.message)
        self.stdout.write(report.message)
