"""The vocabulary procedures are written in (DESIGN §6): a procedure is data, a list of acts; each act names its
preconditions (guards on the case's log), the checks on what is submitted with it, who may perform it, the documents
it produces, the deadlines it starts and stops, each with the article behind it.

Reading a procedure module should feel like reading the law: one ``ActSpec`` per act, one line per rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import ActView, CaseLog

HEAD = "head"
OFFICER = "officer"
LEGAL_REVIEWER = "legal_reviewer"

ROLE_LABELS = {HEAD: "行政机关负责人", OFFICER: "执法人员", LEGAL_REVIEWER: "法制审核人员"}


@dataclass(frozen=True)
class Blocked:
    """Why an act is not allowed now, with the article that says so."""

    message: str
    basis: str

    def as_dict(self) -> dict:
        return {"message": self.message, "basis": self.basis}

    def __str__(self) -> str:
        if not self.basis:
            return self.message
        return f"{self.message.rstrip().rstrip('。；，')}（{self.basis}）。"  # the article inside the sentence


@dataclass(frozen=True)
class Guard:
    """A precondition: a plain function of the case's log (and of ``log.as_of``, the moment asked about)."""

    test: Callable[[CaseLog], bool]
    message: str
    basis: str

    def blocked(self, log: CaseLog) -> Blocked | None:
        return None if self.test(log) else Blocked(self.message, self.basis)


@dataclass(frozen=True)
class Check:
    """A rule on the fields submitted with the act: ``test(log, data)`` returns the Chinese reason it fails (or
    None); ``field`` names the offending field."""

    test: Callable[[CaseLog, dict], str | None]
    field: str
    basis: str


@dataclass(frozen=True)
class ActorCheck:
    """A rule on who performs the act: ``test(log, actor)`` returns the Chinese reason this person may not (or None);
    ``field`` names what the refusal is about."""

    test: Callable[[CaseLog, object], str | None]
    field: str
    basis: str


@dataclass(frozen=True)
class Start:
    """A deadline the act starts: the calendar rule ``rule`` (core.calendar.RULES), counted from the act's date or
    from ``from_date(log, act)``; only ``when(log, act)`` holds. ``hours`` instead counts hours from the act's
    moment (the 24-hour transfer); then ``name`` and ``basis`` say what it is."""

    rule: str
    when: Callable[[CaseLog, ActView], bool] | None = None
    from_date: Callable[[CaseLog, ActView], datetime.date | None] | None = None
    hours: int = 0
    name: str = ""
    basis: str = ""


@dataclass(frozen=True)
class ActSpec:
    code: str
    name: str
    basis: str
    roles: tuple[str, ...]
    fields: type | None = None  # a DRF serializer class: the act's fields, for the API, the schema and the forms
    after: tuple[str, ...] = ()  # acts that must have been performed before (each of them)
    guards: tuple[Guard, ...] = ()
    checks: tuple[Check, ...] = ()
    actor_checks: tuple[ActorCheck, ...] = ()
    documents: tuple[str, ...] = ()
    starts: tuple[Start, ...] = ()
    stops: tuple[str, ...] = ()
    officers: int = 0  # at least this many certified officers of the case's domain (Procedure.officers: the article)
    on_site: bool = False  # done where the facts are: GPS position recorded when the device gives one
    gps_required: bool = False  # on_site, and refused without a GPS position (检查码 check-in, 深府规〔2025〕6号)
    files: bool = False  # evidence files may be attached
    repeatable: bool = False
    after_close: bool = False  # may still be recorded on a closed case (disclosure outlives the file)
    publishes: bool = False  # publishes the decision (the disclosure platform reacts to it)
    stage: str | Callable[[CaseLog, ActView], str | None] | None = None
    effect: Callable[[CaseLog, ActView, dict], None] | None = None  # adjusts derived deadlines (extension, deferral)
    enrich: Callable[[CaseLog, dict], dict] | None = None  # facts computed when the act is recorded, kept with it
    summary: Callable[[ActView], str] | None = None
    help: str = ""
    # What the engine and the services read instead of act codes (docs/decisions/0029):
    milestone: str | None = None  # "filed" | "decided" | "closed": the Case column (filed_at/…) the act sets
    queue: str | None = None  # the approval queue the case waits in while the act is allowed; the role is roles[0]
    carries_party: bool = False  # data["party"] states (or restates) the party, with the cause and the item
    correction: bool = False  # corrects an earlier act: data["target_seq"], data["changes"]
    recusal: bool = False  # an officer withdraws (data["officer"]) and another takes over (data["replacement"])
    reviews: bool = False  # reviews the officers' work: its form shows what is reviewed (docs/decisions/0046)

    @property
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[r] for r in self.roles]


