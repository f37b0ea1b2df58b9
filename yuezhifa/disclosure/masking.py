"""Masking free text for publication (处罚法 第50条; 个人信息保护法 第25条, 第28条, 第34条; LEGAL.md §5).

What is published about a decision is written by officers in free text (the facts). Before it leaves the platform:

* every run of 12 or more digits (with single spaces or hyphens inside, an X at the end) is hidden: resident ID numbers
  (18 or 15 digits), mobile numbers, bank accounts, long landlines with area codes;
* Chinese mobile numbers (1[3-9] and nine digits) and landlines (0 + area code + 7-8 digits), and anything after
  电话/手机/联系方式, are hidden;
* e-mail addresses are hidden;
* addresses of natural persons keep their district (广州市天河区) and lose the rest: after 住址/住所/家住/居住/户籍 in
  every case, and every street address when the punished party is a natural person;
* names of natural persons other than the punished party become 姓 + 某 (张某某): every name the case log records for
  a person (interviewees, recipients, complainants, legal representatives), and a name after a role word
  (店员、员工、证人、举报人、消费者、监护人 …);
* health data after 患有/诊断为/病史 is hidden, and so is every word that is itself health data (住院, 糖尿病, HIV,
  阳性, 艾滋病, 精神病, 癌 …: ``HEALTH_WORDS``), except inside the title of a law (《传染病防治法》);
* numbers written in Chinese numerals (一三八零零一三八零零零, an ID number in 〇/零/幺 …) are read as digits: any run
  of seven or more is hidden, like a landline or longer number in digits;
* phone numbers with dots or spaces between the groups (138.0013.8000, 020.8765.4321) are hidden like the others;
* room numbers of homes (3栋502房, 12-1102室, 502号房, 2单元301) are hidden wherever they stand;
* vehicle plates (粤A·12345, 粤B12345, new-energy 粤AD12345) are hidden: a plate identifies its keeper.

Regular expressions are a safety net under a rule officers follow, not a guarantee: the head approves the masked
text before it is published (``services.preview_publication``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HIDDEN = "***"
_FULLWIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_FULLWIDTH.update({0xFF0D: ord("-"), 0x3000: ord(" ")})

_LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-]?\d){10,}(?:[ \-]?[Xx])?(?![0-9A-Za-z])")
_SEP = r"[ \-.·]"
_MOBILE = re.compile(rf"(?<![\d.])(?:\+?86{_SEP}?)?1[3-9]\d{_SEP}?\d{{4}}{_SEP}?\d{{4}}(?![\d])")
_LANDLINE = re.compile(rf"(?<![\d.])0\d{{2,3}}{_SEP}?(?:\d{{7,8}}|\d{{3,4}}{_SEP}\d{{4}})(?!\d)")
# Digits in Chinese numerals, as people write numbers out (幺 for 1 when read aloud, 〇 and 零 for 0, 壹… in banking).
CHINESE_DIGITS = {**dict.fromkeys("〇零", "0"), **dict.fromkeys("一幺壹", "1"), **dict.fromkeys("二贰", "2"),
                  **dict.fromkeys("三叁", "3"), **dict.fromkeys("四肆", "4"), **dict.fromkeys("五伍", "5"),
                  **dict.fromkeys("六陆", "6"), **dict.fromkeys("七柒", "7"), **dict.fromkeys("八捌", "8"),
                  **dict.fromkeys("九玖", "9")}
_DIGIT = "0-9" + "".join(CHINESE_DIGITS)
# Seven or more digits in a row (landline length), at least one of them a Chinese numeral (runs of ASCII digits have
# their own rules above), with single separators between them and an X (or 叉) at the end of an ID number.
_CHINESE_NUMBER = re.compile(rf"(?<![{_DIGIT}])(?=[0-9{_SEP[1:-1]}]*[{''.join(CHINESE_DIGITS)}])"
                             rf"[{_DIGIT}](?:{_SEP}?[{_DIGIT}]){{6,}}(?:{_SEP}?[Xx叉])?(?![{_DIGIT}])")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"[{_PROVINCES}][A-Za-z][ ·•.\-]?[A-Za-z0-9]{{5,6}}(?:[学警挂港澳领])?(?![0-9A-Za-z])")
_ROOM = re.compile(r"(?<![0-9A-Za-z])(?:(?:\d{1,3}|[A-Za-z])(?:栋|幢|座|号楼|单元)(?:\d{1,2}单元)?\d{2,5}(?:号房|室|房|号)?"
                   r"|\d{1,3}[-－]\d{3,4}(?:号房|室|房)|\d{3,5}(?:号房|室|房)(?![间屋型]))")
HEALTH_WORDS = ("住院", "出院", "门诊", "病历", "病史", "病情", "就医", "糖尿病", "高血压", "心脏病", "冠心病", "脑梗",
                "中风", "艾滋病", "艾滋", "阳性", "阴性", "精神病", "精神疾病", "精神分裂", "抑郁症", "躁郁症",
                "癫痫", "肿瘤", "白血病", "乙肝", "丙肝", "肝炎", "结核", "梅毒", "淋病", "性病", "残疾", "伤残",
                "怀孕", "妊娠", "流产", "吸毒", "戒毒", "透析", "化疗", "放疗", "智力障碍", "传染病")
# 癌 with the organ before it (肺癌, 胃癌), never 致癌/防癌/抗癌 (a substance or product, not a person's health).
_HEALTH_WORD = re.compile(r"(?<![A-Za-z])(?:HIV|AIDS)(?![A-Za-z])|(?:(?![致防抗])[\u4e00-\u9fff])?(?<![致防抗])癌症?|"
                          + "|".join(sorted(HEALTH_WORDS, key=len, reverse=True)))
_PHONE_AFTER = re.compile(r"((?:联系)?(?:电话|手机|手机号码?|联系方式|座机|微信号?|QQ号?)(?:号码)?(?:为|是)?[：:]?\s*)"
                          r"[0-9A-Za-z_\- ]{5,}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_CJK = r"\u4e00-\u9fff"
_ADMIN = (rf"(?:[{_CJK}]{{2,7}}?(?:省|自治区))?(?:[{_CJK}]{{2,7}}?(?:市|自治州|地区|盟))?"
          rf"(?:[{_CJK}]{{1,7}}?(?:区|县|旗))?")
_STREET = (rf"[{_CJK}0-9A-Za-z]{{0,14}}?(?:大道|路|街|巷|弄|胡同|里|村|社区|小区|花园|新村|公寓|大厦|广场|苑|庄|屯|"
           rf"镇|乡|街道)")
_NUMBER = rf"[0-9A-Za-z{_CJK}\-#（）()]{{0,16}}?(?:号楼|号|栋|幢|座|楼|层|室|房|铺|档|组)(?:[0-9A-Za-z\-]{{0,6}}(?:室|房|号|层))?"
_ADDRESS = re.compile(rf"(?P<admin>{_ADMIN})(?P<rest>{_STREET}{_NUMBER})")
_ADDRESS_AFTER = re.compile(rf"(?P<key>(?:住址|住所地?|家住|住在|居住地?|居住在|户籍地|户籍所在地|现住|暂住)(?:于|在|为|是)?[：:]?)"
                            rf"(?P<admin>{_ADMIN})(?P<rest>[^，。；、,;:：\s（(）)]{{1,40}})")
_ROLE_NAME = re.compile(rf"(?P<role>店员|员工|雇员|职工|工人|证人|举报人|投诉人|消费者|顾客|患者|监护人|父亲|母亲|"
                        rf"法定代表人|负责人|经营者|股东|实际控制人|司机|驾驶员|受害人|见证人|当事人之[{_CJK}]{{1,2}}|"
                        rf"表哥|表姐|表弟|表妹|堂兄|堂弟|哥哥|姐姐|弟弟|妹妹|丈夫|妻子|儿子|女儿|朋友|同事|邻居|亲属|房东|租户)"
                        rf"[：:]?(?P<name>[{_CJK}]{{2,3}}?)(?=[，。、；,;（(\s]|等|在|于|向|称|说|系|为|是|将|对|已|未|的|"
                        rf"与|和|及|$)")
_HEALTH = re.compile(rf"(?P<key>患有|确诊|诊断为|病史[：:]?|身患)[{_CJK}A-Za-z0-9]{{1,20}}")
_REPEATED_HIDDEN = re.compile(rf"(?:{re.escape(HIDDEN)}){{2,}}")
_CJK_NAME = re.compile(rf"[{_CJK}·]{{2,6}}")
_SURNAME_FREE = {"某", "某某"}


_TITLE = re.compile(r"(《[^《》]*》)")


def _outside_titles(pattern: re.Pattern, text: str) -> str:
    """``pattern`` hidden everywhere but inside 《…》: the title of a law or document (《传染病防治法》,
    《艾滋病防治条例》) names no one's health."""
    parts = _TITLE.split(text)
    return "".join(part if index % 2 else pattern.sub(HIDDEN, part) for index, part in enumerate(parts))


