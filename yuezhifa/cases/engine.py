"""Deriving a case from its log (DESIGN §5.2, §6): its stage, its deadlines, the acts allowed next and, for every
act not allowed, why, with the article.

Nothing here writes. ``CaseLog`` is built from the case and its acts (two or three queries, however long the log);
``derive`` folds the log through the procedure's definition. ``services.act_perform`` calls the same derivation
before an act (to refuse what is not allowed) and after it (to rewrite the cache), and the supervision platform
reads the deadlines it materialises.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from django.utils import timezone

from yuezhifa.core.calendar import Binds, DeadlineRule, compute_deadline, current_rules, preloaded

from .procedures import get_procedure
from .procedures.dsl import ActSpec, Blocked, Procedure

SHANGHAI = timezone.get_default_timezone()


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, SHANGHAI).date()


@dataclass(frozen=True)
class ActView:
    """An act as the engine sees it: its data with every later correction applied."""

    pk: object
    seq: int
    code: str
    name: str
    performed_at: datetime.datetime
    recorded_at: datetime.datetime
    actor_id: object
    officers: tuple
    data: dict
    place: str = ""
    corrects_seq: int | None = None
    corrected: bool = False

    @property
    def date(self) -> datetime.date:
        return local_date(self.performed_at)

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    @property
    def officer_ids(self) -> set[str]:
        return {str(o["id"]) for o in self.officers}


@dataclass
class DeadlineState:
    key: str
    rule: str
    name: str
    binds: str
    start: datetime.date
    due: datetime.date
    basis: str
    explanation: str
    started_by: int
    due_at: datetime.datetime | None = None
    met_at: datetime.datetime | None = None
    met_by: int | None = None
    # counted through a year whose holiday arrangement is not entered (core.calendar): shown as 暂定 with the reason
    provisional: bool = False
    provisional_reason: str = ""
    # the period stands still from this day (a period that by rule does not count, 处罚法 第六十条): its due date
    # moves when it resumes, and meanwhile it is neither running out nor overdue
    paused_since: datetime.date | None = None

    @property
    def open(self) -> bool:
        return self.met_at is None

    def overdue_on(self, day: datetime.date) -> bool:
        return self.open and self.paused_since is None and day > self.due

    def met_late(self) -> bool:
        return self.met_at is not None and local_date(self.met_at) > self.due

    def as_dict(self, today: datetime.date | None = None) -> dict:
        today = today or timezone.localdate()
        return {
            "key": self.key, "rule": self.rule, "name": self.name, "binds": self.binds,
            "binds_label": Binds(self.binds).label, "start": self.start.isoformat(), "due_date": self.due.isoformat(),
            "due_at": self.due_at.isoformat() if self.due_at else None, "basis": self.basis,
            "explanation": self.explanation, "open": self.open,
            "met_at": self.met_at.isoformat() if self.met_at else None,
            "overdue": self.overdue_on(today), "met_late": self.met_late(),
            "provisional": self.provisional, "provisional_reason": self.provisional_reason,
            "paused_since": self.paused_since.isoformat() if self.paused_since else None,
        }


@dataclass(frozen=True)
class AllowedAct:
    spec: ActSpec
    blocked: tuple[Blocked, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.blocked


class CaseLog:
    """A case and its acts in order, as of a moment (``as_of``: now for a page, the act's time for a new act)."""

    def __init__(self, case, acts, *, as_of: datetime.datetime | None = None, rules: dict | None = None,
                 procedure: Procedure | None = None):
        self.case = case
        self.procedure = procedure or get_procedure(case.procedure)
        self.as_of = as_of or timezone.now()
        self._rules = rules
        self.acts: list[ActView] = _apply_corrections(acts, self.procedure)

    # --- reading the log -----------------------------------------------------------------------------------------
    @property
    def today(self) -> datetime.date:
        return local_date(self.as_of)

    def _code_index(self) -> dict[str, list[int]]:
        """The positions in ``acts`` of each code's acts, in order: built once per log (not once per guard that asks
        ``has``/``last``/``all``), again only if ``acts`` is replaced (``with_act``, a caller's slice)."""
        built = self.__dict__.get("_by_code")
        if built is None or built[0] is not self.acts or built[1] != len(self.acts):
            positions: dict[str, list[int]] = {}
            for index, act in enumerate(self.acts):
                positions.setdefault(act.code, []).append(index)
            built = self.__dict__["_by_code"] = (self.acts, len(self.acts), positions)
        return built[2]

    def _end(self) -> int:
        """How many of ``_code_index``'s positions are this log's (a ``_Prefix`` shares its log's index)."""
        return len(self.acts)

    def has(self, code: str) -> bool:
        positions = self._code_index().get(code)
        return bool(positions) and positions[0] < self._end()

    def all(self, code: str) -> list[ActView]:
        positions = self._code_index().get(code, ())
        return [self.acts[i] for i in positions[:bisect_left(positions, self._end())]]

    def last(self, code: str) -> ActView | None:
        positions = self._code_index().get(code)
        if not positions:
            return None
        before = bisect_left(positions, self._end())
        return self.acts[positions[before - 1]] if before else None

    def value(self, code: str, key: str, default=None):
        act = self.last(code)
        return default if act is None else act.get(key, default)

    def since(self, code: str, after: str) -> bool:
        """``code`` was performed after the last ``after`` (or ``after`` never was)."""
        first, second = self.last(code), self.last(after)
        return first is not None and (second is None or first.seq > second.seq)

    @property
    def last_act(self) -> ActView | None:
        return self.acts[-1] if self.acts else None

    # --- facts of the case -------------------------------------------------------------------------------------
    @cached_property
    def party(self) -> dict:
        """The party as the opening act stated it, restated by each later act that carries the party."""
        party: dict = {}
        for act in self.acts:
            spec = self.procedure.act(act.code)
            if spec is None or not spec.carries_party:
                continue
            stated = act.get("party")
            if act.code == self.procedure.opening:
                party = dict(stated or {})
                continue
            if not stated:
                continue
            same = party.get("name") == stated.get("name") and party.get("kind") == stated.get("kind")
            # the same party restated with some details left blank keeps the details on record
            party = {**party, **{k: v for k, v in stated.items() if v not in (None, "")}} if same else dict(stated)
        return party

    @property
    def party_kind(self) -> str:
        return self.party.get("kind") or "organisation"

    @property
    def item_id(self):
        return self.case.item_id

    @cached_property
    def rules(self) -> dict[str, DeadlineRule]:
        if self._rules is None:
            self._rules = {rule.code: rule for rule in current_rules()}
        return self._rules

    # --- derivation ----------------------------------------------------------------------------------------------
    @cached_property
    def deadlines(self) -> dict[str, DeadlineState]:
        """Every deadline the log has started, keyed ``rule`` (or ``rule#seq`` for the ones a case can have
        several of), in the order they were started."""
        states: dict[str, DeadlineState] = {}
        if not self.acts:
            return states
        # One read of the calendar for the whole log: from its first act to well past the longest period.
        with preloaded(self.acts[0].date - datetime.timedelta(days=1),
                       max(self.acts[-1].date, self.acts[0].date) + datetime.timedelta(days=800)):
            self._fold(states)
        return states

    def _fold(self, states: dict) -> None:
        for index, act in enumerate(self.acts):
            spec = self.procedure.act(act.code)
            if spec is None:
                continue
            prefix = _Prefix(self, index, states) if spec.starts or spec.effect is not None else None
            for rule_code in spec.stops:
                for state in states.values():
                    if state.rule == rule_code and state.open:
                        state.met_at, state.met_by = act.performed_at, act.seq
            for start in spec.starts:
                if start.when is not None and not start.when(prefix, act):
                    continue
                state = self._start(prefix, act, start)
                if state is None:
                    continue
                # a deadline of the same rule started again (a second preservation) is kept beside the first
                key = state.rule if state.rule not in states else f"{state.rule}#{act.seq}"
                state.key = key
                states[key] = state
            if spec.effect is not None:
                spec.effect(prefix, act, states)

    def _start(self, log, act: ActView, start) -> DeadlineState | None:
        if start.hours:
            due_at = act.performed_at + datetime.timedelta(hours=start.hours)
            return DeadlineState(
                key=start.rule, rule=start.rule, name=start.name, binds=Binds.AGENCY, start=act.date,
                due=local_date(due_at), due_at=due_at, basis=start.basis, started_by=act.seq,
                explanation=f"自{timezone.localtime(act.performed_at):%Y年%m月%d日%H时%M分}起{start.hours}小时内，"
                            f"即{timezone.localtime(due_at):%Y年%m月%d日%H时%M分}前（{start.basis}）。")
        rule = self.rules[start.rule]
        begin = start.from_date(log, act) if start.from_date else act.date
        if begin is None:
            return None
        deadline = compute_deadline(rule, begin)
        return DeadlineState(key=rule.code, rule=rule.code, name=start.name or rule.name, binds=str(rule.binds),
                             start=begin, due=deadline.due, basis=rule.basis, explanation=deadline.explanation,
                             started_by=act.seq, provisional=deadline.provisional,
                             provisional_reason=deadline.provisional_reason)

    def deadline(self, rule: str) -> DeadlineState | None:
        """The most recently started deadline of ``rule``."""
        found = [d for d in self.deadlines.values() if d.rule == rule]
        return found[-1] if found else None

    def open_deadline(self, rule: str) -> DeadlineState | None:
        found = [d for d in self.deadlines.values() if d.rule == rule and d.open]
        return found[-1] if found else None

    def elapsed(self, rule: str) -> bool:
        """The last deadline of ``rule`` has run out by ``as_of`` (its last day is over)."""
        state = self.deadline(rule)
        return state is not None and self.today > state.due

    @cached_property
    def stage(self) -> str:
        stage = self.procedure.initial_stage
        for index, act in enumerate(self.acts):
            spec = self.procedure.act(act.code)
            if spec is None or spec.stage is None:
                continue
            value = spec.stage(_Prefix(self, index), act) if callable(spec.stage) else spec.stage
            if value:
                stage = value
        return stage

    def blocked(self, spec: ActSpec) -> tuple[Blocked, ...]:
        """Why ``spec`` may not be performed now (empty: it may)."""
        reasons: list[Blocked] = []
        if self.stage in self.procedure.terminal_stages and not spec.correction and not spec.after_close:
            return (Blocked("案件已办结，不能再记录执法行为；如需更正，请记录更正。", "《广东省一体化行政执法平台管理办法》第二十条"),)
        for code in spec.after:
            if not self.has(code):
                other = self.procedure.act(code)
                reasons.append(Blocked(f"须先完成“{other.name}”。", other.basis))
        if not spec.repeatable and self.has(spec.code):
            reasons.append(Blocked(f"“{spec.name}”已经完成，不能重复；如有错误，请记录更正。", spec.basis))
        if reasons:
            return tuple(reasons)
        return tuple(b for b in (g.blocked(self) for g in spec.guards) if b is not None)

    def next_acts(self) -> list[AllowedAct]:
        return [AllowedAct(spec, self.blocked(spec)) for spec in self.procedure.acts]

    def with_act(self, act: ActView) -> CaseLog:
        """This log with ``act`` appended (for deriving what an act would lead to before writing it)."""
        clone = CaseLog(self.case, [], as_of=act.performed_at, rules=self.rules, procedure=self.procedure)
        clone.acts = _apply_corrections_views([*self.acts, act], self.procedure)
        return clone

    # --- money and pauses: the procedure's facts (ProcedureFacts) -------------------------------------------------
    @property
    def facts(self):
        return self.procedure.facts_or_default

    @property
    def decision(self) -> ActView | None:
        """The decision in force (docs/decisions/0028), as the procedure reads it."""
        return self.facts.decision(self)

    @property
    def fine(self) -> Decimal:
        return self.facts.amount_due(self)

    @property
    def paid(self) -> Decimal:
        return self.facts.amount_paid(self)

    @property
    def fine_paid(self) -> bool:
        return self.fine > 0 and self.paid >= self.fine

    def remedy_pauses(self) -> list[tuple[datetime.date, datetime.date | None]]:
        """The periods that do not count (review or litigation, 处罚法 第七十三条第三款), as the procedure reads them."""
        return self.facts.pauses(self)


class _Prefix(CaseLog):
    """The log as it stood when act ``index`` was performed (the act included): what its own starts and stage see."""

    def __init__(self, log: CaseLog, index: int, states: dict | None = None):
        self.case = log.case
        self.procedure = log.procedure
        self.as_of = log.acts[index].performed_at
        self._rules = log.rules
        self.acts = log.acts[: index + 1]
        self._log, self._stop, self._slice = log, index + 1, self.acts
        if states is not None:  # inside the fold: the deadlines derived so far, not a second fold
            self.__dict__["deadlines"] = states

    def _code_index(self) -> dict[str, list[int]]:
        # the log's index read up to this act: the prefix's acts are the log's first ``_stop`` acts
        return self._log._code_index() if self.acts is self._slice else CaseLog._code_index(self)

    def _end(self) -> int:
        return self._stop if self.acts is self._slice else len(self.acts)


def _corrections(procedure: Procedure | None) -> frozenset[str]:
    """The codes of the acts that correct others: of ``procedure``, or of every procedure when not given."""
    from .procedures import PROCEDURES

    procedures = [procedure] if procedure is not None else list(PROCEDURES.values())
    return frozenset(a.code for p in procedures for a in p.acts if a.correction)


def _apply_corrections(acts, procedure: Procedure | None = None) -> list[ActView]:
    corrections = _corrections(procedure)
    views = []
    for act in acts:
        views.append(ActView(
            pk=act.pk, seq=act.seq, code=act.code, name=act.name, performed_at=act.performed_at,
            recorded_at=act.recorded_at, actor_id=act.actor_id, officers=tuple(act.officers or ()),
            data=dict(act.data or {}), place=act.place,
            corrects_seq=(act.data or {}).get("target_seq") if act.code in corrections else None))
    return _apply_corrections_views(views, procedure)


def _apply_corrections_views(views: list[ActView], procedure: Procedure | None = None) -> list[ActView]:
    """A correction (an act marked ``correction``) replaces fields of the act it targets; the corrected act keeps
    its place."""
    corrections = _corrections(procedure)
    by_seq = {v.seq: i for i, v in enumerate(views)}
    out = list(views)
    for view in views:
        if view.code not in corrections or view.corrects_seq not in by_seq:
            continue
        index = by_seq[view.corrects_seq]
        target = out[index]
        out[index] = replace(target, data={**target.data, **(view.get("changes") or {})}, corrected=True)
    return out


def stage_label(stage: str) -> str:
    from .procedures import stage_label as label

    return label(stage)
