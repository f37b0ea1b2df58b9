"""Demo items: real enforcement powers of the 食品安全法, 安全生产法 and 大气污染防治法, each linked to the real
provisions of the demo laws library, plus one item not registered in the provincial system (第13条(二)) and one
basis adjustment of the 天河区市场监督管理局 awaiting its head's approval (第54条).

The items, names and provisions are real; the 省事项管理系统 codes are not (they are marked ``DEMO-``). Runs after the
organisation and laws demos (DEMO_APPS order). Every row is written through the services.
"""

import datetime
import sys
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from yuezhifa.core.actors import SYSTEM
from yuezhifa.org.models import Domain, EnforcementBody, User

from . import services
from .citing import CitationError, resolve_citation
from .models import Item, ItemStatus

DEMO_CASES_FROM = datetime.date(2026, 1, 1)  # the demo cases (cases/demo.py) are acts of October-November 2026
FOOD = "《中华人民共和国食品安全法》"
SAFETY = "《中华人民共和国安全生产法》"
AIR = "《中华人民共和国大气污染防治法》"

FOOD_DEPT = "县级以上人民政府食品安全监督管理部门"
SAFETY_DEPT = "县级以上人民政府应急管理部门和其他负有安全生产监督管理职责的部门"
AIR_DEPT = "县级以上人民政府生态环境主管部门"
LOCAL_DEPT = "县级以上地方人民政府确定的监督管理部门"

CITY_UP = ["province", "city", "county"]


@dataclass(frozen=True)
class DemoItem:
    code: str
    name: str
    type: str
    domain: str
    levels: list
    department: str
    bases: list  # (role, citation)
    status: str = ItemStatus.ACTIVE
    registered: bool = True


def _p(type_code: str, n: int) -> str:
    return f"440000-{type_code}-{n:05d}"


