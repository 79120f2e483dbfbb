"""Hypothesis strategies for valid domain objects, Greek and other Unicode text included."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from graph_models.domain import vocabularies
from graph_models.domain.stakeholders import (
    Instrument,
    InvestorType,
    Kind,
    KoinsepCategory,
    LegalForm,
    PolicyLevel,
    Stage,
    Stakeholder,
    SupportType,
    new_id,
)

GREEK = "ΑΆΒΓΔΕΈΖΗΉΘΙΊΪΚΛΜΝΞΟΌΠΡΣΤΥΎΫΦΧΨΩΏαάβγδεέζηήθιίϊΐκλμνξοόπρσςτυύϋΰφχψωώ "
# Any printable character of any script, but no control characters (the domain rejects them).
printable = st.characters(blacklist_categories=("Cc", "Cs"))
text = st.one_of(st.text(GREEK, max_size=40), st.text(printable, max_size=40))
name = st.one_of(st.text(GREEK, min_size=1, max_size=60),
                 st.text(printable, min_size=1, max_size=60)).filter(str.strip)
times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                     timezones=st.just(UTC))
amounts = st.integers(min_value=0, max_value=10**9)


def codes(table: dict, max_size: int = 4):
    return st.lists(st.sampled_from(sorted(table)), unique=True, max_size=max_size).map(tuple)


regions = st.one_of(st.sampled_from(sorted(vocabularies.greek_regions())),
                    st.from_regex(r"\A(DE|FR|IT|ES|PT|CY)[0-9A-Z]{0,3}\Z"))


@st.composite
def stakeholders(draw, kind: Kind | None = None) -> Stakeholder:
    """Any stakeholder that the domain accepts."""
    kind = kind or draw(st.sampled_from(list(Kind)))
    discoverable, sharing = draw(st.booleans()), draw(st.booleans())
    fields = dict(
        id=new_id(), kind=kind, name=draw(name), region=draw(regions),
        external_id=draw(st.none() | name), description=draw(text),
        municipality=draw(st.none() | name), sectors=draw(codes(vocabularies.sectors())),
        languages=draw(codes(vocabularies.languages())), needs=draw(codes(vocabularies.topics())),
        offers=draw(codes(vocabularies.topics())), needs_private=draw(st.booleans()),
        capacity=draw(st.none() | st.integers(0, 500)),
        discoverable=discoverable, discoverable_at=draw(times) if discoverable else None,
        contact_sharing=sharing, contact_sharing_at=draw(times) if sharing else None,
        email=draw(st.none() | st.emails()), phone=draw(st.none() | st.from_regex(
            r"\A\+30 ?[0-9]{10}\Z")), website=draw(st.none() | st.just("https://koinsep.gr")),
        created_at=draw(times), updated_at=draw(times),
    )
    if kind == Kind.ENTREPRENEUR:
        legal_form = draw(st.none() | st.sampled_from(list(LegalForm)))
        fields.update(
            legal_form=legal_form,
            koinsep_category=(draw(st.sampled_from(list(KoinsepCategory)))
                              if legal_form == LegalForm.KOINSEP else None),
            stage=draw(st.none() | st.sampled_from(list(Stage))),
            members=draw(st.none() | st.integers(0, 10_000)),
            funding_sought=draw(st.none() | amounts))
    elif kind == Kind.INVESTOR:
        low, high = sorted(draw(st.tuples(amounts, amounts)))
        fields.update(instruments=draw(st.lists(st.sampled_from(list(Instrument)),
                                                unique=True, max_size=3).map(tuple)),
                      ticket_min=low, ticket_max=high,
                      organisation_type=draw(st.sampled_from([t.value for t in InvestorType])))
    elif kind == Kind.POLICYMAKER:
        fields.update(level=draw(st.sampled_from(list(PolicyLevel))),
                      jurisdiction=draw(st.none() | regions),
                      policy_areas=draw(codes(vocabularies.sectors())))
    else:
        fields.update(organisation_type=draw(st.sampled_from([t.value for t in SupportType])))
    return Stakeholder(**fields)
