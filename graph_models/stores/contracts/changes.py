"""The store contract's change-feed part: what moved in the graph since a version.

Every write that creates, updates or deletes stakeholders or ties records which ones, in its
own transaction, under the version it makes; deleting a stakeholder records its ties too. A
reader that holds the graph at one version asks for the changes since then instead of reading
the whole graph again. Writes that leave the graph alone record nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from graph_models.domain.changes import GraphChanges


@dataclass(frozen=True)
class FeedLimits:
    """How far back the change feed reaches, and how much it replays.

    ``keep_versions``: the feed keeps the changes of the newest this many versions; each
    graph write trims what falls behind. ``replay_at_most``: past this many stakeholders and
    ties, replaying changes costs more than reading the graph again, so a write (one
    transaction: an import on SQLite, each of a large import's transactions on Neo4j) that
    writes more records one rebuild marker instead of each object, and a reader for whom more
    have changed is told to rebuild.

    Examples
    --------
    >>> FeedLimits().keep_versions
    10000
    """

    keep_versions: int = 10_000
    replay_at_most: int = 10_000


class ChangeFeedStore(Protocol):
    """The change feed, as written by every write of the graph."""

    def graph_changes(self, since: int) -> GraphChanges | None:
        """The stakeholders and ties written after version ``since``, as they are now, and
        the ids of those deleted meanwhile, read in one transaction with the current version.

        None when the changes cannot be replayed and the reader must read the graph whole:
        the feed was trimmed past ``since``, a write since then recorded a rebuild marker,
        more than ``replay_at_most`` objects changed, or ``since`` is not a version this store
        has been at. ``since`` equal to the current version costs one indexed read.
        """
