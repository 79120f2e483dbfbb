"""Benchmark the service as deployed: gunicorn workers over a seeded store, loaded by wrk.

Not a test: it prints figures and asserts nothing about them. It seeds the demo ecosystem into
``--store`` with ``syndesmos demo`` (or reuses the store that holds it), makes an admin token with
the CLI, starts gunicorn as deployed (``gunicorn -c python:service.gunicorn_conf -w N
service.wsgi:app``: the master reads the match index before forking the workers) and measures

- the first answer after start: from starting gunicorn to the first 200 of the endpoint below,
  once with nothing saved (the master builds the match index and saves it in a folder of the
  run's own) and once after a restart (the master reads the saved index); the runs below are
  made on the restarted service;
- a read-only run: ``GET /api/v1/stakeholders/{id}/matches?limit=10`` for random entrepreneurs,
  as an admin, from wrk for ``--duration`` seconds: answers per second, p50, p99 and max;
- a write visible to matches, on a quiet service: hide a seeker's best candidate (``PATCH
  {"discoverable": false}``), poll the seeker's matches until it is gone, show it again and poll
  until it is back (delays from the PATCH's answer);
- a mixed run: the same load with one such PATCH every ``--write-every`` seconds beside it, each
  hiding another candidate, sent by one client one at a time (a PATCH answered later than the
  next is due delays it); one probe at a time polls for the newest write to show;
- memory after each run: RSS, peak RSS, PSS and USS of the master and of each worker.

Before the runs, the service is loaded until every worker answers quickly (a worker that had
to build its own index, say after a restart, answers slowly meanwhile). Rate limits are off
(``SYNDESMOS_*_PER_MINUTE=0``): they would cap one user at 10 reads a second. gunicorn kills a
worker busy for ``--timeout`` seconds (120, as deployed). The load generator runs on the same
machine, so its CPU counts against the service's.

    python scripts/bench_live.py                               # SQLite, 10⁴ stakeholders
    python scripts/bench_live.py --store bolt://127.0.0.1:7687 --size 100000 --ties 1000000

The default store is an SQLite file per size, ties and seed under the temp directory, kept for
the next run. A store that holds the demo with ``--size`` stakeholders is reused as it is; one that
holds another number is refused, unless ``--reset`` empties it first (everything in it). Hidden
candidates are shown again and gunicorn is stopped at the end, also after Ctrl-C or a failure.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchlib import child_pids, cli, memory_mb, timed
from served import (
    UNLIMITED,
    add_store_arguments,
    free_port,
    prepare_store,
    require_gunicorn,
    resolve_store,
    start_gunicorn,
    stop,
    store_settings,
)

from graph_models.domain.queries import MAX_PAGE_SIZE, StakeholderQuery
from graph_models.domain.stakeholders import Kind
from graph_models.stores import open_store
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders

ADMIN = "bench-admin"
API = "/api/v1"
POLL_SECONDS = 0.02
WARMUP_BURSTS = 6
STOP_SECONDS = 10
WRK_MISSING = ("wrk is not installed and could not be installed here: on Debian or Ubuntu "
               "`apt-get install wrk` as root, elsewhere build it from https://github.com/wg/wrk")

# wrk runs this in each of its threads (and once more for the summary): a random entrepreneur
# per request, the admin's token on every one, and the figures as one JSON line at the end.
LUA = """
local ids = {%(ids)s}
local seeds = 0

function setup(thread)
  seeds = seeds + 1
  thread:set("seed", %(seed)d + seeds)
end

function init(args)
  math.randomseed(seed)
  wrk.headers["Authorization"] = "Bearer " .. %(token)s
end

