"""Where a FUNDED tie's money came through: the channel, read from the tie's external id.

The service writes FUNDED ties in three ways, each with an external id of its own: a
participatory budget's results (``budget:<process>:<project>``, from the fund to the
proposer), and a funded matchfunding campaign (``campaign:<campaign>:<funder>:<instrument>``),
one tie per pool owner and instrument, and one per pledging stakeholder with the instrument
``crowdfunding``. Any other FUNDED tie (imported, or recorded by hand) is direct funding.

>>> channel_of("budget:p1:x9", "grant"), channel_of("campaign:c:b1:loan", "loan")
(<Channel.PARTICIPATORY_BUDGET: 'participatory_budget'>, <Channel.MATCHFUNDING_POOL: \
'matchfunding_pool'>)
>>> channel_of("campaign:c:b1:crowdfunding", "crowdfunding"), channel_of(None, None)
(<Channel.PLEDGES: 'pledges'>, <Channel.DIRECT: 'direct'>)
"""

from __future__ import annotations

from enum import StrEnum

from graph_models.domain.stakeholders import Instrument


class Channel(StrEnum):
    """How a FUNDED tie came about."""

    PARTICIPATORY_BUDGET = "participatory_budget"
    MATCHFUNDING_POOL = "matchfunding_pool"
    PLEDGES = "pledges"
    DIRECT = "direct"


BUDGET_PREFIX = "budget:"
CAMPAIGN_PREFIX = "campaign:"


def channel_of(external_id: str | None, instrument: str | None) -> Channel:
    """The channel of a FUNDED tie with this external id and instrument. A campaign's tie is
    a pool's unless its instrument is crowdfunding, the pledges' (a pool whose money is
    crowdfunding reads as pledges: the tie does not tell them apart)."""
    if not external_id:
        return Channel.DIRECT
    if external_id.startswith(BUDGET_PREFIX):
        return Channel.PARTICIPATORY_BUDGET
    if external_id.startswith(CAMPAIGN_PREFIX):
        return (Channel.PLEDGES if instrument == Instrument.CROWDFUNDING
                else Channel.MATCHFUNDING_POOL)
    return Channel.DIRECT
