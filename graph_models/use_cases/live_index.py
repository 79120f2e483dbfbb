"""The match index of the store's current version, kept up to date from the change feed.

Every write moves the store's version; rebuilding the index for each one froze matches for
everyone (3 s at 10⁴ stakeholders, 40 s at 10⁵). Instead the first reader to see the version
move reads the changes since the index's version and brings the index forward
(:meth:`~graph_models.matching.index.MatchIndex.updated`: about what the changes touch), while
the readers that come meanwhile keep answering from the index they had. Only when the feed
cannot say what changed (trimmed past the index's version, or a large import) is the index
rebuilt from a full export, in a background thread, the previous index answering until it is
done.

A process about to fork workers (a gunicorn master with ``preload_app``) brings its index to
the store's version with :meth:`LiveMatchIndex.settle`, in its own thread: the workers inherit
it, share its pages, and each brings it forward from the feed on its first request instead of
building its own.

Given a :class:`~graph_models.use_cases.saved_index.SavedIndex`, each index built whole is saved,
and a process starts from the saved one brought forward from the feed when it may read it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from graph_models.domain.collector import collector_paused
from graph_models.domain.errors import SyndesmosError
from graph_models.matching.index import MatchIndex
from graph_models.stores.base import GraphStore
from graph_models.use_cases.saved_index import SavedIndex

log = logging.getLogger(__name__)


class LiveMatchIndex:
    """Hands out the newest match index this process holds, bringing it forward first when
    the store has moved and no other reader is doing so already.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/live.db")
    >>> store.ensure_schema()
    >>> LiveMatchIndex(store).get().n
    0
    """

    def __init__(self, store: GraphStore, *,
                 build: Callable[[GraphStore], tuple[int, MatchIndex]] | None = None,
                 saved: SavedIndex | None = None):
        self._store = store
        self._build = build or _build_from_export
        self._saved = saved
        self._current: tuple[int, MatchIndex] | None = None
        self._first = threading.Lock()
        self._forward = threading.Lock()
        self._rebuild: threading.Thread | None = None

    @property
    def version(self) -> int | None:
        """The store version the index reflects; None before the first build."""
        return None if self._current is None else self._current[0]

    def get(self) -> MatchIndex:
        """The index, brought to the store's current version unless another reader is
        bringing it forward or a rebuild is under way (then the previous one, never waiting
        for them). The first call builds it, since there is nothing to answer from before."""
        current = self._current
        if current is None:
            return self._first_build()
        if not self._forward.acquire(blocking=False):
            return current[1]
        try:
            return self._brought_forward()
        finally:
            self._forward.release()

    def _first_build(self) -> MatchIndex:
        with self._first:
            if self._current is None:
                self._current = self._initial()
            return self._current[1]

    def settle(self) -> MatchIndex:
        """The index at the store's current version, made in the calling thread and waited
        for: built the first time, then brought forward from the change feed, or rebuilt when
        the feed cannot say what changed. For a process that is about to fork, which must not
        leave a thread behind; a server answering requests uses :meth:`get`, which never waits
        for a rebuild."""
        with self._first, self._forward:
            current = self._current
            if current is None:
                current = self._initial()
            else:
                current = self._forward_from_feed(current) or self._built()
            self._current = current
            return current[1]

    def _initial(self) -> tuple[int, MatchIndex]:
        """This process's first index: the saved one brought forward from the change feed
        when there is one it may read and the feed can bring forward, else one built."""
        loaded = self._saved.load() if self._saved is not None else None
        if loaded is not None:
            forward = self._forward_from_feed(loaded)
            if forward is not None:
                return forward
        return self._built()

    def _built(self) -> tuple[int, MatchIndex]:
        """The index read whole from the store, then saved for the next process."""
        built = self._build(self._store)
        if self._saved is not None:
            self._saved.save(*built)
        return built

    def _brought_forward(self) -> MatchIndex:
        current = self._current
        assert current is not None  # get() builds the first one
        if self._rebuild is not None and self._rebuild.is_alive():
            return current[1]
        forward = self._forward_from_feed(current)
        if forward is None:
            self._rebuild_in_background()
            return current[1]
        if self._current is current:
            self._current = forward
        return forward[1]

    def _forward_from_feed(self, current: tuple[int, MatchIndex]
                           ) -> tuple[int, MatchIndex] | None:
        """``current`` brought to the store's version from the change feed; None when it
        must be rebuilt instead."""
        version, index = current
        changes = self._store.graph_changes(version)
        if changes is None:
            return None
        if changes.version == version or changes.empty:
            return changes.version, index
        try:
            return changes.version, index.updated(changes)
        except SyndesmosError:
            # Changes the index cannot apply (say, a tie to a stakeholder it never saw) mean
            # it has drifted from the store: read the store whole instead.
            log.exception("could not apply the changes since version %s", version)
            return None

    def _rebuild_in_background(self) -> None:
        self._rebuild = threading.Thread(target=self._rebuilt, name="match-index-rebuild",
                                         daemon=True)
        self._rebuild.start()

    def _rebuilt(self) -> None:
        try:
            built = self._built()
        except SyndesmosError:  # the store failed: the previous index keeps answering
            log.exception("rebuilding the match index failed")
            return
        with self._forward:
            if self._current is None or built[0] >= self._current[0]:
                self._current = built


def _build_from_export(store: GraphStore) -> tuple[int, MatchIndex]:
    with collector_paused():  # the export makes millions of objects too, and no cycles
        export = store.export_for_matching()
        return export.version, MatchIndex.from_matching_export(export)
