"""The provincial document set (LEGAL.md §7) as data: each document type, the articles behind it and, where a statute
lists what the document must contain, those contents as context keys with their article.

Read by the seed migration (``migrations/0002_seed_library``) through ``seed.seed_library``; a later change to this list
ships as a new migration calling the same function, which adds what is missing and updates the types' texts.
"""

from .models import Category

CF = "《中华人民共和国行政处罚法》"
QZ = "《中华人民共和国行政强制法》"
MS = "《中华人民共和国民事诉讼法》"
FY = "《中华人民共和国行政复议法》"
SS = "《中华人民共和国行政诉讼法》"
YS = "《行政执法机关移送涉嫌犯罪案件的规定》"
BF = "《广东省一体化行政执法平台管理办法》"
GD = "《广东省行政检查办法》"
GB54 = "国办发〔2024〕54号《国务院办公厅关于严格规范涉企行政检查的意见》"
SFB = "司法部《行政检查文书基本格式文本（试行）》（2025）"


def field(key: str, label: str, basis: str = "", when: str = "") -> dict:
    entry = {"key": key, "label": label, "basis": basis}
    if when:
        entry["when"] = when
    return entry


def _remedies(article: str) -> list[dict]:
    """申请行政复议、提起行政诉讼的途径和期限: the review body and the court are the 途径; the periods (60 days,
    行政复议法 第二十条; 6 months, 行政诉讼法 第四十六条) are printed by the template."""
    return [
        field("remedies.review_body", "行政复议机关（申请行政复议的途径）", article),
        field("remedies.court", "受理行政诉讼的人民法院（提起行政诉讼的途径）", article),
    ]


def _signed(article_body: str, article_date: str, date_key: str) -> list[dict]:
    return [field("body.name", "行政机关名称", article_body), field(date_key, "作出决定的日期", article_date)]


PENALTY_DECISION_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "当事人的姓名或者名称", f"{CF}第五十九条第一款第（一）项"),
    field("party.address", "当事人的地址", f"{CF}第五十九条第一款第（一）项"),
    field("facts", "违反法律、法规、规章的事实", f"{CF}第五十九条第一款第（二）项"),
    field("evidence", "证明违法事实的证据", f"{CF}第五十九条第一款第（二）项"),
    field("penalties", "行政处罚的种类", f"{CF}第五十九条第一款第（三）项"),
    field("basis", "行政处罚的依据", f"{CF}第五十九条第一款第（三）项"),
    field("performance", "行政处罚的履行方式和期限", f"{CF}第五十九条第一款第（四）项"),
    field("payment.instructions", "罚款的缴纳方式", f"{CF}第五十九条第一款第（四）项、第六十七条第三款",
          when="fine_total"),
    *_remedies(f"{CF}第五十九条第一款第（五）项"),
    *_signed(f"{CF}第五十九条第一款第（六）项", f"{CF}第五十九条第一款第（六）项", "decided_on"),
]

ON_THE_SPOT_FIELDS = [
    field("document_number", "决定书编号", f"{CF}第五十二条第一款"),
    field("party.name", "当事人的姓名或者名称", f"{CF}第五十二条第二款"),
    field("facts", "当事人的违法行为", f"{CF}第五十二条第二款"),
    field("penalties", "行政处罚的种类", f"{CF}第五十二条第二款"),
    field("basis", "行政处罚的依据", f"{CF}第五十二条第二款"),
    field("fine_total", "罚款数额", f"{CF}第五十二条第二款", when="has_fine"),
    field("decided_at", "作出处罚决定的时间", f"{CF}第五十二条第二款"),
    field("place", "作出处罚决定的地点", f"{CF}第五十二条第二款"),
    *_remedies(f"{CF}第五十二条第二款"),
    field("body.name", "行政机关名称", f"{CF}第五十二条第二款"),
    field("officers", "执法人员（签名或者盖章）", f"{CF}第五十二条第二款、第四十二条第一款"),
]

ADVANCE_NOTICE_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "当事人的姓名或者名称", f"{CF}第四十四条"),
    field("facts", "拟作出行政处罚所认定的事实", f"{CF}第四十四条"),
    field("violated", "违反的法律规定（理由）", f"{CF}第四十四条"),
    field("basis", "拟作出行政处罚的依据", f"{CF}第四十四条"),
    field("penalties", "拟作出的行政处罚内容", f"{CF}第四十四条"),
    field("statement_days", "提出陈述、申辩的期限（工作日）", f"{CF}第四十四条、第四十五条"),
    field("body.name", "行政机关名称"),
    field("issued_on", "告知日期"),
]

FILING_FIELDS = [
    field("case.source", "案件来源"),
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("summary", "简要案情及立案理由", f"{CF}第五十四条第二款"),
    field("handlers", "承办人（执法人员不少于两人）", f"{CF}第四十二条第一款"),
    field("filing_opinion", "承办人立案意见"),
    field("body.name", "行政机关名称"),
]

SERVICE_RECEIPT_FIELDS = [
    field("documents", "送达文书名称及文号", f"{MS}第八十七条第一款"),
    field("recipient.name", "受送达人", f"{MS}第八十七条第一款"),
    field("place", "送达地点"),
    field("method", "送达方式", f"{CF}第六十一条"),
    field("servers", "送达人", f"{MS}第八十九条"),
    field("body.name", "送达机关"),
]

SEIZURE_FIELDS = [
    field("party.name", "当事人的姓名或者名称", f"{QZ}第二十四条第二款第（一）项"),
    field("party.address", "当事人的地址", f"{QZ}第二十四条第二款第（一）项"),
    field("reason", "查封、扣押的理由", f"{QZ}第二十四条第二款第（二）项"),
    field("basis", "查封、扣押的依据", f"{QZ}第二十四条第二款第（二）项"),
    field("period", "查封、扣押的期限", f"{QZ}第二十四条第二款第（二）项、第二十五条"),
    field("items", "查封、扣押场所、设施或者财物的名称、数量等", f"{QZ}第二十四条第二款第（三）项"),
    *_remedies(f"{QZ}第二十四条第二款第（四）项"),
    *_signed(f"{QZ}第二十四条第二款第（五）项", f"{QZ}第二十四条第二款第（五）项", "decided_on"),
]

FREEZE_FIELDS = [
    field("party.name", "当事人的姓名或者名称", f"{QZ}第三十一条第（一）项"),
    field("party.address", "当事人的地址", f"{QZ}第三十一条第（一）项"),
    field("reason", "冻结的理由", f"{QZ}第三十一条第（二）项"),
    field("basis", "冻结的依据", f"{QZ}第三十一条第（二）项"),
    field("period", "冻结的期限", f"{QZ}第三十一条第（二）项、第三十二条"),
    field("accounts", "冻结的账号和数额", f"{QZ}第三十一条第（三）项"),
    *_remedies(f"{QZ}第三十一条第（四）项"),
    *_signed(f"{QZ}第三十一条第（五）项", f"{QZ}第三十一条第（五）项", "decided_on"),
]

