"""What both agreement reports say (Word and Excel): the column heads, each figure as
the table shows it, the title facts, and every measure in words and symbols with its
source. One place, so the two formats cannot tell a reader different things."""

from __future__ import annotations

from dataclasses import dataclass

from qcode.core.analysis.agreement import Comparison
from qcode.core.analysis.agreement_data import AgreementResult
from qcode.core.export.common import plural

HEADINGS = (
    "% agreement",
    "Cohen's κ",
    "Krippendorff's α",
    "Brennan–Prediger κ",
    "unitized α",
    "A only",
    "B only",
    "both",
    "neither",
    "segments A",
    "segments B",
)


@dataclass(frozen=True)
class Measure:
    name: str
    words: str
    formula: str
    source: str


MEASURES = (
    Measure(
        "Unit",
        "Every character of the compared documents is a unit, once for each code: a coder "
        "either coded it with the code (1) or not (0). Overlapping codings of one coder "
        "count once. Compared are the documents both coders coded, laid end to end; "
        "'overall' takes every (character, code) pair as a unit.",
        "N = characters; A only, B only, both, neither = characters coded by A alone, by "
        "B alone, by both, by neither",
        "",
    ),
    Measure(
        "Percentage agreement",
        "The share of characters on which the coders agree, coded or not coded (as "
        "NVivo's coding comparison reports it).",
        "Po = (both + neither) / N",
        "NVivo coding comparison (QSR International / Lumivero)",
    ),
    Measure(
        "Cohen's κ",
        "Agreement beyond what two coders who code at their own rates would reach by "
        "chance. Undefined (—) when both coders coded all or none of the text (Pe = 1).",
        "κ = (Po − Pe) / (1 − Pe),  Pe = pA·pB + (1 − pA)(1 − pB),  "
        "pA = (A only + both) / N,  pB = (B only + both) / N",
        "Cohen (1960)",
    ),
    Measure(
        "Krippendorff's α (nominal)",
        "Disagreement observed over disagreement expected from the values both coders "
        "used together; two coders, no missing values. Undefined (—) when every value is "
        "the same.",
        "α = 1 − Do/De = 1 − (n − 1)·(o01 + o10) / (2·n0·n1),  n = 2N,  "
        "o01 = o10 = A only + B only,  n1 = 2·both + A only + B only,  "
        "n0 = 2·neither + A only + B only",
        "Krippendorff (2004, 2011)",
    ),
    Measure(
        "Brennan–Prediger κ",
        "Chance agreement taken as one in q for q categories (here coded / not coded), "
        "so it does not depend on how much each coder coded.",
        "κBP = (Po − 1/q) / (1 − 1/q) = 2·Po − 1,  q = 2",
        "Brennan & Prediger (1981)",
    ),
    Measure(
        "Unitized α (u-α)",
        "Judges the segments, not only the characters: where each coder's segments begin "
        "and end. Two overlapping segments disagree by the squares of the differences of "
        "their begins and ends; a segment inside the other coder's gap by its length "
        "squared. Expected disagreement places every segment in every gap. Overall: "
        "1 − ΣDo/ΣDe over the codes. Undefined (—) when neither coder coded the code.",
        "u-α = 1 − Do/De;  Do = Σ δ / L², δ = (b₁ − b₂)² + (e₁ − e₂)² for two overlapping "
        "segments [b₁, e₁) and [b₂, e₂), l² for a segment of length l inside the other "
        "coder's gap, else 0;  De = (2/L) · Σ over segments [(N − 1)·l(l − 1)(2l − 1)/3 + "
        "l² · Σ over gaps g ≥ l of (g − l + 1)] / [2L(2L − 1) − Σ over segments l(l − 1)]  "
        "(l: a segment's length, both coders' segments; N: their number; g: the gaps' "
        "lengths; L: characters)",
        "Krippendorff (1995; 2004, pp. 251–256), as in DKPro Agreement (Meyer et al. 2014)",
    ),
)

REFERENCES = (
    "Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses, and "
    "alternatives. Educational and Psychological Measurement, 41(3), 687–699.",
    "Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and "
    "Psychological Measurement, 20(1), 37–46.",
    "Krippendorff, K. (1995). On the reliability of unitizing continuous data. "
    "Sociological Methodology, 25, 47–76.",
    "Krippendorff, K. (2004). Content analysis: An introduction to its methodology "
    "(2nd ed.). Thousand Oaks, CA: Sage.",
    "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg "
    "School for Communication, University of Pennsylvania.",
    "Meyer, C. M., Mieskes, M., Stab, C., & Gurevych, I. (2014). DKPro Agreement: An "
    "open-source Java library for measuring inter-rater agreement. Proceedings of COLING "
    "2014: System Demonstrations, 105–109.",
)


def fraction(value: float | None) -> str:
    """A figure as the table shows it: three decimals, a minus sign, '—' if undefined."""
    return "—" if value is None else f"{value:.3f}".replace("-", "−")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def figures(comparison: Comparison) -> list[str]:
    """The row of a table after its label(s), in the order of `HEADINGS`."""
    t = comparison.table
    return [
        percent(t.percent),
        fraction(t.kappa),
        fraction(t.alpha),
        fraction(t.bp_kappa),
        fraction(comparison.u_alpha),
        f"{t.a_only:,}",
        f"{t.b_only:,}",
        f"{t.both:,}",
        f"{t.neither:,}",
        f"{comparison.segments_a:,}",
        f"{comparison.segments_b:,}",
    ]


def numbers(comparison: Comparison) -> list[float | int | None]:
    """The same row as numbers, for a spreadsheet (fractions, not percentages)."""
    t = comparison.table
    return [
        t.percent,
        t.kappa,
        t.alpha,
        t.bp_kappa,
        comparison.u_alpha,
        t.a_only,
        t.b_only,
        t.both,
        t.neither,
        comparison.segments_a,
        comparison.segments_b,
    ]


def facts(result: AgreementResult, coder_names: tuple[str, str], project: str) -> list[str]:
    """(label: value) lines of the title block, names already replaced."""
    a, b = coder_names
    return [
        f"Coders: A = {a}, B = {b}",
        f"Units: {result.characters:,} characters in "
        f"{plural(len(result.documents), 'document')} both coders coded; "
        f"{plural(len(result.codes), 'code')}",
        f"Project: {project}; made on {result.made_on} with qcode",
    ]
