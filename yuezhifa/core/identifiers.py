"""Validation of Chinese identifiers with Chinese error messages (LEGAL.md §6).

``python-stdnum`` does the check-character arithmetic; the rules around it are ours, because stdnum's are wrong for
real numbers in two places:

- 统一社会信用代码: stdnum rejects codes whose first two positions (登记管理部门码, 机构类别码) are letters, yet such
  codes are real (N = 农业, Y = 其他, A = 中央军委改革和编制办公室 …). ``validate_credit_code`` checks the
  GB 32100-2015 structure itself.
- 居民身份证号码: stdnum requires the area code to have existed in the birth year. A number carries the area where it
  was issued, not where or when its holder was born, so that rule rejects real numbers (a Hainan number of someone
  born before 1988, a Chongqing one before 1997, a Dongguan one before 1988) and the 港澳台居民居住证 numbers (81, 82,
  83) that share the format. ``validate_resident_id`` checks the format, a real birth date not in the future, a
  province-level prefix and the check character.
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric, uscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Province-level prefixes of GB/T 2260 (71 = 台湾), plus 81/82/83 of the 港澳台居民居住证 numbers.
PROVINCE_PREFIXES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
})
EARLIEST_BIRTH_YEAR = 1850


def _compact(value: str) -> str:
    """Full-width characters to ASCII (users type ９１４４…), whitespace removed, upper case."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(text.split()).upper()


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def validate_credit_code(value: str, field: str = "统一社会信用代码") -> str:
    """Return the normalised 18-character 统一社会信用代码 or raise ``ValidationError`` naming ``field``."""
    code = _compact(value)
    if not code:
        raise ValidationError(f"{field}不能为空。", code="required")
    if len(code) != 18:
        raise ValidationError(f"{field}应为 18 位，实际为 {len(code)} 位：{code}", code="length")
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            f"{field}含有不允许的字符 {'、'.join(bad)}（不使用 I、O、Z、S、V）：{code}", code="format")
    if not _ascii_digits(code[2:8]):
        raise ValidationError(f"{field}第 3-8 位应为登记管理机关行政区划码（数字）：{code}", code="format")
    expected = uscc.calc_check_digit(code[:17])
    if code[-1] != expected:
        raise ValidationError(f"{field}校验码错误：{code}（最后一位应为 {expected}）", code="checksum")
    return code


def validate_resident_id(value: str, field: str = "居民身份证号码") -> str:
    """Return the normalised 18-character 居民身份证号码 (GB 11643-1999) or raise ``ValidationError`` naming ``field``.
    Messages never repeat the number: it is personal data."""
    number = _compact(value)
    if not number:
        raise ValidationError(f"{field}不能为空。", code="required")
    if len(number) != 18:
        raise ValidationError(f"{field}应为 18 位，实际为 {len(number)} 位。", code="length")
    if not _ascii_digits(number[:17]) or number[17] not in "0123456789X":
        raise ValidationError(f"{field}格式错误：前 17 位应为数字，最后一位为数字或 X。", code="format")
    if number[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(f"{field}前 6 位地址码无效：前两位应为省级行政区划代码。", code="component")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(f"{field}第 7-14 位出生日期无效。", code="component")
    if birth > timezone.localdate():
        raise ValidationError(f"{field}第 7-14 位出生日期晚于今天。", code="component")
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValidationError(f"{field}校验码错误（最后一位应为 {expected}）。", code="checksum")
    return number


def is_valid_credit_code(value: str) -> bool:
    try:
        validate_credit_code(value)
    except ValidationError:
        return False
    return True


def is_valid_resident_id(value: str) -> bool:
    try:
        validate_resident_id(value)
    except ValidationError:
        return False
    return True
