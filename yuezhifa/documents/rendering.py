"""Rendering a document from its template chain and a context: HTML, and PDF through WeasyPrint with the Noto CJK fonts
embedded.

    render_html("penalty_decision", context, domain=market, body=bureau, on=date(2026, 3, 20)) -> str
    render_pdf("penalty_decision", context, ...) -> bytes

The template chain is the one in force for the domain, body and date (``selectors.template_chain``), or the chain of
one given template version (``template=``, for preview). Before rendering, the context is checked against the document
type's statutory contents: a missing one is a ``MissingContent`` error naming the content in Chinese and the article
that requires it.
"""

import functools
import html
import logging
import shutil
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path

from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.context import Context
from django.utils import timezone

from yuezhifa.core.errors import DomainError

from . import sandbox, selectors
from .errors import FontsMissing, MissingContent, RenderingUnavailable
from .models import DocumentTemplate, DocumentType

FONT_PACKAGE = "fonts-noto-cjk"
# Debian's fonts-noto-cjk; other distributions are found through fontconfig.
KNOWN_FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"),
                   Path("/usr/share/fonts/google-noto-cjk")]
# The faces the documents are set in: css family, weight → (file name, fontconfig pattern). Only these are declared
# with @font-face (WeasyPrint loads every declared face, and each CJK file is 20-27 MB); a template may still name
# "Noto Sans CJK SC" (黑体-like), which fontconfig finds and WeasyPrint embeds like any other font.
FONT_FILES = {
    ("YZF Serif", 400): ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC:style=Regular"),
    ("YZF Serif", 700): ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC:style=Bold"),
}


# --- fonts -------------------------------------------------------------------------------------------------------


def _fc_match(pattern: str) -> Path | None:
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    try:
        out = subprocess.run([fc_match, "-f", "%{file}", pattern], capture_output=True, text=True,  # noqa: S603
                             timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out) if out else None


@functools.cache
def font_files() -> dict[tuple[str, int], Path]:
    """The installed Noto CJK files for each face the documents use. Raises ``FontsMissing`` naming the Debian
    package when any is absent: a document rendered in a fallback font would not be the province's document."""
    found, missing = {}, []
    for face, (name, pattern) in FONT_FILES.items():
        path = next((d / name for d in KNOWN_FONT_DIRS if (d / name).is_file()), None)
        if path is None:
            matched = _fc_match(pattern)
            # fc-match always answers with something; only a Noto CJK file of the right family counts.
            if matched and matched.is_file() and matched.name.startswith(name.split("-")[0]):
                path = matched
        if path is None:
            missing.append(name)
        else:
            found[face] = path
    if missing:
        raise FontsMissing(
            f"未找到生成 PDF 所需的 Noto CJK 中文字体（{'、'.join(missing)}）。请在服务器上安装 Debian 软件包 "
            f"{FONT_PACKAGE}（以 root 运行 apt-get install {FONT_PACKAGE}），然后重启服务。")
    return found


def _font_face_css() -> str:
    rules = []
    for (family, weight), path in font_files().items():
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: normal; '
                     f'src: url("{path.as_uri()}"); }}')
    return "\n".join(rules)


# --- context -----------------------------------------------------------------------------------------------------


_MISSING = object()


def lookup(context, path: str):
    """``context["party"]["name"]`` for ``party.name``; ``_MISSING`` when any step is absent."""
    value = context
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return _MISSING
        value = value.get(part, _MISSING)
        if value is _MISSING:
            return _MISSING
    return value


def _is_empty(value) -> bool:
    if value is _MISSING or value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | Mapping):
        return len(value) == 0
    return False


