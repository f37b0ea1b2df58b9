"""Pieces of the page shell every signed-in page shows (the breadcrumb trail)."""

from django import template

from yuezhifa.core.breadcrumbs import trail

register = template.Library()


@register.inclusion_tag("core/_breadcrumbs.html", takes_context=True)
def breadcrumb_trail(context):
    return {"crumbs": trail(context)}


@register.filter
def badge_total(items) -> int:
    """The sum of the navigation items' numeric badges (shown on the phone's 菜单 button while it is closed)."""
    total = 0
    for item in items or ():
        try:
            total += int(item.get("badge") or 0)
        except (TypeError, ValueError):
            continue
    return total
