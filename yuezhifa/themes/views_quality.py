"""Pages of the theme library's quality and objections (办法 第四十九条; docs/decisions/0062).

- the quality dashboard: per body and source, the four rates for a period, the drill-down to the failing records and
  the trend of the last twelve months (monthly snapshots, inline SVG drawn here, no script);
- the objections: the list of one's body's (and supervised bodies') objections, one objection with its decision
  (correct or reject), and the form raising one on a record inside the platform.

Who sees: supervisors see the bodies of their scope; a body's head sees their own body. Who decides an objection:
the record's body's head or legal reviewer, never the raiser or another body (``objections.can_decide``).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yuezhifa.core.errors import DomainError
from yuezhifa.core.masking import mask_name, mask_text
from yuezhifa.org.models import EnforcementBody, Role
from yuezhifa.org.permissions import assignments

from . import objections, quality
from .models import Objection, ObjectionStatus, Record, Source

# --- who sees the dashboard -----------------------------------------------------------------------------------------


def dashboard_bodies_q(user, prefix: str = "") -> Q | None:
    """Bodies whose quality ``user`` sees: a supervisor's scope (None = all), plus a head's own body."""
    from yuezhifa.supervision.permissions import supervised_bodies_q

    roles = assignments(user)
    result = Q(**{f"{prefix}pk__in": []})
    if getattr(user, "is_superuser", False) or any(role == Role.SUPERVISOR for role, _s in roles):
        q = supervised_bodies_q(user, prefix)
        if q is None:
            return None
        result |= q
    if getattr(user, "body_id", None) and any(role == Role.HEAD for role, _s in roles):
        result |= Q(**{f"{prefix}pk": user.body_id})
    return result


def can_see_quality(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    roles = {role for role, _s in assignments(user)}
    return bool(getattr(user, "is_superuser", False) or Role.SUPERVISOR in roles
                or (Role.HEAD in roles and getattr(user, "body_id", None)))


def can_see_objections(user) -> bool:
    from yuezhifa.supervision.permissions import can_use_supervision

    return can_use_supervision(user)


def _require(request, check):
    if not check(request.user):
        raise PermissionDenied(_("您没有查看执法数据主题库数据质量的权限。"))


# --- the period -----------------------------------------------------------------------------------------------------


def _period(request) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    default_start = quality.add_months(quality.month_start(today), -11)
    try:
        start = datetime.date.fromisoformat(request.GET.get("start") or default_start.isoformat())
    except ValueError:
        raise DomainError(_("开始日期格式应为 YYYY-MM-DD。"), field="start") from None
    try:
        end = datetime.date.fromisoformat(request.GET.get("end") or today.isoformat())
    except ValueError:
        raise DomainError(_("结束日期格式应为 YYYY-MM-DD。"), field="end") from None
    if end < start:
        raise DomainError(_("结束日期不能早于开始日期。"), field="end")
    if (end - start).days > 731:
        raise DomainError(_("统计期间最长两年。"), field="end")
    return start, end


# --- the trend as inline SVG ---------------------------------------------------------------------------------------

SPARK_W, SPARK_H = 240, 48


def sparkline(points: list[quality.TrendPoint], measure: str):
    """A polyline of the monthly rate (0-100 %), months without records left as gaps; no script."""
    step = SPARK_W / max(len(points) - 1, 1)
    segments, current = [], []
    for i, point in enumerate(points):
        rate = point.rate(measure)
        if rate is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append((round(i * step, 1), round(SPARK_H - 2 - rate * (SPARK_H - 4), 1)))
    if current:
        segments.append(current)
    lines = format_html_join(
        "", '<polyline class="q-spark-line" points="{}"></polyline>',
        ((" ".join(f"{x},{y}" for x, y in seg),) for seg in segments if len(seg) > 1))
    dots = format_html_join("", '<circle class="q-spark-dot" cx="{}" cy="{}" r="2"></circle>',
                            ((x, y) for seg in segments for x, y in seg))
    label = _("%(measure)s近十二个月趋势") % {"measure": quality.MEASURE_LABELS[measure]}
    return format_html('<svg class="q-spark" viewBox="0 0 {} {}" role="img" aria-label="{}">'
                       '<line class="q-spark-base" x1="0" y1="{}" x2="{}" y2="{}"></line>{}{}</svg>',
                       SPARK_W, SPARK_H, label, SPARK_H - 2, SPARK_W, SPARK_H - 2, lines, dots)


# --- pages ----------------------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    _require(request, can_see_quality)
    start, end = _period(request)
    bodies_q = dashboard_bodies_q(request.user, "body__")
    report = quality.report(start, end, bodies_q=bodies_q)
    points = quality.trend(bodies_q=bodies_q)
    trends = [{"key": m, "label": quality.MEASURE_LABELS[m], "svg": sparkline(points, m),
               "last": next((p.percent(m) for p in reversed(points) if p.rate(m) is not None), "—")}
              for m in quality.MEASURES]
    query = f"start={start.isoformat()}&end={end.isoformat()}"
    context = {"title": _("主题库数据质量"), "report": report, "totals": report.totals(), "start": start, "end": end,
               "points": points, "trends": trends, "measures": quality.MEASURES, "labels": quality.MEASURE_LABELS,
               "query": query, "article": quality.ARTICLE,
               "pending": Objection.objects.filter(objections.visible_q(request.user),
                                                   status=ObjectionStatus.PENDING).count()}
    return render(request, "themes/quality_dashboard.html", context)


@login_required
def failures(request):
    """The drill-down: the failing records of one measure, for one body and source (or all visible)."""
    _require(request, can_see_quality)
    start, end = _period(request)
    measure = request.GET.get("measure", "")
    if measure not in quality.MEASURES:
        raise DomainError(_("请选择质量指标（完整性、有效性、一致性或及时性）。"), field="measure")
    bodies_q = dashboard_bodies_q(request.user, "body__")
    records = quality.records_in(start, end, bodies_q)
    body = source = None
    if request.GET.get("body"):
        body = EnforcementBody.objects.filter(pk=_uuid(request.GET["body"], "body")).first()
        if body is None:
            raise Http404(_("执法主体不存在。"))
        records = records.filter(body=body)
    if request.GET.get("source"):
        source = Source.objects.filter(pk=_uuid(request.GET["source"], "source")).first()
        if source is None:
            raise Http404(_("数据来源不存在。"))
        records = records.filter(source=source)
    report = quality.measure(records, start=start, end=end)
    rate = report.totals().measure(measure)
    page = Paginator(rate.failures, 50).get_page(request.GET.get("page"))
    context = {"title": _("%(measure)s不合格的记录") % {"measure": quality.MEASURE_LABELS[measure]}, "rate": rate,
               "page_obj": page, "body": body, "source": source, "start": start, "end": end,
               "measure": measure, "report": report,
               "back": reverse("themes_quality:dashboard") + f"?start={start.isoformat()}&end={end.isoformat()}"}
    return render(request, "themes/quality_failures.html", context)


def _uuid(value: str, field: str):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise DomainError(_("参数格式错误。"), field=field) from None


@login_required
def objection_list(request):
    if not can_see_objections(request.user):
        raise PermissionDenied(_("您没有查看数据异议的权限。"))
    qs = (Objection.objects.filter(objections.visible_q(request.user))
          .select_related("record", "body").order_by("status", "due_on", "-raised_at"))
    status = request.GET.get("status", "")
    if status in ObjectionStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "themes/objection_list.html",
                  {"title": _("数据异议"), "page_obj": page, "statuses": ObjectionStatus.choices, "status": status,
                   "today": today, "basis": objections.CHECK_BASIS})


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request, pk):
    objection = (Objection.objects.filter(objections.visible_q(request.user), pk=pk)
                 .select_related("record", "record__source", "body", "correction", "raised_by", "decided_by").first())
    if objection is None:
        if Objection.objects.filter(pk=pk).exists():
            raise PermissionDenied(_("该数据异议不属于您的单位或者您的监督范围。"))
        raise Http404(_("数据异议不存在。"))
    may_decide = objections.can_decide(request.user, objection)
    record = objection.record
    names = objection.fields or list(objections.CORRECTABLE)
    rows = [{"name": n, "label": objections.field_label(n), "value": getattr(record, n),
             "input": "" if getattr(record, n) is None else str(getattr(record, n)),
             "type": "date" if n in objections.DATE_FIELDS else ("amount" if n in objections.AMOUNT_FIELDS else
                                                                 "long" if n in ("facts", "basis", "content") else "text")}
            for n in names]
    own_body = getattr(request.user, "body_id", None) == objection.body_id
    context = {"title": _("数据异议 %(ref)s") % {"ref": objection.reference}, "o": objection, "record": record,
               "rows": rows, "show_contact": own_body,
               # the responsible body checks what was raised; a supervisor only watches: names and numbers masked
               # (DESIGN §5.5), as in the supervisors' list of complaints
               "raiser_name": objection.raiser_name if own_body else mask_name(objection.raiser_name),
               "reason": objection.reason if own_body else mask_text(objection.reason),
               "may_decide": may_decide and objection.status == ObjectionStatus.PENDING,
               "basis": objections.CHECK_BASIS, "article": objections.ARTICLE,
               "versions": Record.objects.filter(source_id=record.source_id, kind=record.kind,
                                                 record_key=record.record_key).order_by("version")}
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied(_("数据异议由该记录所属执法主体的单位负责人或者法制审核人员核查处理；提出人和其他单位不能处理。"))
        action = request.POST.get("action")
        answer = request.POST.get("answer", "")[:2000]
        try:
            if action == "correct":
                changes = {r["name"]: request.POST.get(f"f_{r['name']}", "")[:5000] for r in rows
                           if f"f_{r['name']}" in request.POST}
                changes = {n: v for n, v in changes.items()
                           if v.strip() != next(r["input"] for r in rows if r["name"] == n).strip()}
                objections.correct(actor=request.user, objection=objection, changes=changes, answer=answer)
                messages.success(request, _("已更正：生成了该记录的新版本，原版本保留。"))
            elif action == "reject":
                objections.reject(actor=request.user, objection=objection, answer=answer)
                messages.success(request, _("已作出不予更正的处理，理由将告知提出人。"))
            else:
                raise DomainError(_("请选择更正或者不予更正。"), field="action")
        except DomainError as exc:
            context.update({"error": exc.message, "error_field": exc.field, "answer": answer})
            return render(request, "themes/objection_detail.html", context, status=exc.status_code)
        return redirect("themes_quality:objection", pk=objection.pk)
    return render(request, "themes/objection_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def objection_raise(request, pk):
    record = Record.objects.filter(pk=pk, current=True).select_related("body", "source").first()
    if record is None:
        raise Http404(_("记录不存在或者已有更新的版本。"))
    if not objections.can_raise(request.user, record):
        raise PermissionDenied(_("只有该记录所属执法主体的人员或者对其有监督权限的监督人员可以提出数据异议。"))
    context = {"title": _("提出数据异议"), "record": record, "choices": objections.field_choices(),
               "basis": objections.CHECK_BASIS}
    if request.method == "POST":
        form = {"reason": request.POST.get("reason", "")[:2000], "fields": request.POST.getlist("fields")[:30]}
        try:
            objection, _code = objections.raise_objection(actor=request.user, record=record, reason=form["reason"],
                                                          fields=form["fields"])
        except DomainError as exc:
            context.update({"error": exc.message, "error_field": exc.field, "form": form})
            return render(request, "themes/objection_raise.html", context, status=exc.status_code)
        messages.success(request, _("数据异议已提交，由%(body)s核查处理。") % {"body": record.body.name})
        return redirect("themes_quality:objection", pk=objection.pk)
    return render(request, "themes/objection_raise.html", context)
