"""Free-text search on every store: words in any order, Greeklish, place names, abbreviations,
punctuation taken literally; and the stores' search keys brought up to date."""

from __future__ import annotations

import sqlite3

import pytest

from graph_models.domain.errors import InvalidInput
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.search_keys import MAX_QUERY_LENGTH
from graph_models.domain.stakeholders import Kind
from graph_models.domain.text import fold
from graph_models.stores.sqlite import SqliteStore
from tests.builders import stakeholder
from tests.conftest import NEO4J_URL

KITCHEN = "Κοινωνική Κουζίνα «Το Μαγειρείο»"
KOINSEP = "Κοιν.Σ.Επ. Ήλιος"
APART = "Κοιν Σ Επ Θάλασσα"
SALONICA = "Thessaloniki Bike Kitchen"
LITERAL = "100% Bio_Coop O'Neil \\ Λάρισα"
PIRAEUS = "Λιμάνι Αλληλεγγύης"


@pytest.fixture
def directory(store):
    """Six stakeholders whose words, places and abbreviations the searches below look for."""
    people = {
        KITCHEN: dict(municipality="Αθήνα", description="Μαγειρεύουμε για όλη τη γειτονιά"),
        KOINSEP: dict(municipality="Ηράκλειο", description="Ενέργεια από τον ήλιο"),
        APART: dict(municipality="Κέρκυρα", description="Αλιεία και ψάρια"),
        SALONICA: dict(municipality=None, description="Bicycles repaired by volunteers"),
        LITERAL: dict(municipality="Λάρισα", description=""),
        PIRAEUS: dict(municipality="Πειραιάς", description="Στέγη και τροφή", kind=Kind.INVESTOR),
    }
    for name, fields in people.items():
        store.create_stakeholder(stakeholder(fields.pop("kind", Kind.ENTREPRENEUR), name=name,
                                             external_id=None, **fields))
    return store


def found(store, text: str) -> list[str]:
    return sorted(s.name for s in store.find_stakeholders(
        StakeholderQuery(text=text, page_size=100)).items)


@pytest.mark.parametrize(("text", "expected"), [
    ("kouzina", [KITCHEN]),
    ("Κουζίνα κοινωνική", [KITCHEN]),
    ("mageireio koinoniki", [KITCHEN]),
    ("Athens", [KITCHEN]),
    ("athina", [KITCHEN]),
    ("ΑΘΗΝΑ κουζινα", [KITCHEN]),
    ("Heraklion", [KOINSEP]),
    ("iraklio ilios", [KOINSEP]),
    ("Corfu", [APART]),
    ("Piraeus", [PIRAEUS]),
    ("pireas stegi", [PIRAEUS]),
    ("Θεσσαλονίκη", [SALONICA]),
    ("Salonica bike", [SALONICA]),
    ("ΚοινΣΕπ", [APART, KOINSEP]),
    ("Κοιν.Σ.Επ.", [APART, KOINSEP]),
    ("koinsep", [APART, KOINSEP]),
    ("Κοιν Σ Επ", [APART, KOINSEP]),
    ("koinsep thalassa", [APART]),
    ("κουζινα λαρισα", []),
    ("100", [LITERAL]),
    ("bio coop o neil", [LITERAL]),
    ("o'neil", [LITERAL]),
    ("%", []),
    ("_", []),
    ("'", []),
    ("\\", []),
    ("%%%", []),
    ("' OR '1'='1", []),
    ("\" OR true //", []),
    ("κουζ%να", [KITCHEN]),
])
def test_every_word_typed_is_found_in_any_order_and_spelling(directory, text, expected):
    assert found(directory, text) == expected


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_or_blank_text_filters_nothing(directory, text):
    assert len(found(directory, text)) == 6


