"""Pages of data sharing (mounted at /sharing/): request, my requests, approvals, grant detail with its usage report."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from yuezhifa.core import excel
from yuezhifa.core.errors import DomainError, NotAllowed

from . import catalogue, selectors, services
from .models import Dataset, Grant, GrantStatus
from .permissions import can_request, can_use_sharing, is_data_admin

USAGE_SHOWN = 200


class _Base(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_use_sharing(request.user):
            return HttpResponseForbidden(_("您无权使用数据共享。"))
        return super().dispatch(request, *args, **kwargs)


def _row(grant: Grant) -> dict:
    return {"grant": grant, "state": selectors.state_label(grant)}


class IndexView(_Base, TemplateView):
    template_name = "sharing/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        grants = selectors.visible_grants(user)
        pending = list(selectors.pending_for(user))
        mine = [_row(g) for g in grants.filter(requester_body_id=user.body_id)] if can_request(user) else []
        others = [_row(g) for g in grants.exclude(requester_body_id=user.body_id)[:200]] if not can_request(
            user) or is_data_admin(user) else []
        return {**super().get_context_data(**kwargs), "title": _("数据共享"), "pending": pending, "mine": mine,
                "others": others, "can_request": can_request(user), "article": services.ARTICLE_51}


def _dataset_options():
    return [{"code": d.code, "name": d.name, "description": d.description,
             "fields": [{"name": n, "label": catalogue.label(n), "personal": n in catalogue.PERSONAL}
                        for n in catalogue.ordered(d.fields)]}
            for d in Dataset.objects.filter(active=True)]


class RequestView(_Base, TemplateView):
    template_name = "sharing/request.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_request(request.user):
            return HttpResponseForbidden(_("只有具有“数据共享申请人”角色的用户可以申请共享数据。"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        values = kwargs.get("values") or {
            "dataset": "", "fields": [], "divisions": "", "period_from": f"{today.year - 1}-01-01",
            "period_to": today.isoformat(), "valid_until": (today + datetime.timedelta(days=90)).isoformat(),
            "purpose": "", "personal_justification": "", "rate_per_minute": "60"}
        offered = set()
        for dataset in Dataset.objects.filter(active=True):
            offered.update(dataset.fields)
        fields = [{"name": n, "label": catalogue.label(n), "personal": n in catalogue.PERSONAL}
                  for n in catalogue.ordered(offered)]
        return {**super().get_context_data(**kwargs), "title": _("申请共享数据"), "datasets": _dataset_options(),
                "fields": fields, "values": values, "rate_max": services.RATE_MAX}

    def post(self, request):
        post = request.POST
        values = {k: post.get(k, "")[:2000] for k in ("dataset", "divisions", "period_from", "period_to",
                                                        "valid_until", "purpose", "personal_justification",
                                                        "rate_per_minute")}
        values["fields"] = post.getlist("fields")
        try:
            grant = services.request_grant(
                actor=request.user, dataset_code=values["dataset"], fields=values["fields"],
                divisions=values["divisions"], period_from=values["period_from"], period_to=values["period_to"],
                valid_until=values["valid_until"], purpose=values["purpose"],
                personal_justification=values["personal_justification"], rate_per_minute=values["rate_per_minute"])
        except DomainError as exc:
            context = self.get_context_data(values=values)
            context.update({"error": exc.message, "error_field": exc.field})
            return self.render_to_response(context, status=422)
        messages.success(request, _("共享申请已提交，待数据共享管理员审批。"))
        return redirect("sharing:grant", pk=grant.pk)


def _visible_grant(user, pk) -> Grant:
    grant = selectors.visible_grants(user).filter(pk=pk).first()
    if grant is None:
        raise Http404(_("未找到该共享申请，或您无权查看。"))
    return grant


class GrantView(_Base, TemplateView):
    template_name = "sharing/grant.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        grant = kwargs.get("grant") or _visible_grant(user, self.kwargs["pk"])
        label = catalogue.label

        def fields(names):
            return [{"name": n, "label": label(n), "personal": n in catalogue.PERSONAL} for n in names]

        decidable = (grant.status == GrantStatus.PENDING and is_data_admin(user) and grant.requester_id != user.pk)
        return {**super().get_context_data(**kwargs), "title": _("共享授权"), "grant": grant,
                "state": selectors.state_label(grant), "requested": fields(grant.requested_fields),
                "granted": fields(grant.granted_fields), "decidable": decidable,
                "own_request": grant.requester_id == user.pk and grant.status == GrantStatus.PENDING,
                "revocable": services.can_revoke(user, grant), "summary": selectors.usage_summary(grant),
                "uses": list(selectors.usage_rows(grant)[:USAGE_SHOWN]), "usage_shown": USAGE_SHOWN,
                "divisions_text": "、".join(grant.requested_divisions), "article": services.ARTICLE_51}


class DecideView(_Base, View):
    def post(self, request, pk):
        grant = _visible_grant(request.user, pk)
        decision = request.POST.get("decision")
        view = GrantView(request=request, kwargs={"pk": pk})
        try:
            if decision == "approve":
                key = services.approve(actor=request.user, grant=grant, fields=request.POST.getlist("fields"),
                                       divisions=request.POST.get("divisions", ""),
                                       note=request.POST.get("note", ""))
                grant.refresh_from_db()
                context = view.get_context_data(grant=grant)
                context["key"] = key
                return view.render_to_response(context)
            if decision == "reject":
                services.reject(actor=request.user, grant=grant, note=request.POST.get("note", ""))
                messages.success(request, _("已作出不批准的决定。"))
                return redirect("sharing:grant", pk=pk)
        except NotAllowed as exc:
            return HttpResponseForbidden(exc.message)
        except DomainError as exc:
            context = view.get_context_data(grant=grant)
            context.update({"error": exc.message, "error_field": exc.field})
            return view.render_to_response(context, status=422)
        messages.error(request, _("请选择批准或者不批准。"))
        return redirect("sharing:grant", pk=pk)


class RevokeView(_Base, View):
    def post(self, request, pk):
        grant = _visible_grant(request.user, pk)
        try:
            services.revoke(actor=request.user, grant=grant, reason=request.POST.get("reason", ""))
        except NotAllowed as exc:
            return HttpResponseForbidden(exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("授权已撤销，密钥立即失效。"))
        return redirect("sharing:grant", pk=pk)


class UsageCsvView(_Base, View):
    def get(self, request, pk):
        grant = _visible_grant(request.user, pk)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sharing-usage-{grant.pk}.csv"'
        response.write("\ufeff")
        writer = excel.csv_writer(response)
        writer.writerow(["时间", "密钥标识", "客户端地址", "响应状态", "结果", "返回行数", "返回字段", "查询条件"])
        for use in selectors.usage_rows(grant).iterator():
            writer.writerow([timezone.localtime(use.at).strftime("%Y-%m-%d %H:%M:%S"), use.key_prefix,
                             use.client_ip, use.status, use.status_label, use.rows, "、".join(use.fields),
                             "&".join(f"{k}={v}" for k, v in sorted(use.query.items()))])
        return response
