"""Validation of Chinese identifiers with Chinese error messages (LEGAL.md §6).

``python-stdnum`` does the arithmetic. Its USCC check rejects codes whose first two positions (登记管理部门码 and
机构类别码) are letters, yet such codes are real (N = 农业, Y = 工会, A = 中央军委改革和编制办公室 …), so
``validate_credit_code`` checks the GB 32100-2015 format itself and uses stdnum only for the check character.
"""

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _compact(value: str) -> str:
    return "".join(str(value or "").split()).upper()


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
    if not code[2:8].isdigit():
        raise ValidationError(f"{field}第 3-8 位应为登记管理机关行政区划码（数字）：{code}", code="format")
    expected = uscc.calc_check_digit(code)
    if code[-1] != expected:
        raise ValidationError(f"{field}校验码错误：{code}（最后一位应为 {expected}）", code="checksum")
    return code


def validate_resident_id(value: str, field: str = "居民身份证号码") -> str:
    """Return the normalised 18-character 居民身份证号码 (GB 11643-1999) or raise ``ValidationError`` naming ``field``."""
    number = _compact(value)
    if not number:
        raise ValidationError(f"{field}不能为空。", code="required")
    try:
        return ric.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(f"{field}应为 18 位，实际为 {len(number)} 位。", code="length") from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            f"{field}校验码错误（最后一位应为 {ric.calc_check_digit(number)}）。", code="checksum") from None
    except stdnum_errors.InvalidComponent:
        raise ValidationError(f"{field}中的出生日期或地区码无效。", code="component") from None
    except stdnum_errors.ValidationError:
        raise ValidationError(f"{field}格式错误：前 17 位应为数字，最后一位为数字或 X。", code="format") from None


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
