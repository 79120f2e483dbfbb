"""The SQLite store's change feed: the ``change_feed`` table, one row per (version, kind, id).

The schema's triggers write it: every row inserted into, updated in or deleted from the
stakeholders and ties tables, under the version the write made. A write too large to replay
(a large import) records one rebuild marker first, which stops the triggers for its version;
each write to the graph trims the feed (both in :mod:`graph_models.stores.sqlite.connection`).
"""

from __future__ import annotations

from graph_models.domain.changes import GraphChanges, changes_as_found
from graph_models.stores.sqlite.connection import (
    REBUILD_MARKER,
    STAKEHOLDER_CHANGE,
    TIE_CHANGE,
    SqliteConnection,
    rows_in,
)
from graph_models.stores.sqlite.stakeholders import stakeholder_from_row
from graph_models.stores.sqlite.ties import tie_from_row


class SqliteChanges(SqliteConnection):
    """The change feed; see :class:`~graph_models.stores.contracts.changes.ChangeFeedStore`."""

    def graph_changes(self, since: int) -> GraphChanges | None:
        with self._transaction(write=False) as db:
            bounds = dict(db.execute("SELECT key, value FROM meta "
                                     "WHERE key IN ('version', 'changes_from')").fetchall())
            version: int = bounds["version"]
            # A store made before the feed, its schema not made again since, has no feed yet.
            changes_from: int = bounds.get("changes_from", version)
            if since == version:
                return GraphChanges(since=since, version=version)
            if not changes_from <= since < version:
                return None
            # One row past the limit is enough to know that it is past.
            touched = db.execute("SELECT DISTINCT kind, id FROM change_feed WHERE version > ? "
                                 "LIMIT ?", (since, self.feed.replay_at_most + 1)).fetchall()
            if len(touched) > self.feed.replay_at_most:
                return None
            ids: dict[str, list[str]] = {STAKEHOLDER_CHANGE: [], TIE_CHANGE: [], REBUILD_MARKER: []}
            for kind, object_id in touched:
                ids[kind].append(object_id)
            if ids[REBUILD_MARKER]:
                return None
            stakeholders = [stakeholder_from_row(row) for row in rows_in(
                db, "SELECT record FROM stakeholders WHERE id IN ({})", ids[STAKEHOLDER_CHANGE])]
            ties = [tie_from_row(row) for row in rows_in(
                db, "SELECT * FROM ties WHERE id IN ({})", ids[TIE_CHANGE])]
        return changes_as_found(since, version, ids[STAKEHOLDER_CHANGE], ids[TIE_CHANGE],
                                stakeholders, ties)
