"""The search index as its callers use it, on whichever database the tests run (SQLite or PostgreSQL)."""

import pytest
from django.db import transaction

from yuezhifa.core.errors import DomainError
from yuezhifa.search import index
from yuezhifa.search.index import Doc, Result, raw_query, remove_documents, replace_documents, search
from yuezhifa.search.models import SearchDocument

pytestmark = pytest.mark.django_db

KIND = "laws.provision"


def ids(result: Result) -> list[str]:
    return [hit.object_id for hit in result.hits]


def index_docs(*docs: Doc, kind: str = KIND) -> None:
    replace_documents(kind, docs)


# --- matching -----------------------------------------------------------------------------------------------------


def test_two_character_term_matches_the_word_not_its_characters_apart():
    index_docs(Doc("together", "第一条", "处二千元以上一万元以下罚款。"),
               Doc("apart", "第二条", "罚没收入，款项上缴国库。"))
    result = search(KIND, "罚款")
    assert ids(result) == ["together"]
    assert result.total == 1


def test_one_character_query_finds_the_character_anywhere():
    """Decision 0004: a lone character is a prefix query; the index's extra last-character token makes it find the
    character also where it ends a run of Chinese."""
    index_docs(Doc("start", "", "罚款。"), Doc("end", "", "依法处罚。"), Doc("alone", "", "罚"), Doc("none", "", "警告。"))
    assert sorted(ids(search(KIND, "罚"))) == ["alone", "end", "start"]


def test_longer_query_requires_its_characters_adjacent():
    index_docs(Doc("adjacent", "", "罚款数额较大的，依法处理。"),
               Doc("scattered", "", "罚款的款数，数额巨大。"),
               Doc("across-punctuation", "", "违法，法所得。"))
    assert ids(search(KIND, "罚款数额")) == ["adjacent"]  # the scattered one holds every bigram, but apart


def test_run_ends_do_not_make_false_phrases():
    """Without the last-character token, 违法，法所得 would hold 违法 法所 所得 side by side."""
    index_docs(Doc("broken", "", "违法，法所得。"), Doc("whole", "", "没收违法所得。"))
    assert ids(search(KIND, "违法所得")) == ["whole"]


def test_when_no_document_holds_the_phrase_the_query_is_relaxed_to_its_bigrams():
    index_docs(Doc("scattered", "", "罚款的款数，数额巨大。"), Doc("unrelated", "", "警告。"))
    result = search(KIND, "罚款数额")
    assert ids(result) == ["scattered"]
    assert result.relaxed is True
    assert search(KIND, "罚款").relaxed is False


def test_space_separated_words_must_all_be_present():
    index_docs(Doc("both", "", "处以罚款，并吊销许可证。"), Doc("one", "", "处以罚款。"))
    assert ids(search(KIND, "罚款 吊销")) == ["both"]


def test_latin_words_and_numbers_match_whole_ignoring_case_and_width():
    index_docs(Doc("fullwidth", "", "应当符合ＧＢ２７６０标准。"), Doc("longer", "", "参见GB27601。"))
    assert ids(search(KIND, "gb2760")) == ["fullwidth"]
    assert ids(search(KIND, "ＧＢ2760")) == ["fullwidth"]


def test_kinds_are_separate_indexes():
    replace_documents("laws.provision", [Doc("1", "", "罚款")])
    replace_documents("items.item", [Doc("1", "", "警告")])
    assert ids(search("laws.provision", "罚款")) == ["1"]
    assert search("items.item", "罚款").total == 0
    assert ids(search("items.item", "警告")) == ["1"]


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "，。！", "*", "\"\""])
def test_empty_query_gives_an_empty_result(query):
    index_docs(Doc("1", "", "罚款"))
    assert search(KIND, query) == Result(0, [])
    assert raw_query(KIND, query) == []


def test_overlong_query_is_refused_with_a_chinese_message():
    with pytest.raises(DomainError, match="检索词过长"):
        search(KIND, "罚款" * 51)


@pytest.mark.parametrize("query", ['" OR 1=1 --', '罚款" NEAR', "<script>", "*", "a:b", "罚款 OR", "NEAR(罚款 警告)",
                                   "罚款 AND NOT", "^罚款", "-罚款", "(罚款", "'; DROP TABLE search_searchdocument; --",
                                   "罚款:*", "罚款 <-> 警告", "{t b}: 罚款", "k : x", "\\", "罚款\x00"])
