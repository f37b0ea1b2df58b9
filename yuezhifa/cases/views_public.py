"""The public page of an inspection's 检查码 (``/jc/<token>/``, no login; 深府规〔2025〕6号, LEGAL.md §4): the enterprise
scans the code the officer shows and checks who is inspecting it and on what authority. Rate-limited with the other
verification routes (core.ratelimit); a bad or foreign token answers 404 like a case that does not exist."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import inspection_code_page

NOT_FOUND = "检查码无效或者已失效。"


@require_GET
def inspection_code(request, token: str):
    view = inspection_code_page(token)
    if view is None:
        raise Http404(NOT_FOUND)
    return render(request, "cases/inspection_code.html", {"title": "行政检查亮码核验", "v": view})
