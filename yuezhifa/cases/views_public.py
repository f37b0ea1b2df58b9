"""The public page of an inspection's 检查码 (``/jc/<token>/``, no login; 深府规〔2025〕6号, LEGAL.md §4): the enterprise
scans the code the officer shows and checks who is inspecting it and on what authority. Rate-limited with the other
verification routes (core.ratelimit); a bad or foreign token answers 404 like a case that does not exist.

The task page of a non-site inspection (``/jc/remote/<token>/``, no login; 《广东省优化营商环境条例》第四十九条,
docs/decisions/0044): the enterprise reads what to provide and by when, and uploads its files and answers. Under the
same rate limit (the ``/jc/`` prefix)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from yuezhifa.core.errors import DomainError

from . import services
from .selectors import inspection_code_page, remote_task_page

NOT_FOUND = "检查码无效或者已失效。"
TASK_NOT_FOUND = "非现场检查任务链接无效或者已失效。"


@require_GET
def inspection_code(request, token: str):
    view = inspection_code_page(token)
    if view is None:
        raise Http404(NOT_FOUND)
    return render(request, "cases/inspection_code.html", {"title": "行政检查亮码核验", "v": view})


@require_http_methods(["GET", "POST"])
def remote_task(request, token: str):
    view = remote_task_page(token)
    if view is None:
        raise Http404(TASK_NOT_FOUND)
    context = {"title": "非现场检查材料提交", "v": view, "sent": request.GET.get("sent") == "1",
               "form": {"contact": "", "answer": ""}}
    if request.method == "POST":
        contact, answer = request.POST.get("contact", ""), request.POST.get("answer", "")
        try:
            services.remote_answer_submit(token=token, contact=contact, answer=answer,
                                          files=request.FILES.getlist("files"))
        except services.RemoteTaskNotFound:
            raise Http404(TASK_NOT_FOUND) from None
        except DomainError as error:
            context.update(error=str(error), error_field=error.field or "", form={"contact": contact,
                                                                                    "answer": answer})
            return render(request, "cases/inspection_remote.html", context, status=error.status_code)
        return redirect(f"{request.path}?sent=1")
    return render(request, "cases/inspection_remote.html", context)
