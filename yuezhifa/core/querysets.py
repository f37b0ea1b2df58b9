"""``restrict(user, action)``: every read of a domain model passes through a policy (DESIGN §5.4).

Policies are per action, as NetBox's ``restrict(user, action)``: a policy is registered with the actions it decides
(``view``, ``change``, ``approve``, and a model's own such as ``certify``), and ``restrict`` answers nothing for any
other action before the policy is even asked, so an action a policy does not name (``delete``: records are retired,
never deleted; a misspelt action) never falls through to another action's rows (DESIGN §5.8). A test walks every
restricted model × action × role (``core/tests/test_policies.py``).
"""

from collections.abc import Callable, Iterable

from django.db import models

Policy = Callable[[models.QuerySet, object, str], models.QuerySet]
_POLICIES: dict[type[models.Model], Policy] = {}
_ACTIONS: dict[type[models.Model], frozenset[str]] = {}

# The actions every policy is asked about; a model may add its own (``certify``, ``view_id_number``, ``import``).
COMMON_ACTIONS = ("view", "change", "delete", "approve")


def register_policy(model: type[models.Model], *, actions: Iterable[str]):
    """Decorator: ``policy(queryset, user, action) -> queryset`` decides which rows ``user`` may ``action``, for
    the ``actions`` named here; any other action yields nothing."""

    def decorator(func: Policy) -> Policy:
        _POLICIES[model] = func
        _ACTIONS[model] = frozenset(actions)
        return func

    return decorator


def policy_actions(model: type[models.Model]) -> frozenset[str] | None:
    """The actions ``model``'s policy decides, or None when it has no policy."""
    return _ACTIONS.get(model)


def registered_models() -> list[type[models.Model]]:
    return list(_POLICIES)


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> models.QuerySet:
        """Rows of this queryset that ``user`` may ``action``. A model with no registered policy, or an action its
        policy does not name, yields nothing: forgetting a policy denies, it never leaks."""
        policy = _POLICIES.get(self.model)
        if policy is None or action not in _ACTIONS[self.model]:
            return self.none()
        return policy(self, user, action)
