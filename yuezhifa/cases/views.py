"""HTML pages of the case platform (办案, mounted at /cases/), made for the officer's phone.

Thin (DESIGN §4): reads go through ``selectors`` (restricted: a case the user may not see answers 404, the same as
one that does not exist), writes through ``services``; the forms of the acts are generated from the acts' own
fields (``forms``), and a refusal comes back as the service's Chinese message next to the input it names.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import ListView, TemplateView

from yuezhifa.core.calendar import Binds
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.org.permissions import user_roles
from yuezhifa.topology.accounts import user_label

from . import events, pickers, selectors, services
from .band import item_initial
from .documents import render_snapshot
from .engine import local_date
from .forms import ActForm, FormField, _walk, carried_initial, declared_fields, describe, local_input
from .models import LINK_LABELS, Case, CaseLinkKind
from .permissions import CASE_ROLES, acting_roles
from .procedures import PROCEDURES, stage_choices
from .procedures.dsl import HEAD, LEGAL_REVIEWER, OFFICER, ROLE_LABELS
from .views_band import band_context

PAGE_SIZE = 20
DUE_SOON_DAYS = 3
NOT_FOUND = gettext_lazy("未找到该案件，或您无权查看。")
# The rendered document is shown in a frame and may load nothing: no script, no remote resource.
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; frame-ancestors 'self'"
EVIDENCE_ACCEPT = "image/*,application/pdf,video/*,audio/*"


def roles_of(user) -> set[str]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return set(CASE_ROLES)
    return {str(r) for r in user_roles(user)} & {str(r) for r in CASE_ROLES}


def can_use_cases(user) -> bool:
    """The 办案 section: officers, heads and legal reviewers."""
    return bool(getattr(user, "is_authenticated", False) and roles_of(user))


def todo_counts(request) -> dict[str, int] | None:
    """The to-do centre's counts for the request's user (``selectors.todo_counts``), computed once per request: the
    home page and the menu's badge read the same figures. None for a user without a case role."""
    cached = getattr(request, "_yzf_todo_counts", False)
    if cached is not False:
        return cached
    user = getattr(request, "user", None)
    roles = roles_of(user) if getattr(user, "is_authenticated", False) else set()
    counts = selectors.todo_counts(user, roles) if roles else None
    request._yzf_todo_counts = counts
    return counts


def todo_badge(request) -> int:
    """The 办案 menu item's badge: the open cases waiting on the user now (their approval queue, returned to the
    officers, or overdue), each counted once."""
    counts = todo_counts(request)
    return counts["attention"] if counts else 0


def _page_or_404(request, pk, *, full: bool = False, latest: int | None = None) -> selectors.CasePage:
    try:
        return services.case_page_read(actor=request.user, pk=pk, what=request.path, full=full, latest=latest)
    except Case.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def _case_or_404(request, pk) -> Case:
    case = selectors.cases(request.user).filter(pk=pk).first()
    if case is None:
        events.read_refused(user=request.user, case_id=pk, what=request.path)
        raise Http404(NOT_FOUND)
    if not acting_roles(request.user, case):
        services.case_read_record(actor=request.user, case=case, what=request.path)
    return case


def due_state(day: datetime.date | None, today: datetime.date) -> str:
    """``overdue`` / ``soon`` (within three days) / ``""`` for a case's next agency due date."""
    if day is None:
        return ""
    if day < today:
        return "overdue"
    if day <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return "soon"
    return ""


# --- lists --------------------------------------------------------------------------------------------------------


