"""Blocks of the home page that read organisation data (the home page itself belongs to ``core``).

``{% load org_home %}{% my_training_card %}`` shows the signed-in officer their own training this year against the
annual minimum (办法 第39条); it renders nothing for an account without an officer record.
"""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("org/_training_card.html", takes_context=True)
def my_training_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    officer = getattr(user, "officer", None) if user is not None and user.is_authenticated else None
    if officer is None:
        return {"hidden": True}
    records = selectors.training_record_list(user=user, officer=officer)
    return {"training": selectors.training_year(user=user, officer=officer),
            "records": list(records.order_by("-course__end_date")[:5]), "officer": officer, "mine": True}
