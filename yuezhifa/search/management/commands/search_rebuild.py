"""``yzf search_rebuild [--kind KIND]``: re-analyse the indexed documents and rebuild the full-text index."""

from django.core.management.base import BaseCommand

from yuezhifa.search.index import rebuild_index


class Command(BaseCommand):
    help = ("重新分词全部检索文档并重建全文索引。分词规则升级后，或 SQLite 上某次迁移重建了检索文档表（触发器随之丢失）后运行。"
            "重建期间检索文档表被锁定，不能写入。")

    def add_arguments(self, parser):
        parser.add_argument("--kind", help="只重新分词该类别的文档（索引仍整体重建）")

    def handle(self, *args, **options):
        changed = rebuild_index(kind=options["kind"])
        self.stdout.write(self.style.SUCCESS(f"全文索引已重建；{changed} 个文档的分词有变化。"))
