"""Controlled vocabularies shipped as data: topics by pillar, sectors, regions, languages.

The lists live in ``graph_models/data/*.json`` so that a coordinator can read (and a deployment
can extend) them without touching code. They are loaded once per process.

Examples
--------
>>> from graph_models.domain import vocabularies
>>> vocabularies.pillar_of("financing.loan")
'financing'
>>> vocabularies.is_region("EL30"), vocabularies.is_region("DE300"), vocabularies.is_region("EL99")
(True, True, False)
>>> vocabularies.region_contains("EL3", "EL303")
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graph_models.domain.errors import InvalidInput
from graph_models.domain.search_keys import names_of_place, runs_of_words, sound_key

# EU NUTS codes: a two-letter country code and up to three more characters, one per level.
NUTS_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
GREEK_COUNTRY_CODE = "EL"


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary, with its names in English and (where known) Greek."""

    code: str
    name_en: str
    name_el: str | None = None


@dataclass(frozen=True)
class Region(Term):
    level: int = 0
    parent: str | None = None
    population: int = 0


def _load(name: str) -> dict:
    return json.loads(resources.files("graph_models.data").joinpath(name).read_text("utf-8"))


@cache
def pillars() -> dict[str, Term]:
    """The four pillars of a Local Action Plan, by code."""
    return {p["code"]: Term(p["code"], p["name_en"], p.get("name_el"))
            for p in _load("topics.json")["pillars"]}


@cache
def topics() -> dict[str, Term]:
    """Needs/offers topics by code; a topic's code starts with its pillar (``pillar.topic``)."""
    return {t["code"]: Term(t["code"], t["name_en"], t.get("name_el"))
            for p in _load("topics.json")["pillars"] for t in p["topics"]}


@cache
def sectors() -> dict[str, Term]:
    """Sectors of activity by code."""
    return {s["code"]: Term(s["code"], s["name_en"], s.get("name_el"))
            for s in _load("sectors.json")["sectors"]}


@cache
def languages() -> dict[str, Term]:
    """ISO 639-1 languages by two-letter code."""
    return {lang["code"]: Term(lang["code"], lang["name_en"])
            for lang in _load("languages.json")["languages"]}


@cache
def greek_regions() -> dict[str, Region]:
    """Greek NUTS regions (levels 0–3) by code, with Greek and English names and population."""
    return {
        r["code"]: Region(r["code"], r["name_en"], r["name_el"], r["level"], r["parent"],
                          r.get("population", 0))
        for r in _load("regions_el.json")["regions"]
    }


def pillar_of(topic: str) -> str:
    """The pillar a topic code belongs to."""
    return topic.split(".", 1)[0]


def is_topic(code: str) -> bool:
    return code in topics()


def is_sector(code: str) -> bool:
    return code in sectors()


def is_language(code: str) -> bool:
    return code in languages()


def is_region(code: str) -> bool:
    """A known Greek NUTS code, or any other EU country's code of the NUTS shape."""
    if not isinstance(code, str) or not NUTS_CODE.fullmatch(code):
        return False
    if code.startswith(GREEK_COUNTRY_CODE):
        return code in greek_regions()
    return True


# What divides a region's name into the places it lists ("Ικαρία, Σάμος"; "Κως, Ρόδος";
# "Eastern Macedonia and Thrace"), and the other name some give in brackets.
NAME_PARTS = re.compile(r",|\s[–-]\s|\sand\s")
BRACKETED = re.compile(r"^(.*?)\s*\((.*)\)$")


def _name_key(name: str) -> str:
    return " ".join(sound_key(word) for run in runs_of_words(name) for word in run)


@cache
def _regions_by_name() -> dict[str, str]:
    """The key of every Greek region's name → its code; where levels share a name, the
    broadest; a whole name before a place a name lists."""
    whole: dict[str, str] = {}
    parts: dict[str, str] = {}
    for region in sorted(greek_regions().values(), key=lambda r: (r.level, r.code)):
        for name in filter(None, (region.name_el, region.name_en)):
            bracketed = BRACKETED.match(name)
            names = (name, *bracketed.groups()) if bracketed else (name,)
            for each in names:
                whole.setdefault(_name_key(each), region.code)
                for part in NAME_PARTS.split(each):
                    parts.setdefault(_name_key(part), region.code)
    return {**parts, **whole}


def region_spellings() -> list[str]:
    """How each Greek region is written at its plainest: its code in capitals and in small
    letters, its Greek and its English name. :func:`resolve_region` reads more (accents or
    case aside, Greeklish, the places a name lists), but a document can list only these.

    >>> region_spellings()[:4]
    ['EL', 'el', 'Ελλάδα', 'Greece']
    """
    return list(dict.fromkeys(
        spelling for r in greek_regions().values()
        for spelling in (r.code, r.code.lower(), r.name_el, r.name_en) if spelling))


def resolve_region(text: str) -> str:
    """The NUTS code a region filter means: a Greek code in any case, another country's as
    written (capitals), or a Greek region's name in Greek, Greeklish or English (case and
    accents ignored), or one of the places its name lists, or another name of that place
    (``graph_models/data/place_aliases.json``: Salonica for Θεσσαλονίκη). Where levels share
    a name (Αττική is EL3 and EL30), the broadest: a region filter includes the sub-regions
    anyway. InvalidInput (naming ``region``) for anything else.

    Examples
    --------
    >>> [resolve_region(t) for t in ("el303", "Αττική", "attiki", "Attica", "Κρήτη", "Rhodes")]
    ['EL303', 'EL3', 'EL3', 'EL3', 'EL43', 'EL421']
    >>> resolve_region("DE30")
    'DE30'
    """
    code = text.strip().upper()
    if code in greek_regions():
        return code
    by_name = _regions_by_name()
    for name in (text, *names_of_place(text)):
        if (named := by_name.get(_name_key(name))) is not None:
            return named
    if is_region(text):
        return text
    raise InvalidInput(
        "unknown region", errors={"region": [
            f"no region has the code or name '{text}': give a NUTS code such as EL303, or a "
            "Greek region's name in Greek or English, such as Αττική or Attica"]})


def region_contains(ancestor: str, region: str) -> bool:
    """True when ``region`` is ``ancestor`` or lies below it (NUTS codes nest by prefix)."""
    return region.startswith(ancestor)
