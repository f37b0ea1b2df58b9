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
        frequencies, rows = analysed._frequencies(cursor, "tsv")
    assert rows == 330
    assert frequencies["#laws.provision"] > 0.5
    assert frequencies["罚款"] > 0.5


@pytest.mark.parametrize("cap", [5, 1000])
def test_results_and_totals_do_not_depend_on_the_statistics(analysed, monkeypatch, cap):
    monkeypatch.setattr(index, "TOTAL_CAP", cap)
    with_statistics = search("laws.provision", "违反本法", limit=5)
    small_kind = search("items.item", "罚款", limit=5)
    past_the_end = search("laws.provision", "违反本法", limit=5, offset=495)
    analysed.forget_statistics()
    monkeypatch.setattr(analysed, "_frequencies", lambda cursor, column: ({}, 0.0))
    assert search("laws.provision", "违反本法", limit=5) == with_statistics
    assert search("items.item", "罚款", limit=5) == small_kind
    assert search("laws.provision", "违反本法", limit=5, offset=495) == past_the_end
    assert (with_statistics.total, with_statistics.total_is_estimate) == (min(cap, 200), cap < 200)
    assert small_kind.total == min(cap, 30)
    assert past_the_end.hits == [] and past_the_end.total == min(cap, 200)


def test_page_and_count_are_one_statement(analysed):
    """The ranked page brings the number of matches: a search is one query besides the transaction's settings."""
    with CaptureQueriesContext(connection) as queries:
        result = search("laws.provision", "罚款", limit=5)
    assert result.total == 200 and len(result.hits) == 5
    assert [query["sql"] for query in queries.captured_queries if "matched" in query["sql"]] != []
    assert not any("AS found" in query["sql"] for query in queries.captured_queries)


def test_within_ids_lookup_and_index_scan_agree(analysed, monkeypatch):
    within = [f"p{i:03d}" for i in range(0, 300, 4)]
    with CaptureQueriesContext(connection) as queries:
        looked_up = search("laws.provision", "处以罚款", limit=50, within_ids=within)
    assert any("OFFSET 0" in query["sql"] for query in queries.captured_queries)  # the per-object lookup was used
    monkeypatch.setattr(analysed, "_frequencies", lambda cursor, column: ({}, 0.0))
    scanned = search("laws.provision", "处以罚款", limit=50, within_ids=within)
    assert looked_up.total == scanned.total == len([i for i in range(0, 300, 4) if i % 3])
    assert looked_up.hits == scanned.hits  # same ranking (scores, order, snippets) whichever way the rows came
