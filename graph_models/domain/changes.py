"""What moved in the graph between two versions of a store: the change feed's answer.

Every write records the stakeholders and ties it touched, in its own transaction, under the
version it made. A reader that holds the graph at one version asks for the changes since then
and applies them, instead of reading the whole graph again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph_models.domain.stakeholders import Stakeholder, Tie


@dataclass(frozen=True)
class GraphChanges:
    """The stakeholders and ties written after version ``since`` up to ``version``, as they
    are at ``version``, and the ids of those deleted meanwhile. A stakeholder's deletion also
    deletes its ties, which are listed too.

    Examples
    --------
    >>> GraphChanges(since=3, version=3).empty
    True
    """

    since: int
    version: int
    stakeholders: tuple[Stakeholder, ...] = ()
    ties: tuple[Tie, ...] = ()
    deleted_stakeholders: tuple[str, ...] = ()
    deleted_ties: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether nothing in the graph moved (other writes may have moved the version)."""
        return not (self.stakeholders or self.ties or self.deleted_stakeholders
                    or self.deleted_ties)


def changes_as_found(since: int, version: int, touched_stakeholders: Iterable[str],
                     touched_ties: Iterable[str], stakeholders: Iterable[Stakeholder],
                     ties: Iterable[Tie]) -> GraphChanges:
    """The changes of a feed that recorded these stakeholder and tie ids as touched, where
    ``stakeholders`` and ``ties`` are those of them found now: the others were deleted. Each
    part is ordered by id.

    Examples
    --------
    >>> changes_as_found(1, 2, ["s-1"], ["t-1"], [], []).deleted_ties
    ('t-1',)
    """
    found_stakeholders = sorted(stakeholders, key=_by_id)
    found_ties = sorted(ties, key=_by_id)
    return GraphChanges(
        since=since, version=version, stakeholders=tuple(found_stakeholders),
        ties=tuple(found_ties),
        deleted_stakeholders=tuple(sorted(set(touched_stakeholders)
                                          - {s.id for s in found_stakeholders})),
        deleted_ties=tuple(sorted(set(touched_ties) - {t.id for t in found_ties})))


def _by_id(item: Stakeholder | Tie) -> str:
    return item.id
