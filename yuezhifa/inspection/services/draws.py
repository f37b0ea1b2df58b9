"""双随机 (random subjects, random officers) for an approved plan, reproducible by anyone (LEGAL.md §4;
国办发〔2024〕54号; docs/decisions/0039).

The draw, given the seed and the ordered candidate lists, is a pure function (``select``):

1. candidates: the active subjects of the register with a credit code, within the planning body's division (or a
   narrower division prefix), optionally of one supervision domain and industry prefix, grouped by risk grade A→D,
   each grade ordered by credit code; ``candidates_digest`` is the SHA-256 of these codes, one per line (each line
   ending in ``\\n``), grade A first;
2. per grade the count: the absolute count the user gave, else ceil(size × share %), the share configurable
   (``settings.YZF_INSPECTION_DRAW_SHARES``, default A 5%, B 10%, C 20%, D 50%);
3. ``rng = random.Random(seed)`` (Python); for each grade A→D ``rng.sample(range(size), count)`` picks the indices,
   in the order drawn; then from the officers (active officers of the body holding a certificate valid on the draw
   date that covers every domain of the plan's items, less the recused, ordered by certificate number)
   ``rng.sample(range(n), officer_count)``.

At least two officers (行政处罚法 第四十二条第一款: 执法人员不得少于两人; 《广东省行政检查办法》) are drawn.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.org.models import CertificateStatus, Domain, Officer, OfficerStatus

from ..models import Draw, DrawnOfficer, DrawnSubject, Plan, PlanStatus, RiskGrade, Subject
from .plans import match_joint_visits

GRADES = tuple(RiskGrade.values)  # A, B, C, D
MIN_TEAM = 2
BASIS_TEAM = "《中华人民共和国行政处罚法》第四十二条第一款：执法人员不得少于两人"
BASIS_DRAW = "国办发〔2024〕54号：“双随机、一公开”，随机抽取检查对象、随机选派执法检查人员，抽查结果公开"


def default_shares() -> dict[str, Decimal]:
    """The configured share (percent) of each grade drawn, ``settings.YZF_INSPECTION_DRAW_SHARES``."""
    shares = {g: Decimal(0) for g in GRADES}
    for part in str(settings.YZF_INSPECTION_DRAW_SHARES).split(","):
        grade, _, pct = part.partition(":")
        if grade.strip() in shares:
            shares[grade.strip()] = Decimal(pct.strip())
    return shares


@dataclass(frozen=True)
class Candidates:
    sizes: dict[str, int]  # grade → number of candidate subjects
    officers: list[tuple[str, object]]  # (certificate number, officer id), ordered by number
    digest: str  # SHA-256 of the credit codes in grade, code order, each followed by "\n"
    code: Callable[[str, int], str]  # (grade, index in the grade's ordered codes) → credit code

    @property
    def officers_digest(self) -> str:
        return hashlib.sha256("".join(f"{n}\n" for n, _ in self.officers).encode()).hexdigest()

    @property
    def size(self) -> int:
        return sum(self.sizes.values())

    def chosen(self, picked: dict[str, list[int]]) -> tuple[str, list[str]]:
        """The candidates' digest and the credit codes at the indices ``picked`` per grade, in the order drawn."""
        return self.digest, [self.code(g, i) for g in GRADES for i in picked[g]]


@dataclass(frozen=True)
class Result:
    subjects: list[str]  # credit codes, in the order drawn
    officers: list[object]  # officer ids, in the order drawn


def select(seed: str, sizes: dict[str, int], counts: dict[str, int], officer_n: int, officer_k: int
           ) -> tuple[dict[str, list[int]], list[int]]:
    """The pure draw: indices into each grade's ordered candidates and into the ordered officers."""
    rng = random.Random(seed)  # noqa: S311 - reproducible by design; the seed is secrets.token_hex unless given
    picked = {g: rng.sample(range(sizes.get(g, 0)), counts.get(g, 0)) for g in GRADES}
    return picked, rng.sample(range(officer_n), officer_k)


def _plan_domains(plan: Plan) -> list:
    return sorted({d for d in plan.items.values_list("item__domain_id", flat=True) if d is not None})


