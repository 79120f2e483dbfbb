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


def region_contains(ancestor: str, region: str) -> bool:
    """True when ``region`` is ``ancestor`` or lies below it (NUTS codes nest by prefix)."""
    return region.startswith(ancestor)
