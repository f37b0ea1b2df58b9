"""The navigation every page shows: a section appears only when it has pages the user may open."""

from django.urls import NoReverseMatch, reverse

# (section label, url name, predicate(user)). Apps add their sections here when they have real pages.
SECTIONS: list[tuple[str, str, object]] = []


def register_section(label: str, url_name: str, visible) -> None:
    SECTIONS.append((label, url_name, visible))


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
        items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_sections": items}
