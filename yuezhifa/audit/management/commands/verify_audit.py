from django.core.management.base import BaseCommand, CommandError

from yuezhifa.audit.merkle import verify_evidence_log
from yuezhifa.audit.selectors import verify_chain


class Command(BaseCommand):
    help = ("校验审计日志哈希链和证据存证日志（Merkle 树）：完整时输出 OK 并以 0 退出；"
            "否则指出第一条被修改、插入或删除的记录并以非 0 退出。")

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(report.message)
        self.stdout.write(report.message)
        evidence = verify_evidence_log()
        if not evidence.ok:
            raise CommandError(evidence.message)
        self.stdout.write(evidence.message)
