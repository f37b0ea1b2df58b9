"""``yzf search_reindex [--kind …] [--full]``: index the rows that arrived by replication (docs/decisions/0059)."""

from django.core.management.base import BaseCommand

from yuezhifa.topology.reindex import KINDS, reindex

LABELS = {"disclosure": "公示结果", "laws": "法律法规", "items": "执法事项"}


class Command(BaseCommand):
    help = ("为经逻辑复制到达的数据补建检索索引（省级平台：各节点的公示结果；节点：省级下发的法律法规与执法事项）：未索引或"
            "索引后又有变化的补建，已撤下或已删除的移出。后台任务每 5 分钟运行一次；--full 重新索引全部。")

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=KINDS, action="append", help="只处理该类数据（可重复）")
        parser.add_argument("--full", action="store_true", help="重新索引全部，而不只是未索引或有变化的")

    def handle(self, *args, **options):
        done = reindex(kinds=options["kind"] or KINDS, full=options["full"])
        for kind, (indexed, removed) in done.items():
            self.stdout.write(f"{LABELS[kind]}：索引 {indexed} 个，移出 {removed} 个。")
        self.stdout.write(self.style.SUCCESS("检索索引已与数据一致。"))
