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
    present (``company_state``, ``company_region``, ``company_city``, in this order), each a
    stable hash of the place's path, so that companies of one city share every level and
    companies of one country the first;
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
>>> region_code(("USA", "Boston")), region_code(("USA", "")), region_code((None,))
('US7', 'US', 'ZZ')
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


def _char(path: tuple) -> str:
    return _BASE36[zlib.crc32("\x1f".join(map(str, path)).encode()) % len(_BASE36)]


def region_code(place: tuple[str | None, ...]) -> str:
    """A NUTS-shaped code for a place (see the module's docstring): prefixes nest as the
    places do."""
    country = (place[0] or "") if place else ""
    code = "".join(ch for ch in country.upper() if ch.isalpha())[:2]
    if len(code) < 2 or code.startswith(vocabularies.GREEK_COUNTRY_CODE):
        # Greek codes must be real NUTS codes; a foreign source's places are not.
        code = "ZZ" if len(code) < 2 else "XL"
    path: tuple = (country,)
    for part in place[1:]:
        if not part:
            break
        path = (*path, part)
        code += _char(path)
        if len(code) == 5:
            break
    return code


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
