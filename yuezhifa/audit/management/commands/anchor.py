from django.core.management.base import BaseCommand

from yuezhifa.audit.anchoring import anchor_checkpoint


class Command(BaseCommand):
    help = ("锚定：把审计日志链头和每个有新执法行为的案件的链头登记到证据存证日志，并签发签名树头"
            "（定时任务每小时整点自动进行一次；此命令用于即时锚定）。")

    def handle(self, *args, **options):
        checkpoint = anchor_checkpoint()
        sth = checkpoint.sth
        signed = "签发了新的签名树头" if checkpoint.signed else "日志没有增长，沿用最新的签名树头"
        self.stdout.write(f"OK：新锚定 {checkpoint.anchored} 个链头；{signed}（树大小 {sth.tree_size}，"
                          f"根哈希 {sth.root_hash}）。")
