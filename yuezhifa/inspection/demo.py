"""Demo data of the inspection register (LEGAL.md §4): the 主体资格 of the 广州市天河区市场监督管理局, published
inspection items with caps and checklists whose points cite real provisions, and about thirty subjects of 天河区
graded A-D. Runs after the organisation, laws and items demos (DEMO_APPS order); qualifications and items go through
the services, the subjects are checked by the service's ``clean_subject`` and written in one batch as the import does.

食品经营 uses the demo item 440000-XZJC-10001 (食品安全法 第一百一十条). 特种设备 and 价格 need their own items of the
provincial list, created here when the laws library holds 特种设备安全法 第五十七条 and 价格法 第三十四条 (after a full
import of the corpus); otherwise the 安全生产 item 440000-XZJC-20001 stands in. The company names are invented; their
统一社会信用代码 are valid in form but fictitious.
"""

import datetime
import sys

from django.db import transaction
from stdnum.cn import uscc

from yuezhifa.audit.services import audit_record
from yuezhifa.core.actors import SYSTEM
from yuezhifa.items import services as item_services
from yuezhifa.items.citing import CitationError, resolve_citation
from yuezhifa.items.models import Item, ItemStatus
from yuezhifa.org.models import Division, Domain, EnforcementBody

from .models import ItemProfile, Method, Qualification, Subject
from .services import register as services

BODY = "广州市天河区市场监督管理局"
FOOD = "《中华人民共和国食品安全法》"
EQUIPMENT = "《中华人民共和国特种设备安全法》"
PRICE = "《中华人民共和国价格法》"
SAFETY = "《中华人民共和国安全生产法》"
GRADED_ON = datetime.date(2026, 3, 31)
# The register is published as of this moment (its qualification was confirmed on 2026-01-15), so that the demo's
# inspection cases of November 2026 (cases/demo_scenarios/inspection.toml) were opened on a published register.
PUBLISHED_AT = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))

# (item code, name, domain, basis citation or None for an existing demo item, object, method, standard, cap, points)
PROFILES = [
    ("440000-XZJC-10001", None, "market", None, "辖区内食品经营者（含餐饮服务提供者）", Method.BOTH,
     "对照检查要点逐项检查，发现问题的责令改正；涉嫌违法的依法立案。", 2, [
         ("食品经营场所、设施、设备及加工流程符合食品安全要求", f"{FOOD}第三十三条"),
         ("建立并执行从业人员健康管理制度，从业人员持有效健康证明", f"{FOOD}第四十五条"),
         ("采购食品查验供货者许可证和合格证明，建立进货查验记录", f"{FOOD}第五十三条"),
         ("按要求贮存食品，定期检查库存，及时清理变质或超过保质期的食品", f"{FOOD}第五十四条"),
     ]),
    ("440000-XZJC-40001", "对特种设备使用单位遵守特种设备安全法律法规情况的监督检查", "market",
     f"{EQUIPMENT}第五十七条", "辖区内特种设备（电梯、锅炉、压力容器等）使用单位", Method.ON_SITE,
     "现场核查使用登记、维护保养、定期检验情况。", 1, [
         ("特种设备在投入使用前或者投入使用后三十日内办理使用登记", f"{EQUIPMENT}第三十三条"),
         ("对使用的特种设备进行经常性维护保养和定期自行检查，并作出记录", f"{EQUIPMENT}第三十九条"),
         ("在检验合格有效期届满前一个月提出定期检验要求", f"{EQUIPMENT}第四十条"),
     ]),
    ("440000-XZJC-50001", "对经营者遵守价格法律法规情况的监督检查", "market", f"{PRICE}第三十四条",
     "辖区内商品经营者和服务提供者", Method.BOTH, "检查明码标价和价格行为，可采用非现场方式核查价目表。", 1, [
         ("按照规定明码标价，注明商品的品名、产地、规格、等级、计价单位、价格等", f"{PRICE}第十三条"),
         ("不存在哄抬价格、价格欺诈等不正当价格行为", f"{PRICE}第十四条"),
     ]),
]
FALLBACK = ("440000-XZJC-20001", None, "emergency", None, "辖区内生产经营单位", Method.ON_SITE,
            "对照检查要点逐项检查，发现事故隐患的责令立即排除。", 1, [
                ("具备法律、行政法规和国家标准或者行业标准规定的安全生产条件", f"{SAFETY}第二十条"),
                ("建立安全风险分级管控制度，按照安全风险分级采取管控措施", f"{SAFETY}第四十一条"),
                ("危险物品的车间、商店、仓库不与员工宿舍在同一座建筑物内", f"{SAFETY}第四十二条"),
            ])

