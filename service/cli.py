"""The ``syndesmos`` command: Flask's (``run``, ``routes``, ``shell``) plus the project's own.

    syndesmos demo --size 1000 --seed 7     seed a synthetic Greek SSE ecosystem
    syndesmos import FILE.jsonl             upsert a JSON Lines file (all or nothing)
    syndesmos export -o FILE.jsonl          write the whole graph as JSON Lines
    syndesmos run                           serve the API on http://127.0.0.1:5000
"""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup

from graph_models.demo import generate_ecosystem
from graph_models.errors import SyndesmosError
from graph_models.stores.base import (
    StakeholderImport,
    StakeholderQuery,
    StakeholderRef,
    TieImport,
)
from service import create_app
from service.extensions import ecosystem
from service.interchange import export_lines, parse_lines

PROGRESS_FROM_BYTES = 1024 * 1024


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False,
             help="Syndesmos: stakeholder networking for the Social and Solidarity Economy.")
def main() -> None:
    """The command group; the configuration comes from SYNDESMOS_* variables."""


def _fail(error: SyndesmosError) -> None:
    click.secho(f"error: {error.message}", fg="red", err=True)
    for name, messages in error.errors.items():
        for message in messages if isinstance(messages, list) else [messages]:
            click.echo(f"  {name}: {message}", err=True)
    sys.exit(1)


@main.command("demo")
@click.option("--size", default=1000, show_default=True, help="number of stakeholders")
@click.option("--ties", type=int, default=None, help="number of ties (default 6 × size)")
@click.option("--seed", default=7, show_default=True, help="the same seed, the same ecosystem")
@click.option("--if-empty", is_flag=True, help="do nothing if the store holds stakeholders")
def demo_command(size: int, ties: int | None, seed: int, if_empty: bool) -> None:
    """Seed a synthetic, deterministic Greek SSE ecosystem (idempotent for one seed)."""
    eco = ecosystem()
    if if_empty and eco.find_stakeholders(StakeholderQuery(page_size=1)).total:
        click.echo("the store already holds stakeholders; leaving it as it is")
        return
    demo = generate_ecosystem(size, ties=ties, seed=seed)
    try:
        result = eco.store.bulk_upsert(
            [StakeholderImport(s) for s in demo.stakeholders],
            [TieImport(t, StakeholderRef(id=t.source), StakeholderRef(id=t.target))
             for t in demo.ties])
    except SyndesmosError as error:
        _fail(error)
    click.echo(f"demo ecosystem (seed {seed}): {_counts(result)}")


@main.command("import")
@click.argument("file", type=click.File("rb"))
def import_command(file) -> None:
    """Upsert stakeholders and ties from a JSON Lines FILE ('-' for standard input).

    Every line is checked first; if any is bad, each problem is listed by line and field and
    nothing is written. Otherwise the whole file is written in one transaction.
    """
    size = _size_of(file)
    if size >= PROGRESS_FROM_BYTES:
        with click.progressbar(length=size, label="checking", file=sys.stderr) as bar:
            parsed = parse_lines(_reporting(file, bar))
    else:
        parsed = parse_lines(file)
    stakeholders, ties, errors = parsed
    if size >= PROGRESS_FROM_BYTES:
        click.echo(f"writing {len(stakeholders)} stakeholders and {len(ties)} ties in one "
                   "transaction …", err=True)
    try:
        result = ecosystem().import_lines(stakeholders, ties, parse_errors=errors)
    except SyndesmosError as error:
        _fail(error)
    click.echo(_counts(result))


def _counts(result) -> str:
    return "; ".join(
        f"{what}: {getattr(result, what + '_created')} created, "
        f"{getattr(result, what + '_updated')} updated, "
        f"{getattr(result, what + '_unchanged')} unchanged" for what in ("stakeholders", "ties"))


def _size_of(file) -> int:
    try:
        size = file.seek(0, 2)
        file.seek(0)
    except OSError:  # a pipe cannot seek: no progress bar then
        return 0
    return size


def _reporting(lines, bar):
    for line in lines:
        bar.update(len(line))
        yield line


@main.command("export")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="file to write (default: standard output)")
def export_command(output) -> None:
    """Write every stakeholder and tie as JSON Lines, read at one store version."""
    try:
        export = ecosystem().export()
    except SyndesmosError as error:
        _fail(error)
    output.writelines(export_lines(export))
