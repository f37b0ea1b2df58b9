"""The Markdown format of the corpus (data/laws/SOURCE.md), read to article, paragraph, item and sub-item
(办法 第52条: the library is structured to 条、款、项)."""

import pytest

from yuezhifa.laws.numerals import cn_to_int, int_to_cn
from yuezhifa.laws.parsing import ParseError, parse_code_parts, parse_markdown

HEADER = "# 中华人民共和国测试法\n\n2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订\n\n<!-- INFO END -->\n\n"


def parse(body: str):
    return parse_markdown(HEADER + body)


def by_code(law):
    return {node.code: node for node in law.walk()}


@pytest.mark.parametrize(("text", "number"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("一百", 100), ("一百零五", 105), ("一百一十", 110),
    ("一千二百六十", 1260), ("一千零五", 1005), ("51", 51), ("两", 2),
])
def test_chinese_numerals_both_ways(text, number):
    assert cn_to_int(text) == number
    if text.isascii() or text == "两":
        return
    assert int_to_cn(number) == text


def test_header_gives_title_and_history():
    law = parse("第一条 为了测试，制定本法。\n")
    assert law.title == "中华人民共和国测试法"
    assert law.history == ["2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订"]


def test_chapter_heading_with_inner_spaces_and_sections():
    law = parse("## 第一章 总 则\n\n第一条 甲。\n\n## 第二章 程序\n\n### 第一节 一般规定\n\n第二条 乙。\n\n"
                "### 第二节 简易程序\n\n第三条 丙。\n")
    codes = by_code(law)
    assert codes["C1"].heading == "总则" and codes["C1"].label == "第一章"
    assert codes["C2.S1"].heading == "一般规定"
    assert [a.code for a in law.articles] == ["A1", "A2", "A3"]
    assert codes["A3"] in codes["C2.S2"].children


def test_parts_and_subparts_nest_chapters_which_restart_numbering():
    law = parse("## 第一编 总则\n\n### 第一章 基本规定\n\n第一条 甲。\n\n## 第二编 物权\n\n### 第一分编 通则\n\n"
                "#### 第一章 一般规定\n\n第二条 乙。\n")
    codes = by_code(law)
    assert {"B1", "B1.C1", "B2", "B2.F1", "B2.F1.C1"} <= set(codes)
    assert codes["A2"] in codes["B2.F1.C1"].children


def test_paragraphs_have_no_marker_items_and_subitems_do():
    """第X条 starts an article; each further paragraph is a 款; （一） a 项; 1. a 目."""
    law = parse("第九条 行政处罚的种类：\n\n（一）警告、通报批评；\n\n（二）罚款、没收违法所得；\n\n"
                "法律、行政法规可以另行规定。\n\n下列情形：\n\n（一）甲：\n\n1．子项一；\n\n2．子项二。\n")
    codes = by_code(law)
    article = codes["A9"]
    assert [p.code for p in article.children] == ["A9.P1", "A9.P2", "A9.P3"]
    assert codes["A9.P1.I2"].own_text == ["（二）罚款、没收违法所得；"]
    assert codes["A9.P3.I1.M2"].own_text == ["2．子项二。"]
    assert codes["A9.P3.I1.M2"].article_number == 9
    assert article.full_text.startswith("行政处罚的种类：\n（一）警告、通报批评；")
    assert "法律、行政法规可以另行规定。" in article.full_text
    assert codes["A9.P1"].full_text == "行政处罚的种类：\n（一）警告、通报批评；\n（二）罚款、没收违法所得；"


def test_ascii_parentheses_and_mixed_brackets_are_items():
    law = parse("第一条 下列：\n\n(一)甲；\n\n(二）乙。\n")
    assert [n.code for n in law.walk() if n.kind == "item"] == ["A1.P1.I1", "A1.P1.I2"]


def test_item_running_over_two_paragraphs_is_one_item():
    """国旗法 第五条（二） continues in a second paragraph before （三）."""
    law = parse("第五条 下列场所：\n\n（一）甲；\n\n（二）乙、\n\n丙；\n\n（三）丁。\n")
    codes = by_code(law)
    assert [p.code for p in codes["A5"].children] == ["A5.P1"]
    assert codes["A5.P1.I2"].own_text == ["（二）乙、", "丙；"]
    assert "A5.P1.I3" in codes


