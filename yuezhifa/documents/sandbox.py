"""The sandbox document templates run in.

Templates are data written by administrators (the province's, and a body's for its own overlays), so they run with less
than Django's usual powers:

- a dedicated ``Engine`` (never the site's), whose only loader holds the templates of the chain being rendered;
- only the tags and filters listed below: no ``{% load %}``, ``{% include %}``, ``{% debug %}``, ``{% url %}``,
  ``{% autoescape %}``, ``|safe`` …; autoescaping is always on;
- Django itself refuses variables and attributes that begin with an underscore (``{{ x.__class__ }}``);
- the context is frozen into plain read-only data (``freeze``): no model instances, no methods that change anything;
- the rendered markup is checked against an allow-list of document elements and attributes (``check_markup``): no
  script, style, link, image, form or comment can come out of a template, whatever the template does.

The PDF renderer adds the last layer: WeasyPrint may fetch nothing but the font files (``rendering``).
"""

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from types import MappingProxyType

from django import template
from django.template import Engine, TemplateSyntaxError, defaultfilters, defaulttags, loader_tags
from django.template.base import TextNode
from django.template.defaulttags import CommentNode
from django.template.loader_tags import BlockNode, ExtendsNode

from yuezhifa.core.errors import DomainError

register = template.Library()

ALLOWED_TAGS = {
    "block", "comment", "cycle", "extends", "firstof", "for", "if", "ifchanged", "now", "regroup", "resetcycle",
    "spaceless", "templatetag", "verbatim", "widthratio", "with",
}
ALLOWED_FILTERS = {
    "add", "capfirst", "center", "cut", "date", "default", "default_if_none", "divisibleby", "escape", "first",
    "floatformat", "force_escape", "join", "last", "length", "linebreaks", "linebreaksbr", "ljust", "lower",
    "make_list", "rjust", "slice", "stringformat", "striptags", "time", "title", "truncatechars", "truncatewords",
    "upper", "wordwrap", "yesno",
}

for _library in (defaulttags.register, loader_tags.register):
    for _name, _tag in _library.tags.items():
        if _name in ALLOWED_TAGS:
            register.tags[_name] = _tag
for _name, _filter in defaultfilters.register.filters.items():
    if _name in ALLOWED_FILTERS:
        register.filters[_name] = _filter


@register.tag("load")
def _refuse_load(parser, token):
    raise TemplateSyntaxError("文书模板不能使用 {% load %} 加载标签库，只能使用平台提供的标签和过滤器。")


# --- filters for Chinese official documents -------------------------------------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]
_CN_NUMERALS = "〇一二三四五六七八九"


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None


def _four_digits(n: int) -> str:
    """0 < n < 10000 in capital numerals with the zeros an amount is written with: 1005 → 壹仟零伍."""
    out, zero = "", False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _SMALL_UNITS[position]
    return out


def rmb_upper(value) -> str:
    """An amount in yuan written in capitals as cheques and decisions write it (中国人民银行《正确填写票据和结算凭证的
    基本规定》): 50000 → 伍万元整, 1005.05 → 壹仟零伍元零伍分, 0.5 → 伍角."""
    amount = to_decimal(value)
    if amount is None:
        return ""
    if amount < 0:
        return "负" + rmb_upper(-amount)
    cents = int((amount * 100).quantize(Decimal("1")))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = ""
    if yuan:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        pending_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                pending_zero = bool(text)
                continue
            if text and (pending_zero or group < 1000):
                text += "零"
            text += _four_digits(group) + _BIG_UNITS[index]
            pending_zero = False
        text += "元"
    if not jiao and not fen:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text


def yuan(value) -> str:
    """50000 → 50,000.00 (the figure beside the capitals)."""
    amount = to_decimal(value)
    if amount is None:
        return ""
    return f"{amount.quantize(Decimal('0.01')):,}"


def to_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def cn_date(value) -> str:
    """2026-03-05 → 2026年3月5日 (GB/T 9704-2012 7.3.5.1: Arabic numerals, no leading zeros)."""
    day = to_date(value)
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def cn_datetime(value) -> str:
    """2026-03-05 14:30 → 2026年3月5日14时30分."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            return cn_date(value)
    if not isinstance(value, datetime.datetime):
        return cn_date(value)
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日{value.hour}时{value.minute:02d}分"


def cn_number(value) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (for 第一、（二） and the like; 1-99)."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return ""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    if tens == 0:
        return _CN_NUMERALS[units]
    return ("" if tens == 1 else _CN_NUMERALS[tens]) + "十" + (_CN_NUMERALS[units] if units else "")


def you(party) -> str:
    """How a notice addresses the party: 你 (a natural person) or 你单位."""
    kind = party.get("kind") if isinstance(party, Mapping) else None
    return "你" if kind == "person" else "你单位"


def paragraphs(value) -> tuple:
    """A text or a list of texts as a sequence of paragraphs: a text is split at its line breaks, so a template can
    loop over ``facts|paragraphs`` whether the context gives one text or several."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(line.strip() for line in value.splitlines() if line.strip())
    if isinstance(value, list | tuple):
        return tuple(value)
    return (value,)


def join_cn(value) -> str:
    """Citations or names joined as Chinese writes a series: A、B、C (a single text stays as it is)."""
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value if item not in (None, ""))
    return "" if value is None else str(value)


CUSTOM_FILTERS = {"rmb_upper": rmb_upper, "yuan": yuan, "cn_date": cn_date, "cn_datetime": cn_datetime,
                  "cn_number": cn_number, "you": you, "paragraphs": paragraphs, "join_cn": join_cn}
for _name, _func in CUSTOM_FILTERS.items():
    register.filter(_name, _func)


# --- the engine --------------------------------------------------------------------------------------------------


class SandboxEngine(Engine):
    """An Engine whose built-in library is this module's allow-list instead of Django's full set."""

    default_builtins: list[str] = []

    def __init__(self, templates: dict[str, str]):
        super().__init__(
            loaders=[("django.template.loaders.locmem.Loader", templates)],
            builtins=["yuezhifa.documents.sandbox"],
            libraries={},
            autoescape=True,
            debug=False,
            string_if_invalid="",
        )


def template_name(pk) -> str:
    return f"yzf/{pk}"


def syntax_message(exc: Exception) -> str:
    text = str(exc)
    if text.startswith("Invalid block tag"):
        match = re.search(r"'(\w+)'", text)
        tag = match.group(1) if match else ""
        return f"不允许或无法识别的标签 {{% {tag} %}}：文书模板只能使用 {', '.join(sorted(ALLOWED_TAGS - {'extends'}))}。"
    if text.startswith("Invalid filter"):
        match = re.search(r"'(\w+)'", text)
        name = match.group(1) if match else ""
        allowed = sorted(ALLOWED_FILTERS | set(CUSTOM_FILTERS))
        return f"不允许或无法识别的过滤器 |{name}：文书模板只能使用 {', '.join(allowed)}。"
    if "may not begin with underscores" in text:
        return "模板变量及其属性不能以下划线开头（不允许访问内部属性）。"
    return text


def compile_source(source: str, *, overlay: bool) -> list[str]:
    """Compile a template's text alone in the sandbox and return the names of its top-level blocks, or raise
    ``DomainError`` (field ``source``) saying in Chinese what is wrong."""
    engine = SandboxEngine({"check": source})
    try:
        compiled = engine.get_template("check")
    except TemplateSyntaxError as exc:
        raise DomainError(f"模板语法错误：{syntax_message(exc)}", field="source") from None
    nodelist = compiled.nodelist
    if nodelist.get_nodes_by_type(ExtendsNode):
        raise DomainError("模板正文不能使用 {% extends %}：个性化模板通过“基于模板”指定所继承的模板。", field="source")
    top = [node.name for node in nodelist if isinstance(node, BlockNode)]
    if overlay:
        stray = [node for node in nodelist if not isinstance(node, BlockNode)
                 and not (isinstance(node, TextNode) and not node.s.strip())
                 and not isinstance(node, CommentNode)]
        if stray:
            raise DomainError("个性化模板只能由 {% block 名称 %}…{% endblock %} 区块组成，区块以外的内容不会显示。",
                              field="source")
        if not top:
            raise DomainError("个性化模板至少要替换一个 {% block %} 区块。", field="source")
    return top


def block_names(source: str) -> set[str]:
    """Every block name a template defines, nested ones included (the names an overlay on it may replace)."""
    engine = SandboxEngine({"check": source})
    try:
        compiled = engine.get_template("check")
    except TemplateSyntaxError:
        return set()
    return {node.name for node in compiled.nodelist.get_nodes_by_type(BlockNode)}


# --- the context -------------------------------------------------------------------------------------------------

_PLAIN = (str, int, float, Decimal, bool, datetime.date, datetime.datetime, datetime.time, type(None))


def freeze(value, path: str = "context"):
    """Plain, read-only data for the template: mappings become read-only proxies, sequences tuples; anything else
    (a model instance, a function) is refused, so no template can call a method that changes something."""
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise DomainError(f"上下文字段名必须是字符串：{path}。", field=path)
            out[key] = freeze(item, f"{path}.{key}")
        return MappingProxyType(out)
    if isinstance(value, list | tuple):
        return tuple(freeze(item, f"{path}[{i}]") for i, item in enumerate(value))
    if isinstance(value, _PLAIN):
        return value
    raise DomainError(f"上下文字段 {path} 的类型（{type(value).__name__}）不能用于文书模板，只能是文字、数字、日期、列表或字典。",
                      field=path)


# --- the output --------------------------------------------------------------------------------------------------

ALLOWED_ELEMENTS = {
    "abbr", "article", "aside", "b", "blockquote", "br", "caption", "col", "colgroup", "dd", "div", "dl", "dt", "em",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "li", "main", "ol", "p",
    "s", "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"class", "id", "colspan", "rowspan", "lang", "title", "datetime", "role", "start", "scope"}


class _MarkupChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def _check(self, tag, attrs):
        if tag not in ALLOWED_ELEMENTS:
            self.problems.append(f"元素 <{tag}>")
        for name, _value in attrs:
            if name not in ALLOWED_ATTRIBUTES and not name.startswith("data-"):
                self.problems.append(f"属性 {name}（<{tag}>）")

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_comment(self, data):
        self.problems.append("HTML 注释")

    def handle_decl(self, decl):
        self.problems.append(f"声明 <!{decl}>")

    def unknown_decl(self, data):
        self.problems.append("CDATA 段")

    def handle_pi(self, data):
        self.problems.append("处理指令")


def check_markup(html: str, *, template_label: str = "") -> None:
    """Refuse rendered markup with anything but document elements: no script, style, link, image, form, iframe,
    event handler, inline style or comment. Styling belongs in the template's stylesheet."""
    checker = _MarkupChecker()
    checker.feed(html)
    checker.close()
    if "<!--" in html:
        checker.problems.append("HTML 注释")
    if checker.problems:
        unique = list(dict.fromkeys(checker.problems))
        where = f"模板“{template_label}”" if template_label else "模板"
        raise DomainError(
            f"{where}输出了不允许的内容：{'、'.join(unique[:5])}。文书模板只能使用段落、标题、表格、列表等排版元素"
            f"（允许的属性：{'、'.join(sorted(ALLOWED_ATTRIBUTES))}、data-*），样式写在“样式表”中。",
            field="source")
