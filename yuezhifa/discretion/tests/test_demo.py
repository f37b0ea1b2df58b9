"""The demo loader: benchmarks for the demo penalty items found by their penalty basis, issued by the body of the
item's domain, with tiers by the typical practice (从轻 lower part, 一般 40-60%, 从重 upper part), and a local
refinement; once only."""

import datetime
from decimal import Decimal

from yuezhifa.discretion import demo
from yuezhifa.discretion.evaluation import evaluate
from yuezhifa.discretion.models import Benchmark, BenchmarkStatus
from yuezhifa.discretion.ranges import Terms
from yuezhifa.laws.models import Provision, ProvisionKind

from . import factories as f


def paragraph_item(article: Provision, paragraph: int, item: int) -> Provision:
    para, _ = Provision.objects.get_or_create(
        law=article.law, code=f"{article.code}.P{paragraph}",
        defaults={"kind": ProvisionKind.PARAGRAPH, "ordinal": paragraph, "article_number": article.article_number,
                  "label": f"第{f.cn(paragraph)}款", "parent": article, "citation": f"{article.citation}第{f.cn(paragraph)}款",
                  "sort_key": article.sort_key + paragraph * 100})
    return Provision.objects.create(
        law=article.law, code=f"{para.code}.I{item}", kind=ProvisionKind.ITEM, ordinal=item, parent=para,
        article_number=article.article_number, label=f"（{f.cn(item)}）", citation=f"{para.citation}第（{f.cn(item)}）项",
        sort_key=para.sort_key + item)


def test_demo_does_nothing_without_items(world):
    Benchmark.objects.all().delete()
    demo.load()
    assert not Benchmark.objects.exists()


def test_demo_creates_benchmarks_for_items_by_their_penalty_basis_once(world):
    food = world["law"]
    item = f.item(paragraph_item(f.article(food, 124), 1, 3), name="对生产经营超范围、超限量使用食品添加剂的食品的行政处罚")
    other = f.item(paragraph_item(f.article(food, 126), 1, 3), name="对食品经营者进货时未查验许可证的行政处罚")
    unrelated = f.item(f.article(food, 10))
    demo.load()
    provincial = Benchmark.objects.get(item=item, issuing_body=world["bodies"]["p_market"])
    assert provincial.status == BenchmarkStatus.ACTIVE
    assert [p.code for p in provincial.basis_provisions.all()] == ["A124.P1"]
    local = Benchmark.objects.get(item=item, issuing_body=world["bodies"]["c_market"])
    assert local.parent == provincial and local.status == BenchmarkStatus.ACTIVE
    assert Benchmark.objects.filter(item=other).count() == 1
    assert not Benchmark.objects.filter(item=unrelated).exists()
    count = Benchmark.objects.count()
    demo.load()
    assert Benchmark.objects.count() == count

    standard = provincial.tiers.get(kind="standard").fines.order_by("branch__order")
    assert [f.terms for f in standard] == [
        Terms(Decimal(70000), None, Decimal(80000), None),  # 40%-60% of 50,000-100,000
        Terms(None, Decimal(14), None, Decimal(16)),  # 40%-60% of 10-20 倍
    ]
    on = datetime.date.today()
    result = evaluate(item=other, circumstances={"refused_correction"}, amounts={}, on=on, party_kind="legal")
    assert (result.fine.lower, result.fine.upper) == (Decimal(23000), Decimal(32000))
    assert result.required_penalties == ("warning",)
    assert evaluate(item=other, circumstances=set(), amounts={}, on=on, party_kind="legal").fine is None


def test_only_max_statutes_follow_the_twenty_percent_rule():
    """LEGAL.md “Not confirmed”: where only a maximum is set, 从轻 at most 20%, 一般 40-60%."""
    tiers = {t["kind"]: t for t in demo.tiers_for([{"max_yuan": Decimal(100000)}], {})}
    assert "reduced" not in tiers
    assert tiers["lighter"]["fines"][0]["max_yuan"] == Decimal(20000)
    assert (tiers["standard"]["fines"][0]["min_yuan"], tiers["standard"]["fines"][0]["max_yuan"]) == (
        Decimal(40000), Decimal(60000))
    assert tiers["heavier"]["fines"][0]["max_yuan"] == Decimal(100000)