def _subject_queryset(plan: Plan, filters: dict):
    qs = Subject.objects.filter(active=True, division__code__startswith=filters.get("division") or
                                plan.body.division_id).exclude(credit_code="")
    if filters.get("domain"):
        qs = qs.filter(domain_id=filters["domain"])
    if filters.get("industry"):
        qs = qs.filter(industry__startswith=filters["industry"])
    return qs


class OrderedGrade:
    """One grade's candidate credit codes in code order, kept as the text the digest is computed over (each code
    followed by "\n"), not as a million string objects. When every line has the same width (credit codes are 18
    characters) the code at index ``i`` is a slice at ``i × width``; otherwise the text is split once."""

    def __init__(self, text: str, size: int):
        self.text, self.size = text, size
        width = text.index("\n") + 1 if size else 0
        self.width = width if size and len(text) == width * size and text[width - 1::width] == "\n" * size else 0
        self._lines: list[str] | None = None

    def code(self, i: int) -> str:
        if not 0 <= i < self.size:
            raise IndexError(i)
        if self.width:
            return self.text[i * self.width:(i + 1) * self.width - 1]
        if self._lines is None:
            self._lines = self.text.split("\n")[:-1]
        return self._lines[i]

    def codes(self) -> list[str]:
        return self.text.split("\n")[:-1]


def _ordered_codes(base) -> tuple[dict[str, OrderedGrade], str]:
    """The candidates' credit codes, grade A→D, each grade ordered by code (the covering index
    ``inspection_subject_draw_order``), and their digest. On PostgreSQL each grade comes back as one row: its count and
    its codes joined by "\n" (an aggregate over the index-ordered subquery), so a million codes cost one index-only scan
    and one text value, not a row per subject in the driver; the digest is hashed over that text and the drawn codes
    are sliced out of it by their index (one pass, no second query by rank). Elsewhere (SQLite) the rows are read
    and joined in Python: the same text, the same digest."""
    connection = connections[base.db]
    grades: dict[str, OrderedGrade] = {}
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for g in GRADES:
            # Django's own SQL with bound parameters
            sql, params = (base.filter(risk_grade=g).order_by("credit_code").values_list("credit_code")
                           .query.sql_with_params())
            if connection.vendor == "postgresql":
                # ORDER BY inside the aggregate: the order (and so the digest and the draw) is guaranteed, not left to
                # the subquery's order
                cursor.execute(f"SELECT count(*), string_agg(s.credit_code, E'\\n' ORDER BY s.credit_code) "  # noqa: S608
                               f"FROM ({sql}) AS s", params)
                size, joined = cursor.fetchone()
                text = f"{joined}\n" if size else ""
            else:
                cursor.execute(sql, params)
                rows = [row[0] for row in cursor.fetchall()]
                size, text = len(rows), "".join(f"{c}\n" for c in rows)
            digest.update(text.encode())
            grades[g] = OrderedGrade(text, size)
    return grades, digest.hexdigest()


