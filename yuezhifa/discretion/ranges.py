"""Fine ranges as the statutes write them, and the exact check that one range lies inside another.

A statutory fine is written in yuan (“五万元以上十万元以下”), as multiples of a base amount (“货值金额十倍以上二十倍以下”),
or both (“二万元以上、违法所得五倍以下”; “违法所得一倍以上五倍以下，最低不少于一万元”). Every such form is a pair of
bounds over the base amount *b*:

    lower(b) = max(min_yuan, min_multiple × b)      (absent terms left out; at least 0)
    upper(b) = min(max_yuan, max_multiple × b)      (absent terms left out; unbounded if both are absent)

Both are piecewise linear with at most one kink each, so whether a tier's range stays inside the statute's for *every*
base amount in a domain [from, below) can be decided exactly: the difference of two such functions is linear between
the kinks, so it is enough to look at the domain's ends, the kinks inside it, and the slope beyond the last kink.

All arithmetic is Decimal; nothing is rounded except where a caller asks for it (``split`` rounds inward).
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Terms:
    """A fine range: each bound the combination of a yuan amount and a multiple of the base amount."""

    min_yuan: Decimal | None = None
    min_multiple: Decimal | None = None
    max_yuan: Decimal | None = None
    max_multiple: Decimal | None = None

    @property
    def uses_base(self) -> bool:
        return self.min_multiple is not None or self.max_multiple is not None

    @property
    def bounded(self) -> bool:
        return self.max_yuan is not None or self.max_multiple is not None

    def lower(self, base: Decimal | None) -> Decimal:
        values = [ZERO]
        if self.min_yuan is not None:
            values.append(self.min_yuan)
        if self.min_multiple is not None:
            values.append(self.min_multiple * _need(base))
        return max(values)

    def upper(self, base: Decimal | None) -> Decimal | None:
        values = []
        if self.max_yuan is not None:
            values.append(self.max_yuan)
        if self.max_multiple is not None:
            values.append(self.max_multiple * _need(base))
        return min(values) if values else None

    def effective_upper(self, base: Decimal | None) -> Decimal | None:
        """``upper``, but never below ``lower``: where a floor exceeds a ceiling the floor prevails."""
        high = self.upper(base)
        return None if high is None else max(high, self.lower(base))

    def yuan_terms(self) -> list[Decimal]:
        return [v for v in (self.min_yuan, self.max_yuan) if v is not None]

    def multiple_terms(self) -> list[Decimal]:
        return [v for v in (self.min_multiple, self.max_multiple) if v is not None]

    def describe(self, base_label: str = "基数") -> str:
        """Chinese, as a benchmark table writes it: “50,000.00 元以上 100,000.00 元以下”, “货值金额 10 倍以上 20 倍以下”,
        “20,000.00 元以上、违法所得 5 倍以下”."""
        low = []
        if self.min_multiple:
            low.append(f"{base_label} {number(self.min_multiple)} 倍以上")
        if self.min_yuan is not None and self.min_yuan != 0:
            low.append(f"且不少于 {money(self.min_yuan)} 元" if low else f"{money(self.min_yuan)} 元以上")
        high = []
        if self.max_multiple is not None:
            named = bool(self.min_multiple)
            high.append(f"{'' if named else base_label + ' '}{number(self.max_multiple)} 倍以下")
        if self.max_yuan is not None:
            high.append(f"且不超过 {money(self.max_yuan)} 元" if high else f"{money(self.max_yuan)} 元以下")
        low_text, high_text = "".join(low), "".join(high)
        if not low_text:
            return high_text or "不限"
        if not high_text:
            return low_text
        plain = len(low) == 1 and len(high) == 1 and (not self.min_multiple) == (self.max_multiple is None)
        return f"{low_text} {high_text}" if plain else f"{low_text}、{high_text}"


def _need(base: Decimal | None) -> Decimal:
    if base is None:
        raise ValueError("a multiple needs a base amount")
    return base


@dataclass(frozen=True)
class Domain:
    """The base amounts a statutory branch covers: [start, below), ``below`` None for no upper limit."""

    start: Decimal = ZERO
    below: Decimal | None = None

    def contains(self, value: Decimal) -> bool:
        return value >= self.start and (self.below is None or value < self.below)


FIXED = Domain()  # a branch with no base amount: one point, the functions are constant


@dataclass(frozen=True)
class Breach:
    """Where an inner range leaves an outer one: at base amount ``base`` (None for a yuan-only branch), the inner
    ``side`` bound is ``value`` (None = unbounded) against the outer ``limit``."""

    side: str  # "lower" | "upper"
    base: Decimal | None
    value: Decimal | None
    limit: Decimal | None


def _candidates(domain: Domain, *terms: Terms) -> list[Decimal]:
    """Base amounts between which every bound of ``terms`` is linear: the domain's ends and every point where a yuan
    term meets a multiple term (each bound is a max / min of such pieces, so it can only bend there)."""
    points = {domain.start}
    if domain.below is not None:
        points.add(domain.below)  # the closure: the bounds are continuous, so a breach there is a breach just below
    yuans = {y for t in terms for y in t.yuan_terms()}
    multiples = {m for t in terms for m in t.multiple_terms() if m > 0}
    for y in yuans:
        for m in multiples:
            b = y / m
            if domain.contains(b) or b == domain.below:
                points.add(b)
    return sorted(points)


def _first_negative(diff, domain: Domain, points: list[Decimal]) -> Decimal | None:
    """The first base amount in ``domain`` where the piecewise-linear ``diff`` is negative, or None. ``diff`` is
    linear between consecutive ``points`` and beyond the last one."""
    for b in points:
        if diff(b) < 0:
            return b
    if domain.below is None:
        last = points[-1]
        one, two = diff(last + 1), diff(last + 2)
        slope = two - one
        if one < 0:
            return last + 1
        if slope < 0:
            return (last + 1 + one / -slope + 1).to_integral_value(ROUND_CEILING)
    return None


def lower_breach(inner: Terms, outer: Terms, domain: Domain = FIXED, *, uses_base: bool = True) -> Breach | None:
    """The first base amount in ``domain`` where ``inner``'s minimum falls below ``outer``'s, or None."""
    if not uses_base:
        low, limit = inner.lower(None), outer.lower(None)
        return Breach("lower", None, low, limit) if low < limit else None
    b = _first_negative(lambda x: inner.lower(x) - outer.lower(x), domain, _candidates(domain, inner, outer))
    return None if b is None else Breach("lower", b, inner.lower(b), outer.lower(b))


def upper_breach(inner: Terms, outer: Terms, domain: Domain = FIXED, *, uses_base: bool = True) -> Breach | None:
    """The first base amount in ``domain`` where ``inner``'s maximum rises above ``outer``'s (its floor where the
    floor exceeds its ceiling), or None. An unbounded inner maximum under a bounded outer one is a breach."""
    if not outer.bounded:
        return None
    at = domain.start if uses_base else None
    if not inner.bounded:
        return Breach("upper", at, None, outer.effective_upper(at))
    if not uses_base:
        high, limit = inner.upper(None), outer.effective_upper(None)
        return Breach("upper", None, high, limit) if high > limit else None
    b = _first_negative(lambda x: outer.effective_upper(x) - inner.upper(x), domain,
                        _candidates(domain, inner, outer))
    return None if b is None else Breach("upper", b, inner.upper(b), outer.effective_upper(b))


# --- concrete ranges ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concrete:
    """A range in yuan for one base amount. ``collapsed`` when a floor exceeded a ceiling and the floor prevailed."""

    lower: Decimal
    upper: Decimal
    collapsed: bool = False

    def contains(self, value: Decimal) -> bool:
        return self.lower <= value <= self.upper


def statutory(terms: Terms, base: Decimal | None) -> Concrete:
    """The statute's range at ``base``. Where a statute's floor exceeds its ceiling for a small base amount
    (“二万元以上、违法所得五倍以下” with 1,000 yuan of income), the floor prevails: it is the law's minimum."""
    low, high = terms.lower(base), terms.upper(base)
    if high is None:
        raise ValueError("a statutory fine needs a maximum")
    if high < low:
        return Concrete(low, low, collapsed=True)
    return Concrete(low, high)


