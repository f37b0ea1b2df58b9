"""The to-do centre on the home page (issue 15 §2; the home page itself belongs to ``core``).

``{% load cases_home %}{% todo_centre %}`` shows a user with a case role their counts: 待办, 待审批 (a head's), 待审核
(a legal reviewer's), 即将到期 and 已逾期, each linking to its filtered queue; it renders nothing for anyone else.
The counts are the menu badge's (``views.todo_counts``, one query per request).
"""

from django import template

from ..views import roles_of, todo_counts

register = template.Library()


@register.inclusion_tag("cases/_todo_centre.html", takes_context=True)
def todo_centre(context):
    request = context.get("request")
    counts = todo_counts(request) if request is not None else None
    if counts is None:
        return {}
    roles = roles_of(request.user)
    return {"todo_counts": counts, "is_head": "head" in roles, "is_reviewer": "legal_reviewer" in roles}
