"""Opening a participatory budget from the pages: a new process filled in field by field
(``/budgets/new``), or a real election's pabulib ``.pb`` file brought in as one
(``/budgets/import``), by the coordinators of the territory and administrators.

Each form calls one use case, which writes the process in one transaction: done, the
process's page opens saying so; refused, the form comes back with each error next to its
field, in the page's language, and nothing is written.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for

from graph_models.domain import policy
from graph_models.domain.accounts import Role, User
from graph_models.domain.budgets import BallotType, OutcomeRule
from graph_models.domain.errors import SyndesmosError
from graph_models.domain.policy import Action, Resource
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind, Stakeholder
from graph_models.domain.vocabularies import greek_regions
from service.api.budgets import MAX_FILE_BYTES
from service.auth import current_actor
from service.errors import status_of
from service.extensions import budget_files, budgets, stakeholders
from service.i18n.labels import label
from service.i18n.locale import N_, gettext
from service.web.budget_creation_forms import ImportForm, ProcessForm
from service.web.budget_words import TERMS, term
from service.web.forms import field_errors, read_form
from service.web.programme_pages import region_choices
from service.web.refusals import WHOLE_FORM, sentence_of
from service.web.site import blp

# Why each rule, in one line: the form shows it beside the rule's name.
RULE_WHY = {
    OutcomeRule.EQUAL_SHARES: N_(
        "The budget is split equally among the voters, and each project is paid from the "
        "shares of those who voted for it: a group of voters decides over a part of the money "
        "as large as the group, so a majority cannot take all of it."),
    OutcomeRule.GREEDY: N_(
        "The projects with the most votes are funded first, until the money runs out: what "
        "most cities do, but a majority that agrees can take the whole budget."),
    OutcomeRule.PHRAGMEN: N_(
        "Every voter earns money at the same pace, and a project is bought as soon as its "
        "voters together can pay for it: proportional too, for approval ballots only."),
}
# How many policymakers a fund is chosen from (pages of the directory's search).
FUND_PAGES = 5
FILE_PROBLEMS = N_("This is not a pabulib election this service can take:")


def _require(user: User | None, action: Action) -> None:
    """Forbidden unless ``user``'s role opens processes (coordinators, admins)."""
    policy.require_some(user, Resource.BUDGET, action)


def _funds(user: User) -> list[tuple[str, str]]:
    """The policymakers whose fund may pay, as (id, name and region): an administrator's,
    all; a coordinator's, those of their territories. By name."""
    scopes = [None] if user.role == Role.ADMIN else list(user.regions)
    found: dict[str, Stakeholder] = {}
    for region in scopes:
        for page in range(1, FUND_PAGES + 1):
            batch = stakeholders().find_stakeholders(StakeholderQuery(
                kind=Kind.POLICYMAKER, region=region, page=page, page_size=100),
                actor=user).items
            found.update((s.id, s) for s in batch)
            if len(batch) < 100:
                break
    ordered = sorted(found.values(), key=lambda s: (s.name.casefold(), s.id))
    return [(s.id, f"{s.name} ({label('region', s.region)})") for s in ordered]


def _sub_districts(user: User) -> list[tuple[str, str]]:
    """The regions a process may be run for below a territory: those of NUTS level 2 and 3
    that ``user`` may run, other than their territories themselves, each with the region it
    lies in."""
    regions = greek_regions()
    return [(code, f"{name} ({label('region', regions[code].parent)})")
            for code, name in region_choices(user)
            if regions[code].level >= 2 and regions[code].parent and code not in user.regions]


def _refused(error: SyndesmosError, fields) -> tuple[HTTPStatus, dict[str, str]]:
    """The status and the errors of a refusal: each next to its field, in the page's
    language; what concerns no field of the form, above it."""
    shown = {name: message for name, message in field_errors(error.errors).items()
             if name in fields}
    return status_of(error), shown or {WHOLE_FORM: sentence_of(error)}


def _rules() -> list[tuple[str, str, str]]:
    return [(rule.value, term("rule", rule), gettext(RULE_WHY[rule])) for rule in OutcomeRule
            if rule in RULE_WHY and rule.value in TERMS["rule"]]


@blp.route("/budgets/new", methods=["GET", "POST"], endpoint="new_budget")
def new_budget():
    user = current_actor()
    _require(user, Action.CREATE)
    form, errors, status = {}, {}, HTTPStatus.OK
    if request.method == "POST":
        form, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        fields, errors = read_form(ProcessForm())
        if fields is not None:
            try:
                made = budgets().create_process(fields, actor=user)
            except SyndesmosError as error:
                status, errors = _refused(error, ProcessForm().fields)
            else:
                return redirect(url_for("web.budget", process_id=made.id, done="created"),
                                HTTPStatus.SEE_OTHER)
    ballot_types = [(t.value, term("ballot_type", t)) for t in BallotType
                    if t.value in TERMS["ballot_type"]]
    return Response(render_template(
        "budgets/new.html", form=form, errors=errors, regions=region_choices(user),
        sub_districts=_sub_districts(user), funds=_funds(user), ballot_types=ballot_types,
        rules=_rules()), status)


@blp.route("/budgets/import", methods=["GET", "POST"], endpoint="import_budget")
def import_budget():
    user = current_actor()
    _require(user, Action.IMPORT)
    form, errors, status = {}, {}, HTTPStatus.OK
    if request.method == "POST":
        form, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        fields, errors = read_form(ImportForm())
        text, file_error = _uploaded()
        if file_error:
            errors["file"] = file_error
        elif fields is not None:
            try:
                made = budget_files().import_file(
                    text, {k: v for k, v in fields.items() if v is not None}, actor=user)
            except SyndesmosError as error:
                status, errors = _import_refused(error)
            else:
                return redirect(url_for("web.budget", process_id=made.id, done="imported"),
                                HTTPStatus.SEE_OTHER)
    return Response(render_template(
        "budgets/import.html", form=form, errors=errors, regions=region_choices(user),
        funds=_funds(user), rules=_rules(), limit=MAX_FILE_BYTES // (1024 * 1024)), status)


def _uploaded() -> tuple[str, str | None]:
    """The text of the file sent, or what is wrong with it."""
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        return "", gettext("Choose a .pb file to import.")
    data = sent.stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return "", gettext("The file is larger than %(limit)d MB.",
                           limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", gettext("The file is not UTF-8 text, as pabulib files are.")


def _import_refused(error: SyndesmosError) -> tuple[HTTPStatus, dict[str, str]]:
    """A refused import's errors: those of the form's fields next to them; those of the file
    (a section, a budget, a project's cost) next to the file, each named."""
    shown = field_errors(error.errors)
    errors = {name: shown[name] for name in ImportForm().fields if name in shown}
    about_file = [message if name == "file" else f"{name}: {message}"
                  for name, message in _all_messages(error).items() if name not in errors]
    if about_file:
        errors["file"] = " ".join([gettext(FILE_PROBLEMS), *about_file])
    return status_of(error), errors or {WHOLE_FORM: sentence_of(error)}


def _all_messages(error: SyndesmosError) -> dict[str, str]:
    """Every message of each field of a refusal, translated and joined (a file may have
    several problems)."""
    found: dict[str, str] = {}
    for name, messages in error.errors.items():
        listed = messages if isinstance(messages, list | tuple) else [messages]
        found[name] = "; ".join(field_errors({name: [m]})[name] for m in listed)
    return found
