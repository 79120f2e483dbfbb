"""The Neo4j store's change feed: one ``(:GraphChange {version})`` node per write that touched
the graph, holding the ids of the stakeholders and ties it touched (ties as ``TYPE:id``, so
that each is read back through its type's index), or ``rebuild`` when it wrote too many to
replay.

Each write records what it touches with one parameterised statement (the lists travel whole,
never one change per round trip), under the version it made, and trims the feed as it bumps
the version (see :func:`~graph_models.stores.neo4j.connection.record_changes`). A unique
constraint on ``version`` indexes the feed.
"""

from __future__ import annotations

import neo4j

from graph_models.domain.changes import GraphChanges, changes_as_found
from graph_models.domain.stakeholders import TieType
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.stakeholders import read_stakeholders
from graph_models.stores.neo4j.ties import TIE, tie_from_row

FEED_BOUNDS = ("MATCH (m:SyndesmosMeta {key: 'version'}) "
               "RETURN m.version AS version, coalesce(m.changes_from, m.version) AS changes_from")
# One record, its lists made distinct by the server: a record per write would cost the driver
# more than the writes' ids do.
CHANGES_SINCE = ("OPTIONAL MATCH (c:GraphChange) WHERE c.version > $since "
                 "WITH collect(c) AS changes "
                 "RETURN any(c IN changes WHERE c.rebuild) AS rebuild, "
                 "COLLECT { UNWIND changes AS c UNWIND c.stakeholders AS id "
                 "RETURN DISTINCT id } AS stakeholders, "
                 "COLLECT { UNWIND changes AS c UNWIND c.ties AS ref "
                 "RETURN DISTINCT ref } AS ties")
# One index seek per tie, in its type's index; $ids maps every type's name to its tie ids.
TIES_BY_IDS = ("CALL () { "
               + " UNION ALL ".join("UNWIND $ids['" + t.value + "'] AS id MATCH (a)-[r:"
                                    + t.value + " {id: id}]->(b) RETURN r, a, b"
                                    for t in TieType)
               + " } RETURN " + TIE)


class Neo4jChanges(Neo4jConnection):
    """The change feed; see :class:`~graph_models.stores.contracts.changes.ChangeFeedStore`."""

    def graph_changes(self, since: int) -> GraphChanges | None:
        """What moved in the graph after version ``since``, or None if it cannot be replayed
        (see :class:`~graph_models.stores.contracts.changes.ChangeFeedStore`)."""
        limit = self.feed.replay_at_most

        def read(tx: neo4j.ManagedTransaction) -> GraphChanges | None:
            # Each statement sees what is committed when it runs (read committed), so writes
            # committed after the version was read may show here too: harmless, as the
            # objects are read as they are now, and the next reader's call replays them again.
            bounds = tx.run(FEED_BOUNDS).single()
            version, changes_from = (0, 0) if bounds is None else bounds.values()
            if since == version:
                return GraphChanges(since=since, version=version)
            if not changes_from <= since < version:
                return None
            changes = tx.run(CHANGES_SINCE, since=since).single(strict=True)
            if changes["rebuild"] or len(changes["stakeholders"]) + len(changes["ties"]) > limit:
                return None
            by_type: dict[str, list[str]] = {t.value: [] for t in TieType}
            for ref in changes["ties"]:
                tie_type, _, tie_id = ref.partition(":")
                by_type[tie_type].append(tie_id)
            stakeholder_ids = changes["stakeholders"]
            stakeholders = read_stakeholders(tx, stakeholder_ids)
            ties = [tie_from_row(record["t"]) for record in tx.run(TIES_BY_IDS, ids=by_type)]
            return changes_as_found(since, version, stakeholder_ids,
                                    [tie_id for ids in by_type.values() for tie_id in ids],
                                    stakeholders, ties)

        return self._read(read)
