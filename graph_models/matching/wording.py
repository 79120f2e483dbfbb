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
# What the candidate is to another stakeholder, by tie type and whether it is the tie's source.
CANDIDATE_IS = {
    (TieType.FUNDED.value, True): Phrase("funded {name}"),
    (TieType.FUNDED.value, False): Phrase("was funded by {name}"),
    (TieType.SUPPORTED.value, True): Phrase("supported {name}"),
    (TieType.SUPPORTED.value, False): Phrase("was supported by {name}"),
    (TieType.MENTORS.value, True): Phrase("mentors {name}"),
    (TieType.MENTORS.value, False): Phrase("is mentored by {name}"),
    (TieType.KNOWS.value, True): Phrase("knows {name}"),
    (TieType.KNOWS.value, False): Phrase("knows {name}"),
    (TieType.PARTNERS_WITH.value, True): Phrase("partners with {name}"),
    (TieType.PARTNERS_WITH.value, False): Phrase("partners with {name}"),
    (TieType.INTRODUCED.value, True): Phrase("was introduced to {name}"),
    (TieType.INTRODUCED.value, False): Phrase("was introduced to {name}"),
}
LINKED_TO = Phrase("is linked to {name}")
FUNDED = CANDIDATE_IS[(TieType.FUNDED.value, True)]
# What another stakeholder is to the seeker, by tie type and whether it is the tie's source.
YOUR = {
    (TieType.FUNDED.value, True): Phrase("your investor {name}"),
    (TieType.FUNDED.value, False): Phrase("your investee {name}"),
    (TieType.SUPPORTED.value, True): Phrase("your support organisation {name}"),
    (TieType.SUPPORTED.value, False): Phrase("your client {name}"),
    (TieType.MENTORS.value, True): Phrase("your mentor {name}"),
    (TieType.MENTORS.value, False): Phrase("your mentee {name}"),
    (TieType.KNOWS.value, True): Phrase("your contact {name}"),
    (TieType.KNOWS.value, False): Phrase("your contact {name}"),
    (TieType.PARTNERS_WITH.value, True): Phrase("your partner {name}"),
    (TieType.PARTNERS_WITH.value, False): Phrase("your partner {name}"),
    (TieType.INTRODUCED.value, True): Phrase("your introduction {name}"),
    (TieType.INTRODUCED.value, False): Phrase("your introduction {name}"),
}
YOUR_CONNECTION = Phrase("your connection {name}")


def naming(template: Phrase, name: str) -> Phrase:
    """``template`` (with its one slot, ``name``) about the stakeholder so named."""
    return Phrase(template.text, name=name)
