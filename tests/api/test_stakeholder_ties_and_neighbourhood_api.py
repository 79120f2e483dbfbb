"""GET /stakeholders/{id}/ties and GET /stakeholders/{id}/neighbourhood."""

from __future__ import annotations

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import bearer_client, make_user
from tests.api.helpers import API, assert_error

STAKEHOLDERS = f"{API}/stakeholders"


# -- ties of a stakeholder ----------------------------------------------------------------------

@pytest.fixture
def hub(api):
    """An entrepreneur funded by an investor, mentored by a support organisation and mentoring
    another entrepreneur; and a KNOWS tie elsewhere that it is not part of."""
    coop = api.stakeholder("entrepreneur", "Συνεταιρισμός")
    investor = api.stakeholder("investor", "Ταμείο")
    centre = api.stakeholder("support_organisation", "Κέντρο")
    mentee = api.stakeholder("entrepreneur", "Νέα ομάδα")
    ties = {
        "funded": api.tie("FUNDED", investor, coop),
        "mentored": api.tie("MENTORS", centre, coop),
        "mentors": api.tie("MENTORS", coop, mentee),
        "elsewhere": api.tie("KNOWS", investor, centre),
    }
    return coop, ties


def ties_of(client, stakeholder, query=""):
    response = client.get(f"{STAKEHOLDERS}/{stakeholder['id']}/ties{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def ids(ties):
    return sorted(t["id"] for t in ties)


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["funded", "mentored", "mentors"]),
    ("?direction=both", ["funded", "mentored", "mentors"]),
    ("?direction=out", ["mentors"]),
    ("?direction=in", ["funded", "mentored"]),
    ("?type=MENTORS", ["mentored", "mentors"]),
    ("?type=FUNDED&type=MENTORS", ["funded", "mentored", "mentors"]),
    ("?type=KNOWS", []),
    ("?direction=in&type=MENTORS", ["mentored"]),
])
def test_the_ties_of_a_stakeholder_filter_by_direction_and_repeated_type(client, hub, query,
                                                                        expected):
    coop, ties = hub

    found = ties_of(client, coop, query)

    assert [t["id"] for t in found] == ids(ties[name] for name in expected)


def test_the_ties_of_a_stakeholder_are_whole_ties_ordered_by_id(client, hub):
    coop, ties = hub

    found = ties_of(client, coop)

    assert found == sorted((ties[n] for n in ("funded", "mentored", "mentors")),
                           key=lambda t: t["id"])


def test_an_undirected_tie_counts_as_a_tie_of_both_its_ends(api, client):
    a, b = api.stakeholder(name="Α"), api.stakeholder(name="Β")
    knows = api.tie("KNOWS", a, b)

    assert ties_of(client, a) == ties_of(client, b) == [knows]


def test_a_stakeholder_without_ties_has_an_empty_list(api, client):
    assert ties_of(client, api.stakeholder()) == []


def test_the_ties_of_an_unknown_stakeholder_are_a_404(client):
    assert_error(client.get(f"{STAKEHOLDERS}/no-such-id/ties"), 404)


@pytest.mark.parametrize(("query", "field"), [
    ("?direction=sideways", "direction"), ("?type=LIKES", "type"),
    ("?type=KNOWS&type=nonsense", "type"), ("?types=KNOWS", "types"),
])
def test_a_bad_ties_query_is_a_422_naming_the_parameter(api, client, query, field):
    coop = api.stakeholder()

    response = client.get(f"{STAKEHOLDERS}/{coop['id']}/ties{query}")

    assert_error(response, 422, field, location="query")


def test_an_export_holds_the_ties_the_ties_endpoint_shows_its_reader_and_no_others(app, api):
    """A member must not learn from its stakeholder's export of a tie to someone who does not
    consent to be seen, which its ties hide."""
    coop = api.stakeholder("entrepreneur", "Συνεταιρισμός", "EL303", discoverable=True)
    seen = api.stakeholder("investor", "Ταμείο", "EL522", discoverable=True)
    unseen = api.stakeholder("entrepreneur", "Αθέατη ομάδα", "EL522", discoverable=False)
    shown, hidden = api.tie("FUNDED", seen, coop), api.tie("PARTNERS_WITH", coop, unseen)
    member = bearer_client(app, make_user(app, "member", Role.MEMBER,
                                          memberships=[coop["id"]])[1])

    record = member.get(f"{STAKEHOLDERS}/{coop['id']}/export")

    assert record.status_code == 200, record.get_data(as_text=True)
    assert record.get_json()["ties"] == ties_of(member, coop) == [shown]
    assert hidden["id"] not in {entry["object_id"] for entry in record.get_json()["audit"]}
    assert ids(ties_of(api.client, coop)) == ids([shown, hidden])  # an admin sees both


# -- neighbourhood ------------------------------------------------------------------------------

@pytest.fixture
def chain(api):
    """Four stakeholders in a line, a - b - c - d, joined by KNOWS, FUNDED (b funds c, so
    against its direction from a) and PARTNERS_WITH; and e, tied to no one."""
    a = api.stakeholder("entrepreneur", "Α")
    b = api.stakeholder("investor", "Β")
    c = api.stakeholder("entrepreneur", "Γ")
    d = api.stakeholder("policymaker", "Δ")
    e = api.stakeholder("entrepreneur", "Ε")
    ties = [api.tie("KNOWS", a, b), api.tie("FUNDED", b, c), api.tie("PARTNERS_WITH", c, d)]
    return {"a": a, "b": b, "c": c, "d": d, "e": e}, ties


