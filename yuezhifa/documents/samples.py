"""Sample contexts for the province's document templates: one invented case of the 天河区 market regulation bureau
(a convenience store selling food past its shelf life, 食品安全法 第三十四条第（十）项, 第一百二十四条) followed from filing to
service, and one on-the-spot fine of the 蓬江区 health bureau (smoking where it is prohibited, 江门市文明行为促进条例).

All people, companies and numbers are invented; the 统一社会信用代码 and 居民身份证号码 only carry valid check
characters. Used by the tests, the preview page and ``yzf render-document TYPE --sample``.
"""

import copy
import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from stdnum.cn import ric, uscc

SHANGHAI = ZoneInfo("Asia/Shanghai")


def credit_code(first17: str) -> str:
    """A 统一社会信用代码 with its check character (GB 32100-2015) computed."""
    return first17 + uscc.calc_check_digit(first17 + "0")


def resident_id(first17: str) -> str:
    """A 居民身份证号码 with its check character (GB 11643-1999) computed."""
    return first17 + ric.calc_check_digit(first17 + "0")


TIANHE_MARKET = {
    "name": "广州市天河区市场监督管理局",
    "address": "广州市天河区天府路1号",
    "phone": "020-38622315",
}
STORE = {
    "kind": "organisation",
    "name": "广州禾盛商贸有限公司",
    "licence": "营业执照",
    "credit_code": credit_code("91440106MA5DQ7K2X"),
    "legal_representative": "梁文斌",
    "address": "广州市天河区棠下荷光路86号首层",
    "phone": "13926470318",
}
CAUSE = "经营超过保质期的食品"
OFFICERS = [
    {"name": "陈志强", "certificate": "44010620260001"},
    {"name": "林晓燕", "certificate": "44010620260002"},
]
FACTS = [
    "2026年1月7日，本机关执法人员对当事人经营的位于广州市天河区棠下荷光路86号首层的“禾盛便利店”进行检查，"
    "发现其销售货架上摆放有标示保质期至2026年1月5日的“鲜牛奶”（950毫升/盒）12盒、标示保质期至2026年1月3日的"
    "“全麦吐司面包”（400克/袋）6袋，均已超过保质期，且均标有销售价格。",
    "当事人于2025年12月28日购进上述食品。保质期届满后，当事人又以每盒18.60元的价格售出同批次“鲜牛奶”10盒，"
    "违法所得人民币186.00元；涉案超过保质期食品（含已售出部分）货值金额共计人民币486.60元。",
]
VIOLATED = ["《中华人民共和国食品安全法》第三十四条第（十）项"]
BASIS = ["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"]
PENALTIES = [
    {"kind": "没收违法所得", "amount": Decimal("186.00")},
    {"kind": "没收违法经营的食品", "description": "超过保质期的“鲜牛奶”12盒、“全麦吐司面包”6袋"},
    {"kind": "罚款", "amount": Decimal("50000.00")},
]
DISCRETION = ("鉴于当事人违法经营的食品货值金额较小，案发后主动下架并封存同批次食品、积极配合调查，依照《中华人民共和国行政处罚法》"
              "第三十二条第（一）项的规定，本机关根据行政处罚裁量权基准，在法定幅度内对当事人从轻处罚。")
REMEDIES = {"review_body": "广州市天河区人民政府", "court": "有管辖权的人民法院"}

CASE_FILING_APPROVAL = {
    "document_number": "穗天市监立〔2026〕5号",
    "body": TIANHE_MARKET,
    "case": {"source": "监督检查", "registered_on": datetime.date(2026, 1, 7), "cause": CAUSE},
    "party": STORE,
    "summary": [
        "2026年1月7日，执法人员在日常监督检查中发现当事人经营的“禾盛便利店”销售货架上摆放有超过保质期的“鲜牛奶”12盒、"
        "“全麦吐司面包”6袋，均标有销售价格。",
        "当事人涉嫌经营超过保质期的食品，违反《中华人民共和国食品安全法》第三十四条第（十）项的规定，依照《中华人民共和国"
        "行政处罚法》第五十四条第二款，符合立案条件。",
    ],
    "handlers": OFFICERS,
    "filing_opinion": "建议立案调查，由陈志强、林晓燕承办。",
    "filing_opinion_on": datetime.date(2026, 1, 7),
    "unit_review": {"opinion": "同意立案。", "name": "黄立新", "on": datetime.date(2026, 1, 8)},
    "approval": {"opinion": "同意立案，由陈志强、林晓燕承办。", "name": "周建华", "on": datetime.date(2026, 1, 8)},
    "notes": "",
}

NOTICE_FACTS = [text.replace("当事人", "你单位") for text in FACTS]

PENALTY_ADVANCE_NOTICE = {
    "document_number": "穗天市监罚告〔2026〕9号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "case": {"cause": CAUSE, "filed_on": datetime.date(2026, 1, 8)},
    "facts": NOTICE_FACTS,
    "evidence": ["现场检查笔录", "询问笔录", "进货及销售记录", "涉案食品照片"],
    "violated": VIOLATED,
    "violation_name": "经营超过保质期的食品的违法行为",
    "discretion": DISCRETION,
    "basis": BASIS,
    "penalties": PENALTIES,
    "statement_days": 5,
    "hearing_rights": False,
    "contact": {"name": "陈志强、林晓燕", "phone": "020-38622315", "address": "广州市天河区天府路1号"},
    "issued_on": datetime.date(2026, 2, 26),
}

