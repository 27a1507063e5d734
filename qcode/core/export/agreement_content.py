"""What both agreement reports say (Word and Excel): the column heads, each figure as
the table shows it, the title facts, and every measure in words and symbols with its
source. One place, so the two formats cannot tell a reader different things."""

from __future__ import annotations

from dataclasses import dataclass

from qcode.core.analysis.agreement import Comparison
from qcode.core.analysis.agreement_data import AgreementResult
from qcode.core.export.i18n import ENGLISH, N_, Labels, grouped

HEADINGS = (
    N_("% agreement"),
    N_("Cohen's κ"),
    N_("Krippendorff's α"),
    N_("Brennan–Prediger κ"),
    N_("unitized α"),
    N_("A only"),
    N_("B only"),
    N_("both"),
    N_("neither"),
    N_("segments A"),
    N_("segments B"),
)


@dataclass(frozen=True)
class Measure:
    name: str
    words: str
    formula: str
    source: str


MEASURES = (
    Measure(
        N_("Unit"),
        N_(
            "Every character of the compared documents is a unit, once for each code: a coder "
            "either coded it with the code (1) or not (0). Overlapping codings of one coder "
            "count once. Compared are the documents both coders coded, laid end to end; "
            "'overall' takes every (character, code) pair as a unit."
        ),
        N_(
            "N = characters; A only, B only, both, neither = characters coded by A alone, by "
            "B alone, by both, by neither"
        ),
        "",
    ),
    Measure(
        N_("Percentage agreement"),
        N_(
            "The share of characters on which the coders agree, coded or not coded (as "
            "NVivo's coding comparison reports it)."
        ),
        N_("Po = (both + neither) / N"),
        N_("NVivo coding comparison (QSR International / Lumivero)"),
    ),
    Measure(
        N_("Cohen's κ"),
        N_(
            "Agreement beyond what two coders who code at their own rates would reach by "
            "chance. Undefined (—) when both coders coded all or none of the text (Pe = 1)."
        ),
        N_(
            "κ = (Po − Pe) / (1 − Pe),  Pe = pA·pB + (1 − pA)(1 − pB),  "
            "pA = (A only + both) / N,  pB = (B only + both) / N"
        ),
        N_("Cohen (1960)"),
    ),
    Measure(
        N_("Krippendorff's α (nominal)"),
        N_(
            "Disagreement observed over disagreement expected from the values both coders "
            "used together; two coders, no missing values. Undefined (—) when every value is "
            "the same."
        ),
        N_(
            "α = 1 − Do/De = 1 − (n − 1)·(o01 + o10) / (2·n0·n1),  n = 2N,  "
            "o01 = o10 = A only + B only,  n1 = 2·both + A only + B only,  "
            "n0 = 2·neither + A only + B only"
        ),
        N_("Krippendorff (2004, 2011)"),
    ),
    Measure(
        N_("Brennan–Prediger κ"),
        N_(
            "Chance agreement taken as one in q for q categories (here coded / not coded), "
            "so it does not depend on how much each coder coded."
        ),
        N_("κBP = (Po − 1/q) / (1 − 1/q) = 2·Po − 1,  q = 2"),
        N_("Brennan & Prediger (1981)"),
    ),
    Measure(
        N_("Unitized α (u-α)"),
        N_(
            "Judges the segments, not only the characters: where each coder's segments begin "
            "and end. Two overlapping segments disagree by the squares of the differences of "
            "their begins and ends; a segment inside the other coder's gap by its length "
            "squared. Expected disagreement places every segment in every gap. Overall: "
            "1 − ΣDo/ΣDe over the codes. Undefined (—) when neither coder coded the code."
        ),
        N_(
            "u-α = 1 − Do/De;  Do = Σ δ / L², δ = (b₁ − b₂)² + (e₁ − e₂)² for two overlapping "
            "segments [b₁, e₁) and [b₂, e₂), l² for a segment of length l inside the other "
            "coder's gap, else 0;  De = (2/L) · Σ over segments [(N − 1)·l(l − 1)(2l − 1)/3 + "
            "l² · Σ over gaps g ≥ l of (g − l + 1)] / [2L(2L − 1) − Σ over segments l(l − 1)]  "
            "(l: a segment's length, both coders' segments; N: their number; g: the gaps' "
            "lengths; L: characters)"
        ),
        N_("Krippendorff (1995; 2004, pp. 251–256), as in DKPro Agreement (Meyer et al. 2014)"),
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


def figures(comparison: Comparison, labels: Labels = ENGLISH) -> list[str]:
    """The row of a table after its label(s), in the order of `HEADINGS`."""
    t = comparison.table
    return [
        percent(t.percent),
        fraction(t.kappa),
        fraction(t.alpha),
        fraction(t.bp_kappa),
        fraction(comparison.u_alpha),
        grouped(t.a_only, labels),
        grouped(t.b_only, labels),
        grouped(t.both, labels),
        grouped(t.neither, labels),
        grouped(comparison.segments_a, labels),
        grouped(comparison.segments_b, labels),
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


def facts(
    result: AgreementResult, coder_names: tuple[str, str], project: str, labels: Labels = ENGLISH
) -> list[str]:
    """(label: value) lines of the title block, names already replaced."""
    a, b = coder_names
    n_docs, n_codes = len(result.documents), len(result.codes)
    documents = labels.ngettext("{n} document", "{n} documents", n_docs).format(n=n_docs)
    codes = labels.ngettext("{n} code", "{n} codes", n_codes).format(n=n_codes)
    units = labels.gettext(
        "Units: {characters} characters in {documents} both coders coded; {codes}"
    )
    return [
        labels.gettext("Coders: A = {a}, B = {b}").format(a=a, b=b),
        units.format(
            characters=grouped(result.characters, labels), documents=documents, codes=codes
        ),
        labels.gettext("Project: {project}; made on {date} with qcode").format(
            project=project, date=result.made_on
        ),
    ]
