"""How long a public pledger's e-mail address is kept, and how often it may be mailed.

A member of the public pledges with an e-mail address (see
:mod:`graph_models.domain.campaigns`). The address is personal data kept for one purpose: a
funded campaign's team asks its pledgers to pay. So it is kept while that may happen and no
longer (storage limitation, GDPR art. 5(1)(e)): :attr:`PledgerRules.address_days` after the
campaign closed (was settled; or, never settled, reached its deadline), the address is cleared
from its pledges, and with it the pledger key made from it; the amounts, states and totals
stay. Erasing a person, or an address on request, clears it at once.

Anyone may type anyone's address into the pledge form: :attr:`PledgerRules.mails_per_day`
bounds the links mailed to one address in a day, counted by the address's pledger key.

Examples
--------
>>> from datetime import UTC, datetime
>>> from decimal import Decimal
>>> from graph_models.domain.campaigns import Campaign
>>> c = Campaign("c1", "s1", "Φούρνος", Decimal(1000), Decimal(1500),
...              deadline=datetime(2026, 4, 1, tzinfo=UTC), region="EL303",
...              created_at=datetime(2026, 3, 1, tzinfo=UTC))
>>> closed_at(c).isoformat()
'2026-04-01T00:00:00+00:00'
>>> erased_pledger("x1")
'erased:x1'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from graph_models.domain.campaigns import Campaign
from graph_models.domain.errors import TooManyRequests

MAIL_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class PledgerRules:
    """``address_days``: days after its campaign closed that a public pledge keeps its
    address; ``mails_per_day``: pledge links mailed to one address in a day (0: no limit)."""

    address_days: int = 90
    mails_per_day: int = 3


DEFAULT_RULES = PledgerRules()


def closed_at(campaign: Campaign) -> datetime:
    """When a campaign closed: when it was settled, or its deadline if it never was."""
    return campaign.settled_at or campaign.deadline


def erased_pledger(pledge_id: str) -> str:
    """The pledger key a pledge keeps once its address is erased: its own, naming nobody (a
    pool that matches once per pledger then takes it for a pledger of its own)."""
    return "erased:" + pledge_id


def mail_window_open(started: datetime, at: datetime) -> bool:
    """Whether a count of mails started at ``started`` still holds at ``at``."""
    return at - started < MAIL_WINDOW


def too_many_mails(started: datetime, at: datetime) -> TooManyRequests:
    """The refusal of one more pledge link to an address that had its day's links: the same
    whoever asks, and whether or not the address ever pledged."""
    wait = max(1, int((started + MAIL_WINDOW - at).total_seconds()))
    return TooManyRequests("too many pledge links were mailed to this address today; try "
                           "again tomorrow", retry_after=wait,
                           errors={"email": ["too many links today"]})