REMINDER_FIELDS = [
    field("party.name", "当事人的姓名或者名称"),
    field("deadline", "履行义务的期限", f"{QZ}第三十五条第（一）项"),
    field("method", "履行义务的方式", f"{QZ}第三十五条第（二）项"),
    field("amount", "金钱给付的金额", f"{QZ}第三十五条第（三）项", when="monetary"),
    field("payment.instructions", "金钱给付的给付方式", f"{QZ}第三十五条第（三）项", when="monetary"),
    field("statement_days", "提出陈述、申辩的期限", f"{QZ}第三十五条第（四）项、第三十六条"),
    field("body.name", "行政机关名称"),
    field("issued_on", "催告日期"),
]

ENFORCEMENT_FIELDS = [
    field("party.name", "当事人的姓名或者名称", f"{QZ}第三十七条第二款第（一）项"),
    field("party.address", "当事人的地址", f"{QZ}第三十七条第二款第（一）项"),
    field("reason", "强制执行的理由", f"{QZ}第三十七条第二款第（二）项"),
    field("basis", "强制执行的依据", f"{QZ}第三十七条第二款第（二）项"),
    field("method", "强制执行的方式", f"{QZ}第三十七条第二款第（三）项"),
    field("time", "强制执行的时间", f"{QZ}第三十七条第二款第（三）项、第四十三条"),
    *_remedies(f"{QZ}第三十七条第二款第（四）项"),
    *_signed(f"{QZ}第三十七条第二款第（五）项", f"{QZ}第三十七条第二款第（五）项", "decided_on"),
]

SUBSTITUTE_FIELDS = [
    field("party.name", "当事人的姓名或者名称", f"{QZ}第五十一条第一款第（一）项"),
    field("party.address", "当事人的地址", f"{QZ}第五十一条第一款第（一）项"),
    field("reason", "代履行的理由", f"{QZ}第五十一条第一款第（一）项"),
    field("basis", "代履行的依据", f"{QZ}第五十一条第一款第（一）项"),
    field("method", "代履行的方式", f"{QZ}第五十一条第一款第（一）项"),
    field("time", "代履行的时间", f"{QZ}第五十一条第一款第（一）项"),
    field("object", "代履行的标的", f"{QZ}第五十一条第一款第（一）项"),
    field("cost_estimate", "代履行的费用预算", f"{QZ}第五十一条第一款第（一）项、第二款"),
    field("performer", "代履行人", f"{QZ}第五十一条第一款第（一）项"),
    field("body.name", "行政机关名称"),
    field("decided_on", "决定日期"),
]

SUSPENSION_TERMINATION_FIELDS = [
    field("party.name", "当事人的姓名或者名称"),
    field("measure", "中止执行或者终结执行", f"{QZ}第三十九条、第四十条"),
    field("ground", "中止（终结）执行的情形", f"{QZ}第三十九条第一款、第四十条"),
    field("reason", "事实和理由", f"{QZ}第三十九条、第四十条"),
    field("body.name", "行政机关名称"),
    field("decided_on", "决定日期"),
]

AGREEMENT_FIELDS = [
    field("party.name", "当事人的姓名或者名称", f"{QZ}第四十二条第一款"),
    field("terms", "协议约定的分阶段履行安排或者补救措施", f"{QZ}第四十二条第一款"),
    field("body.name", "行政机关名称", f"{QZ}第四十二条第一款"),
    field("signed_on", "签订日期"),
]

COURT_APPLICATION_FIELDS = [
    field("court", "受理申请的人民法院", f"{QZ}第五十四条"),
    field("party.name", "被申请人的姓名或者名称"),
    field("decision", "据以申请执行的行政决定书及作出决定的事实、理由和依据", f"{QZ}第五十五条第一款第（二）项"),
    field("party_opinion", "当事人的意见及行政机关催告情况", f"{QZ}第五十五条第一款第（三）项"),
    field("reminder_served_on", "催告书送达日期（送达十日后方可申请）", f"{QZ}第五十四条"),
    field("object", "申请强制执行标的情况", f"{QZ}第五十五条第一款第（四）项"),
    field("head", "行政机关负责人（签名）", f"{QZ}第五十五条第二款"),
    field("body.name", "行政机关名称", f"{QZ}第五十五条第二款"),
    field("applied_on", "申请日期", f"{QZ}第五十五条第二款"),
]

CRIMINAL_TRANSFER_FIELDS = [
    field("receiver", "接受移送的公安机关", f"{YS}第三条、第五条第二款"),
    field("party.name", "涉嫌犯罪的当事人"),
    field("suspected_offence", "涉嫌的犯罪", f"{YS}第三条"),
    field("approval", "本机关正职负责人或者主持工作的负责人批准移送的决定", f"{YS}第五条"),
    field("attachments", "随附材料（调查报告、涉案物品清单、检验报告或者鉴定结论等）", f"{YS}第六条"),
    field("body.name", "移送机关"),
    field("transferred_on", "移送日期", f"{YS}第五条第二款"),
]

SOURCE_REGISTER_FIELDS = [
    field("case.source", "案件来源"),
    field("case.registered_on", "登记时间", f"{CF}第五十四条第二款"),
    field("summary", "线索内容"),
    field("handlers", "登记人"),
    field("body.name", "行政机关名称"),
]

NONFILING_FIELDS = [
    field("case.source", "案件来源"),
    field("case.registered_on", "登记时间"),
    field("summary", "核查情况", f"{CF}第五十四条第二款"),
    field("reasons", "不予立案的理由", f"{CF}第五十四条第二款"),
    field("handlers", "承办人", f"{CF}第四十二条第一款"),
    field("handler_opinion", "承办人意见"),
    field("body.name", "行政机关名称"),
]

INQUIRY_FIELDS = [
    field("started_at", "询问时间", f"{CF}第五十五条第二款"),
    field("place", "询问地点", f"{CF}第五十五条第二款"),
    field("respondent.name", "被询问人", f"{CF}第五十五条第二款"),
    field("officers", "询问人（执法人员不少于两人，出示执法证件）", f"{CF}第四十二条第一款、第五十五条第一款"),
    field("qa", "询问内容（问答）", f"{CF}第五十五条第二款"),
    field("body.name", "行政机关名称"),
]

INSPECTION_FIELDS = [
    field("party.name", "被检查人的姓名或者名称", f"{CF}第五十五条第二款"),
    field("started_at", "检查时间", f"{CF}第五十五条第二款"),
    field("place", "检查地点", f"{CF}第五十五条第二款"),
    field("officers", "检查人员（执法人员不少于两人，出示执法证件）", f"{CF}第四十二条第一款、第五十五条第一款"),
    field("findings", "现场检查（勘验）情况", f"{CF}第五十五条第二款"),
    field("body.name", "行政机关名称"),
]