ITEMS = [
    # --- 食品安全法: penalties ---------------------------------------------------------------------------------------
    DemoItem(_p("XZCF", 10001), "对用非食品原料生产食品、在食品中添加食品添加剂以外的化学物质和其他可能危害人体健康的物质，"
             "或者用回收食品作为原料生产食品，或者经营上述食品的行政处罚", "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（一）项"), ("penalty", f"{FOOD}第一百二十三条第一款第（一）项")]),
    DemoItem(_p("XZCF", 10002), "对生产经营营养成分不符合食品安全标准的专供婴幼儿和其他特定人群的主辅食品的行政处罚",
             "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（五）项"), ("penalty", f"{FOOD}第一百二十三条第一款第（二）项")]),
    DemoItem(_p("XZCF", 10003), "对经营病死、毒死或者死因不明的禽、畜、兽、水产动物肉类，或者生产经营其制品的行政处罚",
             "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（七）项"), ("penalty", f"{FOOD}第一百二十三条第一款第（三）项")]),
    DemoItem(_p("XZCF", 10004), "对生产经营添加药品的食品的行政处罚", "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十八条"), ("penalty", f"{FOOD}第一百二十三条第一款第（六）项")]),
    DemoItem(_p("XZCF", 10005), "对未取得食品生产经营许可从事食品生产经营活动的行政处罚", "penalty", "market", CITY_UP,
             FOOD_DEPT,
             [("violated", f"{FOOD}第三十五条第一款"), ("penalty", f"{FOOD}第一百二十二条第一款")]),
    DemoItem(_p("XZCF", 10006), "对明知从事无证生产经营活动仍为其提供生产经营场所或者其他条件的行政处罚", "penalty",
             "market", CITY_UP, FOOD_DEPT, [("penalty", f"{FOOD}第一百二十二条第二款")]),
    DemoItem(_p("XZCF", 10007), "对生产经营致病性微生物、农药残留、兽药残留、生物毒素、重金属等污染物质以及其他危害人体健康的"
             "物质含量超过食品安全标准限量的食品、食品添加剂的行政处罚", "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（二）项"), ("penalty", f"{FOOD}第一百二十四条第一款第（一）项")]),
    DemoItem(_p("XZCF", 10008), "对用超过保质期的食品原料、食品添加剂生产食品、食品添加剂，或者经营上述食品、食品添加剂的"
             "行政处罚", "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（三）项"), ("penalty", f"{FOOD}第一百二十四条第一款第（二）项")]),
    DemoItem(_p("XZCF", 10009), "对生产经营超范围、超限量使用食品添加剂的食品的行政处罚", "penalty", "market", CITY_UP,
             FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（四）项"), ("penalty", f"{FOOD}第一百二十四条第一款第（三）项")]),
    DemoItem(_p("XZCF", 10010), "对生产经营腐败变质、油脂酸败、霉变生虫、污秽不洁、混有异物、掺假掺杂或者感官性状异常的"
             "食品、食品添加剂的行政处罚", "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（六）项"), ("penalty", f"{FOOD}第一百二十四条第一款第（四）项")]),
    DemoItem(_p("XZCF", 10011), "对生产经营标注虚假生产日期、保质期或者超过保质期的食品、食品添加剂的行政处罚", "penalty",
             "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（十）项"), ("penalty", f"{FOOD}第一百二十四条第一款第（五）项")]),
    DemoItem(_p("XZCF", 10012), "对生产经营被包装材料、容器、运输工具等污染的食品、食品添加剂的行政处罚", "penalty",
             "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（九）项"), ("penalty", f"{FOOD}第一百二十五条第一款第（一）项")]),
    DemoItem(_p("XZCF", 10013), "对生产经营无标签的预包装食品、食品添加剂或者标签、说明书不符合规定的食品、食品添加剂的"
             "行政处罚", "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第三十四条第（十一）项"), ("penalty", f"{FOOD}第一百二十五条第一款第（二）项")]),
    DemoItem(_p("XZCF", 10014), "对食品生产经营者采购或者使用不符合食品安全标准的食品原料、食品添加剂、食品相关产品的"
             "行政处罚", "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第五十条第一款"), ("penalty", f"{FOOD}第一百二十五条第一款第（四）项")]),
    DemoItem(_p("XZCF", 10015), "对食品经营者进货时未查验许可证和相关证明文件的行政处罚", "penalty", "market",
             CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第五十三条第一款"), ("penalty", f"{FOOD}第一百二十六条第一款第（三）项")]),
    DemoItem(_p("XZCF", 10016), "对食品生产经营者安排未取得健康证明的人员从事接触直接入口食品的工作的行政处罚",
             "penalty", "market", CITY_UP, FOOD_DEPT,
             [("violated", f"{FOOD}第四十五条第二款"), ("penalty", f"{FOOD}第一百二十六条第一款第（六）项")]),
    DemoItem(_p("XZCF", 10017), "对餐具、饮具和盛放直接入口食品的容器使用前未经洗净、消毒的行政处罚", "penalty",
             "market", CITY_UP, FOOD_DEPT, [("penalty", f"{FOOD}第一百二十六条第一款第（五）项")]),
    # --- 食品安全法: compulsion and inspection -----------------------------------------------------------------------
    DemoItem(_p("XZQZ", 10001), "查封、扣押不符合食品安全标准或者存在安全隐患以及用于违法生产经营的食品、食品添加剂、"
             "食品相关产品", "compulsion", "market", CITY_UP, FOOD_DEPT,
             [("compulsion", f"{FOOD}第一百一十条第（四）项")]),
    DemoItem(_p("XZQZ", 10002), "查封违法从事食品生产经营活动的场所", "compulsion", "market", CITY_UP, FOOD_DEPT,
             [("compulsion", f"{FOOD}第一百一十条第（五）项")]),
    DemoItem(_p("XZJC", 10001), "对食品生产经营者遵守食品安全法律法规情况的监督检查", "inspection", "market",
             CITY_UP, FOOD_DEPT, [("inspection", f"{FOOD}第一百一十条")]),
    DemoItem(_p("XZJC", 10002), "对食品的抽样检验", "inspection", "market", CITY_UP, FOOD_DEPT,
             [("inspection", f"{FOOD}第八十七条")]),
    # --- 安全生产法 ---------------------------------------------------------------------------------------------------
    DemoItem(_p("XZCF", 20001), "对生产经营单位的主要负责人未履行安全生产管理职责的行政处罚", "penalty", "emergency",
             CITY_UP, SAFETY_DEPT,
             [("violated", f"{SAFETY}第二十一条"), ("penalty", f"{SAFETY}第九十四条第一款")]),
    DemoItem(_p("XZCF", 20002), "对生产经营单位未按照规定对从业人员、被派遣劳动者、实习学生进行安全生产教育和培训的"
             "行政处罚", "penalty", "emergency", CITY_UP, SAFETY_DEPT,
             [("violated", f"{SAFETY}第二十八条第一款"), ("penalty", f"{SAFETY}第九十七条第（三）项")]),
    DemoItem(_p("XZCF", 20003), "对生产经营单位特种作业人员未按照规定经专门的安全作业培训并取得相应资格上岗作业的"
             "行政处罚", "penalty", "emergency", CITY_UP, SAFETY_DEPT,
             [("violated", f"{SAFETY}第三十条第一款"), ("penalty", f"{SAFETY}第九十七条第（七）项")]),
    DemoItem(_p("XZCF", 20004), "对生产经营单位未按照规定制定生产安全事故应急救援预案或者未定期组织演练的行政处罚",
             "penalty", "emergency", CITY_UP, SAFETY_DEPT,
             [("violated", f"{SAFETY}第八十一条"), ("penalty", f"{SAFETY}第九十七条第（六）项")]),
    DemoItem(_p("XZCF", 20005), "对生产经营单位未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志的"
             "行政处罚", "penalty", "emergency", CITY_UP, SAFETY_DEPT,
             [("violated", f"{SAFETY}第三十五条"), ("penalty", f"{SAFETY}第九十九条第（一）项")]),
    DemoItem(_p("XZCF", 20006), "对餐饮等行业的生产经营单位使用燃气未安装可燃气体报警装置的行政处罚", "penalty",
             "emergency", CITY_UP, SAFETY_DEPT, [("penalty", f"{SAFETY}第九十九条第（八）项")]),
    DemoItem(_p("XZQZ", 20001), "查封、扣押不符合保障安全生产的国家标准或者行业标准的设施、设备、器材以及违法生产、储存、"
             "使用、经营、运输的危险物品", "compulsion", "emergency", CITY_UP, SAFETY_DEPT,
             [("compulsion", f"{SAFETY}第六十五条第一款第（四）项")]),
    DemoItem(_p("XZQZ", 20002), "对拒不执行停产停业决定、有发生生产安全事故现实危险的生产经营单位通知停止供电、"
             "停止供应民用爆炸物品", "compulsion", "emergency", CITY_UP, SAFETY_DEPT,
             [("compulsion", f"{SAFETY}第七十条第一款")]),
    DemoItem(_p("XZJC", 20001), "对生产经营单位执行安全生产法律、法规和国家标准或者行业标准情况的监督检查",
             "inspection", "emergency", CITY_UP, SAFETY_DEPT, [("inspection", f"{SAFETY}第六十五条第一款")]),
    # --- 大气污染防治法 ------------------------------------------------------------------------------------------------
    DemoItem(_p("XZCF", 30001), "对拒不接受生态环境主管部门监督检查或者在接受监督检查时弄虚作假的行政处罚", "penalty",
             "ecology", CITY_UP, AIR_DEPT,
             [("violated", f"{AIR}第二十九条"), ("penalty", f"{AIR}第九十八条")]),
    DemoItem(_p("XZCF", 30002), "对未依法取得排污许可证排放大气污染物的行政处罚", "penalty", "ecology", CITY_UP, AIR_DEPT,
             [("penalty", f"{AIR}第九十九条第（一）项")]),
    DemoItem(_p("XZCF", 30003), "对超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物的行政处罚",
             "penalty", "ecology", CITY_UP, AIR_DEPT, [("penalty", f"{AIR}第九十九条第（二）项")]),
    DemoItem(_p("XZCF", 30004), "对通过逃避监管的方式排放大气污染物的行政处罚", "penalty", "ecology", CITY_UP, AIR_DEPT,
             [("penalty", f"{AIR}第九十九条第（三）项")]),
    DemoItem(_p("XZCF", 30005), "对排放油烟的餐饮服务业经营者超过排放标准排放油烟的行政处罚", "penalty", "urban",
             ["city", "county", "township"], LOCAL_DEPT,
             [("violated", f"{AIR}第八十一条第一款"), ("penalty", f"{AIR}第一百一十八条第一款")]),
    DemoItem(_p("XZCF", 30006), "对在当地人民政府禁止的时段和区域内露天烧烤食品或者为露天烧烤食品提供场地的行政处罚",
             "penalty", "urban", ["city", "county", "township"], LOCAL_DEPT,
             [("violated", f"{AIR}第八十一条第三款"), ("penalty", f"{AIR}第一百一十八条第三款")]),
    DemoItem(_p("XZCF", 30007), "对运输煤炭、垃圾、渣土、砂石、土方、灰浆等散装、流体物料的车辆未采取密闭或者其他措施防止"
             "物料遗撒的行政处罚", "penalty", "urban", ["city", "county", "township"], LOCAL_DEPT,
             [("violated", f"{AIR}第七十条第一款"), ("penalty", f"{AIR}第一百一十六条")]),
    DemoItem(_p("XZCF", 30008), "对露天焚烧秸秆、落叶等产生烟尘污染的物质的行政处罚", "penalty", "comprehensive",
             ["county", "township"], LOCAL_DEPT,
             [("violated", f"{AIR}第七十七条"), ("penalty", f"{AIR}第一百一十九条第一款")]),
    DemoItem(_p("XZQZ", 30001), "对违法排放大气污染物，造成或者可能造成严重大气污染，或者有关证据可能灭失或者被隐匿的有关"
             "设施、设备、物品的查封、扣押", "compulsion", "ecology", CITY_UP, AIR_DEPT,
             [("compulsion", f"{AIR}第三十条")]),
    DemoItem(_p("XZJC", 30001), "对排放大气污染物的企业事业单位和其他生产经营者的监督检查", "inspection", "ecology",
             CITY_UP, AIR_DEPT, [("inspection", f"{AIR}第二十九条")]),
    # --- for the rules: a draft not yet in the provincial system (第13条(二)) -------------------------------------------
    DemoItem(_p("XZCF", 10099), "对食品生产经营者未按规定对食品安全状况进行检查评价的行政处罚（待纳入省事项管理系统）",
             "penalty", "market", CITY_UP, FOOD_DEPT, [("penalty", f"{FOOD}第一百二十六条第一款第（十一）项")],
             status=ItemStatus.DRAFT, registered=False),
]

