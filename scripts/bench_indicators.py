"""Benchmark indicators: a 12-month series of each indicator of the catalogue, over the demo.

Not a test: it prints timings and asserts nothing about them. It seeds the demo into a store
(an SQLite file under the temp directory by default, kept between runs; see
``scripts/served.py``), opens the app's use cases on it as the service does, reads the
snapshot once (timed apart), then asks each indicator's series of the 12 months before this
one — for a region (Attica by default) and for the whole ecosystem — as an admin
would through ``GET /api/v1/indicators/{code}``: twice, the second with the reports' frame of
the snapshot already made (as on any request after the first).

    python scripts/bench_indicators.py                    # 10^4 stakeholders, 6·10^4 ties
    python scripts/bench_indicators.py --size 100000 --store sqlite:////tmp/big.db
"""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta

from benchlib import peak_mb, timed
from served import UNLIMITED, add_store_arguments, prepare_store, resolve_store

from graph_models.use_cases.app import AppSettings, open_use_cases

# The parameters each indicator is asked with (the others need none).
PARAMETERS = {
    "connected_pairs": {"group_a": "investor", "group_b": "entrepreneur:koinsep"},
    "pair_density": {"group_a": "investor", "group_b": "entrepreneur:koinsep"},
    "new_entities": {"legal_form": "koinsep"},
}


def twelve_months(today: date) -> tuple[date, date]:
    """The 12 months before the month of ``today``."""
    end = today.replace(day=1) - timedelta(days=1)
    return date(end.year - 1, end.month % 12 + 1, 1) if end.month < 12 else \
        date(end.year, 1, 1), end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_store_arguments(parser)
    parser.add_argument("--region", default="EL30", help="the territory (default Attica)")
    args = parser.parse_args()
    resolve_store(args)
    env = {**os.environ, "SYNDESMOS_STORE": args.store, **UNLIMITED}
    prepare_store(args.store, env, size=args.size, ties=args.ties, seed=args.seed,
                  reset=args.reset)
    use_cases = open_use_cases(AppSettings(args.store))
    try:
        start, end = twelve_months(date.today())
        _, warming = timed(lambda: use_cases.indicators.series(
            "stakeholders", region=args.region, start=start, end=end))
        catalogue = use_cases.indicators.catalogue()
        print(f"{args.size:,} stakeholders, {args.ties:,} ties; the snapshot read and a first "
              f"series in {warming:.2f} s; period {start} to {end}")
        for territory in (args.region, None):
            print(f"\n{territory or 'whole ecosystem'}: seconds for a 12-month series "
                  "(first, again)")
            for indicator in catalogue:
                def ask(code=indicator.code, territory=territory):
                    return use_cases.indicators.series(
                        code, region=territory, start=start, end=end,
                        parameters=PARAMETERS.get(code))
                found, first = timed(ask)
                _, again = timed(ask)
                last = found.points[-1].value
                print(f"  {indicator.code:<24} {first:6.3f} {again:6.3f}   last value "
                      f"{'—' if last is None else round(last, 3)}")
        print(f"\npeak memory {peak_mb():.0f} MB")
    finally:
        use_cases.close()


if __name__ == "__main__":
    main()
