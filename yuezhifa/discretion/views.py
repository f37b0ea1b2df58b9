"""HTML pages of the benchmarks library (/discretion/): the list, a benchmark with its tiers, the vocabulary of
circumstances, and the trial evaluation (裁量试算). Thin: selectors read, services write, ``evaluation`` computes."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.views_base import Column, RestrictedDetailView, RestrictedListView
from yuezhifa.items.selectors import item_list

from . import filtersets, selectors, services
from .evaluation import check_decision, evaluate
from .forms import ActivateForm, EvaluateForm, RetireForm
from .models import Benchmark, BenchmarkStatus
from .permissions import can_issue, can_read
from .ranges import Terms
from .vocabulary import OTHER_PENALTIES, PENALTY_TIERS, PenaltyStatus, PenaltyType, TierKind, tier_rank


def can_see(user) -> bool:
    """The 裁量基准 section: every logged-in user (benchmarks are public, 处罚法 第34条)."""
    return can_read(user) and getattr(user, "is_authenticated", False)


def _status_badge(benchmark) -> str:
    return format_html('<span class="badge badge-benchmark-{}">{}</span>', benchmark.status,
                       benchmark.get_status_display())


def _window(benchmark) -> str:
    until = benchmark.effective_until.isoformat() if benchmark.effective_until else _("长期")
    return format_html('<span class="nowrap">{}</span> 至 <span class="nowrap">{}</span>',
                       benchmark.effective_from.isoformat(), until)


class SectionMixin:
    section = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        return context


class BenchmarkListView(SectionMixin, RestrictedListView):
    selector = selectors.benchmark_list
    filterset_class = filtersets.BenchmarkFilterSet
    template_name = "discretion/benchmark_list.html"
    title = gettext_lazy("裁量基准")
    section = "benchmarks"
    search_placeholder = gettext_lazy("事项编码、事项名称、基准名称或制定机关")
    columns = [
        Column(gettext_lazy("执法事项"), render=lambda b: f"{b.item.code} {b.item.name}", link="discretion:detail",
               order_by="item__code"),
        Column(gettext_lazy("基准"), render=lambda b: f"{b.title}（第{b.version}版）"),
        Column(gettext_lazy("制定机关"), "issuing_body.name"),
        Column(gettext_lazy("施行期间"), render=_window, order_by="effective_from"),
        Column(gettext_lazy("状态"), render=_status_badge, css="nowrap"),
    ]


def _fine_cell(terms: Terms | None, base_name: str) -> str:
    return terms.describe(base_name or "基数") if terms is not None else "—"


class BenchmarkDetailView(SectionMixin, RestrictedDetailView):
    selector = selectors.benchmark_list
    template_name = "discretion/benchmark_detail.html"
    section = "benchmarks"

    def get_object(self, queryset=None):
        obj = selectors.benchmark_detail(user=self.request.user, pk=self.kwargs["pk"])
        if obj is None:
            raise Http404(_("未找到该记录，或您无权查看。"))
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bm: Benchmark = self.object
        branches = sorted(bm.fine_branches.all(), key=lambda b: b.order)
        tiers = sorted(bm.tiers.all(), key=lambda t: tier_rank(t.kind))
        statutory = {p.penalty_type: p for p in bm.statutory_penalties.all()}
        types = [t for t in OTHER_PENALTIES if t in statutory
                 or any(p.penalty_type == t for tier in tiers for p in tier.penalties.all())]
        rows = []
        for tier in tiers:
            fines = {f.branch_id: f for f in tier.fines.all()}
            chosen = {p.penalty_type: p.status for p in tier.penalties.all()}
            if tier.kind == TierKind.EXEMPT:
                rows.append({"tier": tier, "fines": ["—"] * len(branches), "penalties": ["—"] * len(types)})
                continue
            rows.append({
                "tier": tier,
                "fines": [_fine_cell(fines[b.pk].terms if b.pk in fines else None, b.base_name) for b in branches],
                "penalties": [PenaltyStatus(chosen.get(t, statutory[t].status if t in statutory
                                                       else PenaltyStatus.EXCLUDED)).label for t in types],
            })
        context.update({
            "title": str(bm),
            "status_badge": _status_badge(bm),
            "window": _window(bm),
            "branches": [{"branch": b, "terms": b.terms.describe(b.base_name or "基数")} for b in branches],
            "penalty_types": [PenaltyType(t).label for t in types],
            "statutory_penalties": [{"label": PenaltyType(t).label, "status": statutory[t].get_status_display(),
                                     "note": statutory[t].note} for t in types if t in statutory],
            "tier_rows": rows,
            "missing_tiers": [TierKind(k).label for k in PENALTY_TIERS if k not in {t.kind for t in tiers}],
            "rules": sorted(bm.rules.all(), key=lambda r: (r.circumstance.order, r.circumstance.code)),
            "provisions": list(bm.basis_provisions.all()),
            "problems": selectors.benchmark_problems(bm) if bm.status == BenchmarkStatus.DRAFT else [],
            "can_issue": can_issue(self.request.user, bm.issuing_body),
            "retire_form": RetireForm(),
            "activate_form": ActivateForm(initial={"effective_from": bm.effective_from}),
            "versions": selectors.benchmark_list(user=self.request.user, item=bm.item,
                                                 issuing_body=bm.issuing_body).order_by("-version"),
        })
        return context


class CircumstanceListView(SectionMixin, RestrictedListView):
    selector = selectors.circumstance_list
    filterset_class = filtersets.CircumstanceFilterSet
    template_name = "discretion/circumstance_list.html"
    title = gettext_lazy("裁量情节")
    section = "circumstances"
    search_placeholder = gettext_lazy("情节名称、代码或依据")
    paginate_by = 100
    columns = [
        Column(gettext_lazy("情节"), "name"),
        Column(gettext_lazy("代码"), "code", css="mono nowrap"),
        Column(gettext_lazy("类别"), "get_category_display", css="nowrap"),
        Column(gettext_lazy("默认档次"), render=lambda c: c.get_default_tier_display() or _("不单独影响档次"),
               css="nowrap"),
        Column(gettext_lazy("依据"), "basis"),
        Column(gettext_lazy("法定效果"), render=lambda c: _("处罚法规定，所有基准适用") if c.builtin else _("本省规定")),
    ]


class EvaluateView(LoginRequiredMixin, SectionMixin, TemplateView):
    """裁量试算: choose an item, tick circumstances, enter amounts → tier, ranges, citations (and a proposed penalty's
    check). A benchmark's detail page links here with ``benchmark=`` to try a draft."""

    template_name = "discretion/evaluate.html"
    section = "evaluate"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        draft = None
        bound = bool(self.request.GET.get("item") or self.request.GET.get("benchmark"))
        benchmark_id = self.request.GET.get("benchmark")
        if benchmark_id:
            try:
                draft = selectors.benchmark_list(user=user).filter(pk=benchmark_id).select_related("item").first()
            except (ValueError, ValidationError):
                draft = None
        items = (item_list(user=user).filter(benchmarks__in=selectors.benchmark_list(user=user)).distinct()
                 .order_by("code"))
        if draft is not None:
            items = item_list(user=user).filter(pk=draft.item_id)
        data = self.request.GET.copy() if bound else None
        if data is not None and draft is not None and not data.get("item"):
            data["item"] = str(draft.item_id)
        form = EvaluateForm(data, items=items, circumstances=selectors.circumstance_list(user=user))
        result = deviations = error = None
        if bound and form.is_valid():
            item = items.filter(pk=form.cleaned_data["item"]).first()
            try:
                result = evaluate(item=item, circumstances=set(form.cleaned_data["circumstances"]),
                                  amounts=form.amounts(), on=form.cleaned_data["date"],
                                  party_kind=form.cleaned_data["party_kind"], body=getattr(user, "body", None),
                                  benchmark=draft)
                proposed = form.proposed()
                if proposed is not None:
                    deviations = check_decision(result, proposed)
            except DomainError as exc:
                error = exc.message
        context.update({"title": _("裁量试算"), "form": form, "result": result, "deviations": deviations,
                        "error": error, "draft": draft, "no_items": not items.exists()})
        return context


