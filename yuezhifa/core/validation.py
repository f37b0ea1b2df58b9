"""Turning validation failures into errors that name the field, and validators shared by forms and imports."""

import re
import unicodedata
from contextlib import contextmanager

from django.core.exceptions import ValidationError

from .errors import DomainError, _join


@contextmanager
def field_error(field: str):
    """Re-raise a ``ValidationError`` from the block as a ``DomainError`` naming ``field``."""
    try:
        yield
    except ValidationError as exc:
        raise DomainError(_join(exc.messages), field=field) from None


def refuse_nul(text: str, *, field: str, label: str) -> str:
    """``text`` back, or a DomainError naming ``field`` when it holds U+0000, which PostgreSQL text cannot store (a
    4xx, never a 500)."""
    if "\x00" in text:
        raise DomainError(f"{label}含有空字符（U+0000），请删除后重试。", field=field)
    return text


# --- phone numbers ---------------------------------------------------------------------------------------------------

PHONE_FORMAT = "手机号码（11 位，1 开头，如 13812345678）或带区号的固定电话（如 020-87654321，分机写作 020-87654321-123）"
_MOBILE = re.compile(r"(?:\+?86-?)?(1[3-9]\d{9})")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(?:(?:-|转|#|[eE][xX][tT]\.?|[xX])\d{1,6})?")


def normalise_phone(value: str | None) -> str:
    """The number as typed without spaces, full-width characters made half-width (“１３８ １２３４ ５６７８” → 13812345678)."""
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split()).replace("—", "-").replace("－", "-")


def validate_phone(value: str | None, field: str = "联系电话") -> str:
    """A mainland phone number, normalised (``""`` for an empty value), or ``ValidationError`` naming ``field``:
    a mobile number ``1[3-9]`` followed by nine digits (a leading +86 dropped), or a landline with its area code
    ``0\\d{2,3}-?\\d{7,8}`` and an optional extension (written ``-123`` after the number)."""
    text = normalise_phone(value)
    if not text:
        return ""
    mobile = _MOBILE.fullmatch(text)
    if mobile:
        return mobile.group(1)
    if _LANDLINE.fullmatch(text):
        return text  # kept as written: without a hyphen the area code's length is not known
    raise ValidationError(f"{field}“{text}”格式不正确，应为{PHONE_FORMAT}。", code="phone")


def is_valid_phone(value: str | None) -> bool:
    try:
        validate_phone(value)
    except ValidationError:
        return False
    return True