class CaseListView(LoginRequiredMixin, ListView):
    """待办 (the user's open cases, soonest deadline first), 全部案件 (search and stage filter), and the queues of
    the head (待审批) and of the legal reviewer (待法制审核)."""

    template_name = "cases/case_list.html"
    paginate_by = PAGE_SIZE
    tab = "todo"
    tabs = {"todo": gettext_lazy("待办"), "all": gettext_lazy("全部案件"), "approvals": gettext_lazy("待审批"),
            "legal": gettext_lazy("待法制审核")}
    queue_roles = {"approvals": HEAD, "legal": LEGAL_REVIEWER}

    def get_queryset(self):
        user = self.request.user
        if self.tab in self.queue_roles:
            if self.queue_roles[self.tab] not in roles_of(user):
                raise Http404(_("您没有该审批队列。"))
            qs = selectors.approval_queue(user, self.queue_roles[self.tab])
        else:
            qs = selectors.due_filter(selectors.todo_list(user), self.request.GET.get("due", ""),
                                      timezone.localdate())
        if self.tab != "all":
            qs = qs.prefetch_related(_open_deadlines())
        return qs.prefetch_related("parties")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = roles_of(self.request.user)
        today = timezone.localdate()
        tabs = [("todo", "cases:todo"), ("all", "cases:all")]
        if HEAD in roles:
            tabs.append(("approvals", "cases:approvals"))
        if LEGAL_REVIEWER in roles:
            tabs.append(("legal", "cases:legal"))
        due = self.request.GET.get("due", "") if self.tab == "todo" else ""
        title = self.tabs[self.tab]
        if due in DUE_FILTERS:
            title = f"{title}：{DUE_FILTERS[due]}"
        context.update({
            "title": title, "tab": self.tab, "due_filter": due if due in DUE_FILTERS else "",
            "due_filters": list(DUE_FILTERS.items()),
            "tabs": [{"key": key, "label": self.tabs[key], "url": reverse(name)} for key, name in tabs],
            "rows": [queue_row(case, today) for case in context["object_list"]],
            "stages": stage_choices(), "stage": self.request.GET.get("stage", ""),
            "q": self.request.GET.get("q", ""), "can_open": OFFICER in roles, "today": today,
            "batch": self.tab in self.queue_roles,
            "batch_approve": self.tab == "approvals" and HEAD in roles,
            "batch_key": uuid.uuid4().hex if self.tab in self.queue_roles else "",
        })
        return context


DUE_FILTERS = {"soon": gettext_lazy("即将到期"), "overdue": gettext_lazy("已逾期")}


def _open_deadlines():
    from django.db.models import Prefetch

    from .models import CaseDeadline

    return Prefetch("deadlines", queryset=CaseDeadline.objects.filter(open=True, paused_since__isnull=True)
                    .exclude(rule__startswith="remedy.").order_by("due_date"), to_attr="open_deadlines")


def queue_row(case: Case, today: datetime.date) -> dict:
    """A to-do or queue item: what the case waits for (the queue of the acts it waits on, as the procedure names
    them: 立案审批, 公示审批 …; else the deadline it runs against), whether a batch approval may act on it, and its
    due date's state (issue 15 §2; docs/decisions/0049)."""
    from .batch import batchable
    from .procedures import PROCEDURES

    labels = selectors.queue_labels(case)
    procedure = PROCEDURES.get(case.procedure)
    specs = [procedure.act(code) for code in filter(None, case.waiting_acts.split(","))] if procedure else []
    deadline = next((d for d in getattr(case, "open_deadlines", ()) if d.due_date == case.next_due), None)
    return {"case": case, "parties": [selectors.party_public(p)["name"] for p in case.parties.all()],
            "due": due_state(case.next_due, today), "waiting_for": labels,
            "waiting": ROLE_LABELS.get(case.waiting_role, ""), "due_name": deadline.name if deadline else "",
            "batchable": case.waiting_role == HEAD and any(s is not None and batchable(s) for s in specs)}


# --- opening a case -------------------------------------------------------------------------------------------------


def _when_field(value: str = "") -> FormField:
    return FormField(name="performed_at", label=_("实施时间"), widget="datetime", required=True,
                     value=value or local_input(timezone.now()),
                     help_text=_("行为实际发生的时间；事后补录的，填写当时的时间（办法 第二十二条）。"))


def _place_field(on_site: bool, value: str = "") -> FormField:
    return FormField(name="place", label=_("地点"), widget="text", attrs={"maxlength": "300"}, value=value,
                     help_text=_("现场执法的，填写所在地点；设备允许时同时记录定位。") if on_site else "")


