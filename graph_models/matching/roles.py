"""Who may seek whom, and how each kind of pair is scored.

A *role* is what a candidate is to its seeker: an entrepreneur's investor (``funder``), support
organisation (``provider``), mentor or peer, the policymaker of its territory; an investor's deal
flow; a support organisation's client; a policymaker's constituent. The role fixes which terms
apply, which side of the pair has the needs, and the hard filters beyond the common ones.

Examples
--------
>>> [(k.value, r.value) for k, r in resolve(Kind.ENTREPRENEUR, None, Pillar.TRAINING)]
[('support_organisation', 'provider'), ('entrepreneur', 'mentor')]
>>> resolve(Kind.INVESTOR, Kind.POLICYMAKER, None)
Traceback (most recent call last):
...
graph_models.domain.errors.InvalidInput: an investor cannot seek a policymaker
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph_models.domain.errors import InvalidInput
from graph_models.domain.stakeholders import Kind, Pillar


class Role(StrEnum):
    FUNDER = "funder"  # an entrepreneur's investor
    PROVIDER = "provider"  # an entrepreneur's support organisation (consulting, training…)
    MENTOR = "mentor"  # an experienced entrepreneur who offers mentoring
    PEER = "peer"  # a fellow entrepreneur to partner or learn with
    POLICYMAKER = "policymaker"  # a policymaker whose jurisdiction holds the entrepreneur
    DEAL_FLOW = "deal_flow"  # an entrepreneur for an investor
    CLIENT = "client"  # an entrepreneur whose needs a support organisation serves
    CONSTITUENT = "constituent"  # an entrepreneur or support organisation in a jurisdiction


SEEKER, CANDIDATE = "seeker", "candidate"


@dataclass(frozen=True)
class RoleSpec:
    """How a role is scored.

    ``terms`` apply (the others are left out and the weights renormalised); ``needer`` is the
    side whose needs the other side's offers should cover; ``scope`` the pillars whose topics
    count when no pillar is asked; ``entrepreneur`` the side whose sectors are the reference of
    the sector term; ``stage`` how the stage term is computed; ``jurisdiction`` which side's
    jurisdiction must contain the other's region.
    """

    terms: frozenset[str]
    needer: str | None
    scope: tuple[str, ...]
    entrepreneur: str
    stage: str | None = None
    jurisdiction: str | None = None
    provides: bool = False  # the candidate offers: a pillar asks it to offer that pillar
    needs: bool = False  # the candidate needs: a pillar asks it to need that pillar
    must_cover: bool = False  # drop candidates whose needs the seeker does not serve at all
    mentoring: bool = False  # the candidate must offer training.mentoring


_ALL = ("need_offer", "sector", "region", "language", "stage", "proximity", "inclusion",
        "capacity")
_PILLARS = tuple(p.value for p in Pillar)


# A provider's record (graph_models.matching.behaviour_terms).
_BEHAVIOUR = ("activity", "portfolio_sector", "portfolio_region", "segment", "first_backers")


def _terms(*drop: str, behaviour: bool = False) -> frozenset[str]:
    return frozenset(t for t in (*_ALL, *(_BEHAVIOUR if behaviour else ())) if t not in drop)


ROLE_SPECS: dict[Role, RoleSpec] = {
    Role.FUNDER: RoleSpec(_terms(behaviour=True), SEEKER, ("financing",), SEEKER, stage="financing",
                          provides=True),
    Role.PROVIDER: RoleSpec(_terms("stage", behaviour=True), SEEKER, _PILLARS, SEEKER,
                            provides=True),
    Role.MENTOR: RoleSpec(_terms(behaviour=True), SEEKER, ("training",), SEEKER, stage="seniority",
                          provides=True, mentoring=True),
    Role.PEER: RoleSpec(_terms("capacity"), SEEKER, ("networking", "training"), SEEKER,
                        stage="similar"),
    Role.POLICYMAKER: RoleSpec(_terms("need_offer", "stage", "capacity"), None, (), SEEKER,
                               jurisdiction=CANDIDATE),
    Role.DEAL_FLOW: RoleSpec(_terms("capacity"), CANDIDATE, ("financing",), CANDIDATE,
                             stage="financing", needs=True),
    Role.CLIENT: RoleSpec(_terms("stage", "capacity"), CANDIDATE, _PILLARS, CANDIDATE,
                          needs=True, must_cover=True),
    Role.CONSTITUENT: RoleSpec(_terms("need_offer", "region", "stage", "capacity"), None, (),
                               CANDIDATE, jurisdiction=SEEKER),
}

_E, _I, _P, _S = Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.POLICYMAKER, Kind.SUPPORT_ORGANISATION

# The kinds each kind of seeker may ask for, and the role each candidate kind then plays.
SEEKS: dict[Kind, dict[Kind, Role]] = {
    _E: {_I: Role.FUNDER, _S: Role.PROVIDER, _E: Role.PEER, _P: Role.POLICYMAKER},
    _I: {_E: Role.DEAL_FLOW},
    _S: {_E: Role.CLIENT},
    _P: {_E: Role.CONSTITUENT, _S: Role.CONSTITUENT},
}

# The kinds an entrepreneur gets when it names none, by the pillar it asks for.
ENTREPRENEUR_DEFAULTS: dict[Pillar | None, tuple[Kind, ...]] = {
    None: (_I, _S, _E, _P),
    Pillar.FINANCING: (_I, _S),
    Pillar.CONSULTING: (_S,),
    Pillar.TRAINING: (_S, _E),
    Pillar.NETWORKING: (_E, _S, _P),
}


def _article(kind: Kind) -> str:
    word = kind.value.replace("_", " ")
    return ("an " if word[0] in "aeiou" else "a ") + word


def parse_kind(kind) -> Kind | None:
    """A Kind from a Kind, its value or None; InvalidInput naming ``kind`` otherwise."""
    if kind is None or isinstance(kind, Kind):
        return kind
    try:
        return Kind(kind)
    except ValueError:
        raise InvalidInput(f"unknown kind: {kind!r}", errors={"kind": [
            f"must be one of: {', '.join(k.value for k in Kind)}"]}) from None


def parse_pillar(pillar) -> Pillar | None:
    """A Pillar from a Pillar, its value or None; InvalidInput naming ``pillar`` otherwise."""
    if pillar is None or isinstance(pillar, Pillar):
        return pillar
    try:
        return Pillar(pillar)
    except ValueError:
        raise InvalidInput(f"unknown pillar: {pillar!r}", errors={"pillar": [
            f"must be one of: {', '.join(p.value for p in Pillar)}"]}) from None


def role_for(seeker: Kind, candidate: Kind, pillar: Pillar | None) -> Role:
    """The role a ``candidate`` kind plays for a ``seeker`` kind; InvalidInput naming ``kind``."""
    role = SEEKS[seeker].get(candidate)
    if role is None:
        raise InvalidInput(f"{_article(seeker)} cannot seek {_article(candidate)}", errors={
            "kind": [f"{_article(seeker)} may seek: "
                     f"{', '.join(k.value for k in SEEKS[seeker])}"]})
    if role == Role.PEER and pillar == Pillar.TRAINING:
        return Role.MENTOR
    return role


def resolve(seeker: Kind, kind: Kind | None, pillar: Pillar | None) -> list[tuple[Kind, Role]]:
    """The (candidate kind, role) pairs a query asks for, in a fixed order."""
    if kind is not None:
        return [(kind, role_for(seeker, kind, pillar))]
    kinds = ENTREPRENEUR_DEFAULTS[pillar] if seeker == _E else tuple(SEEKS[seeker])
    return [(k, role_for(seeker, k, pillar)) for k in kinds]
