"""Inter-coder agreement statistics (core/analysis/agreement.py, unitized.py): the
published worked examples, and random codings checked against the `krippendorff` package
(nominal α) and against direct per-character and per-section computations written here
without sweeps, so the interval code is checked by a second way of counting."""

from __future__ import annotations

from fractions import Fraction

import krippendorff
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.core.analysis.agreement import Table, compare, overall, union
from qcode.core.analysis.unitized import distance, sections, unitized

# -- NVivo's coding-comparison example: 1,000 characters, A-only 100, B-only 50, both 50 --


def test_nvivo_example_from_the_table() -> None:
    table = Table(a_only=100, b_only=50, both=50, neither=800)
    assert table.percent == pytest.approx(0.85)
    assert table.kappa == pytest.approx(0.3182, abs=5e-5)
    assert table.alpha == pytest.approx(0.3146, abs=5e-5)
    assert table.bp_kappa == pytest.approx(0.70)


def test_nvivo_example_from_codings() -> None:
    # A codes [0, 150), B codes [100, 200) of a 1,000-character document
    result = compare([(0, 150)], [(100, 200)], 1000)
    assert result.table == Table(100, 50, 50, 800)
    assert result.table.kappa == pytest.approx(0.3182, abs=5e-5)
    assert (result.segments_a, result.segments_b) == (1, 1)


def test_cohens_pe_is_not_qualcoders_product() -> None:
    # Pe = pA·pB + (1 − pA)(1 − pB) = 0.15·0.10 + 0.85·0.90 = 0.78, not pA·pB
    table = Table(100, 50, 50, 800)
    pe = 0.15 * 0.10 + 0.85 * 0.90
    assert table.kappa == pytest.approx((0.85 - pe) / (1 - pe))
    assert table.kappa != pytest.approx((0.85 - 0.015) / (1 - 0.015))


# -- Krippendorff (2004, p. 254), as dkpro-statistics' Krippendorff2004Test encodes it -----

B = 150  # the continuum is [150, 450)


def shifted(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(s - B, e - B) for s, e in spans]


C_A = shifted([(225, 295), (370, 400)])
C_B = shifted([(220, 300), (355, 375), (400, 420)])
K_BOTH = shifted([(180, 240), (300, 350)])


def test_krippendorff_2004_category_c() -> None:
    c = unitized(C_A, C_B, 300)
    assert float(c.observed) == pytest.approx(0.0144, abs=1e-4)
    assert float(c.expected) == pytest.approx(0.0532, abs=1e-4)
    assert c.alpha == pytest.approx(0.7285, abs=1e-4)


def test_krippendorff_2004_category_k_and_joint() -> None:
    k = unitized(K_BOTH, K_BOTH, 300)
    assert float(k.observed) == 0
    assert float(k.expected) == pytest.approx(0.0490, abs=1e-4)
    assert k.alpha == 1.0
    joint = overall([compare(C_A, C_B, 300), compare(K_BOTH, K_BOTH, 300)])
    assert joint.u_alpha == pytest.approx(0.8587, abs=1e-4)
    assert (joint.segments_a, joint.segments_b) == (4, 5)


def test_krippendorff_2004_distances() -> None:
    """dkpro-statistics' distance cases: (offset, length, category) → (begin, end, segment)."""

    def s(offset: int, length: int, category: str | None) -> tuple[int, int, bool]:
        return offset, offset + length, category is not None

    assert distance(s(2, 3, None), s(2, 2, "X")) + distance(s(5, 6, "X"), s(4, 7, None)) == 40
    assert distance(s(5, 6, "X"), s(4, 2, "X")) == 26
    assert distance(s(5, 6, "X"), s(6, 2, "X")) == 10
    assert distance(s(5, 6, "X"), s(6, 4, "X")) == 2
    assert distance(s(5, 6, "X"), s(5, 6, "X")) == 0
    assert distance(s(225, 70, "c"), s(220, 80, "c")) == 50
    assert distance(s(370, 30, "c"), s(355, 20, "c")) == 850
    assert distance(s(400, 50, None), s(400, 20, "c")) == 400


# -- edges -------------------------------------------------------------------------------


def test_nobody_coded_anything_leaves_the_chance_corrected_figures_undefined() -> None:
    result = compare([], [], 500)
    assert result.table == Table(0, 0, 0, 500)
    assert result.table.percent == 1.0
    assert result.table.kappa is None and result.table.alpha is None
    assert result.u_alpha is None
    assert result.table.bp_kappa == 1.0


def test_both_coded_everything() -> None:
    result = compare([(0, 40)], [(0, 20), (20, 40)], 40)
    assert result.table == Table(0, 0, 40, 0)
    assert result.table.kappa is None
    assert (result.segments_a, result.segments_b) == (1, 2)


