"""Drafts become stakeholders: ids, external ids, registration times, contacts, unique names.

Examples
--------
>>> import random
>>> from datetime import date
>>> from graph_models.demo.population import draft_stakeholders
>>> from graph_models.demo.world import world
>>> drafts = draft_stakeholders(random.Random(1), 10, world(), 737000, 739000)
>>> stakeholders, ids = build_stakeholders(random.Random(2), drafts, date(2024, 1, 1))
>>> sorted(s.external_id for s in stakeholders)[:2], len(set(ids))
(['DEMO-ENT-000001', 'DEMO-ENT-000002'], 10)
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from graph_models.demo.drafts import Draft
from graph_models.demo.draws import uuid4_hex
from graph_models.demo.tables import tables
from graph_models.demo.world import world
from graph_models.domain.stakeholders import Kind, Stakeholder


def build_stakeholders(rng: random.Random, drafts: list[Draft],
                       end: date) -> tuple[list[Stakeholder], list[str]]:
    """Stakeholders in order of joining, and the id of each draft; ids and external ids are
    numbered in that order."""
    moments = [_registered(rng, draft) for draft in drafts]
    numbers = dict.fromkeys(Kind, 0)
    names: dict[str, int] = {}
    last = datetime(end.year, end.month, end.day, 23, 59, 59, tzinfo=UTC)
    ids = [""] * len(drafts)
    stakeholders = []
    for i in sorted(range(len(drafts)), key=lambda i: (moments[i], i)):
        draft, created = drafts[i], moments[i]
        ids[i] = uuid4_hex(rng)
        numbers[draft.kind] += 1
        prefix = tables().ecosystem.kinds[draft.kind].prefix
        external_id = f"DEMO-{prefix}-{numbers[draft.kind]:06d}"
        stakeholders.append(Stakeholder(
            id=ids[i], kind=draft.kind, region=draft.region, external_id=external_id,
            created_at=created, updated_at=_updated(rng, created, last),
            **_reach(rng, draft, created, external_id.lower()),
            **{**draft.fields, "name": _unique_name(names, draft.fields["name"])}))
    return stakeholders, ids


def _registered(rng: random.Random, draft: Draft) -> datetime:
    """Stakeholders register in the morning and ties are recorded in the afternoon, so a tie
    made on a stakeholder's first day is still created after it."""
    return datetime.fromordinal(draft.join).replace(
        hour=rng.randint(8, 11), minute=rng.randint(0, 59), second=rng.randint(0, 59),
        tzinfo=UTC)


def _updated(rng: random.Random, created: datetime, last: datetime) -> datetime:
    """Some profiles were updated within a year of their creation, none after ``last``."""
    if rng.random() >= tables().ecosystem.profiles["updated"]:
        return created
    return min(last, created + timedelta(days=rng.randint(0, 365), hours=rng.randint(0, 6)))


def _reach(rng: random.Random, draft: Draft, created: datetime, slug: str) -> dict:
    """Whether others may find and contact the stakeholder, and how."""
    shares = tables().ecosystem.profiles
    digits = f"{world().phone_prefix(draft.nuts2)}{rng.randrange(10**8):08d}"
    discoverable = rng.random() < shares["discoverable"]
    sharing = rng.random() < shares["contact_sharing"]
    return dict(
        discoverable=discoverable, discoverable_at=created if discoverable else None,
        contact_sharing=sharing, contact_sharing_at=created if sharing else None,
        email=f"contact-{slug}@example.org" if rng.random() < shares["email"] else None,
        phone=f"+30 {digits[:3]} {digits[3:]}" if rng.random() < shares["phone"] else None,
        website=(f"https://{slug}.example.org" if draft.kind != Kind.ENTREPRENEUR
                 or rng.random() < shares["entrepreneur_website"] else None))


def _unique_name(used: dict[str, int], name: str) -> str:
    """``name``, numbered from its second use on, so that search results can be told apart."""
    count = used.get(name, 0)
    while True:
        count += 1
        candidate = name if count == 1 else f"{name} ({count})"
        if candidate not in used:
            used[name] = count
            used[candidate] = max(1, used.get(candidate, 0))
            return candidate
