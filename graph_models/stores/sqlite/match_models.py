"""The SQLite store's fitted match models: a row each, its record as JSON, the active flag and
the relation as columns so that the active ones are one indexed read. Each write moves the
store's version (see :mod:`graph_models.stores.contracts.match_models`)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import not_found
from graph_models.domain.match_models import MatchModel, model_from_record, model_record
from graph_models.stores.sqlite.connection import SqliteConnection


def _model(row: sqlite3.Row) -> MatchModel:
    return dataclasses.replace(model_from_record(json.loads(row["record"])),
                               version=row["version"], active=bool(row["active"]))


def _activate(db: sqlite3.Connection, relation: str, version: int) -> None:
    db.execute("UPDATE match_models SET active = 0 WHERE relation = ? AND active = 1",
               (relation,))
    db.execute("UPDATE match_models SET active = 1 WHERE version = ?", (version,))


class SqliteMatchModels(SqliteConnection):
    """Fitted match models; see
    :class:`~graph_models.stores.contracts.match_models.MatchModelStore`."""

    def save_match_model(self, model: MatchModel, *, activate: bool = False,
                         audit: AuditEntry | None = None) -> MatchModel:
        with self._transaction(write=True, audit=audit) as db:
            version = db.execute("SELECT coalesce(max(version), 0) + 1 FROM match_models"
                                 ).fetchone()[0]
            kept = dataclasses.replace(model, version=version, active=False)
            db.execute("INSERT INTO match_models (version, relation, active, record) "
                       "VALUES (?,?,0,?)", (version, model.relation,
                                           json.dumps(model_record(kept))))
            if activate:
                _activate(db, model.relation, version)
        return dataclasses.replace(kept, active=activate)

    def match_models(self) -> list[MatchModel]:
        rows = self._connection().execute(
            "SELECT version, active, record FROM match_models ORDER BY version DESC").fetchall()
        return [_model(row) for row in rows]

    def active_match_models(self) -> dict[str, MatchModel]:
        rows = self._connection().execute(
            "SELECT version, active, record FROM match_models WHERE active = 1").fetchall()
        return {model.relation: model for model in map(_model, rows)}

    def activate_match_model(self, version: int, *,
                             audit: AuditEntry | None = None) -> MatchModel:
        with self._transaction(write=True, audit=audit) as db:
            row = db.execute("SELECT relation FROM match_models WHERE version = ?",
                             (version,)).fetchone()
            if row is None:
                raise not_found("match model", str(version))
            _activate(db, row["relation"], version)
            kept = db.execute("SELECT version, active, record FROM match_models "
                              "WHERE version = ?", (version,)).fetchone()
        return _model(kept)

    def deactivate_match_models(self, relation: str, *,
                                audit: AuditEntry | None = None) -> MatchModel | None:
        with self._transaction(write=True, audit=audit) as db:
            row = db.execute("SELECT version, active, record FROM match_models "
                             "WHERE relation = ? AND active = 1", (relation,)).fetchone()
            db.execute("UPDATE match_models SET active = 0 WHERE relation = ? AND active = 1",
                       (relation,))
        return None if row is None else dataclasses.replace(_model(row), active=False)
