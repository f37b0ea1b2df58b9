"""Citations to the provision of the version in force on a date (the legal basis of an enforcement item or decision
must point at the text that applied then: 处罚法 第37条)."""

import datetime

import pytest

from yuezhifa.laws.citations import (
    CitationInvalid,
    CitationNotFound,
    extract_citations,
    parse_citation,
    resolve,
)

from .conftest import CORE_FILES

# Cross-references written in the statutes of the corpus themselves: (citation as written, target law, article,
# paragraph, item). Each string occurs verbatim in some file of data/laws.
REAL_CITATIONS = [
    ("《药品管理法》第七十三条", "中华人民共和国药品管理法", 73, None, None),
    ("《药品管理法》第四十一条", "中华人民共和国药品管理法", 41, None, None),
    ("《药品管理法》第五十九条第二款", "中华人民共和国药品管理法", 59, 2, None),
    ("《药品管理法》第九十二条", "中华人民共和国药品管理法", 92, None, None),
    ("《集会游行示威法》第二十七条", "中华人民共和国集会游行示威法", 27, None, None),
    ("《集会游行示威法》第七条第二款", "中华人民共和国集会游行示威法", 7, 2, None),
    ("《集会游行示威法》第三十三条", "中华人民共和国集会游行示威法", 33, None, None),
    ("《烟草专卖法》第四条", "中华人民共和国烟草专卖法", 4, None, None),
    ("《烟草专卖法》第三十一条", "中华人民共和国烟草专卖法", 31, None, None),
    ("《烟草专卖法》第二十八条", "中华人民共和国烟草专卖法", 28, None, None),
    ("《土地管理法》第四十五条", "中华人民共和国土地管理法", 45, None, None),
    ("《土地管理法》第七十七条", "中华人民共和国土地管理法", 77, None, None),
    ("《土地管理法》第八十二条", "中华人民共和国土地管理法", 82, None, None),
    ("《中华人民共和国土地管理法》第九条", "中华人民共和国土地管理法", 9, None, None),
    ("《证券法》第一百二十二条", "中华人民共和国证券法", 122, None, None),
    ("《证券法》第二百零八条", "中华人民共和国证券法", 208, None, None),
    ("《证券法》第二百一十九条", "中华人民共和国证券法", 219, None, None),
    ("《证券法》第一百九十八条", "中华人民共和国证券法", 198, None, None),
    ("《道路交通安全法》第九十九条第一款", "中华人民共和国道路交通安全法", 99, 1, None),
    ("《中华人民共和国道路交通安全法》第七十六条", "中华人民共和国道路交通安全法", 76, None, None),
    ("《企业破产法》第二条", "中华人民共和国企业破产法", 2, None, None),
    ("《企业破产法》第八十七条第二款", "中华人民共和国企业破产法", 87, 2, None),
    ("《中华人民共和国企业破产法》第二条", "中华人民共和国企业破产法", 2, None, None),
    ("《中华人民共和国民用航空法》第十一条第(二)项", "中华人民共和国民用航空法", 11, None, 2),
    ("《规章制定程序条例》第二条第二款", "规章制定程序条例", 2, 2, None),
    ("《中华人民共和国海商法》第二百一十条", "中华人民共和国海商法", 210, None, None),
    ("《中华人民共和国海商法》第二百一十条第一款", "中华人民共和国海商法", 210, 1, None),
    ("《中华人民共和国海商法》第一百一十七条", "中华人民共和国海商法", 117, None, None),
    ("《中华人民共和国计量法》第十四条", "中华人民共和国计量法", 14, None, None),
    ("《中华人民共和国计量法》第三十三条", "中华人民共和国计量法", 33, None, None),
    ("《邮政法》第三十六条", "中华人民共和国邮政法", 36, None, None),
    ("《中华人民共和国邮政法》第六十一条", "中华人民共和国邮政法", 61, None, None),
    ("《中华人民共和国邮政法》第二十四条", "中华人民共和国邮政法", 24, None, None),
]
TARGET_FILES = [f"**/{name}(*).md" for name in (
    "药品管理法", "集会游行示威法", "烟草专卖法", "土地管理法", "证券法", "道路交通安全法", "企业破产法", "民用航空法",
    "规章制定程序条例", "海商法", "计量法", "邮政法")]


