"""The store contract for sign-in sessions and login attempts: the same tests on both
engines."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from graph_models.domain.accounts import LoginAttempts, Role, User, open_session
from graph_models.domain.errors import Conflict, NotFound, Unauthenticated
from graph_models.use_cases.accounts import Accounts

T0 = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
IDLE = timedelta(hours=2)
HASH = "$argon2$the-password-checked"


def user(username: str) -> User:
    return User(id=f"u-{username}", username=username, role=Role.MEMBER, password_hash=HASH,
                created_at=T0, updated_at=T0)


def opened(store, user_id: str = "u-maria", at: datetime = T0):
    """A session opened for ``user_id`` at ``at`` and stored: its digest."""
    session = open_session(user_id, at=at, hours=12).session
    store.create_session(session, idle_before=at - IDLE, password_hash=HASH)
    return session.digest


def test_a_session_reads_back_by_its_digest_and_records_its_use(store):
    store.create_user(user("maria"))
    session = open_session("u-maria", at=T0, hours=12).session
    store.create_session(session, idle_before=T0 - IDLE, password_hash=HASH)
    assert store.get_session(session.digest) == session
    store.touch_session(session.digest, T0 + timedelta(minutes=7))
    assert store.get_session(session.digest) == dataclasses.replace(
        session, last_seen_at=T0 + timedelta(minutes=7))


def test_a_deleted_session_is_gone_and_deleting_it_again_is_no_error(store):
    store.create_user(user("maria"))
    digest = opened(store)
    store.delete_session(digest)
    store.delete_session(digest)
    with pytest.raises(NotFound):
        store.get_session(digest)


def test_a_session_of_a_missing_user_is_not_found(store):
    with pytest.raises(NotFound):
        opened(store, "u-nobody")


@pytest.mark.parametrize("change", [{"password_hash": "$argon2$new"}, {"disabled": True}])
def test_a_session_for_a_password_since_changed_or_a_disabled_user_is_refused_and_not_stored(
        store, change):
    store.create_user(user("maria"))
    store.update_user(dataclasses.replace(user("maria"), **change), end_sessions=True)
    session = open_session("u-maria", at=T0, hours=12).session
    with pytest.raises(Unauthenticated):
        store.create_session(session, idle_before=T0 - IDLE, password_hash=HASH)
    with pytest.raises(NotFound):
        store.get_session(session.digest)


def test_a_login_checked_before_the_password_changed_opens_no_session_but_a_new_one_does(store):
    accounts = Accounts(store)
    maria = accounts.create_user({"username": "maria", "role": Role.MEMBER,
                                  "password": "correct horse battery staple"})
    checked = accounts.login("maria", "correct horse battery staple")
    accounts.update_user(maria.id, {"password": "a brand new horse battery"})
    with pytest.raises(Unauthenticated):
        accounts.open_session(checked)
    opened_now = accounts.open_session(accounts.login("maria", "a brand new horse battery"))
    assert accounts.authenticate_session(opened_now.secret)[0].id == maria.id


def test_opening_a_session_deletes_those_that_ended_or_went_idle(store):
    store.create_user(user("maria"))
    old = opened(store, at=T0 - timedelta(hours=13))  # past its 12 hours
    idle = opened(store, at=T0 - timedelta(hours=3))  # unused for longer than IDLE
    busy = opened(store, at=T0 - timedelta(hours=3))
    store.touch_session(busy, T0 - timedelta(minutes=30))
    fresh = opened(store)
    for gone in (old, idle):
        with pytest.raises(NotFound):
            store.get_session(gone)
    assert {store.get_session(d).digest for d in (busy, fresh)} == {busy, fresh}


def test_a_change_that_ends_sessions_ends_all_of_that_users_and_no_others(store):
    store.create_user(user("maria"))
    store.create_user(user("nikos"))
    marias = [opened(store), opened(store)]
    nikos = opened(store, "u-nikos")
    store.update_user(dataclasses.replace(user("maria"), display_name="Μαρία"))
    assert [store.get_session(d).user_id for d in marias] == ["u-maria", "u-maria"]
    store.update_user(dataclasses.replace(user("maria"), password_hash="$argon2$new"),
                      end_sessions=True)
    for digest in marias:
        with pytest.raises(NotFound):
            store.get_session(digest)
    assert store.get_session(nikos).user_id == "u-nikos"


def test_a_change_that_fails_ends_no_session(store):
    store.create_user(user("maria"))
    store.create_user(user("nikos"))
    digest = opened(store)
    clash = dataclasses.replace(user("maria"), username="NIKOS")
    with pytest.raises(Conflict):
        store.update_user(clash, end_sessions=True)
    assert store.get_session(digest).user_id == "u-maria"


def test_deleting_a_user_deletes_its_sessions(store):
    store.create_user(user("maria"))
    digest = opened(store)
    store.delete_user("u-maria")
    with pytest.raises(NotFound):
        store.get_session(digest)


def test_sessions_do_not_move_the_graph_version(store):
    store.create_user(user("maria"))
    version = store.version()
    digest = opened(store)
    store.touch_session(digest, T0 + timedelta(minutes=6))
    store.delete_session(digest)
    assert store.version() == version


# -- login attempts, per username known or not ---------------------------------------------------

WINDOW = timedelta(minutes=15)
LIMIT = 5


def attempt(store, key: str, at: datetime):
    return store.record_login_attempt(key, at, forget_before=at - WINDOW, lock_after=LIMIT,
                                      locked_until=at + WINDOW)


def test_login_attempts_are_counted_per_key_whether_or_not_a_user_has_that_name(store):
    counts = [attempt(store, "k-nobody", T0 + timedelta(minutes=i)).count for i in range(3)]
    assert counts == [1, 2, 3]
    assert attempt(store, "k-other", T0).count == 1
    assert store.login_attempts("k-nobody") == LoginAttempts("k-nobody", 3,
                                                             T0 + timedelta(minutes=2))
    assert store.login_attempts("k-never") is None


def test_login_attempts_older_than_the_window_are_forgotten(store):
    attempt(store, "k-maria", T0)
    attempt(store, "k-nikos", T0)
    later = T0 + WINDOW + timedelta(seconds=1)
    assert attempt(store, "k-maria", later).count == 1
    assert store.login_attempts("k-nikos") is None  # gone, not only ignored


def test_a_key_reaching_the_limit_is_locked_for_a_fixed_window_however_often_it_is_tried(
        store):
    for _ in range(LIMIT - 1):
        assert attempt(store, "k-maria", T0).locked_until is None
    assert attempt(store, "k-maria", T0).locked_until == T0 + WINDOW
    during = [attempt(store, "k-maria", T0 + timedelta(minutes=m)) for m in (1, 14)]
    assert [(a.count, a.locked_until) for a in during] == [(6, T0 + WINDOW), (7, T0 + WINDOW)]
    after = attempt(store, "k-maria", T0 + timedelta(minutes=28))
    assert (after.count, after.locked_until) == (1, None)


def test_clearing_login_attempts_starts_the_count_again(store):
    for _ in range(4):
        attempt(store, "k-maria", T0)
    store.clear_login_attempts("k-maria")
    store.clear_login_attempts("k-maria")
    assert store.login_attempts("k-maria") is None
    assert attempt(store, "k-maria", T0).count == 1


def test_login_attempts_counted_at_once_by_many_threads_are_all_counted(store):
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: attempt(store, "k-busy", T0), range(12)))
    assert store.login_attempts("k-busy").count == 12


def test_login_attempts_do_not_move_the_graph_version(store):
    version = store.version()
    attempt(store, "k-maria", T0)
    store.clear_login_attempts("k-maria")
    assert store.version() == version
