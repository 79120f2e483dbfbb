"""The admin pages through a browser-like client: forms with their errors next to the field in
Greek and English, who may open them, and spreadsheet imports that name every bad row and
write nothing until the whole file is good."""

from __future__ import annotations

import io
import json
import re
import stat

import pytest
from openpyxl import Workbook

from graph_models.domain.accounts import Role
from service.config import local_folder
from tests.api.conftest import build_app, close_app, make_user, sqlite_url, use_cases
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of


@pytest.fixture
def eleni(app):
    return make_user(app, "eleni", Role.ADMIN, display_name="Ελένη", password=PASSWORD)[0]


def signed_in(app, username: str, language: str = "en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert sign_in(client, username, language=language).status_code == 303
    return client


def field_error(page, field: str) -> str:
    """The error shown next to ``field``: the element its control points to."""
    html = page.get_data(as_text=True)
    assert f'aria-describedby="{field}-' in html or f'{field}-error' in html
    found = re.search(rf'id="{field}-error">([^<]+)<', html)
    assert found, f"no error next to {field}"
    return found.group(1)


@pytest.mark.parametrize("language,expected", [
    ("en", "No region is called “Ατλαντίδα”"),
    ("el", "Καμία περιοχή δεν λέγεται «Ατλαντίδα»"),
])
def test_an_account_form_shows_each_error_next_to_its_field_in_the_pages_language(
        app, eleni, language, expected):
    client = signed_in(app, "eleni", language)
    page = client.get("/admin/users")

    refused = client.post("/admin/users", data={
        "csrf_token": form_token(page), "username": "petros", "role": "coordinator",
        "regions": "Ατλαντίδα", "email": "not an address"})

    assert refused.status_code == 422
    assert expected in field_error(refused, "regions")
    assert field_error(refused, "email")
    assert "petros" not in [u.username for u in use_cases(app).accounts.list_users()]


def test_an_admin_makes_an_account_with_territories_and_memberships_by_name(app, eleni):
    coop = use_cases(app).stakeholders.create_stakeholder(
        {"kind": "entrepreneur", "name": "Κουζίνα της Γειτονιάς", "region": "EL303"})
    client = signed_in(app, "eleni")
    page = client.get("/admin/users")

    made = client.post("/admin/users", data={
        "csrf_token": form_token(page), "username": "petros", "role": "coordinator",
        "regions": "Αττική, el522", "memberships": "κουζινα της γειτονιας"})

    assert made.status_code == 303
    user = use_cases(app).accounts.get_user_by_username("petros")
    # Αττική is the NUTS-1 region EL3, which holds EL30.
    assert (user.regions, user.memberships) == (("EL3", "EL522"), (coop.id,))
    edit = client.get(made.headers["Location"])
    assert "Κουζίνα της Γειτονιάς" in text_of(edit)
    switched_off = client.post(made.headers["Location"].split("?")[0], data={
        "csrf_token": form_token(edit), "username": "petros", "role": "coordinator",
        "regions": "EL30", "disabled": "true"})
    assert switched_off.status_code == 303
    assert use_cases(app).accounts.get_user(user.id).disabled


def test_an_admin_revokes_someone_elses_api_token(app, eleni):
    facades = use_cases(app)
    other = facades.accounts.create_user({"username": "nikos", "role": Role.MEMBER})
    token = facades.accounts.issue_token(other.id, name="laptop").token
    client = signed_in(app, "eleni")
    page = client.get(f"/admin/users/{other.id}")
    assert "laptop" in text_of(page)

    client.post(f"/admin/users/{other.id}/tokens/{token.id}/revoke",
                data={"csrf_token": form_token(page)})

    assert facades.accounts.list_tokens(other.id)[0].revoked_at is not None


@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/someone"])
def test_only_an_admin_opens_the_accounts_pages(app, maria, path):
    assert signed_in(app, "maria").get(path).status_code == 403


@pytest.mark.parametrize("path", ["/admin/invitations", "/admin/audit", "/admin/imports"])
def test_a_member_may_not_open_the_pages_a_coordinator_works_in(app, maria, path):
    make_user(app, "nikos", Role.MEMBER, password=PASSWORD)
    assert signed_in(app, "nikos").get(path).status_code == 403
    assert signed_in(app, "maria").get(path).status_code == 200  # within its territories


def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(app, eleni):
    client = signed_in(app, "eleni")
    refused = client.post("/admin/invitations", data={"username": "x", "role": "member"})
    assert refused.status_code == 403
    assert use_cases(app).invitations.list_invitations() == []


@pytest.mark.parametrize("language,expected", [
    ("en", "The two passwords differ."), ("el", "Οι δύο κωδικοί διαφέρουν.")])
def test_the_invitation_page_refuses_a_mistyped_password_next_to_the_field(
        app, language, expected):
    invited = use_cases(app).invitations.invite({"username": "nikos", "role": Role.MEMBER})
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    path = f"/invitations/{invited.issued.secret}"
    page = browser.get(path)

    refused = browser.post(path, data={"csrf_token": form_token(page), "password": PASSWORD,
                                       "password_again": PASSWORD + "!"})

    assert refused.status_code == 422
    assert field_error(refused, "password_again") == expected
    assert use_cases(app).accounts.get_user(invited.user.id).password_hash is None


def test_a_used_or_unknown_invitation_link_says_so_and_writes_nothing(app):
    invited = use_cases(app).invitations.invite({"username": "nikos", "role": Role.MEMBER})
    use_cases(app).invitations.accept(invited.issued.secret, PASSWORD)
    before = use_cases(app).accounts.get_user(invited.user.id)
    browser = app.test_client()
    path = f"/invitations/{invited.issued.secret}"

    used = browser.post(path, data={"csrf_token": form_token(browser.get(path)),
                                    "password": "another long one", "password_again":
                                    "another long one"})

    assert used.status_code == 410 and "used already" in text_of(used)
    assert use_cases(app).accounts.get_user(invited.user.id) == before
    assert browser.get("/invitations/not-a-secret").status_code == 404


def test_an_admin_invites_from_the_page_and_sees_the_link_once(app, eleni):
    client = signed_in(app, "eleni", "el")
    page = client.get("/admin/invitations")
    made = client.post("/admin/invitations", data={
        "csrf_token": form_token(page), "username": "nikos", "role": "member"})
    assert made.status_code == 200
    assert "Δημιουργήθηκε πρόσκληση" in text_of(made)
    assert re.search(r'value="http://localhost/invitations/[^"]+"', made.get_data(as_text=True))
    listed = client.get("/admin/invitations")
    assert "σε αναμονή" in text_of(listed)
    assert "/invitations/" not in re.sub(r'action="/admin/invitations[^"]*"', "",
                                         listed.get_data(as_text=True))


# -- spreadsheet imports ----------------------------------------------------------------------

HEADER = ["Επωνυμία", "Είδος", "Περιφέρεια", "Κωδικός"]
GOOD_ROWS = [["Κουζίνα της Γειτονιάς", "Επιχείρηση", "Αττική", "K-1"],
             ["Τράπεζα Ήπειρος", "investor", "EL543", "B-1"]]
BAD_ROW = ["Ατλαντίς", "entrepreneur", "Ατλαντίδα", "K-2"]


def csv_file(rows) -> bytes:
    return "\n".join(";".join(row) for row in [HEADER, *rows]).encode()


def xlsx_file(rows) -> bytes:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def jsonl_file(rows) -> bytes:
    # JSON Lines speaks the API's codes, not the labels a spreadsheet may hold.
    codes = {"Αττική": "EL303"}
    return "\n".join(json.dumps({"record": "stakeholder", "name": name, "kind": "entrepreneur",
                                 "region": codes.get(region, region), "external_id": key},
                                ensure_ascii=False) for name, _, region, key in rows).encode()


def upload(client, data: bytes, filename: str):
    page = client.get("/admin/imports")
    return client.post("/admin/imports", data={
        "csrf_token": form_token(page), "step": "preview",
        "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def stakeholder_count(app) -> int:
    return len(use_cases(app).interchange.export().stakeholders)


@pytest.mark.parametrize("make,filename", [(csv_file, "list.csv"), (xlsx_file, "list.xlsx"),
                                           (jsonl_file, "list.jsonl")])
def test_a_bad_row_is_named_by_its_row_and_field_and_nothing_is_written(app, eleni, make,
                                                                        filename):
    client = signed_in(app, "eleni")

    preview = upload(client, make([*GOOD_ROWS, BAD_ROW]), filename)

    assert preview.status_code == 422
    problems = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", preview.get_data(as_text=True))
    # The bad row is the file's 4th (3rd under the headers; a JSON Lines file's line 3).
    assert problems == [("3" if filename.endswith("jsonl") else "4", "Region")]
    assert stakeholder_count(app) == 0
    key = re.search(r'name="upload" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    kind = filename.rsplit(".", 1)[1]
    forced = client.post("/admin/imports", data={
        "csrf_token": form_token(preview), "step": "import", "upload": key, "kind": kind})
    assert forced.status_code == 422 and stakeholder_count(app) == 0


@pytest.mark.parametrize("make,filename", [(csv_file, "list.csv"), (xlsx_file, "list.xlsx")])
def test_a_spreadsheets_columns_are_guessed_from_greek_headers_and_the_file_imported(
        app, eleni, make, filename):
    client = signed_in(app, "eleni", "el")

    preview = upload(client, make(GOOD_ROWS), filename)

    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    chosen = re.findall(r'<option value="(\w+)" selected>', html)
    assert chosen == ["name", "kind", "region", "external_id"]
    assert "θα προστεθούν 2 φορείς" in text_of(preview)
    assert stakeholder_count(app) == 0  # a preview writes nothing
    key = re.search(r'name="upload" value="([^"]+)"', html).group(1)
    data = {"csrf_token": form_token(preview), "step": "import", "upload": key,
            "kind": filename.rsplit(".", 1)[1],
            **{f"column-{i}": field for i, field in enumerate(chosen)}}
    imported = client.post("/admin/imports", data=data)
    assert imported.status_code == 200 and "Η εισαγωγή έγινε" in text_of(imported)
    names = {s.name: s for s in use_cases(app).interchange.export().stakeholders}
    assert names["Κουζίνα της Γειτονιάς"].region == "EL3"
    assert names["Κουζίνα της Γειτονιάς"].kind == "entrepreneur"
    assert client.post("/admin/imports", data=data).status_code == 422  # the upload is gone


def test_a_column_left_out_is_not_imported_and_a_file_of_another_kind_is_refused(app, eleni):
    client = signed_in(app, "eleni")
    preview = upload(client, csv_file(GOOD_ROWS), "list.csv")
    key = re.search(r'name="upload" value="([^"]+)"', preview.get_data(as_text=True)).group(1)

    remapped = client.post("/admin/imports", data={
        "csrf_token": form_token(preview), "step": "preview", "upload": key, "kind": "csv",
        "column-0": "name", "column-1": "kind", "column-2": "", "column-3": "external_id"})

    assert remapped.status_code == 422  # without its region no stakeholder may be written
    assert re.findall(r"<tr><td>(\d+)</td><td>Region</td>", remapped.get_data(as_text=True)) == [
        "2", "3"]
    refused = upload(client, b"%PDF-1.4", "list.pdf")
    assert refused.status_code == 422 and field_error(refused, "file")


def test_a_spreadsheet_kept_for_its_import_is_readable_by_the_service_alone(app, eleni):
    client = signed_in(app, "eleni")

    assert upload(client, csv_file(GOOD_ROWS), "list.csv").status_code == 200

    folder = local_folder(app.config) / "uploads"
    kept = list(folder.iterdir())
    assert len(kept) == 1
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600


def test_spreadsheets_wait_in_the_folder_the_deployment_chose(tmp_path):
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_UPLOADS_DIR=str(tmp_path / "waiting"))
    make_user(app, "eleni", Role.ADMIN, password=PASSWORD)

    assert upload(signed_in(app, "eleni"), csv_file(GOOD_ROWS), "list.csv").status_code == 200

    assert len(list((tmp_path / "waiting").iterdir())) == 1
    assert not (tmp_path / "uploads").exists()
    close_app(app)
