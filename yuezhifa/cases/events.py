"""What the other platforms do when an act is recorded (DESIGN §5.1: a service emits the domain events other platforms
need, in its own transaction).

The case engine does not know the platforms that watch it. An app subscribes to an act code in its ``AppConfig.ready``:

* ``on_act(code, handler)``: ``handler(actor=, case=, act=)`` runs inside ``services.act_perform``'s transaction,
  after the act, its documents and the case's derived columns are written. An exception it raises (a DomainError
  naming the field) refuses the act and leaves nothing behind: the act and its consequence land together or not
  at all (the disclosure platform publishes a decision on the head's ``approve_disclosure``, 办法 第四十五条).
* ``on_record(code, enricher)``: ``enricher(actor=, case=, data=)`` runs before the act is written and returns
  facts to keep in the act's data (what the act led to, e.g. that a minor's decision is withheld from publication),
  so that the log alone tells later acts and deadlines what happened. It may refuse the act the same way.
* ``on_form(code, provider)``: ``provider(user=, case=)`` returns a ``Preview`` shown above the act's form (what the
  head is about to approve), or None.
* ``on_read_refused(handler)``: ``handler(user=, case_id=, what=)`` runs whenever a case (its page, its API, its
  documents or its evidence) is refused to a user, before the 404; the supervision platform audits every refusal
  to a supervisor (办法 第三十七条、第六十五条). Every route refuses through ``read_refused``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

_reactions: dict[str, list[Callable]] = defaultdict(list)
_previews: dict[str, Callable] = {}
_enrichers: dict[str, list[Callable]] = defaultdict(list)
_refusals: list[Callable] = []


@dataclass
class Preview:
    """What performing the act will lead to, for its form: a title, label/value rows and a note (e.g. why nothing
    will be published)."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


def on_act(code: str, handler: Callable) -> None:
    if handler not in _reactions[code]:
        _reactions[code].append(handler)


def on_record(code: str, enricher: Callable) -> None:
    if enricher not in _enrichers[code]:
        _enrichers[code].append(enricher)


def on_form(code: str, provider: Callable) -> None:
    _previews[code] = provider


def emit(code: str, *, actor, case, act) -> None:
    for handler in _reactions.get(code, ()):
        handler(actor=actor, case=case, act=act)


def enrich(code: str, *, actor, case, data: dict) -> dict:
    facts: dict = {}
    for enricher in _enrichers.get(code, ()):
        facts.update(enricher(actor=actor, case=case, data=data) or {})
    return facts


def form_preview(code: str, *, user, case) -> Preview | None:
    provider = _previews.get(code)
    return provider(user=user, case=case) if provider else None


def on_read_refused(handler: Callable) -> None:
    if handler not in _refusals:
        _refusals.append(handler)


def read_refused(*, user, case_id, what: str) -> None:
    """A read of case ``case_id`` was refused to ``user`` (the caller answers 404): tell the watching platforms."""
    for handler in _refusals:
        handler(user=user, case_id=case_id, what=what)
