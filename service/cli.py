"""The ``syndesmos`` command: Flask's (``run``, ``routes``, ``shell``) plus the project's own.

    syndesmos demo --size 1000 --seed 7     seed a synthetic Greek SSE ecosystem
    syndesmos import FILE.jsonl             upsert a JSON Lines file (all or nothing)
    syndesmos export -o FILE.jsonl          write the whole graph as JSON Lines
    syndesmos users create-admin NAME       the first admin (asks for a password)
    syndesmos users create NAME --role coordinator --region EL30
    syndesmos tokens create NAME --name laptop [--days 90]   prints the token once
    syndesmos tokens revoke TOKEN_ID
    syndesmos introductions expire [--days 30]   end unanswered introduction requests
    syndesmos mentorship propose PROGRAMME       solve a programme's cohort into its draft
    syndesmos mentorship report PROGRAMME        a programme's figures as JSON
    syndesmos notifications send                 e-mail pending notifications (SMTP)
    syndesmos pledgers expire [--days 90]        clear public pledgers' addresses kept long enough
    syndesmos pledgers forget EMAIL              erase an address from every pledge
    syndesmos report --region EL30 --as-of 2026-01-01 --format html -o report.html
    syndesmos evaluate-history funding.csv.gz --split 2011-01-01   matches vs baselines
    syndesmos inclusion-report --kind investor   exposure Gini and newcomers seen, re-ranked
    syndesmos run                           serve the API on http://127.0.0.1:5000
"""

from __future__ import annotations

import sys

import click
from flask import current_app, url_for
from flask.cli import FlaskGroup

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import SyndesmosError
from graph_models.use_cases.demo_financing import DemoFinancing
from service import create_app
from service.cli_errors import fail
from service.cli_history import evaluate_history_command
from service.cli_inclusion import inclusion_report_command
from service.cli_introductions import introductions_group, notifications_group
from service.cli_match_models import fit_matches_command
from service.cli_mentorship import mentorship_group
from service.cli_pledgers import pledgers_group
from service.cli_reports import report_command
from service.extensions import accounts, demo_data, interchange, invitations
from service.interchange import export_lines, parse_lines

PROGRESS_FROM_BYTES = 1024 * 1024


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False,
             help="Syndesmos: stakeholder networking for the Social and Solidarity Economy.")
def main() -> None:
    """The command group; the configuration comes from SYNDESMOS_* variables."""


main.add_command(report_command)
main.add_command(evaluate_history_command)
main.add_command(inclusion_report_command)
main.add_command(fit_matches_command)


main.add_command(introductions_group)
main.add_command(notifications_group)
main.add_command(mentorship_group)
main.add_command(pledgers_group)


@main.command("demo")
@click.option("--size", default=1000, show_default=True, help="number of stakeholders")
@click.option("--ties", type=int, default=None, help="number of ties (default 6 × size)")
@click.option("--seed", default=7, show_default=True, help="the same seed, the same ecosystem")
@click.option("--if-empty", is_flag=True,
              help="leave a store that holds stakeholders as it is, and succeed")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="where the service will answer, for the example it prints")
def demo_command(size: int, ties: int | None, seed: int, if_empty: bool, base_url: str) -> None:
    """Seed a synthetic, deterministic Greek SSE ecosystem into an empty store, or again into
    the store that holds the demo (idempotent for one seed).

    The demo, the CLI and the service share one default store, which may hold real data: the
    demo never writes into a store whose stakeholders are not the demo's (one without the demo
    coordinator). It fails then, or with --if-empty leaves the store as it is and succeeds.
    """
    try:
        seeded = demo_data().seed(size, ties=ties, seed=seed, if_empty=if_empty)
    except SyndesmosError as error:
        fail(error)
    if seeded.coordinator is None:
        click.echo("the store holds stakeholders that are not the demo's; leaving it as it is")
        return
    if seeded.written is None:
        click.echo("the store already holds the demo; leaving it as it is")
    else:
        click.echo(f"demo ecosystem (seed {seed}): {_counts(seeded.written)}")
    if seeded.activity is not None:  # work for the coordinator to find, made once
        click.echo(f"waiting in {seeded.region}: {len(seeded.activity.introduction_ids)} "
                   f"introduction request(s) to mediate"
                   + (", a mentoring programme's proposal to review"
                      if seeded.activity.programme_id else ""))
    if seeded.financing is not None:
        _print_demo_financing(seeded.financing)
    _print_demo_token(seeded.coordinator, seeded.token.secret, base_url)
    _print_demo_invitation(seeded.coordinator, base_url)


def _print_demo_financing(financing: DemoFinancing) -> None:
    """What the demo's financing holds, and where the two rules of its voted budget part."""
    click.echo(f"financing: a participatory budget with results "
               f"({len(financing.funded)} project(s) funded by the Method of Equal Shares; "
               f"most votes first would have funded "
               f"{len(set(financing.greedy) & set(financing.funded))} of the same and "
               f"{len(set(financing.greedy) - set(financing.funded))} other(s)), "
               f"one taking proposals"
               + (f", a matchfunding campaign with a pool and {len(financing.pledge_ids)} "
                  f"pledge(s)" if financing.campaign_id else ""))