def database_digest(base) -> str | None:
    """The candidates' digest computed by the database alone (PostgreSQL ``sha256`` over the codes in grade, code
    order, each followed by "\n"), for checking a published digest against the register without reading the codes;
    None where the database has no SHA-256 (SQLite)."""
    connection = connections[base.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = (base.filter(risk_grade__in=GRADES).order_by("risk_grade", "credit_code").values_list("credit_code")
                   .query.sql_with_params())
    with connection.cursor() as cursor:
        cursor.execute("SELECT encode(sha256(convert_to(coalesce(string_agg(s.credit_code || E'\\n', ''), ''), "  # noqa: S608
                       f"'UTF8')), 'hex') FROM ({sql}) AS s", params)
        return cursor.fetchone()[0]


def candidates(plan: Plan, filters: dict, on: datetime.date, recused_ids) -> Candidates:
    grades, digest = _ordered_codes(_subject_queryset(plan, filters))
    officers = Officer.objects.filter(body_id=plan.body_id, status=OfficerStatus.ACTIVE,
                                      certificates__status=CertificateStatus.VALID,
                                      certificates__valid_from__lte=on, certificates__valid_until__gte=on)
    for domain in _plan_domains(plan):
        officers = officers.filter(certificates__domains=domain)
    officers = officers.exclude(pk__in=list(recused_ids))
    pairs = list(officers.order_by("certificates__number").values_list("certificates__number", "pk").distinct())
    return Candidates(sizes={g: grades[g].size for g in GRADES}, officers=pairs, digest=digest,
                      code=lambda g, i: grades[g].code(i))


def _counts(sizes: dict[str, int], shares: dict[str, Decimal], counts: dict[str, int] | None) -> dict[str, int]:
    if counts:
        out = {}
        for g in GRADES:
            n = int(counts.get(g, 0) or 0)
            if n < 0:
                raise DomainError("抽取户数不得为负数。", field="counts")
            if n > sizes[g]:
                raise DomainError(f"{g} 级候选检查对象只有 {sizes[g]} 户，不能抽取 {n} 户。", field="counts")
            out[g] = n
        return out
    return {g: min(sizes[g], math.ceil(sizes[g] * shares[g] / 100)) for g in GRADES}


def _parse_shares(shares) -> dict[str, Decimal]:
    if not shares:
        return default_shares()
    out = {}
    for g in GRADES:
        try:
            value = Decimal(str(shares.get(g, 0) or 0))
        except InvalidOperation:
            raise DomainError(f"{g} 级抽取比例须为数字（百分比）。", field="shares") from None
        if not (0 <= value <= 100):
            raise DomainError(f"{g} 级抽取比例须在 0 到 100 之间（百分比）。", field="shares")
        out[g] = value
    return out


def _record_drawn_subjects(draw: Draw, codes: list[str]) -> None:
    """The drawn subjects, by credit code, in the order drawn. On PostgreSQL one INSERT … SELECT joins the codes to
    the register (a thousand model instances cost more than the draw itself); elsewhere ``bulk_create``."""
    connection = connections[Draw.objects.db]
    if connection.vendor == "postgresql":
        drawn, subject = DrawnSubject._meta.db_table, Subject._meta.db_table
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {drawn} (id, created_at, updated_at, position, draw_id, subject_id) "  # noqa: S608
                f"SELECT gen_random_uuid(), %s, %s, c.position, %s, s.id FROM unnest(%s::varchar[]) "
                f"WITH ORDINALITY AS c(code, position) JOIN {subject} s ON s.credit_code = c.code AND "
                "s.credit_code <> ''", [now, now, draw.pk, codes])
            written = cursor.rowcount
    else:
        ids = dict(Subject.objects.filter(credit_code__in=codes).values_list("credit_code", "pk"))
        DrawnSubject.objects.bulk_create([DrawnSubject(draw=draw, subject_id=ids[c], position=i)
                                          for i, c in enumerate(codes, 1) if c in ids], batch_size=2000)
        written = len(ids)
    if written != len(codes):
        raise Conflict("检查对象名录在抽取过程中发生变化，请重新抽取。")


