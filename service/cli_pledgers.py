"""``syndesmos pledgers …``: the e-mail addresses of public pledgers, erased and expired.

    syndesmos pledgers forget EMAIL        erase an address from every pledge made with it
    syndesmos pledgers expire [--days 90]  clear the addresses kept past their time (daily)
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from graph_models.domain.errors import SyndesmosError
from service.cli_errors import fail
from service.extensions import pledger_addresses


@click.group("pledgers", cls=AppGroup)
def pledgers_group() -> None:
    """The e-mail addresses of those who pledged without an account."""


@pledgers_group.command("forget")
@click.argument("email")
def forget_command(email: str) -> None:
    """Erase EMAIL from every pledge made with it, and every pledge waiting to be confirmed
    from it (an erasure request); the amounts stay in the campaigns' totals."""
    try:
        forgotten = pledger_addresses().forget(email)
    except SyndesmosError as error:
        fail(error)
    click.echo(f"erased the address from {forgotten} pledge(s)")


@pledgers_group.command("expire")
@click.option("--days", type=click.IntRange(0), default=None,
              help="after the campaign closed (default SYNDESMOS_PLEDGER_ADDRESS_DAYS)")
def expire_command(days: int | None) -> None:
    """Clear the addresses of the pledges to campaigns closed more than --days ago, and delete
    the public pledges whose link ran out (run it daily)."""
    cleared = pledger_addresses().expire(days=days)
    click.echo(f"cleared the address of {cleared} pledge(s)")
