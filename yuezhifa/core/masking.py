"""Masking personal data for display (DESIGN §5.5, 个人信息保护法 第28条)."""


def mask_id_number(value: str | None) -> str:
    """11010519491231002X → 110105********002X: region and the last four stay, the birth date goes."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """张三丰 → 张**: the surname stays."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