PRESERVATION_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "当事人的姓名或者名称"),
    field("reason", "证据可能灭失或者以后难以取得的情形", f"{CF}第五十六条"),
    field("approved_on", "行政机关负责人批准先行登记保存的日期", f"{CF}第五十六条"),
    field("preserved_on", "先行登记保存的起始日期", f"{CF}第五十六条"),
    field("items", "先行登记保存的物品（证据）", f"{CF}第五十六条"),
    field("storage.place", "保存地点"),
    field("body.name", "行政机关名称"),
    field("issued_on", "通知日期"),
]

PRESERVATION_HANDLING_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "当事人的姓名或者名称"),
    field("preservation.number", "先行登记保存证据通知书文号"),
    field("preservation.preserved_on", "先行登记保存的日期", f"{CF}第五十六条"),
    field("items", "对先行登记保存证据的处理决定", f"{CF}第五十六条"),
    field("body.name", "行政机关名称"),
    field("issued_on", "通知日期（先行登记保存后七个工作日内）", f"{CF}第五十六条、第八十五条"),
]

FINAL_REPORT_FIELDS = [
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("facts", "调查认定的事实", f"{CF}第五十七条第一款"),
    field("evidence", "相关证据", f"{CF}第五十七条第一款"),
    field("recommendation", "处理意见", f"{CF}第五十七条第一款"),
    field("handlers", "承办人", f"{CF}第四十二条第一款"),
    field("reported_on", "报告日期"),
    field("body.name", "行政机关名称"),
]

STATEMENT_RECORD_FIELDS = [
    field("party.name", "当事人的姓名或者名称"),
    field("speaker.name", "陈述申辩人"),
    field("started_at", "陈述申辩时间"),
    field("place", "陈述申辩地点"),
    field("officers", "承办人（执法人员）", f"{CF}第四十二条第一款"),
    field("statements", "当事人陈述、申辩的事实、理由和证据", f"{CF}第四十五条第一款"),
    field("body.name", "行政机关名称"),
]

HEARING_NOTICE_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "当事人的姓名或者名称", f"{CF}第六十四条第（二）项"),
    field("hearing_at", "举行听证的时间", f"{CF}第六十四条第（二）项"),
    field("place", "举行听证的地点", f"{CF}第六十四条第（二）项"),
    field("presider.name", "听证主持人（非本案调查人员）", f"{CF}第六十四条第（四）项"),
    field("body.name", "行政机关名称"),
    field("issued_on", "通知日期（听证七个工作日前）", f"{CF}第六十四条第（二）项、第八十五条"),
]

HEARING_RECORD_FIELDS = [
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("hearing_at", "听证时间"),
    field("place", "听证地点"),
    field("presider.name", "听证主持人", f"{CF}第六十四条第（四）项"),
    field("clerk.name", "记录员", f"{CF}第六十四条第（八）项"),
    field("investigators", "本案调查人员", f"{CF}第六十四条第（七）项"),
    field("proceedings", "听证经过（调查人员提出的事实、证据和处罚建议，当事人的申辩和质证）",
          f"{CF}第六十四条第（七）项、第（八）项"),
    field("body.name", "行政机关名称"),
]

HEARING_REPORT_FIELDS = [
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("hearing_at", "听证时间"),
    field("place", "听证地点"),
    field("presider.name", "听证主持人", f"{CF}第六十四条第（四）项"),
    field("investigator_views", "调查人员提出的违法事实、证据和处罚建议", f"{CF}第六十四条第（七）项"),
    field("party_views", "当事人的申辩和质证意见", f"{CF}第六十四条第（七）项"),
    field("opinion", "根据听证笔录提出的处理意见", f"{CF}第六十五条"),
    field("reported_on", "报告日期"),
    field("body.name", "行政机关名称"),
]

LEGAL_REVIEW_FIELDS = [
    field("document_number", "文书文号"),
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("review_ground", "应当进行法制审核的情形", f"{CF}第五十八条第一款"),
    field("findings", "审核内容及意见", f"{CF}第五十八条第一款"),
    field("conclusion", "审核结论（是否通过审核）", f"{CF}第五十八条第一款"),
    field("reviewers", "法制审核人员", f"{CF}第五十八条第二款"),
    field("reviewed_on", "审核日期"),
    field("body.name", "行政机关名称"),
]

COLLECTIVE_DISCUSSION_FIELDS = [
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("started_at", "讨论时间"),
    field("place", "讨论地点"),
    field("presider.name", "主持人"),
    field("attendees", "出席讨论的行政机关负责人", f"{CF}第五十七条第二款"),
    field("speeches", "出席人员的讨论意见", f"{CF}第五十七条第二款"),
    field("conclusion", "集体讨论决定", f"{CF}第五十七条第二款"),
    field("recorder.name", "记录人"),
    field("body.name", "行政机关名称"),
]

DECISION_APPROVAL_FIELDS = [
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("facts", "违法事实", f"{CF}第五十七条第一款"),
    field("violated", "违反的法律、法规、规章"),
    field("basis", "行政处罚的依据"),
    field("penalties", "拟作出的行政处罚", f"{CF}第五十七条第一款第（一）项"),
    field("statement_summary", "陈述、申辩（听证）情况", f"{CF}第四十五条、第六十二条"),
    field("handlers", "承办人", f"{CF}第四十二条第一款"),
    field("handler_opinion", "承办人处理意见"),
    field("body.name", "行政机关名称"),
]

NO_PENALTY_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "当事人的姓名或者名称"),
    field("party.address", "当事人的地址"),
    field("facts", "查明的事实", f"{CF}第五十七条第一款"),
    field("ground", "不予行政处罚的理由", f"{CF}第五十七条第一款第（二）项、第（三）项"),
    field("basis", "不予行政处罚的依据", f"{CF}第五十七条第一款第（二）项、第（三）项"),
    field("education", "对当事人的教育", f"{CF}第三十三条第三款", when="violated"),
    field("remedies.review_body", "行政复议机关（申请行政复议的途径）"),
    field("remedies.court", "受理行政诉讼的人民法院（提起行政诉讼的途径）"),
    field("body.name", "行政机关名称"),
    field("decided_on", "作出决定的日期"),
]

DEFERRAL_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "当事人的姓名或者名称"),
    field("decision.number", "行政处罚决定书文号"),
    field("applied_on", "当事人申请日期", f"{CF}第六十六条第二款"),
    field("reason", "当事人申请的理由（经济困难情况）", f"{CF}第六十六条第二款"),
    field("schedule", "暂缓缴纳的期限或者分期缴纳的期限和金额", f"{CF}第六十六条第二款、第七十二条第二款"),
    field("amount", "准许延期或者分期缴纳的罚款数额", f"{CF}第六十六条第二款"),
    field("body.name", "行政机关名称"),
    field("decided_on", "决定日期"),
]

