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
    syndesmos report --region EL30 --as-of 2026-01-01 --format html -o report.html
    syndesmos run                           serve the API on http://127.0.0.1:5000
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, datetime

import click
from flask.cli import FlaskGroup

from graph_models.demo import generate_ecosystem
from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, NotFound, SyndesmosError
from graph_models.domain.interchange import StakeholderImport, StakeholderRef, TieImport
from graph_models.domain.queries import StakeholderQuery
from graph_models.use_cases.demo import seed_activity
from service import create_app
from service.cli_errors import fail
from service.cli_introductions import introductions_group, notifications_group
from service.cli_mentorship import mentorship_group
from service.cli_reports import report_command
from service.extensions import ecosystem, identity, introductions, programmes
from service.interchange import export_lines, parse_lines

PROGRESS_FROM_BYTES = 1024 * 1024


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False,
             help="Syndesmos: stakeholder networking for the Social and Solidarity Economy.")
def main() -> None:
    """The command group; the configuration comes from SYNDESMOS_* variables."""


main.add_command(report_command)


main.add_command(introductions_group)
main.add_command(notifications_group)
main.add_command(mentorship_group)


DEMO_COORDINATOR = "demo-coordinator"
DEFAULT_DEMO_REGION = "EL30"  # Attica: where most of Greece's SSE is


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
    eco = ecosystem()
    fresh = not eco.find_stakeholders(StakeholderQuery(page_size=1)).total
    coordinator = _demo_coordinator()
    if not fresh and coordinator is None:
        if not if_empty:
            fail(Conflict("the store holds stakeholders that are not the demo's: the demo "
                          "seeds only an empty store or one that holds the demo (choose "
                          "another store with SYNDESMOS_STORE)"))
        click.echo("the store holds stakeholders that are not the demo's; leaving it as it is")
        return
    if not fresh and if_empty:
        click.echo("the store already holds the demo; leaving it as it is")
        _print_demo_token(coordinator, base_url)
        return
    demo = generate_ecosystem(size, ties=ties, seed=seed)
    regions = Counter(s.region[:4] for s in demo.stakeholders)
    region = min(regions, key=lambda r: (-regions[r], r), default=DEFAULT_DEMO_REGION)
    # Made before the stakeholders: from then on the store is known to hold the demo, and the
    # coordinator hears of the work made for it below.
    coordinator = coordinator or _create_demo_coordinator(region)
    try:
        result = eco.store.bulk_upsert(
            [StakeholderImport(s) for s in demo.stakeholders],
            [TieImport(t, StakeholderRef(id=t.source), StakeholderRef(id=t.target))
             for t in demo.ties])
    except SyndesmosError as error:
        fail(error)
    click.echo(f"demo ecosystem (seed {seed}): {_counts(result)}")
    if fresh:  # work for the coordinator to find, made once
        activity = seed_activity(introductions(), programmes(), region,
                                 today=datetime.now(UTC).date())
        click.echo(f"waiting in {region}: {len(activity.introduction_ids)} introduction "
                   f"request(s) to mediate" + (", a mentoring programme's proposal to review"
                                               if activity.programme_id else ""))
    _print_demo_token(coordinator, base_url)


def _demo_coordinator() -> User | None:
    """The demo coordinator, if the store holds the demo."""
    try:
        return identity().store.get_user_by_username(DEMO_COORDINATOR)
    except NotFound:
        return None


def _create_demo_coordinator(region: str) -> User:
    return identity().create_user({"username": DEMO_COORDINATOR, "role": Role.COORDINATOR,
                                   "regions": [region], "display_name": "Demo coordinator"})


def _print_demo_token(user: User, base_url: str) -> None:
    """A fresh token of the demo coordinator, and how to use it."""
    secret = identity().issue_token(user.id, name="demo", days=30).secret
    click.echo(f"coordinator of {', '.join(user.regions)}: {DEMO_COORDINATOR}; API token "
               f"(valid 30 days, shown once):\n  {secret}\n"
               f"try: curl -H 'Authorization: Bearer {secret}' "
               f"{base_url.rstrip('/')}/api/v1/stakeholders")


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
        result = ecosystem().import_lines(stakeholders, ties, parse_errors=errors)
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
        export = ecosystem().export()
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
        user = identity().create_user(fields)
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
    for user in identity().list_users():
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
        user = identity().store.get_user_by_username(username)
        issued = identity().issue_token(user.id, name=name, days=days)
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
        identity().revoke_token(token_id)
    except SyndesmosError as error:
        fail(error)
    click.echo(f"token {token_id} revoked")