#: The pending adjustment (第54条): the 天河区市场监督管理局 asks to cite 第五十条 in full for 10014.
ADJUSTMENT = {"item": _p("XZCF", 10014), "body": "广州市天河区市场监督管理局", "submitted_by": "gz_admin",
              "bases": [("violated", f"{FOOD}第五十条"), ("penalty", f"{FOOD}第一百二十五条第一款第（四）项")],
              "reason": "本单位办理的食品原料进货查验案件同时涉及进货查验记录制度（第五十条第二款），原依据仅列第一款，"
                        "急需据以办案，拟调整为引用第五十条全文，并报广州市市场监督管理局备案。"}


def citations() -> list[str]:
    """Every citation the demo needs from the laws library."""
    seen = []
    for item in ITEMS:
        for _role, citation in item.bases:
            if citation not in seen:
                seen.append(citation)
    for _role, citation in ADJUSTMENT["bases"]:
        if citation not in seen:
            seen.append(citation)
    return seen


def missing_citations() -> list[str]:
    today = timezone.localdate()
    missing = []
    for citation in citations():
        try:
            resolve_citation(citation, today)
        except CitationError:
            missing.append(citation)
    return missing


def is_loaded() -> bool:
    return Item.objects.filter(code=ITEMS[0].code).exists()


