"""Benchmark: bulk-import a demo ecosystem into a store, then export it and build the snapshot.

Not a test: it prints timings and peak memory, and asserts nothing about them.

    python scripts/bench_import.py --store sqlite:////tmp/bench.db --size 100000 --ties 1000000
    python scripts/bench_import.py --store bolt://127.0.0.1:7689 --size 100000 --ties 1000000

With ``--file-mb 50`` it writes the demo as a JSON Lines file of that size instead (about a
quarter of its lines stakeholders, with descriptions long enough to make the size) and imports
it as ``POST /import`` does: parsed line by line, checked and written by the use case.

Run one store per process so that peak memory (ru_maxrss) belongs to that store alone. The store
is emptied first (SQLite: the file is deleted; Neo4j: every node is deleted).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import resource
import time

from benchlib import empty_store

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import (
    GraphExport,
    StakeholderImport,
    StakeholderRef,
    TieImport,
)
from graph_models.domain.snapshot import build_snapshot
from graph_models.stores import open_store
from graph_models.use_cases.interchange import Interchange
from service.interchange import export_lines, parse_lines

# Lines per megabyte of the file that failed on Neo4j (67,401 lines, 50 MB).
LINES_PER_MB = 1348
NEWLINE = b"\n"
PADDING = "Κοινωνική και αλληλέγγυα οικονομία στη γειτονιά. "


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<28} {time.perf_counter() - start:8.2f} s   peak RSS {peak_memory_mb():8.0f} MB",
          flush=True)
    return result


def import_demo(store, args) -> None:
    """Generate and import the demo twice (the second run must change nothing)."""
    demo = timed(f"generate {args.size}/{args.ties}",
                 lambda: generate_ecosystem(args.size, ties=args.ties, seed=args.seed))
    stakeholders = [StakeholderImport(s) for s in demo.stakeholders]
    ties = [TieImport(t, StakeholderRef(id=t.source), StakeholderRef(id=t.target))
            for t in demo.ties]
    result = timed("bulk import", lambda: store.bulk_upsert(stakeholders, ties))
    print(f"  {result}")
    again = timed("same import again", lambda: store.bulk_upsert(stakeholders, ties))
    print(f"  {again}")


def demo_file(megabytes: int, seed: int) -> bytes:
    """The demo as a JSON Lines file of about ``megabytes`` MB."""
    lines = megabytes * LINES_PER_MB
    demo = generate_ecosystem(lines // 4, ties=lines - lines // 4, seed=seed)
    plain = sum(len(line.encode()) for line in export_lines(GraphExport(0, demo.stakeholders,
                                                                        demo.ties)))
    # Each character of the padding is two bytes in UTF-8.
    room = max(0, (megabytes * 1024 * 1024 - plain) // (2 * len(demo.stakeholders)))
    padded = [dataclasses.replace(s, description=(s.description + " " + PADDING * (
        room // len(PADDING) + 1))[:room + len(s.description)]) for s in demo.stakeholders]
    return "".join(export_lines(GraphExport(0, padded, demo.ties))).encode()


def import_file(store, args) -> None:
    """Import the demo as a file, as POST /import does, twice (the second changes nothing)."""
    body = timed(f"generate {args.file_mb} MB file", lambda: demo_file(args.file_mb, args.seed))
    print(f"  {len(body) / 1e6:.1f} MB, {body.count(NEWLINE)} lines")
    interchange = Interchange(store)

    def parse_and_import():
        stakeholders, ties, errors = parse_lines(io.BytesIO(body))
        return interchange.import_lines(stakeholders, ties, parse_errors=errors)

    for label in ("import file (parse + write)", "same file again"):
        print(f"  {timed(label, parse_and_import)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--ties", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--file-mb", type=int, default=None,
                        help="import the demo as a JSON Lines file of this size instead")
    args = parser.parse_args()

    empty_store(args.store)
    store = open_store(args.store)
    store.ensure_schema()
    (import_file if args.file_mb else import_demo)(store, args)
    export = timed("export", store.export)
    snapshot = timed("build snapshot", lambda: build_snapshot(export))
    print(f"snapshot: {snapshot.graph.number_of_nodes()} nodes, "
          f"{snapshot.graph.number_of_edges()} edges, version {snapshot.version}")
    store.close()


if __name__ == "__main__":
    main()
