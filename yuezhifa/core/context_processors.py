"""The navigation every page shows: a section appears only when it has pages the user may open."""

from django.urls import NoReverseMatch, reverse

# (section label, url name, predicate(user)). Apps add their sections here when they have real pages; the menu lists
# them by their order (the daily work first: 办案, 行政检查, 监督), not by the order the apps happen to load in.
SECTIONS: list[tuple[str, str, object]] = []
_ORDER: dict[str, int] = {}
# url name -> badge(request): the count a section's menu item shows (its open to-do items; 0 shows nothing).
BADGES: dict[str, object] = {}


def register_section(label: str, url_name: str, visible, order: int = 100) -> None:
    _ORDER[url_name] = order
    SECTIONS.append((label, url_name, visible))
    SECTIONS.sort(key=lambda section: _ORDER[section[1]])


def register_badge(url_name: str, badge) -> None:
    """``badge(request)`` gives the count shown on the menu item of the section at ``url_name`` (issue 15 §2)."""
    BADGES[url_name] = badge


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    for label, url_name, visible in SECTIONS:
        if user is None or not visible(user):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        badge = BADGES.get(url_name)
        items.append({"label": label, "url": url, "active": request.path.startswith(url),
                      "badge": (badge(request) or 0) if badge is not None else 0})
    return {"nav_sections": items}
