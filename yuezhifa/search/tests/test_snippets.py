"""Snippets: a window of the original text around the first match, escaped, matches marked."""

from yuezhifa.search.analysis import parse_query
from yuezhifa.search.snippets import CONTEXT_CHARS, SNIPPET_CHARS, snippet_html


def snippet(text: str, query: str, title: str = "") -> str:
    return snippet_html(text, title, parse_query(query))


def test_window_around_the_first_match_with_ellipses():
    text = "甲" * 500 + "处以罚款" + "乙" * 500
    out = snippet(text, "罚款")
    assert out.startswith("…" + "甲" * (CONTEXT_CHARS - 2) + "处以<mark>罚款</mark>")
    assert out.endswith("乙…")
    assert len(out.replace("<mark>", "").replace("</mark>", "")) == SNIPPET_CHARS + 2


def test_short_text_is_shown_whole_with_every_match_marked():
    assert snippet("罚款，罚款。", "罚款") == "<mark>罚款</mark>，<mark>罚款</mark>。"


def test_every_term_is_marked_and_phrases_whole():
    assert snippet("依法处以罚款数额的二倍并吊销执照", "罚款数额 吊销") == \
        "依法处以<mark>罚款数额</mark>的二倍并<mark>吊销</mark>执照"


def test_html_in_the_text_is_escaped():
    assert snippet('<a href="x">罚款</a> & 1<2', "罚款") == \
        "&lt;a href=&quot;x&quot;&gt;<mark>罚款</mark>&lt;/a&gt; &amp; 1&lt;2"


def test_matching_follows_the_index_but_shows_the_original():
    assert snippet("应符合ＧＢ２７６０标准", "gb2760") == "应符合<mark>ＧＢ２７６０</mark>标准"
    assert snippet("Fine: FINE fine finest", "fine") == "<mark>Fine</mark>: <mark>FINE</mark> <mark>fine</mark> finest"


def test_latin_word_matches_whole_words_only():
    assert snippet("gb27601 与 gb2760", "gb2760") == "gb27601 与 <mark>gb2760</mark>"


def test_one_character_query_marks_the_character():
    assert snippet("依法处罚。罚款", "罚") == "依法处<mark>罚</mark>。<mark>罚</mark>款"


def test_falls_back_to_the_title_then_to_the_text_start():
    assert snippet("正文没有", "罚款", title="罚款<规定>") == "<mark>罚款</mark>&lt;规定&gt;"
    assert snippet("正文" * 100, "罚款", title="标题") == "正文" * (SNIPPET_CHARS // 2) + "…"


def test_match_far_into_a_long_text_and_across_chunk_boundaries():
    for prefix in (4094, 4095, 4096, 10_000):
        text = "甲" * prefix + "罚款" + "乙" * 10
        assert "<mark>罚款</mark>" in snippet(text, "罚款"), prefix


def test_match_at_the_end_of_the_text_shows_the_preceding_context():
    text = "甲" * 300 + "罚款"
    out = snippet(text, "罚款")
    assert out.endswith("<mark>罚款</mark>")
    assert out == "…" + "甲" * (SNIPPET_CHARS - 2) + "<mark>罚款</mark>"
