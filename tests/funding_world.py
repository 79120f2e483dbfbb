"""A small hand-built ecosystem for the report's funding flows, with every figure worked out
by hand in the tests that use it.

Attica (EL30): e1 (KoinSEp, EL303, joined 2020-01-01), e2 (workers' cooperative, EL301,
2021-01-01), e3 (KoinSEp, EL303, 2024-06-01), e4 (no legal form, EL303, 2022-01-01); b1 a
public fund (EL30) and m1 a municipality (EL303). Central Macedonia (EL52): b2 an ethical bank
and e5 (KoinSEp, EL522). FUNDED ties:

=====  ========  =========  =========  ============  ============================
funder recipient since      euros      instrument    external id (channel)
=====  ========  =========  =========  ============  ============================
m1     e1        2024-05-01 1000       grant         budget:p1:x1 (budget)
b1     e1        2024-06-01 500        loan          campaign:c1:b1:loan (pool)
b2     e2        2024-06-01 200        crowdfunding  campaign:c2:b2:crowdfunding
b2     e2        2023-01-01 —          —             — (direct)
b2     e5        2023-01-01 300        equity        — (direct; outside Attica)
=====  ========  =========  =========  ============  ============================

and e3 KNOWS e4 (2024-07-01).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from graph_models.domain.stakeholders import Instrument, Kind, LegalForm, Stakeholder, Tie, TieType
from tests.builders import stakeholder, tie


def _joined(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, tzinfo=UTC)


def people() -> list[Stakeholder]:
    """The stakeholders, ids as named above."""
    plain = {"legal_form": None, "koinsep_category": None}
    return [
        stakeholder(Kind.ENTREPRENEUR, id="e1", name="Κουζίνα", region="EL303",
                    created_at=_joined(2020, 1, 1)),
        stakeholder(Kind.ENTREPRENEUR, id="e2", name="Ήλιος", region="EL301",
                    created_at=_joined(2021, 1, 1),
                    **{**plain, "legal_form": LegalForm.WORKERS_COOPERATIVE}),
        stakeholder(Kind.ENTREPRENEUR, id="e3", name="Νέα", region="EL303",
                    created_at=_joined(2024, 6, 1)),
        stakeholder(Kind.ENTREPRENEUR, id="e4", name="Ομάδα", region="EL303",
                    created_at=_joined(2022, 1, 1), **plain),
        stakeholder(Kind.ENTREPRENEUR, id="e5", name="Βορράς", region="EL522",
                    created_at=_joined(2021, 1, 1)),
        stakeholder(Kind.INVESTOR, id="b1", name="Ταμείο", region="EL30",
                    organisation_type="public_fund", created_at=_joined(2019, 1, 1)),
        stakeholder(Kind.INVESTOR, id="b2", name="Τράπεζα", region="EL52",
                    organisation_type="ethical_bank", created_at=_joined(2019, 1, 1)),
        stakeholder(Kind.POLICYMAKER, id="m1", name="Δήμος", region="EL303",
                    created_at=_joined(2019, 1, 1)),
    ]


def ties() -> list[Tie]:
    """The ties of the table above."""
    funded = TieType.FUNDED
    return [
        tie(funded, "m1", "e1", id="f1", since=date(2024, 5, 1), amount=1000.0,
            instrument=Instrument.GRANT, external_id="budget:p1:x1"),
        tie(funded, "b1", "e1", id="f2", since=date(2024, 6, 1), amount=500.0,
            instrument=Instrument.LOAN, external_id="campaign:c1:b1:loan"),
        tie(funded, "b2", "e2", id="f3", since=date(2024, 6, 1), amount=200.0,
            instrument=Instrument.CROWDFUNDING, external_id="campaign:c2:b2:crowdfunding"),
        tie(funded, "b2", "e2", id="f4", since=date(2023, 1, 1), amount=None,
            instrument=None),
        tie(funded, "b2", "e5", id="f5", since=date(2023, 1, 1), amount=300.0,
            instrument=Instrument.EQUITY),
        tie(TieType.KNOWS, "e3", "e4", id="k1", since=date(2024, 7, 1)),
    ]
