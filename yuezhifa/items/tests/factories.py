"""Factories for items and the few laws and provisions they cite (no dependency on the laws importer)."""

import datetime
import itertools

import factory

from yuezhifa.items.indexing import index_items
from yuezhifa.items.models import Item, ItemBasis, ItemStatus, ItemType
from yuezhifa.laws.models import Law, LawLevel, LawStatus, Provision, ProvisionKind
from yuezhifa.laws.numerals import int_to_cn
from yuezhifa.org.models import Domain

_serial = itertools.count(1)


class LawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Law

    name = factory.Sequence(lambda n: f"中华人民共和国测试法{n}")
    short_name = factory.LazyAttribute(lambda o: o.name.removeprefix("中华人民共和国"))
    level = LawLevel.LAW
    publish_date = datetime.date(2021, 4, 29)
    effective_date = datetime.date(2021, 4, 29)
    status = LawStatus.IN_FORCE
    lineage = factory.LazyAttribute(lambda o: o.name)
    source_path = factory.LazyAttribute(lambda o: f"测试/{o.name}({o.publish_date}).md")
    source_sha256 = "0" * 64


def article(law: Law, number: int, text: str = "", paragraphs: int = 1, items: int = 0) -> Provision:
    """An article with its paragraphs (and items under the first paragraph), coded and cited as the importer does."""
    label = f"第{int_to_cn(number)}条"
    art = Provision.objects.create(
        law=law, kind=ProvisionKind.ARTICLE, ordinal=number, article_number=number, code=f"A{number}", label=label,
        text=text or f"{label}的条文。", citation=f"《{law.name}》{label}", sort_key=number * 1000)
    for p in range(1, paragraphs + 1):
        plabel = f"第{int_to_cn(p)}款"
        para = Provision.objects.create(
            law=law, parent=art, kind=ProvisionKind.PARAGRAPH, ordinal=p, article_number=number,
            code=f"A{number}.P{p}", label=plabel, text=f"{label}{plabel}的文字。",
            citation=f"《{law.name}》{label}{plabel}", sort_key=number * 1000 + p * 100)
        for i in range(1, (items if p == 1 else 0) + 1):
            ilabel = f"（{int_to_cn(i)}）"
            middle = "" if paragraphs == 1 else plabel
            Provision.objects.create(
                law=law, parent=para, kind=ProvisionKind.ITEM, ordinal=i, article_number=number,
                code=f"A{number}.P{p}.I{i}", label=ilabel, text=f"{ilabel}项的文字；",
                citation=f"《{law.name}》{label}{middle}第{ilabel}项", sort_key=number * 1000 + p * 100 + i)
    return art


def child(provision: Provision, code_suffix: str) -> Provision:
    return Provision.objects.get(law=provision.law, code=f"{provision.code}.{code_suffix}")


class ItemFactory(factory.django.DjangoModelFactory):
    """An item written directly (tests of the services create theirs through the services)."""

    class Meta:
        model = Item
        skip_postgeneration_save = True

    code = factory.LazyFunction(lambda: f"440000-XZCF-{next(_serial):05d}")
    name = factory.Sequence(lambda n: f"对测试违法行为{n}的行政处罚")
    type = ItemType.PENALTY
    domain = factory.LazyFunction(lambda: Domain.objects.get_or_create(code="market", defaults={"name": "市场监管"})[0])
    levels = factory.LazyFunction(lambda: ["province", "city", "county"])
    department = "县级以上市场监督管理部门"
    status = ItemStatus.ACTIVE
    registered = True
    registered_code = factory.LazyAttribute(lambda o: f"11440000MB{o.code[-5:]}XK")
    effective_from = datetime.date(2022, 1, 1)

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        """Index the item as the services do, so searches find it."""
        if create:
            index_items([obj])


class ItemBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemBasis

    item = factory.SubFactory(ItemFactory)
    provision = None
    role = "penalty"
    order = 0
