"""Rate limits: one count for every worker process of a host (two apps on one limits database
stand for two processes), per user for signed-in reads, expensive reads and writes, per address
for logins. Time moves on a fake clock, never by sleeping."""

from __future__ import annotations

import pytest

from service.access import ENDPOINT_RULES, EXPENSIVE_READS
from tests.api.conftest import bearer_client, build_app, close_app, make_user, sqlite_url
from tests.api.helpers import API, assert_error
from tests.builders import FakeClock

NEW = {"kind": "entrepreneur", "name": "Νέα ομάδα", "region": "EL303"}
REPORT = f"{API}/reports/ecosystem"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def processes(tmp_path, clock):
    """Make apps ("processes") on one store and one limits database, with the limits given."""
    apps = []

    def start(count: int = 1, **limits):
        for _ in range(count):
            apps.append(build_app(sqlite_url(tmp_path), CLOCK=clock,
                                  SYNDESMOS_LIMITS_DB=str(tmp_path / "limits.db"), **limits))
        return apps[-count:]

    yield start
    for app in apps:
        close_app(app)


def write(client, n: int = 0):
    return client.post(f"{API}/stakeholders", json={**NEW, "name": f"Ομάδα {n}"})


def test_two_processes_together_let_through_exactly_the_login_limit(processes):
    apps = processes(2, SYNDESMOS_LOGINS_PER_MINUTE="4")
    # Another username each time, so that no username's lockout answers instead.
    answers = [apps[i % 2].test_client().post(f"{API}/auth/login", json={
        "username": f"nobody-{i}", "password": "not the password"}).status_code
        for i in range(10)]
    assert answers == [401] * 4 + [429] * 6


def test_two_processes_together_let_through_exactly_a_users_write_limit(processes, clock):
    apps = processes(2, SYNDESMOS_WRITES_PER_MINUTE="3")
    secret = make_user(apps[0], "busy")[1]
    clients = [bearer_client(app, secret) for app in apps]
    assert [write(clients[i % 2], i).status_code for i in range(6)] == [201] * 3 + [429] * 3
    clock.advance(seconds=61)
    assert write(clients[1], 7).status_code == 201


def test_a_refusal_names_its_limit_and_says_when_to_retry(processes, clock):
    (app,) = processes(SYNDESMOS_WRITES_PER_MINUTE="1")
    client = bearer_client(app, make_user(app, "busy")[1])
    write(client)
    clock.advance(seconds=20)
    refused = assert_error(write(client, 1), 429)
    assert refused["message"] == "too many writes by one user: at most 1 a minute"
    assert write(client, 2).headers["Retry-After"] == "40"


def test_many_users_behind_one_address_do_not_throttle_one_anothers_writes(processes):
    (app,) = processes(SYNDESMOS_WRITES_PER_MINUTE="3")
    clients = [bearer_client(app, make_user(app, f"colleague-{i}")[1]) for i in range(4)]
    for client in clients:  # every test client comes from 127.0.0.1
        assert [write(client, n).status_code for n in range(3)] == [201] * 3
    assert_error(write(clients[0], 3), 429)


def test_ordinary_reads_are_limited_per_user(processes):
    (app,) = processes(SYNDESMOS_READS_PER_MINUTE="3")
    busy, other = (bearer_client(app, make_user(app, name)[1]) for name in ("busy", "other"))
    assert [busy.get(f"{API}/me").status_code for _ in range(4)] == [200] * 3 + [429]
    assert other.get(f"{API}/me").status_code == 200


def test_an_expensive_read_spends_a_small_budget_of_its_own_per_user(processes, clock):
    (app,) = processes(SYNDESMOS_EXPENSIVE_READS_PER_MINUTE="2",
                       SYNDESMOS_READS_PER_MINUTE="100")
    busy, other = (bearer_client(app, make_user(app, name)[1]) for name in ("busy", "other"))
    assert [busy.get(REPORT).status_code for _ in range(3)] == [200, 200, 429]
    assert "expensive reads" in busy.get(REPORT).get_json()["message"]
    assert busy.get(f"{API}/stakeholders").status_code == 200
    assert other.get(REPORT).status_code == 200
    clock.advance(seconds=61)
    assert busy.get(REPORT).status_code == 200


def test_every_expensive_read_names_a_read_of_the_api():
    assert all("GET" in ENDPOINT_RULES.get(name, {}) for name in EXPENSIVE_READS)


def test_a_limits_database_that_cannot_be_opened_lets_requests_through_and_says_so_once(
        tmp_path, caplog):
    (tmp_path / "a-file").write_text("")
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_READS_PER_MINUTE="1",
                    SYNDESMOS_LIMITS_DB=str(tmp_path / "a-file" / "limits.db"))
    client = bearer_client(app, make_user(app, "reader")[1])

    answers = [client.get(f"{API}/me").status_code for _ in range(3)]

    assert answers == [200, 200, 200]  # uncounted: over the limit of 1, yet not refused
    warnings = [r for r in caplog.records if "rate-limit database" in r.getMessage()]
    assert len(warnings) == 1
    close_app(app)