@transaction.atomic
def draw_create(*, actor, plan: Plan, seed: str | None = None, shares: dict | None = None,
                counts: dict | None = None, division: str = "", domain: Domain | None = None, industry: str = "",
                recusals: list[tuple[Officer, str]] = (), officer_count: int = MIN_TEAM,
                team_size: int = MIN_TEAM, on: datetime.date | None = None) -> Draw:
    """Draw subjects and officers for ``plan``; ``recusals``: (officer, reason) of the officers the user names as
    recused (回避)."""
    if not Plan.objects.restrict(actor, "draw").filter(pk=plan.pk).exists():
        raise NotAllowed(f"只有“{plan.body}”的执法人员或负责人可以为该机关的检查计划抽取。")
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        raise Conflict("检查计划须经负责人批准后才能抽取。")
    seed = (seed or "").strip() or secrets.token_hex(16)
    if len(seed) > 64:
        raise DomainError("随机种子不得超过 64 个字符。", field="seed")
    division = (division or "").strip()
    if division and not division.startswith(plan.body.division_id):
        raise DomainError(f"候选范围的区划须在本机关所在区划（{plan.body.division_id}）之内。", field="division")
    if team_size < MIN_TEAM:
        raise DomainError(f"每组执法人员不得少于 {MIN_TEAM} 人（{BASIS_TEAM}）。", field="team_size")
    if officer_count < team_size:
        raise DomainError(f"抽取的执法人员不得少于每组人数 {team_size} 人（{BASIS_TEAM}）。", field="officer_count")
    recorded = []
    for officer, reason in recusals:
        reason = (reason or "").strip()
        if not reason:
            raise DomainError(f"请填写执法人员“{officer}”回避的理由。", field="recusals")
        recorded.append({"officer": str(officer.pk), "name": officer.name, "reason": reason[:200]})
    on = on or timezone.localdate()
    filters = {"division": division, "domain": domain.pk if domain else "", "industry": (industry or "").strip()}
    pct = _parse_shares(shares)
    cands = candidates(plan, filters, on, [r["officer"] for r in recorded])
    sizes = cands.sizes
    want = _counts(sizes, pct, {k: v for k, v in (counts or {}).items() if v not in (None, "")} or None)
    if not sum(want.values()):
        raise DomainError("按该候选范围和比例没有可抽取的检查对象。", field="shares")
    if len(cands.officers) < officer_count:
        raise DomainError(f"持有覆盖本计划检查事项领域的有效执法证件、未回避的执法人员只有 {len(cands.officers)} 名，"
                          f"不足 {officer_count} 名（{BASIS_TEAM}）。", field="officer_count")
    picked, officer_idx = select(seed, sizes, want, len(cands.officers), officer_count)
    digest, codes = cands.chosen(picked)
    draw = Draw.objects.create(
        plan=plan, seed=seed, shares={g: str(pct[g]) for g in GRADES},
        counts={g: want[g] for g in GRADES} if counts else {}, subject_count=len(codes),
        officer_count=officer_count, candidates_digest=digest, drawn_at=timezone.now(), drawn_by=actor,
        on=on, filters=filters, recusals=recorded, team_size=team_size, candidate_count=cands.size,
        officers_digest=cands.officers_digest)
    _record_drawn_subjects(draw, codes)
    DrawnOfficer.objects.bulk_create([DrawnOfficer(draw=draw, officer_id=cands.officers[i][1], position=n)
                                      for n, i in enumerate(officer_idx, 1)])
    audit_record(actor=actor, action="inspection.draw", obj=draw,
                 after={"seed": seed, "digest": digest, "subjects": len(codes), "officers": officer_count,
                        "recusals": recorded})
    match_joint_visits(plan)
    return draw


def stored_result(draw: Draw) -> Result:
    return Result(subjects=list(draw.subjects.order_by("position").values_list("subject__credit_code", flat=True)),
                  officers=list(draw.officers.order_by("position").values_list("officer_id", flat=True)))


def reproduce(draw: Draw) -> Result:
    """Re-run ``draw`` from its recorded seed, filters, shares or counts and the candidates as the register now
    lists them. Refused (Conflict) when the candidates no longer match the recorded digests."""
    cands = candidates(draw.plan, draw.filters, draw.on or timezone.localdate(draw.drawn_at),
                       [r["officer"] for r in draw.recusals])
    changed = Conflict("检查对象名录或执法人员名单自抽取后已变化，候选名单摘要不一致，无法按原候选名单复现。")
    sizes = cands.sizes
    want = ({g: int(draw.counts.get(g, 0)) for g in GRADES} if draw.counts
            else _counts(sizes, {g: Decimal(draw.shares.get(g, "0")) for g in GRADES}, None))
    if (any(want[g] > sizes[g] for g in GRADES) or len(cands.officers) < draw.officer_count
            or cands.officers_digest != (draw.officers_digest or cands.officers_digest)):
        raise changed
    picked, officer_idx = select(draw.seed, sizes, want, len(cands.officers), draw.officer_count)
    digest, codes = cands.chosen(picked)
    if digest != draw.candidates_digest:
        raise changed
    return Result(subjects=codes, officers=[cands.officers[i][1] for i in officer_idx])


@transaction.atomic
def draw_publish(*, actor, draw: Draw) -> Draw:
    """公开 the draw's result: seed, digest and the drawn enterprises (no natural persons' data)."""
    if not Plan.objects.restrict(actor, "draw").filter(pk=draw.plan_id).exists():
        raise NotAllowed(f"只有“{draw.plan.body}”的执法人员或负责人可以公示该机关的抽取结果。")
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    if draw.published_at:
        raise Conflict("抽取结果已公示。")
    if draw.plan.status != PlanStatus.PUBLISHED:
        raise Conflict("检查计划公示后才能公示抽取结果。")
    draw.published_at = timezone.now()
    draw.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action="inspection.draw.publish", obj=draw, after={"seed": draw.seed})
    return draw


__all__ = ["Candidates", "Result", "candidates", "default_shares", "draw_create", "draw_publish", "reproduce",
           "select", "stored_result"]