CLOSING_FIELDS = [
    field("case.number", "案件编号"),
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("performance", "执行情况", f"{CF}第四十七条"),
    field("closing_reason", "结案理由"),
    field("handlers", "承办人", f"{CF}第四十二条第一款"),
    field("handler_opinion", "承办人意见"),
    field("body.name", "行政机关名称"),
]

DOSSIER_COVER_FIELDS = [
    field("body.name", "立卷机关"),
    field("case.number", "案件编号"),
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("case.filed_on", "立案日期"),
    field("case.closed_on", "结案日期"),
    field("retention", "保管期限"),
    field("volume_count", "案卷卷数"),
]

DOSSIER_INDEX_FIELDS = [
    field("case.number", "案件编号"),
    field("entries", "卷内文件（序号、文件名称、文号、日期、页号）", f"{CF}第四十七条"),
]

DESIGNATION_FIELDS = [
    field("document_number", "文书文号"),
    field("recipients", "被通知的行政机关（发生管辖争议的各方）", f"{CF}第二十五条第二款"),
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("dispute", "管辖争议或者需要指定管辖的情况", f"{CF}第二十五条第二款"),
    field("designated.name", "指定管辖的行政机关", f"{CF}第二十五条第二款"),
    field("body.name", "指定管辖的共同的上一级行政机关", f"{CF}第二十五条第二款"),
    field("decided_on", "指定日期"),
]

INQUIRY_NOTICE_FIELDS = [
    field("document_number", "文书文号"),
    field("respondent.name", "被询问人（当事人或者有关人员）", f"{CF}第五十五条第二款"),
    field("inquiry_at", "接受询问的时间", f"{CF}第五十五条第二款"),
    field("place", "接受询问的地点", f"{CF}第五十五条第二款"),
    field("body.name", "行政机关名称"),
    field("issued_on", "通知日期"),
]

EXTRACTION_FIELDS = [
    field("party.name", "证据提供人（当事人或者有关人员）", f"{CF}第五十五条第二款"),
    field("items", "提取的证据（名称、种类、数量）", f"{CF}第四十六条第一款"),
    field("extracted_at", "提取时间"),
    field("place", "提取地点"),
    field("officers", "提取人（执法人员不少于两人）", f"{CF}第四十二条第一款"),
    field("body.name", "行政机关名称"),
]

SAMPLING_FIELDS = [
    field("party.name", "被抽样人的姓名或者名称", f"{CF}第五十六条"),
    field("items", "抽取的样品（名称、规格、批号、抽样数量）", f"{CF}第五十六条"),
    field("sampled_at", "抽样时间", f"{CF}第五十六条"),
    field("place", "抽样地点", f"{CF}第五十六条"),
    field("officers", "抽样人（执法人员不少于两人）", f"{CF}第四十二条第一款"),
    field("body.name", "行政机关名称"),
]

ASSISTANCE_FIELDS = [
    field("document_number", "文书文号"),
    field("recipient", "被请求协助的机关", f"{CF}第二十六条"),
    field("case.cause", "案由"),
    field("matters", "请求协助的事项", f"{CF}第二十六条"),
    field("body.name", "请求协助的行政机关"),
    field("issued_on", "发函日期"),
]

RECTIFICATION_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "当事人的姓名或者名称", f"{CF}第二十八条第一款"),
    field("facts", "违法行为", f"{CF}第二十八条第一款"),
    field("violated", "违反的法律、法规、规章", f"{CF}第二十八条第一款"),
    field("requirements", "改正的内容和要求", f"{CF}第二十八条第一款"),
    field("deadline", "改正的期限（限期改正）", f"{CF}第二十八条第一款", when="time_limited"),
    field("body.name", "行政机关名称"),
    field("issued_on", "责令改正的日期"),
]

ADDRESS_CONFIRMATION_FIELDS = [
    field("recipient.name", "受送达人", f"{CF}第六十一条"),
    field("postal_address", "送达地址（邮寄送达地址）", f"{CF}第六十一条；{BF}第三十条"),
    field("email", "接收文书的电子邮件地址（同意电子送达的）", f"{CF}第六十一条第二款；{MS}第九十条第一款",
          when="consent"),
    field("signed_on", "受送达人签署确认书的日期", f"{CF}第六十一条第二款"),
    field("body.name", "行政机关名称"),
]

CASE_TRANSFER_FIELDS = [
    field("document_number", "文书文号"),
    field("receiver", "接受移送的行政机关（有管辖权的行政机关）", f"{CF}第二十二条、第二十三条"),
    field("case.cause", "案由"),
    field("party.name", "当事人的姓名或者名称"),
    field("reason", "移送的理由（不属于本机关管辖的事实和依据）", f"{CF}第二十二条、第二十三条"),
    field("materials", "移送的案件材料", f"{BF}第二十四条"),
    field("body.name", "移送机关"),
    field("transferred_on", "移送日期"),
]

# (code, name, category, basis, description, required fields)
# 行政检查 (LEGAL.md §4; docs/decisions/0043): the documents of 司法部's 行政检查文书基本格式文本 the inspection
# procedure issues; the order to correct is the library's 责令（限期）改正通知书. The policy texts are not statutes: their
# contents are listed with the text that asks for them.
INSPECTION_APPROVAL_FIELDS = [
    field("party.name", "检查对象的名称或者姓名", GB54),
    field("inspection.kind", "检查类别（日常、个案、专项）", GD),
    field("inspection.items", "检查事项及其依据（清单之外无检查）", GB54),
    field("handlers", "检查人员（两名以上持有效执法证件）", GD),
    field("approval", "行政机关负责人审批意见", f"{GD}；{GB54}"),
    field("body.name", "行政检查机关名称"),
]
INSPECTION_NOTICE_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "被检查对象的名称或者姓名", GD),
    field("visit_on", "检查日期", GD),
    field("inspection.items", "检查事项及其依据", GD),
    field("body.name", "行政检查机关名称"),
    field("issued_on", "通知日期"),
]
INSPECTION_SITE_RECORD_FIELDS = [
    field("party.name", "被检查对象的名称或者姓名", GD),
    field("started_at", "检查时间", GD),
    field("place", "检查地点", GD),
    field("officers", "检查人员（两名以上，出示执法证件）", GD),
    field("points", "检查事项清单逐项检查结果（合格、不合格、不涉及）", f"{GB54}（检查事项清单）"),
    field("signed_by", "被检查对象签名、拒绝签名的注明或者见证人签名", GD),
    field("body.name", "行政检查机关名称"),
]
INSPECTION_RESULT_FIELDS = [
    field("document_number", "文书文号"),
    field("party.name", "被检查对象的名称或者姓名", GD),
    field("visited_on", "检查日期", GD),
    field("inspection.items", "检查事项", GD),
    field("outcome", "检查结果", GD),
    field("body.name", "行政检查机关名称"),
    field("issued_on", "告知日期"),
]
INSPECTION_INQUIRY_FIELDS = [
    field("party.name", "检查对象的名称或者姓名", GD),
    field("started_at", "询问时间", GD),
    field("place", "询问地点", GD),
    field("respondent.name", "被询问人", GD),
    field("officers", "询问人（两名以上，出示执法证件）", GD),
    field("qa", "询问的问题和回答", GD),
    field("body.name", "行政检查机关名称"),
]
INSPECTION_RECHECK_FIELDS = [
    field("party.name", "被检查对象的名称或者姓名", GD),
    field("order.number", "责令改正通知书文号", GD),
    field("started_at", "复查时间", GD),
    field("officers", "复查人员", GD),
    field("findings", "复查情况", GD),
    field("verdict", "复查结论（已改正或者未改正）", GD),
    field("body.name", "行政检查机关名称"),
]