@pytest.fixture
def library(import_corpus, db):
    summary = import_corpus(*TARGET_FILES, *CORE_FILES.values(), "行政法/食品安全法(*).md",
                            "诉讼与非诉讼程序法/行政复议法(*).md")
    assert summary.unparseable == []
    return summary


def test_real_citations_occur_in_the_corpus(corpus_dir):
    wanted = {c for c, *_ in REAL_CITATIONS}
    found = set()
    for path in corpus_dir.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        found |= {c for c in wanted - found if c in text}
        if found == wanted:
            break
    assert wanted - found == set()


def test_real_cross_references_resolve(library):
    """33 citations from the statutes themselves, each to the right law, article, 款 and 项. (One import for all:
    the library is the expensive part.)"""
    wrong = []
    for text, law, article, paragraph, item in REAL_CITATIONS:
        provision = resolve(text)
        if item:
            expected = ("item", item)
        elif paragraph:
            expected = ("paragraph", paragraph)
        else:
            expected = ("article", article)
        got = (provision.law.name, provision.article_number, provision.kind, provision.ordinal
               if provision.kind != "article" else provision.article_number)
        if got != (law, article, *expected):
            wrong.append((text, got))
    assert wrong == []


FORMS = [
    ("《中华人民共和国行政处罚法》第五十一条", "A51"),
    ("《行政处罚法》第51条第1款", "A51.P1"),
    ("处罚法第六十三条第一款第（二）项", "A63.P1.I2"),
    ("行政处罚法第六十三条第一款第二项", "A63.P1.I2"),
    ("行政处罚法第63条第1款第2项", "A63.P1.I2"),
    ("《行政处罚法》第九条第（二）项", "A9.P1.I2"),
    ("强制法第二十五条", "A25"),
    ("《行政强制法》第五十四条。", "A54"),
    ("许可法第十二条第（一）项", "A12.P1.I1"),
    ("《食品安全法》第一百二十四条第一款第（三）项", "A124.P1.I3"),
    ("食安法第１２２条", "A122"),
]


def test_forms_chinese_and_arabic_numerals_names_and_abbreviations(library):
    assert [(text, resolve(text).code) for text, _code in FORMS] == FORMS


def test_version_in_force_on_the_date(library):
    """行政复议法: the 2017 text until 2023-12-31, the 2023 text from 2024-01-01."""
    old = resolve("《行政复议法》第九条", on=datetime.date(2020, 5, 1))
    new = resolve("《行政复议法》第九条", on=datetime.date(2024, 1, 1))
    assert old.law.publish_date == datetime.date(2017, 9, 1)
    assert new.law.publish_date == datetime.date(2023, 9, 1)
    assert old.law.lineage == new.law.lineage


@pytest.mark.parametrize(("text", "fragment"), [
    ("《行政处罚法》第五十一", "没有条号"),
    ("《行政处罚法》第五十一条第一段", "“第一段”无法识别"),
    ("", "引用为空"),
])
def test_unknown_forms_say_what_was_not_understood(text, fragment):
    with pytest.raises(CitationInvalid) as exc:
        parse_citation(text)
    assert fragment in exc.value.message


NOT_FOUND = [
    ("《中华人民共和国不存在法》第一条", None, "没有名为“中华人民共和国不存在法”"),
    ("《行政处罚法》第九十条", None, "没有第九十条（共 86 条）"),
    ("《行政处罚法》第五十一条第三款", None, "第五十一条没有第三款（共 1 款）"),
    ("《行政处罚法》第六十三条第一款第（九）项", None, "没有第（九）项"),
    ("《行政处罚法》第九条", datetime.date(2020, 1, 1), "尚未施行"),
]


def test_what_is_not_found_is_named(library):
    for text, on, fragment in NOT_FOUND:
        with pytest.raises(CitationNotFound) as exc:
            resolve(text, on=on)
        assert fragment in exc.value.message, text


def test_extract_citations_from_running_text():
    text = "依照《中华人民共和国行政强制法》第五十四条第一款和本法第九条的规定，参照《行政处罚法》第63条。"
    found = extract_citations(text)
    assert [(c.law, c.article, c.paragraph) for _span, c in found] == [
        ("中华人民共和国行政强制法", 54, 1), ("行政处罚法", 63, None)]
    (start, end), _citation = found[0]
    assert text[start:end] == "《中华人民共和国行政强制法》第五十四条第一款"
