"""docs/办案行为代码.md is generated from the procedure definitions; it must say what the engine does."""

from pathlib import Path

from ..describe import describe

DOC = Path(__file__).resolve().parents[3] / "docs" / "办案行为代码.md"


def test_the_act_reference_in_docs_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == describe(), "请运行 yzf describe-procedures > docs/办案行为代码.md"


def test_the_reference_names_every_act_with_its_article():
    text = describe()
    assert "### `decide` 作出行政处罚决定" in text and "第六十二条" in text
    assert "### `decide_on_spot` 当场作出行政处罚决定" in text