DOCUMENT_TYPES: list[tuple[str, str, str, str, str, list[dict]]] = [
    # 立案
    ("case_source_register", "案件来源登记表", Category.FILING, f"{CF}第五十四条",
     "登记监督检查、投诉举报、上级交办、其他机关移送等案件线索；立案期限自登记之日起计算。", SOURCE_REGISTER_FIELDS),
    ("case_filing_approval", "立案审批表", Category.FILING, f"{CF}第五十四条第二款、第四十二条第一款",
     "符合立案标准的，报行政机关负责人批准立案。", FILING_FIELDS),
    ("case_nonfiling_approval", "不予立案审批表", Category.FILING, f"{CF}第五十四条第二款",
     "经核查不符合立案标准的，写明理由报行政机关负责人批准不予立案。", NONFILING_FIELDS),
    ("jurisdiction_designation_notice", "指定管辖通知书", Category.FILING, f"{CF}第二十五条第二款",
     "对管辖发生争议或者由共同的上一级行政机关指定管辖时使用。", DESIGNATION_FIELDS),
    # 调查
    ("inquiry_notice", "询问通知书", Category.INVESTIGATION, f"{CF}第五十五条",
     "通知当事人或者有关人员接受询问，并告知应当如实回答、协助调查。", INQUIRY_NOTICE_FIELDS),
    ("inquiry_record", "询问笔录", Category.INVESTIGATION, f"{CF}第五十五条、第四十二条第一款、第四十三条",
     "询问应当制作笔录，记明执法人员出示执法证件、告知回避申请权利等情况。", INQUIRY_FIELDS),
    ("inspection_record", "现场检查（勘验）笔录", Category.INVESTIGATION,
     f"{CF}第五十四条第一款、第五十五条、第四十二条第一款",
     "现场检查或者勘验应当制作笔录。", INSPECTION_FIELDS),
    ("evidence_extraction_form", "证据提取单", Category.INVESTIGATION, f"{CF}第四十六条",
     "提取书证、物证、视听资料、电子数据等证据时使用。", EXTRACTION_FIELDS),
    ("sampling_certificate", "抽样取证凭证", Category.INVESTIGATION, f"{CF}第五十六条",
     "采取抽样取证方法收集证据时使用。", SAMPLING_FIELDS),
    ("evidence_preservation_notice", "先行登记保存证据通知书", Category.INVESTIGATION, f"{CF}第五十六条",
     "证据可能灭失或者以后难以取得，经行政机关负责人批准先行登记保存时使用。", PRESERVATION_FIELDS),
    ("evidence_preservation_handling_notice", "先行登记保存证据处理通知书", Category.INVESTIGATION,
     f"{CF}第五十六条、第八十五条", "先行登记保存后七日（工作日）内作出处理决定时使用。", PRESERVATION_HANDLING_FIELDS),
    ("testing_period_notice", "检测鉴定期间告知书", Category.INVESTIGATION, f"{QZ}第二十五条第三款",
     "查封、扣押物品需要检测、检验、检疫或者技术鉴定的，书面告知该期间（不计入查封、扣押期限）。",
     [field("party.name", "当事人的姓名或者名称"),
      field("started_on", "期间的开始之日", f"{QZ}第二十五条第三款"),
      field("expected_end", "期间的结束之日（期间应当明确）", f"{QZ}第二十五条第三款")]),
    ("assistance_request_letter", "协助调查函", Category.INVESTIGATION, f"{CF}第二十六条",
     "因实施行政处罚的需要，向有关机关提出协助请求。", ASSISTANCE_FIELDS),
    ("rectification_order", "责令（限期）改正通知书", Category.INVESTIGATION, f"{CF}第二十八条第一款",
     "责令当事人改正或者限期改正违法行为。", RECTIFICATION_FIELDS),
    # 行政检查 (司法部《行政检查文书基本格式文本（试行）》; 责令改正 uses rectification_order above)
    ("inspection_approval", "行政检查审批表", Category.INSPECTION, f"{GD}；{GB54}",
     "实施行政检查前报行政机关负责人批准；情况紧急先行检查的，事后补办审批。审批前核对检查对象本年度已接受的检查次数和频次上限。",
     INSPECTION_APPROVAL_FIELDS),
    ("inspection_notice", "行政检查通知书", Category.INSPECTION, GD,
     "不影响检查效果的，事先书面通知被检查对象检查的日期、事项和需准备的材料。", INSPECTION_NOTICE_FIELDS),
    ("inspection_site_record", "现场检查笔录（行政检查）", Category.INSPECTION, f"{GD}；{GB54}",
     "按检查事项清单逐项记录检查结果，被检查对象签名；拒绝签名的注明，不到场的由见证人签名。", INSPECTION_SITE_RECORD_FIELDS),
    ("inspection_inquiry_record", "询问笔录（行政检查）", Category.INSPECTION, GD,
     "检查中就检查事项询问被检查对象的有关人员，被询问人核对后签名。", INSPECTION_INQUIRY_FIELDS),
    ("inspection_result_notice", "行政检查结果告知书", Category.INSPECTION, GD,
     "检查结束后将检查结果书面告知被检查对象。", INSPECTION_RESULT_FIELDS),
    ("inspection_recheck_record", "整改复查记录", Category.INSPECTION, GD,
     "责令改正的期限届满后复查改正情况并记录。", INSPECTION_RECHECK_FIELDS),
    # 强制
    ("seizure_decision", "查封（扣押）决定书", Category.COMPULSION, f"{QZ}第二十四条、第十八条",
     "实施查封、扣押行政强制措施，当场交付当事人。", SEIZURE_FIELDS),
    ("seizure_list", "查封（扣押）清单", Category.COMPULSION, f"{QZ}第二十四条第一款、第三款",
     "查封、扣押场所、设施或者财物的清单，一式二份，由当事人和行政机关分别保存。",
     [field("items", "查封、扣押场所、设施或者财物的名称、数量等", f"{QZ}第二十四条第二款第（三）项")]),
    ("seizure_extension_decision", "延长查封（扣押）期限决定书", Category.COMPULSION, f"{QZ}第二十五条第一款、第二款",
     "情况复杂的，经行政机关负责人批准延长查封、扣押期限（不超过三十日），书面告知当事人并说明理由。",
     [field("party.name", "当事人的姓名或者名称"),
      field("reason", "延长的理由", f"{QZ}第二十五条第二款"),
      field("period", "延长后的期限（延长不超过三十日）", f"{QZ}第二十五条第一款")]),
    ("seizure_release_decision", "解除查封（扣押）决定书", Category.COMPULSION, f"{QZ}第二十七条、第二十八条",
     "有法定情形之一的，及时解除查封、扣押，立即退还财物。",
     [field("party.name", "当事人的姓名或者名称"),
      field("ground", "解除的情形", f"{QZ}第二十八条第一款"),
      field("returned", "退还财物或者拍卖、变卖所得款项", f"{QZ}第二十八条第二款")]),
    ("seizure_site_record", "现场笔录", Category.COMPULSION, f"{QZ}第十八条第（七）项至第（九）项",
     "实施行政强制措施制作现场笔录，由当事人和执法人员签名或者盖章；当事人拒绝的注明，不到场的由见证人签名或者盖章。",
     [field("started_at", "实施的时间", f"{QZ}第十八条第（七）项"),
      field("place", "实施的地点", f"{QZ}第十八条第（七）项"),
      field("record", "现场情况", f"{QZ}第十八条第（七）项"),
      field("signed_by", "当事人或者见证人签名、盖章的情况", f"{QZ}第十八条第（八）项、第（九）项")]),
    ("seizure_release_list", "解除查封（扣押）清单", Category.COMPULSION, f"{QZ}第二十八条第二款",
     "解除查封、扣押时退还的财物清单，由当事人签收。",
     [field("items", "退还的场所、设施或者财物的名称、数量等", f"{QZ}第二十八条第二款")]),
    ("freeze_decision", "冻结决定书", Category.COMPULSION, f"{QZ}第三十一条、第三十二条",
     "依照法律规定冻结存款、汇款，三日（工作日）内交付当事人。", FREEZE_FIELDS),
    ("freeze_notice", "冻结通知书", Category.COMPULSION, f"{QZ}第三十条",
     "依照法律规定决定冻结存款、汇款的，向金融机构交付冻结通知书；金融机构应当立即冻结，不得在冻结前向当事人泄露信息。",
     [field("bank", "金融机构", f"{QZ}第三十条第一款"), field("account", "冻结的账号", f"{QZ}第三十条"),
      field("amount", "冻结的数额", f"{QZ}第二十九条第二款")]),
    ("freeze_extension_decision", "延长冻结期限决定书", Category.COMPULSION, f"{QZ}第三十二条",
     "情况复杂的，经行政机关负责人批准延长冻结期限（不超过三十日），书面告知当事人并说明理由，同时通知金融机构。",
     [field("party.name", "当事人的姓名或者名称"),
      field("extension_reason", "延长的理由", f"{QZ}第三十二条第二款"),
      field("until", "延长后的冻结期限（延长不超过三十日）", f"{QZ}第三十二条第一款")]),
    ("freeze_release_decision", "解除冻结决定书", Category.COMPULSION, f"{QZ}第三十三条",
     "有第三十三条第一款情形之一的，及时作出解除冻结决定，通知金融机构和当事人。",
     [field("party.name", "当事人的姓名或者名称"), field("ground", "解除冻结的情形", f"{QZ}第三十三条第一款")]),
    ("freeze_release_notice", "解除冻结通知书", Category.COMPULSION, f"{QZ}第三十三条第二款",
     "作出解除冻结决定的，通知金融机构；金融机构接到通知后，应当立即解除冻结。",
     [field("bank", "金融机构", f"{QZ}第三十三条第二款"), field("account", "解除冻结的账号", f"{QZ}第三十三条第二款")]),
    # 决定
    ("investigation_final_report", "案件调查终结报告", Category.DECISION, f"{CF}第五十七条第一款",
     "调查终结后报行政机关负责人审查。", FINAL_REPORT_FIELDS),
    ("penalty_advance_notice", "行政处罚事先告知书", Category.DECISION,
     f"{CF}第四十四条、第四十五条、第六十二条、第六十三条、第六十四条",
     "作出行政处罚决定前告知拟处罚的内容及事实、理由、依据和陈述、申辩权利；适用听证的，同时告知要求听证的权利"
     "（上下文 hearing_rights 为真）。", ADVANCE_NOTICE_FIELDS),
    ("statement_record", "陈述申辩笔录", Category.DECISION, f"{CF}第四十五条",
     "记录当事人的陈述、申辩及其提出的事实、理由和证据。", STATEMENT_RECORD_FIELDS),
    ("hearing_notice", "听证通知书", Category.DECISION, f"{CF}第六十四条、第八十五条",
     "在举行听证的七日（工作日）前通知当事人及有关人员听证的时间、地点。", HEARING_NOTICE_FIELDS),
    ("hearing_record", "听证笔录", Category.DECISION, f"{CF}第六十四条第（七）项、第（八）项，第六十五条",
     "听证应当制作笔录，交当事人或者其代理人核对无误后签字或者盖章。", HEARING_RECORD_FIELDS),
    ("hearing_report", "听证报告", Category.DECISION, f"{CF}第六十五条",
     "听证结束后根据听证笔录提出处理意见。", HEARING_REPORT_FIELDS),
    ("legal_review_opinion", "法制审核意见书", Category.DECISION, f"{CF}第五十八条",
     "法定情形下作出决定前由法制审核人员进行法制审核。", LEGAL_REVIEW_FIELDS),
    ("collective_discussion_record", "集体讨论记录", Category.DECISION, f"{CF}第五十七条第二款",
     "情节复杂或者重大违法行为，由行政机关负责人集体讨论决定。", COLLECTIVE_DISCUSSION_FIELDS),
    ("penalty_decision_approval", "行政处罚决定审批表", Category.DECISION, f"{CF}第五十七条第一款",
     "报行政机关负责人审查决定。", DECISION_APPROVAL_FIELDS),
    ("penalty_decision", "行政处罚决定书", Category.DECISION, f"{CF}第五十九条、第六十七条、第七十二条、第七十三条",
     "普通程序作出的行政处罚决定，载明第五十九条规定的事项并加盖行政机关印章。", PENALTY_DECISION_FIELDS),
    ("on_the_spot_decision", "当场行政处罚决定书", Category.DECISION, f"{CF}第五十一条、第五十二条、第六十八条",
     "简易程序当场作出的行政处罚决定，预定格式、编有号码，当场交付当事人并报所属行政机关备案。", ON_THE_SPOT_FIELDS),
    ("no_penalty_decision", "不予行政处罚决定书", Category.DECISION,
     f"{CF}第五十七条第一款第（二）项、第（三）项，第三十三条",
     "违法行为轻微依法可以不予处罚、违法事实不能成立或者符合不予处罚情形时使用；不予处罚的，应当对当事人进行教育。", NO_PENALTY_FIELDS),
    # 送达
    ("service_address_confirmation", "送达地址确认书", Category.SERVICE, f"{CF}第六十一条第二款；{BF}第三十条",
     "当事人确认送达地址，同意以传真、电子邮件等方式送达的，签订确认书。", ADDRESS_CONFIRMATION_FIELDS),
    ("service_receipt", "送达回证", Category.SERVICE, f"{CF}第六十一条；{MS}第八十七条、第八十八条、第八十九条",
     "记录文书送达情况，由受送达人记明收到日期并签名或者盖章。", SERVICE_RECEIPT_FIELDS),
    # 执行
    ("payment_deferral_decision", "延期（分期）缴纳罚款决定书", Category.EXECUTION, f"{CF}第六十六条第二款、第七十二条第二款",
     "当事人确有经济困难，经申请和行政机关批准，暂缓或者分期缴纳罚款。", DEFERRAL_FIELDS),
    ("reminder", "催告书", Category.EXECUTION, f"{QZ}第三十五条、第三十六条、第四十五条、第五十四条",
     "作出强制执行决定或者申请人民法院强制执行前，书面催告当事人履行义务。", REMINDER_FIELDS),
    ("enforcement_decision", "行政强制执行决定书", Category.EXECUTION, f"{QZ}第三十七条、第四十三条",
     "经催告当事人逾期仍不履行且无正当理由的，作出强制执行决定。", ENFORCEMENT_FIELDS),
    ("substitute_performance_decision", "代履行决定书", Category.EXECUTION, f"{QZ}第五十条、第五十一条",
     "代履行前送达当事人。", SUBSTITUTE_FIELDS),
    ("enforcement_suspension_decision", "中止（终结）执行决定书", Category.EXECUTION, f"{QZ}第三十九条、第四十条",
     "有中止执行或者终结执行情形的，书面决定并告知当事人。", SUSPENSION_TERMINATION_FIELDS),
    ("execution_agreement", "执行协议", Category.EXECUTION, f"{QZ}第四十二条",
     "在不损害公共利益和他人合法权益的情况下与当事人达成，可以约定分阶段履行、减免加处的罚款。", AGREEMENT_FIELDS),
    ("court_enforcement_application", "强制执行申请书", Category.EXECUTION, f"{QZ}第五十三条、第五十四条、第五十五条",
     "没有行政强制执行权的行政机关申请人民法院强制执行，由行政机关负责人签名并加盖印章。", COURT_APPLICATION_FIELDS),
    # 移送
    ("case_transfer_letter", "案件移送函", Category.TRANSFER, f"{CF}第二十二条、第二十三条；{BF}第二十四条",
     "案件不属于本机关管辖的，移送有管辖权的行政机关。", CASE_TRANSFER_FIELDS),
    ("criminal_transfer", "涉嫌犯罪案件移送书", Category.TRANSFER,
     f"{CF}第二十七条第一款；{YS}第三条、第五条、第六条、第七条",
     "违法行为涉嫌犯罪的，经正职负责人或者主持工作的负责人批准，二十四小时内向同级公安机关移送。",
     CRIMINAL_TRANSFER_FIELDS),
    # 结案
    ("case_closing_approval", "结案审批表", Category.CLOSING, f"{CF}第四十七条",
     "案件执行完毕或者依法终结后报批结案。", CLOSING_FIELDS),
    ("dossier_cover", "案卷封面", Category.CLOSING, f"{CF}第四十七条；{BF}第三十一条", "案卷归档。", DOSSIER_COVER_FIELDS),
    ("dossier_index", "卷内文件目录", Category.CLOSING, f"{CF}第四十七条；{BF}第三十一条", "案卷归档。", DOSSIER_INDEX_FIELDS),
]

