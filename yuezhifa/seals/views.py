"""The public verification page ``/verify/`` (no login, works without JavaScript): upload a sealed PDF, read the
verdict in Chinese. The upload is verified in memory and dropped; nothing is stored."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import uploads
from .verification import MAX_BYTES, VerificationError, verify_pdf

TEMPLATE = "seals/verify.html"


# CSRF is not checked: the form changes nothing and stores nothing, and is meant for anyone, including a visitor whose
# browser refuses cookies. Exempting it also lets the upload handlers be replaced before anything reads the body.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    context = {"title": "电子文书验证", "max_mb": MAX_BYTES // (1024 * 1024)}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    handler = uploads.install(request)
    try:
        content = uploads.read_upload(request.FILES, handler)
        context["file_name"] = request.FILES["file"].name[:200]
        context["result"] = verify_pdf(content)
    except VerificationError as exc:
        context["error"] = exc.message
        return render(request, TEMPLATE, context, status=exc.status_code)
    return render(request, TEMPLATE, context)
