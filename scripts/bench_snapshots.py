"""Benchmark what a write costs the next report and the next warm-path request.

Not a test: it prints timings and asserts nothing about them. Before the change feed reached
the shared snapshot, every write made the next reader rebuild it from a full export (and read
the new graph into the report arrays again); now the snapshot and the arrays are brought
forward by the changes. On a store that holds the demo ecosystem (``syndesmos demo``, or the
file ``bench_live.py`` seeds; the script writes to it, so give it a copy) it times, through the
use cases:

* the first build (export and networkx graph), which is what every write cost the next reader
  before, the first warm path of it and the first report of everything (its arrays read from
  the graph, the report's scope taken from them, then the measures);
* ``--writes`` times: a profile edit (a stakeholder renamed, as ``PATCH /stakeholders/{id}``
  does), then the next warm path: bringing the snapshot forward, then the path; another
  edit, then the next report: bringing forward, the arrays, the measures.

    python scripts/bench_snapshots.py --store sqlite:////tmp/copy/demo-10000-100000-7.db
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import random  # noqa: E402

from benchlib import peak_mb, timed  # noqa: E402

from graph_models.domain.stakeholders import Kind  # noqa: E402
from graph_models.reports import ecosystem_report  # noqa: E402
from graph_models.reports.frame import frame_of  # noqa: E402
from graph_models.stores import open_store  # noqa: E402
from graph_models.use_cases.introductions import Introductions  # noqa: E402
from graph_models.use_cases.snapshots import SnapshotCache  # noqa: E402
from graph_models.use_cases.stakeholders import Stakeholders  # noqa: E402


def first_version(snapshots: SnapshotCache) -> int:
    with snapshots.reading() as snapshot:
        return snapshot.version


def report_parts(snapshots: SnapshotCache) -> dict[str, float]:
    """A report of everything, with the seconds of the graph's arrays (``frame_of``), of the
    report's scope taken from them, and of the measures."""
    parts: dict[str, float] = {}
    with snapshots.reading() as snapshot:
        _, arrays = timed(lambda: frame_of(snapshot.graph))
        ecosystem_report(snapshot.graph, version=snapshot.version, timings=parts)
    return {"arrays": arrays, "scope": parts.pop("frame"), "measures": sum(parts.values())}


def path_pair(snapshots: SnapshotCache, rng: random.Random) -> tuple[str, str]:
    """An entrepreneur and a discoverable investor two or three ties apart (or any pair)."""
    with snapshots.reading() as snapshot:
        G = snapshot.graph
        entrepreneurs = sorted(n for n, d in G.nodes(data=True)
                               if d["kind"] == Kind.ENTREPRENEUR and G.degree(n))
        requester = rng.choice(entrepreneurs)
        near = {m for n in G.adj[requester] for m in G.adj[n]} - set(G.adj[requester])
        investors = sorted(n for n in near if G.nodes[n]["kind"] == Kind.INVESTOR
                           and G.nodes[n]["discoverable"])
        return requester, rng.choice(investors or sorted(near - {requester}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="a store URL holding the demo (a copy)")
    parser.add_argument("--writes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    store = open_store(args.store)
    store.ensure_schema()  # as the service does: a store made before the change feed gets one
    snapshots = SnapshotCache(store)
    people = Stakeholders(store, snapshots)
    desk = Introductions(store, snapshots)

    version, built = timed(lambda: first_version(snapshots))
    with snapshots.reading() as snapshot:
        size = (snapshot.graph.number_of_nodes(), snapshot.graph.number_of_edges())
    print(f"{args.store}: {size[0]:,} stakeholders, {size[1]:,} ties, version {version}")
    print(f"first build (export + graph; before, every write cost this): {built:.2f} s")
    requester, target = path_pair(snapshots, rng)
    found, path = timed(lambda: desk.paths(requester, target))
    print(f"first warm path ({len(found.paths)} found): {1000 * path:.1f} ms")
    parts = report_parts(snapshots)
    print(f"first report: arrays {parts['arrays']:.2f} s, its scope {parts['scope']:.2f} s, "
          f"measures {parts['measures']:.2f} s")

    with snapshots.reading() as snapshot:
        edited = rng.sample(sorted(snapshot.graph), 2 * args.writes)
    for i in range(args.writes):
        people.update_stakeholder(edited[2 * i], {"name": f"Μετονομασία {i}"})
        _, forward = timed(lambda: first_version(snapshots))
        _, path = timed(lambda: desk.paths(requester, target))
        people.update_stakeholder(edited[2 * i + 1], {"name": f"Μετονομασία {i}"})
        _, forward_again = timed(lambda: first_version(snapshots))
        parts = report_parts(snapshots)
        print(f"a write, then: bringing forward {1000 * forward:.1f} ms + warm path "
              f"{1000 * path:.1f} ms; a write, then: bringing forward "
              f"{1000 * forward_again:.1f} ms + report: arrays {parts['arrays']:.2f} s, "
              f"its scope {parts['scope']:.2f} s, measures {parts['measures']:.2f} s")
    print(f"version {snapshots.version}; peak RSS {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
