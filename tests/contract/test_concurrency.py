"""Concurrent writers lose nothing, on both stores; processes too on SQLite."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor

from graph_models.domain.queries import StakeholderQuery
from graph_models.stores.sqlite import SqliteStore
from tests.builders import stakeholder

THREADS, WRITES_EACH = 8, 50


def test_eight_threads_writing_fifty_times_lose_nothing(store):
    start = store.version()

    def write_fifty(thread: int) -> list[str]:
        return [store.create_stakeholder(stakeholder(name=f"t{thread}-{n}")).id
                for n in range(WRITES_EACH)]

    with ThreadPoolExecutor(THREADS) as pool:
        written = [i for ids in pool.map(write_fifty, range(THREADS)) for i in ids]
    assert len(set(written)) == THREADS * WRITES_EACH
    assert store.find_stakeholders(StakeholderQuery(page_size=1)).total == THREADS * WRITES_EACH
    assert store.version() == start + THREADS * WRITES_EACH
    assert set(store.get_stakeholders(written)) == set(written)


def _write_from_a_process(path: str, process: int, count: int) -> None:
    store = SqliteStore(path)
    for n in range(count):
        store.create_stakeholder(stakeholder(name=f"p{process}-{n}", external_id=None))


def test_sqlite_writers_in_several_processes_lose_nothing(tmp_path):
    path = tmp_path / "shared.db"
    SqliteStore(path).ensure_schema()
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_from_a_process, args=(str(path), p, 50))
                 for p in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    store = SqliteStore(path)
    assert store.version() == 200
    assert store.find_stakeholders(StakeholderQuery(page_size=1)).total == 200
