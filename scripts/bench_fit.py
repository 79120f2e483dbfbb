"""Benchmark: what fitting the match weights on a store's own history costs (a nightly refit).

Not a test: it prints timings, and asserts nothing about them.

    python scripts/bench_fit.py /tmp/syndesmos-bench/demo-10000-100000-7.db \\
        /tmp/syndesmos-bench/demo-100000-1000000-7.db

Each SQLite demo store named (made by ``scripts/served.py``'s ``prepare_store``, or
``syndesmos demo``) is COPIED into a temporary folder first, and only the copy is written:
for each relation the store's export is read, the weights fitted by temporal hold-out
(:func:`graph_models.matching.calibration.fit_weights`, as ``syndesmos fit-matches`` does) and
the model saved and activated, each step timed; then how long the matches use case takes to
notice the new model on its next request.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from graph_models.domain.errors import Conflict
from graph_models.domain.match_models import MatchModel
from graph_models.domain.stakeholders import TieType, now
from graph_models.matching import calibration
from graph_models.stores import open_store
from graph_models.use_cases.live_index import LiveMatchIndex
from graph_models.use_cases.match_models import MatchModels
from graph_models.use_cases.matches import Matches


def seconds(action):
    """(result, wall-clock seconds) of ``action()``."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def bench(path: Path, relations: list[TieType]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        (_, copied) = seconds(lambda: shutil.copyfile(path, copy))
        store = open_store(f"sqlite:///{copy}")
        store.ensure_schema()  # a store made before the match models gets their table
        export, read = seconds(store.export)
        print(f"{path.name}: {len(export.stakeholders):,} stakeholders, {len(export.ties):,} "
              f"ties (copied in {copied:.0f} s, export read in {read:.1f} s)", flush=True)
        for relation in relations:
            fit, took = seconds(lambda relation=relation: calibration.fit_weights(
                export.stakeholders, export.ties, relation=relation))
            print(f"  {relation.value}: fit {took:.1f} s on {fit.history:,} dated ties, "
                  f"{fit.ventures:,} ventures in the hidden year ({fit.cold_ventures:,} cold); "
                  f"fitted: {fit.fitted}", flush=True)
            if fit.fitted:
                print(f"    warm recall@10 / MRR {fit.before[0]:.3f} / {fit.before[1]:.3f} → "
                      f"{fit.after[0]:.3f} / {fit.after[1]:.3f}; cold {fit.cold_before[0]:.3f}"
                      f" / {fit.cold_before[1]:.3f} → {fit.cold_after[0]:.3f} / "
                      f"{fit.cold_after[1]:.3f}", flush=True)
        _, whole = seconds(lambda: _fit_through_use_case(store))
        print(f"  the whole FUNDED refit through the use case (export, fit, save, activate): "
              f"{whole:.1f} s", flush=True)
        _noticed(store)
        store.close()


def _fit_through_use_case(store) -> MatchModel | None:
    try:
        return MatchModels(store).fit({"relation": "FUNDED", "activate": True})
    except Conflict as thin:
        print(f"    {thin}: {thin.errors}", flush=True)
        return None


def _noticed(store) -> None:
    """A request's time before and after a new model is activated (the index brought forward
    from the feed, the active models read again once)."""
    index = LiveMatchIndex(store)
    matches = Matches(store, index)
    live = index.get()
    seeker = next(live.ids[r] for r, s in enumerate(live.stakeholders)
                  if s.kind.value == "entrepreneur")
    _, warm = seconds(lambda: matches.matches(seeker, kind="investor"))
    _, again = seconds(lambda: matches.matches(seeker, kind="investor"))
    active = store.active_match_models().get("FUNDED")
    if active is not None:  # the same weights saved again as a new version, and activated
        store.save_match_model(active, activate=True)
    _, after = seconds(lambda: matches.matches(seeker, kind="investor"))
    print(f"  a match request: {warm * 1000:.0f} ms, again {again * 1000:.0f} ms, right after a "
          f"model is activated {after * 1000:.0f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path, help="SQLite demo store files (copied)")
    parser.add_argument("--relations", default="FUNDED,SUPPORTED,MENTORS",
                        help="comma-separated relations to fit apart (default: all three; "
                             "empty: only the FUNDED refit through the use case)")
    args = parser.parse_args()
    relations = [TieType(r.strip().upper()) for r in args.relations.split(",") if r.strip()]
    for path in args.stores:
        if not path.is_file():
            sys.exit(f"{path}: no such file")
        bench(path, relations)
    print(f"done {now():%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
