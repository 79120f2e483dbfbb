"""The store contract's match-models part: fitted weights, versioned and reversible.

Not the graph, but what ranks it: saving, activating or deactivating a model moves the store's
version (with no change in the feed), so that every process holding a match index notices it
when it next brings its index to the store's version. Each write is one transaction and may
carry its audit entry.
"""

from __future__ import annotations

from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.match_models import MatchModel


class MatchModelStore(Protocol):
    """Fitted match models, by version."""

    def save_match_model(self, model: MatchModel, *, activate: bool = False,
                         audit: AuditEntry | None = None) -> MatchModel:
        """Insert ``model`` under the next version (its own ``version`` and ``active`` are
        ignored) and return it as kept; with ``activate``, the relation's active model is
        deactivated and this one activated in the same transaction."""

    def match_models(self) -> list[MatchModel]:
        """Every model, newest version first."""

    def active_match_models(self) -> dict[str, MatchModel]:
        """The active model of each relation that has one (one indexed read)."""

    def activate_match_model(self, version: int, *,
                             audit: AuditEntry | None = None) -> MatchModel:
        """Make the model of ``version`` its relation's active one, deactivating the one that
        was, in one transaction; NotFound, writing nothing, if there is no such version."""

    def deactivate_match_models(self, relation: str, *,
                                audit: AuditEntry | None = None) -> MatchModel | None:
        """Deactivate the relation's active model (its matches go back to the hand weights);
        the model that was active, None (writing nothing but the audit entry) if none was."""