class CaseCreateView(LoginRequiredMixin, TemplateView):
    """登记案源: opens a case with its first act (``services.case_open``)."""

    template_name = "cases/case_new.html"

    def form(self, data=None) -> ActForm:
        """The opening form of the procedure chosen (``?procedure=`` when the select changes, or the posted value):
        each procedure opens with its own act and fields (a seizure has no 事项 to state)."""
        source = data or self.request.GET
        chosen = source.get("procedure")
        default = PROCEDURES.get(chosen) or next(iter(PROCEDURES.values()))
        spec = default.act(default.opening)
        procedure = FormField(name="procedure", label=_("程序"), widget="select", required=True,
                              choices=[(p.code, p.name) for p in PROCEDURES.values()], value=default.code,
                              help_text=_("简易程序仅适用于当场给予警告或者小额罚款（处罚法 第五十一条）。"))
        extra = [procedure, _when_field(), _place_field(False)]
        if source.get("opened_from"):
            # opened from another case (docs/decisions/0035): the link is recorded with the opening act
            extra += [FormField(name="opened_from", label=_("引出本案的案件"), widget="hidden",
                                value=source.get("opened_from")),
                      FormField(name="link_kind", label=_("关联类别"), widget="hidden",
                                value=source.get("link_kind") or CaseLinkKind.OPENED_FROM)]
        form = ActForm(spec.fields, data=data, extra=extra)
        pickers.attach(_walk(form.fields))
        return form

    def source_case(self, form):
        """The case this one is opened from, as the user may see it (None when there is none or it is not visible)."""
        pk = form.value("opened_from") if any(f.name == "opened_from" for f in form.extra) else ""
        if not pk:
            return None
        try:
            return selectors.cases(self.request.user).filter(pk=pk).first()
        except (ValueError, DjangoValidationError):
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        context["title"] = _("登记案源")
        context["source_case"] = self.source_case(context["form"])
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        procedure = form.value("procedure")
        status = 422
        if procedure not in PROCEDURES:
            form.add_error("procedure", _("请选择程序。"))
        if not form.has_errors:
            try:
                linked = any(f.name == "opened_from" for f in form.extra)
                case = services.case_open(actor=request.user, procedure=procedure, data=form.payload(),
                                          performed_at=form.value("performed_at") or None,
                                          place=form.value("place") or "",
                                          opened_from=form.value("opened_from") if linked else None,
                                          link_kind=(form.value("link_kind") if linked else "")
                                          or CaseLinkKind.OPENED_FROM)
            except NotAllowed as exc:
                form.non_field_errors.append(exc.message)
                status = 403
            except DomainError as exc:
                form.apply_error(exc)
            else:
                messages.success(request, _("已登记案源。"))
                return redirect("cases:detail", pk=case.pk)
        return self.render_to_response(self.get_context_data(form=form), status=status)


# --- the case page ----------------------------------------------------------------------------------------------------


def _officer_choices(user, case) -> list[tuple[str, str]]:
    """The case body's serving officers holding a certificate valid today for the case's domain, with its number
    (``pickers.certified_officers``): an officer without one may not act (处罚法 第四十二条) and is not offered."""
    return pickers.officer_choices(user=user, case=case)


def _deadline_rows(deadlines, today) -> list[dict]:
    rows = []
    for d in deadlines:
        agency = d.binds == Binds.AGENCY
        if d.open and d.paused_since:
            state = "paused"
        elif d.open:
            # a party's period running out is a fact, not the agency's default: it "lapses", it is not "overdue"
            state = ("overdue" if agency else "lapsed") if today > d.due_date else \
                "soon" if due_state(d.due_date, today) else "open"
        else:
            state = "met_late" if local_date(d.met_at) > d.due_date else "met"
        label = {"open": _("未届满"), "soon": _("即将届满"), "overdue": _("已逾期"), "lapsed": _("已届满"),
                 "met": _("已完成"), "met_late": _("逾期完成"),
                 "paused": _("暂停计算")}[state]
        try:
            binds = Binds(d.binds).label
        except ValueError:
            binds = d.binds
        rows.append({"deadline": d, "state": state, "state_label": label, "binds": binds})
    return rows


# The latest acts shown in full on the case page; the older ones in one line each (seq, time, name, who), their detail
# fetched on demand (``ActDetailView``), so that the page costs about the same however long the log is (issue 15 §5).
FULL_ACTS = 10
ROWS_CACHE_VERSION = 1  # raise when ``describe`` or the entry's rows change shape
ROWS_CACHE_SECONDS = 7 * 24 * 3600


def _spec_fingerprint(spec) -> str:
    """The act's field definitions as ``describe`` reads them (names and labels, in order), hashed: a deployment that
    changes an act's fields gets new cache keys, so no row described by the old definition is shown."""
    fingerprint = _SPEC_FINGERPRINTS.get(id(spec))
    if fingerprint is None:
        from .forms import declared_fields

        def signature(name, f):
            children = getattr(f, "fields", None) if hasattr(f, "fields") and not hasattr(f, "child") else None
            return (name, str(f.label or name), type(f).__name__,
                    [(str(k), str(v)) for k, v in getattr(f, "choices", {}).items()],
                    [signature(n, c) for n, c in children.items()] if children else [])

        fields = [signature(name, f) for name, f in declared_fields(spec.fields).items()] if spec and spec.fields \
            else []
        fingerprint = hashlib.sha256(repr((ROWS_CACHE_VERSION, getattr(spec, "code", ""), fields)).encode()
                                     ).hexdigest()[:16]
        _SPEC_FINGERPRINTS[id(spec)] = fingerprint
    return fingerprint


_SPEC_FINGERPRINTS: dict[int, str] = {}


