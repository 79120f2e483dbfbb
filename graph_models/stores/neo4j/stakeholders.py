"""The Neo4j store's stakeholders: a ``:Stakeholder`` node each, also labelled by its kind.

A node's properties are the stakeholder's record (lists as list properties, absent when None)
plus ``sort_name``, ``search_text`` and ``fingerprint``. Erasing one is
:mod:`graph_models.stores.neo4j.erasure`'s work.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    Conflict,
    changed_meanwhile,
    external_id_taken,
    no_stakeholder_of_kind,
    not_found,
    stakeholder_id_taken,
)
from graph_models.domain.queries import Page, StakeholderOrder, StakeholderQuery
from graph_models.domain.records import fingerprint, stakeholder_from_record
from graph_models.domain.stakeholders import Kind, Stakeholder
from graph_models.domain.text import fold
from graph_models.stores.neo4j.connection import Neo4jConnection, record_changes
from graph_models.stores.neo4j.cypher import (
    field_names,
    lock,
    read_columns,
    record_of,
    row_of,
    set_columns,
)

# Rows cross the wire as lists in a fixed column order rather than as maps: the pure-Python
# driver packs every map key too, which doubled an import's cost. The column names are the
# dataclass's field names plus three derived properties: safe to build Cypher from.
STAKEHOLDER_FIELDS = field_names(Stakeholder)
STAKEHOLDER_COLUMNS = (*STAKEHOLDER_FIELDS, "sort_name", "search_text", "fingerprint")
# What every stakeholder query returns: its fields, as stakeholder_from_values reads them.
STAKEHOLDER = read_columns("s", STAKEHOLDER_FIELDS) + " AS s"


def stakeholder_row(s: Stakeholder) -> list[Any]:
    """A row in STAKEHOLDER_COLUMNS order."""
    return [*row_of(s, STAKEHOLDER_FIELDS), fold(s.name), s.search_text, fingerprint(s)]


def stakeholder_from_values(values: list[Any]) -> Stakeholder:
    """The stakeholder a STAKEHOLDER column holds."""
    return stakeholder_from_record(record_of(STAKEHOLDER_FIELDS, values))


NODE_CONFLICT = re.compile(r"already exists with label `[^`]*` and propert(?:y|ies) `([^`]*)`")


def stakeholder_conflict(error: ConstraintError) -> Conflict:
    """The Conflict a stakeholder constraint's violation means."""
    match = NODE_CONFLICT.search(error.message or "")
    if match is not None and match.group(1) in ("kind", "external_id"):
        return external_id_taken()
    return stakeholder_id_taken()


# Setting every column replaces a node's properties: one that became None is removed.
SET_STAKEHOLDER = "SET " + set_columns("s", STAKEHOLDER_COLUMNS)
# Labels come from Kind.label (an enum whitelist), so building these by concatenation is safe.
CREATE_STAKEHOLDERS = {
    kind: "UNWIND $rows AS row CREATE (s:Stakeholder:" + kind.label + ") " + SET_STAKEHOLDER
          + " RETURN count(s) AS written"
    for kind in Kind
}


def insert_stakeholders(tx: neo4j.ManagedTransaction, kind: Kind, rows: list[list[Any]]) -> None:
    """Create stakeholders of one kind from their rows."""
    tx.run(CREATE_STAKEHOLDERS[kind], rows=rows).consume()


ID_COLUMN = str(STAKEHOLDER_COLUMNS.index("id"))
KIND_COLUMN = str(STAKEHOLDER_COLUMNS.index("kind"))
REPLACE_STAKEHOLDERS = ("UNWIND $rows AS row MATCH (s:Stakeholder {id: row[" + ID_COLUMN
                        + "], kind: row[" + KIND_COLUMN + "]}) " + SET_STAKEHOLDER
                        + " RETURN count(s) AS written")


def replace_stakeholders(tx: neo4j.ManagedTransaction, rows: list[list[Any]]) -> int:
    """Replace the stored stakeholders of these rows' ids and kinds; how many there were."""
    written: int = tx.run(REPLACE_STAKEHOLDERS, rows=rows).single(strict=True)["written"]
    return written


