"""The search document table and, beside it, the database's own full-text index over its token columns.

SQLite: two contentless FTS5 tables ('ascii' tokenizer over the space-separated tokens) kept in step by triggers.
PostgreSQL: generated tsvector columns ('simple' configuration) with GIN indexes. The SQL is written out here, not
imported, so that this migration keeps meaning what it meant when it was written.
"""

from django.db import migrations, models

KIND_EXPRESSION = "'k' || lower(hex({row}.kind))"
FTS_INSERT = (  # noqa: S608
    "INSERT INTO search_fts(rowid, k, t, b) VALUES (new.id, {kind}, new.title_tokens, new.tokens); "
    "INSERT INTO search_fts_title(rowid, k, t) VALUES (new.id, {kind}, new.title_tokens);"
).format(kind=KIND_EXPRESSION.format(row="new"))
FTS_DELETE = (  # noqa: S608
    "INSERT INTO search_fts(search_fts, rowid, k, t, b) VALUES ('delete', old.id, {kind}, old.title_tokens, old.tokens); "
    "INSERT INTO search_fts_title(search_fts_title, rowid, k, t) VALUES ('delete', old.id, {kind}, old.title_tokens);"
).format(kind=KIND_EXPRESSION.format(row="old"))

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(k, t, b, content='', tokenize='ascii')",
    "CREATE VIRTUAL TABLE search_fts_title USING fts5(k, t, content='', tokenize='ascii', columnsize=0)",
    f"CREATE TRIGGER search_document_ai AFTER INSERT ON search_searchdocument BEGIN {FTS_INSERT} END",
    f"CREATE TRIGGER search_document_ad AFTER DELETE ON search_searchdocument BEGIN {FTS_DELETE} END",
    "CREATE TRIGGER search_document_au AFTER UPDATE OF id, kind, title_tokens, tokens ON search_searchdocument "
    "WHEN old.id <> new.id OR old.kind <> new.kind OR old.title_tokens <> new.title_tokens OR old.tokens <> new.tokens "
    f"BEGIN {FTS_DELETE} {FTS_INSERT} END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts_title",
    "DROP TABLE IF EXISTS search_fts",
]

TSV = ("array_to_tsvector(ARRAY['#' || kind]) || setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') "
       "|| to_tsvector('simple'::regconfig, tokens)")
TITLE_TSV = "array_to_tsvector(ARRAY['#' || kind]) || to_tsvector('simple'::regconfig, title_tokens)"
POSTGRESQL_FORWARD = [
    f"ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({TSV}) STORED, "
    f"ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS ({TITLE_TSV}) STORED",
    # Ranking reads every candidate's vector and nothing but snippets reads the text: the vectors stay in the row
    # (compressed only if the row must be), text and tokens are the first to be compressed and moved out of it.
    "ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN title_tsv SET STORAGE MAIN",
    "CREATE INDEX search_document_tsv ON search_searchdocument USING gin (tsv)",
    "CREATE INDEX search_document_title_tsv ON search_searchdocument USING gin (title_tsv)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_title_tsv",
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_tsv, DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"全文检索不支持 {schema_editor.connection.vendor} 数据库（仅支持 SQLite 与 PostgreSQL）。")
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("kind", models.CharField(max_length=40, verbose_name="类别")),
                ("object_id", models.CharField(max_length=64, verbose_name="对象标识")),
                ("weight", models.FloatField(default=1.0, verbose_name="权重")),
                ("title", models.TextField(verbose_name="标题")),
                ("title_tokens", models.TextField(verbose_name="标题分词")),
                ("text", models.TextField(verbose_name="正文")),
                ("tokens", models.TextField(verbose_name="正文分词")),
                ("updated_at", models.DateTimeField(verbose_name="索引时间")),
            ],
            options={
                "verbose_name": "检索文档",
                "verbose_name_plural": "检索文档",
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_document_kind_object_unique"),
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
