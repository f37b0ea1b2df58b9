"""Domain errors and their rendering as RFC 9457 problem details with Chinese messages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class DomainError(Exception):
    """A business rule refused the request. ``field`` names the offending input where there is one."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    code = "domain_error"
    title = "请求无法处理"

    def __init__(self, message: str, *, field: str | None = None, errors: list | None = None, **extra):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or []
        self.extra = extra


class NotAllowed(DomainError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "not_allowed"
    title = "无权执行此操作"


class TooManyAttempts(DomainError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "too_many_attempts"
    title = "尝试次数过多"


class Conflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"
    title = "数据冲突"


_TITLES = {
    400: "请求有误",
    401: "未登录或登录已失效",
    403: "无权访问",
    404: "未找到",
    405: "不支持该请求方法",
    406: "不支持请求的格式",
    409: "数据冲突",
    413: "上传内容过大",
    415: "不支持的内容类型",
    422: "请求无法处理",
    429: "请求过于频繁",
}


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF validation detail → [{"field": ..., "message": ...}] with dotted field paths."""
    if isinstance(detail, dict):
        out: list[dict] = []
        for key, value in detail.items():
            if isinstance(key, int):  # a list's item (a ListField's child): instalments[0].due_on
                out.extend(_flatten(value, f"{prefix}[{key}]"))
                continue
            name = key if key != "non_field_errors" else ""
            out.extend(_flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix)))
        return out
    if isinstance(detail, list):
        out = []
        for i, value in enumerate(detail):
            if isinstance(value, dict | list) and not isinstance(value, str):
                out.extend(_flatten(value, f"{prefix}[{i}]" if prefix else str(i)))
            else:
                out.append({"field": prefix or None, "message": str(value)})
        return out
    return [{"field": prefix or None, "message": str(detail)}]


def _join(messages) -> str:
    """Join Chinese messages with "；" without doubling the full stop each one may end with."""
    parts = [m.rstrip("。") for m in messages if m]
    return "；".join(parts) + "。" if parts else ""


def problem_response(status_code: int, detail: str, *, title: str | None = None, code: str | None = None,
                     **extra) -> Response:
    body = {"type": "about:blank", "title": title or _TITLES.get(status_code, "错误"), "status": status_code,
            "detail": detail}
    if code:
        body["code"] = code
    body.update({k: v for k, v in extra.items() if v not in (None, [], {})})
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.4g} MB"
    return f"{size / 1024:.4g} KB"


def upload_limit_message(exc: Exception | None = None) -> tuple[int, str, str]:
    """(status, code, Chinese message) for a request over the upload limits (settings ``YZF_UPLOAD_MAX_BYTES``,
    ``YZF_UPLOAD_MAX_FILES``); ``exc`` is Django's SuspiciousOperation when it was Django that noticed."""
    from django.conf import settings

    if isinstance(exc, TooManyFilesSent):
        return 413, "too_many_files", (f"一次最多上传 {settings.DATA_UPLOAD_MAX_NUMBER_FILES} 个文件（files），"
                                       "请分批上传。")
    if isinstance(exc, TooManyFieldsSent):
        return 400, "too_many_fields", f"请求中的字段超过 {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} 个。"
    return 413, "too_large", (f"请求内容超过 {_size(settings.YZF_UPLOAD_MAX_BYTES)} 的上限（含上传文件），"
                              "请压缩或分批上传。")


def too_large_response(request, exc: Exception | None = None):
    """A request over the upload limits: problem+json under /api/, a short Chinese page elsewhere."""
    status_code, code, detail = upload_limit_message(exc)
    if request.path.startswith("/api/"):
        return _api_problem(request, status_code, detail, code=code, field="files" if code == "too_many_files" else None)
    return _short_page(status_code, detail)


def _short_page(status_code: int, detail: str):
    """A minimal Chinese error page for answers given before any view (and its templates) runs."""
    from django.http import HttpResponse
    from django.utils.html import escape

    title = _TITLES.get(status_code, "错误")
    return HttpResponse(f"<!doctype html><html lang=\"zh-Hans\"><meta charset=\"utf-8\"><title>{title}</title>"
                        f"<h1>{title}</h1><p>{escape(detail)}</p></html>",
                        status=status_code, content_type="text/html; charset=utf-8")


def problem_exception_handler(exc, context):
    """DRF exception handler: every error leaves the API as problem+json."""
    if isinstance(exc, RequestDataTooBig | TooManyFilesSent | TooManyFieldsSent):
        status_code, code, detail = upload_limit_message(exc)
        return problem_response(status_code, detail, code=code, field="files" if code == "too_many_files" else None)
    if isinstance(exc, DomainError):
        return problem_response(exc.status_code, exc.message, title=exc.title, code=exc.code, field=exc.field,
                                errors=exc.errors, **exc.extra)
    if isinstance(exc, DjangoValidationError):
        errors = _flatten(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return problem_response(400, _join(e["message"] for e in errors), code="invalid", errors=errors)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("未找到请求的对象。")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied("无权访问该对象。")
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = _join(f"{e['field']}：{e['message']}" if e["field"] else e["message"] for e in errors)
        return problem_response(400, detail or "请求数据无效。", code="invalid", errors=errors)
    detail = exc.detail if isinstance(getattr(exc, "detail", None), str) else str(getattr(exc, "detail", exc))
    problem = problem_response(response.status_code, detail, code=getattr(exc, "default_code", None))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem


def _api_problem(request, status_code: int, detail: str, **extra):
    from django.http import JsonResponse

    body = {"type": "about:blank", "title": _TITLES.get(status_code, "错误"), "status": status_code, "detail": detail,
            **{k: v for k, v in extra.items() if v}}
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE,
                        json_dumps_params={"ensure_ascii": False})


def handler404(request, exception=None):
    """Unknown URLs under /api/ answer problem+json like every other API error; pages get the HTML 404 page."""
    if request.path.startswith("/api/"):
        return _api_problem(request, 404, "请求的接口不存在。")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler400(request, exception=None):
    """Django's SuspiciousOperation (too many files or fields, a body over the limit …) outside DRF: problem+json under
    /api/, the upload-limit page for the upload limits, Django's 400 page otherwise."""
    if isinstance(exception, RequestDataTooBig | TooManyFilesSent | TooManyFieldsSent):
        return too_large_response(request, exception)
    if request.path.startswith("/api/"):
        detail = "请求无效。" if isinstance(exception, SuspiciousOperation) else "请求有误。"
        return _api_problem(request, 400, detail)
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return _api_problem(request, 500, "服务器内部错误，已记录，请稍后重试。")
    from django.views.defaults import server_error

    return server_error(request)
