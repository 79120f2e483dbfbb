"""``syndesmos pledgers forget`` and ``expire``: public pledgers' addresses erased on request
and cleared once their campaign closed long enough, by the system or an admin only, with an
audit entry that names no address."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner

from graph_models.domain.accounts import Role, User
from graph_models.domain.campaigns import (
    Campaign,
    ask_public_pledge,
    email_pledger,
    public_pledge_digest,
)
from graph_models.domain.errors import Forbidden, InvalidInput
from graph_models.domain.queries import AuditQuery
from graph_models.domain.stakeholders import now
from service import create_app
from service.cli import main
from service.extensions import EXTENSION_KEY
from tests.builders import stakeholder


@pytest.fixture
def use_cases(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("SYNDESMOS_STORE", url)
    app = create_app({"SYNDESMOS_STORE": url})
    found = app.extensions[EXTENSION_KEY].use_cases()
    yield found
    found.close()


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def a_closed_campaign_pledged_to(store, email: str, *, closed_days_ago: int) -> str:
    """A campaign whose deadline passed ``closed_days_ago`` days ago, with a public pledge by
    ``email`` confirmed before it; the pledge's id."""
    coop = store.create_stakeholder(stakeholder())
    deadline = now() - timedelta(days=closed_days_ago)
    store.create_campaign(Campaign("c1", coop.id, "Φούρνος", Decimal(10), Decimal(20),
                                   deadline, "EL303", deadline - timedelta(days=30)))
    issued = ask_public_pledge("c1", email, Decimal(5), at=deadline - timedelta(days=2))
    store.create_public_pledge(issued.request)
    return store.confirm_public_pledge(public_pledge_digest(issued.secret), "x1",
                                       deadline - timedelta(days=1)).pledge.id


def test_expire_clears_the_addresses_of_campaigns_closed_long_enough(use_cases):
    pledge_id = a_closed_campaign_pledged_to(use_cases.store, "maria@example.org",
                                             closed_days_ago=100)
    kept = invoke("pledgers", "expire", "--days", "101")
    assert kept.exit_code == 0 and "0 pledge(s)" in kept.output
    assert use_cases.store.get_pledge(pledge_id).pledge.email == "maria@example.org"
    cleared = invoke("pledgers", "expire")  # the default, 90 days
    assert cleared.exit_code == 0 and "1 pledge(s)" in cleared.output
    assert use_cases.store.get_pledge(pledge_id).pledge.email is None
    assert use_cases.campaigns.campaign("c1").totals.pledged == Decimal("5.00")


def test_forget_erases_an_address_at_once_and_the_audit_names_none(use_cases):
    pledge_id = a_closed_campaign_pledged_to(use_cases.store, "maria@example.org",
                                             closed_days_ago=1)
    result = invoke("pledgers", "forget", "Maria@example.org")
    assert result.exit_code == 0 and "1 pledge(s)" in result.output
    assert use_cases.store.get_pledge(pledge_id).pledge.email is None
    entries = use_cases.store.find_audit(AuditQuery(action="pledger.forget")).items
    assert len(entries) == 1
    shown = repr(entries[0]).casefold()
    assert "maria" not in shown and email_pledger("maria@example.org")[6:] not in shown
    blank = CliRunner().invoke(main, ["pledgers", "forget", " "])
    assert blank.exit_code == 1 and "email: must not be blank" in blank.output


def test_only_the_system_or_an_admin_erases_addresses(use_cases):
    coordinator = User("u1", "eleni", Role.COORDINATOR, regions=("EL30",),
                       created_at=now(), updated_at=now())
    with pytest.raises(Forbidden):
        use_cases.pledger_addresses.forget("maria@example.org", actor=coordinator)
    with pytest.raises(Forbidden):
        use_cases.pledger_addresses.expire(actor=coordinator)
    admin = User("u2", "root", Role.ADMIN, created_at=now(), updated_at=now())
    assert use_cases.pledger_addresses.forget("maria@example.org", actor=admin) == 0
    with pytest.raises(InvalidInput):
        use_cases.pledger_addresses.expire(days=-1, actor=admin)
