"""The API's JSON parser: a body the database or Python cannot hold is a 400 naming the problem, never a 500.

Integers are limited to 64 bits (the widest column any model has; narrower columns are checked by their serializers),
floats must be finite (``1e400`` is not infinity), ``NaN``/``Infinity`` are not JSON, text must not hold U+0000
(PostgreSQL cannot store it), and nesting too deep for Python is refused instead of raising ``RecursionError``."""

import codecs
import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .filters import INT64_MAX, INT64_MIN


class _Refused(ValueError):
    pass


def _int(text: str) -> int:
    value = int(text)  # more than 4,300 digits is already a ValueError
    if not INT64_MIN <= value <= INT64_MAX:
        raise _Refused(f"整数 {text[:30]}{'…' if len(text) > 30 else ''} 超出范围（-2^63 至 2^63-1）。")
    return value


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"数值 {text[:30]} 超出范围。")
    return value


def _constant(text: str):
    raise _Refused(f"{text} 不是有效的 JSON 数值。")


def _refuse_nul(value) -> None:
    """PostgreSQL text cannot hold U+0000: a string (or key) with it is refused here, wherever it is nested."""
    if isinstance(value, str):
        if "\x00" in value:
            raise _Refused("文本含有空字符（U+0000），请删除后重试。")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item)


def loads(text: str):
    """JSON text under the same rules as a request body (a form field holding JSON); any refusal is a ValueError."""
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise ValueError("JSON 嵌套过深。") from None
    _refuse_nul(data)
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            data = json.load(codecs.getreader(encoding)(stream), parse_int=_int, parse_float=_float,
                             parse_constant=_constant)
            _refuse_nul(data)
            return data
        except _Refused as exc:
            raise ParseError(f"请求体中的{exc}") from None
        except RecursionError:
            raise ParseError("请求体的 JSON 嵌套过深。") from None
        except ValueError as exc:  # JSONDecodeError, bad encoding
            raise ParseError(f"请求体不是有效的 JSON：{exc}") from None
