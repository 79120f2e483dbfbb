"""The service as deployed, for the benchmarks that load it over HTTP: a store seeded with the
demo (or reused), gunicorn started as the Dockerfile starts it, and stopped whole."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import cli, empty_store, timed

from graph_models.domain.queries import StakeholderQuery
from graph_models.stores import StoreSettings, open_store

STOP_SECONDS = 10
# Rate limits would cap one user at 10 reads a second: the benchmarks load as many users.
UNLIMITED = {f"SYNDESMOS_{what}_PER_MINUTE": "0"
             for what in ("READS", "WRITES", "EXPENSIVE_READS", "LOGINS")}


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that choose the benchmark's store and the demo seeded into it."""
    parser.add_argument("--store", help="a store URL (default: an SQLite file per size, ties "
                                        "and seed under the temp directory, kept)")
    parser.add_argument("--size", type=int, default=10_000, help="stakeholders")
    parser.add_argument("--ties", type=int, default=None, help="ties (default 6 × size)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reset", action="store_true",
                        help="empty a store that holds another number of stakeholders")


def resolve_store(args: argparse.Namespace) -> None:
    """Fill in the defaults of :func:`add_store_arguments`: ties 6 × size, and an SQLite file
    per size, ties and seed under the temp directory, kept between runs."""
    args.ties = 6 * args.size if args.ties is None else args.ties
    if args.store is None:
        path = (Path(tempfile.gettempdir()) / "syndesmos-bench"
                / f"demo-{args.size}-{args.ties}-{args.seed}.db")
        path.parent.mkdir(exist_ok=True)
        args.store = f"sqlite:///{path}"


def store_settings(url: str) -> StoreSettings:
    """The store at ``url``, with the Neo4j account the service would use."""
    return StoreSettings(url, neo4j_user=os.environ.get("SYNDESMOS_NEO4J_USER"),
                         neo4j_password=os.environ.get("SYNDESMOS_NEO4J_PASSWORD"),
                         neo4j_database=os.environ.get("SYNDESMOS_NEO4J_DATABASE", "neo4j"))


def prepare_store(url: str, env: dict, *, size: int, ties: int, seed: int,
                  reset: bool) -> None:
    """Seed the demo into an empty store, or reuse the store that holds it; a store of
    another size is emptied first only if ``reset``."""
    store = open_store(store_settings(url))
    store.ensure_schema()
    held = store.find_stakeholders(StakeholderQuery(page_size=1)).total
    store.close()
    if held not in (0, size):
        if not reset:
            sys.exit(f"{url} holds {held:,} stakeholders, not {size:,}: choose another "
                     "--store, or empty it with --reset")
        empty_store(url)
    said, seconds = timed(lambda: cli(env, "demo", "--size", str(size), "--ties", str(ties),
                                      "--seed", str(seed), "--if-empty"))
    if "not the demo's" in said:
        sys.exit(f"{url} holds stakeholders that are not the demo's")
    print(f"{said.splitlines()[0]} ({seconds:.0f} s)", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_gunicorn() -> None:
    """Stop at once, saying how to install it, when gunicorn is missing: the test extra does
    not bring it, and the service's log would say so only after the store was seeded."""
    if importlib.util.find_spec("gunicorn") is None:
        sys.exit("gunicorn is not installed in this Python: pip install -e '.[server]' "
                 "(.venv/bin/pip in a checkout set up by scripts/test or scripts/demo)")


def start_gunicorn(workers: int, timeout: float, env: dict, port: int,
                   log_file) -> tuple[subprocess.Popen, float]:
    """Start gunicorn in a process group of its own (so that it can be stopped whole); the
    process and when it was started (``time.monotonic``)."""
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:service.gunicorn_conf",
         "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", str(int(timeout)),
         "--graceful-timeout", "5", "service.wsgi:app"],
        env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    return server, started


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn gracefully, then its whole process group by force if it lingers."""
    server.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=STOP_SECONDS)
    with contextlib.suppress(ProcessLookupError):  # ProcessLookupError: all stopped already
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()
