"""The domain: stakeholder kinds, tie types and the rules that keep them sound.

Plain dataclasses and enums; nothing here knows about Flask, HTTP or a database. Stores persist
these objects as they are; the use cases (:mod:`graph_models.use_cases`) build and check them
with :func:`stakeholder_problems` and :func:`tie_problems` before a store sees them.

Examples
--------
>>> s = Stakeholder(id="s1", kind=Kind.ENTREPRENEUR, name="Κοινωνική Κουζίνα", region="EL303",
...                 legal_form=LegalForm.KOINSEP,
...                 koinsep_category=KoinsepCategory.COLLECTIVE_SOCIAL_BENEFIT)
>>> stakeholder_problems(s)
{}
>>> TieType.FUNDED.allows(Kind.INVESTOR, Kind.ENTREPRENEUR), TieType.FUNDED.allows(
...     Kind.ENTREPRENEUR, Kind.INVESTOR)
(True, False)
"""

from __future__ import annotations

import dataclasses
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from graph_models.domain import vocabularies


class Kind(StrEnum):
    """The four kinds of stakeholder in an SSE ecosystem."""

    ENTREPRENEUR = "entrepreneur"
    INVESTOR = "investor"
    POLICYMAKER = "policymaker"
    SUPPORT_ORGANISATION = "support_organisation"

    @property
    def label(self) -> str:
        """The graph label for this kind (a Neo4j node label), from this whitelist only."""
        return "".join(part.capitalize() for part in self.value.split("_"))


class Pillar(StrEnum):
    CONSULTING = "consulting"
    TRAINING = "training"
    NETWORKING = "networking"
    FINANCING = "financing"


class Stage(StrEnum):
    IDEA = "idea"
    FORMING = "forming"
    OPERATING = "operating"
    SCALING = "scaling"


class LegalForm(StrEnum):
    """Legal forms of SSE entities (law 4430/2016 Art. 3 and related Greek law)."""

    KOINSEP = "koinsep"  # Κοινωνική Συνεταιριστική Επιχείρηση, Art. 14
    KOISPE = "koispe"  # limited-liability social cooperative, law 2716/1999
    WORKERS_COOPERATIVE = "workers_cooperative"  # Art. 24
    AGRICULTURAL_COOPERATIVE = "agricultural_cooperative"
    ENERGY_COMMUNITY = "energy_community"
    COOPERATIVE = "cooperative"
    CIVIL_NONPROFIT = "civil_nonprofit"  # ΑΜΚΕ
    ASSOCIATION = "association"
    INFORMAL_GROUP = "informal_group"
    OTHER = "other"


class KoinsepCategory(StrEnum):
    """Exactly one per KoinSEp (law 4430/2016, Art. 14)."""

    INTEGRATION_VULNERABLE = "integration_vulnerable_groups"
    INTEGRATION_SPECIAL = "integration_special_groups"
    COLLECTIVE_SOCIAL_BENEFIT = "collective_social_benefit"


class Instrument(StrEnum):
    GRANT = "grant"
    LOAN = "loan"
    EQUITY = "equity"
    GUARANTEE = "guarantee"
    CROWDFUNDING = "crowdfunding"
    MICROCREDIT = "microcredit"


class InvestorType(StrEnum):
    ETHICAL_BANK = "ethical_bank"
    COOPERATIVE_BANK = "cooperative_bank"
    IMPACT_FUND = "impact_fund"
    CROWDFUNDING_PLATFORM = "crowdfunding_platform"
    PUBLIC_FUND = "public_fund"
    FOUNDATION = "foundation"
    BUSINESS_ANGEL = "business_angel"
    OTHER = "other"


class SupportType(StrEnum):
    SSE_SUPPORT_CENTRE = "sse_support_centre"
    INCUBATOR = "incubator"
    UNIVERSITY = "university"
    NGO = "ngo"
    TRAINER = "trainer"
    CONSULTANCY = "consultancy"
    OTHER = "other"


class PolicyLevel(StrEnum):
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    NATIONAL = "national"
    EU = "eu"


ANY_KIND = frozenset(Kind)


