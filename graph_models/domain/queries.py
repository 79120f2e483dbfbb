"""What a search asks for and the page it gets back: filters, sort keys, paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from graph_models.domain.introductions import State as IntroductionState
from graph_models.domain.mentorships import MentorshipState
from graph_models.domain.search_keys import query_terms
from graph_models.domain.stakeholders import Kind

T = TypeVar("T")


MAX_PAGE_SIZE = 100


class StakeholderOrder(StrEnum):
    """Sort keys for stakeholder lists: the only names a store puts into ORDER BY."""

    NAME = "name"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


class Direction(StrEnum):
    """Which ties of a stakeholder: where it is the source, the target, or either."""

    OUT = "out"
    IN = "in"
    BOTH = "both"


@dataclass(frozen=True)
class StakeholderQuery:
    """Filters for a stakeholder search. Every filter given must hold (AND).

    ``region`` (a NUTS code) matches the region and all its sub-regions; every word of
    ``text`` must be found in the name, description, municipality or external id, in any
    order, spelt in Greek or Greeklish (see :mod:`graph_models.domain.search_keys`); a blank
    ``text`` filters nothing, one with no letter or digit finds nothing.
    ``discoverable_only`` keeps the stakeholders who consent to be seen, and also those whose
    id is in ``also_ids`` or whose region lies in one of ``also_regions`` (what a member or a
    coordinator may see besides). ``public_needs_only`` makes ``need`` match only the needs not
    kept private, and the private ones of the stakeholders whose id is in ``private_needs_ids``
    or whose region lies in one of ``private_needs_regions`` (whose private fields the
    searcher may read).
    """

    kind: Kind | None = None
    region: str | None = None
    sector: str | None = None
    need: str | None = None
    offer: str | None = None
    language: str | None = None
    text: str | None = None
    discoverable_only: bool = False
    also_ids: tuple[str, ...] = ()
    also_regions: tuple[str, ...] = ()
    public_needs_only: bool = False
    private_needs_ids: tuple[str, ...] = ()
    private_needs_regions: tuple[str, ...] = ()
    order: StakeholderOrder = StakeholderOrder.NAME
    page: int = 1
    page_size: int = 20

    def __post_init__(self):
        if self.page < 1 or not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError("page must be ≥ 1 and page_size between 1 and 100")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def text_terms(self) -> tuple[tuple[str, ...], ...] | None:
        """The terms of ``text`` (see :func:`~graph_models.domain.search_keys.query_terms`), or
        None when it is absent or blank: no text filter.

        >>> StakeholderQuery(text="  ").text_terms, StakeholderQuery(text="%").text_terms
        (None, ())
        """
        if self.text is None or not self.text.strip():
            return None
        return query_terms(self.text)


@dataclass(frozen=True)
class AuditQuery:
    """Filters for the audit trail, newest first. ``regions`` (when given) keeps the entries
    whose region lies in one of them; ``action`` those of one action (``user.create``);
    ``since`` and ``before`` those made at or after, and before, those times."""

    object_ids: tuple[str, ...] = ()
    actor_id: str | None = None
    regions: tuple[str, ...] | None = None
    action: str | None = None
    since: datetime | None = None
    before: datetime | None = None
    page: int = 1
    page_size: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class IntroductionQuery:
    """Filters for introduction requests, newest change first; every filter given must hold.

    Each id filter keeps the requests whose requester, broker or target is one of those ids;
    ``regions`` keeps those whose region lies in one of them; ``changed_before`` those that have
    not moved since then (how long they have waited); ``forwarded_only`` those that reached
    their target.
    """

    requester_ids: tuple[str, ...] | None = None
    broker_ids: tuple[str, ...] | None = None
    target_ids: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    states: tuple[IntroductionState, ...] | None = None
    changed_before: datetime | None = None
    forwarded_only: bool = False
    page: int = 1
    page_size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


class Paging(Protocol):
    """What a store needs of a query to cut its page: every query here has it."""

    @property
    def page(self) -> int: ...

    @property
    def page_size(self) -> int: ...

    @property
    def offset(self) -> int: ...


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class ProgrammeQuery:
    """Filters for programmes, newest first: ``regions`` keeps those whose region lies in one
    of them (None: everywhere)."""

    regions: tuple[str, ...] | None = None
    page: int = 1
    page_size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class MentorshipQuery:
    """Filters for mentorships, by programme then mentee id; every filter given must hold.

    ``stakeholder_ids`` keeps the mentorships whose mentee or mentor is one of them.
    """

    programme_id: str | None = None
    stakeholder_ids: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    states: tuple[MentorshipState, ...] | None = None
    page: int = 1
    page_size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size