def _rows_key(page, act, view) -> str:
    return ":".join(["case-act-rows", page.log.procedure.code, _spec_fingerprint(page.log.procedure.act(act.code)),
                     str(act.pk), "full" if page.full else "masked", get_language() or "",
                     str(page.case.version) if view is not None and view.corrected else "0"])


def _described_rows(page, shown: list[tuple], officer_names: dict) -> dict:
    """The described rows (``forms.describe``) of the acts ``shown`` (``(act, view)`` pairs as the page shows them), by
    seq, cached: an act never changes once recorded, so its rows are kept by act id, the procedure's field definitions
    and whether they are masked (one cache round trip for all); an act a later correction changed is keyed by the case
    version as well (the correction is applied on reading)."""
    keys = {act.seq: _rows_key(page, act, view) for act, view in shown}
    cached = cache.get_many(list(keys.values()))
    rows, missing = {}, {}
    for act, view in shown:
        key = keys[act.seq]
        if key in cached:
            rows[act.seq] = cached[key]
            continue
        spec = page.log.procedure.act(act.code)
        names = {**officer_names, **{str(o["id"]): o["name"] for o in act.officers or ()}}
        rows[act.seq] = missing[key] = describe(spec.fields if spec else None,
                                                view.data if view is not None else act.data, officer_names=names)
    if missing:
        cache.set_many(missing, ROWS_CACHE_SECONDS)
    return rows


def _act_entry(page, act, view, rows: list, evidence=(), documents=()) -> dict:
    """One act of the timeline in full: its summary, described rows, officers, evidence and documents."""
    spec = page.log.procedure.act(act.code)
    data = view.data if view is not None else act.data
    return {
        "act": act, "corrected": bool(view and view.corrected), "compact": False,
        "summary": spec.summary(view) if spec and spec.summary and view else "",
        "rows": rows,
        "officers": [f"{o['name']}（{o.get('certificate') or _('无证件')}）" for o in act.officers or ()],
        "actor": data.get("actor_name") or user_label(act, "actor", none=_("平台")),
        "evidence": list(evidence), "documents": list(documents),
    }


def _timeline(page, officer_names: dict, *, full_acts: int = FULL_ACTS) -> list[dict]:
    """The acts, oldest first: the latest ``full_acts`` in full, the older ones compact (one line; their detail from
    ``ActDetailView``)."""
    evidence, documents = defaultdict(list), defaultdict(list)
    for row in page.evidence:
        evidence[row.act_id].append(row)
    for row in page.documents:
        documents[row.act_id].append(row)
    corrected = {view.seq for view in page.log.acts if view.corrected}
    first_full = len(page.lines) - full_acts
    entries = []
    for line in page.lines[:max(first_full, 0)]:  # the act's one-line facts (selectors.ActLine): nothing personal
        entries.append({"act": line, "compact": True, "corrected": line.seq in corrected,
                        "actor": line.actor or _("平台")})
    shown = [page.shown(line.seq) for line in page.lines[max(first_full, 0):]]
    last = shown[-1][0].seq if shown else None
    keys = {}
    for act, view in shown:  # the entry as rendered, kept like its rows, with what it lists of its files
        files = [(str(d.pk), d.title, d.number) for d in documents.get(act.pk, ())] + \
            [(str(v.pk), v.title, v.size, v.sha256, v.kind) for v in evidence.get(act.pk, ())]
        keys[act.seq] = ":".join([_rows_key(page, act, view), "open" if act.seq == last else "closed",
                                  hashlib.sha256(repr(files).encode()).hexdigest()[:16], "entry"])
    cached = cache.get_many(list(keys.values()))
    missing = [(act, view) for act, view in shown if keys[act.seq] not in cached]
    rows = _described_rows(page, missing, officer_names) if missing else {}
    rendered = {}
    for act, view in shown:
        html = cached.get(keys[act.seq])
        if html is None:
            entry = _act_entry(page, act, view, rows[act.seq], evidence.get(act.pk, ()), documents.get(act.pk, ()))
            html = rendered[keys[act.seq]] = render_to_string("cases/_act_entry.html", {
                "case": page.case, "e": entry, "open": act.seq == last})
        entries.append({"act": act, "compact": False, "html": mark_safe(html)})  # noqa: S308 (a rendered template)
    if rendered:
        cache.set_many(rendered, ROWS_CACHE_SECONDS)
    return entries


