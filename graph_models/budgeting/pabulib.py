"""Pabulib ``.pb`` files: read into an :class:`~graph_models.budgeting.election.Election` and
written back.

The format (pabulib.org/format): UTF-8 text in three sections, each a title line (``META``,
``PROJECTS``, ``VOTES``), a header line naming the columns, and rows; fields are separated by
``;`` and quoted as in CSV when they hold one. META rows are ``key;value`` (``budget`` and
``vote_type`` are needed); PROJECTS need ``project_id`` and ``cost`` (``name``, ``category``,
``target`` — comma-separated lists — and any other column are kept); VOTES need ``voter_id`` and
``vote`` (comma-separated project ids; ranked, the most preferred first, for ``ordinal``) and, for
``cumulative``, ``points`` in the same order; other columns describe the voter. ``none`` or an
empty field is no value. ``choose-1`` votes are read as approval ballots of one project.

Every mistake in a file is reported with its line number, in ``InvalidInput.errors`` keyed
``"line N"``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from fractions import Fraction

from graph_models.budgeting.election import (
    Ballot,
    BallotKind,
    BallotLimits,
    Election,
    Project,
    money,
)
from graph_models.domain.errors import InvalidInput

SECTIONS = ("meta", "projects", "votes")
# META keys that the election holds as fields, rewritten from them on export.
_LENGTHS = ("min_length", "max_length")
_AMOUNTS = ("min_sum_cost", "max_sum_cost", "min_points", "max_points", "max_sum_points")
_DERIVED = ("budget", "vote_type", "num_projects", "num_votes", *_LENGTHS, *_AMOUNTS)
_MAX_ERRORS = 50


class _Errors:
    def __init__(self) -> None:
        self.by_line: dict[str, list[str]] = {}

    def add(self, line: int, message: str) -> None:
        if len(self.by_line) < _MAX_ERRORS:
            self.by_line.setdefault(f"line {line}", []).append(message)

    def raise_any(self) -> None:
        if self.by_line:
            raise InvalidInput("the .pb file is not valid", errors=self.by_line)


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the number of the line each starts on."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    line = 1
    for row in reader:
        if any(field.strip() for field in row):
            yield line, [field.strip() for field in row]
        line = reader.line_num + 1


def _value(field: str) -> str | None:
    return None if field == "" or field.lower() == "none" else field


def _list(field: str | None) -> list[str]:
    return [part.strip() for part in field.split(",") if part.strip()] if field else []


def read_pabulib(text: str) -> Election:
    """The election a ``.pb`` file's text describes.

    >>> election = read_pabulib("META\\nkey;value\\nbudget;10\\nvote_type;approval\\n"
    ...                         "PROJECTS\\nproject_id;cost;name\\n1;6;Park\\n2;4;Bench\\n"
    ...                         "VOTES\\nvoter_id;vote\\nv1;1,2\\n")
    >>> election.project("1").name, election.ballots[0].projects
    ('Park', ('1', '2'))
    >>> read_pabulib("META\\nkey;value\\nbudget;ten\\n")
    Traceback (most recent call last):
    ...
    graph_models.domain.errors.InvalidInput: the .pb file is not valid
    """
    errors = _Errors()
    sections: dict[str, tuple[int, list[str], list[tuple[int, list[str]]]]] = {}
    current: str | None = None
    expect_header = False
    for line, row in _rows(text):
        title = row[0].lower()
        if len(row) == 1 and title in SECTIONS:
            if title in sections:
                errors.add(line, f"a second {row[0].upper()} section")
            current, expect_header = title, True
        elif current is None:
            errors.add(line, "expected META, PROJECTS or VOTES before any data")
        elif expect_header:
            sections[current] = (line, [name.lower() for name in row], [])
            expect_header = False
        else:
            sections[current][2].append((line, row))
    for title in SECTIONS:
        if title not in sections:
            errors.add(1, f"the {title.upper()} section is missing")
    errors.raise_any()
    meta = _meta(sections["meta"], errors)
    kind, limits, budget = _settings(meta, sections["meta"][0], errors)
    projects = _projects(sections["projects"], errors)
    ballots = _ballots(sections["votes"], kind, {p.id for p in projects}, errors)
    errors.raise_any()
    assert kind is not None and budget is not None
    kept = {key: value for key, value in meta.items() if key not in _DERIVED}
    try:
        return Election(tuple(projects), budget, kind, tuple(ballots), limits, kept)
    except InvalidInput as error:
        raise InvalidInput("the .pb file is not valid", errors=error.errors) from None


def _meta(section, errors: _Errors) -> dict[str, str]:
    rows = section[2]
    meta: dict[str, str] = {}
    for line, row in rows:
        if len(row) != 2:
            errors.add(line, f"a META row is key;value, this one has {len(row)} fields")
        elif row[0] in meta:
            errors.add(line, f"{row[0]} is given twice")
        else:
            meta[row[0]] = row[1]
    return meta


def _settings(meta: dict[str, str], line: int, errors: _Errors
              ) -> tuple[BallotKind | None, BallotLimits, Fraction | None]:
    budget = kind = None
    try:
        budget = money(meta["budget"])
    except KeyError:
        errors.add(line, "budget is missing from META")
    except ValueError:
        errors.add(line, f"budget is not a number: {meta['budget']!r}")
    vote_type = meta.get("vote_type", "").lower()
    extra: dict[str, int] = {}
    if vote_type == "choose-1":
        kind, extra = BallotKind.APPROVAL, {"max_length": 1}
    elif vote_type in tuple(BallotKind):
        kind = BallotKind(vote_type)
    else:
        errors.add(line, f"vote_type must be approval, cumulative, ordinal or choose-1, "
                         f"not {meta.get('vote_type', 'missing')!r}")
    fields: dict[str, object] = dict(extra)
    for key in _LENGTHS:
        if _value(meta.get(key, "")) is not None:
            try:
                fields[key] = int(meta[key])
            except ValueError:
                errors.add(line, f"{key} is not a whole number: {meta[key]!r}")
    for key in _AMOUNTS:
        if _value(meta.get(key, "")) is not None:
            try:
                fields[key] = money(meta[key])
            except ValueError:
                errors.add(line, f"{key} is not a number: {meta[key]!r}")
    return kind, BallotLimits(**fields), budget  # type: ignore[arg-type]


def _projects(section, errors: _Errors) -> list[Project]:
    header_line, header, rows = section
    for needed in ("project_id", "cost"):
        if needed not in header:
            errors.add(header_line, f"the PROJECTS header has no {needed} column")
    if errors.by_line:
        return []
    projects, seen = [], set()
    for line, row in rows:
        if len(row) != len(header):
            errors.add(line, f"expected {len(header)} fields, found {len(row)}")
            continue
        fields = {name: _value(value) for name, value in zip(header, row, strict=True)}
        project_id = fields.pop("project_id")
        if project_id is None:
            errors.add(line, "the project has no id")
            continue
        if project_id in seen:
            errors.add(line, f"project {project_id} is listed twice")
        seen.add(project_id)
        try:
            cost = money(fields.pop("cost") or "")
        except ValueError:
            errors.add(line, f"the cost of project {project_id} is not a number")
            continue
        if cost <= 0:
            errors.add(line, f"the cost of project {project_id} must be positive")
            continue
        name = fields.pop("name", None) or ""
        categories = _list(fields.pop("category", None) or fields.pop("categories", None))
        targets = _list(fields.pop("target", None) or fields.pop("targets", None))
        fields.pop("categories", None)
        fields.pop("targets", None)
        attributes = {key: value for key, value in fields.items() if value is not None}
        projects.append(Project(project_id, cost, name, frozenset(categories),
                                frozenset(targets), attributes))
    return projects


def _ballots(section, kind: BallotKind | None, known: set[str], errors: _Errors
             ) -> list[Ballot]:
    header_line, header, rows = section
    needed = ["voter_id", "vote"] + (["points"] if kind is BallotKind.CUMULATIVE else [])
    for column in needed:
        if column not in header:
            errors.add(header_line, f"the VOTES header has no {column} column")
    if errors.by_line or kind is None:
        return []
    ballots, seen = [], set()
    for line, row in rows:
        if len(row) != len(header):
            errors.add(line, f"expected {len(header)} fields, found {len(row)}")
            continue
        fields = {name: _value(value) for name, value in zip(header, row, strict=True)}
        voter = fields.pop("voter_id")
        if voter is None:
            errors.add(line, "the vote has no voter_id")
            continue
        if voter in seen:
            errors.add(line, f"voter {voter} voted twice")
        seen.add(voter)
        projects = _list(fields.pop("vote"))
        unknown = [p for p in projects if p not in known]
        if unknown:
            errors.add(line, f"unknown projects: {', '.join(unknown)}")
        if len(set(projects)) != len(projects):
            errors.add(line, "a project appears twice in the vote")
        points = None
        if kind is BallotKind.CUMULATIVE:
            given = _list(fields.pop("points"))
            if len(given) != len(projects):
                errors.add(line, f"{len(projects)} projects but {len(given)} points")
                continue
            try:
                points = tuple(money(value) for value in given)
            except ValueError:
                errors.add(line, "the points are not numbers")
                continue
            if any(value < 0 for value in points):
                errors.add(line, "points cannot be negative")
        attributes = {key: value for key, value in fields.items() if value is not None}
        ballots.append(Ballot(voter, tuple(projects), points, attributes))
    return ballots


def _number(amount: Fraction) -> str:
    """An exact amount as a decimal number."""
    if amount.denominator == 1:
        return str(amount.numerator)
    for places in range(1, 40):
        scaled = amount * 10 ** places
        if scaled.denominator == 1:
            whole, part = divmod(abs(scaled.numerator), 10 ** places)
            sign = "-" if amount < 0 else ""
            return f"{sign}{whole}.{part:0{places}d}"
    raise ValueError(f"{amount} has no finite decimal form")


def write_pabulib(election: Election) -> str:
    """The ``.pb`` text of ``election``: ``read_pabulib(write_pabulib(e)) == e``.

    >>> text = write_pabulib(read_pabulib("META\\nkey;value\\nbudget;2.5\\nvote_type;approval\\n"
    ...                                   "PROJECTS\\nproject_id;cost\\n1;1.5\\n"
    ...                                   "VOTES\\nvoter_id;vote\\nv1;1\\n"))
    >>> print(text.splitlines()[2:7])
    ['num_projects;1', 'num_votes;1', 'budget;2.5', 'vote_type;approval', 'PROJECTS']
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerow(["num_projects", len(election.projects)])
    writer.writerow(["num_votes", len(election.ballots)])
    writer.writerow(["budget", _number(election.budget)])
    writer.writerow(["vote_type", election.kind.value])
    for key in (*_LENGTHS, *_AMOUNTS):
        value = getattr(election.limits, key)
        if value is not None:
            writer.writerow([key, value if isinstance(value, int) else _number(value)])
    for key, value in election.meta.items():
        writer.writerow([key, value])
    extra = list(dict.fromkeys(key for p in election.projects for key in p.attributes))
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", "name", "category", "target", *extra])
    for p in election.projects:
        writer.writerow([p.id, _number(p.cost), p.name or "none",
                         ",".join(sorted(p.categories)) or "none",
                         ",".join(sorted(p.targets)) or "none",
                         *(p.attributes.get(key, "none") for key in extra)])
    about = list(dict.fromkeys(key for b in election.ballots for key in b.attributes))
    points = ["points"] if election.kind is BallotKind.CUMULATIVE else []
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote", *points, *about])
    for ballot in election.ballots:
        vote = ",".join(ballot.projects)
        # pabutools reads an empty approval vote as "" but an empty cumulative one as "none".
        scores = [",".join(_number(value) for value in ballot.points or ()) or "none"
                  ] if points else []
        writer.writerow([ballot.voter_id, vote or ("none" if points else ""), *scores,
                         *(ballot.attributes.get(key, "none") for key in about)])
    return out.getvalue()
