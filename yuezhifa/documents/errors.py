"""Errors of the document library, each with its own problem ``code``."""

from yuezhifa.core.errors import Conflict, DomainError


class NoActiveTemplate(DomainError):
    code = "no_active_template"
    title = "该文书尚无生效模板"


class OverlayCycle(Conflict):
    code = "overlay_cycle"
    title = "个性化模板不能循环叠加"


class MissingContent(DomainError):
    code = "missing_content"
    title = "文书缺少法定必备内容"


class FontsMissing(DomainError):
    status_code = 503
    code = "fonts_missing"
    title = "服务器缺少中文字体"


class RenderingUnavailable(DomainError):
    status_code = 503
    code = "pdf_unavailable"
    title = "服务器无法生成 PDF"
