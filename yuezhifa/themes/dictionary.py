"""The theme library's data dictionary (数据字典): each standard field of ``Record`` as a data element (数据元).

办法 第四十八条 names the national 《全国行政执法管理监督信息系统数据元及代码集标准》 and 《…数据交换标准》; the province's
DB44/T 2402-2022 《行政执法综合信息数据元规范》 follows them. Their full tables were not available to the project: the
penalty elements use the codes of the national 行政处罚“双公示” data specification (CF_WSH, CF_SY …, amounts in 万元 with
six decimals); the compulsion (QZ_) and inspection (JC_) elements and the few the 双公示 lacks are the platform's own
codes, marked ``provisional`` (docs/decisions/0060). This module is the one place the mapping lives: delivery
validation, the export and docs/主题库数据字典.md (``yzf themes dictionary``) all read it, so replacing a code here
replaces it everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yuezhifa.disclosure import shuanggongshi as sgs

from .models import Kind, PartyKind

PREFIX = {Kind.PENALTY: "CF", Kind.COMPULSION: "QZ", Kind.INSPECTION: "JC"}
ALL = (Kind.PENALTY, Kind.COMPULSION, Kind.INSPECTION)

# code lists (代码集): the value delivered → the value stored
PARTY_KINDS = {label: value for value, label in PartyKind.choices}
ID_TYPES = sgs.ID_TYPES  # the 双公示 code list of 证件类型 (CF_XDR_ZJLX, CF_FR_ZJLX), for all three kinds
RESIDENT_ID = sgs.RESIDENT_ID
# Record.extra keys of the legal representative's ID (双公示 CF_FR_ZJLX / CF_FR_ZJHM); sharing reads the same keys
LR_ID_TYPE = "legal_representative_id_type"
LR_ID_NUMBER = "legal_representative_id_number"
RECORD_STATES = {"正常": "", "撤销": "revoked"}


@dataclass(frozen=True)
class Element:
    """One data element. ``names`` per kind: ``{kind: (code, 中文名称)}``; ``attr`` the Record field (or
    ``extra.<key>``); ``type`` C (string), D (date YYYY-MM-DD), N (amount in 万元, 6 decimals); ``length`` the maximum
    characters; ``required`` the kinds for which it must be given (``party`` adds the party-kind rules).

    ``spec``: for a penalty element with a 双公示 code, its item in ``disclosure.shuanggongshi.FIELDS``, from which
    the penalty name, the maximum length (the shorter of the item's and the library's column), whether required
    and the code list are derived (``_derive``): the two specifications cannot disagree. ``alias`` the library's
    own Chinese name, still accepted as a header."""

    attr: str
    names: dict
    type: str
    length: int
    meaning: str
    required: tuple = ()
    codes: tuple = ()
    provisional: frozenset = field(default_factory=frozenset)
    spec: sgs.Item | None = None
    alias: str = ""

    def code(self, kind) -> str | None:
        entry = self.names.get(kind)
        return entry[0] if entry else None

    def name(self, kind) -> str | None:
        entry = self.names.get(kind)
        return entry[1] if entry else None

    def length_for(self, kind) -> int:
        if kind == Kind.PENALTY and self.spec is not None and self.spec.max_length:
            return min(self.length, self.spec.max_length)
        return self.length

    def codes_for(self, kind) -> tuple:
        if kind == Kind.PENALTY and self.spec is not None and self.spec.codes:
            return self.spec.codes
        return self.codes

    def separator(self, kind) -> str:
        """Several values joined by this separator, each checked against the code list (CF_CFLB: 处罚法 第九条)."""
        return sgs.SEPARATOR if kind == Kind.PENALTY and self.spec is not None and self.spec.code == "CF_CFLB" else ""


def _per_kind(suffix: str, penalty: str, compulsion: str, inspection: str, *, own: tuple = ()) -> tuple[dict, frozenset]:
    def code(kind):  # BZ (备注) is a 双公示 code without a prefix
        return suffix if suffix == "BZ" else f"{PREFIX[kind]}_{suffix}"

    names = {Kind.PENALTY: (code(Kind.PENALTY), penalty), Kind.COMPULSION: (code(Kind.COMPULSION), compulsion),
             Kind.INSPECTION: (code(Kind.INSPECTION), inspection)}
    names = {k: v for k, v in names.items() if v[1]}
    provisional = frozenset(k for k in names if k != Kind.PENALTY or Kind.PENALTY in own)
    return names, provisional


def _e(attr, suffix, names3, type_, length, meaning, *, required=(), codes=(), own=()):
    names, provisional = _per_kind(suffix, *names3, own=own)
    return Element(attr, names, type_, length, meaning, tuple(required), tuple(codes), provisional)


P, Q, J = Kind.PENALTY, Kind.COMPULSION, Kind.INSPECTION

ELEMENTS: tuple[Element, ...] = (
    _e("record_key", "JLBS", ("记录标识", "记录标识", "记录标识"), "C", 100,
       "来源系统中该条记录的唯一标识；不填时取文书文号。同一来源、同一类别内唯一，重复报送据此识别同一记录。", own=(P,)),
    _e("document_number", "WSH", ("行政处罚决定书文号", "行政强制决定书文号", "检查文书文号"), "C", 80,
       "作出决定或告知检查结果的文书文号。", required=ALL),
    _e("case_number", "AJBH", ("案件编号", "案件编号", "检查编号"), "C", 80, "来源系统的案件或检查编号。", own=(P,)),
    _e("extra.illegal_act_type", "WFXW", ("违法行为类型", "", ""), "C", 300, "违法行为的类型或名称。"),
    _e("facts", "SY", ("违法事实", "强制原因及事实", "检查情况"), "C", 5000,
       "违法事实（双公示为 CF_SY，不是 CF_WFSS）、采取强制措施的原因或检查发现的情况。", required=(P,)),
    _e("basis", "YJ", ("处罚依据", "强制依据", "检查依据"), "C", 2000, "所依据的法律、法规、规章条款。", required=(P, Q)),
    _e("measures", "CFLB", ("处罚类别", "强制措施种类", "检查方式"), "C", 300,
       "处罚种类（警告、罚款、没收违法所得…，多项以“、”分隔）、强制措施（查封、扣押、冻结…）或检查方式。",
       required=(P, Q)),
    _e("content", "NR", ("处罚内容", "强制内容", "检查结果"), "C", 4000,
       "处罚、强制的具体内容，或检查结果。", required=ALL),
    _e("fine_amount", "NR_FK", ("罚款金额（万元）", "", ""), "N", 20,
       "罚款金额，单位万元，最多六位小数（库内以元保存）。"),
    _e("confiscation_amount", "NR_WFFF", ("没收违法所得、没收非法财物的金额（万元）", "", ""), "N", 20,
       "没收违法所得、没收非法财物的金额，单位万元，最多六位小数（库内以元保存）。"),
    _e("extra.license_revoked", "NR_ZKDX", ("暂扣或吊销证照名称及编号", "", ""), "C", 200,
       "处罚类别为暂扣或者吊销许可证、执照的，填写证照名称及编号。"),
    _e("decided_on", "JDRQ", ("处罚决定日期", "强制决定日期", "检查日期"), "D", 10,
       "作出决定或实施检查之日，格式 YYYY-MM-DD。", required=ALL),
    _e("filed_on", "LARQ", ("立案日期", "立案日期", ""), "D", 10, "立案之日，格式 YYYY-MM-DD。", own=(P,)),
    _e("closed_on", "JARQ", ("结案日期", "结案日期", "结果告知日期"), "D", 10, "结案或告知检查结果之日。", own=(P,)),
    _e("disclosed_on", "GSRQ", ("公示日期", "公示日期", "公示日期"), "D", 10, "在公示平台公开之日。", own=(P,)),
    _e("body_name", "CFJG", ("处罚机关", "实施机关", "检查机关"), "C", 200,
       "作出决定或实施检查的执法主体全称，应与执法主体库登记的名称一致。", required=ALL),
    _e("body_credit_code", "CFJGDM", ("处罚机关统一社会信用代码", "实施机关统一社会信用代码", "检查机关统一社会信用代码"),
       "C", 18, "执法主体的统一社会信用代码，须为执法主体库登记、且属于本数据来源报送范围的主体。", required=ALL),
    _e("division_code", "XZQH", ("行政区划代码", "行政区划代码", "行政区划代码"), "C", 6,
       "执法主体所在的县级以上行政区划代码；不填时取执法主体库登记的区划。", own=(P,)),
    _e("item_code", "SXBM", ("执法事项编码", "执法事项编码", "检查事项编码"), "C", 60, "执法事项库中的事项编码。", own=(P,)),
    _e("item_name", "SXMC", ("执法事项名称", "执法事项名称", "检查事项名称"), "C", 300, "执法事项名称。", own=(P,)),
    _e("party_kind", "XDR_LB", ("行政相对人类别", "行政相对人类别", "检查对象类别"), "C", 20,
       "代码集：法人及非法人组织、自然人、个体工商户。", required=ALL, codes=tuple(PARTY_KINDS)),
    _e("party_name", "XDR_MC", ("行政相对人名称", "行政相对人名称", "检查对象名称"), "C", 200,
       "法人及非法人组织、个体工商户的名称，或自然人的姓名。", required=ALL),
    _e("party_credit_code", "XDR_SHXYM", ("统一社会信用代码", "统一社会信用代码", "统一社会信用代码"), "C", 18,
       "行政相对人为法人及非法人组织时必填（GB 32100-2015 校验）。"),
    _e("legal_representative", "FRDB", ("法定代表人", "法定代表人", "法定代表人"), "C", 50,
       "法人及非法人组织的法定代表人或负责人。"),
    _e("party_id_type", "XDR_ZJLX", ("证件类型", "证件类型", "证件类型"), "C", 20,
       "行政相对人为自然人时必填。", codes=ID_TYPES),
    _e("party_id_number", "XDR_ZJHM", ("证件号码", "证件号码", "证件号码"), "C", 30,
       "行政相对人为自然人时必填；证件类型为身份证的按 GB 11643-1999 校验。个人信息：不向任何页面明文展示，只在授权"
       "共享且授权字段包含时提供。"),
    _e(f"extra.{LR_ID_TYPE}", "FR_ZJLX", ("法定代表人证件类型", "", ""), "C", 64,
       "行政相对人为法人及非法人组织、个体工商户的，其法定代表人（负责人、经营者）的证件类型；填写证件号码时必填。",
       codes=ID_TYPES),
    _e(f"extra.{LR_ID_NUMBER}", "FR_ZJHM", ("法定代表人证件号码", "", ""), "C", 64,
       "法定代表人（负责人、经营者）的证件号码；证件类型为身份证的按 GB 11643-1999 校验；自然人为空。个人信息：双公示"
       "不予公示，只在报送文件和授权共享（授权字段包含时）中提供。"),
    _e("extra.state", "ZT", ("记录状态", "记录状态", "记录状态"), "C", 4,
       "代码集：正常、撤销。决定被依法撤销的，报送新版本并填“撤销”，已公示的结果随之撤回。", codes=tuple(RECORD_STATES),
       own=(P,)),
    _e("extra.remark", "BZ", ("备注", "备注", "备注"), "C", 512, "备注。"),
)


def _derive(element: Element) -> Element:
    """The penalty name, length bound, required flag and code list of ``element`` from its 双公示 item."""
    code = element.code(Kind.PENALTY)
    spec = sgs.BY_CODE.get(code) if code and Kind.PENALTY not in element.provisional else None
    if spec is None:
        return element
    names = {**element.names, Kind.PENALTY: (code, spec.name)}
    required = tuple(k for k in element.required if k != Kind.PENALTY) + ((Kind.PENALTY,) if spec.required else ())
    alias = element.name(Kind.PENALTY) if element.name(Kind.PENALTY) != spec.name else ""
    return Element(element.attr, names, element.type, element.length, element.meaning, required, element.codes,
                   element.provisional, spec, alias)


ELEMENTS = tuple(_derive(e) for e in ELEMENTS)
# elements written only on export: taken from the record's source, not delivered
SOURCE_ELEMENTS = (
    ("SJLY", "数据来源单位", "报送数据的单位名称（数据来源的主管单位）。"),
    ("SJLYDM", "数据来源单位统一社会信用代码", "报送数据的单位的统一社会信用代码。"),
)


def elements(kind) -> list[Element]:
    return [e for e in ELEMENTS if kind in e.names]


def headers(kind) -> dict[str, Element]:
    """Every header a delivery of ``kind`` may use (the element code, or its Chinese name) → its element."""
    found: dict[str, Element] = {}
    for e in elements(kind):
        found[e.code(kind)] = e
        found.setdefault(e.name(kind), e)
        if kind == Kind.PENALTY and e.alias:
            found.setdefault(e.alias, e)
    return found


def element_for(attr: str) -> Element:
    return next(e for e in ELEMENTS if e.attr == attr)


TYPES = {"C": "字符型", "D": "日期型（YYYY-MM-DD）", "N": "数值型（万元，最多 6 位小数）"}
KIND_LABEL = dict(Kind.choices)


def as_markdown() -> str:
    """docs/主题库数据字典.md: one table per kind, generated from ``ELEMENTS``."""
    out = [
        "# 执法数据主题库数据字典",
        "",
        "本文件由 `yzf themes dictionary` 根据 `yuezhifa/themes/dictionary.py` 生成，请勿手工修改。依据：《广东省一体化"
        "行政执法平台管理办法》第十四条、第四十六至四十八条；数据元参照 DB44/T 2402-2022《行政执法综合信息数据元规范》与"
        "“双公示”行政处罚数据规范。标“平台暂定”的数据元代码为本平台暂定，待取得国家标准全文后替换（docs/decisions/"
        "0060-主题库数据元的对应.md）。",
        "",
        "报送文件的表头可以用数据元代码，也可以用中文名称。金额以万元报送（最多 6 位小数），库内以元保存。",
        "",
    ]
    for kind in ALL:
        out += [f"## {KIND_LABEL[kind]}（{PREFIX[kind]}）", "",
                "| 数据元代码 | 中文名称 | 类型 | 最大长度 | 必填 | 含义 | 代码集 | 库内字段 |",
                "|---|---|---|---|---|---|---|---|"]
        for e in elements(kind):
            code = e.code(kind) + ("（平台暂定）" if kind in e.provisional else "")
            required = "是" if kind in e.required else _conditional(e)
            codes = "、".join(e.codes_for(kind)) or "—"
            out.append(f"| {code} | {e.name(kind)} | {TYPES[e.type]} | {e.length_for(kind)} | {required} | {e.meaning} | "
                       f"{codes} | `{e.attr}` |")
        for suffix, name, meaning in SOURCE_ELEMENTS:
            out.append(f"| {PREFIX[kind]}_{suffix}{'' if kind == Kind.PENALTY else '（平台暂定）'} | {name} | "
                       f"字符型 | {18 if suffix.endswith('DM') else 200} | 导出时生成 | {meaning} | — | 数据来源 |")
        out.append("")
    return "\n".join(out)


def _conditional(e: Element) -> str:
    if e.attr in ("party_credit_code", "legal_representative"):
        return "法人及非法人组织必填"
    if e.attr in ("party_id_type", "party_id_number"):
        return "自然人必填"
    if e.attr == f"extra.{LR_ID_TYPE}":
        return "填写法定代表人证件号码时必填"
    return "否"
