"""Fitted match models through the API and the command line: fit on the store's own history,
list, activate, deactivate; bad input named by field, a thin history refused with nothing
saved, and each write audited."""

from __future__ import annotations

from click.testing import CliRunner

from graph_models.domain.accounts import Role
from graph_models.domain.queries import AuditQuery
from service import create_app
from service.cli import main
from service.extensions import EXTENSION_KEY
from tests.api.conftest import bearer_client, make_user, use_cases
from tests.api.helpers import API, assert_error
from tests.contract.test_match_models import funding_history, model

M = f"{API}/admin/match-models"


def test_bad_input_is_named_and_a_thin_history_saves_nothing(client, app):
    assert_error(client.post(M, json={"relation": "KNOWS"}), 422, "relation")
    assert_error(client.post(M, json={"activate": "maybe"}), 422, "activate")
    assert_error(client.post(f"{M}/deactivate", json={"relation": 3}), 422, "relation")
    thin = client.post(M, json={})
    assert thin.status_code == 409, thin.get_json()
    assert "history" in str(thin.get_json()["errors"])
    assert_error(client.post(f"{M}/7/activate"), 404)
    assert client.get(M).get_json() == []
    assert use_cases(app).store.match_models() == []


def test_fit_list_activate_and_deactivate(client, app):
    store = use_cases(app).store
    funding_history(store)

    fitted = client.post(M, json={"relation": "funded"})
    assert fitted.status_code == 201, fitted.get_json()
    first = fitted.get_json()
    assert (first["version"], first["relation"], first["active"]) == (1, "FUNDED", False)
    assert first["history_ties"] == 70 and set(first["after"]) == {"recall_at_10", "mrr"}
    assert store.active_match_models() == {}

    other = store.save_match_model(model())
    activated = client.post(f"{M}/{first['version']}/activate").get_json()
    assert activated["active"] is True
    listed = client.get(M).get_json()
    assert [(m["version"], m["active"]) for m in listed] == [(other.version, False), (1, True)]

    gone = client.post(f"{M}/deactivate", json={"relation": "FUNDED"}).get_json()
    assert gone["deactivated"]["version"] == 1
    assert client.post(f"{M}/deactivate", json={}).get_json() == {"deactivated": None}
    assert store.active_match_models() == {}
    actions = sorted(e.action for e in store.find_audit(AuditQuery()).items
                     if e.object_type == "match_model")
    assert actions == ["match_model.activate", "match_model.deactivate",
                       "match_model.deactivate", "match_model.fit"]


def test_only_admins_may_fit(app):
    _, secret = make_user(app, "coordinator", Role.COORDINATOR, regions=["EL30"])
    coordinator = bearer_client(app, secret)
    assert coordinator.post(M, json={}).status_code == 403
    assert coordinator.get(M).status_code == 403


def test_the_command_fits_and_activates_or_says_why_not(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("SYNDESMOS_STORE", url)
    app = create_app({"SYNDESMOS_STORE": url})
    holder = app.extensions[EXTENSION_KEY]
    store = holder.use_cases().store
    thin = CliRunner().invoke(main, ["fit-matches"])
    assert thin.exit_code == 1 and "history" in thin.output
    funding_history(store)
    holder.close()

    done = CliRunner().invoke(main, ["fit-matches", "--relation", "funded", "--activate"])

    assert done.exit_code == 0, done.output
    assert "model 1 (FUNDED, active)" in done.output
    assert "warm (" in done.output and "cold (" in done.output