def _earlier_lines(case, entries: list[dict], *, full: bool) -> str:
    """The older acts' one-line entries as HTML, built here rather than in the template: ninety of them through the
    template engine would cost more than the rest of the page. Each links to the act's detail (``ActDetailView``),
    fetched in place by htmx (the list carries ``hx-target`` and ``hx-swap``) or opened as a page without script."""
    base = reverse("cases:act_detail", kwargs={"pk": case.pk, "seq": 0})
    assert base.endswith("/0/")
    base, query = base[:-2], "?full=1" if full else ""
    item, back, corrected = _("第%(seq)d项"), _("事后补录"), _("已更正")
    lines = []
    for e in entries:
        act = e["act"]
        at = timezone.localtime(act.performed_at)
        url = f"{base}{act.seq}/{query}"
        badges = format_html("{}{}", format_html('<span class="badge badge-warn">{}</span>', back)
                             if act.back_entered else "",
                             format_html('<span class="badge">{}</span>', corrected) if e["corrected"] else "")
        lines.append(format_html(
            '<li id="act-{}" class="act-compact"><span class="act-seq" aria-hidden="true">{}</span>'
            '<p class="act-title"><span class="visually-hidden">{}</span><a href="{}" hx-get="{}">{}</a>{} '
            '<small class="act-meta"><time datetime="{}">{}</time> · {}</small></p></li>',
            act.seq, act.seq, item % {"seq": act.seq}, url, url, act.name, badges, at.isoformat(),
            at.strftime("%Y-%m-%d %H:%M"), e["actor"]))
    return mark_safe("\n".join(lines))  # noqa: S308 (every part escaped by format_html above)


def _earlier_block(page, entries: list[dict]) -> str:
    """``_earlier_lines``, cached by case and version: the older acts' lines change only when an act is added (a
    correction is an act too), and then the version does."""
    if not entries:
        return ""
    key = ":".join(["case-earlier", str(ROWS_CACHE_VERSION), str(page.case.pk), str(page.case.version),
                    "full" if page.full else "masked", get_language() or ""])
    html = cache.get(key)
    if html is None:
        html = _earlier_lines(page.case, entries, full=page.full)
        cache.set(key, str(html), ROWS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (built by _earlier_lines, every part escaped by format_html)


def _next_acts(page) -> dict:
    """Split the procedure's acts for the page: what the user can do now, what someone else must do, and what
    cannot be done yet, with the reasons (each with its article). Of the acts that cannot be done, the ones ahead of
    the case (after the furthest act done, in the procedure's order, with their prerequisites done) are shown; the
    others (prerequisites missing, finished, or left behind) are folded away."""
    mine, others, near, far = [], [], [], []
    order = {spec.code: index for index, spec in enumerate(page.log.procedure.acts)}
    furthest = max((order[spec.code] for spec in page.log.procedure.acts
                    if not spec.correction and page.log.has(spec.code)), default=-1)
    for allowed in page.next_acts:
        spec = allowed.spec
        if allowed.allowed:
            if page.can(allowed):
                mine.append(allowed)
            else:
                others.append({"spec": spec, "roles": _("或").join(spec.role_labels)})
            continue
        started = all(page.log.has(code) for code in spec.after)
        finished = not spec.repeatable and page.log.has(spec.code)
        ahead = order[spec.code] > furthest
        (near if started and not finished and ahead else far).append(allowed)
    return {"mine": mine, "others": others, "near": near, "far": far}


class CaseDetailView(LoginRequiredMixin, TemplateView):
    template_name = "cases/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = _page_or_404(self.request, self.kwargs["pk"], full=self.request.GET.get("full") == "1", latest=FULL_ACTS)
        case = page.case
        today = timezone.localdate()
        officer_names = {pk: label.split("（")[0] for pk, label in _officer_choices(user, case)}
        timeline = _timeline(page, officer_names)
        context.update({
            "title": case.number or case.cause, "page": page, "case": case,
            "earlier": [e for e in timeline if e["compact"]], "latest": [e for e in timeline if not e["compact"]],
            "earlier_lines": _earlier_block(page, [e for e in timeline if e["compact"]]),
            "parties": [selectors.party_public(p, full=page.full) for p in page.parties],
            "deadlines": _deadline_rows(page.deadlines, today),
            "timeline": timeline,
            "next": _next_acts(page),
            "procedure": page.log.procedure, "stage_label": case.get_stage_display(),
            "email_deliveries": selectors.email_deliveries(user, case),
            "can_link": bool(acting_roles(user, case)),
            "link_kinds": [(k, LINK_LABELS[k][0]) for k in CaseLinkKind.values],
            "open_from": [(p.code, p.name) for p in PROCEDURES.values() if p.code != case.procedure],
            "inspection": selectors.inspection_code_panel(case, page.log,
                                                          base_url=self.request.build_absolute_uri("/")),
            "returns": selectors.case_returns(page),
        })
        return context


class ActDetailView(LoginRequiredMixin, TemplateView):
    """One act of the case page in full (what the page shows of its latest acts), for an older act the page lists in one
    line: the fragment alone when htmx asks for it, a page of its own otherwise (the link works without script). Read
    as the page is (``services.case_page_read``: refused reads, a supervisor's read under a grant and a view of full
    personal numbers recorded), and masked the same (``selectors.case_page``)."""

    def get_template_names(self):
        return ["cases/_act_entry.html" if self.request.headers.get("HX-Request") else "cases/act_detail.html"]

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        patch_vary_headers(response, ["HX-Request"])  # the fragment and the page share the URL
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = _page_or_404(self.request, self.kwargs["pk"], full=self.request.GET.get("full") == "1", latest=FULL_ACTS)
        seq = self.kwargs["seq"]
        act, view = page.shown(seq)
        if act is None:
            raise Http404(_("该案件没有第 %(seq)d 项执法行为。") % {"seq": seq})
        officer_names = {pk: label.split("（")[0] for pk, label in _officer_choices(self.request.user, page.case)}
        entry = _act_entry(page, act, view, _described_rows(page, [(act, view)], officer_names)[seq],
                           [e for e in page.evidence if e.act_id == act.pk], [d for d in page.documents if d.act_id == act.pk])
        context.update({"title": f"{page.case.number or page.case.cause} · {act.name}", "page": page,
                        "case": page.case, "e": entry, "open": True})
        return context


class CaseLinkView(LoginRequiredMixin, View):
    """关联案件: link this case to another the user may see, by its number (``services.case_link``;
    docs/decisions/0035). Only who acts on this case links it."""

    def post(self, request, pk):
        case = _case_or_404(request, pk)
        if not acting_roles(request.user, case):
            raise PermissionDenied(_("您不是该案件的办案人员，不能为其关联案件。"))
        number = (request.POST.get("other_number") or "").strip()
        other = selectors.case_by_number(request.user, number)
        try:
            if other is None:
                raise DomainError(_("案号“%(n)s”的案件不存在或您无权查看该案件。") % {"n": number[:64]} if number
                                  else _("请填写关联案件的案号。"), field="other_number")
            services.case_link(actor=request.user, case=case, other=other.pk,
                               kind=request.POST.get("kind") or CaseLinkKind.OPENED_FROM,
                               reason=request.POST.get("reason") or "")
        except (DomainError, NotAllowed) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已关联案件。"))
        return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + "#linked-cases")