class TieType(StrEnum):
    """Relationship types. ``allows`` says which kinds each may join, in its direction."""

    KNOWS = "KNOWS"
    PARTNERS_WITH = "PARTNERS_WITH"
    MENTORS = "MENTORS"
    FUNDED = "FUNDED"
    SUPPORTED = "SUPPORTED"
    INTRODUCED = "INTRODUCED"

    @property
    def directed(self) -> bool:
        return self in _DIRECTED

    @property
    def one_per_pair(self) -> bool:
        """Relations that hold once per pair; FUNDED and SUPPORTED are events that recur."""
        return self not in _EVENTS

    def allows(self, source: Kind, target: Kind) -> bool:
        sources, targets = _ENDPOINTS[self]
        if source in sources and target in targets:
            return True
        return not self.directed and target in sources and source in targets


_DIRECTED = frozenset({TieType.MENTORS, TieType.FUNDED, TieType.SUPPORTED})
_EVENTS = frozenset({TieType.FUNDED, TieType.SUPPORTED})
_MENTOR_KINDS = frozenset({Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION})
_ENDPOINTS: dict[TieType, tuple[frozenset[Kind], frozenset[Kind]]] = {
    TieType.KNOWS: (ANY_KIND, ANY_KIND),
    TieType.PARTNERS_WITH: (ANY_KIND, ANY_KIND),
    TieType.MENTORS: (_MENTOR_KINDS, frozenset({Kind.ENTREPRENEUR})),
    # A municipality's or region's fund pays what its participatory budget funds (issue #17).
    TieType.FUNDED: (frozenset({Kind.INVESTOR, Kind.POLICYMAKER}), frozenset({Kind.ENTREPRENEUR})),
    TieType.SUPPORTED: (frozenset({Kind.SUPPORT_ORGANISATION}), frozenset({Kind.ENTREPRENEUR})),
    TieType.INTRODUCED: (ANY_KIND, ANY_KIND),
}

# Fields that only one kind of stakeholder may carry; every other kind leaves them empty.
KIND_FIELDS: dict[Kind, frozenset[str]] = {
    Kind.ENTREPRENEUR: frozenset(
        {"legal_form", "koinsep_category", "stage", "members", "funding_sought"}),
    Kind.INVESTOR: frozenset({"instruments", "ticket_min", "ticket_max", "organisation_type"}),
    Kind.POLICYMAKER: frozenset({"level", "jurisdiction", "policy_areas"}),
    Kind.SUPPORT_ORGANISATION: frozenset({"organisation_type"}),
}
ORGANISATION_TYPES: dict[Kind, type[StrEnum]] = {
    Kind.INVESTOR: InvestorType,
    Kind.SUPPORT_ORGANISATION: SupportType,
}


def now() -> datetime:
    """The domain's clock: timezone-aware UTC, to the microsecond."""
    return datetime.now(UTC)


def new_id() -> str:
    """An opaque identifier."""
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """A person or organisation of the ecosystem. Kind-specific fields are empty for other kinds.

    ``needs`` and ``offers`` are topic codes (``pillar.topic``). A support organisation's
    services are its ``offers``. ``capacity`` is how many matches or mentees it takes at once
    (None: no limit). ``discoverable`` is the consent to appear to others in search and
    recommendations; ``contact_sharing`` the consent to reveal ``email``/``phone`` after a
    double opt-in. Each consent carries the time it was given. ``needs_private`` keeps the
    needs, like the contact details, to those who may see private fields.
    """

    id: str
    kind: Kind
    name: str
    region: str
    external_id: str | None = None
    description: str = ""
    municipality: str | None = None
    sectors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    needs_private: bool = False
    offers: tuple[str, ...] = ()
    capacity: int | None = None
    discoverable: bool = False
    discoverable_at: datetime | None = None
    contact_sharing: bool = False
    contact_sharing_at: datetime | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    legal_form: LegalForm | None = None
    koinsep_category: KoinsepCategory | None = None
    stage: Stage | None = None
    members: int | None = None
    funding_sought: int | None = None
    instruments: tuple[Instrument, ...] = ()
    ticket_min: int | None = None
    ticket_max: int | None = None
    organisation_type: str | None = None
    level: PolicyLevel | None = None
    jurisdiction: str | None = None
    policy_areas: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def search_text(self) -> str:
        """What free-text search looks in: the search key of the name, description,
        municipality and external id (see :mod:`graph_models.domain.search_keys`)."""
        from graph_models.domain.search_keys import search_key

        return search_key(self.name, self.description, self.municipality, self.external_id)


