"""Text normalisation for search that ignores case and accents, Greek included."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Fold ``text`` for matching: no accents or diaeresis, case-folded, spaces collapsed.

    Examples
    --------
    >>> fold("Αθήνα") == fold("ΑΘΗΝΑ") == fold("αθηνα")
    True
    >>> fold("Κοινωνική  Συνεταιριστική Επιχείρηση")
    'κοινωνικη συνεταιριστικη επιχειρηση'
    >>> fold("Ὀδυσσεύς") == fold("οδυσσευς")
    True
    """
    stripped = unicodedata.normalize("NFD", text).translate(WITHOUT_MARKS)
    # casefold maps the final sigma to σ, so "Οδυσσεύς" and "ΟΔΥΣΣΕΥΣ" agree.
    return " ".join(stripped.casefold().split())


class _WithoutMarks(dict[int, str | None]):
    """A ``str.translate`` table that drops combining marks (accents, diaeresis): each
    character is looked up once, then found by the table in C (search keys fold every
    stakeholder's text on each write)."""

    def __missing__(self, code: int) -> str | None:
        self[code] = None if unicodedata.combining(chr(code)) else chr(code)
        return self[code]


WITHOUT_MARKS = _WithoutMarks()
