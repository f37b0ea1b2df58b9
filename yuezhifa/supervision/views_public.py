"""The inspected subject's own page (``/qy/<token>/``, no login; LEGAL.md §4; docs/decisions/0041): its inspections
this year across all bodies, and an evaluation or a complaint that go to the supervisors only. Rate-limited with the
other verification routes (core.ratelimit); a bad or forged token answers 404. The form posts with CSRF."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from yuezhifa.core.errors import DomainError

from . import feedback

NOT_FOUND = "链接无效或者已失效。"


@require_http_methods(["GET", "POST"])
def enterprise(request, token: str):
    page = feedback.enterprise_page(token)
    if page is None:
        raise Http404(NOT_FOUND)
    context = {"title": "本企业接受的行政检查", "p": page, "token": token}
    if request.method == "POST":
        form = {k: request.POST.get(k, "")[:2000] for k in ("kind", "case", "score", "text", "contact")}
        try:
            done = feedback.feedback_submit(token=token, case_id=form["case"], kind=form["kind"],
                                            score=form["score"] or None, text=form["text"], contact=form["contact"])
        except DomainError as exc:
            context.update({"error": exc.message, "error_field": exc.field, "form": form})
            return render(request, "supervision/enterprise.html", context, status=422)
        messages.success(request, "评价已提交，仅监督机构可见。" if done.kind == "evaluation"
                         else "投诉已提交行政执法监督机构，仅监督机构可见。")
        return redirect("qy:page", token=token)
    return render(request, "supervision/enterprise.html", context)
