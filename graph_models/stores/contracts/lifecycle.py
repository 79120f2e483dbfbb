"""The store contract's lifecycle part: schema, health, closing and the graph's version."""

from __future__ import annotations

from typing import Protocol


class StoreLifecycle(Protocol):
    """What opening, checking and closing a store takes."""

    def ensure_schema(self) -> None:
        """Create tables/constraints/indexes if missing. Idempotent."""

    def ping(self) -> None:
        """Raise :class:`~graph_models.domain.errors.StoreUnavailable` if it cannot answer."""

    def close(self) -> None: ...

    def version(self) -> int:
        """The number of committed writes so far."""

    def lineage(self) -> str:
        """A random text drawn when the store's schema was first made, kept ever after: one
        store's graph is told from another's that happens to be at the same version (a
        restored copy keeps its lineage). Empty before :meth:`ensure_schema`."""