def validate_context(doc_type: DocumentType, context: dict) -> None:
    """Every statutory content of ``doc_type`` must be present in ``context``; the error names the first missing
    content in Chinese with the article requiring it, and lists all of them in ``errors``."""
    if not isinstance(context, dict):
        raise DomainError("文书内容（context）必须是一个对象。", field="context")
    missing = []
    for entry in doc_type.required_fields or []:
        when = entry.get("when")
        if when and (_is_empty(lookup(context, when)) or lookup(context, when) is False):
            continue  # a switch that is off (absent, empty or False) does not require its contents
        if _is_empty(lookup(context, entry["key"])):
            missing.append(entry)
    if not missing:
        return

    def message(entry) -> str:
        text = f"缺少“{entry['label']}”（{entry['key']}）"
        if entry.get("basis"):
            return f"{text}：{entry['basis']}要求{doc_type.name}载明该内容。"
        return f"{text}：这是{doc_type.name}格式的必备内容。"

    first = missing[0]
    detail = message(first)
    if len(missing) > 1:
        detail += f"另有 {len(missing) - 1} 项必备内容缺失：{'、'.join(e['label'] for e in missing[1:])}。"
    raise MissingContent(detail, field=f"context.{first['key']}",
                         errors=[{"field": f"context.{e['key']}", "message": message(e)} for e in missing])


# --- composing ---------------------------------------------------------------------------------------------------


def _doc_type(code_or_type) -> DocumentType:
    if isinstance(code_or_type, DocumentType):
        return code_or_type
    doc_type = DocumentType.objects.filter(code=code_or_type).first()
    if doc_type is None:
        raise DomainError(f"没有代码为“{code_or_type}”的文书种类。", field="type")
    return doc_type


def page_setup(chain: list[DocumentTemplate]) -> dict:
    """The nearest page setting along the chain (an overlay may leave any of them to the template it builds on)."""
    setup = {"page_size": "A4", "orientation": "portrait", "margin_top": 37, "margin_right": 26,
             "margin_bottom": 35, "margin_left": 28}
    for template in chain:  # base first: later (more specific) values win
        for key in setup:
            value = getattr(template, key)
            if value not in (None, ""):
                setup[key] = value
    return setup


PAGE_WIDTH_MM = {"A4": (210, 297), "A3": (297, 420), "B5": (176, 250)}


def _page_css(setup: dict) -> str:
    return (f"@page {{ size: {setup['page_size']} {setup['orientation']}; margin: {setup['margin_top']}mm "
            f"{setup['margin_right']}mm {setup['margin_bottom']}mm {setup['margin_left']}mm; }}")


def _screen_css(setup: dict) -> str:
    """On screen (the HTML preview) the page is drawn as a sheet of the same size and margins. Comes after the
    template's stylesheet, so a ``body { margin: 0 }`` there does not undo it."""
    width, height = PAGE_WIDTH_MM.get(setup["page_size"], (210, 297))
    if setup["orientation"] == "landscape":
        width, height = height, width
    padding = (f"{setup['margin_top']}mm {setup['margin_right']}mm {setup['margin_bottom']}mm "
               f"{setup['margin_left']}mm")
    return (f"@media screen {{ html {{ background: #e9e9e9; }} body {{ box-sizing: border-box; width: {width}mm; "
            f"min-height: {height}mm; margin: 6mm auto; padding: {padding}; background: #fff; "
            f"box-shadow: 0 1px 4px rgba(0,0,0,.25); }} }}")


def render_body(chain: list[DocumentTemplate], context: dict) -> str:
    """The document's markup from the chain (base first), in the sandbox; checked against the markup allow-list."""
    sources = {}
    for index, template in enumerate(chain):
        name = sandbox.template_name(template.pk)
        if index == 0:
            sources[name] = template.source
        else:
            parent = sandbox.template_name(chain[index - 1].pk)
            sources[name] = f'{{% extends "{parent}" %}}' + template.source
    engine = sandbox.SandboxEngine(sources)
    top = chain[-1]
    try:
        compiled = engine.get_template(sandbox.template_name(top.pk))
        markup = compiled.render(Context(sandbox.freeze(context), autoescape=True))
    except (TemplateSyntaxError, TemplateDoesNotExist, ValueError, TypeError, ArithmeticError, RecursionError) as exc:
        raise DomainError(f"模板“{top}”无法渲染：{sandbox.syntax_message(exc)}", field="source") from None
    sandbox.check_markup(markup, template_label=str(top))
    return markup


def _title(doc_type: DocumentType, context: dict) -> str:
    number = lookup(context, "document_number")
    return doc_type.name + (f" {number}" if isinstance(number, str) and number else "")