def normalise(text: str) -> str:
    """Full-width digits, letters, hyphen and space to ASCII, so ０１３９… is caught like 0139…"""
    return str(text or "").translate(_FULLWIDTH)


def pseudonym(name: str) -> str:
    """张三丰 → 张某某, 李四 → 李某: the way Chinese public notices refer to people."""
    name = name.strip()
    return name[:1] + "某" * max(1, len(name) - 1) if name else name


def _district(admin: str) -> str:
    return admin + HIDDEN if admin else HIDDEN


def mask_text(text: str, *, names: Iterable[str] = (), addresses: Iterable[str] = (), keep_names: Iterable[str] = (),
              all_addresses: bool = False) -> str:
    """``text`` as it may be published. ``names``: natural persons' names to hide (those in ``keep_names``, the
    punished party, stay); ``addresses``: known addresses of natural persons, hidden wherever they occur;
    ``all_addresses``: hide every street address (the punished party is a natural person)."""
    out = normalise(text)
    keep = {n.strip() for n in keep_names if n and n.strip()}
    for address in sorted({normalise(a).strip() for a in addresses if a and len(a.strip()) >= 4}, key=len, reverse=True):
        out = out.replace(address, HIDDEN)
    out = _EMAIL.sub(HIDDEN, out)
    out = _PHONE_AFTER.sub(lambda m: m.group(1) + HIDDEN, out)
    out = _LONG_DIGITS.sub(HIDDEN, out)
    out = _MOBILE.sub(HIDDEN, out)
    out = _LANDLINE.sub(HIDDEN, out)
    out = _ADDRESS_AFTER.sub(lambda m: m.group("key") + _district(m.group("admin")), out)
    if all_addresses:
        out = _ADDRESS.sub(lambda m: _district(m.group("admin")), out)
    out = _HEALTH.sub(lambda m: m.group("key") + HIDDEN, out)
    out = _outside_titles(_HEALTH_WORD, out)
    out = _CHINESE_NUMBER.sub(HIDDEN, out)
    out = _PLATE.sub(HIDDEN, out)
    out = _ROOM.sub(HIDDEN, out)
    out = _REPEATED_HIDDEN.sub(HIDDEN, out)
    for name in sorted({n.strip() for n in names if n and _CJK_NAME.fullmatch(n.strip())}, key=len, reverse=True):
        if name not in keep:
            out = out.replace(name, pseudonym(name))

    def role_name(match: re.Match) -> str:
        name = match.group("name")
        if name in keep or name[1:] in _SURNAME_FREE or name.endswith("某"):
            return match.group(0)
        return match.group(0)[:match.start("name") - match.start()] + pseudonym(name)

    return _ROLE_NAME.sub(role_name, out)


