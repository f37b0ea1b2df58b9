"""HTML pages of the laws library (法律法规): browse and search, read a law, read a provision. Thin: selectors read."""

from django.core.paginator import Paginator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from yuezhifa.core.errors import DomainError
from yuezhifa.core.views_base import Column, RestrictedDetailView, RestrictedListView

from . import selectors
from .filtersets import LawFilterSet
from .models import LawStatus
from .permissions import can_edit_laws

HITS_PER_PAGE = 20


def status_badge(law) -> str:
    return format_html('<span class="badge badge-law-{}">{}</span>', law.status, law.get_status_display())


class LawListView(RestrictedListView):
    """Laws by level and category; the search box also searches the articles' text, shown with highlighted
    snippets above the list of laws whose names match."""

    selector = selectors.law_list
    filterset_class = LawFilterSet
    template_name = "laws/law_list.html"
    title = gettext_lazy("法律法规")
    search_placeholder = gettext_lazy("法律名称或条文内容，如“罚款”“当场收缴”")
    columns = [
        Column(gettext_lazy("名称"), "name", link="laws:law_detail", order_by="name"),
        Column(gettext_lazy("效力位阶"), "get_level_display", order_by="level", css="nowrap"),
        Column(gettext_lazy("分类"), "category", css="nowrap"),
        Column(gettext_lazy("公布日期"), "publish_date", order_by="publish_date", css="nowrap"),
        Column(gettext_lazy("施行日期"), "effective_date", order_by="effective_date", css="nowrap"),
        Column(gettext_lazy("时效性"), render=status_badge, css="nowrap"),
        Column(gettext_lazy("条文数"), "article_count", css="nowrap"),
    ]

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.current_sort() else queryset.order_by("level", "name", "-publish_date")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.request.GET.get("q", "").strip()
        facets: dict[str, dict] = {}
        for row in selectors.law_categories(user=user):
            level = facets.setdefault(row["level"], {"label": row["level_display"], "count": 0, "categories": []})
            level["count"] += row["count"]
            level["categories"].append(row)
        context.update({"facets": facets, "query": query, "can_edit": can_edit_laws(user)})
        if query:
            number = self.request.GET.get("hp", "1")
            number = int(number) if number.isdigit() and int(number) > 0 else 1
            status = self.request.GET.get("status", "")
            try:
                page = selectors.provision_search(user=user, query=query, status=status,
                                                  limit=HITS_PER_PAGE, offset=(number - 1) * HITS_PER_PAGE)
                error = ""
            except DomainError as exc:
                page, error = selectors.SearchPage(0, []), exc.message
            context.update({"hits": page.hits, "hits_total": page.total, "hits_estimate": page.total_is_estimate,
                            "hits_first": (number - 1) * HITS_PER_PAGE + 1,
                            "hits_relaxed": page.relaxed, "hits_error": error, "hits_page": number,
                            "hits_pages": Paginator(range(min(page.total, 1000)), HITS_PER_PAGE).num_pages})
        return context


class LawDetailView(RestrictedDetailView):
    selector = selectors.law_list
    template_name = "laws/law_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        law = self.object
        units = [p for p in selectors.law_structure(law=law) if p.kind in {"part", "subpart", "chapter", "section",
                                                                          "article"}]
        depth = {}
        for unit in units:
            depth[unit.pk] = depth.get(unit.parent_id, -1) + 1 if unit.parent_id in depth else 0
            unit.depth = depth[unit.pk]
            unit.lines = unit.text.split("\n") if unit.text else []
        context.update({
            "units": units,
            "toc": [u for u in units if u.kind != "article"],
            "versions": selectors.law_versions(user=self.request.user, law=law),
            "preamble_lines": law.preamble.split("\n") if law.preamble else [],
            "history_lines": law.history.split("\n") if law.history else [],
            "superseded": law.status != LawStatus.IN_FORCE,
            "current": selectors.law_versions(user=self.request.user, law=law).filter(
                status=LawStatus.IN_FORCE).exclude(pk=law.pk).first(),
        })
        return context


class ProvisionDetailView(RestrictedDetailView):
    selector = selectors.provision_list
    template_name = "laws/provision_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provision = self.object
        article = provision
        while article.kind not in {"article", "part", "subpart", "chapter", "section"} and article.parent_id:
            article = article.parent
        context.update({
            "title": provision.citation,
            "ancestors": selectors.provision_ancestors(provision=provision),
            "children": selectors.provision_children(provision=provision),
            "lines": provision.text.split("\n") if provision.text else [],
            "anchor": article.code,
            "citing": selectors.provision_citing(user=self.request.user, provision=provision),
        })
        return context