function request()
  return wrk.format("GET", "%(api)s/stakeholders/" .. ids[math.random(#ids)] .. "/matches?limit=10")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests": %%d, "seconds": %%f, "p50_ms": %%f, "p99_ms": %%f, '
    .. '"max_ms": %%f, "errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, '
    .. '"timeout": %%d}}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


class Client:
    """The service's API as the admin sees it: matches, and hiding or showing a stakeholder."""

    def __init__(self, base_url: str, token: str, timeout: float):
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.timeout = timeout
        self.failures: list[OSError] = []  # of the probes' and the writes' requests

    def call(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + API + path, data=data,
                                         headers=self.headers, method=method)
        with urllib.request.urlopen(request, timeout=self.timeout) as answer:
            return json.load(answer)

    def matches(self, seeker: str) -> list[str]:
        """The ids of the seeker's top 10 candidates."""
        return [m["candidate"]["id"] for m in self.call("GET", f"/stakeholders/{seeker}/matches")]

    def set_discoverable(self, stakeholder: str, discoverable: bool) -> None:
        self.call("PATCH", f"/stakeholders/{stakeholder}", {"discoverable": discoverable})

    def seen_at(self, seeker: str, candidate: str, present: bool,
                stop: threading.Event | None = None) -> float | None:
        """Poll the seeker's matches until the candidate is (or is no longer) among them:
        when, on the monotonic clock; None if ``stop`` is set or the timeout passes first."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            try:
                if (candidate in self.matches(seeker)) == present:
                    return time.monotonic()
            except OSError as error:  # a worker killed for its timeout, say: poll again
                self.failures.append(error)
            time.sleep(POLL_SECONDS)
        return None

    def slowest_answer(self, seekers: list[str], clients: int, seconds: float) -> float:
        """The longest any request took when ``clients`` clients ask about random seekers
        one request after another for ``seconds`` (their last requests waited for); infinite
        if one failed."""
        deadline = time.monotonic() + seconds
        slowest = [0.0] * clients

        def ask(client: int) -> None:
            rng = random.Random(client)
            while time.monotonic() < deadline:
                try:
                    took = timed(lambda: self.matches(rng.choice(seekers)))[1]
                except OSError as error:
                    self.failures.append(error)
                    took = math.inf
                slowest[client] = max(slowest[client], took)

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return max(slowest)

    def patch_took(self, stakeholder: str, discoverable: bool) -> float | None:
        """Seconds a PATCH of the stakeholder's discoverability took; None if it failed."""
        try:
            return timed(lambda: self.set_discoverable(stakeholder, discoverable))[1]
        except OSError as error:
            self.failures.append(error)
            return None


class Writer:
    """One PATCH every ``every`` seconds (or on the last one's answer, if that came later), each
    hiding another seeker's best candidate, while a probe polls the newest write's seeker until
    its candidate is gone: one probe at a time, so that measuring adds one connection's load,
    not one per write."""

    def __init__(self, client: Client, pairs: list[tuple[str, str]], every: float,
                 hidden: list[str]):
        self.client = client
        self.pairs = pairs
        self.every = every
        self.hidden = hidden
        self.patch_seconds: list[float] = []
        self.visible_after: list[float] = []
        self.unseen_for: float | None = None  # the probe still waiting when the run ended
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._written = threading.Condition()
        self._newest: tuple[str, str, float] | None = None
        self._threads = [threading.Thread(target=self._guarded, args=(work,), daemon=True)
                         for work in (self._write, self._probe)]

    def __enter__(self) -> Writer:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        with self._written:
            self._written.notify_all()
        for thread in self._threads:
            thread.join()

    def _guarded(self, work) -> None:
        try:
            work()
        except BaseException as error:  # noqa: BLE001 — handed to the main thread, which raises it
            self.error = error
            self._stop.set()

    def _write(self) -> None:
        due = time.monotonic()
        for seeker, candidate in self.pairs:
            if self._stop.wait(max(0.0, due - time.monotonic())):
                return
            self.hidden.append(candidate)  # first: shown again even if the PATCH fails midway
            seconds = self.client.patch_took(candidate, False)
            due = max(due + self.every, time.monotonic())
            if seconds is None:
                continue
            self.patch_seconds.append(seconds)
            with self._written:
                self._newest = (seeker, candidate, time.monotonic())
                self._written.notify_all()
        raise RuntimeError("the writer ran out of candidates to hide; raise their number")

    def _probe(self) -> None:
        probed = None
        while not self._stop.is_set():
            with self._written:
                while self._newest is probed and not self._stop.is_set():
                    self._written.wait()
                probed = self._newest
            if probed is None:
                continue
            seeker, candidate, written_at = probed
            seen = self.client.seen_at(seeker, candidate, present=False, stop=self._stop)
            if seen is None:
                self.unseen_for = time.monotonic() - written_at
            else:
                self.visible_after.append(seen - written_at)


def installed_wrk() -> str | None:
    """The path of wrk, installed from Debian's packages first when it is missing and this
    runs as root on a machine with apt-get (as scripts/test installs Chromium)."""
    if shutil.which("wrk") is None and shutil.which("apt-get") and os.geteuid() == 0:
        print("installing wrk from Debian's packages", flush=True)
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
            subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
    return shutil.which("wrk")


def main() -> None:
    args = parse_arguments()
    require_gunicorn()
    wrk = installed_wrk()
    if wrk is None:
        sys.exit(WRK_MISSING)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` cleans up
    workdir = Path(tempfile.mkdtemp(prefix="syndesmos-bench-live-"))
    env = {**os.environ, "SYNDESMOS_STORE": args.store,
           "SYNDESMOS_LIMITS_DB": str(workdir / "limits.db"),
           "SYNDESMOS_INDEX_DIR": str(workdir / "saved-index"),
           **UNLIMITED}
    print(f"{args.store}: {args.size:,} stakeholders, {args.ties:,} ties (seed {args.seed}); "
          f"{args.workers} workers; wrk {args.threads} threads, {args.connections} connections; "
          f"load {load()}", flush=True)
    prepare_store(args.store, env, size=args.size, ties=args.ties, seed=args.seed,
                  reset=args.reset)
    token = admin_token(env)
    seekers = sample_entrepreneurs(args.store, args.sample, random.Random(args.seed))
    script = workdir / "matches.lua"
    script.write_text(LUA % {"ids": ", ".join(json.dumps(s) for s in seekers),
                             "seed": args.seed, "token": json.dumps(token), "api": API})
    port = free_port()
    client = Client(f"http://127.0.0.1:{port}", token, timeout=args.timeout)
    hidden: list[str] = []
    log = workdir / "gunicorn.log"
    with log.open("w") as log_file:
        server, started = start_gunicorn(args.workers, args.timeout, env, port, log_file)
    try:
        built = first_answer(client, seekers[0], server, started, log)
        print(f"first answer after start, the index built and saved: {built:.2f} s", flush=True)
        stop(server)
        with log.open("a") as log_file:
            server, started = start_gunicorn(args.workers, args.timeout, env, port, log_file)
        first = first_answer(client, seekers[0], server, started, log)
        print(f"first answer after a restart, the saved index read: {first:.2f} s", flush=True)
        results = {"first answer": f"{built:.1f} s built, {first:.1f} s restarted"}
        results |= measure(args, client, seekers, first, server.pid,
                           hidden, functools.partial(run_wrk, wrk, args, client.base_url, script))
    except BaseException:
        print(f"the service's log: {log}", file=sys.stderr)
        raise
    finally:
        try:
            stop(server)
        finally:
            show_again(args.store, hidden)
    print_summary(args, results)
    shutil.rmtree(workdir)


def measure(args, client: Client, seekers: list[str], first: float, master: int,
            hidden: list[str], load_for) -> dict[str, str]:
    """Warm up, then the runs asked for; the figures of each, by name. ``load_for(seconds)``
    runs wrk; ``hidden`` collects the candidates hidden, to be shown again at the end."""
    results = {}
    warm_up(client, seekers, args, first)
    writes = math.ceil(args.duration / args.write_every) + 3 if "mixed" in args.runs else 0
    pairs = best_candidates(client, seekers, args.probes + writes)
    if "read" in args.runs:
        results["read-only"] = report_run(f"read-only, {args.duration} s",
                                          load_for(args.duration))
        results["memory after read-only"] = report_memory(master)
        results["visible (quiet)"] = quiet_probes(client, pairs[:args.probes], hidden)
    if "mixed" in args.runs:
        with Writer(client, pairs[args.probes:], args.write_every, hidden) as writer:
            figures = load_for(args.duration)
        if writer.error is not None:
            raise writer.error
        results["mixed"] = report_run(
            f"mixed, {args.duration} s, a PATCH every {args.write_every:g} s", figures)
        results["visible (mixed)"] = report_writes(writer)
        results["memory after mixed"] = report_memory(master)
    return results


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_store_arguments(parser)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", nargs="+", choices=("read", "mixed"), default=["read", "mixed"])
    parser.add_argument("--duration", type=int, default=30, help="seconds of each run")
    parser.add_argument("--warmup", type=float, default=5.0,
                        help="seconds of each burst of load before the runs, repeated until "
                             "every worker answers quickly")
    parser.add_argument("--write-every", type=float, default=1.0,
                        help="seconds between the mixed run's writes")
    parser.add_argument("--probes", type=int, default=3,
                        help="writes timed on the quiet service, after the read-only run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--sample", type=int, default=2_000, help="entrepreneurs to ask about")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds gunicorn, wrk and the probes wait for one answer")
    args = parser.parse_args()
    resolve_store(args)
    return args


def load() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


def admin_token(env: dict) -> str:
    """A new token of the benchmark's admin, made first if need be."""
    if ADMIN not in cli(env, "users", "list").split():
        cli(env, "users", "create-admin", ADMIN, "--password", secrets.token_urlsafe(18))
    return cli(env, "tokens", "create", ADMIN, "--name", "bench-live",
               "--days", "1").splitlines()[-1].strip()


def sample_entrepreneurs(url: str, count: int, rng: random.Random) -> list[str]:
    """The ids of ``count`` entrepreneurs from random pages of the store, shuffled."""
    store = open_store(store_settings(url))

    def page(number: int, size: int = MAX_PAGE_SIZE):
        return store.find_stakeholders(StakeholderQuery(kind=Kind.ENTREPRENEUR, page=number,
                                                        page_size=size))

    pages = list(range(1, math.ceil(page(1, 1).total / MAX_PAGE_SIZE) + 1))
    rng.shuffle(pages)
    ids: list[str] = []
    for number in pages[:math.ceil(count / MAX_PAGE_SIZE)]:
        ids += [s.id for s in page(number).items]
    store.close()
    rng.shuffle(ids)
    return ids[:count]


def first_answer(client: Client, seeker: str, server: subprocess.Popen, started: float,
                 log: Path) -> float:
    """Seconds from starting gunicorn to its first 200 on the seeker's matches."""
    while True:
        try:
            client.matches(seeker)
            return time.monotonic() - started
        except OSError as error:  # refused until it listens; an HTTP error is an answer
            if isinstance(error, urllib.error.HTTPError) or server.poll() is not None:
                sys.exit(f"no answer from the service ({error}); its log:\n{log.read_text()}")
            time.sleep(POLL_SECONDS)


def warm_up(client: Client, seekers: list[str], args, first: float) -> None:
    """Load the service in bursts until no answer waits for an index to be built or brought
    forward in any worker. Each burst lasts
    ``--warmup`` seconds and waits for its last answers; the last burst's all came in under
    half the first answer's time (or a second)."""
    patience = max(1.0, first / 2)
    for _ in range(WARMUP_BURSTS):
        slowest = client.slowest_answer(seekers, args.connections, args.warmup)
        print(f"warm-up: {args.warmup:.0f} s of load, not counted (slowest answer "
              f"{slowest:.1f} s)", flush=True)
        if slowest < patience:
            return
    print("the answers are still slow after the warm-up: a worker may be building or restarting",
          flush=True)


def run_wrk(wrk: str, args, base_url: str, script: Path, seconds: float) -> dict:
    """wrk's figures for ``seconds`` of load (the Lua script's JSON line). wrk forgets the
    requests still unanswered when it stops: a worker that answers nothing in the run is seen
    only in fewer answers."""
    done = subprocess.run(
        [wrk, "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds:.0f}s",
         "--timeout", f"{args.timeout:.0f}s", "-s", str(script), base_url],
        capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"wrk failed:\n{done.stdout}{done.stderr}")
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def best_candidates(client: Client, seekers: list[str], count: int) -> list[tuple[str, str]]:
    """``count`` (seeker, its best candidate) pairs, no candidate twice."""
    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()
    for seeker in seekers:
        best = next((c for c in client.matches(seeker) if c not in taken), None)
        if best is not None:
            pairs.append((seeker, best))
            taken.add(best)
            if len(pairs) == count:
                return pairs
    sys.exit(f"only {len(pairs)} of the sampled entrepreneurs have matches; raise --sample")


def report_run(title: str, figures: dict) -> str:
    errors = {what: n for what, n in figures["errors"].items() if n}
    if not figures["requests"]:
        print(f"{title}: no answer at all (errors: {errors or 'none'}); load {load()}",
              flush=True)
        return "no answer"
    rate = figures["requests"] / figures["seconds"]
    summary = (f"{rate:,.1f} req/s, p50 {figures['p50_ms']:,.1f} ms, p99 "
               f"{figures['p99_ms']:,.1f} ms, max {figures['max_ms']:,.1f} ms")
    print(f"{title}: {summary} ({figures['requests']:,} answers; errors: "
          f"{errors or 'none'}); load {load()}", flush=True)
    return summary


def report_memory(master: int) -> str:
    """Print each process's memory; return the sums."""
    processes = [("master", master)] + [(f"worker {n}", pid)
                                        for n, pid in enumerate(child_pids(master), 1)]
    rows = [(name, memory_mb(pid)) for name, pid in processes]
    for name, figures in rows:
        print("  " + f"{name:<9}" + "  ".join(f"{what} {value:6.0f}"
                                             for what, value in figures.items()) + " MB")
    sums = {what: sum(figures.get(what, 0.0) for _, figures in rows)
            for what in ("rss", "pss", "uss") if what in rows[0][1]}
    summary = ", ".join(f"{what} {value:,.0f} MB" for what, value in sums.items())
    print(f"  in all: {summary}", flush=True)
    return summary


def quiet_probes(client: Client, pairs: list[tuple[str, str]], hidden: list[str]) -> str:
    """Hide and show again each pair's candidate; print and return how long each took to show
    in the seeker's matches."""
    delays = []
    for seeker, candidate in pairs:
        hidden.append(candidate)
        for present in (False, True):
            patch = client.patch_took(candidate, present)
            written = time.monotonic()
            seen = None if patch is None else client.seen_at(seeker, candidate, present)
            delays.append("failed" if patch is None else "never" if seen is None
                          else f"{seen - written:.2f} s")
            print(f"{'show' if present else 'hide'} {candidate}: PATCH "
                  f"{'failed' if patch is None else f'{patch:.2f} s'}, in {seeker}'s matches "
                  f"after {delays[-1]}", flush=True)
    report_failures(client)
    return ", ".join(delays)


def report_failures(client: Client) -> None:
    if client.failures:
        print(f"  {len(client.failures)} probe or write requests failed, the last: "
              f"{client.failures[-1]!r}", flush=True)
        client.failures.clear()


def report_writes(writer: Writer) -> str:
    seen = sorted(writer.visible_after)
    summary = (f"{len(writer.patch_seconds)} writes (PATCH median "
               f"{statistics.median(writer.patch_seconds):.2f} s); {len(seen)} probed: visible "
               f"after median {statistics.median(seen):.2f} s, max {seen[-1]:.2f} s"
               if seen else f"{len(writer.patch_seconds)} writes, none seen")
    if writer.unseen_for is not None:
        summary += f"; one still unseen after {writer.unseen_for:.1f} s when the run ended"
    print(f"  {summary}", flush=True)
    report_failures(writer.client)
    return summary


def show_again(url: str, hidden: list[str]) -> None:
    """Make the candidates the benchmark hid discoverable again: through the use case, since
    the service may be what failed."""
    if not hidden:
        return
    store = open_store(store_settings(url))
    desk = Stakeholders(store, SnapshotCache(store))
    for candidate in set(hidden):
        if not store.get_stakeholder(candidate).discoverable:
            desk.update_stakeholder(candidate, {"discoverable": True})
    store.close()
    hidden.clear()


def print_summary(args, results: dict[str, str]) -> None:
    print(f"\n{args.store}, {args.size:,} / {args.ties:,}, {args.workers} workers:")
    for name, figures in results.items():
        print(f"  {name:<24} {figures}")


if __name__ == "__main__":
    main()
