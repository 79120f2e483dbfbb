"""The match index saved to a file, so that a restart reads it instead of building it.

Building the index reads the whole graph: 15 s at 10⁵ stakeholders and 10⁶ ties on SQLite, 36 s
on Neo4j. A process that built one saves it; the next process over the same store loads it and
brings it forward from the change feed like any index it holds
(:class:`~graph_models.use_cases.live_index.LiveMatchIndex`). A saved index is read only when

- the same code saved it: the file holds a digest of the matching code, the domain classes it
  pickles and the numpy, scipy and Python versions, so an upgrade never reads another code's
  index;
- from the same store: the file is named after the store's location (two copies of one store
  in two places keep apart) and holds the store's lineage, drawn when the store was made;

and the change feed then decides as for any index: a version the store has not been at, or one
it can no longer replay from, and the index is built anew (and saved again).

A store restored from a copy keeps its lineage: if writes then bring it to the saved version or
past it before the service restarts, the saved index would be taken for it. Delete the folder's
``match-index-*`` files after restoring a store (see docs/deployment.md).

Pickle runs whatever code a file names, so the folder must be writable by the service alone: it
is made ``0700`` and each file ``0600``, written whole under a temporary name and then renamed,
so that a reader never sees half a file.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import platform
import tempfile
from pathlib import Path

import numpy as np
import scipy

import graph_models.domain.stakeholders
import graph_models.matching
from graph_models.matching.index import MatchIndex
from graph_models.stores.base import GraphStore

log = logging.getLogger(__name__)

FILE_PREFIX = "match-index-"


class SavedIndex:
    """One store's saved match index in ``folder``; ``location`` names the store (its URL
    and database, a file's absolute path) and keeps copies of it apart."""

    def __init__(self, folder: Path, store: GraphStore, location: str):
        self.store = store
        key = hashlib.sha256(location.encode()).hexdigest()[:16]
        self.path = Path(folder) / f"{FILE_PREFIX}{key}.pickle"

    def load(self) -> tuple[int, MatchIndex] | None:
        """The saved index and the version it reflects, or None when there is none this code
        may read for this store (a file it cannot read is logged and ignored)."""
        try:
            with open(self.path, "rb") as file:
                header = pickle.load(file)
                if header != self._header(header.get("version")):
                    return None
                index = pickle.load(file)
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError) as error:
            log.warning("ignoring the saved match index %s: %s", self.path, error)
            return None
        return header["version"], index

    def save(self, version: int, index: MatchIndex) -> None:
        """Save ``index`` as the store's at ``version``, replacing any saved before. A folder
        that cannot be written is logged, not raised: the index is only built again next
        time."""
        header = self._header(version)
        if not header["lineage"]:
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".saving-")
            try:
                with os.fdopen(handle, "wb") as file:
                    pickle.dump(header, file, protocol=pickle.HIGHEST_PROTOCOL)
                    pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:
            log.warning("could not save the match index to %s: %s", self.path, error)

    def _header(self, version: int | None) -> dict:
        return {"code": code_digest(), "lineage": self.store.lineage(), "version": version}


@functools.cache
def code_digest() -> str:
    """A digest of what a pickled index depends on: the source of the matching package and of
    the domain classes it holds, and the numpy, scipy and Python versions."""
    versions = f"{np.__version__} {scipy.__version__} {platform.python_version()}"
    digest = hashlib.sha256(versions.encode())
    matching = Path(graph_models.matching.__file__).parent
    for source in [*sorted(matching.glob("*.py")),
                   Path(graph_models.domain.stakeholders.__file__)]:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()
