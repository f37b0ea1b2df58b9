"""Rate limits on the login-free routes (decision 0023), counted by django-ratelimit in the shared cache.

Each public route belongs to one group; each group's rate is a setting (``YZF_RATE_LIMITS``, from the
``YZF_RATE_LIMIT_*`` environment variables) such as ``"60/m"``, and an empty rate lifts the group's limit. Requests are
counted per client address (``client_ip``: REMOTE_ADDR, or the address the trusted reverse proxy saw). A request over
the limit gets 429 with a Chinese message: problem+json under ``/api/``, a small page elsewhere.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django_ratelimit.core import _split_rate, get_usage

from .errors import PROBLEM_CONTENT_TYPE
from .middleware import client_ip

# (path prefix, group), first match wins: longer prefixes before the prefixes they extend.
ROUTES: tuple[tuple[str, str], ...] = (
    ("/gongshi/export.", "export"),          # 双公示 CSV/JSON export
    ("/gongshi/feed/", "export"),            # Atom feed
    ("/gongshi/yiyi/", "objection"),         # 数据异议: raising one and asking its outcome (docs/decisions/0062)
    ("/gongshi/", "search"),                 # the public disclosure site and its search
    ("/api/v1/disclosure/", "search"),
    ("/verify/", "verify"),                  # seal verification page
    ("/jc/", "verify"),                      # an inspection's 检查码 page (亮码入企)
    ("/qy/", "verify"),                      # an inspected subject's own page (its inspections, evaluation, complaint)
    ("/api/v1/seals/verify/", "verify"),
    ("/api/v1/evidence-log/", "proof"),      # signed tree heads, inclusion and consistency proofs
    ("/api/v1/calendar/", "public_api"),
    ("/api/v1/auth/token/", "public_api"),
    ("/api/v1/schema/", "public_api"),
    ("/api/v1/docs/", "public_api"),
)

GROUP_LABELS = {
    "export": "公示数据导出与订阅",
    "search": "公示检索",
    "verify": "电子印章验证",
    "proof": "证据存证证明",
    "public_api": "公开接口",
    "objection": "数据异议",
}


def group_for(path: str) -> str | None:
    for prefix, group in ROUTES:
        if path.startswith(prefix):
            return group
    return None


def _key(group, request) -> str:
    return client_ip(request) or "unknown"


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        group = group_for(request.path)
        rate = (getattr(settings, "YZF_RATE_LIMITS", {}) or {}).get(group) if group else None
        if rate:
            usage = get_usage(request, group=f"yzf:{group}", key=_key, rate=rate, increment=True)
            if usage and usage["should_limit"]:
                return too_many_requests(request, group, rate)
        return self.get_response(request)


def too_many_requests(request, group: str, rate: str):
    count, seconds = _split_rate(rate)
    label = GROUP_LABELS.get(group, "该功能")
    detail = f"{label}的请求过于频繁（每{_period_text(seconds)}最多 {count} 次），请稍后再试。"
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"type": "about:blank", "title": "请求过于频繁", "status": 429, "code": "rate_limited", "detail": detail},
            status=429, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(render_to_string("429.html", {"detail": detail}), status=429)
    response["Retry-After"] = str(seconds)
    return response


def _period_text(seconds: int) -> str:
    for unit, name in ((86400, "天"), (3600, "小时"), (60, "分钟")):
        if seconds % unit == 0:
            n = seconds // unit
            return f" {n} {name}" if n > 1 else name
    return f" {seconds} 秒"


def document_rate_limits(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation under a limited route documents its 429 answer."""
    prefix = "/api/v1"
    problem = {"$ref": "#/components/schemas/Problem"} if "Problem" in result.get("components", {}).get(
        "schemas", {}) else {"type": "object"}
    for path, operations in result.get("paths", {}).items():
        full = path if path.startswith(prefix) else prefix + path
        group = group_for(full)
        if group is None:
            continue
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("429", {
                    "description": f"请求过于频繁：超过{GROUP_LABELS[group]}的访问频率限制（按客户端地址计数），"
                                   "Retry-After 头给出可重试的秒数。",
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": problem}}})
    return result
