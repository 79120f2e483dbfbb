"""The SQLite store's match history: the finders' own queries, run in one read transaction."""

from __future__ import annotations

from graph_models.domain.history import MatchHistory, declined_queries, mentorships_query
from graph_models.stores.sqlite.activities import meeting_of
from graph_models.stores.sqlite.connection import SqliteConnection
from graph_models.stores.sqlite.introductions import (
    INTRODUCTIONS_PAGE,
    blocks_of,
    introduction_of,
    introductions_where,
)
from graph_models.stores.sqlite.mentorship import (
    MENTORSHIPS_PAGE,
    mentorship_of,
    mentorships_where,
)

# The answered meetings, latest activity first: of everyone, or of one side through the index
# on each side (testing the id for null as well would scan every meeting).
MEETINGS = ("SELECT m.record FROM activity_meetings m JOIN activities x ON x.id = m.activity_id "
            "WHERE m.answered = 1 {} ORDER BY x.starts_on DESC, m.id LIMIT :limit")
MEETINGS_OF = "AND (m.a = :id OR m.b = :id)"


class SqliteMatchHistory(SqliteConnection):
    """See :class:`~graph_models.stores.contracts.history.MatchHistoryStore`."""

    def match_history(self, stakeholder_id: str | None, *, limit: int) -> MatchHistory:
        mentorships = mentorships_query(stakeholder_id, limit)
        with self._transaction(write=False) as db:
            declined = []
            for query in declined_queries(stakeholder_id, limit):
                where, values = introductions_where(query)
                declined += db.execute(INTRODUCTIONS_PAGE.format(where),
                                       [*values, query.page_size, query.offset]).fetchall()
            where, values = mentorships_where(mentorships)
            rated = db.execute(MENTORSHIPS_PAGE.format(where),
                               [*values, mentorships.page_size, mentorships.offset]).fetchall()
            blocks = blocks_of(db, stakeholder_id)
            met = db.execute(MEETINGS.format("" if stakeholder_id is None else MEETINGS_OF),
                             {"id": stakeholder_id, "limit": limit}).fetchall()
        return MatchHistory(tuple(map(introduction_of, declined)),
                            tuple(map(mentorship_of, rated)), tuple(blocks),
                            tuple(map(meeting_of, met)))
