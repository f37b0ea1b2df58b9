"""``restrict(user, action)``: every read of a domain model passes through a policy (DESIGN §5.4)."""

from collections.abc import Callable

from django.db import models

Policy = Callable[[models.QuerySet, object, str], models.QuerySet]
_POLICIES: dict[type[models.Model], Policy] = {}


def register_policy(model: type[models.Model]):
    """Decorator: ``policy(queryset, user, action) -> queryset`` decides which rows ``user`` may ``action``."""

    def decorator(func: Policy) -> Policy:
        _POLICIES[model] = func
        return func

    return decorator


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> models.QuerySet:
        """Rows of this queryset that ``user`` may ``action``. A model with no registered policy yields nothing:
        forgetting a policy denies, it never leaks."""
        policy = _POLICIES.get(self.model)
        if policy is None:
            return self.none()
        return policy(self, user, action)
