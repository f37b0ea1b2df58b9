"""Masking personal data for display (DESIGN §5.5, 个人信息保护法 第28条).

Every function keeps the length of its input once whitespace is removed, so a masked value still looks like
what it hides, and never returns a non-empty value unmasked.
"""


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