# The types the province ships a template for, with the file under ``fixtures/library/`` and its page setup (mm).
GBT9704_MARGINS = {"margin_top": 37, "margin_right": 26, "margin_bottom": 35, "margin_left": 28}
FORM_MARGINS = {"margin_top": 20, "margin_right": 20, "margin_bottom": 22, "margin_left": 25}
SEEDED_TEMPLATES: dict[str, dict] = {
    "case_filing_approval": {"file": "case_filing_approval.html", "css": ["common.css", "form.css"], **FORM_MARGINS},
    "penalty_advance_notice": {"file": "penalty_advance_notice.html", "css": ["common.css"], **GBT9704_MARGINS},
    "penalty_decision": {"file": "penalty_decision.html", "css": ["common.css"], **GBT9704_MARGINS},
    "on_the_spot_decision": {"file": "on_the_spot_decision.html", "css": ["common.css", "form.css"], **FORM_MARGINS},
    "service_receipt": {"file": "service_receipt.html", "css": ["common.css", "form.css"], **FORM_MARGINS},
}

# Version 1 of the documents added by migration 0003 (the acts of the general procedure, compulsion and closing).
_FORM = ["common.css", "form.css"]
_RECORD = ["common.css", "form.css", "record.css"]
_NOTICE_LIST = ["common.css", "list.css"]
_REPORT = ["common.css", "report.css"]
SEEDED_TEMPLATES.update({
    "case_source_register": {"file": "case_source_register.html", "css": _FORM, **FORM_MARGINS},
    "case_nonfiling_approval": {"file": "case_nonfiling_approval.html", "css": _FORM, **FORM_MARGINS},
    "inquiry_record": {"file": "inquiry_record.html", "css": _RECORD, **FORM_MARGINS},
    "inspection_record": {"file": "inspection_record.html", "css": _RECORD, **FORM_MARGINS},
    "evidence_preservation_notice": {"file": "evidence_preservation_notice.html", "css": _NOTICE_LIST,
                                     **GBT9704_MARGINS},
    "evidence_preservation_handling_notice": {"file": "evidence_preservation_handling_notice.html",
                                              "css": _NOTICE_LIST, **GBT9704_MARGINS},
    "investigation_final_report": {"file": "investigation_final_report.html", "css": _REPORT, **GBT9704_MARGINS},
    "statement_record": {"file": "statement_record.html", "css": _RECORD, **FORM_MARGINS},
    "hearing_notice": {"file": "hearing_notice.html", "css": ["common.css"], **GBT9704_MARGINS},
    "hearing_record": {"file": "hearing_record.html", "css": _RECORD, **FORM_MARGINS},
    "hearing_report": {"file": "hearing_report.html", "css": _REPORT, **GBT9704_MARGINS},
    "legal_review_opinion": {"file": "legal_review_opinion.html", "css": _REPORT, **GBT9704_MARGINS},
    "collective_discussion_record": {"file": "collective_discussion_record.html", "css": _RECORD, **FORM_MARGINS},
    "penalty_decision_approval": {"file": "penalty_decision_approval.html", "css": _FORM, **FORM_MARGINS},
    "no_penalty_decision": {"file": "no_penalty_decision.html", "css": ["common.css"], **GBT9704_MARGINS},
    "payment_deferral_decision": {"file": "payment_deferral_decision.html", "css": _NOTICE_LIST, **GBT9704_MARGINS},
    "reminder": {"file": "reminder.html", "css": ["common.css"], **GBT9704_MARGINS},
    "court_enforcement_application": {"file": "court_enforcement_application.html", "css": ["common.css"],
                                      **GBT9704_MARGINS},
    "enforcement_decision": {"file": "enforcement_decision.html", "css": ["common.css"], **GBT9704_MARGINS},
    "freeze_notice": {"file": "freeze_notice.html", "css": ["common.css"], **GBT9704_MARGINS},
    "freeze_decision": {"file": "freeze_decision.html", "css": ["common.css"], **GBT9704_MARGINS},
    "freeze_extension_decision": {"file": "freeze_extension_decision.html", "css": ["common.css"], **GBT9704_MARGINS},
    "freeze_release_decision": {"file": "freeze_release_decision.html", "css": ["common.css"], **GBT9704_MARGINS},
    "freeze_release_notice": {"file": "freeze_release_notice.html", "css": ["common.css"], **GBT9704_MARGINS},
    "criminal_transfer": {"file": "criminal_transfer.html", "css": _NOTICE_LIST, **GBT9704_MARGINS},
    "case_closing_approval": {"file": "case_closing_approval.html", "css": _FORM, **FORM_MARGINS},
    "dossier_cover": {"file": "dossier_cover.html", "css": ["common.css", "cover.css"], **FORM_MARGINS},
    "dossier_index": {"file": "dossier_index.html", "css": ["common.css", "form.css", "list.css"], **FORM_MARGINS},
})

