"""``syndesmos mentorship …``: a coordinator's batch work on a programme, run as the system.

    syndesmos mentorship propose PROGRAMME [--method stable] [--candidates 20]
    syndesmos mentorship report PROGRAMME
"""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from graph_models.domain.errors import SyndesmosError
from graph_models.use_cases.programmes import DEFAULT_CANDIDATES, MAX_CANDIDATES, METHODS
from service.api.mentorship_schemas import ProgrammeReportSchema
from service.cli_errors import fail
from service.extensions import programmes


@click.group("mentorship", cls=AppGroup)
def mentorship_group() -> None:
    """Mentorship programmes."""


@mentorship_group.command("propose")
@click.argument("programme")
@click.option("--method", type=click.Choice(METHODS), default="optimal", show_default=True)
@click.option("--candidates", type=click.IntRange(1, MAX_CANDIDATES),
              default=DEFAULT_CANDIDATES, show_default=True,
              help="best mentors considered per mentee")
def propose_command(programme: str, method: str, candidates: int) -> None:
    """Solve a programme's cohort around its pinned pairs and keep it as the draft: one line
    per pair (mentee, mentor, score), then the unplaced mentees and why."""
    try:
        view = programmes().propose(programme, method=method, candidates=candidates)
    except SyndesmosError as error:
        fail(error)
    for p in view.pairs:
        pin = " (pinned)" if p.pair.pinned else ""
        score = "—" if p.pair.score is None else f"{p.pair.score:.1f}"
        click.echo(f"{p.pair.mentee_id}\t{p.pair.mentor_id}\t{score}{pin}")
    for u in view.unplaced:
        click.echo(f"{u.mentee_id}\tunplaced: {u.reason.value} ({u.detail})")
    draft = view.programme.draft
    click.echo(f"{method}: {len(view.pairs)} placed, {len(view.unplaced)} unplaced, "
               f"quality {draft.quality:.1f}", err=True)


@mentorship_group.command("report")
@click.argument("programme")
def report_command(programme: str) -> None:
    """A programme's figures as JSON (as GET /programmes/{id}/report)."""
    try:
        view = programmes().report(programme)
    except SyndesmosError as error:
        fail(error)
    click.echo(json.dumps(ProgrammeReportSchema().dump(view), ensure_ascii=False, indent=2))
