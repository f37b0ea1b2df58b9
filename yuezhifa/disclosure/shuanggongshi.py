"""The 行政处罚 双公示 data items (信用信息 行政处罚信息 数据项, the version with the CF_XDR_* code columns), as data.

This module is the one place the field list lives: the public open-data export and the public API
(``selectors``, ``views.export``, ``api.ResultSerializer``'s help texts), the full report file for the credit
platform (``views.report``) and the generated doc ``docs/双公示数据项.md`` (``manage.py shuanggongshi_doc``) all read
``FIELDS``. What was found of the standard and what is the platform's own reading: docs/decisions/0056.

Two row builders: ``report_row`` gives every column, including the ``public=False`` ones (the ID type and number of
the legal representative and of a natural person: 不予公示, carried only in the file reported to the credit
platform, 办法 第四十八条、第五十条); ``public_row`` gives the same row with those columns blank. ``validate_row``
checks one row against the specification and answers a list of Chinese error messages (empty: valid).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from yuezhifa.discretion.vocabulary import PenaltyType

SOURCE = ("国家“双公示”行政处罚信息数据项（CF_ 前缀，含 CF_XDR_GSZC 等行政相对人代码列的版本）。"
          "标准原文未能检索到；字段代码与名称取自公开代码中的通行写法，长度取自同一数据项的公开建表语句，"
          "必填与代码集为本平台的理解，见 docs/decisions/0056-双公示数据项.md。")

# --- code lists -------------------------------------------------------------------------------------------------

LEGAL_PERSON = "法人及非法人组织"
NATURAL_PERSON = "自然人"
INDIVIDUAL_BUSINESS = "个体工商户"
PARTY_CATEGORIES = (LEGAL_PERSON, NATURAL_PERSON, INDIVIDUAL_BUSINESS)
"""CF_XDR_LB: 行政相对人类别."""

RESIDENT_ID = "身份证"
ID_TYPES = (RESIDENT_ID, "护照号", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证")
"""CF_FR_ZJLX / CF_XDR_ZJLX: the platform's own cases record only the 居民身份证号码 (cases.Party.id_number), hence
“身份证”; results delivered to the theme library by other systems may carry the other types of this list (the list
the theme library's dictionary takes from here; decisions 0056, 0063)."""

PENALTY_LABELS = tuple(label for _value, label in PenaltyType.choices)
"""CF_CFLB: the kinds of penalty of 处罚法 第九条 (2021), several joined by “、”."""

LICENCE_PENALTIES = (PenaltyType.SUSPEND_LICENCE.label, PenaltyType.REVOKE_LICENCE.label)
CONFISCATIONS = (PenaltyType.CONFISCATE_INCOME.label, PenaltyType.CONFISCATE_PROPERTY.label)
SEPARATOR = "、"


@dataclass(frozen=True)
class Item:
    """One data item: code, Chinese name, type (文本 / 日期 / 数值), maximum length in characters (None: not found,
    no limit checked), whether required (``True``; or a condition text, ``required_when``), the code list, whether it
    is public (shown on /gongshi/ and the public API) and a note."""

    code: str
    name: str
    type: str = "文本"
    max_length: int | None = None
    required: bool = False
    required_when: str = ""
    codes: tuple[str, ...] = ()
    public: bool = True
    note: str = ""


TEXT, DATE, AMOUNT = "文本", "日期（YYYY-MM-DD）", "数值（万元，六位小数）"

FIELDS: tuple[Item, ...] = (
    Item("CF_WSH", "行政处罚决定书文号", max_length=128, required=True),
    Item("CF_XDR_MC", "行政相对人名称", max_length=200, required=True),
    Item("CF_XDR_LB", "行政相对人类别", max_length=100, required=True, codes=PARTY_CATEGORIES,
         note="统一社会信用代码第 1、2 位为“92”（工商登记的个体工商户，GB 32100-2015）的为个体工商户；"
              "其余组织为法人及非法人组织；公民为自然人。"),
    Item("CF_XDR_SHXYM", "行政相对人代码_1（统一社会信用代码）", max_length=18,
         required_when="法人及非法人组织、个体工商户", note="18 位，校验位按 GB 32100-2015；自然人为空。"),
    Item("CF_XDR_GSZC", "行政相对人代码_2（工商注册号）", max_length=50,
         note="已赋统一社会信用代码的可为空；本平台只记录统一社会信用代码，为空。"),
    Item("CF_XDR_ZZJG", "行政相对人代码_3（组织机构代码）", max_length=32, note="同上，为空。"),
    Item("CF_XDR_SWDJ", "行政相对人代码_4（税务登记号）", max_length=32, note="同上，为空。"),
    Item("CF_XDR_SYDW", "行政相对人代码_5（事业单位证书号）", max_length=120, note="同上，为空。"),
    Item("CF_XDR_SHZZ", "行政相对人代码_6（社会组织登记证号）", max_length=50, note="同上，为空。"),
    Item("CF_FRDB", "法定代表人", max_length=50, required_when="法人及非法人组织",
         note="个体工商户填经营者（如有记录）；自然人为空。公示平台可按公示参数不公开。"),
    Item("CF_FR_ZJLX", "法定代表人证件类型", max_length=64, codes=ID_TYPES, public=False,
         required_when="填写法定代表人证件号码时", note="不予公示，仅报送。自然人为空。"),
    Item("CF_FR_ZJHM", "法定代表人证件号码", max_length=64, public=False,
         note="不予公示，仅报送；当事人为组织时，案件中记录的居民身份证号码即其法定代表人（负责人、经营者）的。"),
    Item("CF_XDR_ZJLX", "证件类型", max_length=64, codes=ID_TYPES, public=False,
         required_when="自然人", note="自然人的证件类型；不予公示，仅报送。组织为空。"),
    Item("CF_XDR_ZJHM", "证件号码", max_length=64, public=False, required_when="自然人",
         note="自然人的证件号码；不予公示，仅报送。组织为空。"),
    Item("CF_WFXW", "违法行为类型", note="长度未检索到（文本）。"),
    Item("CF_SY", "违法事实", required=True, note="已按公示规则隐去个人信息。长度未检索到（文本）。"),
    Item("CF_YJ", "处罚依据", required=True, note="长度未检索到（文本）。"),
    Item("CF_CFLB", "处罚类别", max_length=36, required=True, codes=PENALTY_LABELS,
         note="处罚法 第九条所列种类，多个以“、”分隔。"),
    Item("CF_NR", "处罚内容", required=True, note="长度未检索到（文本）。"),
    Item("CF_NR_FK", "罚款金额（万元）", type=AMOUNT, required_when="处罚类别含罚款",
         note="decimal(18,6)；无罚款的为空。"),
    Item("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）", type=AMOUNT,
         required_when="处罚类别含没收违法所得或没收非法财物", note="decimal(18,6)；没收违法所得与没收非法财物价值之和。"),
    Item("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", max_length=200, required_when="处罚类别含暂扣或吊销许可证件",
         note="决定未单列证照名称及编号的，填处罚种类，名称及编号见处罚内容。"),
    Item("CF_JDRQ", "处罚决定日期", type=DATE, required=True),
    Item("CF_YXQ", "处罚有效期", type=DATE, note="本平台不记录，为空。"),
    Item("CF_GSJZQ", "公示截止期", type=DATE, required=True, note="按公示参数自处罚决定之日起算。"),
    Item("CF_CFJG", "处罚机关", max_length=200, required=True),
    Item("CF_CFJGDM", "处罚机关统一社会信用代码", max_length=18, required=True),
    Item("CF_SJLY", "数据来源单位", max_length=200, required=True,
         note="办案平台产生的为作出决定的机关；非办案平台数据为报送单位（办法 第四十五条第（二）项）。"),
    Item("CF_SJLYDM", "数据来源单位统一社会信用代码", max_length=18, required=True),
    Item("BZ", "备注", max_length=512, note="长度为本平台设定（未检索到）。"),
)

BY_CODE = {item.code: item for item in FIELDS}
CODES = tuple(item.code for item in FIELDS)
PUBLIC_CODES = tuple(item.code for item in FIELDS if item.public)
RESTRICTED_CODES = tuple(item.code for item in FIELDS if not item.public)


# --- building rows ----------------------------------------------------------------------------------------------


def wan(amount: Decimal | None) -> str:
    """An amount in 元 as 万元 with exactly six decimals (“0.500000”); empty when none."""
    if amount is None:
        return ""
    return f"{(Decimal(amount) / Decimal(10000)).quantize(Decimal('0.000001')):.6f}"


def party_category(person: bool, credit_code: str) -> str:
    if person:
        return NATURAL_PERSON
    return INDIVIDUAL_BUSINESS if (credit_code or "").startswith("92") else LEGAL_PERSON


def _licence_items(penalty_types: str) -> str:
    return SEPARATOR.join(label for label in penalty_types.split(SEPARATOR) if label in LICENCE_PENALTIES)


def report_row(result, identity=None) -> dict:
    """Every column of one published penalty result (``PublishedResult``), ``identity`` its ``ReportedIdentity``
    (the non-public ID columns and the legal representative as recorded, whatever the public setting)."""
    from .models import PartyKind

    person = result.party_kind == PartyKind.PERSON
    legal_representative = result.legal_representative
    if identity is not None and not person:
        legal_representative = identity.legal_representative or legal_representative
    return {
        "CF_WSH": result.document_number, "CF_XDR_MC": result.party_name,
        "CF_XDR_LB": party_category(person, result.party_credit_code),
        "CF_XDR_SHXYM": "" if person else result.party_credit_code,
        "CF_XDR_GSZC": "", "CF_XDR_ZZJG": "", "CF_XDR_SWDJ": "", "CF_XDR_SYDW": "", "CF_XDR_SHZZ": "",
        "CF_FRDB": "" if person else legal_representative,
        "CF_FR_ZJLX": identity.representative_id_type if identity is not None and not person else "",
        "CF_FR_ZJHM": identity.representative_id_number if identity is not None and not person else "",
        "CF_XDR_ZJLX": identity.party_id_type if identity is not None and person else "",
        "CF_XDR_ZJHM": identity.party_id_number if identity is not None and person else "",
        "CF_WFXW": result.illegal_act_type, "CF_SY": result.facts, "CF_YJ": result.basis,
        "CF_CFLB": result.penalty_types, "CF_NR": result.penalty_content,
        "CF_NR_FK": wan(result.fine_amount), "CF_NR_WFFF": wan(result.confiscation_amount),
        "CF_NR_ZKDX": _licence_items(result.penalty_types),
        "CF_JDRQ": result.decision_date.isoformat(), "CF_YXQ": "",
        "CF_GSJZQ": result.display_until.isoformat() if result.display_until else "",
        "CF_CFJG": result.body_name, "CF_CFJGDM": result.body_credit_code,
        "CF_SJLY": result.source_name or result.body_name,
        "CF_SJLYDM": result.source_credit_code or result.body_credit_code,
        "BZ": result.remark,
    }


def public_row(result) -> dict:
    """The row as the public sees it: the 不予公示 columns blank (never read from ``ReportedIdentity``)."""
    row = report_row(result, None)
    for code in RESTRICTED_CODES:
        row[code] = ""
    return row


# --- validation -------------------------------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"\d{1,12}\.\d{6}")


def _credit_code_ok(value: str) -> bool:
    from django.core.exceptions import ValidationError

    from yuezhifa.core.identifiers import validate_credit_code

    try:
        return validate_credit_code(value) == value
    except ValidationError:
        return False


def _resident_id_ok(value: str) -> bool:
    from django.core.exceptions import ValidationError

    from yuezhifa.core.identifiers import validate_resident_id

    try:
        return validate_resident_id(value) == value
    except ValidationError:
        return False


def _value(row: dict, code: str) -> str:
    value = row.get(code)
    return "" if value is None else str(value)


def validate_row(row: dict, *, public: bool = False) -> list[str]:
    """Errors (Chinese, each naming the column) of one row against ``FIELDS``: unknown or missing columns, required
    and conditionally required items, lengths, code lists, dates, six-decimal amounts, the ID columns by party kind.
    ``public=True``: a row for the public, where every 不予公示 column must be empty."""
    errors: list[str] = []
    unknown = sorted(set(row) - set(CODES))
    if unknown:
        errors.append(f"未知数据项：{'、'.join(unknown)}。")
    missing = [code for code in CODES if code not in row]
    if missing:
        errors.append(f"缺少数据项：{'、'.join(missing)}。")
    values = {code: _value(row, code) for code in CODES}

    def error(code: str, text: str) -> None:
        errors.append(f"{code}（{BY_CODE[code].name}）{text}")

    for item in FIELDS:
        value = values[item.code]
        if item.required and not value.strip():
            error(item.code, "为必填项。")
        if value and item.max_length is not None and len(value) > item.max_length:
            error(item.code, f"超过 {item.max_length} 个字符。")
        if value and item.type == DATE and (not _DATE.fullmatch(value) or not _is_date(value)):
            error(item.code, "应为 YYYY-MM-DD 格式的日期。")
        if value and item.type == AMOUNT and not _AMOUNT.fullmatch(value):
            error(item.code, "应为以万元计、保留六位小数的数值（如 0.500000）。")
        if value and item.codes and item.code != "CF_CFLB" and value not in item.codes:
            error(item.code, f"“{value[:20]}”不在代码集内（{'、'.join(item.codes)}）。")
    kinds = [k for k in values["CF_CFLB"].split(SEPARATOR) if k]
    for kind in kinds:
        if kind not in PENALTY_LABELS:
            error("CF_CFLB", f"“{kind[:20]}”不是处罚法 第九条所列的处罚种类。")

    category = values["CF_XDR_LB"]
    person = category == NATURAL_PERSON
    if person:
        for code in ("CF_XDR_SHXYM", "CF_XDR_GSZC", "CF_XDR_ZZJG", "CF_XDR_SWDJ", "CF_XDR_SYDW", "CF_XDR_SHZZ",
                     "CF_FRDB", "CF_FR_ZJLX", "CF_FR_ZJHM"):
            if values[code]:
                error(code, "行政相对人为自然人的，应为空。")
        if not public:
            for code in ("CF_XDR_ZJLX", "CF_XDR_ZJHM"):
                if not values[code]:
                    error(code, "行政相对人为自然人的，为必填项。")
    elif category in (LEGAL_PERSON, INDIVIDUAL_BUSINESS):
        for code in ("CF_XDR_ZJLX", "CF_XDR_ZJHM"):
            if values[code]:
                error(code, "行政相对人为法人及非法人组织或个体工商户的，应为空。")
        if not values["CF_XDR_SHXYM"]:
            error("CF_XDR_SHXYM", f"行政相对人为{category}的，为必填项。")
        if category == LEGAL_PERSON and not values["CF_FRDB"] and not public:
            error("CF_FRDB", "行政相对人为法人及非法人组织的，为必填项。")
        if category == INDIVIDUAL_BUSINESS and values["CF_XDR_SHXYM"] and not values["CF_XDR_SHXYM"].startswith("92"):
            error("CF_XDR_LB", "统一社会信用代码不是个体工商户的（应以 92 开头）。")
        if bool(values["CF_FR_ZJLX"]) != bool(values["CF_FR_ZJHM"]):
            error("CF_FR_ZJLX", "法定代表人证件类型与证件号码应同时填写或同时为空。")
    for code in ("CF_XDR_SHXYM", "CF_CFJGDM", "CF_SJLYDM"):
        if values[code] and not _credit_code_ok(values[code]):
            error(code, "不是有效的统一社会信用代码（GB 32100-2015）。")
    for type_code, number_code in (("CF_FR_ZJLX", "CF_FR_ZJHM"), ("CF_XDR_ZJLX", "CF_XDR_ZJHM")):
        if values[type_code] == RESIDENT_ID and values[number_code] and not _resident_id_ok(values[number_code]):
            error(number_code, "不是有效的居民身份证号码（GB 11643-1999）。")
    if public:
        for code in RESTRICTED_CODES:
            if values[code]:
                error(code, "不予公示，公开数据中应为空。")

    if "罚款" in kinds and not values["CF_NR_FK"]:
        error("CF_NR_FK", "处罚类别含罚款的，为必填项。")
    if "罚款" not in kinds and values["CF_NR_FK"]:
        error("CF_NR_FK", "处罚类别不含罚款的，应为空。")
    if any(k in CONFISCATIONS for k in kinds) and not values["CF_NR_WFFF"]:
        error("CF_NR_WFFF", "处罚类别含没收违法所得或没收非法财物的，为必填项。")
    if any(k in LICENCE_PENALTIES for k in kinds) and not values["CF_NR_ZKDX"]:
        error("CF_NR_ZKDX", "处罚类别含暂扣或吊销许可证件的，为必填项。")
    if values["CF_JDRQ"] and values["CF_GSJZQ"] and _is_date(values["CF_JDRQ"]) and _is_date(values["CF_GSJZQ"]) \
            and values["CF_GSJZQ"] < values["CF_JDRQ"]:
        error("CF_GSJZQ", "不能早于处罚决定日期。")
    return errors


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# --- the generated doc ------------------------------------------------------------------------------------------


def _required_text(item: Item) -> str:
    if item.required:
        return "必填"
    return f"条件必填：{item.required_when}" if item.required_when else "选填"


def markdown() -> str:
    """docs/双公示数据项.md, generated from ``FIELDS`` by ``manage.py shuanggongshi_doc``."""
    lines = [
        "# 双公示数据项（行政处罚）",
        "",
        "<!-- 本文件由 `python manage.py shuanggongshi_doc` 依 yuezhifa/disclosure/shuanggongshi.py 生成，请勿手改。 -->",
        "",
        SOURCE,
        "",
        "- 公开数据（/gongshi/export.csv、/gongshi/export.json、/api/v1/disclosure/results/）只含“公开”一栏为“是”的数据项，"
        "“否”的数据项（法定代表人和自然人的证件类型、号码）为空或不出现。",
        "- 报送文件（/gongshi/report/xzcf.csv、.json、.xlsx）含全部数据项，只对省级监督人员、本单位负责人和法制审核人员开放，"
        "每次下载记入审计日志（办法 第四十八条、第五十条）。",
        "- 金额以万元计，保留六位小数（如 0.500000），无金额的为空；日期为 YYYY-MM-DD。",
        "",
        "| 序号 | 代码 | 名称 | 类型 | 最大长度 | 必填 | 代码集 | 公开 | 说明 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, item in enumerate(FIELDS, start=1):
        codes = "、".join(item.codes) if item.codes else ""
        lines.append(f"| {number} | {item.code} | {item.name} | {item.type} | {item.max_length or '—'} | "
                     f"{_required_text(item)} | {codes} | {'是' if item.public else '否'} | {item.note} |")
    return "\n".join(lines) + "\n"
