"""The Neo4j store's ties: a relationship each, typed by its ``TieType`` value, from source to
target, that also carries its ``natural_key`` and ``fingerprint``.

Relationship indexes and constraints are per type, so a tie found by its id alone is looked up
in each type's index, and its id's uniqueness across types is checked before it is written.
TieType values are an enum whitelist: concatenating them into Cypher is safe.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import neo4j

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import changed_meanwhile, not_found, tie_ends_missing, tie_exists
from graph_models.domain.queries import Direction
from graph_models.domain.records import fingerprint
from graph_models.domain.stakeholders import Instrument, Tie, TieType
from graph_models.stores.neo4j.connection import Neo4jConnection, record_changes
from graph_models.stores.neo4j.cypher import read_columns, read_datetime, send_datetime, set_columns
from graph_models.stores.neo4j.stakeholders import existing_ids

TIE_TYPES = {t.value: t for t in TieType}
INSTRUMENTS = {i.value: i for i in Instrument}
# What an update or an upsert replaces (the id, type, ends and creation time stay), and rows of
# those: the natural key first, as MATCH needs it.
TIE_ATTRIBUTES = ("since", "weight", "external_id", "strength", "amount", "instrument", "topic",
                  "via", "updated_at")
UPDATE_COLUMNS = ("natural_key", *TIE_ATTRIBUTES, "fingerprint")
NEW_TIE_COLUMNS = ("source", "target", "id", *UPDATE_COLUMNS, "created_at")
# The columns every tie query returns, in the order tie_from_row reads them.
TIE = ("[r.id, type(r), a.id, b.id, "
       + read_columns("r", (*TIE_ATTRIBUTES[:-1], "created_at", "updated_at"))[1:] + " AS t")
TIE_PATTERN = ":" + "|".join(t.value for t in TieType)


def update_row(t: Tie, tie_fingerprint: str) -> list[Any]:
    """A row in UPDATE_COLUMNS order: None included, as it removes the property."""
    return [t.key, t.since.isoformat(), float(t.weight), t.external_id, t.strength,
            None if t.amount is None else float(t.amount),
            t.instrument and t.instrument.value, t.topic, t.via, send_datetime(t.updated_at),
            tie_fingerprint]


def new_tie_row(t: Tie, tie_fingerprint: str) -> list[Any]:
    """A row in NEW_TIE_COLUMNS order."""
    return [t.source, t.target, t.id, *update_row(t, tie_fingerprint),
            send_datetime(t.created_at)]


def tie_from_row(row: list[Any]) -> Tie:
    """The tie a TIE column holds."""
    # Built directly rather than through tie_from_record: an export maps a million of these.
    (tie_id, tie_type, source, target, since, weight, external_id, strength, amount, instrument,
     topic, via, created_at, updated_at) = row
    return Tie(id=tie_id, type=TIE_TYPES[tie_type], source=source, target=target,
               since=date.fromisoformat(since), weight=float(weight), external_id=external_id,
               strength=strength, amount=None if amount is None else float(amount),
               instrument=None if instrument is None else INSTRUMENTS[instrument],
               topic=topic, via=via, created_at=read_datetime(created_at),
               updated_at=read_datetime(updated_at))


CREATE_TIES = {
    t: "UNWIND $rows AS row MATCH (a:Stakeholder {id: row[0]}) MATCH (b:Stakeholder {id: row[1]}) "
       "CREATE (a)-[r:" + t.value + "]->(b) SET " + set_columns("r", NEW_TIE_COLUMNS, skip=2)
       + " RETURN count(r) AS written"
    for t in TieType
}


def create_ties(tx: neo4j.ManagedTransaction, tie_type: TieType, rows: list[list[Any]]) -> int:
    """Create ties of one type from their rows; how many were written (a tie whose end is
    missing is not)."""
    written: int = tx.run(CREATE_TIES[tie_type], rows=rows).single(strict=True)["written"]
    return written


TIE_BY_ID = ("CALL () { "
             + " UNION ALL ".join("MATCH (a)-[r:" + t.value + " {id: $id}]->(b) RETURN r, a, b"
                                  for t in TieType)
             + " } ")


def _tie_id_taken(tx: neo4j.ManagedTransaction, tie_id: str) -> bool:
    """Whether a tie of any type has this id: constraints keep ids unique per type only;
    SQLite's are unique across types."""
    taken: bool = tx.run(TIE_BY_ID + "RETURN count(r) > 0 AS taken",
                         id=tie_id).single(strict=True)["taken"]
    return taken


TIE_ID_BY_KEY = {
    t: "MATCH ()-[r:" + t.value + " {natural_key: $key}]->() RETURN r.id AS id"
    for t in TieType
}