def test_lost_item_markers_are_recovered_and_reported():
    """广东省湿地保护条例 第二十一条: the source dropped （一）."""
    law = parse("第二十一条 属下列情形之一的：\n\n有代表性的湿地；\n\n（二）具有生物多样性的。\n")
    codes = by_code(law)
    assert codes["A21.P1.I1"].label == "（一）"
    assert codes["A21.P1.I1"].own_text == ["有代表性的湿地；"]
    assert any("缺少项标号" in w for w in law.warnings)


def test_article_alone_on_its_line_and_zero_width_blank_lines():
    law = parse("\u200b\n第一条 甲。\n\u200b\n第二条 乙。\n")
    assert [a.full_text for a in law.articles] == ["甲。", "乙。"]


def test_article_numbered_zhi_yi():
    law = parse("第一百二十条 甲。\n\n第一百二十条之一 乙。\n\n第一百二十一条 丙。\n")
    assert [(a.code, a.label) for a in law.articles] == [
        ("A120", "第一百二十条"), ("A120-1", "第一百二十条之一"), ("A121", "第一百二十一条")]


def test_text_outside_articles_is_kept():
    law = parse("## 序言\n\n序言文字。\n\n## 第一章 总则\n\n第一条 甲。\n\n## 附件一\n\n附件文字。\n")
    codes = by_code(law)
    assert codes["H1"].own_text == ["序言文字。"]
    assert codes["H2"].own_text == ["附件文字。"]


def test_a_document_without_articles_keeps_its_body():
    law = parse("一、第一点。\n\n二、第二点。\n")
    assert law.articles == []
    assert law.preamble == ["一、第一点。", "二、第二点。"]


def test_gap_in_article_numbers_is_a_warning_not_an_error():
    law = parse("第一条 甲。\n\n第十一条 乙。\n")
    assert law.warnings == ["第 9 行：条号不连续，缺第二条至第十条"]


@pytest.mark.parametrize(("body", "line", "reason"), [
    ("第一条 甲。\n\n第一条 乙。\n", 9, "第一条重复"),
    ("第二条 甲。\n\n第一条 乙。\n", 9, "条号顺序错误"),
    ("第一条 甲。\n\n笫二条 乙。\n", 9, "疑似条文开头格式有误"),
    ("第一条 甲。\n\n第二 条乙。\n", 9, "疑似条文开头格式有误"),
    ("第一条 下列：\n\n（一）甲；\n\n（三）乙。\n", 11, "项序号不连续"),
    ("## 第一章 总则\n\n第一条 甲。\n\n## 第一章 又一章\n", 11, "第一章重复"),
    ("", 5, "正文为空"),
])
def test_malformed_text_names_line_and_reason(body, line, reason):
    with pytest.raises(ParseError) as exc:
        parse(body)
    assert exc.value.line == line
    assert reason in exc.value.reason


def test_missing_title_or_separator_is_an_error():
    with pytest.raises(ParseError) as exc:
        parse_markdown("中华人民共和国测试法\n\n<!-- INFO END -->\n\n第一条 甲。\n")
    assert exc.value.line == 1
    with pytest.raises(ParseError, match="INFO END"):
        parse_markdown("# 中华人民共和国测试法\n\n第一条 甲。\n")


def test_code_parts_form_one_law_in_article_order():
    """The 民法典 is published as one file per part; together they are one law."""
    head = "# 中华人民共和国民法典\n\n# {part}\n\n2020年5月28日 通过\n\n<!-- INFO END -->\n\n"
    parts = [
        ("附则.md", head.format(part="附则") + "##\n\n第五条 附则。\n"),
        ("物权编.md", head.format(part="物权编") + "## 第一分编 通则\n\n### 第一章 一般规定\n\n第三条 丙。\n\n第四条 丁。\n"),
        ("总则.md", head.format(part="总则") + "## 第一章 基本规定\n\n第一条 甲。\n\n第二条 乙。\n"),
    ]
    law = parse_code_parts(parts)
    assert law.title == "中华人民共和国民法典"
    assert [(r.code, r.label, r.heading) for r in law.roots] == [
        ("B1", "第一编", "总则"), ("B2", "第二编", "物权"), ("H1", "附则", "附则")]
    assert [a.number for a in law.articles] == [1, 2, 3, 4, 5]
    assert {n.code for n in law.walk()} >= {"B1.C1", "B2.F1.C1", "A5"}
