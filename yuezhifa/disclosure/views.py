"""The public site ``/gongshi/`` (公示平台, 办法 第43-45条): no login, read-only, every view a few lines over the
selectors. Bad input gets a Chinese message on the page (status 400), never a server error."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError
from yuezhifa.core.excel import XLSX_CONTENT_TYPE, csv_writer, save_workbook

from . import selectors, shuanggongshi
from .models import ResultStatus
from .permissions import may_report

PUBLIC_CACHE = {"public": True, "max_age": 60}


def _page(params) -> int:
    try:
        page = int(str(params.get("page") or "1"))
    except ValueError:
        return 1
    return min(max(page, 1), 1000)


def _bodies_for_select() -> list:
    return list(selectors.public_bodies().values_list("id", "name"))


@require_GET
@cache_control(**PUBLIC_CACHE)
def index(request):
    context = {"title": "行政执法公示", "latest": selectors.feed_results(limit=10),
               "bodies": _bodies_for_select(), "section": "home"}
    return render(request, "disclosure/index.html", context)


@require_GET
@cache_control(**PUBLIC_CACHE)
def results(request):
    context = {"title": "行政处罚结果公示", "bodies": _bodies_for_select(), "section": "results",
               "params": request.GET}
    try:
        filters = selectors.parse_filters(request.GET)
        found = selectors.result_search(filters)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "disclosure/results.html", context, status=400)
    query = filters.as_query()
    for result in found.results:
        result.snippet = found.snippets.get(str(result.pk), "")
    context.update({"filters": filters, "found": found, "query": query,
                    "searched": bool(query), "snippets": found.snippets})
    return render(request, "disclosure/results.html", context)


@require_GET
@cache_control(**PUBLIC_CACHE)
def result_detail(request, pk):
    result = selectors.result_detail(pk)
    if result is None:
        raise Http404("未找到该公示信息，可能已撤回或公示期已满。")
    return render(request, "disclosure/result_detail.html",
                  {"title": result.document_number, "result": result, "section": "results",
                   "withdrawn": result.status == ResultStatus.WITHDRAWN})


@require_GET
@cache_control(**PUBLIC_CACHE)
def withdrawn(request):
    return render(request, "disclosure/withdrawn.html", {"title": "撤回公告", "notices": selectors.withdrawn_notices(),
                                                         "section": "results"})


@require_GET
@cache_control(**PUBLIC_CACHE)
def statistics(request):
    year = request.GET.get("year") or ""
    context = {"title": "年度行政执法数据", "years": selectors.statistics_years(), "section": "statistics"}
    try:
        chosen = int(year) if year else None
        if chosen is not None and not 2000 <= chosen <= 2100:
            raise ValueError
    except ValueError:
        context["error"] = "年度应为 2000 至 2100 之间的四位数字。"
        return render(request, "disclosure/statistics.html", context, status=400)
    rows = selectors.annual_statistics(year=chosen)
    context.update({"rows": rows, "year": chosen, "count": sum(r["count"] for r in rows),
                    "fines": sum(r["fines"] for r in rows),
                    "inspections": selectors.inspection_statistics(year=chosen)})
    return render(request, "disclosure/statistics.html", context)


@require_GET
@cache_control(**PUBLIC_CACHE)
def bodies(request):
    q = " ".join(str(request.GET.get("q") or "").split())[:50]
    return render(request, "disclosure/bodies.html", {"title": "执法主体", "bodies": selectors.public_bodies(q=q),
                                                      "q": q, "section": "before"})


@require_GET
@cache_control(**PUBLIC_CACHE)
def body_detail(request, pk):
    body = selectors.public_body(pk)
    if body is None:
        raise Http404("未找到该执法主体。")
    officers, has_next = selectors.public_officers(body=body.pk, size=500)
    return render(request, "disclosure/body_detail.html", {
        "title": body.name, "body": body, "officers": officers, "more_officers": has_next,
        "stats": selectors.annual_statistics(body=body.pk), "section": "before"})


@require_GET
@cache_control(**PUBLIC_CACHE)
def officers(request):
    q = " ".join(str(request.GET.get("q") or "").split())[:50]
    page = _page(request.GET)
    rows, has_next = selectors.public_officers(q=q, page=page)
    return render(request, "disclosure/officers.html", {"title": "执法人员", "officers": rows, "q": q, "page": page,
                                                        "has_next": has_next, "section": "before"})


@require_GET
@cache_control(**PUBLIC_CACHE)
def items(request):
    q = " ".join(str(request.GET.get("q") or "").split())[:50]
    page = _page(request.GET)
    rows, has_next = selectors.public_items(q=q, page=page)
    return render(request, "disclosure/items.html", {"title": "执法事项及依据", "items": rows, "q": q, "page": page,
                                                     "has_next": has_next, "section": "before"})


@require_GET
@cache_control(**PUBLIC_CACHE)
def inspection(request):
    """行政检查事前公示 (国办发〔2024〕54号; 粤府办〔2025〕15号): the bodies with 主体资格, the inspection items with
    basis, object, method, standard, annual cap and checklist, and the special inspection plans. No personal data."""
    return render(request, "disclosure/inspection.html", {"title": "行政检查事前公示", "section": "before",
                                                          **selectors.inspection_frame()})


@require_GET
@cache_control(**PUBLIC_CACHE)
def procedures(request):
    return render(request, "disclosure/procedures.html", {"title": "执法程序与救济途径", "section": "before",
                                                          **selectors.procedures_and_remedies()})


@require_GET
@cache_control(**PUBLIC_CACHE)
def benchmarks(request):
    q = " ".join(str(request.GET.get("q") or "").split())[:50]
    return render(request, "disclosure/benchmarks.html", {"title": "行政裁量权基准", "q": q, "section": "before",
                                                          "benchmarks": selectors.public_benchmarks(q=q)[:500]})


@require_GET
@cache_control(**PUBLIC_CACHE)
def benchmark_detail(request, pk):
    benchmark = selectors.public_benchmark(pk)
    if benchmark is None:
        raise Http404("未找到该裁量基准。")
    return render(request, "disclosure/benchmark_detail.html", {"title": benchmark.title, "benchmark": benchmark,
                                                                "section": "before"})


@require_GET
@cache_control(public=True, max_age=300)
def feed(request):
    """Atom feed of the newest results on display."""
    site = request.build_absolute_uri(reverse("disclosure:index"))
    atom = Atom1Feed(title="粤执法 · 行政处罚结果公示", link=site, description="广东省行政处罚结果公示（最新 50 条）",
                     language="zh-CN", feed_url=request.build_absolute_uri(), author_name="广东省一体化行政执法平台")
    for result in selectors.feed_results():
        link = request.build_absolute_uri(reverse("disclosure:result", args=[result.pk]))
        description = (f"{result.body_name}　{result.decision_date:%Y年%m月%d日}　{result.illegal_act_type}　"
                       f"处罚：{result.penalty_content}")
        atom.add_item(title=f"{result.party_name} {result.document_number}", link=link, description=description,
                      unique_id=f"urn:uuid:{result.pk}", pubdate=result.published_at,
                      updateddate=result.published_at, author_name=result.body_name)
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response


def _export_error(message: str, fmt: str) -> HttpResponse:
    if fmt == "json":
        body = json.dumps({"type": "about:blank", "title": "请求无法处理", "status": 422, "detail": message},
                          ensure_ascii=False)
        return HttpResponse(body, status=422, content_type="application/problem+json")
    return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")


def _csv_rows(queryset, codes: tuple[str, ...], row) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv_writer(buffer)  # formula cells neutralised
    yield "\ufeff"  # so that Excel reads UTF-8
    writer.writerow(list(codes))
    writer.writerow([shuanggongshi.BY_CODE[code].name for code in codes])
    for result in queryset.iterator(chunk_size=2000):
        values = row(result)
        writer.writerow([values[code] for code in codes])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_rows(queryset, filters, codes: tuple[str, ...], row) -> Iterator[str]:
    head = {"generated_at": timezone.now().isoformat(), "filters": filters.as_query(),
            "fields": [{"code": code, "name": shuanggongshi.BY_CODE[code].name} for code in codes]}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    first = True
    for result in queryset.iterator(chunk_size=2000):
        values = row(result)
        yield ("" if first else ",") + json.dumps({code: values[code] for code in codes}, ensure_ascii=False)
        first = False
    yield "]}"


def _xlsx(queryset, codes: tuple[str, ...], row) -> bytes:
    """Every cell as text (amounts keep their six decimals, ID numbers every digit)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "行政处罚"
    sheet.append(list(codes))
    sheet.append([shuanggongshi.BY_CODE[code].name for code in codes])
    for result in queryset.iterator(chunk_size=2000):
        values = row(result)
        sheet.append([values[code] for code in codes])
    for column in sheet.iter_cols():
        for cell in column:
            cell.number_format = "@"
    return save_workbook(workbook)