@dataclass(frozen=True, slots=True)
class Tie:
    """A relationship between two stakeholders. Undirected types ignore the order of ends.

    ``weight`` is the tie's importance for the algorithms (default 1). ``strength`` (1–5) is
    KNOWS only; ``amount`` (€) and ``instrument`` FUNDED only; ``topic`` SUPPORTED only;
    ``via`` (the broker's id) INTRODUCED only.
    """

    id: str
    type: TieType
    source: str
    target: str
    since: date
    weight: float = 1.0
    external_id: str | None = None
    strength: int | None = None
    amount: float | None = None
    instrument: Instrument | None = None
    topic: str | None = None
    via: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def key(self) -> str:
        """The natural key that makes a tie unique (and bulk imports idempotent).

        One-per-pair types are keyed by type and pair (sorted when undirected); events by
        their external id when they have one, else by ends and date.
        """
        ends: tuple[str, ...] = (self.source, self.target)
        if not self.type.directed:
            ends = tuple(sorted(ends))
        if self.type.one_per_pair:
            return "|".join((self.type.value, *ends))
        if self.external_id:
            return "|".join((self.type.value, "ext", self.external_id))
        return "|".join((self.type.value, *ends, self.since.isoformat()))


TIE_TYPE_FIELDS: dict[str, frozenset[TieType]] = {
    "strength": frozenset({TieType.KNOWS}),
    "amount": frozenset({TieType.FUNDED}),
    "instrument": frozenset({TieType.FUNDED}),
    "topic": frozenset({TieType.SUPPORTED}),
    "via": frozenset({TieType.INTRODUCED}),
}

MAX_NAME_LENGTH = 300
MAX_TEXT_LENGTH = 10_000


def _has_control_characters(text: str, *, allow_newlines: bool) -> bool:
    allowed = {"\n", "\t", "\r"} if allow_newlines else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def _text_problems(obj) -> dict[str, list[str]]:
    """Lone surrogates (half of a UTF-16 pair, which no store can encode) in any text field."""
    problems: dict[str, list[str]] = {}
    for name in obj.__dataclass_fields__:
        value = getattr(obj, name)
        texts = value if isinstance(value, tuple) else (value,)
        if any(isinstance(t, str) and any("\ud800" <= ch <= "\udfff" for ch in t)
               for t in texts):
            _add(problems, name, "contains a lone surrogate (invalid Unicode)")
    return problems


