"""Search keys: what a stakeholder is found by, and the terms a typed query looks for.

One module makes both sides, so that they agree and each store's statement stays one plain,
parameterised substring test per term (``instr`` in SQLite, ``CONTAINS`` in Cypher). A
stakeholder's key holds, for every word of its name, description, municipality and external
id, three forms:

- the word folded (case and accents ignored: :func:`graph_models.domain.text.fold`);
- its Latin spelling (Greek letters transliterated, ELOT 743 style: ``κουζινα`` → ``kouzina``),
  so that a Latin prefix typed so far finds a Greek word;
- its *sound key* (:func:`sound_key`), where the usual Greeklish spellings of one Greek sound
  are one letter (η, ι, υ, ει, οι and i; ω, ο and w; θ, th and 8; ...), so that ``athina``,
  ``Αθήνα`` and ``ATHINA`` meet.

Besides these, the key holds every abbreviation written in pieces joined up (``Κοιν Σ Επ`` is
also ``κοινσεπ``: see :func:`abbreviations`), and for a Greek place of
``graph_models/data/place_aliases.json`` the other names of that place (``Athens`` for
``Αθήνα``). A query's words are read the same way, and each must be found, as a substring of
one stored word, by its folded form or its sound key. Punctuation is never a wildcard: it only
separates words.

Stores keep the key beside each stakeholder; when :data:`SEARCH_KEY_VERSION` changes, their
``ensure_schema`` recomputes the keys they hold.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources

from graph_models.domain.errors import InvalidInput
from graph_models.domain.text import fold

# Bumped whenever search_key's output changes: each store recomputes its keys once.
SEARCH_KEY_VERSION = 1
MAX_QUERY_LENGTH = 200
# Words of at most this many letters may be pieces of an abbreviation written apart.
ABBREVIATION_PIECE = 4

# Folded Greek (no accents, σ for ς) in Latin letters; ου is one letter, done first.
LATIN_OF_GREEK = str.maketrans({
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
})
# The spellings one Greek sound is written with in Greeklish (and English), each reduced to
# one: read left to right, a pair of letters before a single one.
SAME_SOUND_PAIRS = {
    "th": "8", "ph": "f", "ch": "x", "kh": "x", "ks": "x",           # θ, φ, χ, ξ
    "ou": "u", "oy": "u", "ei": "i", "oi": "i", "ai": "e",           # ου, ει, οι, αι
    "au": "av", "ay": "av", "af": "av", "eu": "ev", "ey": "ev", "ef": "ev",   # αυ, ευ
    "mp": "v", "mb": "v", "nt": "d", "nd": "d",                      # μπ (as b), ντ
    "gk": "g", "gg": "g", "ng": "g",                                 # γκ, γγ
}
SAME_SOUND_LETTERS = {
    "h": "x",   # χ written h
    "y": "i",   # υ written y
    "w": "o",   # ω written w
    "b": "v",   # β and μπ written b
    "c": "k",   # English spellings: Corinth, Salonica
}
DOUBLED_LETTER = re.compile(r"([^\W\d_])\1+")
# A dot between two letters or digits joins them: Κοιν.Σ.Επ. is one word, ΚοινΣΕπ.
INNER_DOT = re.compile(r"(?<=[^\W_])\.(?=[^\W_])")
WORD = re.compile(r"[^\W_]+")
# What ends a run of words an abbreviation's pieces may form: anything but spaces and dots.
RUN_BREAK = re.compile(r"[^\w\s.]|_")


def latin(word: str) -> str:
    """A folded word in Latin letters (Greek transliterated; anything else as it is).

    >>> latin("κουζινα"), latin("θεσσαλονικη"), latin("coop")
    ('kouzina', 'thessaloniki', 'coop')
    """
    return word.replace("ου", "ou").translate(LATIN_OF_GREEK)


@lru_cache(maxsize=65_536)
def sound_key(word: str) -> str:
    """A folded word's sound key: Greek and its Greeklish spellings give the same one.

    Doubled letters count once (σσ and s agree).

    Examples
    --------
    >>> sound_key("κουζινα") == sound_key("kouzina") == sound_key("kuzina")
    True
    >>> sound_key("αθηνα") == sound_key("athina") == sound_key("a8ina") == sound_key("athyna")
    True
    >>> sound_key("θεσσαλονικη") == sound_key("thessaloniki") == sound_key("thesaloniki")
    True
    >>> sound_key("ευρωπη") == sound_key("evropi") == sound_key("europi") == sound_key("evrwpi")
    True
    """
    text = latin(word)
    reduced = []
    at = 0
    while at < len(text):
        pair = SAME_SOUND_PAIRS.get(text[at:at + 2])
        if pair is not None:
            reduced.append(pair)
            at += 2
        else:
            reduced.append(SAME_SOUND_LETTERS.get(text[at], text[at]))
            at += 1
    return DOUBLED_LETTER.sub(r"\1", "".join(reduced))


def runs_of_words(text: str) -> list[list[str]]:
    """The folded words of ``text``, in runs that only spaces and dots separate.

    >>> runs_of_words("Κοιν.Σ.Επ. Ήλιος, «Αθήνα»")
    [['κοινσεπ', 'ηλιοσ'], ['αθηνα']]
    """
    folded = INNER_DOT.sub("", fold(text))
    return [words for part in RUN_BREAK.split(folded) if (words := WORD.findall(part))]


def abbreviations(run: list[str]) -> list[str]:
    """Each longest stretch of short words in a run that holds a one-letter word, written
    together.

    An abbreviation written in pieces (``Κοιν Σ Επ``, ``Α Μ Κ Ε``) is then found by the pieces
    together (``ΚοινΣΕπ``): the rule is about short words around a lone letter, not about any
    one abbreviation. (Written with dots, ``Κοιν.Σ.Επ.``, it is one word already.)

    >>> abbreviations(["κοιν", "σ", "επ", "ηλιος", "απο", "τον", "ουρανο", "και", "η", "γη"])
    ['κοινσεπ', 'καιηγη']
    """
    found: list[str] = []
    stretch: list[str] = []
    for word in [*run, ""]:
        if word and len(word) <= ABBREVIATION_PIECE:
            stretch.append(word)
            continue
        if len(stretch) > 1 and min(map(len, stretch)) == 1:
            found.append("".join(stretch))
        stretch = []
    return found


@cache
def _places() -> dict[str, tuple[str, ...]]:
    """The sound key of every place name of the aliases file → all the names of its places."""
    data = json.loads(resources.files("graph_models.data").joinpath("place_aliases.json")
                      .read_text("utf-8"))
    names: dict[str, dict[str, None]] = {}
    for place in data["places"]:
        for name in place:
            names.setdefault(sound_key(fold(name)), {}).update(
                dict.fromkeys(fold(other) for other in place))
    return {key: tuple(others) for key, others in names.items()}


def names_of_place(name: str) -> tuple[str, ...]:
    """Every name (folded) of the place a one-word ``name`` is in the aliases file, or ().

    >>> names_of_place("Salonica")[:2]
    ('θεσσαλονικη', 'θεσσαλονικησ')
    """
    return _places().get(sound_key(fold(name)), ())


@lru_cache(maxsize=65_536)
def _forms(word: str) -> tuple[str, ...]:
    """What a folded word puts in a key: it, in Latin letters, its sound key, and the same of
    the other names of the place it names."""
    return tuple(dict.fromkeys(
        form for name in (word, *_places().get(sound_key(word), ()))
        for form in (name, latin(name), sound_key(name))))


def search_key(*texts: str | None) -> str:
    """The key a store keeps to find a stakeholder by these texts: space-separated words.

    Examples
    --------
    >>> search_key("Κουζίνα")
    'κουζινα kouzina kuzina'
    >>> key = search_key("Κοιν Σ Επ Αθήνας")
    >>> all(word in key for word in ("κοινσεπ", "kinsep", "athens"))
    True
    """
    key: dict[str, None] = {}
    for text in texts:
        for run in runs_of_words(text or ""):
            for word in (*run, *abbreviations(run)):
                key.update(dict.fromkeys(_forms(word)))
    return " ".join(key)


def query_terms(text: str) -> tuple[tuple[str, ...], ...]:
    """The terms a search text asks for: per word, the forms any one of which may match.

    Every term must be found (as a substring of one word of a :func:`search_key`), in any
    order. A text with no letter or digit has no terms. InvalidInput (naming ``text``) when
    it is longer than :data:`MAX_QUERY_LENGTH` characters.

    Examples
    --------
    >>> query_terms("Athens  kouzina")
    (('athens', 'a8ens'), ('kouzina', 'kuzina'))
    >>> query_terms("Κοιν.Σ.Επ.")
    (('κοινσεπ', 'kinsep'),)
    >>> query_terms("%_'\\\\")
    ()
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidInput("the search text is too long",
                           errors={"text": [f"at most {MAX_QUERY_LENGTH} characters"]})
    terms: dict[tuple[str, ...], None] = {}
    for run in runs_of_words(text):
        for word in run:
            terms[tuple(dict.fromkeys((word, sound_key(word))))] = None
    return tuple(terms)