def within(terms: Terms, base: Decimal | None, outer: Concrete, *, reduced: bool = False) -> Concrete:
    """A tier's range at ``base``, held inside ``outer`` (the statute's or the parent tier's range). A 减轻 tier may
    go below ``outer``'s minimum, never above its maximum (处罚法 第32条)."""
    floor = ZERO if reduced else outer.lower
    low = min(max(terms.lower(base), floor), outer.upper)
    high = terms.upper(base)
    high = outer.upper if high is None else min(max(high, low), outer.upper)
    return Concrete(low, high, collapsed=terms.upper(base) is not None and terms.upper(base) < terms.lower(base))


# --- generating tier ranges --------------------------------------------------------------------------------------


def _interpolate(low: Decimal | None, high: Decimal | None, fraction: Decimal, side: str) -> Decimal | None:
    """The point ``fraction`` of the way from ``low`` to ``high`` for one kind of term. A term present on one side only
    keeps its value on that side (a floor stays a floor) and is interpolated from 0 on the other."""
    if low is not None and high is not None:
        return low + fraction * (high - low)
    if high is not None:
        return fraction * high
    if low is not None:
        return low if side == "min" else None
    return None


def _round_pair(low: Decimal | None, high: Decimal | None, quantum: Decimal,
                finest: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """Round a lower term up and an upper term down (inward) to ``quantum``; where that would cross, to ``finest``
    (the precision the database keeps); where even that crosses (both within one step of ``finest``), both become the
    lower term rounded up, which stays inside any range whose own terms lie on the ``finest`` grid."""
    for step in (quantum, finest):
        lo = None if low is None else low.quantize(step, rounding=ROUND_CEILING)
        hi = None if high is None else high.quantize(step, rounding=ROUND_FLOOR)
        if lo is None or hi is None or lo <= hi:
            return lo, hi
    point = low.quantize(finest, rounding=ROUND_CEILING)
    return point, point


YUAN_FINEST = CENT  # what the database keeps: yuan to the fen, multiples to four places
MULTIPLE_FINEST = Decimal("0.0001")


def split(outer: Terms, start: Decimal, end: Decimal, *, yuan_quantum: Decimal = Decimal(1),
          multiple_quantum: Decimal = CENT) -> Terms:
    """The part of ``outer`` from ``start`` to ``end`` (fractions of the span, 0 ≤ start ≤ end ≤ 1), term by term:
    “一般为幅度的 40%–60%”. Every term of the result lies between the corresponding terms of ``outer``, so the result
    lies inside ``outer`` for every base amount."""
    if not (ZERO <= start <= end <= 1):
        raise ValueError("0 <= start <= end <= 1")
    min_yuan = _interpolate(outer.min_yuan, outer.max_yuan, start, "min")
    max_yuan = _interpolate(outer.min_yuan, outer.max_yuan, end, "max")
    min_multiple = _interpolate(outer.min_multiple, outer.max_multiple, start, "min")
    max_multiple = _interpolate(outer.min_multiple, outer.max_multiple, end, "max")
    min_yuan, max_yuan = _round_pair(min_yuan, max_yuan, yuan_quantum, YUAN_FINEST)
    min_multiple, max_multiple = _round_pair(min_multiple, max_multiple, multiple_quantum, MULTIPLE_FINEST)
    return Terms(min_yuan, min_multiple, max_yuan, max_multiple)


def below_minimum(outer: Terms, fraction: Decimal = ZERO) -> Terms:
    """A 减轻 range: from ``fraction`` of the statutory minimum up to the minimum. Where the minimum has a yuan and a
    multiple term, the ceiling is the smaller of the two, which is never above the minimum. Where the statute sets no
    minimum (“五万元以下”), the bottom tenth of the span."""
    if not (outer.min_yuan or outer.min_multiple):
        return split(outer, ZERO, Decimal("0.1"))

    def scale(value, finest):
        return None if value is None else (value * fraction).quantize(finest, rounding=ROUND_CEILING)

    return Terms(min_yuan=scale(outer.min_yuan, YUAN_FINEST), min_multiple=scale(outer.min_multiple, MULTIPLE_FINEST),
                 max_yuan=outer.min_yuan, max_multiple=outer.min_multiple)


# --- formatting --------------------------------------------------------------------------------------------------


def money(value: Decimal) -> str:
    """12345.6 → 12,345.60; more than two decimals are kept, not rounded away."""
    if value == value.quantize(CENT):
        return f"{value:,.2f}"
    return f"{value.normalize():,f}"


def number(value: Decimal) -> str:
    """A multiple without trailing zeros: 10.00 → 10, 1.50 → 1.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def money_str(value: Decimal) -> str:
    """The API's representation: a plain decimal string, two places unless more are exact."""
    if value == value.quantize(CENT):
        return str(value.quantize(CENT))
    return format(value.normalize(), "f")


def to_fen(tier: Concrete, law: Concrete) -> tuple[Concrete, Concrete]:
    """Both ranges rounded inward to the fen: fines are paid in fen, so a fen amount lies in a range exactly when it
    lies in the rounded one. Where either range holds no whole fen (narrower than one fen), both stay exact, so the
    tier range is never reported outside the statutory one."""
    def inward(c: Concrete) -> Concrete | None:
        low = c.lower.quantize(CENT, rounding=ROUND_CEILING)
        high = c.upper.quantize(CENT, rounding=ROUND_FLOOR)
        return Concrete(low, high, c.collapsed) if low <= high else None

    t, s = inward(tier), inward(law)
    if t is None or s is None:
        return tier, law
    return t, s
