"""`syndesmos demo` prints a one-time link with which a newcomer signs in to the web pages as
the demo coordinator, without a command line."""

from __future__ import annotations

import re

from click.testing import CliRunner

from service import create_app
from service.cli import main
from tests.web.conftest import form_token

PASSWORD = "a demo password to try"


def test_the_demo_prints_a_link_that_sets_the_coordinators_password_once(tmp_path,
                                                                          monkeypatch):
    store = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("SYNDESMOS_STORE", store)
    output = CliRunner().invoke(main, ["demo", "--size", "60", "--base-url",
                                       "http://127.0.0.1:5000"],
                                catch_exceptions=False).output
    (link,) = re.findall(r"http://127\.0\.0\.1:5000/invitations/\S+", output)
    browser = create_app({"SYNDESMOS_STORE": store}).test_client()
    path = link.removeprefix("http://127.0.0.1:5000")

    page = browser.get(path)
    chosen = browser.post(path, data={"csrf_token": form_token(page), "password": PASSWORD,
                                      "password_again": PASSWORD})

    assert chosen.status_code == 303
    assert "demo-coordinator" in browser.get("/").get_data(as_text=True)
    assert browser.get(path).status_code == 410  # used up
    again = CliRunner().invoke(main, ["demo", "--size", "60", "--if-empty"]).output
    assert re.findall(r"/invitations/\S+", again) != [path]  # a new link each time