class _BenchmarkAct(LoginRequiredMixin, View):
    """A POST act on one benchmark through its service; the answer is the detail page with a message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        benchmark = selectors.benchmark_list(user=request.user).filter(pk=pk).first()
        if benchmark is None:
            raise Http404(_("未找到该记录，或您无权查看。"))
        try:
            target = self.act(request, benchmark) or benchmark
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("discretion:detail", pk=benchmark.pk)
        return redirect("discretion:detail", pk=target.pk)


class BenchmarkActivateView(_BenchmarkAct):
    def act(self, request, benchmark):
        form = ActivateForm(request.POST)
        effective_from = form.cleaned_data["effective_from"] if form.is_valid() else None
        services.benchmark_activate(actor=request.user, benchmark=benchmark, effective_from=effective_from)
        messages.success(request, _("裁量基准已发布。"))


class BenchmarkRetireView(_BenchmarkAct):
    def act(self, request, benchmark):
        form = RetireForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("请填写废止理由。"), field="reason")
        services.benchmark_retire(actor=request.user, benchmark=benchmark, **form.cleaned_data)
        messages.success(request, _("裁量基准已废止。"))


class BenchmarkNewVersionView(_BenchmarkAct):
    def act(self, request, benchmark):
        created = services.benchmark_new_version(actor=request.user, benchmark=benchmark)
        messages.success(request, _("已起草第 %(version)d 版（草稿），请修改后发布。") % {"version": created.version})
        return created