def neighbourhood(client, stakeholder, **query):
    response = client.get(f"{STAKEHOLDERS}/{stakeholder['id']}/neighbourhood",
                          query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_depth_one_reaches_the_direct_neighbours_only(client, chain):
    people, ties = chain

    found = neighbourhood(client, people["a"], depth=1)

    assert found["center"] == people["a"]["id"]
    assert found["depth"] == 1
    assert found["stakeholders"] == [{"id": people["b"]["id"], "kind": "investor", "name": "Β",
                                      "region": "EL303", "distance": 1}]
    assert [t["id"] for t in found["ties"]] == [ties[0]["id"]]
    assert found["truncated"] is False


def test_depth_two_reaches_two_ties_away_nearest_first(client, chain):
    people, ties = chain

    found = neighbourhood(client, people["a"], depth=2)

    assert [(s["name"], s["distance"]) for s in found["stakeholders"]] == [("Β", 1), ("Γ", 2)]
    assert sorted(t["id"] for t in found["ties"]) == sorted(t["id"] for t in ties[:2])
    assert found["truncated"] is False


def test_depth_one_is_the_default(client, chain):
    people, _ = chain

    assert neighbourhood(client, people["a"]) == neighbourhood(client, people["a"], depth=1)


def test_depth_three_reaches_the_end_of_the_chain(client, chain):
    people, _ = chain

    found = neighbourhood(client, people["a"], depth=3)

    assert [(s["name"], s["distance"]) for s in found["stakeholders"]] == [
        ("Β", 1), ("Γ", 2), ("Δ", 3)]
    assert len(found["ties"]) == 3


def test_neighbours_at_the_same_distance_are_ordered_by_id(client, chain):
    people, _ = chain

    found = neighbourhood(client, people["c"], depth=2)

    expected = [(1, s["id"]) for s in sorted((people["b"], people["d"]), key=lambda s: s["id"])]
    expected += [(2, people["a"]["id"])]
    assert [(s["distance"], s["id"]) for s in found["stakeholders"]] == expected


def test_the_summaries_of_ties_keep_their_recorded_direction(client, chain):
    people, ties = chain

    found = neighbourhood(client, people["c"], depth=1)

    funded = next(t for t in found["ties"] if t["type"] == "FUNDED")
    assert (funded["id"], funded["source"], funded["target"]) == (
        ties[1]["id"], people["b"]["id"], people["c"]["id"])
    assert funded["weight"] == 1 and funded["since"] == ties[1]["since"]


def test_a_stakeholder_without_ties_has_an_empty_neighbourhood(client, chain):
    people, _ = chain

    found = neighbourhood(client, people["e"], depth=3)

    assert (found["stakeholders"], found["ties"], found["truncated"]) == ([], [], False)


def test_the_neighbourhood_includes_ties_among_the_neighbours(api, client):
    center, left, right = (api.stakeholder(name=n) for n in ("Κέντρο", "Αριστερά", "Δεξιά"))
    api.tie("KNOWS", center, left)
    api.tie("KNOWS", center, right)
    between = api.tie("PARTNERS_WITH", left, right)

    found = neighbourhood(client, center, depth=1)

    assert between["id"] in {t["id"] for t in found["ties"]}
    assert len(found["ties"]) == 3


def test_a_new_tie_shows_in_the_next_neighbourhood(api, client, chain):
    people, _ = chain
    assert neighbourhood(client, people["e"])["stakeholders"] == []

    api.tie("KNOWS", people["e"], people["a"])

    assert [s["id"] for s in neighbourhood(client, people["e"])["stakeholders"]] == [
        people["a"]["id"]]


def test_a_limit_below_the_neighbourhood_size_truncates_nearest_first_and_says_so(api, client):
    center = api.stakeholder(name="Κέντρο")
    spokes = [api.stakeholder(name=f"Ακτίνα {n}") for n in range(3)]
    for spoke in spokes:
        api.tie("KNOWS", center, spoke)
    far = api.stakeholder(name="Μακριά")
    api.tie("KNOWS", spokes[0], far)

    cut = neighbourhood(client, center, depth=2, limit=2)
    exact = neighbourhood(client, center, depth=2, limit=4)

    assert [s["id"] for s in cut["stakeholders"]] == sorted(s["id"] for s in spokes)[:2]
    assert cut["truncated"] is True
    assert len(exact["stakeholders"]) == 4 and exact["truncated"] is False
    assert exact["stakeholders"][-1] == {"id": far["id"], "kind": "entrepreneur",
                                         "name": "Μακριά", "region": "EL303", "distance": 2}


def test_the_neighbourhood_of_an_unknown_stakeholder_is_a_404(client, chain):
    assert_error(client.get(f"{STAKEHOLDERS}/no-such-id/neighbourhood"), 404)


@pytest.mark.parametrize(("query", "field"), [
    ("depth=4", "depth"), ("depth=0", "depth"), ("depth=two", "depth"), ("limit=0", "limit"),
    ("limit=1001", "limit"), ("radius=2", "radius"),
])
def test_a_bad_neighbourhood_query_is_a_422_naming_the_parameter(client, chain, query, field):
    people, _ = chain

    response = client.get(f"{STAKEHOLDERS}/{people['a']['id']}/neighbourhood?{query}")

    assert_error(response, 422, field, location="query")
