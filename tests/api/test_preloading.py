"""Served by gunicorn with the shipped settings: the master reads the match index before
forking, and each worker answers from the inherited index brought forward, on both stores."""

from __future__ import annotations

import gc
from pathlib import Path
from types import SimpleNamespace

import pytest

from graph_models.domain.stakeholders import Kind
from graph_models.matching import MatchIndex, recommend
from service import gunicorn_conf
from service.extensions import index_folder
from tests.api.conftest import admin_client, build_app, close_app, sqlite_url, use_cases
from tests.api.helpers import API
from tests.forking import check_in_forked_child


def gunicorn_master(app, *, preload: bool = True):
    """What the hooks read of gunicorn's arbiter: its settings and its loaded app."""
    return SimpleNamespace(cfg=SimpleNamespace(preload_app=preload),
                           app=SimpleNamespace(wsgi=lambda: app))


@pytest.fixture
def frozen_after():
    """Let go of what a test froze, so that the collector sees it again."""
    yield
    gc.unfreeze()


def add(app, **fields) -> str:
    return use_cases(app).stakeholders.create_stakeholder(
        {"region": "EL303", "discoverable": True, **fields}).id


def matched_ids(client, seeker: str) -> list[str]:
    answer = client.get(f"{API}/stakeholders/{seeker}/matches")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return [match["candidate"]["id"] for match in answer.get_json()]


def test_the_shipped_settings_preload_the_app_in_the_master():
    assert gunicorn_conf.preload_app is True
    assert gunicorn_conf.workers == 2


def test_a_worker_answers_from_the_masters_index_brought_forward(engine_app, frozen_after):
    coop = add(engine_app, kind=Kind.ENTREPRENEUR, name="Κοιν.Σ.Επ. Κουζίνα",
               needs=["financing.loan"])
    bank = add(engine_app, kind=Kind.INVESTOR, name="Ηθική Τράπεζα", offers=["financing.loan"],
               instruments=["loan"])
    client = admin_client(engine_app)
    cases = use_cases(engine_app)

    gunicorn_conf.pre_fork(gunicorn_master(engine_app), worker=None)
    assert cases.match_index.version == cases.store.version()
    assert gc.get_freeze_count() > 0

    def write_after_the_fork() -> None:
        cases.stakeholders.update_stakeholder(bank, {"discoverable": False})
        add(engine_app, kind=Kind.INVESTOR, name="Συνεταιριστική Τράπεζα",
            offers=["financing.loan"], instruments=["loan"])

    def in_the_worker() -> None:
        answered = matched_ids(client, coop)
        fresh = MatchIndex.from_export(cases.store.export())
        assert answered == [m.candidate_id for m in recommend(fresh, coop, limit=10)]
        assert bank not in answered and len(answered) == 1
        assert cases.match_index.version == cases.store.version()

    check_in_forked_child(in_the_worker, after_fork=write_after_the_fork)


def test_without_preloading_the_master_reads_nothing(app):
    gunicorn_conf.pre_fork(gunicorn_master(app, preload=False), worker=None)
    assert use_cases(app).match_index.version is None


def test_a_store_that_cannot_be_opened_does_not_stop_the_master(tmp_path, frozen_after,
                                                               caplog):
    (tmp_path / "not-a-directory").write_text("I am a file")
    app = build_app(sqlite_url(tmp_path / "not-a-directory"), SYNDESMOS_RETRY_AFTER="600")
    try:
        gunicorn_conf.pre_fork(gunicorn_master(app), worker=None)
        assert "not preloaded" in caplog.text
        # The workers try the store at their first request, not 600 s later.
        (tmp_path / "not-a-directory").unlink()
        assert app.test_client().get(f"{API}/health").status_code == 200
    finally:
        close_app(app)


def test_a_restarted_master_reads_the_index_its_predecessor_saved(tmp_path, frozen_after,
                                                                  monkeypatch):
    url = sqlite_url(tmp_path)
    first = build_app(url)
    coop = add(first, kind=Kind.ENTREPRENEUR, name="Κοιν.Σ.Επ. Κουζίνα",
               needs=["financing.loan"])
    add(first, kind=Kind.INVESTOR, name="Ηθική Τράπεζα", offers=["financing.loan"],
        instruments=["loan"])
    gunicorn_conf.pre_fork(gunicorn_master(first), worker=None)
    assert len(list(tmp_path.glob("match-index-*"))) == 1  # beside the SQLite store, by default
    before = matched_ids(admin_client(first), coop)
    close_app(first)

    again = build_app(url)
    cases = use_cases(again)
    built = []
    build = cases.match_index._build
    monkeypatch.setattr(cases.match_index, "_build",
                        lambda store: built.append(store) or build(store))
    gunicorn_conf.pre_fork(gunicorn_master(again), worker=None)
    assert built == [] and matched_ids(admin_client(again), coop) == before == [
        m.candidate_id for m in recommend(MatchIndex.from_export(cases.store.export()), coop)]
    close_app(again)


@pytest.mark.parametrize(("setting", "store", "folder"), [
    (None, "sqlite:///data/graph.db", "data"),
    (None, "bolt://127.0.0.1:7687", "instance"),
    ("indexes", "sqlite:///data/graph.db", "indexes"),
])
def test_the_index_is_saved_beside_an_sqlite_store_unless_told_where(setting, store, folder):
    config = {"SYNDESMOS_STORE": store, "SYNDESMOS_INDEX_DIR": setting}
    assert index_folder(config) == Path.cwd() / folder


def test_saving_the_index_can_be_turned_off():
    assert index_folder({"SYNDESMOS_STORE": "sqlite:///x.db", "SYNDESMOS_INDEX_DIR": "off"}) \
        is None
