"""The breadcrumb trail every signed-in page shows above its content (decision 0050).

Built from what the page already has, so that no template names its own trail:

* 首页, then the page's area: the navigation section (``core.context_processors.SECTIONS``) whose URL namespace
  is the page's (办案 for ``cases:*``, 监督 for ``supervision:*`` …);
* the list a detail page belongs to (``PARENTS``: 案件 for a case, 执法人员 for an officer …);
* on a case's sub-pages (an act form, an act, a document), the case by its number;
* the page itself, named by its own ``{% block title %}`` (or the ``title`` in its context).

A view may give its own trail as a ``breadcrumbs`` context list of ``(label, url)`` pairs (``url`` None for the
current page); 首页 is put in front of it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

TITLE_SEPARATOR = " · "


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None = None


# Areas that are no navigation section of their own (the pages every user has, public registers).
AREAS = {
    "account": _("我的账户"),
    "disclosure": _("行政执法公示"),
    "seals": _("电子印章验证"),
}

# The list page a detail page belongs to: url name -> [(label, url name of the list)].
PARENTS: dict[str, list[tuple[str, str]]] = {
    "cases:detail": [(_("案件"), "cases:all")],
    "cases:act": [(_("案件"), "cases:all")],
    "cases:act_detail": [(_("案件"), "cases:all")],
    "cases:link": [(_("案件"), "cases:all")],
    "cases:document": [(_("案件"), "cases:all")],
    "org:body_detail": [(_("执法主体"), "org:body_list")],
    "org:officer_detail": [(_("执法人员"), "org:officer_list")],
    "org:officer_import": [(_("执法人员"), "org:officer_list")],
    "org:certificate_issue": [(_("执法人员"), "org:officer_list")],
    "org:certificate_detail": [(_("执法证件"), "org:certificate_list")],
    "org:certificate_renew": [(_("执法证件"), "org:certificate_list")],
    "org:certificate_status": [(_("执法证件"), "org:certificate_list")],
    "org:certificate_import": [(_("执法证件"), "org:certificate_list")],
    "org:certificate_expiring": [(_("执法证件"), "org:certificate_list")],
    "org:training_record_detail": [(_("培训记录"), "org:training_list")],
    "org:training_record_correct": [(_("培训记录"), "org:training_list")],
    "org:training_import": [(_("培训记录"), "org:training_list")],
    "org:training_hours": [(_("培训记录"), "org:training_list")],
    "org:training_course_detail": [(_("培训课程"), "org:training_course_list")],
    "org:training_course_create": [(_("培训课程"), "org:training_course_list")],
    "org:training_record_create": [(_("培训课程"), "org:training_course_list")],
    "items:adjustment_detail": [(_("事项依据调整"), "items:adjustment_list")],
    "items:adjustment_submit": [],
    "inspection:profile_detail": [(_("行政检查事项"), "inspection:profile_list")],
    "inspection:plan": [(_("行政检查计划"), "inspection:plans")],
    "inspection:plan_create": [(_("行政检查计划"), "inspection:plans")],
    "inspection:draw_create": [(_("行政检查计划"), "inspection:plans")],
    "inspection:draw": [(_("行政检查计划"), "inspection:plans")],
    "supervision:alert": [(_("监督预警"), "supervision:alerts")],
    "supervision:access_read": [(_("案卷查阅"), "supervision:access")],
    "supervision:access_request": [(_("案卷查阅"), "supervision:access")],
    "laws:provision_detail": [],
}


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _section(namespace: str, user) -> Crumb | None:
    from .context_processors import SECTIONS

    for label, url_name, visible in SECTIONS:
        if url_name.split(":", 1)[0] == namespace:
            return Crumb(str(label), _url(url_name) if visible(user) else None)
    if namespace in AREAS:
        return Crumb(str(AREAS[namespace]))
    return None


def page_title(context) -> str:
    """The page's own name: its ``{% block title %}`` as rendered (without the trailing " · "), else ``title``."""
    text = ""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block("title") if block_context is not None else None
    if block is not None:
        text = html.unescape(str(block.render(context)))
    text = " ".join(text.split()).strip().rstrip("·").strip()
    if not text:
        text = str(context.get("title") or "")
    return text


def _case_crumb(case) -> Crumb:
    return Crumb(case.number or case.cause, _url("cases:detail", case.pk))


def trail(context) -> list[Crumb]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    home = Crumb(str(_("首页")), _url("home"))
    explicit = context.get("breadcrumbs")
    if explicit:
        return [home, *(c if isinstance(c, Crumb) else Crumb(str(c[0]), c[1]) for c in explicit)]
    match = getattr(request, "resolver_match", None)
    if match is None:  # an error page for an address that resolves to nothing: no place to show
        return []
    if not match.namespace and match.url_name == "home":
        return [Crumb(home.label)]
    crumbs = [home]
    full_name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name or ""
    section = _section(match.namespace, user)
    if section:
        crumbs.append(section)
    for label, url_name in PARENTS.get(full_name, []):
        crumbs.append(Crumb(str(label), _url(url_name)))
    case = context.get("case")
    if match.namespace == "cases" and case is not None and match.url_name != "detail" and getattr(case, "pk", None):
        crumbs.append(_case_crumb(case))
    title = page_title(context)
    # the page title repeats what the trail already says ("粤市监罚〔2026〕12号 · 立案"): keep only the rest
    known = {c.label for c in crumbs}
    rest = [part for part in title.split(TITLE_SEPARATOR.strip()) if part.strip() and part.strip() not in known]
    label = TITLE_SEPARATOR.join(part.strip() for part in rest)
    if label:
        crumbs.append(Crumb(label))
    else:
        # the page is the section's (or the list's) own page: the last crumb is where we are
        crumbs[-1] = Crumb(crumbs[-1].label)
    here = request.path
    # a crumb pointing at this very page is the current one, not a link
    crumbs = [Crumb(c.label) if c.url == here and i == len(crumbs) - 1 else c for i, c in enumerate(crumbs)]
    return crumbs