def test_overlapping_codings_of_one_coder_count_once_touching_ones_twice() -> None:
    assert union([(5, 10), (0, 6), (20, 30), (30, 35), (8, 9)]) == [(0, 10), (20, 30), (30, 35)]
    result = compare([(0, 10), (5, 15), (5, 15)], [(0, 15)], 30)
    assert result.table == Table(0, 0, 15, 15)
    assert result.segments_a == 1
    assert result.u_alpha == 1.0


def test_overall_adds_the_tables_of_the_codes() -> None:
    one, two = compare([(0, 10)], [(5, 20)], 100), compare([(50, 60)], [], 100)
    both = overall([one, two])
    assert both.table == Table(5 + 10, 10, 5, 80 + 90)
    assert both.unitized == one.unitized + two.unitized


# -- random codings, against independent computations ---------------------------------------

LENGTH = st.integers(min_value=1, max_value=60)


@st.composite
def codings(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]]:
    length = draw(LENGTH)
    span = st.integers(0, length - 1).flatmap(
        lambda start: st.tuples(st.just(start), st.integers(start + 1, length))
    )
    spans = st.lists(span, max_size=6)
    return length, draw(spans), draw(spans)


def bits(spans: list[tuple[int, int]], length: int) -> list[int]:
    out = [0] * length
    for start, end in spans:
        for i in range(start, end):
            out[i] = 1
    return out


@settings(max_examples=150, deadline=None)
@given(codings())
def test_table_and_figures_match_a_per_character_count(
    case: tuple[int, list[tuple[int, int]], list[tuple[int, int]]],
) -> None:
    length, spans_a, spans_b = case
    a, b = bits(spans_a, length), bits(spans_b, length)
    pairs = list(zip(a, b, strict=True))
    expected = Table(
        pairs.count((1, 0)), pairs.count((0, 1)), pairs.count((1, 1)), pairs.count((0, 0))
    )
    result = compare(spans_a, spans_b, length)
    assert result.table == expected
    n = Fraction(length)
    po = sum(x == y for x, y in pairs) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    if pe == 1:
        assert result.table.kappa is None
    else:
        assert result.table.kappa == pytest.approx(float((po - pe) / (1 - pe)))
    assert result.table.percent == pytest.approx(float(po))
    assert result.table.bp_kappa == pytest.approx(float(2 * po - 1))


@settings(max_examples=150, deadline=None)
@given(codings())
def test_nominal_alpha_matches_the_krippendorff_package(
    case: tuple[int, list[tuple[int, int]], list[tuple[int, int]]],
) -> None:
    length, spans_a, spans_b = case
    a, b = bits(spans_a, length), bits(spans_b, length)
    ours = compare(spans_a, spans_b, length).table.alpha
    if len(set(a) | set(b)) < 2:
        assert ours is None  # one value only: nothing to judge (the package refuses it)
        return
    theirs = krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
    assert ours == pytest.approx(theirs, abs=1e-9)


def slow_unitized(
    spans_a: list[tuple[int, int]], spans_b: list[tuple[int, int]], length: int
) -> Fraction | None:
    """u-α by the formula term by term: every pair of sections, every (segment, gap)."""
    a, b = union(spans_a), union(spans_b)
    first, second = list(sections(a, length)), list(sections(b, length))
    observed = sum(distance(x, y) for x in first for y in second if x[0] < y[1] and y[0] < x[1])
    lengths = [e - s for s, e in a + b]
    gaps = [e - s for s, e, seg in first + second if not seg]
    if not lengths:
        return None
    n = len(lengths)
    numerator = Fraction(0)
    for unit in lengths:
        numerator += Fraction((n - 1) * (2 * unit**3 - 3 * unit**2 + unit), 3)
        numerator += unit * unit * sum(g - unit + 1 for g in gaps if g >= unit)
    expected = Fraction(2, length) * numerator
    expected /= 2 * length * (2 * length - 1) - sum(u * (u - 1) for u in lengths)
    if expected == 0:  # one character, coded by both: no other placement to expect
        return None
    return 1 - Fraction(observed, length * length) / expected


@settings(max_examples=150, deadline=None)
@given(codings())
def test_unitized_alpha_matches_the_formula_term_by_term(
    case: tuple[int, list[tuple[int, int]], list[tuple[int, int]]],
) -> None:
    length, spans_a, spans_b = case
    slow = slow_unitized(spans_a, spans_b, length)
    ours = compare(spans_a, spans_b, length).u_alpha
    if slow is None:
        assert ours is None
    else:
        assert ours == pytest.approx(float(slow), abs=1e-12)
        assert ours <= 1.0


def test_identical_codings_agree_fully() -> None:
    spans = [(3, 9), (15, 40), (41, 44)]
    result = compare(spans, list(reversed(spans)), 50)
    assert result.table.kappa == 1.0 and result.table.alpha == 1.0 and result.u_alpha == 1.0
