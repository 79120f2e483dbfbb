"""``syndesmos evaluate-history``: how well matches predict a real funding history.

    syndesmos evaluate-history funding.csv.gz --split 2011-01-01
    syndesmos evaluate-history funding.csv --fit
    syndesmos evaluate-history funding.csv --exposure-bound 0.1

The file is read in the shared funding format; what is known before the split is imported into
a fresh temporary store (never the configured one) through the import use case, and the
figures of Syndesmos and of the baselines are printed side by side.
"""

from __future__ import annotations

import click

from graph_models.domain.errors import SyndesmosError
from graph_models.use_cases.funding_history import read_rows
from graph_models.use_cases.history_evaluation import default_split, evaluate_history
from graph_models.use_cases.matches import match_weights
from service.cli_errors import fail

DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.command("evaluate-history")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--split", type=DAY, default=None,
              help="YYYY-MM-DD: what is known before it; the truth is the year after "
                   "(default: one year before the file's latest date)")
@click.option("--fit", is_flag=True,
              help="fit the term weights on the history before the split first")
@click.option("--exposure-bound", type=float, default=None,
              help="rank with the exposure-aware re-ranking of this bound (docs/matches.md)")
def evaluate_history_command(csv_file, split, fit, exposure_bound) -> None:
    """Measure recall@10 and MRR of matches against the baselines on a funding history."""
    rows = read_rows(csv_file)
    at = split.date() if split else default_split(rows)
    try:
        weights = match_weights(None if exposure_bound is None
                                else {"exposure_bound": exposure_bound})
        result = evaluate_history(rows, at, weights=weights, fit_weights=fit,
                                  progress=lambda text: click.echo(text, err=True))
    except SyndesmosError as error:
        fail(error)
    click.echo(f"split {at.isoformat()}: {result.investors} investors, "
               f"{result.companies - result.investors} companies, {result.ties} ties known")
    click.echo(f"{'case':<6} {'method':<32} {'companies':>9} {'recall@10':>9} {'MRR':>6}")
    for case, method, ventures, recall, mrr in result.table():
        click.echo(f"{case:<6} {method:<32} {ventures:>9} {recall:>9.3f} {mrr:>6.3f}")
