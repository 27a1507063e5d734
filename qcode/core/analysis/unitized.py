"""Krippendorff's unitized alpha (u-α) for two coders on one continuum.

The character measures (`agreement.py`) ask which characters each coder coded; u-α also
asks where each coder's segments begin and end. Each coder divides the continuum
[0, L) into sections: the segments they coded with a code, and the gaps between them.
Following Krippendorff (2004, ch. 11; 1995) as encoded in dkpro-statistics'
`KrippendorffAlphaUnitizingAgreement`, for one code:

- two segments that overlap disagree by (b₁−b₂)² + (e₁−e₂)² (their begins and ends);
  a segment lying wholly inside the other coder's gap disagrees by its length²;
  anything else, 0. The observed disagreement is the sum over every pair of overlapping
  sections, over L² (for two coders, 2/(m(m−1)) = 1);
- the expected disagreement considers every placement of the coders' segments in the
  coders' gaps: with N segments of lengths l (both coders) and gaps g,
  D_e = (2/L) · Σ_l [ (N−1)·l(l−1)(2l−1)/3 + l² · Σ_{g ≥ l} (g − l + 1) ]
        / [ mL(mL−1) − Σ_l l(l−1) ],  m = 2;
- u-α = 1 − D_o/D_e; for several codes, 1 − ΣD_o/ΣD_e (dkpro averages both over the
  codes, which is the same).

Everything is integer arithmetic until the last division (`Fraction`), so a study of
10 MB does not lose digits; each code costs one sort of its segments and gaps.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate

Span = tuple[int, int]
"""[start, end) on the continuum; a coder's spans are sorted and do not overlap."""


@dataclass(frozen=True)
class UnitizedDisagreement:
    """Observed and expected disagreement of one code (or the sum over codes)."""

    observed: Fraction
    expected: Fraction

    @property
    def alpha(self) -> float | None:
        """1 − D_o/D_e; None when nothing was coded (D_e = 0: no segment to place)."""
        if self.expected == 0:
            return None
        return float(1 - self.observed / self.expected)

    def __add__(self, other: UnitizedDisagreement) -> UnitizedDisagreement:
        return UnitizedDisagreement(self.observed + other.observed, self.expected + other.expected)


NONE = UnitizedDisagreement(Fraction(0), Fraction(0))


def sections(spans: Sequence[Span], length: int) -> Iterator[tuple[int, int, bool]]:
    """The continuum as one coder divides it: (start, end, is_segment), gaps included."""
    pos = 0
    for start, end in spans:
        if start > pos:
            yield pos, start, False
        yield start, end, True
        pos = end
    if pos < length:
        yield pos, length, False


def distance(a: tuple[int, int, bool], b: tuple[int, int, bool]) -> int:
    """Krippendorff's δ between two sections of the two coders that share a position."""
    (b1, e1, seg1), (b2, e2, seg2) = a, b
    if seg1 and seg2:
        if b1 < e2 and b2 < e1:
            return (b1 - b2) ** 2 + (e1 - e2) ** 2
        return 0
    if seg1 and not seg2 and b2 <= b1 and e1 <= e2:
        return (e1 - b1) ** 2
    if seg2 and not seg1 and b1 <= b2 and e2 <= e1:
        return (e2 - b2) ** 2
    return 0


def observed_sum(spans_a: Sequence[Span], spans_b: Sequence[Span], length: int) -> int:
    """Σ δ over every pair of overlapping sections: one sweep along both coders."""
    if not spans_a and not spans_b:
        return 0
    first = sections(spans_a, length)
    second = sections(spans_b, length)
    a = next(first, None)
    b = next(second, None)
    total = 0
    while a is not None and b is not None:
        total += distance(a, b)
        end_a, end_b = a[1], b[1]
        if end_a <= end_b:
            a = next(first, None)
        if end_b <= end_a:
            b = next(second, None)
    return total


def unitized(spans_a: Sequence[Span], spans_b: Sequence[Span], length: int) -> UnitizedDisagreement:
    """D_o and D_e of one code for two coders on the continuum [0, length)."""
    if length <= 0 or (not spans_a and not spans_b):
        return NONE
    lengths = [e - s for s, e in spans_a] + [e - s for s, e in spans_b]
    gaps = sorted(
        e - s
        for spans in (spans_a, spans_b)
        for s, e, segment in sections(spans, length)
        if not segment
    )
    # Σ_{g ≥ l} (g − l + 1) = (sum of those gaps) − count·(l − 1), from suffix sums
    suffix = [0, *accumulate(reversed(gaps))]  # suffix[k]: sum of the k largest gaps
    count = len(lengths)
    numerator = 0
    for unit in lengths:
        placed = (count - 1) * unit * (unit - 1) * (2 * unit - 1) // 3
        larger = len(gaps) - bisect_left(gaps, unit)
        numerator += placed + unit * unit * (suffix[larger] - larger * (unit - 1))
    coders = 2
    denominator = coders * length * (coders * length - 1) - sum(u * (u - 1) for u in lengths)
    expected = Fraction(2 * numerator, length * denominator)
    observed = Fraction(observed_sum(spans_a, spans_b, length), length * length)
    return UnitizedDisagreement(observed, expected)
