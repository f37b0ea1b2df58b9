"""The public side of 数据异议 (办法 第四十九条第一款; docs/decisions/0062), under ``/gongshi/yiyi/`` with no login and
rate-limited (core.ratelimit group ``objection``): a party or anyone concerned objects to a published result that the
theme library holds (a contact and a reason), gets a reference number and a verification code once, and later sees
the outcome by them. Nothing personal is shown back: not the contact, not the party's data."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from yuezhifa.core.errors import DomainError

from . import objections


def _published(pk):
    """A result on public display (the disclosure site's own selection), else None."""
    from yuezhifa.disclosure.models import PublishedResult
    from yuezhifa.disclosure.selectors import public_results

    found = public_results().filter(pk=pk).values_list("pk", flat=True).first()
    return None if found is None else PublishedResult.objects.select_related("body").get(pk=found)


@require_http_methods(["GET", "POST"])
def raise_on_result(request, pk: str):
    import uuid

    try:
        uuid.UUID(pk)
    except ValueError:
        raise Http404("公示信息不存在。") from None
    result = _published(pk)
    if result is None:
        raise Http404("公示信息不存在或者已不在公示期内。")
    record = objections.record_for_result(result)
    context = {"title": "对公示信息提出异议", "result": result, "record": record,
               "choices": objections.field_choices(), "basis": objections.CHECK_BASIS}
    if request.method == "POST" and record is not None:
        form = {k: request.POST.get(k, "")[:2000] for k in ("reason", "contact", "raiser_name")}
        form["fields"] = request.POST.getlist("fields")[:30]
        try:
            objection, code = objections.raise_objection(
                actor=None, record=record, reason=form["reason"], fields=form["fields"], contact=form["contact"],
                raiser_name=form["raiser_name"], published_result=result, public=True)
        except DomainError as exc:
            context.update({"error": exc.message, "error_field": exc.field, "form": form})
            return render(request, "themes/public_objection.html", context, status=exc.status_code)
        context.update({"done": objection, "code": code})
    return render(request, "themes/public_objection.html", context)


@require_http_methods(["GET", "POST"])
def status(request):
    context = {"title": "数据异议处理结果查询"}
    if request.method == "POST":
        reference = request.POST.get("reference", "")[:40]
        code = request.POST.get("code", "")[:40]
        found = objections.public_status(reference, code)
        context.update({"reference": reference, "found": found, "asked": True})
        if found is None:
            context["error"] = "异议编号或者查询码不正确。"
            return render(request, "themes/public_objection_status.html", context, status=404)
    return render(request, "themes/public_objection_status.html", context)
