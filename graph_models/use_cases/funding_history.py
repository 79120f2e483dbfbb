"""A funding history in the shared CSV format, read as stakeholders and FUNDED ties.

The format: one row per (investor, company, funding date), with the columns
``investor_name, company_name, funded_when`` (YYYY-MM-DD) and any company attributes named
``company_*``. Names are the only identifiers. What the rows become:

- an investor: an ``investor`` offering ``financing.equity`` (the source says nothing else of
  it), known by its name;
- a company: an ``entrepreneur`` needing ``financing.equity``, with
  - a **sector** for its ``company_category``: the source's categories are not the SSE sectors,
    so each distinct category stands as one sector code: the most frequent categories get a
    code each, the others share codes by a stable hash (an evaluation of ranking needs the
    categories told apart, not their names);
  - a **region** for its place: a NUTS-shaped code made of the country (the first two letters
    of ``company_country``, ``ZZ`` when unknown) and one character per finer place column
    present (``company_state``, ``company_region``, ``company_city``, in this order), so that
    companies of one city share every level and companies of one country the first. Within
    one parent code the places are ranked by their companies and take the characters in turn,
    so that two places share a code only when a parent has more than 36 of them (the rarest
    share the last character): the code keeps the places apart as far as its shape allows;
- a row: a FUNDED tie dated ``funded_when`` (several rows of one pair on one date are one tie).

Examples
--------
>>> rows = parse_rows([{"investor_name": "Fund", "company_name": "Acme",
...                     "funded_when": "2010-05-01", "company_category": "web",
...                     "company_country": "USA", "company_city": "Boston"}])
>>> rows[0].investor, rows[0].company, rows[0].when.isoformat(), rows[0].category
('Fund', 'Acme', '2010-05-01', 'web')
>>> rows[0].place
('USA', 'Boston')
>>> codes = region_codes([("USA", "MA", "Boston"), ("USA", "CA", "SF"), ("USA", "CA", "LA"),
...                       ("USA", "CA", "SF"), ("UK", None, None), (None,)])
>>> [codes[p] for p in [("USA", "CA", "SF"), ("USA", "CA", "LA"), ("USA", "MA", "Boston"),
...                     ("UK", None, None), (None,)]]
['US00', 'US01', 'US10', 'UK', 'ZZ']
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graph_models.domain import vocabularies

PLACE_COLUMNS = ("company_country", "company_state", "company_region", "company_city")
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
FINANCING_TOPIC = "financing.equity"


@dataclass(frozen=True)
class FundingRow:
    """One funding of the history."""

    investor: str
    company: str
    when: date
    category: str
    place: tuple[str | None, ...]  # country first, then the finer place columns present


def read_rows(path: str | Path) -> list[FundingRow]:
    """The rows of a funding CSV (gzipped when its name ends in ``.gz``)."""
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return parse_rows(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def parse_rows(records: Iterable[Mapping[str, str]]) -> list[FundingRow]:
    """The rows with an investor, a company and a valid date; the others are skipped."""
    rows = []
    for record in records:
        investor = " ".join((record.get("investor_name") or "").split())
        company = " ".join((record.get("company_name") or "").split())
        try:
            when = date.fromisoformat((record.get("funded_when") or "").strip())
        except ValueError:
            continue
        if not investor or not company:
            continue
        place = tuple((record.get(name) or "").strip() or None
                      for name in PLACE_COLUMNS if name in record)
        rows.append(FundingRow(investor, company, when,
                               (record.get("company_category") or "").strip(), place))
    return rows


def _country(place: tuple[str | None, ...]) -> str:
    country = (place[0] or "") if place else ""
    code = "".join(ch for ch in country.upper() if ch.isalpha())[:2]
    if len(code) < 2 or code.startswith(vocabularies.GREEK_COUNTRY_CODE):
        # Greek codes must be real NUTS codes; a foreign source's places are not.
        code = "ZZ" if len(code) < 2 else "XL"
    return code


def region_codes(places: Iterable[tuple[str | None, ...]]) -> dict[tuple, str]:
    """The code of each place of ``places`` (one entry per company), ranked within each parent
    code by its companies (see the module's docstring)."""
    places = list(places)
    paths: list[list[tuple]] = []
    for place in places:
        path, parts = [], place[1:4]
        for at, part in enumerate(parts, start=1):
            if not part:
                break
            path.append(tuple(place[:at + 1]))
        paths.append(path)
    code_of: dict[tuple, str] = {}
    for level in range(3):
        count: Counter = Counter()
        for place, path in zip(places, paths, strict=True):
            if len(path) > level:
                parent = code_of.get(path[level - 1]) if level else _country(place)
                count[(parent, path[level])] += 1
        ranked = sorted(count, key=lambda key: (key[0], -count[key], tuple(map(str, key[1]))))
        rank: Counter = Counter()
        for parent, path in ranked:
            code_of[path] = parent + _BASE36[min(rank[parent], len(_BASE36) - 1)]
            rank[parent] += 1
    return {place: (code_of[path[-1]] if path else _country(place))
            for place, path in zip(places, paths, strict=True)}


def sector_codes(rows: Iterable[FundingRow]) -> dict[str, str]:
    """The sector code standing for each category of ``rows`` (see the module's docstring)."""
    codes = sorted(vocabularies.sectors())
    by_count = Counter(r.category for r in rows if r.category)
    ranked = sorted(by_count, key=lambda c: (-by_count[c], c))
    return {category: codes[at] if at < len(codes)
            else codes[zlib.crc32(category.encode()) % len(codes)]
            for at, category in enumerate(ranked)}


@dataclass(frozen=True)
class Company:
    """What the history says of one company: its category and its place (from its latest
    row that names them)."""

    category: str
    place: tuple[str | None, ...]


def companies(rows: Iterable[FundingRow]) -> dict[str, Company]:
    """Each company's attributes, the latest row naming a category or a place winning."""
    found: dict[str, Company] = {}
    for r in sorted(rows, key=lambda r: r.when):
        before = found.get(r.company, Company("", ()))
        found[r.company] = Company(r.category or before.category,
                                   r.place if any(r.place) else before.place)
    return found
