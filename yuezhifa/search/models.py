"""The search index's stored documents. The full-text index itself lives beside this table in the database's own
engine and is created by migration 0001: SQLite FTS5 tables kept in step by triggers, or PostgreSQL generated
tsvector columns with GIN indexes (docs/decisions/0004-全文检索.md).

Write only through ``yuezhifa.search.index``. A future migration that alters this table on SQLite rebuilds it, which
drops the triggers: such a migration must recreate them (``yuezhifa.search.engines.sqlite_triggers_sql``) and run
``yzf search_rebuild``; ``yuezhifa/search/tests/test_schema.py`` fails until it does.
"""

from django.db import models


class SearchDocument(models.Model):
    """One searchable object: a provision, a law, an enforcement item, a published penalty result.

    ``title_tokens`` and ``tokens`` are the analysed title and text (``analysis.index_tokens``) that the engine
    indexes. The integer key is the full-text engines' row id (FTS5 rowid), which is why this table, an index
    rather than a domain record, does not use the platform's UUID keys.
    """

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField("类别", max_length=40)
    object_id = models.CharField("对象标识", max_length=64)
    weight = models.FloatField("权重", default=1.0)
    title = models.TextField("标题")
    title_tokens = models.TextField("标题分词")
    text = models.TextField("正文")
    tokens = models.TextField("正文分词")
    updated_at = models.DateTimeField("索引时间")

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_kind_object_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
