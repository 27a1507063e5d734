"""Inter-coder agreement of two coders on character units: the statistics, without a
project.

Every character of the compared text is a unit, and for one code each coder either
coded it (1) or did not (0). From the 2×2 table of those units (A only, B only, both,
neither) come percentage agreement (as NVivo's coding comparison reports it), Cohen's
κ (1960), Krippendorff's α for nominal data and two coders without missing values
(2011), and Brennan and Prediger's κ (1981), which takes chance as 1/2 for two
categories. Krippendorff's unitized α (`unitized.py`) judges the segments themselves.

The inputs are spans, never per-character arrays: a coder's codings of one code are
unioned into sorted, non-overlapping spans (overlapping codings count once), and the
table comes from one sweep along both coders' spans, so 10 MB of text with 5,000
codings per coder costs the sorting of 10,000 spans. Every figure is computed from
integers and divided once; a figure whose formula divides by zero is None (κ when both
coders coded all or none of the text: Pe = 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qcode.core.analysis.unitized import NONE, Span, UnitizedDisagreement, unitized


def union(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping ones joined; spans that only touch stay two segments
    (a coder who coded [0, 10) and [10, 20) made two segments)."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def covered(spans: Sequence[Span]) -> int:
    """Characters inside non-overlapping spans (touching spans do not overlap)."""
    return sum(end - start for start, end in spans)


def overlap(spans_a: Sequence[Span], spans_b: Sequence[Span]) -> int:
    """Characters inside both coders' spans: one sweep along the two sorted lists."""
    i = j = total = 0
    while i < len(spans_a) and j < len(spans_b):
        a_start, a_end = spans_a[i]
        b_start, b_end = spans_b[j]
        low, high = max(a_start, b_start), min(a_end, b_end)
        if high > low:
            total += high - low
        if a_end <= b_end:
            i += 1
        else:
            j += 1
    return total


@dataclass(frozen=True)
class Table:
    """Character units of the compared text by who coded them with one code."""

    a_only: int
    b_only: int
    both: int
    neither: int

    @property
    def units(self) -> int:
        return self.a_only + self.b_only + self.both + self.neither

    def __add__(self, other: Table) -> Table:
        return Table(
            self.a_only + other.a_only,
            self.b_only + other.b_only,
            self.both + other.both,
            self.neither + other.neither,
        )

    @property
    def percent(self) -> float | None:
        """Observed agreement Po = (both + neither) / N."""
        if not self.units:
            return None
        return (self.both + self.neither) / self.units

    @property
    def kappa(self) -> float | None:
        """Cohen's κ = (Po − Pe) / (1 − Pe), Pe = pA·pB + (1 − pA)(1 − pB); None when
        Pe = 1 (both coders coded everything, or nothing)."""
        n = self.units
        a = self.both + self.a_only  # characters A coded
        b = self.both + self.b_only
        chance = a * b + (n - a) * (n - b)  # Pe · N²
        if n == 0 or chance == n * n:
            return None
        return ((self.both + self.neither) * n - chance) / (n * n - chance)

    @property
    def alpha(self) -> float | None:
        """Krippendorff's α, nominal, two coders, no missing values:
        α = 1 − (n − 1)·(o₀₁ + o₁₀) / (2·n₀·n₁), n = 2N pairable values; None when all
        values are the same (no variation to judge)."""
        n = 2 * self.units
        differ = self.a_only + self.b_only  # o₀₁ = o₁₀
        ones = 2 * self.both + differ
        zeros = 2 * self.neither + differ
        if ones == 0 or zeros == 0:
            return None
        return 1 - (n - 1) * differ / (ones * zeros)

    @property
    def bp_kappa(self) -> float | None:
        """Brennan–Prediger κ = (Po − 1/q) / (1 − 1/q) with q = 2 categories: 2·Po − 1."""
        if not self.units:
            return None
        return (2 * (self.both + self.neither) - self.units) / self.units


def table(spans_a: Sequence[Span], spans_b: Sequence[Span], length: int) -> Table:
    """The 2×2 table of a continuum of `length` characters; spans as `union` gives them."""
    both = overlap(spans_a, spans_b)
    a_only = covered(spans_a) - both
    b_only = covered(spans_b) - both
    return Table(a_only, b_only, both, length - a_only - b_only - both)


@dataclass(frozen=True)
class Comparison:
    """Two coders compared on one code (or on all codes together: `overall`)."""

    table: Table
    unitized: UnitizedDisagreement
    segments_a: int
    segments_b: int

    @property
    def u_alpha(self) -> float | None:
        return self.unitized.alpha

    def __add__(self, other: Comparison) -> Comparison:
        return Comparison(
            self.table + other.table,
            self.unitized + other.unitized,
            self.segments_a + other.segments_a,
            self.segments_b + other.segments_b,
        )


EMPTY = Comparison(Table(0, 0, 0, 0), NONE, 0, 0)


def compare(spans_a: Sequence[Span], spans_b: Sequence[Span], length: int) -> Comparison:
    """Every figure of one code: spans are the coders' codings on the continuum
    [0, length), in any order and overlapping as coded."""
    a, b = union(spans_a), union(spans_b)
    return Comparison(table(a, b, length), unitized(a, b, length), len(a), len(b))


def overall(comparisons: Iterable[Comparison]) -> Comparison:
    """All codes together: each (character, code) pair is a unit, so the tables add up;
    u-α is 1 − ΣD_o/ΣD_e over the codes (Krippendorff 2004; dkpro-statistics)."""
    total = EMPTY
    for comparison in comparisons:
        total = total + comparison
    return total
