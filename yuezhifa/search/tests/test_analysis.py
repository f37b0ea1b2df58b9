"""The CJK bigram tokenizer and query parsing (DESIGN §8; decision 0004)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuezhifa.core.errors import DomainError
from yuezhifa.search.analysis import (
    _RUN,
    MAX_QUERY_CHARS,
    MAX_TOKEN_CHARS,
    Term,
    index_tokens,
    parse_query,
    tokenize,
)


def test_cjk_runs_give_overlapping_bigrams():
    assert tokenize("行政处罚") == ["行政", "政处", "处罚"]


def test_lone_cjk_character_is_a_unigram():
    assert tokenize("第3条") == ["第", "3", "条"]
    assert tokenize("罚") == ["罚"]


def test_mixed_text_latin_digits_full_width_and_punctuation():
    assert tokenize("违反《食品安全法》第3条，ＧＢ２７６０－２０１４标准；Hello, World!") == [
        "违反", "食品", "品安", "安全", "全法", "第", "3", "条", "gb2760", "2014", "标准", "hello", "world"]


def test_latin_words_and_numbers_are_whole_and_lowercased():
    assert tokenize("COVID-19 ISO9001 3.5万元") == ["covid", "19", "iso9001", "3", "5", "万元"]


def test_punctuation_symbols_and_spaces_are_dropped():
    assert tokenize("“罚款”、（罚没）——【款项】…… _ @#$%^&*") == ["罚款", "罚没", "款项"]
    assert tokenize(" \t\n　，。！？") == []


def test_full_width_space_and_half_width_katakana_are_normalised():
    assert tokenize("罚款　数额") == ["罚款", "数额"]  # U+3000 ideographic space separates
    assert tokenize("ｶﾀｶﾅ") == ["カタ", "タカ", "カナ"]


def test_japanese_and_korean_runs_are_bigrams_too():
    assert tokenize("한국어") == ["한국", "국어"]
    assert tokenize("ひらがな") == ["ひら", "らが", "がな"]


def test_compatibility_ideographs_fold_to_unified():
    assert tokenize("\uf900") == tokenize("\u8c48")


def test_overlong_latin_words_are_cut_the_same_way_on_both_sides():
    word = "a" * (MAX_TOKEN_CHARS + 20)
    assert tokenize(word) == ["a" * MAX_TOKEN_CHARS]


def test_index_tokens_add_each_runs_last_character_and_are_padded():
    assert index_tokens("处罚。罚款数额") == " 处罚 罚 罚款 款数 数额 额 "
    assert index_tokens("第3条") == " 第 3 条 "
    assert index_tokens("，。") == ""


def _reference_tokenize(text: str) -> list[str]:
    """The tokenizer as specified, without the fast path: NFKC and lowercase the whole text, then cut."""
    out = []
    for match in _RUN.finditer(unicodedata.normalize("NFKC", text).lower()):
        cjk, word = match.groups()
        if cjk:
            out.extend([cjk] if len(cjk) == 1 else [cjk[i:i + 2] for i in range(len(cjk) - 1)])
        else:
            out.append(word[:MAX_TOKEN_CHARS])
    return out


_TEXT = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x24F),
    st.characters(min_codepoint=0x2000, max_codepoint=0x20FF),
    st.characters(min_codepoint=0x3000, max_codepoint=0x30FF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
    st.characters(min_codepoint=0xF900, max_codepoint=0xF90F),
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
    st.characters(min_codepoint=0xAC00, max_codepoint=0xAC0F),
), max_size=30)


@given(_TEXT)
def test_fast_normalisation_equals_whole_text_nfkc(text):
    assert tokenize(text) == _reference_tokenize(text)


@given(_TEXT)
def test_tokens_are_letters_and_digits_only_and_index_tokens_contain_them(text):
    tokens = tokenize(text)
    assert all(token and all(ch.isalnum() for ch in token) for token in tokens)
    stored = index_tokens(text).split()
    assert all(token in stored for token in tokens)


def test_query_terms_phrase_word_and_prefix():
    parsed = parse_query("罚款数额 GB2760 罚")
    assert parsed.terms == (Term(("罚款", "款数", "数额")), Term(("gb2760",)), Term(("罚",), prefix=True))
    assert parsed.terms[0].text == "罚款数额"


def test_query_loose_form_requires_every_bigram_without_adjacency():
    assert parse_query("罚款数额").loose.terms == (Term(("罚款",)), Term(("款数",)), Term(("数额",)))


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "，。！？", "\"'*:()^-", "<>&"])
def test_query_without_words_is_nothing(query):
    assert parse_query(query) is None


@pytest.mark.parametrize("query, words", [
    ('" OR 1=1 --', ["or", "1"]),
    ('罚款" NEAR', ["罚款", "near"]),
    ("<script>alert(1)</script>", ["script", "alert", "1"]),
    ("a:b", ["a", "b"]),
    ("罚款 AND NOT 警告*", ["罚款", "and", "not", "警告"]),
])
def test_query_syntax_characters_are_plain_text(query, words):
    assert [term.text for term in parse_query(query).terms] == words


def test_query_over_the_limit_is_refused_in_chinese():
    assert parse_query("罚" * MAX_QUERY_CHARS) is not None
    assert parse_query(" " * 50 + "罚" * MAX_QUERY_CHARS + " " * 50) is not None  # surrounding spaces do not count
    with pytest.raises(DomainError) as raised:
        parse_query("罚" * (MAX_QUERY_CHARS + 1))
    assert "检索词过长" in raised.value.message
    assert raised.value.field == "q"