GET_STAKEHOLDERS = "MATCH (s:Stakeholder) WHERE s.id IN $ids RETURN " + STAKEHOLDER


def read_stakeholders(tx: neo4j.ManagedTransaction, ids: list[str]) -> list[Stakeholder]:
    """The stakeholders of these ids that exist (through the unique index)."""
    return [stakeholder_from_values(record["s"]) for record in tx.run(GET_STAKEHOLDERS, ids=ids)]


LOCK_STAKEHOLDERS = "UNWIND $ids AS id MATCH (s:Stakeholder {id: id}) " + lock("s")


def lock_stakeholders(tx: neo4j.ManagedTransaction, ids: list[str]) -> None:
    """Lock the stakeholders of these ids, so that none can be erased (or, locked by a request,
    be part of another request) until the transaction ends.

    In id order, so that two requests over overlapping ends do not deadlock (a deadlock that
    Neo4j does detect is a transient error, which the driver retries)."""
    tx.run(LOCK_STAKEHOLDERS, ids=sorted(set(ids))).consume()


EXISTING_IDS = "MATCH (s:Stakeholder) WHERE s.id IN $ids RETURN s.id AS id"


def existing_ids(tx: neo4j.ManagedTransaction, ids: list[str]) -> set[str]:
    """Which of these stakeholder ids exist; read after :func:`lock_stakeholders`, what is
    committed before the locks were granted."""
    return {record["id"] for record in tx.run(EXISTING_IDS, ids=ids)}


# Read by get_stakeholder, and by update_stakeholder to check that it is unchanged.
GET_STAKEHOLDER = "MATCH (s:Stakeholder {id: $id}) RETURN " + STAKEHOLDER

# find_stakeholders assembles its WHERE clause from these fixed fragments only.
FILTERS = {
    "kind": "s.kind = $kind",
    "region": "s.region STARTS WITH $region",
    "sector": "$sector IN s.sectors",
    "need": "$need IN s.needs",
    "offer": "$offer IN s.offers",
    "language": "$language IN s.languages",
    # Each term must be found by one of its forms; a text without terms finds nothing.
    "text": "size($text) > 0 AND all(term IN $text "
            "WHERE any(form IN term WHERE s.search_text CONTAINS form))",
    # With "text": one term's forms again, as the text index can seek them (see below).
    "text_seek": "(s.search_text CONTAINS $seek_a OR s.search_text CONTAINS $seek_b)",
    # What a member or coordinator may see besides the stakeholders who consent to be seen.
    "discoverable_only": "(s.discoverable = true OR s.id IN $also_ids "
                         "OR any(region IN $also_regions WHERE s.region STARTS WITH region))",
    # With "need": whose needs the searcher may see (the private ones of some stakeholders).
    "public_needs_only": "(coalesce(s.needs_private, false) = false "
                         "OR s.id IN $private_needs_ids "
                         "OR any(region IN $private_needs_regions "
                         "WHERE s.region STARTS WITH region))",
}
# The shortest term the text index is asked to seek (see find_stakeholders).
SEEK_TERM_LENGTH = 3
# Property names for ORDER BY come from this table only, keyed by the enum.
ORDER_PROPERTIES = {
    StakeholderOrder.NAME: "s.sort_name",
    StakeholderOrder.CREATED_AT: "s.created_at",
    StakeholderOrder.UPDATED_AT: "s.updated_at",
}