# --- performing an act ------------------------------------------------------------------------------------------------


def _coordinate(value: str, limit: int) -> Decimal | None:
    try:
        number = Decimal((value or "").strip()).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) <= limit else None


class ActFormView(LoginRequiredMixin, TemplateView):
    """The form of one act, generated from its fields; posts to ``services.act_perform`` with the case version the
    user saw, so that an act based on a stale page is refused (409) instead of silently recorded."""

    template_name = "cases/act_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.page = _page_or_404(request, kwargs["pk"])
            self.allowed = next((a for a in self.page.next_acts if a.spec.code == kwargs["code"]), None)
            if self.allowed is None:
                raise Http404(_("该程序没有这项执法行为。"))
            self.spec = self.allowed.spec
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None) -> ActForm:
        spec, user = self.spec, self.request.user
        # on site, the place the case's last on-site act recorded (an officer usually stays where the party is)
        place = (self.page.case.acts.exclude(place="").order_by("-seq").values_list("place", flat=True).first()
                 if spec.on_site else "")
        extra = [_when_field(), _place_field(spec.on_site, place or "")]
        if spec.files:
            extra.append(FormField(name="files", label=_("证据文件"), widget="file",
                                   help_text=_("可拍照或选择照片、扫描件（PDF）、录音录像；可多选。文件上传后即计算 SHA-256 "
                                               "并保存，不能修改。")))
        initial = carried_initial(self.page.log, spec.fields)
        if spec.fields is not None:  # 处罚依据, 违反的规定 from the item when no earlier act gives them
            initial = {**item_initial(self.page.log, set(declared_fields(spec.fields)) - set(initial)), **initial}
        if getattr(user, "officer_id", None):
            initial.setdefault("officers", [str(user.officer_id)])
        form = ActForm(spec.fields, officers=_officer_choices(user, self.page.case), data=data, initial=initial,
                       extra=extra)
        pickers.attach(_walk(form.fields), case=self.page.case)
        if "party" in initial:
            for item in form.fields:
                if item.name == "party":
                    item.help_text = _("已按登记的当事人信息预填；居民身份证号码和联系电话不预填，请核对证件后填写。")
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.page
        context.setdefault("form", self.form())
        context.update({
            "title": self.spec.name, "page": page, "case": page.case, "spec": self.spec,
            "allowed": self.allowed, "may_act": page.can(self.allowed),
            "roles": _("或").join(self.spec.role_labels), "version": self.request.POST.get("version", page.case.version),
            "accept": EVIDENCE_ACCEPT, "stage_label": page.case.get_stage_display(),
            "preview": events.form_preview(self.spec.code, user=self.request.user, case=page.case)
            if page.can(self.allowed) and self.allowed.allowed else None,
            "materials": selectors.legal_review_materials(page) if self.spec.reviews else None,
            "band": band_context(page.log, self.spec, context["form"]),
            "returns": selectors.case_returns(page) if page.case.returned_reason or self.spec.reviews else [],
        })
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        status = 422
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1  # a form without the version it was built on is stale by definition
        latitude = longitude = None
        if self.spec.on_site and request.POST.get("latitude") and request.POST.get("longitude"):
            latitude = _coordinate(request.POST["latitude"], 90)
            longitude = _coordinate(request.POST["longitude"], 180)
            if latitude is None or longitude is None:
                latitude = longitude = None  # an unusable fix is dropped, never guessed
        if not form.has_errors:
            try:
                act = services.act_perform(
                    actor=request.user, case=self.page.case, code=self.spec.code, data=form.payload(),
                    performed_at=form.value("performed_at") or None, expected_version=version,
                    attachments=[services.Attachment(file=f) for f in request.FILES.getlist("files")],
                    place=form.value("place") or "", latitude=latitude, longitude=longitude)
            except NotAllowed as exc:
                form.non_field_errors.append(exc.message)
                status = 403
            except Conflict as exc:
                form.non_field_errors.append(exc.message)
                status = 409
            except DomainError as exc:
                form.apply_error(exc)
            else:
                messages.success(request, _("已记录“%(name)s”（第 %(seq)d 项）。") % {"name": act.name, "seq": act.seq})
                return redirect(reverse("cases:detail", kwargs={"pk": self.page.case.pk}) + f"#act-{act.seq}")
        return self.render_to_response(self.get_context_data(form=form), status=status)


