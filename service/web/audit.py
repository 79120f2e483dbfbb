"""The audit trail page: who did what, when, as labels in the page's language, filtered by
person, action and dates, a page at a time. Admins read all of it, coordinators their
territories' (the API's rule)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from http import HTTPStatus

from flask import Response, render_template, request
from marshmallow import Schema, fields, validate

from graph_models.domain.accounts import Role
from graph_models.domain.errors import NotFound
from service.auth import current_actor
from service.extensions import accounts, stakeholders
from service.i18n.formats import TIME_ZONE, format_moment, format_number
from service.i18n.locale import N_, gettext, pgettext
from service.web.forms import field_errors
from service.web.site import blp

PAGE_SIZE = 50
# What each action of the trail means, in words (graph_models.use_cases write them).
ACTIONS = {
    "stakeholder.create": N_("registered a stakeholder"),
    "stakeholder.update": N_("changed a stakeholder"),
    "stakeholder.delete": N_("erased a stakeholder"),
    "tie.create": N_("recorded a tie"),
    "tie.update": N_("changed a tie"),
    "tie.delete": N_("removed a tie"),
    "graph.import": N_("imported a file"),
    "user.create": N_("made an account"),
    "user.update": N_("changed an account"),
    "user.delete": N_("erased an account"),
    "user.invite": N_("invited someone"),
    "user.accept_invitation": N_("accepted an invitation"),
    "user.revoke_invitation": N_("withdrew an invitation"),
    "token.create": N_("made an API token"),
    "token.revoke": N_("revoked an API token"),
    "block.create": N_("blocked introduction requests"),
    "block.delete": N_("lifted a block"),
    "introduction.request": N_("asked for an introduction"),
    "introduction.forward": N_("forwarded an introduction request"),
    "introduction.accept": N_("accepted an introduction"),
    "introduction.decline": N_("declined an introduction"),
    "introduction.withdraw": N_("withdrew an introduction request"),
    "introduction.complete": N_("completed an introduction"),
    "introduction.expire": N_("let an introduction request expire"),
    "programme.open": N_("opened a mentoring programme"),
    "programme.enrol": N_("enrolled in a mentoring programme"),
    "programme.propose": N_("proposed mentoring pairs"),
    "programme.publish": N_("published a mentoring programme"),
    "mentorship.accept": N_("accepted a mentorship"),
    "mentorship.start": N_("started a mentorship"),
    "mentorship.check_in": N_("checked in on a mentorship"),
    "mentorship.log_session": N_("logged a mentoring session"),
    "mentorship.complete": N_("completed a mentorship"),
    "mentorship.rate": N_("rated a mentorship"),
    "mentorship.cancel": N_("cancelled a mentorship"),
}


class AuditFilters(Schema):
    who = fields.String(validate=validate.Length(1, 100))
    what = fields.String(validate=validate.OneOf(ACTIONS))
    since = fields.Date()
    until = fields.Date()
    page = fields.Integer(validate=validate.Range(1, 100_000), load_default=1)


def action_label(action: str) -> str:
    """The words for an action; one the table lacks (a later one) is shown as it is."""
    return gettext(ACTIONS[action]) if action in ACTIONS else action


def _start_of(day) -> datetime:
    """Midnight of ``day`` in Greece: the dates people pick are theirs."""
    return datetime.combine(day, time(), tzinfo=TIME_ZONE)


@blp.get("/admin/audit", endpoint="audit")
def audit_page():
    actor = current_actor()
    raw = {name: value for name, value in request.args.items() if value.strip()}
    errors = AuditFilters().validate(raw)
    chosen = {} if errors else AuditFilters().load(raw)
    people = {u.id: u for u in accounts().list_users(actor=actor)} if (
        actor.role == Role.ADMIN) else {actor.id: actor}
    actor_id = None
    if chosen.get("who"):
        actor_id = next((u.id for u in people.values()
                         if u.username.casefold() == chosen["who"].casefold()), None)
        if actor_id is None:
            errors["who"] = [gettext("No account you may see is called “%(name)s”.",
                                     name=chosen["who"])]
    found = None
    if not errors:
        found = accounts().find_audit(
            actor_id=actor_id, action=chosen.get("what"),
            since=_start_of(chosen["since"]) if chosen.get("since") else None,
            before=_start_of(chosen["until"] + timedelta(days=1)) if chosen.get("until")
            else None, page=chosen["page"], page_size=PAGE_SIZE, actor=actor)
    page = render_template(
        "admin_audit.html", found=found, rows=_rows(found.items if found else [], people),
        errors=field_errors(errors), args=raw, actions=sorted(
            ((code, action_label(code)) for code in ACTIONS), key=lambda pair: pair[1]),
        pages=_pages(found), number=format_number)
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


def _rows(entries, people) -> list[dict]:
    names: dict[str, str] = {}
    rows = []
    for entry in entries:
        who = people.get(entry.actor_id) if entry.actor_id else None
        rows.append({
            "at": format_moment(entry.at),
            "who": (who.display_name or who.username) if who else (
                pgettext("audit", "the system") if entry.actor_id is None
                else gettext("another account")),
            "what": action_label(entry.action),
            "object": _object_name(entry, people, names),
            "fields": ", ".join(entry.fields)})
    return rows


def _object_name(entry, people, names: dict[str, str]) -> str:
    """What the entry's object is called, as a reader knows it."""
    if entry.object_type == "user" and entry.object_id in people:
        return people[entry.object_id].username
    if entry.object_type != "stakeholder":
        return ""
    if entry.object_id not in names:
        try:
            names[entry.object_id] = stakeholders().get_stakeholder(
                entry.object_id, actor=current_actor()).name
        except NotFound:
            names[entry.object_id] = gettext("(erased)")
    return names[entry.object_id]


def _pages(found) -> dict | None:
    if found is None or not found.total:
        return None
    last = max(1, -(-found.total // PAGE_SIZE))
    return {"page": found.page, "last": last,
            "previous": found.page - 1 if found.page > 1 else None,
            "next": found.page + 1 if found.page < last else None}
