"""The spreadsheet import page: upload a JSON Lines, CSV or XLSX file; see each column mapped
to a stakeholder field (and change the mapping); see every bad row by its number and field,
checked exactly as ``POST /import`` checks (a dry run: nothing written); then import it all,
in one go, or nothing (the bulk import)."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, render_template, request

from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import ImportResult
from service.auth import current_actor
from service.extensions import interchange
from service.i18n.locale import N_, gettext
from service.i18n.messages import translate_message
from service.interchange import parse_lines
from service.web import uploads
from service.web.site import blp
from service.web.uploaded_sheets import (
    FIELDS,
    Table,
    UnreadableFile,
    guess_mapping,
    kind_of,
    read_table,
    table_lines,
)

SAMPLE_ROWS = 5


@blp.route("/admin/imports", methods=["GET", "POST"], endpoint="imports")
def imports_page():
    if request.method == "GET":
        return render_template("admin_imports.html", step="upload", error=None)
    actor = current_actor()
    try:
        kind, key, data = _upload(actor.id)
    except UnreadableFile as unreadable:
        return _page(HTTPStatus.UNPROCESSABLE_ENTITY, step="upload",
                     error=gettext(str(unreadable)))
    table = None if kind == "jsonl" else read_table(kind, data)
    mapping = _mapping(table) if table else []
    lines = data.decode("utf-8", errors="replace").splitlines() if table is None else list(
        table_lines(table, mapping))
    stakeholders, ties, parse_errors = parse_lines(lines)
    writing = request.form.get("step") == "import"
    try:
        result = interchange().import_lines(stakeholders, ties, parse_errors=parse_errors,
                                            dry_run=not writing, actor=actor)
    except InvalidInput as refused:
        return _page(HTTPStatus.UNPROCESSABLE_ENTITY, step="preview", kind=kind, key=key,
                     table=table, mapping=mapping, bad=_bad_rows(refused.errors, table),
                     written=False)
    if writing:
        uploads.forget(actor.id, key, kind)
        return _page(HTTPStatus.OK, step="done", result=result)
    return _page(HTTPStatus.OK, step="preview", kind=kind, key=key, table=table,
                 mapping=mapping, bad=[], result=result)


def _upload(user_id: str) -> tuple[str, str, bytes]:
    """The file sent now (kept for the import), or the one kept under the form's key."""
    sent = request.files.get("file")
    if sent is not None and sent.filename:
        kind = kind_of(sent.filename)
        data = sent.stream.read(uploads.MAX_BYTES + 1)
        if len(data) > uploads.MAX_BYTES:
            raise UnreadableFile(N_("The file is larger than 10 MB: split it."))
        return kind, uploads.keep(user_id, kind, data), data
    kind, key = request.form.get("kind", ""), request.form.get("upload", "")
    data = uploads.find(user_id, key, kind)
    if data is None:
        raise UnreadableFile(N_("Choose a file to upload (a file checked more than an hour "
                                "ago must be uploaded again)."))
    return kind, key, data


def _mapping(table: Table) -> list[str]:
    """The field of each column: as the form chose, else as guessed from its header."""
    chosen = [request.form.get(f"column-{i}") for i in range(len(table.headers))]
    if all(choice is None for choice in chosen):
        return guess_mapping(table.headers)
    return [choice if choice in FIELDS else "" for choice in chosen]


def _bad_rows(errors: dict, table: Table | None) -> list[dict]:
    """Every problem as the page lists it: the row (or line) of the file, the field as the
    page names it, and the message in the page's language."""
    bad = []
    for where, messages in errors.items():
        place, _, field = where.partition(".")
        number = place.removeprefix("line ").strip()
        row = (int(number) + (1 if table is not None else 0)) if number.isdigit() else ""
        shown_field = gettext(FIELDS[field][0]) if field in FIELDS else field
        for message in messages:
            bad.append({"row": row, "field": shown_field,
                        "message": translate_message(str(message))})
    return bad


def _page(status: HTTPStatus, **values) -> Response:
    values.setdefault("result", ImportResult())
    values.setdefault("error", None)
    table = values.get("table")
    page = render_template(
        "admin_imports.html", fields=[(name, gettext(text)) for name, (text, _) in
                                      FIELDS.items()],
        sample=table.rows[:SAMPLE_ROWS] if table else [], **values)
    return Response(page, status)