def test_query_syntax_and_markup_are_plain_text(query):
    index_docs(Doc("1", "", "罚款"), Doc("2", "", "or 1 near script a b t k x drop table"))
    search(KIND, query)
    raw_query(KIND, query)
    assert SearchDocument.objects.count() == 2


def test_operators_in_a_query_are_searched_as_words():
    index_docs(Doc("with-words", "", "罚款 or not"), Doc("without", "", "罚款"))
    assert ids(search(KIND, "罚款 OR")) == ["with-words"]
    assert ids(search(KIND, '罚款" NEAR')) == []
    assert sorted(ids(search(KIND, "罚款*"))) == ["with-words", "without"]


# --- ranking ------------------------------------------------------------------------------------------------------


def test_short_exact_title_match_comes_first():
    index_docs(Doc("long", "第三十条", "违反规定的，处罚款；" + "情节严重的，处罚款，并处罚款。" * 5 + "其他。" * 50),
               Doc("title", "罚款", "罚款的缴纳。"),
               Doc("body", "第八条", "处以罚款。"))
    assert ids(search(KIND, "罚款"))[0] == "title"


def test_title_matches_count_more_than_text_matches():
    index_docs(Doc("in-text", "第五条", "当事人应当按期缴纳罚款，逾期加处罚款。"),
               Doc("in-title", "罚款的缴纳", "当事人应当按期缴纳，逾期加处。"))
    assert ids(search(KIND, "罚款")) == ["in-title", "in-text"]


def test_document_weight_multiplies_the_score():
    index_docs(Doc("light", "", "处以罚款。", weight=1.0), Doc("heavy", "", "处以罚款。", weight=3.0))
    result = search(KIND, "罚款")
    assert ids(result) == ["heavy", "light"]
    assert result.hits[0].score == pytest.approx(3 * result.hits[1].score)
    assert result.hits[1].score > 0


def test_weighted_document_outranks_an_equally_matching_one_whatever_the_order_of_indexing():
    """The weight is stored with the document and multiplies the engine's rank: a preferred law's article comes
    before an identical one of an ordinary law, however many of those were indexed after it."""
    index_docs(Doc("preferred", "第九条", "处以罚款。", weight=2.0))
    index_docs(*[Doc(f"plain{i:02d}", "第九条", "处以罚款。") for i in range(30)])
    result = search(KIND, "罚款", limit=5)
    assert ids(result)[0] == "preferred"
    assert result.hits[0].score == pytest.approx(2 * result.hits[1].score)


def test_ranking_considers_every_match_not_only_the_last_indexed():
    """The best document is indexed first, then 600 weaker matches: it still leads (a ranking limited to a pool of
    the 500 most recently indexed matches would never see it)."""
    index_docs(Doc("best", "第一条", "罚款的种类和罚款数额。", weight=1.5))
    index_docs(*[Doc(f"n{i:03d}", f"第{i}条", "违反本法规定的，由主管部门责令改正，可以处以罚款。" + "其他规定。" * (i % 7))
                 for i in range(600)])
    result = search(KIND, "罚款", limit=10)
    assert result.total == 601
    assert ids(result)[0] == "best"
    assert ids(search(KIND, "罚款", limit=10, within_ids=["best", "n599", "n000"]))[0] == "best"


def test_weight_zero_keeps_a_match_last():
    index_docs(Doc("muted", "罚款", "罚款罚款罚款。", weight=0.0), Doc("normal", "", "处以罚款。"))
    assert ids(search(KIND, "罚款")) == ["normal", "muted"]


def test_more_occurrences_rank_higher():
    index_docs(Doc("once", "", "处以罚款，责令改正，给予警告。"), Doc("twice", "", "处以罚款，加处罚款，给予警告。"))
    assert ids(search(KIND, "罚款")) == ["twice", "once"]


def test_raw_query_returns_object_ids_of_matches():
    index_docs(Doc("a", "", "罚款"), Doc("b", "", "警告"), Doc("c", "罚款", "罚款"))
    assert sorted(raw_query(KIND, "罚款")) == ["a", "c"]
    assert len(raw_query(KIND, "罚款", limit=1)) == 1


# --- paging, totals, restriction ----------------------------------------------------------------------------------


def test_limit_offset_and_total():
    index_docs(*[Doc(f"{i:02d}", "", "处以罚款。" + "其他" * i) for i in range(25)])
    first, second = search(KIND, "罚款", limit=10), search(KIND, "罚款", limit=10, offset=20)
    assert (first.total, len(first.hits), second.total, len(second.hits)) == (25, 10, 25, 5)
    every = ids(search(KIND, "罚款", limit=25))
    assert ids(first) + ids(search(KIND, "罚款", limit=10, offset=10)) + ids(second) == every
    assert search(KIND, "罚款", offset=30) == Result(25, [])