SUBJECT_NAMES = [
    "广州天河穗香餐饮有限公司", "广州禾盛商贸有限公司", "广州市天河区石牌好邻居便利店", "广州粤鲜生鲜超市有限公司",
    "广州天河岗顶电子城管理有限公司", "广州珠江新城酒店管理有限公司", "广州天河体育中心物业管理有限公司",
    "广州龙口西烘焙食品店", "广州五山茶餐厅", "广州棠下农贸市场经营管理有限公司", "广州天河客运站服务有限公司",
    "广州天河北路药房连锁有限公司", "广州华景新城幼儿园膳食服务有限公司", "广州员村冷链仓储有限公司",
    "广州天河猎德海鲜酒家", "广州车陂电梯维保工程有限公司", "广州天河软件园食堂管理有限公司", "广州沙河服装批发有限公司",
    "广州天河公园游乐设备有限公司", "广州东圃锅炉房运营有限公司", "广州天河长兴菜市场", "广州元岗物流园管理有限公司",
    "广州天河城百货有限公司", "广州珠吉小食店", "广州天河智慧城餐饮管理有限公司", "广州前进路水果批发有限公司",
    "广州天河兴华奶茶店", "广州凤凰街社区超市", "广州天河新塘加油站有限公司", "广州黄村汽车维修有限公司",
]
INDUSTRIES = ["H6210 正餐服务", "F5211 百货零售", "F5212 超级市场零售", "F5221 粮油、食品及饮料零售",
              "K7020 物业管理", "H6110 旅游饭店"]


def _credit_code(n: int) -> str:
    body = f"914401066{n:08d}"[:17]
    return body + uscc.calc_check_digit(body + "0")


def is_loaded() -> bool:
    return Qualification.objects.filter(body__name=BODY).exists()


def load():
    if not is_loaded():
        _load()
    return []


def _item(code, name, domain_code, basis):
    """The demo item ``code``: existing, or created and activated on ``basis`` when the laws library holds it."""
    item = Item.objects.filter(code=code).first()
    if item is not None or basis is None:
        return item if item is not None and item.status == ItemStatus.ACTIVE else None
    domain = Domain.objects.filter(code=domain_code).first()
    try:
        provision = resolve_citation(basis, datetime.date(2026, 1, 1))
    except CitationError:
        return None
    if domain is None:
        return None
    item = item_services.item_create(
        actor=SYSTEM, code=code, name=name, type="inspection", domain=domain, levels=["province", "city", "county"],
        department="县级以上人民政府市场监督管理部门", registered_code=f"DEMO-{code}",
        bases=[item_services.BasisSpec(provision, "inspection")],
        note="演示数据：事项名称与依据取自现行法律，省事项管理系统编码为演示编码。")
    return item_services.item_activate(actor=SYSTEM, item=item, effective_from=datetime.date(2026, 1, 1))


@transaction.atomic
def _load() -> None:
    body = EnforcementBody.objects.filter(name=BODY).first()
    division = Division.objects.filter(code="440106").first()
    if body is None or division is None:
        return
    q = services.qualification_confirm(actor=SYSTEM, body=body, confirmed_on=datetime.date(2026, 1, 15),
                                       basis="《中华人民共和国食品安全法》第一百一十条；《中华人民共和国特种设备安全法》"
                                             "第五十七条；《中华人民共和国价格法》第三十四条")
    services.qualification_publish(actor=SYSTEM, qualification=q)
    Qualification.objects.filter(pk=q.pk).update(published_at=PUBLISHED_AT)
    published = 0
    for code, name, domain, basis, obj, method, standard, cap, points in [*PROFILES, FALLBACK]:
        if published >= 3:
            break
        item = _item(code, name, domain, basis)
        if item is None or ItemProfile.objects.filter(item=item).exists():
            continue
        profile = services.profile_save(actor=SYSTEM, item=item, subject_object=obj, method=method,
                                        standard=standard, annual_cap=cap)
        services.profile_set_points(actor=SYSTEM, profile=profile, points=[
            {"seq": i, "text": text, "provision": provision} for i, (text, provision) in enumerate(points, 1)])
        services.profile_publish(actor=SYSTEM, profile=profile)
        ItemProfile.objects.filter(pk=profile.pk).update(published_at=PUBLISHED_AT)
        published += 1
    if published < 2:
        print("演示行政检查事项：执法事项库中缺少可用的行政检查事项，未全部载入。", file=sys.stderr)
    market = Domain.objects.filter(code="market").first()
    rows = [Subject(credit_code=_credit_code(n), name=name, industry=INDUSTRIES[n % len(INDUSTRIES)],
                    division=division, address=f"广州市天河区演示路{n}号", domain=market,
                    risk_grade="AABBBBCCCD"[n % 10], graded_by=body, graded_on=GRADED_ON)
            for n, name in enumerate(SUBJECT_NAMES, 1)]
    for subject in rows:
        services.clean_subject(subject)
    Subject.objects.bulk_create(rows)  # thirty rows: as the import writes them, audited once below
    audit_record(actor=SYSTEM, action="inspection.subject.import", object_type="inspection.subject",
                 object_repr=f"演示检查对象名录（{len(rows)} 个）", after={"rows": len(rows), "demo": True})
