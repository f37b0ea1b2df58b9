from django.core.management.base import BaseCommand, CommandError

from yuezhifa.cases.selectors import verify_all_case_logs


class Command(BaseCommand):
    help = "校验每个案件的执法行为哈希链：完整时输出 OK 并以 0 退出；否则指出第一个被修改或删除的行为并以非 0 退出。"

    def handle(self, *args, **options):
        report = verify_all_case_logs()
        if not report.ok:
            raise CommandError(report.message)
        self.stdout.write(report.message)
