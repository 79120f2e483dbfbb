"""What the benchmark scripts share: a stopwatch, memory figures, emptying a store, and
running the command line."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

# The fields of /proc/<pid>/smaps_rollup whose sum is what the process alone holds (its USS).
PRIVATE_FIELDS = ("Private_Clean", "Private_Dirty")


def peak_mb() -> float:
    """The peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action):
    """Run ``action``; return its result and the wall-clock seconds it took."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def child_pids(pid: int) -> list[int]:
    """The ids of a process's children (Linux ≥ 3.5), in the order the kernel lists them."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def memory_mb(pid: int) -> dict[str, float]:
    """A process's memory in MB: ``rss`` and its ``peak`` RSS (from /proc/<pid>/status), and —
    when /proc/<pid>/smaps_rollup is readable — ``pss`` (shared pages split between the
    processes that share them) and ``uss`` (pages of its own), which tell whether workers share
    what they load or each hold a copy."""
    kib = _kib_fields(Path(f"/proc/{pid}/status"))
    figures = {"rss": kib["VmRSS"] / 1024, "peak": kib["VmHWM"] / 1024}
    try:
        rollup = _kib_fields(Path(f"/proc/{pid}/smaps_rollup"))
    except OSError:  # not ours to read, or an older kernel
        return figures
    figures["pss"] = rollup["Pss"] / 1024
    figures["uss"] = sum(rollup[name] for name in PRIVATE_FIELDS) / 1024
    return figures


def _kib_fields(path: Path) -> dict[str, int]:
    """The ``Name: N kB`` lines of a /proc file, as {name: N}."""
    fields = {}
    for line in path.read_text().splitlines():
        name, _, value = line.partition(":")
        number, _, unit = value.strip().partition(" ")
        if unit == "kB":
            fields[name] = int(number)
    return fields


def empty_store(url: str) -> None:
    """Delete everything a store holds (SQLite: the file; Neo4j: every node)."""
    if urlsplit(url).scheme == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import neo4j  # scripts may use the driver directly for such housekeeping

        with (neo4j.GraphDatabase.driver(url, auth=None) as driver,
              driver.session(database="neo4j") as session):
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS "
                        "OF 10000 ROWS").consume()


def cli(env: dict, *arguments: str) -> str:
    """Run ``syndesmos`` (the one installed beside this Python) and return what it printed."""
    command = shutil.which("syndesmos", path=str(Path(sys.executable).parent)) or "syndesmos"
    done = subprocess.run([command, *arguments], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"syndesmos {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout
