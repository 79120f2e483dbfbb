"""Benchmark free-text search (``GET /stakeholders?q=…``) at scale, on SQLite or Neo4j.

Not a test: it prints timings and asserts nothing about them. It seeds the demo with
``syndesmos demo --size N`` (10⁴ by default) into the store (by default an SQLite file per
size under the temp directory, reused on the next run), then times, for each query below,
``--repeats`` searches of a first page of 20 through the use case (the total counted and the
page read, as the API does): the median and the worst. It also times making every
stakeholder's search key from scratch, what ``ensure_schema`` does once after
``SEARCH_KEY_VERSION`` changes (the keys' part of it: the store's writes come on top).

    python scripts/bench_search.py
    python scripts/bench_search.py --store bolt://127.0.0.1:7692 --size 10000
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from benchlib import cli, timed

from graph_models.domain.queries import MAX_PAGE_SIZE, StakeholderQuery
from graph_models.domain.search_keys import sound_key
from graph_models.stores import StoreSettings, open_store
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders

QUERIES = (
    ("one Greek word", "συνεταιρισμος", None),
    ("Greeklish", "synetairismos", None),
    ("English place name", "Athens", None),
    ("abbreviation, dotted", "Κοιν.Σ.Επ.", None),
    ("three words, any order", "athina koinsep kouzina", None),
    ("one letter (finds most)", "a", None),
    ("no match", "zzzxq", None),
    ("long text, 12 words", "κοινωνικη συνεταιριστικη επιχειρηση αθηνα thessaloniki "
                            "kouzina enallaktiki energeia anakyklosi ekpaideusi mathisi ergasia",
     None),
    ("word and region by name", "koinsep", "Attica"),
)


def main() -> None:
    args = arguments()
    env = {**os.environ, "SYNDESMOS_STORE": args.store}
    said, seconds = timed(lambda: cli(env, "demo", "--size", str(args.size), "--seed",
                                      str(args.seed), "--if-empty"))
    print(f"{args.store}: {said.splitlines()[0]} ({seconds:.0f} s)", flush=True)
    store = open_store(StoreSettings(
        args.store, neo4j_user=os.environ.get("SYNDESMOS_NEO4J_USER"),
        neo4j_password=os.environ.get("SYNDESMOS_NEO4J_PASSWORD"),
        neo4j_database=os.environ.get("SYNDESMOS_NEO4J_DATABASE", "neo4j")))
    store.ensure_schema()
    stakeholders = Stakeholders(store, SnapshotCache(store))
    held = stakeholders.find_stakeholders(StakeholderQuery(page_size=1)).total
    print(f"{held:,} stakeholders; {args.repeats} searches of a page of 20 each")
    print(f"{'query':<28} {'found':>7} {'median ms':>10} {'worst ms':>9}")
    for label, text, region in QUERIES:
        query = StakeholderQuery(text=text, region=region)
        stakeholders.find_stakeholders(query)  # warm: caches and the store's pages
        times, total = [], 0
        for _ in range(args.repeats):
            page, took = timed(lambda q=query: stakeholders.find_stakeholders(q))
            times.append(took * 1000)
            total = page.total
        print(f"{label:<28} {total:>7,} {statistics.median(times):>10.1f} {max(times):>9.1f}")
    everyone = [s for number in range(1, held // MAX_PAGE_SIZE + 2)
                for s in store.find_stakeholders(StakeholderQuery(
                    page=number, page_size=MAX_PAGE_SIZE)).items]
    sound_key.cache_clear()
    keys, took = timed(lambda: [s.search_text for s in everyone])
    print(f"search keys of {len(everyone):,} stakeholders made anew: {took:.2f} s "
          f"(mean {sum(map(len, keys)) / max(1, len(keys)):.0f} characters a key)")
    store.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="stakeholders of the demo")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--store", help="a store URL (default: an SQLite file per size under "
                                        "the temp directory)")
    args = parser.parse_args()
    if args.store is None:
        path = Path(tempfile.gettempdir()) / "syndesmos-bench" / (
            f"search-{args.size}-{args.seed}.db")
        path.parent.mkdir(exist_ok=True)
        args.store = f"sqlite:///{path}"
    return args


if __name__ == "__main__":
    main()
