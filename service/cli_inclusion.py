"""``syndesmos inclusion-report``: how evenly the configured store's matches spread attention
over providers, by score alone and with the exposure-aware re-ranking.

    syndesmos inclusion-report
    syndesmos inclusion-report --seekers entrepreneur --kind investor --bound 0.2
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from graph_models.domain.errors import SyndesmosError
from graph_models.domain.stakeholders import Kind, Pillar
from graph_models.use_cases.inclusion import REPORT_BOUND, store_inclusion
from service.cli_errors import fail
from service.extensions import use_cases

KINDS = click.Choice([k.value for k in Kind])


@click.command("inclusion-report")
@click.option("--seekers", type=KINDS, default="entrepreneur", show_default=True,
              help="whose matches: every stakeholder of this kind")
@click.option("--kind", type=KINDS, default=None, help="candidates of this kind only")
@click.option("--pillar", type=click.Choice([p.value for p in Pillar]), default=None)
@click.option("--bound", type=float, default=None,
              help=f"exposure_bound to re-rank with (default: the deployment's, else "
                   f"{REPORT_BOUND})")
@click.option("--share", type=float, default=None, help="exposure_share (FA*IR's p)")
@click.option("--small-degree", type=int, default=None, help="exposure_small_degree")
@click.option("--top", type=int, default=10, show_default=True, help="places per list")
@click.option("--threshold", type=float, default=50.0, show_default=True,
              help="a match counts for a newcomer from this score")
@click.option("--min-matches", type=int, default=5, show_default=True,
              help="a newcomer is seen with at least this many such matches")
@with_appcontext
def inclusion_report_command(seekers, kind, pillar, bound, share, small_degree, top, threshold,
                             min_matches) -> None:
    """Print exposure Gini, newcomers seen and relevance kept, before and after re-ranking."""
    cases = use_cases()
    try:
        report = store_inclusion(cases.match_index, cases.matches.match_weights,
                                 seekers=seekers, kind=kind, pillar=pillar, bound=bound,
                                 share=share, small_degree=small_degree, top=top,
                                 threshold=threshold, min_matches=min_matches)
    except SyndesmosError as error:
        fail(error)
    click.echo(f"{report.seekers} seekers; {report.providers} providers who could be matched, "
               f"{report.newcomers} without ties, {report.small} with few ties")
    click.echo(f"{'ranking':<10} {'Gini':>6} {'newcomers seen':>15} {'few ties seen':>14} "
               f"{'mean score':>11}")
    for name, figures in (("by score", report.before), ("re-ranked", report.after)):
        click.echo(f"{name:<10} {figures.gini:>6.3f} {figures.newcomers_seen:>15.3f} "
                   f"{figures.small_seen:>14.3f} {figures.mean_score:>11.2f}")
    click.echo(f"NDCG kept {report.ndcg:.4f}; lists with a promoted match {report.promoted:.3f}")