def test_total_is_capped_and_marked_as_a_lower_bound(monkeypatch):
    monkeypatch.setattr(index, "TOTAL_CAP", 5)
    index_docs(*[Doc(str(i), "", "处以罚款。") for i in range(8)])
    result = search(KIND, "罚款", limit=3)
    assert (result.total, result.total_is_estimate, len(result.hits)) == (5, True, 3)
    index_docs(Doc("x", "", "警告"))
    assert search(KIND, "警告").total_is_estimate is False


def test_paging_beyond_the_reach_is_refused():
    with pytest.raises(DomainError, match="只能翻阅前"):
        search(KIND, "罚款", offset=index.MAX_OFFSET)


@pytest.mark.parametrize("limit, offset", [(0, 0), (index.MAX_LIMIT + 1, 0), (10, -1)])
def test_bad_page_arguments_are_programming_errors(limit, offset):
    with pytest.raises(ValueError):
        search(KIND, "罚款", limit=limit, offset=offset)


def test_within_ids_restricts_the_search():
    index_docs(*[Doc(str(i), "", "处以罚款。") for i in range(5)])
    replace_documents("items.item", [Doc("9", "", "处以罚款。")])
    result = search(KIND, "罚款", within_ids=["1", "3", "9", "missing"])
    assert sorted(ids(result)) == ["1", "3"]
    assert result.total == 2
    assert search(KIND, "罚款", within_ids=[]) == Result(0, [])
    assert search(KIND, "罚款", within_ids=iter(["4"])).total == 1


# --- writing ------------------------------------------------------------------------------------------------------


def test_replace_is_idempotent_and_updates_text():
    assert replace_documents(KIND, [Doc("1", "第一条", "处以罚款。"), Doc("2", "第二条", "给予警告。")]) == 2
    stored = SearchDocument.objects.get(object_id="1").updated_at
    assert replace_documents(KIND, [Doc("1", "第一条", "处以罚款。")]) == 1
    assert SearchDocument.objects.count() == 2
    assert SearchDocument.objects.get(object_id="1").updated_at == stored  # unchanged: not rewritten
    assert search(KIND, "罚款").total == 1

    replace_documents(KIND, [Doc("1", "第一条", "责令停产停业。")])
    assert search(KIND, "罚款").total == 0
    assert ids(search(KIND, "停产")) == ["1"]
    assert SearchDocument.objects.count() == 2


def test_replace_takes_the_last_of_duplicate_ids_and_any_iterable():
    written = replace_documents(KIND, (Doc("1", "", text) for text in ["罚款", "警告"]))
    assert written == 1
    assert ids(search(KIND, "警告")) == ["1"]
    assert search(KIND, "罚款").total == 0


def test_replace_updates_title_and_weight():
    replace_documents(KIND, [Doc("1", "旧标题", "内容", weight=1.0)])
    replace_documents(KIND, [Doc("1", "罚款", "内容", weight=2.5)])
    assert ids(search(KIND, "罚款")) == ["1"]
    assert search(KIND, "旧标题").total == 0
    assert SearchDocument.objects.get(object_id="1").weight == 2.5


def test_large_batch_is_written_in_one_call():
    count = index._WRITE_BATCH + 150
    assert replace_documents(KIND, (Doc(str(i), f"第{i}条", "处以罚款。") for i in range(count))) == count
    assert search(KIND, "罚款").total == min(count, index.TOTAL_CAP)


def test_remove_documents():
    index_docs(Doc("1", "", "罚款"), Doc("2", "", "罚款"))
    replace_documents("items.item", [Doc("1", "", "罚款")])
    assert remove_documents(KIND, ["1", "unknown"]) == 1
    assert ids(search(KIND, "罚款")) == ["2"]
    assert ids(search("items.item", "罚款")) == ["1"]
    assert remove_documents(KIND, []) == 0
    assert remove_documents(KIND, ["1"]) == 0


def test_writes_follow_the_callers_transaction():
    with transaction.atomic():
        index_docs(Doc("kept", "", "罚款"))
    with pytest.raises(RuntimeError), transaction.atomic():
        index_docs(Doc("rolled-back", "", "罚款"))
        remove_documents(KIND, ["kept"])
        assert ids(search(KIND, "罚款")) == ["rolled-back"]
        raise RuntimeError
    assert ids(search(KIND, "罚款")) == ["kept"]


