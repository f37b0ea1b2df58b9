"""The demo texts: exact excerpts of the corpus, the provisions the demo's items and cases cite."""

import pytest

from yuezhifa.laws import demo
from yuezhifa.laws.models import Law, Provision
from yuezhifa.laws.parsing import parse_markdown

pytestmark = pytest.mark.django_db

NEEDED = {
    "行政处罚法": [9, 28, 29, 30, 31, 32, 33, 36, 44, 45, 51, 52, 57, 58, 60, 61, 62, 63, 64, 66, 67, 72, 73, 85],
    "行政强制法": [25, 53, 54],
    "食品安全法": [34, 35, 38, 45, 50, 53, 87, 110, 122, 123, 124, 125, 126],
    "安全生产法": [21, 28, 30, 35, 65, 70, 81, 94, 97, 99, 101, 102],
    "大气污染防治法": [29, 30, 70, 77, 81, 98, 99, 108, 116, 118, 119],
}


def test_demo_loads_the_needed_provisions_and_is_idempotent():
    assert demo.load() is None
    assert {law.short_name: sorted(Provision.objects.filter(law=law, kind="article")
                                   .values_list("article_number", flat=True))
            for law in Law.objects.all()} == NEEDED
    stamps = dict(Provision.objects.values_list("id", "updated_at"))
    demo.load()
    assert dict(Provision.objects.values_list("id", "updated_at")) == stamps


def test_demo_texts_are_copied_exactly_from_the_corpus(corpus_dir):
    for path in demo.DEMO_DIR.rglob("*.md"):
        excerpt = parse_markdown(path.read_text(encoding="utf-8"))
        source = parse_markdown((corpus_dir / path.relative_to(demo.DEMO_DIR)).read_text(encoding="utf-8"))
        assert excerpt.title == source.title and excerpt.history == source.history
        articles = {a.code: a.full_text for a in source.articles}
        for article in excerpt.articles:
            assert article.full_text == articles[article.code], f"{path.name} {article.label}"


def test_full_import_after_demo_keeps_provision_ids(import_corpus):
    """Demo items point at demo provisions; importing the whole text later updates the same law in place."""
    demo.load()
    a9 = Provision.objects.get(law__short_name="行政处罚法", code="A9")
    summary = import_corpus("行政法/行政处罚法(*).md")
    assert summary.updated == 1
    law = Law.objects.get(short_name="行政处罚法")
    assert law.article_count == 86
    assert Provision.objects.get(law=law, code="A9").pk == a9.pk