# --- documents and evidence -----------------------------------------------------------------------------------------


def _document_or_404(request, pk, doc):
    case = _case_or_404(request, pk)
    document = case.documents.select_related("act").filter(pk=doc).first()
    if document is None:
        raise Http404(_("未找到该文书，或您无权查看。"))
    document.case = case  # the restricted row, with its body and item already loaded
    return document


class DocumentPreviewView(LoginRequiredMixin, TemplateView):
    """The document on screen (in a frame, as issued: from the snapshot frozen with the act) with its PDF link."""

    template_name = "cases/document_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = _document_or_404(self.request, self.kwargs["pk"], self.kwargs["doc"])
        context.update({"title": str(document), "document": document, "case": document.case})
        return context


@method_decorator(xframe_options_sameorigin, name="dispatch")
class DocumentHTMLView(LoginRequiredMixin, View):
    def get(self, request, pk, doc):
        document = _document_or_404(request, pk, doc)
        try:  # a reader who does not act on the case (a supervisor under a grant) sees it masked (DESIGN §5.9)
            html = render_snapshot(document, masked=not acting_roles(request.user, document.case))
        except DomainError as exc:
            return HttpResponse(exc.message, status=exc.status_code, content_type="text/plain; charset=utf-8")
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = DOCUMENT_CSP
        return response