MILESTONES = {"filed": "filed_at", "decided": "decided_at", "closed": "closed_at"}


@dataclass(frozen=True)
class StageSpec:
    code: str
    label: str
    terminal: bool = False  # a finished case: closed, not filed, transferred-and-done …


class ProcedureFacts:
    """The facts a procedure's log holds that other apps read without knowing its acts: the decision in force, the
    money it orders and what was paid, the periods that do not count. A procedure module subclasses it."""

    def decision(self, log) -> ActView | None:
        return None

    def amount_due(self, log) -> Decimal:
        return Decimal(0)

    def amount_paid(self, log) -> Decimal:
        return Decimal(0)

    def pauses(self, log) -> list[tuple[datetime.date, datetime.date | None]]:
        return []

    def decisions(self, log) -> list[ActView]:
        """The decision and the decisions that replaced it, oldest first (the last is in force)."""
        found = self.decision(log)
        return [found] if found is not None else []


@dataclass(frozen=True)
class OfficerRule:
    """The articles the checks on an act's officers cite (services._officers): how many must act (``count``), that
    each holds a valid certificate of the case's domain (``certificate``), the article a refusal records as its basis
    (``basis``), and the power a certificate-less officer may not exercise (``power``)."""

    count: str
    certificate: str
    basis: str
    power: str


PENALTY_OFFICERS = OfficerRule(  # 处罚法 第四十二条第一款: 两名以上具有行政执法资格的执法人员
    count="《中华人民共和国行政处罚法》第四十二条第一款", certificate="《中华人民共和国行政处罚法》第四十二条第一款",
    basis="《中华人民共和国行政处罚法》第四十二条", power="行政处罚")


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    basis: str
    acts: tuple[ActSpec, ...]
    kind: str = "penalty"  # "penalty" | "compulsion" | "inspection": for dashboards and the theme library
    opening: str = "register_source"  # the act that opens a case
    stages: tuple[StageSpec, ...] = ()  # the first is where a case starts
    facts: ProcedureFacts | None = None  # None: no money, no pauses
    officers: OfficerRule = PENALTY_OFFICERS  # the articles cited when an act's officers are too few or uncertified
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for spec in self.acts:
            if spec.code in self._index:
                raise ValueError(f"{self.code}: duplicate act {spec.code}")
            self._index[spec.code] = spec
        for spec in self.acts:
            for code in spec.after:
                if code not in self._index:
                    raise ValueError(f"{self.code}.{spec.code}: unknown prerequisite {code}")
            if spec.milestone is not None and spec.milestone not in MILESTONES:
                raise ValueError(f"{self.code}.{spec.code}: unknown milestone {spec.milestone}")
        if self.opening not in self._index:
            raise ValueError(f"{self.code}: unknown opening act {self.opening}")

    def act(self, code: str) -> ActSpec | None:
        return self._index.get(code)

    def stage(self, code: str) -> StageSpec | None:
        return next((s for s in self.stages if s.code == code), None)

    def stage_label(self, code: str) -> str:
        found = self.stage(code)
        return found.label if found else code

    @property
    def initial_stage(self) -> str:
        return self.stages[0].code if self.stages else ""

    @property
    def terminal_stages(self) -> frozenset[str]:
        return frozenset(s.code for s in self.stages if s.terminal)

    def milestone_acts(self, milestone: str) -> set[str]:
        return {a.code for a in self.acts if a.milestone == milestone}

    @property
    def facts_or_default(self) -> ProcedureFacts:
        return self.facts or ProcedureFacts()

    def __contains__(self, code: str) -> bool:
        return code in self._index
