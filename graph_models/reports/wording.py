"""The words of a report in its reader's language, kept out of the report's code.

The HTML page and the CSV tables write every sentence, heading and label as a phrase
(:mod:`graph_models.domain.phrases`): an English template, codes kept as codes, numbers as
numbers. A :class:`Wording` turns each into text in the reader's language; the service gives
one built on its catalogues (``service/i18n/wording.py``). Without one, a report reads in
English with the codes as they are (:data:`PLAIN`), which is what programs and doctests see.

Examples
--------
>>> PLAIN.say(figure_name("e_i_kind")), PLAIN.say(group_name("entrepreneur:koinsep"))
('E-I index by kind', 'koinsep')
>>> from datetime import date
>>> PLAIN.say(Number(12345.678, places=1)), PLAIN.day(date(2026, 3, 5)), PLAIN.locale
('12,345.7', '2026-03-05', 'en')
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from graph_models.domain.phrases import Codes, Joined, Number, Phrase, Value

# A template that is only its value; a name, not a literal, so that no catalogue takes it.
VERBATIM = "{value}"
ATTRIBUTES = {"kind": Phrase("kind"), "sector": Phrase("sector"), "region": Phrase("region")}
# Whole phrases, not "by {attribute}": a language may decline the attribute after "by".
BY_ATTRIBUTE = {
    "e_i_kind": Phrase("E-I index by kind"), "e_i_sector": Phrase("E-I index by sector"),
    "e_i_region": Phrase("E-I index by region"),
    "assortativity_kind": Phrase("assortativity by kind"),
    "assortativity_sector": Phrase("assortativity by sector"),
    "assortativity_region": Phrase("assortativity by region"),
}
FIGURES = {
    "stakeholders": Phrase("stakeholders"), "ties": Phrase("ties"),
    "pairs": Phrase("connected pairs"), "density": Phrase("density"),
    "mean_degree": Phrase("mean degree"), "components": Phrase("components"),
    "largest_component_share": Phrase("largest component"),
    "isolates": Phrase("isolates"), "average_clustering": Phrase("average clustering"),
    "transitivity": Phrase("transitivity"),
    "degree_centralization": Phrase("degree centralization"),
    "communities": Phrase("communities"), "modularity": Phrase("modularity"),
    "funded_ties": Phrase("funding ties received"),
    "funding_amount": Phrase("euros received"),
    "funding_missing_amounts": Phrase("funding ties without an amount"),
    "funded_entrepreneurs": Phrase("entrepreneurs funded"),
    "never_funded": Phrase("entrepreneurs never funded"),
    "never_funded_share": Phrase("share never funded"),
}


class Wording(Protocol):
    """Text in one language: of a phrase or a value of one, and of a day."""

    locale: str

    def say(self, words: Value) -> str:
        """``words`` in the language: a template translated, codes as their labels, numbers
        written the language's way."""
        ...

    def day(self, day: date) -> str:
        """A day, the language's way."""
        ...

    def month(self, month: date) -> str:
        """A month (of the day given), short, the language's way."""
        ...


class _Plain:
    """English templates as written, codes as codes, ISO days."""

    locale = "en"

    def say(self, words: Value) -> str:
        if isinstance(words, Number) and not words.percent:
            return f"{words.value:,.{words.places}f}"
        if isinstance(words, int) and not isinstance(words, bool):
            return f"{words:,}"
        return str(words)

    def day(self, day: date) -> str:
        return day.isoformat()

    def month(self, month: date) -> str:
        return month.strftime("%Y-%m")


PLAIN: Wording = _Plain()


def figure_name(name: str) -> Phrase:
    """The words for a headline figure's name (:func:`~graph_models.reports.comparison.
    headline`): ``e_i_kind`` is the E-I index by kind, ``ties_KNOWS`` the ties of that type."""
    if name in FIGURES:
        return FIGURES[name]
    if name in BY_ATTRIBUTE:
        return BY_ATTRIBUTE[name]
    if name.startswith("need_coverage_"):
        return Phrase("need coverage: {pillar}",
                      pillar=Codes("pillar", (name.removeprefix("need_coverage_"),)))
    if name.startswith("stakeholders_"):
        return Phrase("stakeholders: {kind}",
                      kind=Codes("kind", (name.removeprefix("stakeholders_"),)))
    if name.startswith("ties_"):
        return Phrase("ties: {tie_type}",
                      tie_type=Codes("tie_type", (name.removeprefix("ties_"),)))
    return verbatim(name)


def verbatim(value: Value) -> Phrase:
    """A phrase that is only ``value`` (a name, a code, a number): nothing to translate."""
    return Phrase(VERBATIM, value=value)


def group_name(group: str) -> Codes:
    """A mixing group (a kind, or ``entrepreneur:<legal form>``) as the codes it names."""
    kind, _, form = group.partition(":")
    return Codes("legal_form", (form,)) if form else Codes("kind", (kind,))


def joined(*parts: Value, separator: str = ", ") -> Joined:
    """Values one after another (a pair of kinds, a list of groups)."""
    return Joined(tuple(part if isinstance(part, Phrase) else verbatim(part)
                        for part in parts), separator)