class DocumentPDFView(LoginRequiredMixin, View):
    def get(self, request, pk, doc):
        document = _document_or_404(request, pk, doc)
        try:
            pdf = (services.document_pdf(document) if acting_roles(request.user, document.case)
                   else render_snapshot(document, pdf=True, masked=True))  # masked like the acts (DESIGN §5.9)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            return HttpResponse(exc.message, status=exc.status_code, content_type="text/plain; charset=utf-8")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, f"{document}.pdf")
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _evidence_from_node(request, case, row):
    """At the hub: a supervisor's evidence file, fetched from the node under their grant and checked against its
    digest (办法 第三十七条; docs/decisions/0059)."""
    from yuezhifa.topology.files import open_case_file

    try:
        opened = open_case_file(actor=request.user, case=case, kind="evidence", file_id=row.pk)
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status_code, content_type="text/plain; charset=utf-8")
    if opened is None:
        raise Http404(_("未找到该证据，或您无权查看。"))
    response = FileResponse(opened.file, content_type=opened.content_type)
    response["Content-Disposition"] = content_disposition_header(False, opened.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class EvidenceFileView(LoginRequiredMixin, View):
    """An evidence file as it was stored (its type as sniffed on arrival, never guessed again by the browser)."""

    def get(self, request, pk, evidence):
        case = _case_or_404(request, pk)
        row = case.evidence.filter(pk=evidence).first()
        if row is None:
            raise Http404(_("未找到该证据，或您无权查看。"))
        if settings.YZF_ROLE == "hub":  # the file is on the node that handled the case: fetched under the grant
            return _evidence_from_node(request, case, row)
        response = FileResponse(row.file.open("rb"), content_type=row.content_type)
        response["Content-Disposition"] = content_disposition_header(False, row.original_name or row.file.name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- batch work in the queues (docs/decisions/0049) ------------------------------------------------------------


QUEUE_EXPORT_HEADERS = ["案号", "案由", "当事人", "阶段", "待办事项", "到期日", "登记日期"]


class QueueBatchView(LoginRequiredMixin, View):
    """The chosen items of an approval queue (待审批, 待法制审核): ``action`` ``approve`` (a head's batch approval,
    ``batch.batch_approve``: per case, the same act through the same service), ``xlsx``/``csv`` (export, formula cells
    neutralised) or ``print`` (a print view of the list)."""

    tab = "approvals"

    def post(self, request, *args, **kwargs):
        from yuezhifa.core import excel

        from . import batch

        role = CaseListView.queue_roles[self.tab]
        if role not in roles_of(request.user):
            raise Http404(_("您没有该审批队列。"))
        ids = [pk for pk in request.POST.getlist("ids") if pk][: batch.MAX_BATCH * 4]
        action = request.POST.get("action", "")
        back = reverse("cases:approvals" if self.tab == "approvals" else "cases:legal")
        if not ids:
            messages.error(request, _("请至少选择一件案件。"))
            return redirect(back)
        if action == "approve":
            if self.tab != "approvals":
                raise PermissionDenied(_("法制审核须逐案审核，不能批量办理。"))
            try:
                results = batch.batch_approve(actor=request.user, case_ids=ids,
                                              batch_key=request.POST.get("batch_key", "")[:40])
            except NotAllowed as exc:
                raise PermissionDenied(exc.message) from None
            except DomainError as exc:
                messages.error(request, exc.message)
                return redirect(back)
            done = sum(r.ok for r in results)
            return render_page(request, "cases/batch_result.html", {
                "title": _("批量审批结果"), "results": results, "done": done, "refused": len(results) - done,
                "back": back})
        qs = selectors.approval_queue(request.user, role).filter(pk__in=_uuids(ids)).prefetch_related(
            _open_deadlines())
        today = timezone.localdate()
        rows = [queue_row(case, today) for case in qs]
        stem = str(CaseListView.tabs[self.tab])
        if action in ("xlsx", "csv"):
            values = [[r["case"].number or "", r["case"].cause, "、".join(r["parties"]), r["case"].get_stage_display(),
                       "、".join(r["waiting_for"]) or r["waiting"],
                       r["case"].next_due.isoformat() if r["case"].next_due else "",
                       timezone.localtime(r["case"].registered_at).date().isoformat()] for r in rows]
            if action == "csv":
                import io

                buffer = io.StringIO()
                writer = excel.csv_writer(buffer)
                writer.writerow(QUEUE_EXPORT_HEADERS)
                writer.writerows(values)
                response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
                name = excel.export_filename(stem).removesuffix(".xlsx") + ".csv"
            else:
                columns = tuple(excel.ExcelColumn(h, False, "", width=max(12, min(40, len(h) * 3)))
                                for h in QUEUE_EXPORT_HEADERS)
                workbook, sheet = excel.new_workbook(stem[:31], columns)
                for row in values:
                    sheet.append(row)
                response = HttpResponse(excel.save_workbook(workbook), content_type=excel.XLSX_CONTENT_TYPE)
                name = excel.export_filename(stem)
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
        if action == "print":
            return render_page(request, "cases/queue_print.html", {
                "title": stem, "rows": rows, "printed_at": timezone.localtime(), "back": back})
        messages.error(request, _("请选择要执行的操作。"))
        return redirect(back)


def _uuids(ids) -> list:
    out = []
    for pk in ids:
        try:
            out.append(uuid.UUID(str(pk)))
        except ValueError:
            continue
    return out


def render_page(request, template: str, context: dict) -> HttpResponse:
    from django.shortcuts import render

    return render(request, template, context)
