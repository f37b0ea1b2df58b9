"""The engine-specific index beside the document table: present after migrations, in step with every write
(also writes that bypass ``yuezhifa.search.index``), and rebuilt by ``yzf search_rebuild``."""

import pytest
from django.core.management import call_command
from django.db import connection

from yuezhifa.search.index import Doc, rebuild_index, replace_documents, search
from yuezhifa.search.models import SearchDocument

pytestmark = pytest.mark.django_db

KIND = "laws.provision"
SQLITE_TRIGGERS = {"search_document_ai", "search_document_ad", "search_document_au"}


def _sqlite_objects(kind: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = %s", [kind])
        return {row[0] for row in cursor.fetchall()}


def test_engine_index_exists():
    """A later migration that rebuilds the document table on SQLite drops its triggers; this test then fails until
    that migration recreates them (see yuezhifa/search/models.py)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert {"search_fts", "search_fts_title"} <= _sqlite_objects("table")
            assert _sqlite_objects("trigger") >= SQLITE_TRIGGERS
        else:
            cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                           "AND is_generated = 'ALWAYS'", ["search_searchdocument"])
            assert {row[0] for row in cursor.fetchall()} == {"tsv", "title_tsv"}
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                           ["search_searchdocument", "%USING gin%"])
            assert {row[0] for row in cursor.fetchall()} == {"search_document_tsv", "search_document_title_tsv"}


def test_orm_updates_and_deletes_keep_the_index_in_step():
    replace_documents(KIND, [Doc("1", "", "处以罚款。"), Doc("2", "", "处以罚款。")])
    SearchDocument.objects.filter(object_id="1").update(tokens=" 警告 告 ", text="警告")
    SearchDocument.objects.filter(object_id="2").delete()
    assert search(KIND, "罚款").total == 0
    assert [hit.object_id for hit in search(KIND, "警告").hits] == ["1"]


def test_rebuild_retokenizes_and_restores_a_lost_index(capsys):
    replace_documents(KIND, [Doc("1", "", "处以罚款。")])
    SearchDocument.objects.filter(object_id="1").update(tokens=" 过时 ")
    if connection.vendor == "sqlite":  # what a table-rebuilding migration does to the triggers
        with connection.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        SearchDocument.objects.create(kind=KIND, object_id="2", title="", title_tokens="", text="给予警告。",
                                      tokens=" 给予 予警 警告 告 ", updated_at="2024-01-01T00:00:00Z")
        assert search(KIND, "警告").total == 0
    else:
        replace_documents(KIND, [Doc("2", "", "给予警告。")])
    call_command("search_rebuild")
    assert "全文索引已重建" in capsys.readouterr().out
    assert [hit.object_id for hit in search(KIND, "罚款").hits] == ["1"]
    assert [hit.object_id for hit in search(KIND, "警告").hits] == ["2"]
    if connection.vendor == "sqlite":
        assert _sqlite_objects("trigger") >= SQLITE_TRIGGERS
    assert rebuild_index(kind=KIND) == 0
