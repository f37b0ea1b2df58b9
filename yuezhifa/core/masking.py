"""Masking personal data for display (DESIGN §5.5, 个人信息保护法 第28条).

Every function keeps the length of its input once whitespace is removed, so a masked value still looks like
what it hides, and never returns a non-empty value unmasked.
"""

import re


def _clean(value: str | None) -> str:
    return "".join(str(value or "").split())


def mask_id_number(value: str | None) -> str:
    """11010519491231002X → 110105********002X: the area code and the last four stay, the birth date goes.
    A 15-digit number of the old format (birth date in positions 7-12) keeps its last three only; any other
    certificate number keeps at most a quarter of its characters at each end."""
    text = _clean(value)
    n = len(text)
    if n == 18:
        return text[:6] + "*" * 8 + text[-4:]
    if n == 15:
        return text[:6] + "*" * 6 + text[-3:]
    keep = n // 4
    return text[:keep] + "*" * (n - 2 * keep) + text[n - keep:] if keep else "*" * n


def mask_phone(value: str | None) -> str:
    """13812345678 → 138****5678; 020-87654321 → 020*****4321; a short number keeps its last four at most."""
    text = _clean(value)
    n = len(text)
    if n >= 11:
        return text[:3] + "*" * (n - 7) + text[-4:]
    if n >= 8:
        return "*" * (n - 4) + text[-4:]
    return "*" * n


def mask_name(value: str | None) -> str:
    """张三丰 → 张**: the surname stays; a one-character name is masked entirely."""
    text = str(value or "").strip()
    if len(text) <= 1:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 1)


# Fields of a person that no list, page, API answer or export shows in full (DESIGN §5.5 and §5.9), wherever they
# occur in a record (a party, a witness, a recipient's service address): the field name → its masking.
PERSONAL_FIELDS = {"id_number": mask_id_number, "phone": mask_phone}


def mask_personal(value):
    """A copy of ``value`` (dicts and lists at any depth, as an act's data) with every field of ``PERSONAL_FIELDS``
    masked. The input is never changed; masking a masked value gives it back unchanged."""
    if isinstance(value, dict):
        return {key: PERSONAL_FIELDS[key](inner) if key in PERSONAL_FIELDS and isinstance(inner, str) and inner
                else mask_personal(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [mask_personal(inner) for inner in value]
    return value


_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")


def mask_text(value: str | None) -> str:
    """Free text (a complaint, a note) with the identity numbers and phone numbers in it masked, for lists: the text
    stays readable, the numbers do not leave."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(1)), str(value or ""))
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(1)), text)


def mask_contact(value: str | None) -> str:
    """A contact left with a complaint: a phone number as ``mask_phone``, an e-mail address keeps the first letter and
    the domain, anything else as a name."""
    text = _clean(value)
    if not text:
        return ""
    if "@" in text:
        local, _, domain = text.partition("@")
        return (local[:1] + "*" * max(len(local) - 1, 0)) + "@" + domain
    if sum(c.isdigit() for c in text) >= 7:
        return mask_phone(text)
    return mask_name(text)
