from django.core.management.base import BaseCommand

from yuezhifa.cases.services import documents_issue_missing
from yuezhifa.core.actors import SYSTEM


class Command(BaseCommand):
    help = ("补出具：为出具即签章之前记录、尚无 PDF 的旧文书生成 PDF、加盖电子印章（签章时间为本次运行的时间，不倒签）、"
            "登记证据存证日志并写审计记录。升级后运行一次即可；可重复运行，已出具的文书不受影响。")

    def handle(self, *args, **options):
        count = documents_issue_missing(actor=SYSTEM)
        self.stdout.write(f"OK：补出具 {count} 份文书。")
