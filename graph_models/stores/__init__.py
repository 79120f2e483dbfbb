"""Stores: one interface, two engines, chosen by URL.

The interface is :class:`~graph_models.stores.base.GraphStore`, made of one protocol per
aggregate (:mod:`graph_models.stores.contracts`); the engines are the packages
:mod:`graph_models.stores.sqlite` and :mod:`graph_models.stores.neo4j`.

>>> store = open_store("sqlite:///" + __import__("tempfile").mkdtemp() + "/x.db")
>>> type(store).__name__
'SqliteStore'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from graph_models.stores.base import GraphStore
from graph_models.stores.contracts.changes import FeedLimits

NEO4J_SCHEMES = frozenset({"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"})


@dataclass(frozen=True)
class StoreSettings:
    """Where the graph lives. ``url`` is ``sqlite:///relative/path.db``, ``sqlite:////abs.db``
    or a Neo4j URI (``neo4j://``, ``bolt://``, ``neo4j+s://`` …) with user, password, database;
    ``feed`` how far back the change feed reaches (the defaults of :class:`FeedLimits`)."""

    url: str
    neo4j_user: str | None = None
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    base_dir: Path = Path(".")
    feed: FeedLimits | None = None

    def sqlite_path(self) -> Path | None:
        """An SQLite store's file (relative to ``base_dir`` unless absolute); None for Neo4j."""
        if urlsplit(self.url).scheme != "sqlite":
            return None
        path = Path(self.url.removeprefix("sqlite:///"))
        return path if path.is_absolute() else self.base_dir / path

    def location(self) -> str:
        """Where the store is, as one text: an SQLite file's absolute path, else the URL
        without credentials and the database name.

        >>> StoreSettings("neo4j://ana:secret@db.example:7687").location()
        'neo4j://db.example:7687/neo4j'
        """
        path = self.sqlite_path()
        if path is not None:
            return str(path.resolve())
        parts = urlsplit(self.url)
        host = parts.netloc.rpartition("@")[2]  # without user and password
        return f"{parts.scheme}://{host}/{self.neo4j_database}"


def open_store(url_or_settings: str | StoreSettings) -> GraphStore:
    """Build the store a URL names. Nothing is connected until first use."""
    settings = (url_or_settings if isinstance(url_or_settings, StoreSettings)
                else StoreSettings(url_or_settings))
    scheme = urlsplit(settings.url).scheme
    path = settings.sqlite_path()
    if path is not None:
        from graph_models.stores.sqlite import SqliteStore

        return SqliteStore(path, feed=settings.feed)
    if scheme in NEO4J_SCHEMES:
        from graph_models.stores.neo4j import Neo4jStore

        return Neo4jStore(settings.url, user=settings.neo4j_user,
                          password=settings.neo4j_password, database=settings.neo4j_database,
                          feed=settings.feed)
    raise ValueError(f"unsupported store URL scheme {scheme!r}: use sqlite:/// or neo4j://")
