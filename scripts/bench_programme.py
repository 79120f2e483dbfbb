"""Benchmark a mentorship programme end to end through the use cases, on a real store.

Not a test: it prints timings and asserts nothing about them. It bulk-imports the demo
ecosystem (``--size`` stakeholders, 6 ties each) into ``--store`` (a fresh SQLite file by
default), opens a programme, enrols ``--mentees`` entrepreneurs and ``--mentors`` mentors (a
seeded sample, capacities 1–5) and times what a coordinator waits for: enrolment, the proposal
(scored, solved and every pair explained), an edit (which answers with the explained draft
again), publishing (every pair a mentorship, one transaction) and the report.

    python scripts/bench_programme.py
    python scripts/bench_programme.py --store bolt://127.0.0.1:7687 --mentees 500 --mentors 150
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import Counter
from datetime import date

from benchlib import timed

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import StakeholderImport, StakeholderRef, TieImport
from graph_models.domain.programmes import MentorEnrolment
from graph_models.domain.stakeholders import Kind
from graph_models.mentorship import mentors_of
from graph_models.stores import open_store
from graph_models.use_cases.programme_drafts import Edit
from graph_models.use_cases.programmes import Programmes
from graph_models.use_cases.snapshots import SnapshotCache


def built_version(snapshots: SnapshotCache) -> int:
    """The version of the snapshot, built on this first reading."""
    with snapshots.reading() as snapshot:
        return snapshot.version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default=None, help="a store URL (default: a new SQLite file)")
    parser.add_argument("--size", type=int, default=5_000)
    parser.add_argument("--mentees", type=int, default=2_000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    url = args.store or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    store = open_store(url)
    store.ensure_schema()
    demo = generate_ecosystem(args.size, seed=args.seed)
    _, t_import = timed(lambda: store.bulk_upsert(
        [StakeholderImport(s) for s in demo.stakeholders],
        [TieImport(t, StakeholderRef(id=t.source), StakeholderRef(id=t.target))
         for t in demo.ties]))
    snapshots = SnapshotCache(store)
    desk = Programmes(store, snapshots)
    _, t_snapshot = timed(lambda: built_version(snapshots))
    print(f"{url}: {args.size:,} stakeholders imported in {t_import:.1f} s, snapshot "
          f"{t_snapshot:.1f} s")

    with snapshots.reading() as snapshot:
        G = snapshot.graph
        able = [m.id for m in mentors_of(G)]
        chosen = sorted(rng.sample(able, args.mentors))
        taken = set(chosen)
        pool = sorted(n for n in G if G.nodes[n]["kind"] == Kind.ENTREPRENEUR
                      and n not in taken)
    programme = desk.open_programme("bench", "EL", date(2026, 12, 1)).programme
    _, t_enrol = timed(lambda: desk.enrol(
        programme.id, mentees=rng.sample(pool, args.mentees),
        mentors=[MentorEnrolment(m, rng.randint(1, 5)) for m in chosen]))
    view, t_propose = timed(lambda: desk.propose(programme.id))
    reasons = Counter(u.reason.value for u in view.unplaced)
    print(f"enrol {args.mentees:,} mentees and {args.mentors:,} mentors: {t_enrol:.2f} s")
    print(f"propose (score, solve, explain every pair): {t_propose:.2f} s — placed "
          f"{len(view.pairs):,}, unplaced {dict(reasons)}")
    first = view.pairs[0].pair.mentee_id
    _, t_edit = timed(lambda: desk.edit(programme.id, Edit.PIN, first))
    print(f"an edit (answered with the explained draft): {t_edit:.2f} s")
    published, t_publish = timed(lambda: desk.publish(programme.id))
    print(f"publish {published.mentorships:,} mentorships: {t_publish:.2f} s")
    _, t_report = timed(lambda: desk.report(programme.id))
    print(f"report: {t_report:.2f} s")
    store.close()


if __name__ == "__main__":
    main()
