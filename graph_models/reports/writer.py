"""Escaped HTML text of a report's phrases, numbers and tables in one
:class:`~graph_models.reports.wording.Wording`.

>>> from graph_models.reports.wording import PLAIN
>>> w = Writer(PLAIN)
>>> w.num(1234.5678), w.num(None), w(Phrase("{a} & {b}", a="<x>", b=2))
('1,234.568', '–', '&lt;x&gt; &amp; 2')
"""

from __future__ import annotations

import math
from html import escape

from graph_models.domain.phrases import Number, Phrase, Value
from graph_models.reports.wording import Wording


def shown(value, digits: int = 3) -> Value:
    """A figure as a value of a phrase: a dash when hidden (None) or undefined, a number with
    ``digits`` decimals, or a count."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return Number(value, places=digits)
    return value if isinstance(value, int) else str(value)


class Writer:
    """Escaped HTML text of phrases, numbers and tables in one wording."""

    def __init__(self, wording: Wording):
        self.wording = wording

    def __call__(self, words: Value) -> str:
        """``words`` in the reader's language, escaped."""
        return escape(self.wording.say(words))

    def num(self, value, digits: int = 3) -> str:
        """A number the language's way; a dash for a hidden (None) or undefined one."""
        return self(shown(value, digits))

    def table(self, header: list[Phrase], rows) -> str:
        """A table: worded headings; numbers right-aligned, phrases and codes worded, names
        as they are."""
        head = "".join(f"<th>{self(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f'<td class="n">{self.num(v)}</td>' if isinstance(v, int | float)
                             or v is None else f"<td>{self._cell(v)}</td>" for v in row)
            + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _cell(self, value) -> str:
        return self(value) if not isinstance(value, str) else escape(value)