def _add(problems: dict[str, list[str]], name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def _check_codes(problems, name, codes, is_known, what) -> None:
    unknown = [code for code in codes if not is_known(code)]
    if unknown:
        _add(problems, name, f"unknown {what}: {', '.join(map(str, unknown))}")
    if len(set(codes)) != len(codes):
        _add(problems, name, "contains duplicates")


def stakeholder_problems(s: Stakeholder) -> dict[str, list[str]]:
    """Every rule ``s`` breaks, by field name; an empty dict when it is sound."""
    problems = _text_problems(s)
    if not s.name.strip():
        _add(problems, "name", "must not be blank")
    for name, value, limit, newlines in (
        ("name", s.name, MAX_NAME_LENGTH, False),
        ("description", s.description, MAX_TEXT_LENGTH, True),
        ("municipality", s.municipality or "", MAX_NAME_LENGTH, False),
        ("external_id", s.external_id or "", MAX_NAME_LENGTH, False),
    ):
        if len(value) > limit:
            _add(problems, name, f"longer than {limit} characters")
        if _has_control_characters(value, allow_newlines=newlines):
            _add(problems, name, "contains control characters")
    if s.external_id is not None and not s.external_id.strip():
        _add(problems, "external_id", "must not be blank")
    if not vocabularies.is_region(s.region):
        _add(problems, "region", f"unknown NUTS region code: {s.region}")
    _check_codes(problems, "sectors", s.sectors, vocabularies.is_sector, "sector")
    _check_codes(problems, "languages", s.languages, vocabularies.is_language, "language")
    _check_codes(problems, "needs", s.needs, vocabularies.is_topic, "topic")
    _check_codes(problems, "offers", s.offers, vocabularies.is_topic, "topic")
    _check_codes(problems, "policy_areas", s.policy_areas, vocabularies.is_sector, "sector")
    for name in ("capacity", "members", "funding_sought", "ticket_min", "ticket_max"):
        value = getattr(s, name)
        if value is not None and value < 0:
            _add(problems, name, "must not be negative")
    foreign = {name for kind, names in KIND_FIELDS.items() if kind != s.kind for name in names}
    for name in sorted(foreign - KIND_FIELDS[s.kind]):
        if getattr(s, name) not in (None, ()):
            _add(problems, name, f"does not apply to a {s.kind.value}")
    if s.kind == Kind.ENTREPRENEUR:
        if s.legal_form == LegalForm.KOINSEP and s.koinsep_category is None:
            _add(problems, "koinsep_category", "a KoinSEp must have exactly one category")
        if s.koinsep_category is not None and s.legal_form != LegalForm.KOINSEP:
            _add(problems, "koinsep_category", "applies to a KoinSEp only")
    if (s.ticket_min is not None and s.ticket_max is not None and s.ticket_min > s.ticket_max):
        _add(problems, "ticket_max", "must not be below ticket_min")
    if s.organisation_type is not None and s.kind in ORGANISATION_TYPES:
        allowed = ORGANISATION_TYPES[s.kind]
        if s.organisation_type not in {t.value for t in allowed}:
            _add(problems, "organisation_type",
                 f"must be one of: {', '.join(t.value for t in allowed)}")
    if s.jurisdiction is not None and not vocabularies.is_region(s.jurisdiction):
        _add(problems, "jurisdiction", f"unknown NUTS region code: {s.jurisdiction}")
    return problems


def tie_problems(t: Tie) -> dict[str, list[str]]:
    """Every field rule ``t`` breaks; which kinds it may join is :meth:`TieType.allows`."""
    problems = _text_problems(t)
    if t.source == t.target:
        _add(problems, "target", "a tie must join two different stakeholders")
    if not 0 < t.weight <= 1_000_000:
        _add(problems, "weight", "must be greater than 0 and at most 1000000")
    for name, types in TIE_TYPE_FIELDS.items():
        if getattr(t, name) is not None and t.type not in types:
            _add(problems, name, f"does not apply to a {t.type.value} tie")
    if t.strength is not None and not 1 <= t.strength <= 5:
        _add(problems, "strength", "must be between 1 and 5")
    if t.amount is not None and t.amount < 0:
        _add(problems, "amount", "must not be negative")
    if t.topic is not None and not vocabularies.is_topic(t.topic):
        _add(problems, "topic", f"unknown topic: {t.topic}")
    if t.external_id is not None and not t.external_id.strip():
        _add(problems, "external_id", "must not be blank")
    if t.via is not None and t.via in (t.source, t.target):
        _add(problems, "via", "the broker must be a third stakeholder")
    return problems


def with_consent_times(new: Stakeholder, old: Stakeholder | None, at: datetime) -> Stakeholder:
    """Stamp each consent with the time it was given; clear the time when it is withdrawn."""
    def stamp(given: bool, given_before: bool, stamped_before: datetime | None) -> datetime | None:
        if given and not given_before:
            return at
        return stamped_before if given else None

    return dataclasses.replace(
        new,
        discoverable_at=stamp(new.discoverable, bool(old and old.discoverable),
                              old.discoverable_at if old else None),
        contact_sharing_at=stamp(new.contact_sharing, bool(old and old.contact_sharing),
                                 old.contact_sharing_at if old else None))

