"""Sample contexts for the province's document templates: one invented case of the 天河区 market regulation bureau
(a convenience store selling food past its shelf life, 食品安全法 第三十四条第（十）项, 第一百二十四条) followed from the
registration of the lead to the dossier's index, and one on-the-spot fine of the 蓬江区 health bureau (smoking where it is
prohibited, 江门市文明行为促进条例).

The main case: registered and inspected 2026-01-07 (evidence preserved), filed 01-08, questioned 01-12, preserved food
seized 01-14, investigation closed 02-24, advance notice 02-26 (served 02-27), statement 03-02, legal review 03-10,
collective discussion 03-12, approval and decision 03-16 (served 03-17), instalments granted 03-25, the last one unpaid:
reminder 09-21, court application 10-19, enforced 12-08, closed 12-15. Side strands of the same world: the hearing
documents follow the advance notice's hearing variant (the party asks for a hearing on 03-03), a complaint that was not
filed, a first minor violation not punished (处罚法 第三十三条第一款), a stall owner's case transferred to the police, and
the urban management bureau's own enforcement of a demolition order.

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
CASE_NUMBER = "穗天市监案〔2026〕5号"
STATEMENTS = [
    "涉案食品是店员疏忽未及时下架，公司并非故意销售超过保质期的食品。",
    "已售出的“鲜牛奶”只有10盒，货值金额小，没有造成消费者健康损害，案发后公司已主动下架、封存同批次食品，"
    "并对全体店员进行了培训，请求减轻处罚。",
]
STATEMENT_REPLY = ("当事人在陈述、申辩中提出，涉案食品系店员疏忽未及时下架，并非故意销售，请求减轻处罚。经复核，食品经营者应当"
                   "定期检查库存食品，及时清理超过保质期的食品（《中华人民共和国食品安全法》第五十四条第一款），店员疏忽不能免除"
                   "当事人的法定义务；当事人主动下架、封存同批次食品和配合调查的情节，本机关已在裁量时予以考虑。当事人提出的理由"
                   "不能成立，本机关不予采纳。")

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
        "以及依法享有的陈述、申辩权利。当事人于2026年3月2日提出陈述、申辩意见，本机关进行了复核。本案经法制审核，"
        "并经本机关负责人集体讨论决定。",
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
    "statement": STATEMENT_REPLY,
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

# --- the other acts of the same case (穗天市监案〔2026〕5号), in the order they happen -------------------------------

CASE = {"number": CASE_NUMBER, "cause": CAUSE, "source": "监督检查", "registered_on": datetime.date(2026, 1, 7),
        "filed_on": datetime.date(2026, 1, 8)}
CONTACT = {"name": "陈志强、林晓燕", "phone": "020-38622315", "address": "广州市天河区天府路1号"}
LIANG = {
    "name": "梁文斌",
    "gender": "男",
    "id_number": resident_id("44010619780315041"),
    "employer": "广州禾盛商贸有限公司",
    "position": "法定代表人",
    "address": "广州市天河区棠下荷光路90号1203房",
    "phone": "13926470318",
}
ITEMS = [
    {"name": "鲜牛奶", "specification": "950毫升/盒", "batch": "保质期至2026年1月5日", "quantity": "12盒",
     "note": "销售货架上查获"},
    {"name": "全麦吐司面包", "specification": "400克/袋", "batch": "保质期至2026年1月3日", "quantity": "6袋",
     "note": "销售货架上查获"},
]
EVIDENCE = PENALTY_DECISION["evidence"]

CASE_SOURCE_REGISTER = {
    "document_number": "穗天市监案源〔2026〕11号",
    "body": TIANHE_MARKET,
    "case": {"source": "监督检查", "registered_on": datetime.date(2026, 1, 7), "cause": CAUSE},
    "source_detail": "2026年食品经营环节日常监督检查（棠下片区）",
    "party": STORE,
    "summary": [
        "2026年1月7日，执法人员在日常监督检查中发现当事人经营的“禾盛便利店”销售货架上摆放有超过保质期的“鲜牛奶”12盒、"
        "“全麦吐司面包”6袋，均标有销售价格，执法人员已对涉案食品先行登记保存。",
    ],
    "handler_opinion": "当事人涉嫌经营超过保质期的食品，建议报请立案调查。",
    "handlers": OFFICERS,
    "handler_opinion_on": datetime.date(2026, 1, 7),
    "unit_review": {"opinion": "同意报请立案。", "name": "黄立新", "on": datetime.date(2026, 1, 7)},
    "approval": {"opinion": "同意，按程序办理立案。", "name": "周建华", "on": datetime.date(2026, 1, 8)},
}

CASE_NONFILING_APPROVAL = {
    "document_number": "穗天市监不立〔2026〕2号",
    "body": TIANHE_MARKET,
    "case": {"source": "投诉举报", "registered_on": datetime.date(2026, 2, 3), "cause": "经营超过保质期的食品（举报）"},
    "party": STORE,
    "summary": [
        "2026年2月3日，本机关收到全国12315平台转来的举报，称“禾盛便利店”于2026年2月1日销售过期酸奶。",
        "2026年2月5日，执法人员到该店检查，货架及仓库中的“原味酸奶”（200克/杯）共24杯，标示保质期至2026年2月12日；"
        "调取收银系统记录，举报人所购酸奶为同一批次，购买时仍在保质期内。未发现其他超过保质期的食品。",
    ],
    "reasons": [
        "经核查，举报反映的违法事实不存在，不符合立案标准（《中华人民共和国行政处罚法》第五十四条第二款）。",
    ],
    "handler_opinion": "建议不予立案，并将核查结果告知举报人。",
    "handlers": OFFICERS,
    "handler_opinion_on": datetime.date(2026, 2, 5),
    "unit_review": {"opinion": "同意不予立案。", "name": "黄立新", "on": datetime.date(2026, 2, 6)},
    "approval": {"opinion": "同意。", "name": "周建华", "on": datetime.date(2026, 2, 6)},
}

INQUIRY_RECORD = {
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "started_at": datetime.datetime(2026, 1, 12, 9, 30, tzinfo=SHANGHAI),
    "ended_at": datetime.datetime(2026, 1, 12, 10, 45, tzinfo=SHANGHAI),
    "place": "广州市天河区市场监督管理局第二询问室",
    "respondent": {**LIANG, "relation": "当事人的法定代表人"},
    "officers": OFFICERS,
    "recorder": {"name": "林晓燕"},
    "qa": [
        {"q": "请介绍一下你公司的基本情况。",
         "a": "广州禾盛商贸有限公司成立于2023年，我是法定代表人，公司经营“禾盛便利店”一家门店，持有营业执照和食品经营许可证。"},
        {"q": "2026年1月7日执法人员在你店货架上查获的“鲜牛奶”和“全麦吐司面包”是从哪里购进的？什么时候购进的？",
         "a": "是2025年12月28日从广州市白云区的供货商处购进的，有进货单。牛奶进了22盒，面包进了6袋。"},
        {"q": "这些食品超过保质期后是否有销售？",
         "a": "牛奶过期后卖出了10盒，每盒18.60元，共186元，收银系统里有记录。面包没有卖出去。"},
        {"q": "你店是否建立了定期检查库存食品、及时清理过期食品的制度？",
         "a": "有制度，每天早班店员要检查临期食品，那几天店员请假，新来的店员没有检查到。"},
        {"q": "你还有什么需要补充的吗？", "a": "没有了。我们已经把同批次的食品全部下架封存，以后一定加强管理。"},
    ],
    "respondent_confirmation": "以上笔录我已看过，与我所说的一致。",
}

INSPECTION_RECORD = {
    "body": TIANHE_MARKET,
    "case": {"cause": "食品经营日常监督检查"},
    "party": STORE,
    "started_at": datetime.datetime(2026, 1, 7, 10, 5, tzinfo=SHANGHAI),
    "ended_at": datetime.datetime(2026, 1, 7, 11, 20, tzinfo=SHANGHAI),
    "place": "广州市天河区棠下荷光路86号首层“禾盛便利店”",
    "present": {"name": "梁文斌", "position": "法定代表人", "phone": "13926470318"},
    "officers": OFFICERS,
    "recorder": {"name": "林晓燕"},
    "opening_answer": "看清了执法证件，不申请回避。",
    "findings": [
        "该店营业面积约80平方米，现场悬挂营业执照和食品经营许可证，正在营业。",
        "冷藏展示柜第二层摆放有标示保质期至2026年1月5日的“鲜牛奶”（950毫升/盒）12盒，常温货架第三层摆放有标示保质期"
        "至2026年1月3日的“全麦吐司面包”（400克/袋）6袋，均已超过保质期，均标有销售价格（牛奶18.60元/盒，面包12.80元/袋）。",
        "现场未见该店对上述食品作出停止销售的标识。",
    ],
    "measures": [
        "执法人员当场责令当事人将上述食品下架；经本机关负责人批准，对上述食品先行登记保存"
        "（《先行登记保存证据通知书》穗天市监先保〔2026〕3号）。",
    ],
    "recording": "执法人员对现场进行了拍照，检查全过程使用执法记录仪录像。",
    "party_confirmation": "以上情况属实。",
}

EVIDENCE_PRESERVATION_NOTICE = {
    "document_number": "穗天市监先保〔2026〕3号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "case": {"cause": CAUSE},
    "reason": "发现销售货架上摆放有超过保质期的食品，该批食品如不及时固定，可能被销售、丢弃，证据可能灭失。",
    "approved_on": datetime.date(2026, 1, 7),
    "preserved_on": datetime.date(2026, 1, 7),
    "items": ITEMS,
    "storage": {"place": "当事人仓库（广州市天河区棠下荷光路86号首层后仓）", "method": "就地封存，加贴本机关封条",
                "keeper": "梁文斌"},
    "officers": OFFICERS,
    "contact": CONTACT,
    "issued_on": datetime.date(2026, 1, 7),
}

EVIDENCE_PRESERVATION_HANDLING_NOTICE = {
    "document_number": "穗天市监先处〔2026〕3号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "case": {"cause": CAUSE},
    "preservation": {"number": "穗天市监先保〔2026〕3号", "preserved_on": datetime.date(2026, 1, 7)},
    "items": [
        {**ITEMS[0], "handling": "解除先行登记保存，依法予以扣押"},
        {**ITEMS[1], "handling": "解除先行登记保存，依法予以扣押"},
    ],
    "handling": "上述食品已超过保质期，依照《中华人民共和国食品安全法》第一百一十条第（四）项的规定予以扣押，"
                "《扣押决定书》（穗天市监扣〔2026〕2号）及扣押清单另行送达。",
    "contact": CONTACT,
    "issued_on": datetime.date(2026, 1, 14),
}

INVESTIGATION_FINAL_REPORT = {
    "document_number": "穗天市监终报〔2026〕5号",
    "body": TIANHE_MARKET,
    "case": CASE,
    "party": STORE,
    "procedure": [
        "2026年1月7日，执法人员对当事人经营场所进行现场检查，制作了现场检查笔录，经本机关负责人批准对涉案食品先行登记保存，"
        "并于2026年1月14日依法扣押。2026年1月12日，执法人员对当事人法定代表人梁文斌进行了询问，调取了涉案食品的进货"
        "单据和收银系统销售记录。",
    ],
    "facts": FACTS,
    "evidence": EVIDENCE,
    "violated": VIOLATED,
    "violation_name": "经营超过保质期的食品的违法行为",
    "basis": BASIS,
    "discretion": DISCRETION,
    "recommendation": "依照《中华人民共和国行政处罚法》第五十七条第一款第（一）项的规定，建议对当事人作出如下行政处罚：",
    "penalties": PENALTIES,
    "legal_review_ground": "涉及重大公共利益（食品安全）的情形（《中华人民共和国行政处罚法》第五十八条第一款第（一）项）",
    "collective_discussion": "涉及食品安全，社会关注度较高",
    "handlers": OFFICERS,
    "reported_on": datetime.date(2026, 2, 24),
}

STATEMENT_RECORD = {
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "started_at": datetime.datetime(2026, 3, 2, 14, 30, tzinfo=SHANGHAI),
    "ended_at": datetime.datetime(2026, 3, 2, 15, 20, tzinfo=SHANGHAI),
    "place": "广州市天河区市场监督管理局第二询问室",
    "speaker": {**LIANG, "relation": "法定代表人"},
    "officers": OFFICERS,
    "recorder": {"name": "林晓燕"},
    "notice": {"name": "行政处罚事先告知书", "number": "穗天市监罚告〔2026〕9号", "served_on": datetime.date(2026, 2, 27)},
    "statements": STATEMENTS,
    "evidence_submitted": ["店员培训签到表及培训照片", "同批次食品下架封存记录"],
    "speaker_confirmation": "以上笔录我已看过，与我所说的一致。",
}

HEARING = {
    "hearing_at": datetime.datetime(2026, 3, 16, 9, 30, tzinfo=SHANGHAI),
    "place": "广州市天河区市场监督管理局听证室（广州市天河区天府路1号）",
    "public": True,
    "presider": {"name": "赵敏", "position": "法规科科长"},
    "panel": [{"name": "吴海涛"}],
    "clerk": {"name": "刘佳"},
}
PARTY_ATTENDEES = [
    {"name": "梁文斌", "role": "法定代表人"},
    {"name": "郑思远", "role": "委托代理人", "unit": "广东穗和律师事务所律师"},
]

HEARING_NOTICE = {
    "document_number": "穗天市监听通〔2026〕1号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "case": {"cause": CAUSE},
    "applied_on": datetime.date(2026, 3, 3),
    **HEARING,
    "contact": CONTACT,
    "issued_on": datetime.date(2026, 3, 4),
}

HEARING_RECORD = {
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    **HEARING,
    "ended_at": datetime.datetime(2026, 3, 16, 11, 10, tzinfo=SHANGHAI),
    "party_attendees": PARTY_ATTENDEES,
    "investigators": OFFICERS,
    "proceedings": [
        {"speaker": "调查人员（陈志强）",
         "text": "当事人于2026年1月7日在其经营的“禾盛便利店”销售货架上摆放超过保质期的“鲜牛奶”12盒、“全麦吐司面包”6袋，"
                 "并售出过期“鲜牛奶”10盒，违法所得186.00元。证据有现场检查笔录、询问笔录、进货单据和销售记录等。"
                 "建议依照《中华人民共和国食品安全法》第一百二十四条第一款第（五）项的规定，没收违法所得和违法经营的食品，"
                 "并处罚款人民币50,000.00元。"},
        {"speaker": "当事人代理人（郑思远）",
         "text": "对现场检查笔录和进货、销售记录的真实性没有异议。涉案食品货值金额仅486.60元，当事人主动下架封存、"
                 "积极配合调查，建议减轻处罚。"},
        {"speaker": "调查人员（陈志强）",
         "text": "货值金额不足一万元的，法定罚款幅度为五万元以上十万元以下，拟处罚款已是法定最低数额，已充分考虑当事人的从轻情节。"},
        {"speaker": "主持人", "text": "请当事人作最后陈述。"},
        {"speaker": "当事人（梁文斌）", "text": "我们认识到错误，已经整改，请求从轻处理。"},
        {"speaker": "主持人", "text": "听证结束。听证笔录交当事人及其代理人核对。"},
    ],
    "party_confirmation": "以上笔录已核对，记录属实。",
}

HEARING_REPORT = {
    "document_number": "穗天市监听报〔2026〕1号",
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    **HEARING,
    "party_attendees": PARTY_ATTENDEES,
    "investigators": OFFICERS,
    "investigator_views": [
        "调查人员认为，当事人经营超过保质期的食品，违法所得186.00元，货值金额486.60元，事实清楚，证据确凿，"
        "建议依照《中华人民共和国食品安全法》第一百二十四条第一款第（五）项的规定，没收违法所得和违法经营的食品，并处罚款"
        "人民币50,000.00元。",
    ],
    "party_views": [
        "当事人及其代理人对违法事实和证据没有异议，提出涉案货值金额小、主动下架封存并积极配合调查，请求减轻处罚。",
    ],
    "findings": [
        "听证认定的事实与调查认定的事实一致。当事人提出的从轻情节已有证据证明；当事人不具有《中华人民共和国行政处罚法》"
        "第三十二条规定的应当减轻处罚的情形。",
    ],
    "opinion": [
        "建议维持调查人员的处罚建议，对当事人没收违法所得人民币186.00元、没收违法经营的食品，并处罚款人民币50,000.00元。",
    ],
    "reported_on": datetime.date(2026, 3, 17),
}

LEGAL_REVIEW_OPINION = {
    "document_number": "穗天市监法审〔2026〕14号",
    "body": TIANHE_MARKET,
    "submitted_by": "食品经营安全监督管理科",
    "submitted_on": datetime.date(2026, 3, 9),
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "review_ground": "《中华人民共和国行政处罚法》第五十八条第一款第（一）项规定的涉及重大公共利益",
    "findings": [
        {"item": "执法主体", "opinion": "本机关对辖区内食品经营活动具有监督管理职责，执法人员均持有行政执法证件，主体合法。"},
        {"item": "事实和证据", "opinion": "现场检查笔录、询问笔录、进货单据、销售记录等证据相互印证，事实清楚，证据确凿。"},
        {"item": "定性和法律适用",
         "opinion": "当事人的行为违反《中华人民共和国食品安全法》第三十四条第（十）项，适用第一百二十四条第一款第（五）项，"
                    "定性准确，适用依据正确。"},
        {"item": "程序", "opinion": "立案、调查、先行登记保存、事先告知及陈述申辩复核等程序合法。"},
        {"item": "裁量", "opinion": "拟处罚款为法定最低数额，符合行政处罚裁量权基准，裁量适当。"},
    ],
    "conclusion": "审核通过，同意承办机构的处理意见。",
    "reviewers": [{"name": "赵敏", "qualification": "A20154401060123"}, {"name": "吴海涛"}],
    "reviewing_unit": "法规科",
    "reviewed_on": datetime.date(2026, 3, 10),
}

COLLECTIVE_DISCUSSION_RECORD = {
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "started_at": datetime.datetime(2026, 3, 12, 15, 0, tzinfo=SHANGHAI),
    "ended_at": datetime.datetime(2026, 3, 12, 15, 40, tzinfo=SHANGHAI),
    "place": "广州市天河区市场监督管理局第一会议室",
    "presider": {"name": "周建华", "position": "局长"},
    "attendees": [{"name": "周建华", "position": "局长"}, {"name": "邱伟", "position": "副局长"},
                  {"name": "何丽君", "position": "副局长"}],
    "absent": [{"name": "林国栋", "position": "副局长", "reason": "出差"}],
    "observers": [{"name": "黄立新", "position": "食品经营安全监督管理科科长"}, {"name": "赵敏", "position": "法规科科长"},
                  {"name": "陈志强", "position": "承办人"}],
    "reporter": {"name": "陈志强"},
    "recorder": {"name": "刘佳"},
    "report": [
        "承办人汇报了案件来源、调查经过、违法事实、证据、当事人的陈述申辩意见及复核情况和法制审核意见，"
        "建议没收违法所得186.00元、没收违法经营的食品，并处罚款50,000.00元。",
    ],
    "speeches": [
        {"name": "邱伟", "position": "副局长", "opinion": "事实清楚，证据确凿，程序合法，同意承办机构的处理意见。"},
        {"name": "何丽君", "position": "副局长", "opinion": "同意。建议加强对同类便利店临期食品管理的日常检查。"},
        {"name": "周建华", "position": "局长", "opinion": "同意承办机构意见。"},
    ],
    "conclusion": [
        "经集体讨论，决定对当事人没收违法所得人民币186.00元、没收违法经营的食品，并处罚款人民币50,000.00元"
        "（《中华人民共和国行政处罚法》第五十七条第二款）。",
    ],
}

PENALTY_DECISION_APPROVAL = {
    "document_number": "穗天市监罚批〔2026〕12号",
    "body": TIANHE_MARKET,
    "case": CASE,
    "party": STORE,
    "facts": FACTS,
    "evidence": ["现场检查笔录", "询问笔录", "进货单据", "收银系统销售记录", "现场照片"],
    "violated": VIOLATED,
    "basis": BASIS,
    "discretion": DISCRETION,
    "statement_summary": ["2026年2月27日送达行政处罚事先告知书；当事人于2026年3月2日提出陈述、申辩，经复核，理由不成立，不予采纳。"],
    "collective_discussion": "2026年3月12日经本机关负责人集体讨论，同意承办机构的处理意见。",
    "handler_opinion": "建议对当事人作出如下行政处罚：",
    "penalties": PENALTIES,
    "handlers": OFFICERS,
    "handler_opinion_on": datetime.date(2026, 3, 13),
    "unit_review": {"opinion": "同意承办人意见。", "name": "黄立新", "on": datetime.date(2026, 3, 13)},
    "legal_review": {"opinion": "审核通过（穗天市监法审〔2026〕14号）。", "name": "赵敏", "on": datetime.date(2026, 3, 13)},
    "approval": {"opinion": "同意。", "name": "周建华", "on": datetime.date(2026, 3, 16)},
}

NO_PENALTY_DECISION = {
    "document_number": "穗天市监不罚〔2026〕3号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "case": {"cause": "安排未取得健康证明的人员从事接触直接入口食品的工作", "number": "穗天市监案〔2026〕6号"},
    "procedure": [
        "当事人安排未取得健康证明的人员从事接触直接入口食品的工作一案，本机关于2026年1月8日立案调查，现已调查终结。",
    ],
    "facts": [
        "2026年1月7日，本机关执法人员在检查中发现，当事人“禾盛便利店”熟食柜台员工张丽华的健康证明已于2025年12月20日"
        "到期，当事人仍安排其从事熟食分装、销售等接触直接入口食品的工作。当事人于2026年1月9日安排张丽华进行健康检查并"
        "取得新的健康证明。当事人此前未因同类违法行为受过行政处罚，未发现因此造成危害后果。",
    ],
    "evidence": [
        "现场检查笔录及现场照片，证明张丽华在健康证明到期后仍从事接触直接入口食品的工作",
        "张丽华的原健康证明及2026年1月9日取得的健康证明复印件，证明当事人已及时改正",
        "对当事人法定代表人梁文斌的询问笔录，证明当事人系初次违法",
    ],
    "violated": ["《中华人民共和国食品安全法》第四十五条第二款"],
    "violation_name": "安排未取得健康证明的人员从事接触直接入口食品的工作的违法行为",
    "ground": [
        "鉴于当事人系初次违法，违法行为持续时间较短、危害后果轻微，且已及时改正，符合《中华人民共和国行政处罚法》"
        "第三十三条第一款规定的可以不予行政处罚的情形。",
    ],
    "basis": ["《中华人民共和国行政处罚法》第三十三条第一款"],
    "correction": "本机关已责令当事人立即改正上述违法行为（《中华人民共和国行政处罚法》第二十八条第一款）。",
    "education": "依照《中华人民共和国行政处罚法》第三十三条第三款的规定，本机关已对当事人进行了教育，当事人应当建立并执行"
                 "从业人员健康管理制度，确保从事接触直接入口食品工作的人员每年进行健康检查，取得健康证明后方可上岗工作。",
    "remedies": REMEDIES,
    "contact": CONTACT,
    "decided_on": datetime.date(2026, 2, 10),
}

PAYMENT = PENALTY_DECISION["payment"]

PAYMENT_DEFERRAL_DECISION = {
    "document_number": "穗天市监缓〔2026〕2号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "decision": {"number": "穗天市监罚〔2026〕12号", "decided_on": datetime.date(2026, 3, 16),
                 "fine": Decimal("50000.00")},
    "applied_on": datetime.date(2026, 3, 20),
    "reason": "受门店装修停业影响，流动资金紧张，一次缴纳罚款确有困难",
    "review": "当事人提交的2026年1月至2月财务报表及银行流水显示其账面可用资金不足以一次缴纳罚款，确有经济困难。",
    "amount": Decimal("50000.00"),
    "schedule": [
        {"due_on": datetime.date(2026, 4, 30), "amount": Decimal("20000.00")},
        {"due_on": datetime.date(2026, 5, 29), "amount": Decimal("15000.00")},
        {"due_on": datetime.date(2026, 6, 30), "amount": Decimal("15000.00")},
    ],
    "payment": PAYMENT,
    "contact": CONTACT,
    "decided_on": datetime.date(2026, 3, 25),
}

# The party paid the first two instalments and not the third (¥15,000 due 2026-06-30). The surcharge of 3% a day
# (处罚法 第七十二条第一款第（一）项) reached its cap, the unpaid fine, long before the reminder; the time to sue ran out on
# 2026-09-17 (six months from service on 2026-03-17). The bureau has no power of enforcement: it reminds, waits ten
# working days (强制法 第五十四条; 2026-10-12 with the National Day holiday) and applies to the court.
REMINDER = {
    "document_number": "穗天市监催〔2026〕4号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "decision": {"name": "行政处罚决定书", "number": "穗天市监罚〔2026〕12号", "decided_on": datetime.date(2026, 3, 16),
                 "served_on": datetime.date(2026, 3, 17)},
    "obligation": "经本机关批准（《分期缴纳罚款决定书》穗天市监缓〔2026〕2号），你单位应当于2026年6月30日前缴纳第三期罚款"
                  "人民币15,000.00元。截至本催告书发出之日，你单位仍未缴纳该期罚款，本机关已依照《中华人民共和国行政处罚法》"
                  "第七十二条第一款第（一）项的规定每日按罚款数额的百分之三加处罚款，加处罚款的数额已达到上限。",
    "deadline": datetime.date(2026, 10, 9),
    "method": "到指定银行或者通过电子支付系统缴纳下列款项",
    "monetary": True,
    "items": [
        {"name": "罚款（第三期）", "amount": Decimal("15000.00")},
        {"name": "加处罚款", "amount": Decimal("15000.00"), "description": "自2026年7月1日起计算，不超出罚款数额"},
    ],
    "amount": Decimal("30000.00"),
    "payment": PAYMENT,
    "statement_days": 3,
    "application_to_court": True,
    "contact": CONTACT,
    "issued_on": datetime.date(2026, 9, 21),
}

COURT_ENFORCEMENT_APPLICATION = {
    "document_number": "穗天市监执申〔2026〕2号",
    "body": TIANHE_MARKET,
    "head": {"name": "周建华", "position": "局长"},
    "party": STORE,
    "court": "广州市天河区人民法院",
    "decision": {
        "name": "行政处罚决定书", "number": "穗天市监罚〔2026〕12号", "decided_on": datetime.date(2026, 3, 16),
        "served_on": datetime.date(2026, 3, 17),
        "summary": "被申请人经营超过保质期的食品，违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定，本机关依照"
                   "该法第一百二十四条第一款第（五）项的规定，对其没收违法所得人民币186.00元、没收违法经营的食品，并处罚款"
                   "人民币50,000.00元。",
        "reasons": "经被申请人申请，本机关于2026年3月25日决定准许其分三期缴纳罚款（穗天市监缓〔2026〕2号）。被申请人缴纳了"
                   "违法所得和前两期罚款共计人民币35,186.00元，第三期罚款人民币15,000.00元逾期未缴纳，本机关依法加处罚款。",
    },
    "remedy_deadline": datetime.date(2026, 9, 17),
    "reminder_number": "穗天市监催〔2026〕4号",
    "reminder_served_on": datetime.date(2026, 9, 22),
    "party_opinion": "被申请人在催告期间未提出陈述、申辩意见，亦未履行义务。",
    "object": [
        {"name": "罚款", "amount": Decimal("15000.00")},
        {"name": "加处罚款", "amount": Decimal("15000.00")},
    ],
    "object_total": Decimal("30000.00"),
    "attachments": [
        {"name": "《行政处罚决定书》（穗天市监罚〔2026〕12号）及送达回证", "copies": 1},
        {"name": "作出行政处罚决定的事实、理由和依据的证据材料", "copies": 1},
        {"name": "《分期缴纳罚款决定书》（穗天市监缓〔2026〕2号）及缴款凭证", "copies": 1},
        {"name": "《催告书》（穗天市监催〔2026〕4号）及送达回证", "copies": 1},
        {"name": "被申请人的营业执照信息", "copies": 1},
    ],
    "applied_on": datetime.date(2026, 10, 19),
}

# The other way to enforce: a body that has the power (here the district's urban management bureau, charged by the
# district government under 城乡规划法 第六十八条) decides the enforcement itself after its reminder. The same shop had
# put up an iron-sheet store room behind the shop without a planning permit.
ENFORCEMENT_DECISION = {
    "document_number": "穗天城管强执〔2026〕3号",
    "body": {"name": "广州市天河区城市管理和综合执法局", "address": "广州市天河区龙口西路68号", "phone": "020-38896110"},
    "party": STORE,
    "decision": {"name": "限期拆除决定书", "number": "穗天城管拆〔2026〕8号", "decided_on": datetime.date(2026, 5, 11),
                 "served_on": datetime.date(2026, 5, 12)},
    "reminder": {"number": "穗天城管催〔2026〕5号", "served_on": datetime.date(2026, 11, 16),
                 "deadline": datetime.date(2026, 11, 23)},
    "reason": [
        "当事人未取得建设工程规划许可证，在广州市天河区棠下荷光路86号首层后侧搭建铁皮仓库一间（约18平方米），本机关责令其"
        "于2026年5月31日前自行拆除，并依照《中华人民共和国行政强制法》第四十四条的规定予以公告。当事人在法定期限内未申请"
        "行政复议，也未提起行政诉讼，经催告逾期仍未拆除，且无正当理由。经广州市天河区人民政府责成，本机关依法实施强制拆除。",
    ],
    "basis": ["《中华人民共和国城乡规划法》第六十八条", "《中华人民共和国行政强制法》第三十七条、第四十四条"],
    "method": "强制拆除上述违法搭建的铁皮仓库，仓库内物品由本机关清点登记后交还当事人",
    "time": "2026年12月7日8时30分起",
    "remedies": REMEDIES,
    "contact": {"name": "罗志成、黄嘉欣", "phone": "020-38896110"},
    "decided_on": datetime.date(2026, 11, 30),
}

# An agency's own enforcement (强制法 第四章): the same shop's fine, enforcement suspended for hardship (第三十九条), an
# agreement to pay in stages (第四十二条), and 代履行 of a river cleanup the party was ordered to do (第五十条、第五十一条).
ENFORCEMENT_SUSPENSION_DECISION = {
    "document_number": "穗天市监中终执〔2026〕1号",
    "body": {"name": "广州市天河区市场监督管理局", "address": "广州市天河区黄埔大道中309号"},
    "party": STORE,
    "decision": {"name": "行政处罚决定书", "number": "穗天市监罚〔2026〕12号", "decided_on": datetime.date(2026, 7, 6),
                 "served_on": datetime.date(2026, 7, 7)},
    "measure": "中止",
    "ground": "当事人履行行政决定确有困难或者暂无履行能力",
    "reason": ["当事人门店因台风受损停业，账户余额不足，暂无履行能力。"],
    "basis": "《中华人民共和国行政强制法》第三十九条第一款",
    "suspends": True,
    "contact": {"name": "陈志强", "phone": "020-38290001"},
    "decided_on": datetime.date(2026, 9, 7),
}

ENFORCEMENT_AGREEMENT = {
    "document_number": "穗天市监执协〔2026〕1号",
    "body": {"name": "广州市天河区市场监督管理局", "address": "广州市天河区黄埔大道中309号"},
    "party": STORE,
    "decision": {"name": "行政处罚决定书", "number": "穗天市监罚〔2026〕12号", "decided_on": datetime.date(2026, 7, 6),
                 "served_on": datetime.date(2026, 7, 7)},
    "terms": ["2026年9月30日前缴纳罚款40000元", "2026年10月30日前缴纳罚款35000元及加处罚款"],
    "surcharge_reduction": None,
    "suspends": True,
    "signed_on": datetime.date(2026, 9, 7),
    "decided_on": datetime.date(2026, 9, 7),
}

SUBSTITUTE_PERFORMANCE_DECISION = {
    "document_number": "穗天城管代履〔2026〕1号",
    "body": ENFORCEMENT_DECISION["body"],
    "party": STORE,
    "decision": {"name": "责令限期改正通知书", "number": "穗天城管改〔2026〕21号", "decided_on": datetime.date(2026, 10, 12),
                 "served_on": datetime.date(2026, 10, 13)},
    "reason": ["当事人在车陂涌岸边堆放的建筑垃圾约30吨，已造成河道污染。",
               "行政决定要求当事人清除堆放物、恢复河道原状，当事人逾期不履行，经催告仍不履行。"],
    "basis": ["《中华人民共和国行政强制法》第五十条", "《中华人民共和国行政强制法》第五十一条"],
    "method": "委托第三人清运",
    "time": datetime.date(2026, 11, 20),
    "object": "车陂涌岸边堆放的建筑垃圾约30吨",
    "cost_estimate": Decimal("12000.00"),
    "performer": "广州某环境工程有限公司",
    "remedies": REMEDIES,
    "contact": {"name": "罗志成", "phone": "020-38896110"},
    "decided_on": datetime.date(2026, 11, 16),
}

DENG = {
    "kind": "person",
    "name": "邓国良",
    "gender": "男",
    "id_number": resident_id("44058219800716283"),
    "address": "广州市天河区车陂路东圃大街23号301房",
    "phone": "13688406215",
}

CRIMINAL_TRANSFER = {
    "document_number": "穗天市监移〔2026〕2号",
    "body": TIANHE_MARKET,
    "receiver": "广州市公安局天河区分局",
    "party": DENG,
    "case": {"cause": "销售不符合食品安全标准的食品", "number": "穗天市监案〔2026〕21号"},
    "facts": [
        "2026年3月24日，本机关对当事人经营的“国良烧腊档”（广州市天河区车陂农贸市场B12档）销售的“叉烧”进行监督抽检，"
        "经检验，亚硝酸盐残留量（以亚硝酸钠计）为每千克286毫克，超过GB 2760-2024规定的最大残留量（每千克30毫克）八倍以上。"
        "经查，当事人自2026年2月以来持续销售该批次自制“叉烧”，销售金额约人民币2.3万元。",
    ],
    "suspected_offence": "生产、销售不符合安全标准的食品罪（《中华人民共和国刑法》第一百四十三条）",
    "approval": {"name": "周建华", "position": "局长", "on": datetime.date(2026, 4, 13)},
    "attachments": [
        {"name": "涉嫌犯罪案件情况的调查报告", "copies": 1},
        {"name": "涉案物品清单", "copies": 1},
        {"name": "食品安全监督抽检检验报告", "copies": 1},
        {"name": "现场检查笔录、询问笔录等其他有关涉嫌犯罪的材料", "pages": 46},
    ],
    "officers": OFFICERS,
    "contact": CONTACT,
    "transferred_on": datetime.date(2026, 4, 14),
}

CASE_CLOSING_APPROVAL = {
    "document_number": "穗天市监结〔2026〕5号",
    "body": TIANHE_MARKET,
    "case": CASE,
    "party": STORE,
    "decision": {"name": "行政处罚决定书", "number": "穗天市监罚〔2026〕12号", "decided_on": datetime.date(2026, 3, 16),
                 "served_on": datetime.date(2026, 3, 17),
                 "content": "没收违法所得人民币186.00元、没收违法经营的食品，并处罚款人民币50,000.00元。"},
    "performance": [
        "违法所得186.00元于2026年3月27日缴纳；罚款经批准分三期缴纳，前两期共35,000.00元已按期缴纳。",
        "第三期罚款15,000.00元及加处罚款15,000.00元，经本机关申请，由广州市天河区人民法院于2026年12月8日强制执行到位。",
        "没收的食品已于2026年3月20日依法销毁。",
    ],
    "closing_reason": "行政处罚决定已执行完毕。",
    "handler_opinion": "本案已执行完毕，建议结案归档。",
    "handlers": OFFICERS,
    "handler_opinion_on": datetime.date(2026, 12, 14),
    "unit_review": {"opinion": "同意结案。", "name": "黄立新", "on": datetime.date(2026, 12, 14)},
    "approval": {"opinion": "同意结案。", "name": "周建华", "on": datetime.date(2026, 12, 15)},
}

DOSSIER_COVER = {
    "body": TIANHE_MARKET,
    "case": {**CASE, "closed_on": datetime.date(2026, 12, 15)},
    "party": STORE,
    "decision_number": "穗天市监罚〔2026〕12号",
    "outcome": "没收违法所得、没收违法经营的食品，罚款人民币50,000.00元",
    "handlers": OFFICERS,
    "retention": "30年",
    "volume_count": 1,
    "volume": 1,
    "pages": 96,
    "archive_number": "WS·2026-D30-0005",
    "archived_on": datetime.date(2026, 12, 18),
}

DOSSIER_INDEX = {
    "body": TIANHE_MARKET,
    "case": {"number": CASE_NUMBER, "cause": CAUSE},
    "party": STORE,
    "entries": [
        {"seq": 1, "title": "行政处罚决定书", "number": "穗天市监罚〔2026〕12号", "date": datetime.date(2026, 3, 16),
         "pages": "1-4"},
        {"seq": 2, "title": "送达回证（行政处罚决定书）", "number": "", "date": datetime.date(2026, 3, 17), "pages": "5"},
        {"seq": 3, "title": "案件来源登记表", "number": "穗天市监案源〔2026〕11号", "date": datetime.date(2026, 1, 7),
         "pages": "6"},
        {"seq": 4, "title": "现场检查笔录及现场照片", "number": "", "date": datetime.date(2026, 1, 7), "pages": "7-12"},
        {"seq": 5, "title": "先行登记保存证据通知书", "number": "穗天市监先保〔2026〕3号", "date": datetime.date(2026, 1, 7),
         "pages": "13-14"},
        {"seq": 6, "title": "立案审批表", "number": "穗天市监立〔2026〕5号", "date": datetime.date(2026, 1, 8), "pages": "15"},
        {"seq": 7, "title": "询问笔录（梁文斌）", "number": "", "date": datetime.date(2026, 1, 12), "pages": "16-21"},
        {"seq": 8, "title": "先行登记保存证据处理通知书", "number": "穗天市监先处〔2026〕3号",
         "date": datetime.date(2026, 1, 14), "pages": "22-23"},
        {"seq": 9, "title": "案件调查终结报告", "number": "穗天市监终报〔2026〕5号", "date": datetime.date(2026, 2, 24),
         "pages": "24-29"},
        {"seq": 10, "title": "行政处罚事先告知书及送达回证", "number": "穗天市监罚告〔2026〕9号",
         "date": datetime.date(2026, 2, 26), "pages": "30-33"},
        {"seq": 11, "title": "陈述申辩笔录", "number": "", "date": datetime.date(2026, 3, 2), "pages": "34-36"},
        {"seq": 12, "title": "法制审核意见书", "number": "穗天市监法审〔2026〕14号", "date": datetime.date(2026, 3, 10),
         "pages": "37-39"},
        {"seq": 13, "title": "集体讨论记录", "number": "", "date": datetime.date(2026, 3, 12), "pages": "40-42"},
        {"seq": 14, "title": "行政处罚决定审批表", "number": "穗天市监罚批〔2026〕12号", "date": datetime.date(2026, 3, 13),
         "pages": "43-44"},
        {"seq": 15, "title": "分期缴纳罚款决定书及送达回证", "number": "穗天市监缓〔2026〕2号",
         "date": datetime.date(2026, 3, 25), "pages": "45-47"},
        {"seq": 16, "title": "催告书及送达回证", "number": "穗天市监催〔2026〕4号", "date": datetime.date(2026, 9, 21),
         "pages": "48-50"},
        {"seq": 17, "title": "强制执行申请书", "number": "穗天市监执申〔2026〕2号", "date": datetime.date(2026, 10, 19),
         "pages": "51-53"},
        {"seq": 18, "title": "缴款凭证及人民法院执行材料", "number": "", "date": datetime.date(2026, 12, 8), "pages": "54-94"},
        {"seq": 19, "title": "结案审批表", "number": "穗天市监结〔2026〕5号", "date": datetime.date(2026, 12, 15),
         "pages": "95-96"},
    ],
}

# --- 查封、扣押 (《中华人民共和国行政强制法》第十八条、第二十四条、第二十五条、第二十八条) ---------------------------------------
SEIZURE_REF = {"number": "穗天市监封扣〔2026〕2号", "on": datetime.date(2026, 1, 7), "items": ITEMS}
SEIZURE_DECISION = {
    "document_number": "穗天市监封扣〔2026〕2号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "reason": "你单位销售货架上摆放有超过保质期的食品，涉嫌经营超过保质期的食品。",
    "basis": ["《中华人民共和国食品安全法》第一百一十条第（四）项"],
    "items": ITEMS,
    "period": {"start": datetime.date(2026, 1, 7), "due": datetime.date(2026, 2, 6), "days": 30},
    "remedies": REMEDIES,
    "contact": CONTACT,
    "decided_on": datetime.date(2026, 1, 7),
}
SEIZURE_SITE_RECORD = {
    "body": TIANHE_MARKET,
    "party": STORE,
    "started_at": datetime.datetime(2026, 1, 7, 10, 5, tzinfo=SHANGHAI),
    "place": "广州市天河区棠下荷光路86号首层",
    "officers": OFFICERS,
    "certificates_shown": True,
    "record": ["当事人法定代表人梁文斌到场，执法人员清点销售货架上超过保质期的食品并予以扣押。"],
    "statement": "涉案食品系店员疏忽未及时下架。",
    "signed_by": "当事人签名或者盖章",
    "items": ITEMS,
}
SEIZURE_LIST = {"body": TIANHE_MARKET, "party": STORE, "items": ITEMS, "place": "广州市天河区棠下荷光路86号首层",
                "officers": OFFICERS, "seizure": SEIZURE_REF, "title": "查封（扣押）清单",
                "issued_on": datetime.date(2026, 1, 7)}
SEIZURE_EXTENSION_DECISION = {
    "document_number": "穗天市监延封扣〔2026〕1号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "seizure": SEIZURE_REF,
    "reason": "涉案批次需追溯进货来源",
    "days": 20,
    "original_due": datetime.date(2026, 2, 6),
    "period": {"start": datetime.date(2026, 2, 6), "due": datetime.date(2026, 2, 26), "days": 20},
    "remedies": REMEDIES,
    "decided_on": datetime.date(2026, 2, 2),
}
TESTING_PERIOD_NOTICE = {
    "body": TIANHE_MARKET,
    "party": STORE,
    "seizure": SEIZURE_REF,
    "kind": "检测",
    "institution": "广州市食品检验所",
    "started_on": datetime.date(2026, 1, 9),
    "expected_end": datetime.date(2026, 1, 19),
    "items": ITEMS,
    "issued_on": datetime.date(2026, 1, 9),
}
SEIZURE_RELEASE_DECISION = {
    "document_number": "穗天市监解封扣〔2026〕1号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "seizure": SEIZURE_REF,
    "ground": "当事人没有违法行为（第二十八条第一款第（一）项）",
    "returned": "退还财物",
    "items": ITEMS,
    "reason": [],
    "decided_on": datetime.date(2026, 2, 2),
}
SEIZURE_RELEASE_LIST = {**SEIZURE_LIST, "title": "解除查封（扣押）清单", "returned": "退还财物"}
# 冻结存款、汇款 (强制法 第二十九条至第三十三条): a tax office freezing under 税收征收管理法 第三十八条.
TAX_OFFICE = {"name": "国家税务总局广州市天河区税务局", "address": "广州市天河区天河北路388号", "phone": "020-38219000"}
_FREEZE = {
    "body": TAX_OFFICE,
    "party": STORE,
    "reason": ["当事人2026年第三季度应纳税款人民币86,400.00元，本机关责令其于2026年9月25日前缴纳；期限内发现当事人有转移存款"
               "的迹象，当事人未提供纳税担保。"],
    "basis": ["《中华人民共和国行政强制法》第二十九条、第三十条", "《中华人民共和国税收征收管理法》第三十八条第一款第（一）项"],
    "bank": "中国工商银行股份有限公司广州天河支行",
    "account": "3602000109200123456",
    "amount": "86400.00",
    "frozen_on": datetime.date(2026, 9, 29),
    "until": datetime.date(2026, 10, 29),
    "period": "自2026年9月29日起至2026年10月29日止",
    "accounts": "中国工商银行股份有限公司广州天河支行账号3602000109200123456，冻结数额人民币86400.00元",
    "remedies": REMEDIES,
    "contact": {"name": "李海燕、何振宇", "phone": "020-38219000", "address": "广州市天河区天河北路388号"},
    "decided_on": datetime.date(2026, 9, 29),
}
FREEZE_NOTICE = {**_FREEZE, "document_number": "穗天税冻通〔2026〕7号"}
FREEZE_DECISION = {**_FREEZE, "document_number": "穗天税冻〔2026〕7号"}
FREEZE_EXTENSION_DECISION = {**_FREEZE, "document_number": "穗天税延冻〔2026〕2号", "days": 30,
                             "until": datetime.date(2026, 11, 28), "decision_number": "穗天税冻〔2026〕7号",
                             "extension_reason": "当事人涉及多个关联账户，资金往来尚待核实",
                             "decided_on": datetime.date(2026, 10, 26)}
FREEZE_RELEASE_DECISION = {**_FREEZE, "document_number": "穗天税解冻〔2026〕3号", "decision_number": "穗天税冻〔2026〕7号",
                           "ground": "行政机关对违法行为已经作出处理决定，不再需要冻结（第三十三条第一款第（三）项）",
                           "explanation": "当事人已于2026年10月20日缴清税款。", "decided_on": datetime.date(2026, 10, 21)}
FREEZE_RELEASE_NOTICE = {**FREEZE_RELEASE_DECISION, "document_number": "穗天税解冻通〔2026〕3号",
                         "notice_number": "穗天税冻通〔2026〕7号", "release_number": "穗天税解冻〔2026〕3号"}

# --- the eight documents added by migration 0007 (LEGAL.md §7) ------------------------------------------------------
GUANGZHOU_MARKET = {"name": "广州市市场监督管理局", "address": "广州市天河区天河路438号", "phone": "020-83886315"}
# 处罚法 第二十五条第二款: the store's online sales are traced by both the 天河 and the 越秀 bureau; the city bureau designates.
JURISDICTION_DESIGNATION_NOTICE = {
    "document_number": "穗市监指管〔2026〕1号",
    "body": GUANGZHOU_MARKET,
    "recipients": ["广州市天河区市场监督管理局", "广州市越秀区市场监督管理局"],
    "case": {"cause": CAUSE},
    "party": STORE,
    "dispute": ["广州市天河区市场监督管理局、广州市越秀区市场监督管理局对广州禾盛商贸有限公司涉嫌经营超过保质期的食品一案的管辖"
                "发生争议，经协商未能达成一致，于2026年1月9日报请本机关指定管辖。"],
    "designated": {"name": "广州市天河区市场监督管理局"},
    "handover": "广州市越秀区市场监督管理局应当自收到本通知书之日起五个工作日内将已收集的案件材料移交广州市天河区市场监督管理局。",
    "copy_to": [],
    "decided_on": datetime.date(2026, 1, 10),
}
INQUIRY_NOTICE = {
    "document_number": "穗天市监询通〔2026〕3号",
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "respondent": {"name": "梁文斌", "kind": "person"},
    "inquiry_at": datetime.datetime(2026, 1, 12, 9, 30, tzinfo=SHANGHAI),
    "place": "广州市天河区天府路1号广州市天河区市场监督管理局第二询问室",
    "materials": ["本人居民身份证", "营业执照副本及法定代表人身份证明", "涉案食品的进货凭证及销售记录"],
    "contact": CONTACT,
    "issued_on": datetime.date(2026, 1, 9),
}
EVIDENCE_EXTRACTION_FORM = {
    "document_number": "穗天市监证提〔2026〕5号",
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "extracted_at": datetime.datetime(2026, 1, 12, 11, 0, tzinfo=SHANGHAI),
    "place": "广州市天河区棠下荷光路86号首层",
    "items": [
        {"name": "“鲜牛奶”进货单（2025年12月28日）", "kind": "书证", "quantity": "1页",
         "note": "复印件，证明涉案食品的进货时间和数量，由当事人提供"},
        {"name": "收银系统销售记录（2026年1月5日至7日）", "kind": "电子数据", "quantity": "3页",
         "note": "打印件，证明保质期届满后售出“鲜牛奶”10盒"},
    ],
    "officers": OFFICERS,
    "refused_to_sign": False,
}
SAMPLING_CERTIFICATE = {
    "document_number": "穗天市监抽〔2026〕2号",
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "sampled_at": datetime.datetime(2026, 1, 7, 10, 40, tzinfo=SHANGHAI),
    "place": "广州市天河区棠下荷光路86号首层",
    "purpose": "送广州市食品检验所检验",
    "items": [{"name": "鲜牛奶", "specification": "950毫升/盒", "batch": "保质期至2026年1月5日", "quantity": "2盒",
               "base": "12盒"}],
    "method": "从销售货架上随机抽取",
    "storage": "样品当场封存，封条由被抽样人和执法人员签名",
    "officers": OFFICERS,
    "refused_to_sign": False,
}
ASSISTANCE_REQUEST_LETTER = {
    "document_number": "穗天市监协〔2026〕1号",
    "body": TIANHE_MARKET,
    "recipient": "佛山市南海区市场监督管理局",
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "reason": "当事人称涉案“鲜牛奶”购自佛山市南海区的供货商佛山鲜源乳业有限公司。",
    "matters": ["核实佛山鲜源乳业有限公司2025年12月向当事人供应“鲜牛奶”（950毫升/盒）的批次、数量及出厂检验情况",
                "提供该公司的营业执照及食品经营许可证复印件"],
    "reply_by": datetime.date(2026, 2, 6),
    "contact": CONTACT,
    "issued_on": datetime.date(2026, 1, 13),
}
RECTIFICATION_ORDER = {
    "document_number": "穗天市监责改〔2026〕5号",
    "body": TIANHE_MARKET,
    "party": STORE,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "facts": ["2026年1月7日，你单位经营的“禾盛便利店”销售货架上摆放有超过保质期的“鲜牛奶”12盒、“全麦吐司面包”6袋，"
              "均标有销售价格。"],
    "violated": VIOLATED,
    "basis": ["《中华人民共和国食品安全法》第五十四条第一款"],
    "time_limited": True,
    "deadline": datetime.date(2026, 1, 14),
    "requirements": ["立即停止销售超过保质期的食品，清理店内全部库存食品",
                     "建立并执行库存食品定期检查制度，及时清理变质或者超过保质期的食品"],
    "remedies": REMEDIES,
    "contact": CONTACT,
    "issued_on": datetime.date(2026, 1, 7),
}
SERVICE_ADDRESS_CONFIRMATION = {
    "body": TIANHE_MARKET,
    "case": {"cause": CAUSE, "number": CASE_NUMBER},
    "party": STORE,
    "recipient": {"name": "广州禾盛商贸有限公司（法定代表人：梁文斌）"},
    "postal_address": "广州市天河区棠下荷光路86号首层",
    "postcode": "510665",
    "phone": "13926470318",
    "consent": True,
    "email": "hesheng.legal@example.com",
    "officers": OFFICERS,
    "signed_on": datetime.date(2026, 1, 12),
}
CASE_TRANSFER_LETTER = {
    "document_number": "穗天市监移函〔2026〕1号",
    "body": TIANHE_MARKET,
    "receiver": "广州市白云区市场监督管理局",
    "case": {"cause": "经营超过保质期的食品", "number": "穗天市监案〔2026〕17号"},
    "party": {"kind": "organisation", "name": "广州穗佳食品贸易有限公司", "address": "广州市白云区太和镇永兴村龙河西路8号"},
    "reason": ["经核查，当事人的住所和仓库均位于广州市白云区太和镇，涉嫌违法行为的发生地为广州市白云区，不在本机关辖区内。"],
    "basis": ["《中华人民共和国行政处罚法》第二十二条"],
    "materials": ["案件来源登记表（穗天市监案源〔2026〕31号）", "投诉举报材料2页", "现场照片6张"],
    "contact": CONTACT,
    "transferred_on": datetime.date(2026, 2, 3),
}

# 行政检查 (司法部《行政检查文书基本格式文本（试行）》; docs/decisions/0043)
INSPECTION = {
    "kind": "日常检查", "source": "2026年度日常检查计划（双随机抽取）",
    "items": [{"code": "330201001", "name": "对食品经营者的监督检查",
               "basis": "《中华人民共和国食品安全法》第一百一十条"}],
    "ground": "",
}
INSPECTION_CASE = {"cause": "日常检查：对食品经营者的监督检查", "number": "穗天市监检〔2026〕12号"}
INSPECTION_POINTS = [
    {"ref": "1", "text": "经营者持有有效的食品经营许可证", "provision": "《中华人民共和国食品安全法》第三十五条",
     "result": "合格", "note": ""},
    {"ref": "2", "text": "不经营超过保质期的食品", "provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
     "result": "不合格", "note": "货架上有超过保质期的饼干3袋"},
]
INSPECTION_APPROVAL = {
    "body": TIANHE_MARKET, "party": STORE, "case": INSPECTION_CASE, "inspection": INSPECTION,
    "handlers": OFFICERS, "officers": OFFICERS, "visits_this_year": 1,
    "caps": [{"item": "330201001", "name": "对食品经营者的监督检查", "count": 1, "cap": 2}], "cap_exempt": "",
    "emergency": False, "summary": ["2026年度日常检查计划双随机抽取确定的检查对象。"],
    "approval": {"opinion": "同意检查。", "name": "黄建明", "on": datetime.date(2026, 11, 23)},
    "issued_on": datetime.date(2026, 11, 23),
}
INSPECTION_NOTICE = {
    "document_number": "穗天市监检通〔2026〕8号", "body": TIANHE_MARKET, "party": STORE, "case": INSPECTION_CASE,
    "inspection": INSPECTION, "handlers": OFFICERS, "officers": OFFICERS, "visit_on": datetime.date(2026, 11, 24),
    "items": ["食品经营许可", "食品保质期管理"], "prepare": ["食品经营许可证", "进货查验记录"], "contact": CONTACT,
    "issued_on": datetime.date(2026, 11, 23),
}
INSPECTION_SITE_RECORD = {
    "body": TIANHE_MARKET, "party": STORE, "case": INSPECTION_CASE, "inspection": INSPECTION, "officers": OFFICERS,
    "started_at": datetime.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), "place": "广州市天河区棠下荷光路86号首层",
    "checked_in_at": datetime.datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI), "back_entry": "",
    "points": INSPECTION_POINTS, "failed": 1, "record": ["食品经营许可证在有效期内；货架上发现超过保质期的饼干3袋。"],
    "signed_by": "被检查对象签名或者盖章", "witness": "", "issued_on": datetime.date(2026, 11, 24),
}
INSPECTION_INQUIRY_RECORD = {
    "body": TIANHE_MARKET, "party": STORE, "case": INSPECTION_CASE, "inspection": INSPECTION, "officers": OFFICERS,
    "started_at": datetime.datetime(2026, 11, 24, 10, 10, tzinfo=SHANGHAI),
    "ended_at": datetime.datetime(2026, 11, 24, 10, 25, tzinfo=SHANGHAI), "place": "广州市天河区棠下荷光路86号首层",
    "respondent": {"name": "梁文斌", "position": "法定代表人", "relation": "被检查对象的法定代表人"},
    "qa": [{"q": "货架上的饼干是什么时候进货的？", "a": "今年8月进的货，店员没有及时检查保质期。"},
           {"q": "有没有建立库存食品定期检查制度？", "a": "有制度，但最近一个月没有执行。"}],
    "issued_on": datetime.date(2026, 11, 24),
}
INSPECTION_RESULT_NOTICE = {
    "document_number": "穗天市监检结〔2026〕8号", "body": TIANHE_MARKET, "party": STORE, "case": INSPECTION_CASE,
    "inspection": INSPECTION, "officers": OFFICERS, "visited_on": datetime.date(2026, 11, 24),
    "outcome": "发现问题，责令改正", "outcome_code": "problems", "findings": ["销售超过保质期的食品。"],
    "failed_points": [INSPECTION_POINTS[1]], "contact": CONTACT, "issued_on": datetime.date(2026, 11, 24),
}
INSPECTION_RECHECK_RECORD = {
    "body": TIANHE_MARKET, "party": STORE, "case": INSPECTION_CASE, "officers": OFFICERS,
    "order": {"number": "穗天市监责改〔2026〕9号", "deadline": datetime.date(2026, 11, 27),
              "problems": ["下架并销毁超过保质期的食品"]},
    "started_at": datetime.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI), "place": "广州市天河区棠下荷光路86号首层",
    "findings": ["超过保质期的饼干已下架销毁，货架上未发现超过保质期的食品。"], "passed": True, "verdict": "已改正",
    "issued_on": datetime.date(2026, 11, 30),
}

SAMPLES: dict[str, dict] = {
    "case_filing_approval": CASE_FILING_APPROVAL,
    "penalty_advance_notice": PENALTY_ADVANCE_NOTICE,
    "penalty_decision": PENALTY_DECISION,
    "on_the_spot_decision": ON_THE_SPOT_DECISION,
    "service_receipt": SERVICE_RECEIPT,
    "case_source_register": CASE_SOURCE_REGISTER,
    "case_nonfiling_approval": CASE_NONFILING_APPROVAL,
    "inquiry_record": INQUIRY_RECORD,
    "inspection_record": INSPECTION_RECORD,
    "evidence_preservation_notice": EVIDENCE_PRESERVATION_NOTICE,
    "evidence_preservation_handling_notice": EVIDENCE_PRESERVATION_HANDLING_NOTICE,
    "investigation_final_report": INVESTIGATION_FINAL_REPORT,
    "statement_record": STATEMENT_RECORD,
    "hearing_notice": HEARING_NOTICE,
    "hearing_record": HEARING_RECORD,
    "hearing_report": HEARING_REPORT,
    "legal_review_opinion": LEGAL_REVIEW_OPINION,
    "collective_discussion_record": COLLECTIVE_DISCUSSION_RECORD,
    "penalty_decision_approval": PENALTY_DECISION_APPROVAL,
    "no_penalty_decision": NO_PENALTY_DECISION,
    "payment_deferral_decision": PAYMENT_DEFERRAL_DECISION,
    "reminder": REMINDER,
    "court_enforcement_application": COURT_ENFORCEMENT_APPLICATION,
    "enforcement_decision": ENFORCEMENT_DECISION,
    "enforcement_suspension_decision": ENFORCEMENT_SUSPENSION_DECISION,
    "execution_agreement": ENFORCEMENT_AGREEMENT,
    "substitute_performance_decision": SUBSTITUTE_PERFORMANCE_DECISION,
    "criminal_transfer": CRIMINAL_TRANSFER,
    "case_closing_approval": CASE_CLOSING_APPROVAL,
    "dossier_cover": DOSSIER_COVER,
    "dossier_index": DOSSIER_INDEX,
    "seizure_decision": SEIZURE_DECISION,
    "seizure_site_record": SEIZURE_SITE_RECORD,
    "seizure_list": SEIZURE_LIST,
    "seizure_extension_decision": SEIZURE_EXTENSION_DECISION,
    "testing_period_notice": TESTING_PERIOD_NOTICE,
    "seizure_release_decision": SEIZURE_RELEASE_DECISION,
    "seizure_release_list": SEIZURE_RELEASE_LIST,
    "freeze_notice": FREEZE_NOTICE,
    "freeze_decision": FREEZE_DECISION,
    "freeze_extension_decision": FREEZE_EXTENSION_DECISION,
    "freeze_release_decision": FREEZE_RELEASE_DECISION,
    "freeze_release_notice": FREEZE_RELEASE_NOTICE,
    "jurisdiction_designation_notice": JURISDICTION_DESIGNATION_NOTICE,
    "inquiry_notice": INQUIRY_NOTICE,
    "evidence_extraction_form": EVIDENCE_EXTRACTION_FORM,
    "sampling_certificate": SAMPLING_CERTIFICATE,
    "assistance_request_letter": ASSISTANCE_REQUEST_LETTER,
    "rectification_order": RECTIFICATION_ORDER,
    "service_address_confirmation": SERVICE_ADDRESS_CONFIRMATION,
    "case_transfer_letter": CASE_TRANSFER_LETTER,
    "inspection_approval": INSPECTION_APPROVAL,
    "inspection_notice": INSPECTION_NOTICE,
    "inspection_site_record": INSPECTION_SITE_RECORD,
    "inspection_inquiry_record": INSPECTION_INQUIRY_RECORD,
    "inspection_result_notice": INSPECTION_RESULT_NOTICE,
    "inspection_recheck_record": INSPECTION_RECHECK_RECORD,
}

# Variants a template must also render: the advance notice of a penalty that carries the right to a hearing
# (处罚法 第六十三条), and an on-the-spot decision the party refused to sign (第五十二条第一款).
VARIANTS: dict[str, tuple[str, dict]] = {
    "penalty_advance_notice.hearing": ("penalty_advance_notice", {"hearing_rights": True}),
    "on_the_spot_decision.refused": ("on_the_spot_decision", {
        "refused_to_sign": True, "refusal_note": "当事人拒绝在本决定书上签名，执法人员已将本决定书当场交付并全程录像。"}),
    # One later date instead of instalments (处罚法 第六十六条第二款: 暂缓缴纳).
    "payment_deferral_decision.deferral": ("payment_deferral_decision", {
        "schedule": [{"due_on": datetime.date(2026, 6, 30), "amount": Decimal("50000.00")}]}),
    # A hearing that is not public (处罚法 第六十四条第（三）项) and a record the party refused to sign (第（八）项).
    "hearing_notice.closed": ("hearing_notice", {"public": False, "closed_reason": "商业秘密"}),
    "hearing_record.refused": ("hearing_record", {
        "refused_to_sign": True, "refusal_note": "当事人代理人以笔录未记载其全部意见为由拒绝签字。"}),
    # A reminder of a non-monetary duty before the body's own enforcement decision (强制法 第三十五条、第三十七条).
    # A party that does not consent to e-mail service (处罚法 第六十一条第二款) and an order to correct at once (第二十八条第一款).
    "service_address_confirmation.no_email": ("service_address_confirmation", {"consent": False, "email": ""}),
    "rectification_order.immediate": ("rectification_order", {"time_limited": False, "deadline": None}),
    # A re-check that finds the problem not corrected (整改复查记录).
    "inspection_recheck_record.failed": ("inspection_recheck_record", {
        "passed": False, "verdict": "未改正", "findings": ["货架上仍有超过保质期的饼干2袋在售。"]}),
    "reminder.demolition": ("reminder", {
        "document_number": "穗天城管催〔2026〕5号", "body": ENFORCEMENT_DECISION["body"],
        "decision": {"name": "限期拆除决定书", "number": "穗天城管拆〔2026〕8号", "decided_on": datetime.date(2026, 5, 11),
                     "served_on": datetime.date(2026, 5, 12)},
        "obligation": "你单位应当于2026年5月31日前自行拆除在广州市天河区棠下荷光路86号首层后侧未取得建设工程规划许可证搭建的"
                      "铁皮仓库（约18平方米），逾期未拆除，在法定期限内亦未申请行政复议或者提起行政诉讼。",
        "deadline": datetime.date(2026, 11, 23), "method": "自行拆除上述违法搭建的铁皮仓库", "monetary": None,
        "items": [], "amount": None, "payment": None, "application_to_court": False,
        "contact": ENFORCEMENT_DECISION["contact"], "issued_on": datetime.date(2026, 11, 16)}),
}


def sample_context(code: str, variant: str = "") -> dict:
    """A deep copy of the sample for ``code`` (or of a variant such as ``penalty_advance_notice.hearing``)."""
    if variant:
        base_code, changes = VARIANTS[f"{code}.{variant}"]
        return {**copy.deepcopy(SAMPLES[base_code]), **copy.deepcopy(changes)}
    return copy.deepcopy(SAMPLES[code])
