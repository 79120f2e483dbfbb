"""gunicorn's settings for Syndesmos: ``gunicorn -c python:service.gunicorn_conf service.wsgi:app``.

The master loads the app (``preload_app``) and, before forking each worker, reads the match
index (built the first time, brought forward from the change feed later), freezes the garbage
collector's view of everything it holds and closes the store's connections. Each worker then
starts with the index in pages it shares with the master and the other workers — numpy arrays
and Python objects alike, until written — and brings it forward from the feed on its first
request instead of building its own: memory does not grow with the number of workers, and the
first answer waits for one build, not one per worker. Options given on the command line
(``-w``, ``--timeout``, ``-b``…) override the ones here.
"""

from __future__ import annotations

import gc

from service.extensions import before_fork

# Sync workers, one per core: the API is CPU-bound (docs/deployment.md#gunicorn).
workers = 2
# A worker busy this long is killed. The match index is built in the master, before forking, so
# that no longer counts against it; the first report of a national graph still may
# (docs/benchmarks.md).
timeout = 120
preload_app = True


def pre_fork(server, worker) -> None:
    """Before each worker is forked, in the master: what the worker shares is read, then
    frozen, so that the garbage collector of neither process writes to its pages."""
    if not server.cfg.preload_app:  # then the app is loaded by each worker, after the fork
        return
    before_fork(server.app.wsgi())
    gc.freeze()
