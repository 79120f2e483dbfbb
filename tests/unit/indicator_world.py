"""A small ecosystem whose indicator values were counted by hand (tests/unit/test_indicators.py
and tests/contract/test_indicators.py read it).

Central Macedonia (EL52) is the territory; Attica (EL303) lies outside it. The period starts
on 2026-01-01; its month ends are 2026-01-31, 02-28, 03-31 and 04-30.

| id | kind | region | created | legal form | needs | offers |
|---|---|---|---|---|---|---|
| k1 | entrepreneur | EL522 | 2025-12-10 | koinsep | financing.loan, training.mentoring | |
| k2 | entrepreneur | EL522 | 2026-02-15 | koinsep | financing.loan | |
| w1 | entrepreneur | EL522 | 2026-03-05 | workers' coop | consulting.marketing | |
| i1 | investor | EL52 | 2025-01-01 | | | financing.loan |
| s1 | support org. | EL522 | 2025-01-01 | | | training.mentoring, consulting.marketing |
| a1 | entrepreneur | EL303 | 2026-01-20 | koinsep | financing.loan | |
| i2 | investor | EL303 | 2025-01-01 | | | financing.loan |

| tie | type | from → to | since | amount, instrument |
|---|---|---|---|---|
| t1 | FUNDED | i1 → k1 | 2026-01-10 | 10,000 loan |
| t2 | KNOWS | i1 – k1 | 2025-12-20 | |
| t3 | SUPPORTED | s1 → k1 | 2026-02-01 | |
| t4 | FUNDED | i1 → k2 | 2026-03-10 | 5,000 grant |
| t5 | FUNDED | i2 → a1 | 2026-02-05 | 7,000 loan (both ends outside) |
| t6 | KNOWS | k1 – k2 | 2026-02-20 | |
| t7 | MENTORS | s1 → w1 | 2026-04-02 | |
| t8 | FUNDED | i2 → k2 | 2026-04-15 | 3,000 loan (from outside) |
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from graph_models.domain.stakeholders import (
    Instrument,
    Kind,
    LegalForm,
    Stakeholder,
    Tie,
    TieType,
)

TERRITORY = "EL52"
START = date(2026, 1, 1)
END = date(2026, 4, 30)
DAYS = (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30))


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, tzinfo=UTC)


def stakeholders() -> list[Stakeholder]:
    ent, inv, sup = Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION
    koinsep = {"legal_form": LegalForm.KOINSEP}
    rows = [
        ("k1", ent, "EL522", (2025, 12, 10), {**koinsep, "needs": ("financing.loan",
                                                                    "training.mentoring")}),
        ("k2", ent, "EL522", (2026, 2, 15), {**koinsep, "needs": ("financing.loan",)}),
        ("w1", ent, "EL522", (2026, 3, 5), {"legal_form": LegalForm.WORKERS_COOPERATIVE,
                                            "needs": ("consulting.marketing",)}),
        ("i1", inv, "EL52", (2025, 1, 1), {"offers": ("financing.loan",)}),
        ("s1", sup, "EL522", (2025, 1, 1), {"offers": ("training.mentoring",
                                                       "consulting.marketing")}),
        ("a1", ent, "EL303", (2026, 1, 20), {**koinsep, "needs": ("financing.loan",)}),
        ("i2", inv, "EL303", (2025, 1, 1), {"offers": ("financing.loan",)}),
    ]
    return [Stakeholder(id=i, kind=kind, name=f"Name {i}", region=region, discoverable=True,
                        created_at=_at(*created), updated_at=_at(*created), **fields)
            for i, kind, region, created, fields in rows]


def ties() -> list[Tie]:
    loan, grant = Instrument.LOAN, Instrument.GRANT
    rows = [
        ("t1", TieType.FUNDED, "i1", "k1", date(2026, 1, 10), 10_000, loan),
        ("t2", TieType.KNOWS, "i1", "k1", date(2025, 12, 20), None, None),
        ("t3", TieType.SUPPORTED, "s1", "k1", date(2026, 2, 1), None, None),
        ("t4", TieType.FUNDED, "i1", "k2", date(2026, 3, 10), 5_000, grant),
        ("t5", TieType.FUNDED, "i2", "a1", date(2026, 2, 5), 7_000, loan),
        ("t6", TieType.KNOWS, "k1", "k2", date(2026, 2, 20), None, None),
        ("t7", TieType.MENTORS, "s1", "w1", date(2026, 4, 2), None, None),
        ("t8", TieType.FUNDED, "i2", "k2", date(2026, 4, 15), 3_000, loan),
    ]
    return [Tie(id=i, type=t, source=s, target=d, since=since, amount=amount,
                instrument=instrument, created_at=_at(2026, 5, 1), updated_at=_at(2026, 5, 1))
            for i, t, s, d, since, amount, instrument in rows]


# Each indicator's values at DAYS, counted by hand from the tables above.
EXPECTED: list[tuple[str, dict[str, str], list]] = [
    ("stakeholders", {}, [3, 4, 5, 5]),
    ("stakeholders", {"kind": "entrepreneur", "legal_form": "koinsep"}, [1, 2, 2, 2]),
    ("new_entities", {}, [0, 1, 2, 2]),
    ("new_entities", {"legal_form": "koinsep"}, [0, 1, 1, 1]),
    ("connected_pairs", {"group_a": "investor", "group_b": "entrepreneur:koinsep"},
     [1, 1, 2, 2]),
    ("pair_density", {"group_a": "investor", "group_b": "entrepreneur:koinsep"},
     [1.0, 0.5, 1.0, 1.0]),
    ("pair_density", {"group_a": "entrepreneur", "group_b": "entrepreneur"},
     [None, 1.0, 1 / 3, 1 / 3]),
    ("new_ties", {}, [1, 3, 4, 6]),
    ("new_ties", {"tie_type": "FUNDED"}, [1, 1, 2, 3]),
    ("funds_raised", {}, [10_000, 10_000, 15_000, 18_000]),
    ("funds_raised", {"instrument": "loan"}, [10_000, 10_000, 10_000, 13_000]),
    ("needs_met", {}, [0.5, 2 / 3, 0.75, 1.0]),
    ("needs_met", {"pillar": "financing"}, [1.0, 0.5, 1.0, 1.0]),
]
