"""Builders of valid domain objects for tests: every field filled unless a test says otherwise."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from graph_models.domain.stakeholders import (
    Instrument,
    Kind,
    KoinsepCategory,
    LegalForm,
    Stage,
    Stakeholder,
    Tie,
    TieType,
    new_id,
)

_counter = itertools.count(1)
FIXED_TIME = datetime(2026, 1, 15, 9, 30, 0, 123456, tzinfo=UTC)

KIND_DEFAULTS = {
    Kind.ENTREPRENEUR: dict(legal_form=LegalForm.KOINSEP,
                            koinsep_category=KoinsepCategory.COLLECTIVE_SOCIAL_BENEFIT,
                            stage=Stage.OPERATING, members=7, funding_sought=25_000,
                            needs=("financing.loan", "consulting.business_plan")),
    Kind.INVESTOR: dict(instruments=(Instrument.LOAN, Instrument.GRANT), ticket_min=5_000,
                        ticket_max=100_000, organisation_type="ethical_bank",
                        offers=("financing.loan", "financing.grant")),
    Kind.POLICYMAKER: dict(level="municipal", jurisdiction="EL303", policy_areas=("social_care",)),
    Kind.SUPPORT_ORGANISATION: dict(organisation_type="sse_support_centre", capacity=12,
                                    offers=("consulting.business_plan", "training.mentoring")),
}


def stakeholder(kind: Kind = Kind.ENTREPRENEUR, **overrides) -> Stakeholder:
    """A sound stakeholder of ``kind``; ``overrides`` replace any field."""
    number = next(_counter)
    fields = dict(
        id=new_id(), kind=kind, name=f"Συνεταιρισμός {number}", region="EL303",
        external_id=f"EXT-{number}", description="Κοινωνική κουζίνα στην Αθήνα",
        municipality="Αθήνα", sectors=("catering_food_services",), languages=("el", "en"),
        discoverable=True, discoverable_at=FIXED_TIME, email=f"team{number}@example.org",
        phone="+30 210 0000000", website="https://example.org",
        created_at=FIXED_TIME, updated_at=FIXED_TIME,
    )
    fields.update(KIND_DEFAULTS[kind])
    fields.update(overrides)
    return Stakeholder(**fields)


def tie(type: TieType, source: Stakeholder | str, target: Stakeholder | str, **overrides) -> Tie:
    """A sound tie of ``type`` between two stakeholders (or their ids)."""
    fields = dict(
        id=new_id(), type=type,
        source=getattr(source, "id", source), target=getattr(target, "id", target),
        since=date(2025, 3, 1), weight=1.0, created_at=FIXED_TIME, updated_at=FIXED_TIME,
    )
    if type == TieType.KNOWS:
        fields["strength"] = 3
    if type == TieType.FUNDED:
        fields.update(amount=20_000.0, instrument=Instrument.LOAN)
    if type == TieType.SUPPORTED:
        fields["topic"] = "consulting.business_plan"
    fields.update(overrides)
    return Tie(**fields)


class FakeClock:
    """A clock that moves only when told (``advance``): expiry tested without sleeping.

    Called, it answers the time, as ``graph_models.domain.stakeholders.now`` does.
    """

    def __init__(self, start: datetime = FIXED_TIME):
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)
