"""The document reader: one document's text for reading and coding, as one package.

`widget` (the `Reader`: state, keys, mouse) composes the rest, none of which imports it:
`layout` converts between code-point offsets and screen cells (the only place that does),
`units` finds what W/S/P/T/E select, `marks` indexes codings, labels and titles by
paragraph, and `paint` draws a row from an explicit `PaintState`.
"""

from qcode.tui.widgets.reader.marks import Highlight
from qcode.tui.widgets.reader.paint import MARGIN
from qcode.tui.widgets.reader.widget import Reader

__all__ = ["MARGIN", "Highlight", "Reader"]
