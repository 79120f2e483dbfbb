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
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # casefold maps the final sigma to σ, so "Οδυσσεύς" and "ΟΔΥΣΣΕΥΣ" agree.
    return " ".join(stripped.casefold().split())