class Neo4jStakeholders(Neo4jConnection):
    """Stakeholders; see :class:`~graph_models.stores.contracts.stakeholders.StakeholderStore`."""

    def create_stakeholder(self, stakeholder: Stakeholder, *,
                           audit: AuditEntry | None = None) -> Stakeholder:
        """Insert; Conflict if the id or (kind, external_id) is taken."""
        s = stakeholder

        def create(tx: neo4j.ManagedTransaction) -> None:
            # Where a new stakeholder clashes on both, SQLite reports the external id: it first.
            clashes = tx.run(
                "RETURN EXISTS { MATCH (s:Stakeholder {kind: $kind, external_id: $external_id}) "
                "} AS external_id_taken, EXISTS { MATCH (s:Stakeholder {id: $id}) } AS id_taken",
                id=s.id, kind=s.kind.value, external_id=s.external_id).single(strict=True)
            if clashes["external_id_taken"]:
                raise external_id_taken()
            if clashes["id_taken"]:
                raise stakeholder_id_taken()
            insert_stakeholders(tx, s.kind, [stakeholder_row(s)])
            record_changes(tx, stakeholders=[s.id])

        self._write(create, audit=audit, conflict=stakeholder_conflict)
        return stakeholder

    def get_stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """The stakeholder with this id; NotFound if absent."""

        return self._read_one(GET_STAKEHOLDER, "s", stakeholder_from_values,
                              not_found("stakeholder", stakeholder_id), id=stakeholder_id)

    def get_stakeholders(self, stakeholder_ids: list[str]) -> dict[str, Stakeholder]:
        """The stakeholders of these ids that exist, by id (one query)."""
        if not stakeholder_ids:
            return {}

        def read(tx: neo4j.ManagedTransaction) -> dict[str, Stakeholder]:
            return {s.id: s for s in read_stakeholders(tx, list(set(stakeholder_ids)))}

        return self._read(read)

    def update_stakeholder(self, stakeholder: Stakeholder, *,
                           expected_updated_at: datetime | None = None,
                           audit: AuditEntry | None = None) -> Stakeholder:
        """Replace every field (the kind never changes); NotFound / Conflict; with
        ``expected_updated_at``, Conflict if someone changed it since it was read."""

        def replace(tx: neo4j.ManagedTransaction) -> None:
            # The version node was bumped first, so this transaction holds the graph's write
            # lock: nobody can change the stakeholder between this check and the write.
            if expected_updated_at is not None:
                current = tx.run(GET_STAKEHOLDER, id=stakeholder.id).single()
                if (current is not None and stakeholder_from_values(current["s"]).updated_at
                        != expected_updated_at):
                    raise changed_meanwhile("stakeholder")
            if replace_stakeholders(tx, [stakeholder_row(stakeholder)]) != 1:
                raise no_stakeholder_of_kind()
            record_changes(tx, stakeholders=[stakeholder.id])

        self._write(replace, audit=audit, conflict=stakeholder_conflict)
        return stakeholder

    def find_stakeholders(self, query: StakeholderQuery) -> Page[Stakeholder]:
        """One page of the stakeholders that pass every filter given, and their total.

        Ordered by the query's sort key, then id; counted and read in one transaction.
        """
        terms = query.text_terms
        values: dict[str, object] = {
            "kind": query.kind and query.kind.value, "region": query.region,
            "sector": query.sector, "need": query.need, "offer": query.offer,
            "language": query.language,
            "text": None if terms is None else [list(forms) for forms in terms],
            "discoverable_only": query.discoverable_only or None,
            "public_needs_only": (query.need is not None and query.public_needs_only) or None,
        }
        parameters = {name: value for name, value in values.items() if value is not None}
        filters = list(parameters)
        if terms:
            # The text index finds the nodes holding a term's forms (a union of two seeks) far
            # faster than testing every node, if the term is rare: a long one is likelier so.
            # A short one is in most keys, and testing every node is then faster.
            seek = max(terms, key=lambda forms: min(map(len, forms)))
            if min(map(len, seek)) >= SEEK_TERM_LENGTH:
                filters.append("text_seek")
                parameters.update(seek_a=seek[0], seek_b=seek[-1])
        if query.discoverable_only:
            parameters.update(also_ids=list(query.also_ids),
                              also_regions=list(query.also_regions))
        if "public_needs_only" in parameters:
            parameters.update(private_needs_ids=list(query.private_needs_ids),
                              private_needs_regions=list(query.private_needs_regions))
        # The WHERE clause is made of the fixed FILTERS fragments only; every value is a $param.
        match = ("MATCH (s:Stakeholder) WHERE "
                 + (" AND ".join(FILTERS[name] for name in filters) or "true"))
        # Sort and cut the page first, so that only the page's nodes are read in full.
        return self._read_page(match + " RETURN count(s) AS total",
                               match + " WITH s ORDER BY " + ORDER_PROPERTIES[query.order]
                               + ", s.id SKIP $skip LIMIT $limit RETURN " + STAKEHOLDER,
                               parameters, "s", stakeholder_from_values, query)
