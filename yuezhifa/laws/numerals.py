"""Chinese numerals as statutes write them: 第一千二百六十条, 第十一章, （二十三）."""

from functools import lru_cache

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_DIGIT_CHARS = "零一二三四五六七八九"

CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"


@lru_cache(maxsize=4096)
def cn_to_int(text: str) -> int:
    """``"一千二百六十"`` → 1260, ``"十一"`` → 11, ``"一百零五"`` → 105. Also accepts ASCII or full-width digits.

    Raises ``ValueError`` for anything that is not a numeral.
    """
    text = text.strip()
    if not text:
        raise ValueError("空的数字")
    ascii_digits = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if ascii_digits.isascii() and ascii_digits.isdigit():
        return int(ascii_digits)
    total, current = 0, None
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if current is None else current) * _UNITS[char]
            current = None
        else:
            raise ValueError(f"“{text}”不是中文数字")
    if current is not None:
        # A bare digit sequence such as "一二" is not a statutory numeral; only a final digit is allowed.
        total += current
    return total


@lru_cache(maxsize=4096)
def int_to_cn(number: int) -> str:
    """1260 → ``"一千二百六十"``, 11 → ``"十一"``, 105 → ``"一百零五"``, 110 → ``"一百一十"``."""
    if number < 0:
        raise ValueError("负数")
    if number == 0:
        return "零"
    if number >= 10000:
        raise ValueError("超过一万")
    parts: list[str] = []
    zero_pending = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit)
        if digit:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            parts.append(_DIGIT_CHARS[digit] + name)
        elif parts:
            zero_pending = True
    result = "".join(parts)
    return result[1:] if result.startswith("一十") else result