def compose(doc_type_code, context: dict, *, domain=None, body=None, on=None, template=None,
            for_pdf: bool = False) -> str:
    doc_type = _doc_type(doc_type_code)
    if template is not None:
        if template.doc_type_id != doc_type.pk:
            raise DomainError(f"模板“{template}”不属于“{doc_type.name}”。", field="template")
        chain = selectors.template_lineage(template)
    else:
        chain = selectors.template_chain(doc_type, domain=domain, body=body, on=on or timezone.localdate())
    validate_context(doc_type, context)
    markup = render_body(chain, context)
    setup = page_setup(chain)
    fonts = _font_face_css() if for_pdf else ""
    css = "\n".join(t.css for t in chain if t.css)
    author = lookup(context, "body.name")
    head = [
        '<meta charset="utf-8">',
        f"<title>{html.escape(_title(doc_type, context))}</title>",
        f'<meta name="author" content="{html.escape(author)}">' if isinstance(author, str) else "",
        f'<meta name="keywords" content="{html.escape(doc_type.name)}">',
        f"<style>\n{fonts}\n{_page_css(setup)}\n</style>",
        f"<style>\n{css}\n</style>",
        "" if for_pdf else f"<style>\n{_screen_css(setup)}\n</style>",
    ]
    versions = " ".join(f"{t.pk}" for t in chain)
    return ("<!DOCTYPE html>\n"
            f'<html lang="zh-CN">\n<head>\n{chr(10).join(h for h in head if h)}\n</head>\n'
            f'<body class="yzf-document doc-{doc_type.code}" data-templates="{versions}">\n{markup}\n</body>\n</html>\n')


def render_html(doc_type_code, context: dict, *, domain=None, body=None, on=None, template=None) -> str:
    """The document as a standalone HTML page (fonts by family name; no file URLs)."""
    return compose(doc_type_code, context, domain=domain, body=body, on=on, template=template)


# --- PDF ---------------------------------------------------------------------------------------------------------


_local = threading.local()
# WeasyPrint reports each layout step at INFO; a server rendering documents all day only wants its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _weasyprint():
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # OSError: Pango/HarfBuzz libraries missing
        raise RenderingUnavailable(
            f"无法加载 WeasyPrint（{exc}）。请安装 Python 依赖 weasyprint 以及系统软件包 libpango-1.0-0、"
            f"libpangoft2-1.0-0、libharfbuzz-subset0 和 {FONT_PACKAGE}。") from None
    return weasyprint, FontConfiguration


def _font_config():
    """One font configuration per thread, so the (large) CJK files are loaded once, not for every document."""
    config = getattr(_local, "font_config", None)
    if config is None:
        _weasy, font_configuration = _weasyprint()
        config = _local.font_config = font_configuration()
    return config


@functools.cache
def _url_fetcher_class():
    weasyprint, _ = _weasyprint()

    class FontsOnlyFetcher(weasyprint.URLFetcher):
        """WeasyPrint may read the font files and nothing else: no network, no other local file (a template that
        tried to embed /etc/passwd as an attachment gets nothing)."""

        def fetch(self, url, headers=None):
            allowed = {path.as_uri() for path in font_files().values()}
            if url not in allowed:
                raise ValueError(f"文书渲染不允许访问外部资源：{url[:80]}")
            return super().fetch(url, headers)

    return FontsOnlyFetcher


def render_pdf(doc_type_code, context: dict, *, domain=None, body=None, on=None, template=None) -> bytes:
    """The document as PDF bytes with its fonts embedded (subset)."""
    font_files()  # fail early, with the package name, before any work
    page = compose(doc_type_code, context, domain=domain, body=body, on=on, template=template, for_pdf=True)
    return html_to_pdf(page)


def html_to_pdf(page: str) -> bytes:
    """A complete HTML page as PDF bytes, with only the local fonts fetchable (no network, no other files)."""
    font_files()
    weasyprint, _ = _weasyprint()
    fetcher = _url_fetcher_class()(allowed_protocols={"file"})
    document = weasyprint.HTML(string=page, url_fetcher=fetcher, base_url=None)
    return document.write_pdf(font_config=_font_config())
