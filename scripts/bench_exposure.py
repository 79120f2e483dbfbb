"""Benchmark the exposure-aware re-ranking on a store: the inclusion report for a few settings,
and the latency it adds to a match request.

Not a test: it prints figures and asserts nothing about them. The SQLite file given is copied to
a temporary folder first (the original is never written). For each setting it prints the
inclusion report (:func:`graph_models.matching.inclusion.inclusion_report`) of every seeker of
``--seekers`` asking for ``--kind``; then it times ``recommend(limit=10)`` (default kinds) for
``--requests`` seekers drawn at random (seeded), each with the re-ranking off then with the first
setting, and prints the median and 99th percentile of each and of the difference per request.

    python scripts/bench_exposure.py /tmp/syndesmos-bench/demo-10000-100000-7.db
    python scripts/bench_exposure.py demo.db --seekers entrepreneur --kind investor \\
        --settings 0.1:0.3:2 0.05:0.3:0
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from benchlib import timed

from graph_models.matching import recommend
from graph_models.matching.config import DEFAULT_WEIGHTS
from graph_models.matching.inclusion import inclusion_report
from graph_models.stores import open_store
from graph_models.use_cases.live_index import LiveMatchIndex


def setting(text: str):
    """``bound:share:small_degree`` as match weights."""
    bound, share, small = text.split(":")
    return DEFAULT_WEIGHTS.with_terms({}, exposure_bound=float(bound),
                                      exposure_share=float(share),
                                      exposure_small_degree=int(small))


def latencies(index, seekers, off, on) -> tuple[np.ndarray, np.ndarray]:
    """Milliseconds of one ``recommend(limit=10)`` per seeker with ``off`` then ``on`` weights,
    back to back, so that both see the same load of a shared machine."""
    times = []
    for seeker in seekers:
        pair = []
        for weights in (off, on):
            start = time.perf_counter()
            recommend(index, seeker, limit=10, weights=weights)
            pair.append((time.perf_counter() - start) * 1000)
        times.append(pair)
    table = np.array(times)
    return table[:, 0], table[:, 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="an SQLite store file (copied, never written)")
    parser.add_argument("--seekers", default="entrepreneur")
    parser.add_argument("--kind", default=None, help="candidate kind (default: all that fit)")
    parser.add_argument("--settings", nargs="+", default=["0.1:0.3:2"],
                        help="bound:share:small_degree, each one report")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "store.db"
        shutil.copyfile(args.store, copy)
        store = open_store(f"sqlite:///{copy}")
        index, seconds = timed(LiveMatchIndex(store).get)
        print(f"index of {index.n} stakeholders in {seconds:.1f} s")
        for text in args.settings:
            report, seconds = timed(lambda text=text: inclusion_report(
                index, seekers=args.seekers, kind=args.kind, weights=setting(text)))
            print(f"setting {text} ({seconds:.0f} s): {report.seekers} seekers, "
                  f"{report.providers} providers, {report.newcomers} newcomers, "
                  f"{report.small} with few ties")
            for name, figures in (("before", report.before), ("after", report.after)):
                print(f"  {name:<6} Gini {figures.gini:.3f}  newcomers seen "
                      f"{figures.newcomers_seen:.3f}  few-ties seen {figures.small_seen:.3f}  "
                      f"mean score {figures.mean_score:.2f}")
            print(f"  NDCG kept {report.ndcg:.4f}  lists with a promotion {report.promoted:.3f}")
        rng = np.random.default_rng(args.seed)
        chosen = [index.ids[i] for i in rng.choice(index.n, min(args.requests, index.n),
                                                      replace=False)]
        on = setting(args.settings[0])
        latencies(index, chosen[:20], DEFAULT_WEIGHTS, on)  # warm the caches
        off_ms, on_ms = latencies(index, chosen, DEFAULT_WEIGHTS, on)
        for name, values in (("off", off_ms), ("on", on_ms), ("added", on_ms - off_ms)):
            print(f"recommend {name:<5} p50 {np.percentile(values, 50):6.2f} ms  "
                  f"p99 {np.percentile(values, 99):6.2f} ms")
        store.close()


if __name__ == "__main__":
    main()
