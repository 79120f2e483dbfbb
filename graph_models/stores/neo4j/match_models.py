"""The Neo4j store's fitted match models: ``:MatchModel`` nodes with ``version``, ``relation``,
``active`` and the model's record as JSON text. Each write moves the store's version, whose
lock also serialises the writes, so the next version number and the one active model per
relation cannot race (see :mod:`graph_models.stores.contracts.match_models`)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import neo4j

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import not_found
from graph_models.domain.match_models import MatchModel, model_from_record, model_record
from graph_models.stores.neo4j.connection import Neo4jConnection

MODEL = "m.version AS version, m.active AS active, m.record AS record"


def _model(record: Any) -> MatchModel:
    return dataclasses.replace(model_from_record(json.loads(record["record"])),
                               version=record["version"], active=record["active"])


def _activate(tx: neo4j.ManagedTransaction, relation: str, version: int) -> None:
    tx.run("MATCH (m:MatchModel {relation: $relation, active: true}) SET m.active = false",
           relation=relation).consume()
    tx.run("MATCH (m:MatchModel {version: $version}) SET m.active = true",
           version=version).consume()


class Neo4jMatchModels(Neo4jConnection):
    """Fitted match models; see
    :class:`~graph_models.stores.contracts.match_models.MatchModelStore`."""

    def save_match_model(self, model: MatchModel, *, activate: bool = False,
                         audit: AuditEntry | None = None) -> MatchModel:
        def save(tx: neo4j.ManagedTransaction) -> MatchModel:
            version = tx.run("OPTIONAL MATCH (m:MatchModel) "
                             "RETURN coalesce(max(m.version), 0) + 1 AS version"
                             ).single(strict=True)["version"]
            kept = dataclasses.replace(model, version=version, active=False)
            tx.run("CREATE (m:MatchModel {version: $version, relation: $relation, "
                   "active: false, record: $record})", version=version,
                   relation=model.relation, record=json.dumps(model_record(kept))).consume()
            if activate:
                _activate(tx, model.relation, version)
            return dataclasses.replace(kept, active=activate)

        return self._write(save, audit=audit)

    def match_models(self) -> list[MatchModel]:
        def read(tx: neo4j.ManagedTransaction) -> list[MatchModel]:
            return [_model(r) for r in tx.run(
                "MATCH (m:MatchModel) RETURN " + MODEL + " ORDER BY m.version DESC")]

        return self._read(read)

    def active_match_models(self) -> dict[str, MatchModel]:
        def read(tx: neo4j.ManagedTransaction) -> list[MatchModel]:
            return [_model(r) for r in tx.run(
                "MATCH (m:MatchModel {active: true}) RETURN " + MODEL)]

        return {model.relation: model for model in self._read(read)}

    def activate_match_model(self, version: int, *,
                             audit: AuditEntry | None = None) -> MatchModel:
        def activate(tx: neo4j.ManagedTransaction) -> MatchModel:
            found = tx.run("MATCH (m:MatchModel {version: $version}) RETURN m.relation AS r",
                           version=version).single()
            if found is None:
                raise not_found("match model", str(version))
            _activate(tx, found["r"], version)
            return _model(tx.run("MATCH (m:MatchModel {version: $version}) RETURN " + MODEL,
                                 version=version).single(strict=True))

        return self._write(activate, audit=audit)

    def deactivate_match_models(self, relation: str, *,
                                audit: AuditEntry | None = None) -> MatchModel | None:
        def deactivate(tx: neo4j.ManagedTransaction) -> MatchModel | None:
            found = tx.run("MATCH (m:MatchModel {relation: $relation, active: true}) "
                           "SET m.active = false RETURN " + MODEL, relation=relation).single()
            return None if found is None else _model(found)

        return self._write(deactivate, audit=audit)
