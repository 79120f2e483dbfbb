"""The words of explanations that several reasons share: the codes they name, where two
regions meet, and what a stakeholder is to another by the tie between them. Each is a
:class:`~graph_models.domain.phrases.Phrase` whose template the catalogues translate."""

from __future__ import annotations

from graph_models.domain.phrases import Codes, Phrase
from graph_models.domain.stakeholders import TieType


def topic_codes(codes) -> Codes:
    return Codes("topic", tuple(codes))


def sector_codes(codes) -> Codes:
    return Codes("sector", tuple(codes))


def language_codes(codes) -> Codes:
    return Codes("language", tuple(codes))


def region_code(code: str) -> Codes:
    return Codes("region", (code,))


def stage_code(code: str) -> Codes:
    return Codes("stage", (code,))


# Where two stakeholders' regions meet, by the NUTS level they share.
SAME_LEVEL = {
    0: Phrase("same country {region} (you {mine}, they {theirs})"),
    1: Phrase("same NUTS-1 region {region} (you {mine}, they {theirs})"),
    2: Phrase("same NUTS-2 region {region} (you {mine}, they {theirs})"),
    3: Phrase("same NUTS-3 region {region} (you {mine}, they {theirs})"),
}
# What the candidate is to another stakeholder, by tie type: as the tie's source, and as its
# target (one phrase serves both ways for a tie without a direction).
CANDIDATE_IS = {
    TieType.FUNDED.value: (Phrase("funded {name}"), Phrase("was funded by {name}")),
    TieType.SUPPORTED.value: (Phrase("supported {name}"), Phrase("was supported by {name}")),
    TieType.MENTORS.value: (Phrase("mentors {name}"), Phrase("is mentored by {name}")),
    TieType.KNOWS.value: (Phrase("knows {name}"),) * 2,
    TieType.PARTNERS_WITH.value: (Phrase("partners with {name}"),) * 2,
    TieType.INTRODUCED.value: (Phrase("was introduced to {name}"),) * 2,
}
LINKED_TO = (Phrase("is linked to {name}"),) * 2
FUNDED = CANDIDATE_IS[TieType.FUNDED.value][0]
# What another stakeholder is to the seeker, by tie type: as the tie's source, and as its target.
YOUR = {
    TieType.FUNDED.value: (Phrase("your investor {name}"), Phrase("your investee {name}")),
    TieType.SUPPORTED.value: (Phrase("your support organisation {name}"),
                              Phrase("your client {name}")),
    TieType.MENTORS.value: (Phrase("your mentor {name}"), Phrase("your mentee {name}")),
    TieType.KNOWS.value: (Phrase("your contact {name}"),) * 2,
    TieType.PARTNERS_WITH.value: (Phrase("your partner {name}"),) * 2,
    TieType.INTRODUCED.value: (Phrase("your introduction {name}"),) * 2,
}
YOUR_CONNECTION = (Phrase("your connection {name}"),) * 2


def by_direction(table: dict, tie: str, is_source: bool,
                 default: tuple[Phrase, Phrase]) -> Phrase:
    """The phrase of ``table`` for a tie of type ``tie`` seen from its source or its target."""
    return table.get(tie, default)[0 if is_source else 1]


def naming(template: Phrase, name: str) -> Phrase:
    """``template`` (with its one slot, ``name``) about the stakeholder so named."""
    return Phrase(template.text, name=name)