def load():
    """Create the demo items once; later calls change nothing. Provisions missing from the laws library are named on
    stderr; an item is left out when a provision that empowers it is missing."""
    if not is_loaded():
        _load()
    return []


@transaction.atomic
def _load() -> None:
    today = timezone.localdate()
    domains = {d.code: d for d in Domain.objects.all()}
    provisions, missing = {}, []
    for citation in citations():
        try:
            provisions[citation] = resolve_citation(citation, today)
        except CitationError:
            missing.append(citation)
    for demo in ITEMS:
        # An item needs every provision that empowers it; a missing 违法依据 alone is left out of its basis.
        needed = [c for role, c in demo.bases if role != "violated"]
        if any(c not in provisions for c in needed) or demo.domain not in domains:
            continue
        item = services.item_create(
            actor=SYSTEM, code=demo.code, name=demo.name, type=demo.type, domain=domains[demo.domain],
            levels=demo.levels, department=demo.department,
            registered_code=f"DEMO-{demo.code}" if demo.registered else "",
            bases=[services.BasisSpec(provisions[c], role) for role, c in demo.bases if c in provisions],
            note="演示数据：事项名称与依据取自现行法律，省事项管理系统编码为演示编码。")
        if demo.status == ItemStatus.ACTIVE:
            # in force since the start of the year, and at least since the demo cases of 2026 (cases/demo.py)
            effective = min(today.replace(month=1, day=1), DEMO_CASES_FROM)
            services.item_activate(actor=SYSTEM, item=item, effective_from=effective)
    _load_adjustment(provisions)
    if missing:
        print("演示执法事项：法律法规库中缺少以下条款，相关事项未载入：" + "；".join(missing), file=sys.stderr)


def _load_adjustment(provisions) -> None:
    item = Item.objects.filter(code=ADJUSTMENT["item"], status=ItemStatus.ACTIVE).first()
    body = EnforcementBody.objects.filter(name=ADJUSTMENT["body"]).first()
    user = User.objects.filter(username=ADJUSTMENT["submitted_by"]).first()
    if not (item and body and user) or any(c not in provisions for _r, c in ADJUSTMENT["bases"]):
        return
    services.basis_adjustment_submit(
        actor=user, body=body, item=item, reason=ADJUSTMENT["reason"],
        bases=[services.BasisSpec(provisions[c], role) for role, c in ADJUSTMENT["bases"]])
