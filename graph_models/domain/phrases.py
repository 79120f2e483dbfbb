"""Words for a person, kept apart from the language they are read in.

An explanation (a match term's reason) is a :class:`Phrase`: an English template with named
slots, the values that fill them, and for a count its plural template. Values that name things
of a vocabulary stay codes (:class:`Codes`), lists of names keep their count (:class:`Names`),
sums of money their amount (:class:`Money`), so that whoever shows the phrase translates the
template, puts each code's label in the reader's language and writes numbers and money the
reader's way (the service does: ``service/i18n/phrases.py``). ``str()`` gives the English text
with the codes as they are, for logs, doctests and programs.

The templates are messages of the translation catalogues: each is written in a call
``Phrase("…")`` or ``counted("…", "…", n)`` in the explaining code
(:mod:`graph_models.matching.explain` and :mod:`graph_models.matching.wording`), where the
catalogues' extraction finds it.

Examples
--------
>>> offers = Phrase("offers {topics} that you need ({met} of {needed})",
...                 topics=Codes("topic", ("financing.loan",)), met=1, needed=2)
>>> str(offers)
'offers financing.loan that you need (1 of 2)'
>>> str(counted("{count} shared connection: {names}", "{count} shared connections: {names}", 3,
...            names=Names(("Ana", "Bo"), 3)))
'3 shared connections: Ana, Bo and 1 other'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Codes:
    """Codes of one vocabulary (``topic``, ``sector``, ``language``, ``region``, ``pillar``,
    ``stage``, ``instrument``), shown as their labels, joined by commas."""

    vocabulary: str
    codes: tuple[str, ...]

    def __str__(self) -> str:
        return ", ".join(self.codes)


@dataclass(frozen=True)
class Names:
    """Names of stakeholders, the first few of ``total``: "A, B and 3 others"."""

    shown: tuple[str, ...]
    total: int

    @property
    def others(self) -> int:
        return self.total - len(self.shown)

    def __str__(self) -> str:
        text = ", ".join(self.shown)
        if self.others <= 0:
            return text
        others = f"{self.others} other{'s' if self.others > 1 else ''}"
        return f"{text} and {others}" if self.shown else others


@dataclass(frozen=True)
class Money:
    """A sum in euros."""

    euros: float

    def __str__(self) -> str:
        return f"€{round(self.euros):,}"


@dataclass(frozen=True)
class Number:
    """A number with ``places`` decimals, or with ``percent`` a share shown as a percentage."""

    value: float
    places: int = 0
    percent: bool = False

    def __str__(self) -> str:
        return f"{self.value:.{self.places}%}" if self.percent else f"{self.value:.{self.places}f}"


@dataclass(frozen=True)
class Joined:
    """Phrases one after another, separated by ``separator`` ("; " or ", ")."""

    parts: tuple[Phrase, ...]
    separator: str = "; "

    def __str__(self) -> str:
        return self.separator.join(str(part) for part in self.parts)


Value = Union[str, int, Codes, Names, Money, Number, "Phrase", Joined]


class Phrase:
    """An English template with ``{named}`` slots and the values that fill them; see
    :func:`counted` for one whose words depend on a count."""

    __slots__ = ("count", "plural", "text", "values")

    def __init__(self, text: str, **values: Value):
        self.text = text
        self.plural: str | None = None
        self.count: int | None = None
        self.values = values

    def __str__(self) -> str:
        template = self.plural if self.plural is not None and self.count != 1 else self.text
        return template.format(**{name: str(value) for name, value in self.values.items()})

    def __repr__(self) -> str:
        return f"Phrase({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.text, self.plural, self.count,
                                              self.values) == (other.text, other.plural,
                                                               other.count, other.values)

    def __hash__(self) -> int:
        return hash((self.text, self.plural, self.count))


def counted(one: str, many: str, count: int, **values: Value) -> Phrase:
    """A phrase about ``count`` things: ``one``'s template for 1, ``many``'s for any other
    count in English (a translation has the forms its language needs); ``{count}`` is the
    count."""
    phrase = Phrase(one, count=count, **values)
    phrase.plural, phrase.count = many, count
    return phrase


def to_plain(value: Value) -> object:
    """A JSON-ready form of a phrase (or of any value of one), for a store to keep.

    >>> back = from_plain(to_plain(Phrase("{who} declined ({why})", who="Ήλιος",
    ...                                   why=Codes("decline_reason", ("not_now",)))))
    >>> str(back), back == Phrase("{who} declined ({why})", who="Ήλιος",
    ...                           why=Codes("decline_reason", ("not_now",)))
    ('Ήλιος declined (not_now)', True)
    """
    if isinstance(value, Phrase):
        return {"phrase": value.text, "plural": value.plural, "count": value.count,
                "values": {name: to_plain(part) for name, part in value.values.items()}}
    if isinstance(value, Joined):
        return {"joined": [to_plain(part) for part in value.parts],
                "separator": value.separator}
    if isinstance(value, Codes):
        return {"codes": list(value.codes), "vocabulary": value.vocabulary}
    if isinstance(value, Names):
        return {"names": list(value.shown), "total": value.total}
    if isinstance(value, Money):
        return {"euros": value.euros}
    if isinstance(value, Number):
        return {"number": value.value, "places": value.places, "percent": value.percent}
    return value


def from_plain(plain) -> Value:
    """The value :func:`to_plain` wrote."""
    if not isinstance(plain, dict):
        return plain
    if "phrase" in plain:
        phrase = Phrase(plain["phrase"], **{name: from_plain(part)
                                            for name, part in plain["values"].items()})
        phrase.plural, phrase.count = plain["plural"], plain["count"]
        return phrase
    if "joined" in plain:
        return Joined(tuple(_phrase(from_plain(part)) for part in plain["joined"]),
                      plain["separator"])
    if "codes" in plain:
        return Codes(plain["vocabulary"], tuple(plain["codes"]))
    if "names" in plain:
        return Names(tuple(plain["names"]), plain["total"])
    if "euros" in plain:
        return Money(plain["euros"])
    return Number(plain["number"], plain["places"], plain["percent"])


def _phrase(value: Value) -> Phrase:
    if not isinstance(value, Phrase):
        raise ValueError(f"not a phrase: {value!r}")
    return value
