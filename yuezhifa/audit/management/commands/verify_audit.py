from django.core.management.base import BaseCommand, CommandError

from yuezhifa.audit.anchoring import ANCHOR_GRACE
from yuezhifa.audit.merkle import verify_evidence_log
from yuezhifa.audit.selectors import verify_chain


class Command(BaseCommand):
    help = ("校验审计日志哈希链及其在证据存证日志中的锚定，以及证据存证日志（Merkle 树）本身：完整时输出 OK 并以 0 退出；"
            "否则指出第一条被修改、插入、删除或重新计算哈希链的记录并以非 0 退出。")

    def handle(self, *args, **options):
        evidence = verify_evidence_log()
        if not evidence.ok:
            raise CommandError(evidence.message)
        report = verify_chain(stale_after=ANCHOR_GRACE)
        if not report.ok:
            raise CommandError(report.message)
        self.stdout.write(report.message)
        self.stdout.write(evidence.message)
