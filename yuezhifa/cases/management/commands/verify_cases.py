from django.core.management.base import BaseCommand, CommandError

from yuezhifa.audit.anchoring import ANCHOR_GRACE
from yuezhifa.audit.merkle import verify_evidence_log
from yuezhifa.cases.selectors import verify_all_case_logs


class Command(BaseCommand):
    help = ("校验每个案件的执法行为哈希链及其在证据存证日志中的锚定：完整时输出 OK 并以 0 退出；"
            "否则指出案号和第一个被修改、删除或重新计算哈希链的行为并以非 0 退出。")

    def handle(self, *args, **options):
        evidence = verify_evidence_log()  # the anchors count only if the log adds up to its signed heads
        if not evidence.ok:
            raise CommandError(evidence.message)
        report = verify_all_case_logs(stale_after=ANCHOR_GRACE)
        if not report.ok:
            raise CommandError(report.message)
        self.stdout.write(report.message)
