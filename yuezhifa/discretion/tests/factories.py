"""Small factories for the discretion tests: a law with its penalty articles, penalty items citing them, and the
content of a benchmark in the shape the services take (no dependency on other apps' demo data)."""

import datetime
import itertools
from decimal import Decimal

from yuezhifa.items.models import Item, ItemBasis, ItemStatus, ItemType
from yuezhifa.laws.models import Law, LawLevel, LawStatus, Provision, ProvisionKind
from yuezhifa.org.models import Domain

_serial = itertools.count(1)
CN = "零一二三四五六七八九"


def cn(n: int) -> str:
    """Chinese numerals up to 999 (enough for article numbers in tests)."""
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + CN[rest] if rest < 10 else ("一" + cn(rest) if rest < 20 else cn(rest)))
    return CN[n // 100] + "百" + tail


def law(name: str = "中华人民共和国食品安全法") -> Law:
    obj, _ = Law.objects.get_or_create(
        source_path=f"测试/{name}.md",
        defaults={"name": name, "short_name": name.removeprefix("中华人民共和国"), "level": LawLevel.LAW,
                  "publish_date": datetime.date(2021, 4, 29), "effective_date": datetime.date(2021, 4, 29),
                  "status": LawStatus.IN_FORCE, "lineage": name, "source_sha256": "0" * 64})
    return obj


def article(law_obj: Law, number: int, text: str = "") -> Provision:
    label = f"第{cn(number)}条"
    obj, _ = Provision.objects.get_or_create(
        law=law_obj, code=f"A{number}",
        defaults={"kind": ProvisionKind.ARTICLE, "ordinal": number, "article_number": number, "label": label,
                  "text": text or f"{label}的条文。", "citation": f"《{law_obj.name}》{label}",
                  "sort_key": number * 1000})
    return obj


def item(provision: Provision | None = None, *, name: str = "", status: str = ItemStatus.ACTIVE,
         type: str = ItemType.PENALTY) -> Item:
    serial = next(_serial)
    code_type = {"penalty": "XZCF", "inspection": "XZJC"}.get(type, "QTXZ")
    obj = Item.objects.create(
        code=f"440000-{code_type}-{90000 + serial:05d}", name=name or f"对测试违法行为{serial}的行政处罚", type=type,
        domain=Domain.objects.get_or_create(code="market", defaults={"name": "市场监管"})[0],
        levels=["province", "city", "county"], department="县级以上市场监督管理部门", status=status,
        registered=True, registered_code=f"TEST{serial:06d}", effective_from=datetime.date(2022, 1, 1))
    if provision is not None:
        ItemBasis.objects.create(item=obj, provision=provision, role="penalty")
    return obj


def food_124(provision: Provision | None = None, **overrides) -> dict:
    """食品安全法 第一百二十四条第一款 as a benchmark: 货值金额不足一万元 5-10 万元, 一万元以上 10-20 倍; 没收违法所得
    和违法生产经营的食品 required; 吊销许可证 only 从重 (情节严重)."""
    content = {
        "title": "测试市场监督管理局行政处罚裁量权基准",
        "document_number": "测市监规〔2023〕1号",
        "effective_from": datetime.date(2023, 1, 1),
        "basis_provisions": [provision] if provision is not None else [],
        "fine_branches": [
            {"description": "货值金额不足一万元的", "base": "goods_value", "base_below": "10000",
             "min_yuan": "50000", "max_yuan": "100000"},
            {"description": "货值金额一万元以上的", "base": "goods_value", "base_from": "10000",
             "min_multiple": "10", "max_multiple": "20"},
        ],
        "penalties": {"confiscate_income": "required", "confiscate_property": "required",
                      "revoke_licence": "allowed"},
        "tiers": [
            {"kind": "reduced", "fact_patterns": "具有法定减轻情节的", "fines": [
                {"branch": 0, "min_yuan": "10000", "max_yuan": "50000"},
                {"branch": 1, "min_multiple": "2", "max_multiple": "10"}],
             "penalties": {"revoke_licence": "excluded"}},
            {"kind": "lighter", "fact_patterns": "具有从轻情节的", "fines": [
                {"branch": 0, "min_yuan": "50000", "max_yuan": "70000"},
                {"branch": 1, "min_multiple": "10", "max_multiple": "14"}],
             "penalties": {"revoke_licence": "excluded"}},
            {"kind": "standard", "fact_patterns": "一般情形", "fines": [
                {"branch": 0, "min_yuan": "70000", "max_yuan": "80000"},
                {"branch": 1, "min_multiple": "14", "max_multiple": "16"}],
             "penalties": {"revoke_licence": "excluded"}},
            {"kind": "heavier", "fact_patterns": "情节严重的", "fines": [
                {"branch": 0, "min_yuan": "80000", "max_yuan": "100000"},
                {"branch": 1, "min_multiple": "16", "max_multiple": "20"}],
             "penalties": {"revoke_licence": "allowed"}},
        ],
        "rules": [{"circumstance": "first_violation", "tier": "lighter", "basis": "本基准第五条"}],
    }
    content.update(overrides)
    return content


D = Decimal
