"""HTML pages of inspection plans, 双随机 draws and joint visits (mounted at /inspection/plans/; docs/decisions/0039).
Thin: selectors read, services write; a refused act shows its Chinese message on the page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yuezhifa.core.errors import DomainError
from yuezhifa.org.models import Domain, EnforcementBody, Officer

from .models import ItemProfile, JointVisit, PlanKind, PlanStatus, RiskGrade
from .selectors import plans as selectors
from .services import draws as draw_services
from .services import plans as plan_services
from .services.draws import default_shares

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(forms.Form):
    title = forms.CharField(label="计划名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类别", choices=PlanKind.choices)
    items = forms.ModelMultipleChoiceField(label="检查事项（已公示）", queryset=ItemProfile.objects.none())
    period_start = forms.DateField(label="实施期间起", widget=DATE)
    period_end = forms.DateField(label="实施期间止", widget=DATE)
    basis_document = forms.CharField(label="批准文件", max_length=300, required=False,
                                     help_text="专项检查计划必填：批准或部署文件名称及文号。")
    from_above = forms.BooleanField(label="上级部署的专项检查（不计入频次上限）", required=False)
    deployed_by = forms.ModelChoiceField(label="部署机关", queryset=EnforcementBody.objects.none(), required=False,
                                         help_text="上级部署的，选择部署的上级机关。")

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = (ItemProfile.objects.filter(published_at__isnull=False)
                                         .select_related("item").order_by("item__code"))
        above = [pk for pk in (body.path.strip("/").split("/") if body else []) if pk][:-1]
        self.fields["deployed_by"].queryset = EnforcementBody.objects.filter(path__in=[
            "/".join(above[: i + 1]) + "/" for i in range(len(above))])


class DrawForm(forms.Form):
    seed = forms.CharField(label="随机种子", max_length=64, required=False,
                           help_text="不填则由系统随机生成；种子与候选名单摘要一并记录，任何人可据以复现。")
    division = forms.CharField(label="区划代码前缀", max_length=12, required=False,
                               help_text="不填为本机关所在区划全部。")
    domain = forms.ModelChoiceField(label="监管领域", queryset=Domain.objects.all(), required=False)
    industry = forms.CharField(label="行业（代码前缀）", max_length=100, required=False)
    officer_count = forms.IntegerField(label="抽取执法人员数", min_value=2, initial=2,
                                       help_text="每次检查执法人员不得少于两人（行政处罚法 第四十二条第一款）。")
    recused = forms.ModelMultipleChoiceField(label="回避的执法人员", queryset=Officer.objects.none(), required=False)
    recusal_reason = forms.CharField(label="回避理由", max_length=200, required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        shares = default_shares()
        for g in RiskGrade.values:
            self.fields[f"share_{g}"] = forms.DecimalField(label=f"{g} 级抽取比例（%）", min_value=0, max_value=100,
                                                           initial=shares[g], required=False)
            self.fields[f"count_{g}"] = forms.IntegerField(label=f"{g} 级抽取户数", min_value=0, required=False,
                                                           help_text="填写户数的，各等级都按户数抽取。")
        if plan is not None:
            self.fields["recused"].queryset = Officer.objects.filter(body=plan.body, status="active")


def _plan_or_404(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if plan is None:
        raise Http404
    return plan


@login_required
def plan_list(request):
    year = request.GET.get("year") or ""
    rows = selectors.plans_for(request.user, year=int(year) if year.isdigit() else None,
                               status=request.GET.get("status") if request.GET.get("status") in PlanStatus.values
                               else "")
    return render(request, "inspection/plans/plan_list.html",
                  {"title": "行政检查计划", "plans": rows[:200], "year": year, "statuses": PlanStatus.choices,
                   "can_create": getattr(request.user, "body", None) is not None})


@login_required
def plan_create(request):
    body = getattr(request.user, "body", None)
    if body is None:
        raise Http404
    form = PlanForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = plan_services.plan_create(actor=request.user, body=body, profiles=data.pop("items"), **data)
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            messages.success(request, "检查计划已起草，请报本机关负责人批准。")
            return redirect("inspection:plan", pk=plan.pk)
    return render(request, "inspection/plans/plan_form.html", {"title": "起草行政检查计划", "form": form,
                                                               "body": body,
                                                               "due": plan_services.plan_due_date(2000)})


@login_required
def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    matches = selectors.joint_visits_for(request.user, plan=plan)
    return render(request, "inspection/plans/plan_detail.html", {
        "title": plan.title, "plan": plan, "may": selectors.plan_permissions(request.user, plan),
        "draws": selectors.draws_of(request.user, plan), "draw_form": DrawForm(plan=plan),
        "matches": matches, "to_agree": selectors.joint_visits_to_agree(request.user)})


@login_required
@require_POST
def plan_act(request, pk, act):
    plan = _plan_or_404(request, pk)
    acts = {"approve": (plan_services.plan_approve, "检查计划已批准。"),
            "publish": (plan_services.plan_publish, "检查计划已公示。"),
            "withdraw": (plan_services.plan_withdraw, "检查计划已撤回。")}
    if act not in acts:
        raise Http404
    func, done = acts[act]
    kwargs = {"reason": request.POST.get("reason", "")} if act == "withdraw" else {}
    try:
        func(actor=request.user, plan=plan, **kwargs)
        messages.success(request, done)
    except DomainError as err:
        messages.error(request, err.message)
    return redirect("inspection:plan", pk=plan.pk)


@login_required
def draw_create(request, pk):
    plan = _plan_or_404(request, pk)
    form = DrawForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        counts = {g: data[f"count_{g}"] for g in RiskGrade.values if data.get(f"count_{g}") is not None}
        shares = {g: data[f"share_{g}"] for g in RiskGrade.values if data.get(f"share_{g}") is not None}
        reason = data.get("recusal_reason") or ""
        try:
            draw = draw_services.draw_create(
                actor=request.user, plan=plan, seed=data.get("seed") or None, shares=shares or None,
                counts=counts or None, division=data.get("division") or "", domain=data.get("domain"),
                industry=data.get("industry") or "", officer_count=data["officer_count"],
                recusals=[(o, reason) for o in data.get("recused") or []])
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            messages.success(request, f"已抽取 {draw.subject_count} 户检查对象、{draw.officer_count} 名执法人员。")
            return redirect("inspection:draw", pk=draw.pk)
    return render(request, "inspection/plans/draw_form.html", {"title": "双随机抽取", "plan": plan, "form": form})


@login_required
def draw_detail(request, pk):
    draw = selectors.draw_for(request.user, pk)
    if draw is None:
        raise Http404
    may = selectors.plan_permissions(request.user, draw.plan)
    return render(request, "inspection/plans/draw_detail.html", {
        "title": "双随机抽取结果", "draw": draw, "subjects": selectors.drawn_subjects(draw)[:2000],
        "officers": selectors.drawn_officers(draw), "can_publish": may["draw"] and not draw.published_at})


@login_required
@require_POST
def draw_publish(request, pk):
    draw = selectors.draw_for(request.user, pk)
    if draw is None:
        raise Http404
    try:
        draw_services.draw_publish(actor=request.user, draw=draw)
        messages.success(request, "抽取结果已公示。")
    except DomainError as err:
        messages.error(request, err.message)
    return redirect("inspection:draw", pk=draw.pk)


@login_required
@require_POST
def joint_act(request, pk, act):
    joint = JointVisit.objects.restrict(request.user, "view").filter(pk=pk).first()
    if joint is None or act not in ("agree", "decline"):
        raise Http404
    try:
        if act == "agree":
            plan_services.joint_visit_agree(actor=request.user, joint=joint)
            messages.success(request, "已同意由本机关牵头综合查一次。")
        else:
            plan_services.joint_visit_decline(actor=request.user, joint=joint, reason=request.POST.get("reason", ""))
            messages.success(request, "已记录不合并。")
    except DomainError as err:
        messages.error(request, err.message)
    back = request.POST.get("plan")
    return redirect("inspection:plan", pk=back) if back else redirect("inspection:plans")
