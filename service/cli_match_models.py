"""``syndesmos fit-matches``: fit the weights of a relation's matches on the configured store's
own dated history, and keep them there (as the admin endpoint does; run nightly, say).

    syndesmos fit-matches
    syndesmos fit-matches --relation supported --activate

Without ``--activate`` the model is saved inactive: POST
/api/v1/admin/match-models/{version}/activate switches to it later.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from graph_models.domain.errors import SyndesmosError
from graph_models.use_cases.match_models import RELATION_NAMES
from service.cli_errors import fail
from service.extensions import match_models


def _figures(pair: tuple[float, float]) -> str:
    return f"recall@10 {pair[0]:.3f}, MRR {pair[1]:.3f}"


@click.command("fit-matches")
@click.option("--relation", type=click.Choice(RELATION_NAMES, case_sensitive=False),
              default="FUNDED", show_default=True, help="the relation whose matches to fit")
@click.option("--activate", is_flag=True,
              help="make the model the relation's active one (else saved inactive)")
@with_appcontext
def fit_matches_command(relation, activate) -> None:
    """Fit match weights on the store's history by temporal hold-out and save the model."""
    try:
        model = match_models().fit({"relation": relation, "activate": activate})
    except SyndesmosError as error:
        fail(error)
    click.echo(f"model {model.version} ({model.relation}, "
               f"{'active' if model.active else 'inactive'}), fitted on "
               f"{model.history_ties} dated ties")
    click.echo(f"warm ({model.ventures} ventures): hand weights {_figures(model.before)} → "
               f"fitted {_figures(model.after)}")
    click.echo(f"cold ({model.cold_ventures} ventures): hand weights "
               f"{_figures(model.cold_before)} → fitted {_figures(model.cold_after)}")