# Version 1 of the seizure documents (查封、扣押, 强制法 第十八条、第二十四条、第二十五条、第二十八条), added by migration 0004.
SEEDED_TEMPLATES.update({
    "seizure_decision": {"file": "seizure_decision.html", "css": _NOTICE_LIST, **GBT9704_MARGINS},
    "seizure_site_record": {"file": "seizure_site_record.html", "css": _RECORD, **FORM_MARGINS},
    "seizure_list": {"file": "seizure_list.html", "css": _NOTICE_LIST, **FORM_MARGINS},
    "seizure_extension_decision": {"file": "seizure_extension_decision.html", "css": ["common.css"],
                                   **GBT9704_MARGINS},
    "testing_period_notice": {"file": "testing_period_notice.html", "css": _NOTICE_LIST, **GBT9704_MARGINS},
    "seizure_release_decision": {"file": "seizure_release_decision.html", "css": _NOTICE_LIST, **GBT9704_MARGINS},
    "seizure_release_list": {"file": "seizure_list.html", "css": _NOTICE_LIST, **FORM_MARGINS},
})

# Version 1 of the documents of an agency's own enforcement added by migration 0006 (强制法 第三十九条至第四十二条、
# 第五十一条).
SEEDED_TEMPLATES.update({
    "enforcement_suspension_decision": {"file": "enforcement_suspension_decision.html", "css": ["common.css"],
                                        **GBT9704_MARGINS},
    "execution_agreement": {"file": "execution_agreement.html", "css": ["common.css"], **GBT9704_MARGINS},
    "substitute_performance_decision": {"file": "substitute_performance_decision.html", "css": ["common.css"],
                                        **GBT9704_MARGINS},
})

