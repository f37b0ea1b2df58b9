"""PostgreSQL only: the engine's use of planner statistics gives the same results as without them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yuezhifa.search import index
from yuezhifa.search.engines import ENGINES
from yuezhifa.search.index import Doc, replace_documents, search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL 的查询计划"),
]


@pytest.fixture
def analysed():
    """Documents of a dominant kind and a small one, analysed so that pg_stats describes them."""
    replace_documents("laws.provision", [Doc(f"p{i:03d}", f"第{i}条", "违反本法规定，处以罚款。" if i % 3 else "给予警告。")
                                         for i in range(300)])
    replace_documents("items.item", [Doc(f"i{i:02d}", "事项", "处以罚款。") for i in range(30)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    engine = ENGINES["postgresql"]
    engine.forget_statistics()
    yield engine
    engine.forget_statistics()


def test_statistics_are_read(analysed):
    with connection.cursor() as cursor:
        frequencies = analysed._frequencies(cursor, "tsv")
    assert frequencies["#laws.provision"] > 0.5
    assert frequencies["罚款"] > 0.5


@pytest.mark.parametrize("cap", [5, 1000])
def test_bounded_read_and_planner_give_the_same_matches(analysed, monkeypatch, cap):
    monkeypatch.setattr(index, "TOTAL_CAP", cap)
    monkeypatch.setattr(index, "CANDIDATES", min(cap, 500))
    with CaptureQueriesContext(connection) as queries:
        with_statistics = search("laws.provision", "违反本法", limit=5)
        small_kind = search("items.item", "罚款", limit=5)
    assert any("AS head" in query["sql"] for query in queries.captured_queries)  # the bounded read was tried
    analysed.forget_statistics()
    monkeypatch.setattr(analysed, "_frequencies", lambda cursor, column: {})
    assert search("laws.provision", "违反本法", limit=5) == with_statistics
    assert search("items.item", "罚款", limit=5) == small_kind
    assert with_statistics.total == min(cap, 200)
    assert small_kind.total == min(cap, 30)