def test_a_text_search_combines_with_the_other_filters(directory):
    page = directory.find_stakeholders(StakeholderQuery(text="Κοιν Σ Επ", kind=Kind.INVESTOR))
    assert page.total == 0
    page = directory.find_stakeholders(StakeholderQuery(text="stegi", kind=Kind.INVESTOR))
    assert [s.name for s in page.items] == [PIRAEUS]


def test_a_text_search_counts_all_it_finds_and_pages_them(directory):
    first = directory.find_stakeholders(StakeholderQuery(text="koinsep", page_size=1))
    second = directory.find_stakeholders(StakeholderQuery(text="koinsep", page=2, page_size=1))
    assert (first.total, second.total) == (2, 2)
    assert sorted(s.name for s in first.items + second.items) == [APART, KOINSEP]


@pytest.mark.parametrize("text", ["athens", "κοιν σ επ", "bike kitchen", "ilio", "ψαρια",
                                  "gei", "b", "8", "x"])
def test_a_store_finds_exactly_those_whose_key_holds_every_term(directory, text):
    everyone = directory.find_stakeholders(StakeholderQuery(page_size=100)).items
    terms = StakeholderQuery(text=text).text_terms
    assert terms
    # The rule, read in Python from the domain's key: every term in one of the key's words.
    expected = sorted(s.name for s in everyone if all(
        any(form in word for word in s.search_text.split() for form in forms)
        for forms in terms))
    assert found(directory, text) == expected


def test_a_text_longer_than_the_limit_is_refused_naming_text(store):
    with pytest.raises(InvalidInput) as refused:
        store.find_stakeholders(StakeholderQuery(text="α" * (MAX_QUERY_LENGTH + 1)))
    assert "text" in refused.value.errors


# -- search keys made by an older version are recomputed --------------------------------------

def _age_keys(store, key_of: dict[str, str], *, forget_version: bool) -> None:
    """Write these search keys as they are, and (with ``forget_version``) drop the record of
    which version made them: what a store made before search keys were versioned holds."""
    if isinstance(store, SqliteStore):
        with sqlite3.connect(store.path) as db:
            db.executemany("UPDATE stakeholders SET search_text = ? WHERE id = ?",
                           [(key, id_) for id_, key in key_of.items()])
            if forget_version:
                db.execute("DELETE FROM meta WHERE key = 'search_keys'")
        return
    import neo4j

    with (neo4j.GraphDatabase.driver(NEO4J_URL, auth=None) as driver,
          driver.session(database="neo4j") as session):
        session.run("UNWIND $rows AS row MATCH (s:Stakeholder {id: row[0]}) "
                    "SET s.search_text = row[1]",
                    rows=[[id_, key] for id_, key in key_of.items()]).consume()
        if forget_version:
            session.run("MATCH (m:SyndesmosMeta {key: 'version'}) REMOVE m.search_keys").consume()


def test_making_the_schema_recomputes_keys_an_older_version_made(store):
    people = [store.create_stakeholder(stakeholder(name=f"Κουζίνα {n}", municipality="Αθήνα",
                                                   description="", external_id=None))
              for n in range(3)]
    # Before search keys, a store held the folded text alone.
    _age_keys(store, {p.id: fold(f"{p.name} Αθήνα") for p in people}, forget_version=True)
    assert found(store, "kouzina athens") == []
    version, changes = store.version(), store.graph_changes(0)

    store.ensure_schema()

    assert found(store, "kouzina athens") == sorted(p.name for p in people)
    assert found(store, "Κουζίνα 1") == ["Κουζίνα 1"]
    # Only the keys changed: no write was counted and the change feed holds no more.
    assert (store.version(), store.graph_changes(0)) == (version, changes)
    assert [store.get_stakeholder(p.id) for p in people] == people


def test_keys_made_by_this_version_are_left_as_they_are(store):
    person = store.create_stakeholder(stakeholder(name="Κουζίνα", description=""))
    _age_keys(store, {person.id: "stale"}, forget_version=False)

    store.ensure_schema()

    assert found(store, "stale") == ["Κουζίνα"]
    assert found(store, "kouzina") == []
