"""Benchmark a matchfunding campaign taking pledges through the use case, on a real store.

Not a test: it prints figures and asserts nothing about them. It launches one campaign, defines
``--pools`` matching pools that all match it (1:1, capped per pledge), and has ``--pledgers``
investors' members pledge ``--pledges`` times in all from ``--threads`` threads at once, each
pledge one transaction that computes and writes its matches (``Campaigns.pledge``). It prints
pledges a second and the p50/p99 time of one pledge, then checks that no pool went past its cap.

    python scripts/bench_campaign.py
    python scripts/bench_campaign.py --store bolt://127.0.0.1:7687 --threads 4
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

from benchlib import empty_store

from graph_models.domain.accounts import Role, User
from graph_models.domain.stakeholders import Kind, Stakeholder, new_id, now
from graph_models.stores import open_store
from graph_models.use_cases.campaigns import Campaigns


def setup(store, pools: int, pledgers: int) -> tuple[str, list[tuple[User, str]]]:
    """A campaign, its pools and the pledgers (a member each): the campaign's id, the pairs."""
    at = now()

    def stakeholder(kind: Kind, name: str) -> Stakeholder:
        return store.create_stakeholder(Stakeholder(new_id(), kind, name, "EL303",
                                                    created_at=at, updated_at=at))

    coop = stakeholder(Kind.ENTREPRENEUR, "Κοιν.Σ.Επ.")
    desk = Campaigns(store)
    deadline = at + timedelta(days=30)
    campaign = desk.launch(coop.id, {"title": "Bench", "minimum": Decimal(10_000),
                                     "optimum": Decimal(10_000_000), "deadline": deadline})
    for n in range(pools):
        desk.define_pool(stakeholder(Kind.INVESTOR, f"Pool owner {n}").id, {
            "name": f"Pool {n}", "cap": Decimal(50_000), "deadline": deadline + timedelta(n),
            "per_pledge_cap": Decimal(20)})
    members = []
    for n in range(pledgers):
        investor = stakeholder(Kind.INVESTOR, f"Pledger {n}")
        members.append((User(id=new_id(), username=f"m{n}", role=Role.MEMBER,
                             memberships=(investor.id,)), investor.id))
    return campaign.id, members


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default=None, help="a store URL (default: a new SQLite file)")
    parser.add_argument("--pledges", type=int, default=2_000)
    parser.add_argument("--pledgers", type=int, default=200)
    parser.add_argument("--pools", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    url = args.store or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    empty_store(url)
    store = open_store(url)
    store.ensure_schema()
    campaign_id, members = setup(store, args.pools, args.pledgers)
    desk = Campaigns(store)

    def pledge(n: int) -> float:
        actor, stakeholder_id = members[n % len(members)]
        start = time.perf_counter()
        desk.pledge(campaign_id, stakeholder_id, Decimal(25 + n % 50), actor=actor)
        return time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        seconds = sorted(pool.map(pledge, range(args.pledges)))
    wall = time.perf_counter() - start
    totals = desk.campaign(campaign_id).totals
    used = [view.used for view in desk.list_pools()]
    print(f"store {url.split(':')[0]}, {args.threads} thread(s), {args.pools} pools: "
          f"{args.pledges} pledges in {wall:.2f} s = {args.pledges / wall:.0f} pledges/s; "
          f"per pledge p50 {statistics.median(seconds) * 1000:.1f} ms, "
          f"p99 {seconds[int(0.99 * (len(seconds) - 1))] * 1000:.1f} ms")
    print(f"raised {totals.raised} € ({totals.pledges} pledges, {totals.matched} € matched); "
          f"pools used {[str(u) for u in used]} of 50000 each")
    store.close()


if __name__ == "__main__":
    main()