# --- what the case log knows about people -------------------------------------------------------------------------

_PERSON_KEYS = {"recipient", "legal_representative", "reporter", "received_by", "agent", "witness", "interviewee",
                "guardian", "signed_by", "contact"}
_PERSON_MARKERS = {"gender", "relation", "id_number", "employer", "position", "phone", "address"}


def people_in(value, found_names: set[str], found_addresses: set[str]) -> None:
    """Collect, from an act's data (any nesting), the names and addresses of natural persons: dicts that describe a
    person (kind = person, or a person's fields such as gender, relation, ID number) and the fields that name one
    (recipient, legal representative, complainant …). An organisation's own name and address are not collected."""
    if isinstance(value, dict):
        is_person = value.get("kind") == "person" or (
            value.get("kind") in (None, "") and bool(_PERSON_MARKERS & set(value)) and "credit_code" not in value)
        if is_person:
            if isinstance(value.get("name"), str):
                found_names.add(value["name"])
            if isinstance(value.get("address"), str):
                found_addresses.add(value["address"])
        for key, inner in value.items():
            if key in _PERSON_KEYS and isinstance(inner, str):
                found_names.add(inner)
            else:
                people_in(inner, found_names, found_addresses)
    elif isinstance(value, list | tuple):
        for inner in value:
            people_in(inner, found_names, found_addresses)
