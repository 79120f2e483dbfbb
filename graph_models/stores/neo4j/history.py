"""The Neo4j store's match history: the finders' own matches and orders, as CALL subqueries of
one statement, so that a match request reads its feedback in one round trip instead of eight
statements in five transactions.

Each subquery collects its rows in its finder's order (``collect`` keeps the order of the rows
it is given), cut at ``$limit``. The subqueries' parameters share names only where they share
values (the declined state; the limit), so they merge into one set.
"""

from __future__ import annotations

from typing import Any

import neo4j

from graph_models.domain.history import MatchHistory, declined_queries, mentorships_query
from graph_models.stores.neo4j.activities import meeting_of
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.introductions import (
    BLOCK_ORDER,
    BLOCK_ROW,
    INTRODUCTION_ORDER,
    INTRODUCTION_ROW,
    block_of,
    blocks_match,
    introduction_of,
    introductions_match,
)
from graph_models.stores.neo4j.mentorship import MENTORSHIP_ORDER, mentorship_of, mentorships_match

# The answered meetings: of everyone, or of one side through the index on each side (an OR of
# the two would scan every meeting).
MEETINGS = "MATCH (m:ActivityMeeting) WHERE m.answered "
MEETINGS_OF = ("CALL () { MATCH (m:ActivityMeeting {a: $id}) RETURN m "
               "UNION MATCH (m:ActivityMeeting {b: $id}) RETURN m } WITH m WHERE m.answered ")


def match_history_statement(stakeholder_id: str | None,
                            limit: int) -> tuple[str, dict[str, Any]]:
    """The one statement that reads a :class:`MatchHistory`, and its parameters; made of the
    finders' fixed fragments only (values are parameters, never text).

    Examples
    --------
    >>> statement, parameters = match_history_statement("a", 5)
    >>> sorted(parameters)
    ['id', 'limit', 'requester_ids', 'stakeholder_ids', 'states', 'target_ids']
    >>> statement.endswith("AS declined, mentorships, blocks, meetings")
    True
    """
    parameters: dict[str, Any] = {"id": stakeholder_id, "limit": limit}
    subqueries, declined = [], []
    for n, query in enumerate(declined_queries(stakeholder_id, limit)):
        match, values = introductions_match(query)
        parameters.update(values)
        declined.append("declined" + str(n))
        subqueries.append(match + INTRODUCTION_ORDER + "LIMIT $limit RETURN collect("
                          + INTRODUCTION_ROW + ") AS " + declined[-1])
    match, values = mentorships_match(mentorships_query(stakeholder_id, limit))
    parameters.update(values)
    subqueries.append(match + MENTORSHIP_ORDER
                      + "LIMIT $limit RETURN collect(m.record) AS mentorships")
    subqueries.append(blocks_match(stakeholder_id) + BLOCK_ORDER
                      + "RETURN collect(" + BLOCK_ROW + ") AS blocks")
    subqueries.append((MEETINGS if stakeholder_id is None else MEETINGS_OF)
                      + "WITH m ORDER BY m.starts_on DESC, m.id LIMIT $limit "
                      "RETURN collect(m.record) AS meetings")
    statement = ("".join("CALL () { " + subquery + " } " for subquery in subqueries)
                 + "RETURN " + " + ".join(declined) + " AS declined, mentorships, blocks, "
                 "meetings")
    return statement, parameters


class Neo4jMatchHistory(Neo4jConnection):
    """See :class:`~graph_models.stores.contracts.history.MatchHistoryStore`."""

    def match_history(self, stakeholder_id: str | None, *, limit: int) -> MatchHistory:
        """The declined requests, mentorships and blocks of ``stakeholder_id`` (None: all),
        in one statement."""
        statement, parameters = match_history_statement(stakeholder_id, limit)

        def read(tx: neo4j.ManagedTransaction) -> dict[str, list[Any]]:
            return tx.run(statement, parameters).single(strict=True).data()

        found = self._read(read)
        return MatchHistory(tuple(map(introduction_of, found["declined"])),
                            tuple(map(mentorship_of, found["mentorships"])),
                            tuple(map(block_of, found["blocks"])),
                            tuple(map(meeting_of, found["meetings"])))
