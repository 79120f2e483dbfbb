"""The frozen graph the read use cases share, brought forward from the store's change feed.

Rebuilding the networkx graph from a full export took tens of seconds at 10⁵ stakeholders /
10⁶ ties, and every write made the next report, path or programme request pay for it. Instead a
:class:`~graph_models.domain.snapshot.Replica` applies the changes since its version, in place:
about what the changes touch. Copying the graph per version would cost as much as rebuilding
it, so a reader holds the snapshot for the whole of its use (:meth:`SnapshotCache.reading`) and
the graph moves only while nobody holds it; a reader that comes while others hold it gets the
snapshot they hold, never waiting for them. Only when the feed cannot say what changed (trimmed
past the snapshot's version, a large import), or changes cannot apply, or readers have held a
stale snapshot for longer than ``max_lag`` seconds, is a new graph built from a full export, in
a background thread, the previous one answering until it is done. The first build is the only
one a reader waits for. The reports' arrays of the graph follow it too
(:func:`~graph_models.reports.frame.follow`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from graph_models.domain.errors import SyndesmosError
from graph_models.domain.snapshot import Replica, Snapshot
from graph_models.reports.edges import note_export
from graph_models.reports.frame import follow
from graph_models.stores.base import GraphStore

log = logging.getLogger(__name__)

MAX_LAG = 30.0  # seconds a snapshot may trail the store while readers keep it busy


class _Held:
    """A replica and who is reading it; the cache's lock guards both counts."""

    def __init__(self, replica: Replica):
        self.replica = replica
        self.readers = 0
        self.moving = False  # the replica is being brought forward: readers wait (briefly)
        self.behind_since: float | None = None  # when readers first kept it from moving


class SnapshotCache:
    """Hands out the snapshot of the store's newest version this process holds, bringing it
    forward first when the store has moved and nobody is reading it.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/snapshots.db")
    >>> store.ensure_schema()
    >>> with SnapshotCache(store).reading() as snapshot:
    ...     snapshot.version, snapshot.graph.number_of_nodes()
    (0, 0)
    """

    def __init__(self, store: GraphStore, *, max_lag: float = MAX_LAG,
                 build: Callable[[GraphStore], Replica] | None = None):
        self._store = store
        self._max_lag = max_lag
        self._build = build or _build_from_export
        self._held: _Held | None = None
        self._lock = threading.Condition()
        self._first = threading.Lock()
        self._forward = threading.Lock()
        self._rebuild: threading.Thread | None = None

    @property
    def version(self) -> int | None:
        """The store version of the snapshot handed out now; None before the first build."""
        held = self._held
        return None if held is None else held.replica.version

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """The snapshot, for use inside the ``with`` block only: its graph does not change
        until the block ends, and may change after.

        Brought to the store's current version first unless another reader holds it, another
        is bringing it forward, or a rebuild is under way (then the one there is). The first
        call builds it, since there is nothing to answer from before.
        """
        if self._held is None:
            self._first_build()
        self._bring_forward()
        with self._lock:
            held = self._held
            assert held is not None  # built above, and never dropped
            while held.moving:  # the changes of a few writes: milliseconds
                self._lock.wait()
            held.readers += 1
            snapshot = held.replica.snapshot
        try:
            yield snapshot
        finally:
            with self._lock:
                held.readers -= 1

    def _first_build(self) -> None:
        with self._first:
            if self._held is None:
                self._held = _Held(self._build(self._store))

    def _bring_forward(self) -> None:
        if not self._forward.acquire(blocking=False):
            return
        try:
            if self._rebuild is not None and self._rebuild.is_alive():
                return
            held = self._held
            assert held is not None
            changes = self._store.graph_changes(held.replica.version)
            if changes is None:
                self._rebuild_in_background()
                return
            if changes.version == held.replica.version:
                return
            with self._lock:
                if held.readers:
                    self._note_lag(held)
                    return
                held.moving = True
            before = held.replica.snapshot
            try:
                after = held.replica.forward(changes)
                held.behind_since = None
                follow(before.graph, after.graph, changes)
            except SyndesmosError:
                # Changes the replica cannot apply (a tie to a stakeholder it never saw) mean
                # it has drifted from the store; it was left as it was: read the store whole.
                log.exception("could not apply the changes since version %s", changes.since)
                self._rebuild_in_background()
            finally:
                with self._lock:
                    held.moving = False
                    self._lock.notify_all()
        finally:
            self._forward.release()

    def _note_lag(self, held: _Held) -> None:
        now = time.monotonic()
        if held.behind_since is None:
            held.behind_since = now
        if now - held.behind_since >= self._max_lag:
            # Readers overlap without a gap: a new graph beside the one they hold.
            self._rebuild_in_background()

    def _rebuild_in_background(self) -> None:
        self._rebuild = threading.Thread(target=self._rebuilt, name="snapshot-rebuild",
                                         daemon=True)
        self._rebuild.start()

    def _rebuilt(self) -> None:
        try:
            built = self._build(self._store)
        except SyndesmosError:  # the store failed: the previous snapshot keeps answering
            log.exception("rebuilding the snapshot failed")
            return
        with self._forward, self._lock:
            if self._held is None or built.version >= self._held.replica.version:
                self._held = _Held(built)  # its readers finish on the one they hold


def _build_from_export(store: GraphStore) -> Replica:
    export = store.export()
    replica = Replica(export)
    # Its first report reads the ties from the export's lists rather than from the graph.
    note_export(replica.snapshot.graph, export)
    return replica
