"""Request-scoped context: a request id that every audit entry carries, and the acting user."""

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("yzf_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Takes ``X-Request-ID`` from a trusted proxy or makes one, and echoes it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind ``YZF_TRUSTED_PROXIES`` reverse proxies the address the outermost
    of them saw (X-Forwarded-For read from the right, so a client cannot choose it by sending the header itself).
    Used to count failed logins per address (settings ``AXES_CLIENT_IP_CALLABLE``)."""
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "YZF_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return chain[-proxies] if len(chain) >= proxies else remote


class RequestLimitsMiddleware:
    """What no view should have to check, refused before any view runs.

    * One limit on what a request may send, the same as the reverse proxy's (``client_max_body_size``): a body
      declared larger than ``YZF_UPLOAD_MAX_BYTES``, files included, is a 413 before anything is read. Django's own
      ``DATA_UPLOAD_MAX_MEMORY_SIZE`` counts only the non-file part; the number of files is
      ``DATA_UPLOAD_MAX_NUMBER_FILES`` (``YZF_UPLOAD_MAX_FILES``), answered in ``errors``.
    * U+0000 is dropped from query parameters: PostgreSQL text cannot hold it, and no search or filter means it (the
      public search treats such a query as the text around it). JSON bodies holding it are refused by
      ``core.parsers``; form fields by Django's and DRF's own validators.
    * A ``DomainError`` a page did not catch is answered with its own 4xx status (``process_exception``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.YZF_UPLOAD_MAX_BYTES:
            from .errors import too_large_response

            return too_large_response(request)
        if "\x00" in request.GET.urlencode() or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = request.GET.copy()
            for key in list(cleaned):
                values = [value.replace("\x00", "") for value in cleaned.getlist(key)]
                del cleaned[key]
                cleaned.setlist(key.replace("\x00", ""), values)
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A business rule's refusal that a page did not catch is still the user's error, not the server's: its
        status (4xx) and Chinese message on a short page, instead of the 500 page. (The API renders its own.)"""
        from .errors import DomainError, _short_page

        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            return _short_page(exception.status_code, exception.message)
        return None