@pytest.mark.parametrize("kind", ["", "Laws", "laws provision", "法规", "x" * 41, "1laws"])
def test_bad_kind_is_refused(kind):
    with pytest.raises(ValueError):
        replace_documents(kind, [Doc("1", "", "罚款")])
    with pytest.raises(ValueError):
        search(kind, "罚款")


@pytest.mark.parametrize("doc", [Doc("", "", "罚款"), Doc("x" * 65, "", "罚款"), Doc("1", "", "罚款", weight=-1),
                                 Doc("1", "", "罚款", weight=float("nan"))])
def test_bad_documents_are_refused_and_nothing_is_written(doc):
    with pytest.raises(ValueError):
        replace_documents(KIND, [Doc("ok", "", "罚款"), doc])
    assert SearchDocument.objects.count() == 0


def test_nul_characters_are_dropped_not_fatal():
    index_docs(Doc("1", "标题\x00", "罚\x00款"))
    assert ids(search(KIND, "罚款")) == ["1"]


def test_long_document_is_indexed_whole_up_to_the_limit():
    text = "其他规定。" * 6000 + "末尾处以罚款。"  # about 36,000 characters, beyond PostgreSQL's 16,383 positions
    index_docs(Doc("long", "长文", text))
    result = search(KIND, "罚款")
    assert ids(result) == ["long"]
    assert "<mark>罚款</mark>" in result.hits[0].snippet_html


def test_snippets_escape_html_and_mark_matches():
    index_docs(Doc("1", "<b>标题</b>", "前文<script>alert('罚款')</script>处以罚款&警告。"))
    snippet = search(KIND, "罚款").hits[0].snippet_html
    assert snippet == "前文&lt;script&gt;alert(&#x27;<mark>罚款</mark>&#x27;)&lt;/script&gt;处以<mark>罚款</mark>&amp;警告。"
    assert "<script>" not in snippet and "<b>" not in snippet


@pytest.mark.parametrize("lookup", [True, False])
@pytest.mark.parametrize("query", ["罚款", "罚", "违法所得", "gb2760", "罚款 吊销", "罚款数额"])
def test_within_ids_keeps_the_unrestricted_ranking_of_the_listed_objects(monkeypatch, query, lookup):
    """Restricted or not, the same matches in the same order (on PostgreSQL a short list may be looked up row by
    row instead of scanned: same semantics)."""
    from yuezhifa.search import engines

    monkeypatch.setattr(engines, "WITHIN_LOOKUP", 5_000 if lookup else 0)
    index_docs(Doc("a", "罚款", "依法处罚。"), Doc("b", "", "违法，法所得；罚款数额"), Doc("c", "", "没收违法所得，并处罚款。"),
               Doc("d", "GB2760", "吊销许可证，处罚款。"), Doc("e", "", "罚款的款数，数额较大。"), Doc("f", "", "警告"),
               Doc("g", "", "处罚款，吊销执照，没收违法所得，gb2760。"))
    within = ["a", "b", "c", "d", "e", "f", "missing"]
    restricted, everything = search(KIND, query, within_ids=within), search(KIND, query)
    assert restricted.total == len(restricted.hits) and restricted.relaxed == everything.relaxed
    assert ids(restricted) == [object_id for object_id in ids(everything) if object_id in within]


@pytest.mark.parametrize("query", ["罚款", "罚", "违法所得", "罚款 吊销"])
def test_kind_filter_in_the_index_or_on_the_row_gives_the_same_ranking(monkeypatch, query):
    """SQLite checks a kind that is most of the table on the document row and a small kind in FTS5 (decision 0004):
    same matches, same order."""
    from django.db import connection

    from yuezhifa.search.engines import ENGINES

    if connection.vendor != "sqlite":
        pytest.skip("SQLite 的类别过滤")
    index_docs(Doc("a", "罚款", "依法处罚。"), Doc("c", "", "没收违法所得，并处罚款。"), Doc("d", "", "吊销许可证，处罚款。"),
               Doc("e", "", "罚款的款数，数额较大。" * 3), Doc("f", "", "警告"), Doc("g", "", "处罚款，吊销执照，没收违法所得。"))
    replace_documents("items.item", [Doc(str(i), "", "处以罚款，吊销许可证。") for i in range(3)])
    engine = ENGINES["sqlite"]
    results = []
    for fraction in (0.9, 0.1):
        monkeypatch.setattr(engine, "_kind_fraction", lambda cursor, kind, fraction=fraction: fraction)
        results.append(search(KIND, query))
    assert ids(results[0]) == ids(results[1]) and results[0].total == results[1].total > 0