def _stream(queryset, filters, fmt: str, codes: tuple[str, ...], row, stem: str):
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_rows(queryset, codes, row), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(_xlsx(queryset, codes, row), content_type=XLSX_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(_json_rows(queryset, filters, codes, row),
                                         content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{fmt}"'
    return response


@require_GET
def export(request, fmt: str):
    """Open data in the 双公示 layout (``shuanggongshi.FIELDS``, the public items only: no ID type or number):
    ``export.csv`` / ``export.json`` with ``date_from``, ``date_to`` and ``body``; a request over the configured limits
    is refused with a Chinese message (422)."""
    try:
        filters = selectors.parse_filters({k: v for k, v in request.GET.items() if k != "q"})
        queryset = selectors.export_queryset(filters)
    except DomainError as exc:
        return _export_error(exc.message, fmt)
    return _stream(queryset, filters, fmt, shuanggongshi.PUBLIC_CODES, selectors.cf_row, "xzcf")


@require_GET
def report(request, fmt: str):
    """The 双公示 report file for the credit platform (报送文件, docs/decisions/0056): every item of
    ``shuanggongshi.FIELDS``, the 不予公示 ID types and numbers included, of the results within the user's reporting
    scope (``permissions.report_scope_q``). Login required; anyone else gets 403; every download is audited."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_report(request.user):
        return HttpResponse("您无权下载双公示报送文件：仅监督人员、单位负责人和法制审核人员可以下载（含不予公示的证件号码）。",
                            status=403, content_type="text/plain; charset=utf-8")
    try:
        filters = selectors.parse_filters({k: v for k, v in request.GET.items() if k != "q"})
        queryset = selectors.report_results(request.user, filters)
    except DomainError as exc:
        return _export_error(exc.message, fmt)
    with transaction.atomic():
        audit_record(actor=request.user, action="disclosure.report_export", object_type="disclosure.PublishedResult",
                     object_repr=f"双公示报送文件（{fmt}）", after={"filters": filters.as_query(), "format": fmt,
                                                                "rows": queryset.count()})
    return _stream(queryset, filters, fmt, shuanggongshi.CODES, selectors.report_row, "xzcf-report")


# --- 行政检查计划与双随机抽取结果 (docs/decisions/0039): the planning bodies' published plans and draw results --------


@require_GET
@cache_control(**PUBLIC_CACHE)
def inspection_plans(request):
    from yuezhifa.inspection.selectors import plans as inspection_plans_selectors

    q = " ".join(str(request.GET.get("q") or "").split())[:50]
    year = str(request.GET.get("year") or "")
    rows = inspection_plans_selectors.published_plans(year=int(year) if year.isdigit() else None, q=q)
    return render(request, "disclosure/inspection_plans.html", {
        "title": "行政检查计划", "plans": rows[:200], "q": q, "year": year, "section": "before"})


@require_GET
@cache_control(**PUBLIC_CACHE)
def inspection_plan(request, pk):
    from yuezhifa.inspection.selectors import plans as inspection_plans_selectors

    plan = inspection_plans_selectors.published_plan(pk)
    if plan is None:
        raise Http404("未找到该检查计划。")
    return render(request, "disclosure/inspection_plan.html", {
        "title": plan.title, "plan": plan, "draws": inspection_plans_selectors.published_draws(plan),
        "section": "before"})


@require_GET
@cache_control(**PUBLIC_CACHE)
def inspection_draw(request, pk):
    from yuezhifa.inspection.selectors import plans as inspection_plans_selectors

    draw = inspection_plans_selectors.published_draw(pk)
    if draw is None:
        raise Http404("未找到该抽取结果。")
    return render(request, "disclosure/inspection_draw.html", {
        "title": "双随机抽取结果", "draw": draw, "section": "before",
        "subjects": inspection_plans_selectors.drawn_subjects(draw, public=True)[:5000]})