# Version 1 of the eight types that had none, added by migration 0007 (LEGAL.md §7): the seed note of each names the
# article the document rests on.
SEEDED_TEMPLATES.update({
    "jurisdiction_designation_notice": {"file": "jurisdiction_designation_notice.html", "css": ["common.css"],
                                        "note": f"{CF}第二十五条第二款", **GBT9704_MARGINS},
    "inquiry_notice": {"file": "inquiry_notice.html", "css": ["common.css"], "note": f"{CF}第五十五条",
                       **GBT9704_MARGINS},
    "evidence_extraction_form": {"file": "evidence_extraction_form.html", "css": _NOTICE_LIST,
                                 "note": f"{CF}第四十六条、第五十五条", **FORM_MARGINS},
    "sampling_certificate": {"file": "sampling_certificate.html", "css": _NOTICE_LIST, "note": f"{CF}第五十六条",
                             **FORM_MARGINS},
    "assistance_request_letter": {"file": "assistance_request_letter.html", "css": ["common.css"],
                                  "note": f"{CF}第二十六条", **GBT9704_MARGINS},
    "rectification_order": {"file": "rectification_order.html", "css": ["common.css"], "note": f"{CF}第二十八条第一款",
                            **GBT9704_MARGINS},
    "service_address_confirmation": {"file": "service_address_confirmation.html", "css": _FORM,
                                     "note": f"{CF}第六十一条第二款；{MS}第九十条", **FORM_MARGINS},
    "case_transfer_letter": {"file": "case_transfer_letter.html", "css": _NOTICE_LIST,
                             "note": f"{CF}第二十二条至第二十五条、第二十七条", **GBT9704_MARGINS},
})

# Version 1 of the 行政检查 documents (司法部《行政检查文书基本格式文本（试行）》), added by migration 0008.
SEEDED_TEMPLATES.update({
    "inspection_approval": {"file": "inspection_approval.html", "css": _FORM, "note": f"{GD}；{GB54}；{SFB}",
                            **FORM_MARGINS},
    "inspection_notice": {"file": "inspection_notice.html", "css": ["common.css"], "note": f"{GD}；{SFB}",
                          **GBT9704_MARGINS},
    "inspection_site_record": {"file": "inspection_site_record.html", "css": [*_RECORD, "list.css"],
                               "note": f"{GD}；{GB54}；{SFB}", **FORM_MARGINS},
    "inspection_inquiry_record": {"file": "inspection_inquiry_record.html", "css": _RECORD, "note": f"{GD}；{SFB}",
                                  **FORM_MARGINS},
    "inspection_result_notice": {"file": "inspection_result_notice.html", "css": ["common.css"],
                                 "note": f"{GD}；{SFB}", **GBT9704_MARGINS},
    "inspection_recheck_record": {"file": "inspection_recheck_record.html", "css": _RECORD, "note": f"{GD}；{SFB}",
                                  **FORM_MARGINS},
})