def create_tie_unless_known(tx: neo4j.ManagedTransaction, tie: Tie) -> str:
    """Create the tie unless its natural key is taken; the id of the pair's tie. Only in a
    graph write: the version lock keeps the key from being taken meanwhile."""
    record = tx.run(TIE_ID_BY_KEY[tie.type], key=tie.key).single()
    if record is not None:
        known: str = record["id"]
        return known
    if _tie_id_taken(tx, tie.id):
        raise tie_exists("type")
    if create_ties(tx, tie.type, [new_tie_row(tie, fingerprint(tie))]) != 1:
        raise tie_ends_missing("source")
    record_changes(tx, ties=[(tie.type.value, tie.id)])
    return tie.id


# Read by get_tie, and by update_tie to check that it is unchanged.
GET_TIE = TIE_BY_ID + "RETURN " + TIE
UPDATE_TIE = ("WITH $row AS row " + TIE_BY_ID + "SET " + set_columns("r", UPDATE_COLUMNS)
              + " RETURN type(r) AS type")
DELETE_TIE = TIE_BY_ID + "WITH r, type(r) AS type DELETE r RETURN type"
TIES_OF = {
    direction: "MATCH (s:Stakeholder {id: $id}) OPTIONAL MATCH " + pattern
    + " WHERE $types IS NULL OR type(r) IN $types WITH r, startNode(r) AS a, endNode(r) AS b "
      "ORDER BY r.id RETURN " + TIE
    for direction, pattern in {
        Direction.OUT: "(s)-[r" + TIE_PATTERN + "]->()",
        Direction.IN: "(s)<-[r" + TIE_PATTERN + "]-()",
        Direction.BOTH: "(s)-[r" + TIE_PATTERN + "]-()",
    }.items()
}


class Neo4jTies(Neo4jConnection):
    """Ties; see :class:`~graph_models.stores.contracts.stakeholders.StakeholderStore`."""

    def create_tie(self, tie: Tie, *, audit: AuditEntry | None = None) -> Tie:
        """Insert; Conflict if an end is missing or the id or natural key is taken."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            missing = {tie.source, tie.target} - existing_ids(tx, [tie.source, tie.target])
            if missing:
                raise tie_ends_missing("source" if tie.source in missing else "target")
            if _tie_id_taken(tx, tie.id):
                raise tie_exists("type")
            create_ties(tx, tie.type, [new_tie_row(tie, fingerprint(tie))])
            record_changes(tx, ties=[(tie.type.value, tie.id)])

        self._write(create, audit=audit, conflict=lambda error: tie_exists("type"))
        return tie

    def get_tie(self, tie_id: str) -> Tie:
        """The tie with this id; NotFound if absent."""

        return self._read_one(GET_TIE, "t", tie_from_row,
                              not_found("tie", tie_id), id=tie_id)

    def update_tie(self, tie: Tie, *, expected_updated_at: datetime | None = None,
                   audit: AuditEntry | None = None) -> Tie:
        """Replace the tie's attributes (type and ends never change); NotFound / Conflict;
        with ``expected_updated_at``, Conflict if someone changed it since it was read."""

        def update(tx: neo4j.ManagedTransaction) -> None:
            # The version node was bumped first, so this transaction holds the graph's write
            # lock: nobody can change the tie between this check and the write.
            if expected_updated_at is not None:
                current = tx.run(GET_TIE, id=tie.id).single()
                if (current is not None
                        and tie_from_row(current["t"]).updated_at != expected_updated_at):
                    raise changed_meanwhile("tie")
            updated = tx.run(UPDATE_TIE, id=tie.id, row=update_row(tie, fingerprint(tie))).single()
            if updated is None:
                raise not_found("tie", tie.id)
            record_changes(tx, ties=[(updated["type"], tie.id)])

        self._write(update, audit=audit, conflict=lambda error: tie_exists("since"))
        return tie

    def delete_tie(self, tie_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete the tie (its ends stay); NotFound if absent."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            deleted = tx.run(DELETE_TIE, id=tie_id).single()
            if deleted is None:
                raise not_found("tie", tie_id)
            record_changes(tx, ties=[(deleted["type"], tie_id)])

        self._write(delete, audit=audit)

    def ties_of(self, stakeholder_id: str, *, direction: Direction = Direction.BOTH,
                types: frozenset[TieType] | None = None) -> list[Tie]:
        """The ties at a stakeholder, ordered by id; NotFound if the stakeholder is absent."""
        type_names = None if types is None else sorted(t.value for t in types)

        def read(tx: neo4j.ManagedTransaction) -> list[Tie] | None:
            rows = [record["t"] for record in
                    tx.run(TIES_OF[direction], id=stakeholder_id, types=type_names)]
            if not rows:  # not even the stakeholder matched
                return None
            return [tie_from_row(row) for row in rows if row[0] is not None]

        ties = self._read(read)
        if ties is None:
            raise not_found("stakeholder", stakeholder_id)
        return ties
