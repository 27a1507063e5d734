"""Search's view of a word: the project language's stems and lemmas (see
`qcode.core.language`, shared with keyword suggestions)."""

from qcode.core.language import SNOWBALL, Analyser, analyser, key

__all__ = ["SNOWBALL", "Analyser", "analyser", "key"]