PENALTY_DECISION = {
    "document_number": "穗天市监罚〔2026〕12号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "case": {"cause": CAUSE, "filed_on": datetime.date(2026, 1, 8)},
    "procedure": [
        "当事人经营超过保质期的食品一案，本机关于2026年1月8日立案调查。2026年2月27日，本机关向当事人送达了"
        "《行政处罚事先告知书》（穗天市监罚告〔2026〕9号），告知当事人拟作出行政处罚的内容及事实、理由、依据，"
        "以及依法享有的陈述、申辩权利。当事人在法定期限内未提出陈述、申辩意见。本案现已调查终结。",
    ],
    "facts": FACTS,
    "evidence": [
        "当事人营业执照、食品经营许可证复印件，证明当事人的主体资格和经营范围",
        "2026年1月7日现场检查笔录及现场照片，证明当事人销售货架上摆放有超过保质期的食品",
        "2026年1月7日、1月12日对当事人法定代表人梁文斌的询问笔录，证明涉案食品的购进、销售情况",
        "涉案食品进货单据及收银系统销售记录，证明涉案食品的货值金额和违法所得",
    ],
    "violated": VIOLATED,
    "violation_name": "经营超过保质期的食品的违法行为",
    "discretion": DISCRETION,
    "basis": BASIS,
    "penalties": PENALTIES,
    "fine_total": Decimal("50000.00"),
    "amount_total": Decimal("50186.00"),
    "correction": "本机关已责令当事人立即改正上述违法行为（《中华人民共和国行政处罚法》第二十八条第一款）。",
    "performance": "当事人应当自收到本决定书之日起十五日内缴纳上述罚没款（《中华人民共和国行政处罚法》第六十七条第三款）。"
                   "没收的食品由本机关依法处理。",
    "payment": {
        "instructions": "持本决定书到广东省非税收入代理银行网点缴纳，或者通过广东省非税收入电子缴款渠道在线缴纳。",
        "code": "44010626031600012",
    },
    "remedies": REMEDIES,
    "decided_on": datetime.date(2026, 3, 16),
    "to_be_published": True,
}

ON_THE_SPOT_DECISION = {
    "document_number": "蓬卫健当罚〔2026〕37号",
    "body": {"name": "江门市蓬江区卫生健康局", "address": "江门市蓬江区建设二路21号"},
    "party": {
        "kind": "person",
        "name": "何俊峰",
        "gender": "男",
        "id_number": resident_id("44070319920611053"),
        "address": "江门市蓬江区建设三路118号502房",
    },
    "facts": "2026年3月14日20时10分，当事人在江门市蓬江区汇景广场三楼餐饮区（室内公共场所，禁止吸烟场所）吸烟，"
             "执法人员当场查实。",
    "violated": ["《江门市文明行为促进条例》第十二条第（六）项"],
    "basis": ["《江门市文明行为促进条例》第四十七条"],
    "penalties": [{"kind": "罚款", "amount": Decimal("50.00")}],
    "has_fine": True,
    "fine_total": Decimal("50.00"),
    "performance": "依照《中华人民共和国行政处罚法》第六十八条第（一）项的规定当场收缴罚款，并出具财政部门统一制发的罚没款专用票据"
                   "（《中华人民共和国行政处罚法》第七十条）。",
    "remedies": {"review_body": "江门市蓬江区人民政府", "court": "有管辖权的人民法院"},
    "decided_at": datetime.datetime(2026, 3, 14, 20, 25, tzinfo=SHANGHAI),
    "place": "江门市蓬江区汇景广场三楼",
    "officers": [
        {"name": "冯伟明", "certificate": "44070320260011"},
        {"name": "钟慧敏", "certificate": "44070320260012"},
    ],
    "refused_to_sign": False,
}

SERVICE_RECEIPT = {
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE},
    "documents": [{"name": "行政处罚决定书", "number": "穗天市监罚〔2026〕12号", "copies": 1}],
    "recipient": {"name": "广州禾盛商贸有限公司（法定代表人：梁文斌）"},
    "place": "广州市天河区棠下荷光路86号首层",
    "method": "直接送达",
    "servers": OFFICERS,
    "notes": "",
}

SAMPLES: dict[str, dict] = {
    "case_filing_approval": CASE_FILING_APPROVAL,
    "penalty_advance_notice": PENALTY_ADVANCE_NOTICE,
    "penalty_decision": PENALTY_DECISION,
    "on_the_spot_decision": ON_THE_SPOT_DECISION,
    "service_receipt": SERVICE_RECEIPT,
}

# Variants a template must also render: the advance notice of a penalty that carries the right to a hearing
# (处罚法 第六十三条), and an on-the-spot decision the party refused to sign (第五十二条第一款).
VARIANTS: dict[str, tuple[str, dict]] = {
    "penalty_advance_notice.hearing": ("penalty_advance_notice", {"hearing_rights": True}),
    "on_the_spot_decision.refused": ("on_the_spot_decision", {
        "refused_to_sign": True, "refusal_note": "当事人拒绝在本决定书上签名，执法人员已将本决定书当场交付并全程录像。"}),
}


def sample_context(code: str, variant: str = "") -> dict:
    """A deep copy of the sample for ``code`` (or of a variant such as ``penalty_advance_notice.hearing``)."""
    if variant:
        base_code, changes = VARIANTS[f"{code}.{variant}"]
        return {**copy.deepcopy(SAMPLES[base_code]), **copy.deepcopy(changes)}
    return copy.deepcopy(SAMPLES[code])
