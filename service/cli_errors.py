"""How every ``syndesmos`` command reports a domain error: the message, each field's
problems, and exit status 1."""

from __future__ import annotations

import sys

import click

from graph_models.domain.errors import SyndesmosError


def fail(error: SyndesmosError) -> None:
    click.secho(f"error: {error.message}", fg="red", err=True)
    if detail := getattr(error, "detail", None):  # the operator may see where and why
        click.echo(f"  ({detail})", err=True)
    for name, messages in error.errors.items():
        for message in messages if isinstance(messages, list) else [messages]:
            click.echo(f"  {name}: {message}", err=True)
    sys.exit(1)
