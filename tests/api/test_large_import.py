"""A 50 MB import (the size that failed on Neo4j's default 1 GiB heap) succeeds on both engines."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.api.helpers import API, NDJSON

STAKEHOLDERS, TIES = 17_401, 50_000
SIZE = 50 * 1024 * 1024
KINDS = ("entrepreneur", "investor", "support_organisation", "policymaker")


def fifty_megabytes() -> bytes:
    """67,401 lines: stakeholders with long descriptions, then KNOWS ties among them."""
    ties = [json.dumps({"record": "tie", "type": "KNOWS", "since": "2024-05-01", "strength": 3,
                        "source": {"kind": KINDS[i % 4], "external_id": f"LARGE-{i}"},
                        "target": {"kind": KINDS[j % 4], "external_id": f"LARGE-{j}"}})
            for i, j in _pairs()]
    room = SIZE - sum(len(line) + 1 for line in ties)
    words = "Κοινωνική και αλληλέγγυα οικονομία στη γειτονιά. "
    stakeholders = []
    for i in range(STAKEHOLDERS):
        line = json.dumps({"record": "stakeholder", "kind": KINDS[i % 4],
                           "external_id": f"LARGE-{i}", "name": f"Φορέας {i}",
                           "region": "EL303", "description": ""}, ensure_ascii=False)
        share = room // (STAKEHOLDERS - i) - len(line.encode()) - 1
        description = (words * (share // len(words.encode()) + 1)).encode()[:share].decode(
            errors="ignore")
        line = line.replace('"description": ""', f'"description": "{description}"')
        room -= len(line.encode()) + 1
        stakeholders.append(line)
    return "\n".join([*stakeholders, *ties, ""]).encode()


def _pairs():
    """TIES distinct pairs of stakeholders: each with its next, then its second next, …"""
    pairs = ((i, (i + step) % STAKEHOLDERS)
             for step in itertools.count(1) for i in range(STAKEHOLDERS))
    return itertools.islice(pairs, TIES)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_a_fifty_megabyte_import_succeeds_on_the_default_set_up(engine_api):
    body = fifty_megabytes()
    assert len(body) > 50_000_000 and body.count(b"\n") == STAKEHOLDERS + TIES

    response = engine_api.client.post(f"{API}/import", data=body, content_type=NDJSON)

    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.get_json() == {
        "stakeholders_created": STAKEHOLDERS, "stakeholders_updated": 0,
        "stakeholders_unchanged": 0, "ties_created": TIES, "ties_updated": 0,
        "ties_unchanged": 0}
    assert engine_api.search(page_size=1).get_json()["total"] == STAKEHOLDERS
