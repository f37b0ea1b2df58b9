"""The fields of a theme-library record that may be shared (办法 第五十、五十一条), with their sensitivity.

A dataset offers a subset of these; a grant gives a subset of its dataset's. ``personal`` marks personal information
(个人信息保护法 第二十八条: 身份证件号码 is sensitive): such a field is granted only with an explicit justification
(docs/decisions/0061). Each field reads one attribute of ``themes.Record`` (or a key of its ``extra``): the mapping is
kept here, in one place, so that it follows the theme library if its model changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from yuezhifa.core.masking import mask_name, mask_text

# the keys of the legal representative's ID (双公示 CF_FR_ZJLX / CF_FR_ZJHM) in Record.extra, from the dictionary
from yuezhifa.themes.dictionary import LR_ID_NUMBER, LR_ID_TYPE


@dataclass(frozen=True)
class SharedField:
    name: str
    label: str
    personal: bool = False
    extra_key: str = ""  # read from Record.extra[extra_key] instead of an attribute

    def value(self, record, granted=frozenset()):
        """The value as the grant may see it: ``granted`` is the grant's field names. A natural person's name is
        personal information (个人信息保护法 第四条): without ``natural_person_name`` granted it is masked (张**) as
        the party's name and inside the facts; without ``party_id_number`` the ID and phone numbers in the facts are
        masked too."""
        natural = getattr(record, "party_kind", "") == NATURAL_PERSON
        if self.name == NATURAL_PERSON_NAME:
            return record.party_name if natural else ""
        if self.name == "party_name" and natural and NATURAL_PERSON_NAME not in granted:
            return mask_name(record.party_name)
        if self.name == "facts":
            text = record.facts or ""
            if natural and record.party_name and NATURAL_PERSON_NAME not in granted:
                text = text.replace(record.party_name, mask_name(record.party_name))
            return text if "party_id_number" in granted else mask_text(text)
        if self.extra_key:
            return (record.extra or {}).get(self.extra_key, "")
        value = getattr(record, self.name)
        if value is None:
            return None
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if self.name.endswith("_amount"):
            return str(value)
        return value


NATURAL_PERSON = "natural_person"  # themes.models.PartyKind.NATURAL_PERSON
NATURAL_PERSON_NAME = "natural_person_name"

FIELDS: tuple[SharedField, ...] = (
    SharedField("kind", "数据类别"),
    SharedField("version", "版本"),
    SharedField("body_name", "执法主体名称"),
    SharedField("body_credit_code", "执法主体统一社会信用代码"),
    SharedField("division_code", "行政区划代码"),
    SharedField("case_number", "案件编号"),
    SharedField("document_number", "文书文号"),
    SharedField("item_code", "执法事项编码"),
    SharedField("item_name", "执法事项名称"),
    SharedField("party_kind", "行政相对人类别"),
    SharedField("party_name", "行政相对人名称（自然人的姓名隐去）"),
    SharedField(NATURAL_PERSON_NAME, "自然人姓名", personal=True),
    SharedField("party_credit_code", "统一社会信用代码"),
    SharedField("party_id_type", "证件类型"),
    SharedField("party_id_number", "证件号码", personal=True),
    SharedField("legal_representative", "法定代表人"),
    SharedField(LR_ID_TYPE, "法定代表人证件类型", extra_key=LR_ID_TYPE),
    SharedField(LR_ID_NUMBER, "法定代表人证件号码", personal=True, extra_key=LR_ID_NUMBER),
    SharedField("facts", "违法事实或检查情况"),
    SharedField("basis", "依据"),
    SharedField("measures", "处罚种类、强制措施或检查方式"),
    SharedField("content", "处罚内容、强制内容或检查结果"),
    SharedField("fine_amount", "罚款金额（元）"),
    SharedField("confiscation_amount", "没收金额（元）"),
    SharedField("filed_on", "立案日期"),
    SharedField("decided_on", "决定日期或检查日期"),
    SharedField("closed_on", "结案日期"),
    SharedField("disclosed_on", "公示日期"),
)

BY_NAME: dict[str, SharedField] = {f.name: f for f in FIELDS}
PERSONAL: frozenset[str] = frozenset(f.name for f in FIELDS if f.personal)


def ordered(names) -> list[str]:
    """``names`` in the catalogue's order, unknown names dropped."""
    wanted = set(names)
    return [f.name for f in FIELDS if f.name in wanted]


def label(name: str) -> str:
    field = BY_NAME.get(name)
    return field.label if field else name