def _print_demo_token(user: User, secret: str, base_url: str) -> None:
    """The demo coordinator's fresh token, and how to use it."""
    click.echo(f"coordinator of {', '.join(user.regions)}: {user.username}; API token "
               f"(valid 30 days, shown once):\n  {secret}\n"
               f"try: curl -H 'Authorization: Bearer {secret}' "
               f"{base_url.rstrip('/')}/api/v1/stakeholders")


def _print_demo_invitation(user: User, base_url: str) -> None:
    """A one-time link with which a person sets the demo coordinator's password and signs in
    to the web pages, with no command line."""
    invited = invitations().reinvite(user.id)
    with current_app.test_request_context(base_url=base_url):
        link = url_for("web.accept_invitation", token=invited.issued.secret, _external=True)
    click.echo(f"to sign in to the web pages as {user.username}, open this one-time link "
               f"(valid 7 days) and choose a password:\n  {link}")


@main.command("import")
@click.argument("file", type=click.File("rb"))
def import_command(file) -> None:
    """Upsert stakeholders and ties from a JSON Lines FILE ('-' for standard input).

    Every line is checked first; if any is bad, each problem is listed by line and field and
    nothing is written. Otherwise the whole file is written: in one transaction on SQLite,
    and on Neo4j in transactions of up to 5,000 lines when it is larger (see the README).
    """
    size = _size_of(file)
    if size >= PROGRESS_FROM_BYTES:
        with click.progressbar(length=size, label="checking", file=sys.stderr) as bar:
            parsed = parse_lines(_reporting(file, bar))
    else:
        parsed = parse_lines(file)
    stakeholders, ties, errors = parsed
    if size >= PROGRESS_FROM_BYTES:
        click.echo(f"writing {len(stakeholders)} stakeholders and {len(ties)} ties …",
                   err=True)
    try:
        result = interchange().import_lines(stakeholders, ties, parse_errors=errors)
    except SyndesmosError as error:
        fail(error)
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
        export = interchange().export()
    except SyndesmosError as error:
        fail(error)
    output.writelines(export_lines(export))


@main.group("users")
def users_group() -> None:
    """Manage accounts."""


def _create_user(username: str, role: Role, regions: tuple[str, ...],
                 memberships: tuple[str, ...], password: str | None) -> None:
    fields = {"username": username, "role": role, "regions": list(regions),
              "memberships": list(memberships)}
    if password:
        fields["password"] = password
    try:
        user = accounts().create_user(fields)
    except SyndesmosError as error:
        fail(error)
    click.echo(f"created {user.role.value} {user.username} (id {user.id})")


@users_group.command("create-admin")
@click.argument("username")
@click.password_option(help="at least 12 characters (asked for if not given)")
def create_admin(username: str, password: str) -> None:
    """Create an admin who may do everything."""
    _create_user(username, Role.ADMIN, (), (), password)


@users_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--region", "regions", multiple=True, help="a territory (NUTS code); repeat")
@click.option("--member-of", "memberships", multiple=True, help="a stakeholder id; repeat")
@click.option("--password", default=None, help="optional: for signing in to web pages")
def create_user(username, role, regions, memberships, password) -> None:
    """Create an account of any role."""
    _create_user(username, Role(role), regions, memberships, password)


@users_group.command("list")
def list_users() -> None:
    """List every account."""
    for user in accounts().list_users():
        scope = ", ".join(user.regions) or "-"
        click.echo(f"{user.id}  {user.username:<24} {user.role.value:<12} {scope}")


@main.group("tokens")
def tokens_group() -> None:
    """Manage personal API tokens."""


@tokens_group.command("create")
@click.argument("username")
@click.option("--name", required=True, help="what the token is for")
@click.option("--days", type=click.IntRange(1, 3650), default=None,
              help="lifetime (default SYNDESMOS_TOKEN_DAYS)")
def create_token(username: str, name: str, days: int | None) -> None:
    """Make a token for USERNAME and print it, once."""
    try:
        user = accounts().get_user_by_username(username)
        issued = accounts().issue_token(user.id, name=name, days=days)
    except SyndesmosError as error:
        fail(error)
    expires = issued.token.expires_at.date().isoformat() if issued.token.expires_at else "never"
    click.echo(f"token {issued.token.id} for {user.username}, expires {expires}; "
               f"shown this once:\n{issued.secret}")


@tokens_group.command("revoke")
@click.argument("token_id")
def revoke_token(token_id: str) -> None:
    """Revoke a token by its id."""
    try:
        accounts().revoke_token(token_id)
    except SyndesmosError as error:
        fail(error)
    click.echo(f"token {token_id} revoked")
