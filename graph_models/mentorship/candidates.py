"""From the snapshot to the assignment's inputs: who may mentor, mentees, candidate scores, and
the explanation of a proposal's pairs.

Mentors
-------
A stakeholder may mentor when it is an entrepreneur, an investor or a support organisation (the
kinds a MENTORS tie may start from), is discoverable, offers ``training.mentoring``, and — for an
entrepreneur — has experience: its stage is one of :data:`EXPERIENCED_STAGES`. Its capacity in a
programme is, first that matches: the enrolment's ``capacity``; the snapshot's ``capacity`` less
its current load (MENTORS and SUPPORTED ties it started in the last year, as matching counts
them); :data:`DEFAULT_CAPACITY`. With a programme start date, the enrolment's availability window
must hold it.

Candidates
----------
The quality of a (mentee, mentor) pair is matching's score of the mentor for the mentee (see
:func:`graph_models.matching.pairs.mentor_scores`). :func:`candidate_scores` keeps, per mentee,
the ``k`` best mentors that pass the hard constraints, so that a constraint never pushes a
feasible mentor out of the candidate list. Matching drops a mentor whose capacity in the
snapshot is used up even if a programme enrols it with a capacity of its own: such a mentor has
no candidates (its mentees are reported as :attr:`UnplacedReason.NO_CANDIDATE`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TypeVar

import networkx as nx
import numpy as np

from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.policy import Reach
from graph_models.domain.programmes import Constraints, Mentee, Mentor, MentorEnrolment, Proposal
from graph_models.domain.stakeholders import Kind, Stage
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.inputs import as_index
from graph_models.matching.pairs import explain_mentor_pair, mentor_scores

MENTORING_TOPIC = "training.mentoring"
MENTOR_KINDS = frozenset({Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION})
EXPERIENCED_STAGES = frozenset({Stage.OPERATING, Stage.SCALING})
DEFAULT_CAPACITY = 1
DEFAULT_CANDIDATES = 20
MAX_CANDIDATES = 100
_DEFAULT_CONSTRAINTS = Constraints()
_Person = TypeVar("_Person", Mentee, Mentor)


def _value(v):
    return getattr(v, "value", v)


def _graph(G) -> nx.Graph:
    """The networkx graph of a snapshot graph or of a Snapshot."""
    return G if isinstance(G, nx.Graph) else getattr(G, "graph", G)


def _enrolment(item) -> MentorEnrolment:
    if isinstance(item, MentorEnrolment):
        return item
    if isinstance(item, str):
        return MentorEnrolment(item)
    raise InvalidInput("invalid mentors", errors={"mentors": [
        "must be stakeholder ids or MentorEnrolment records"]})


def _mentor(G, index, enrolment: MentorEnrolment, start: date | None) -> Mentor | str:
    """The mentor, or why the stakeholder cannot mentor."""
    if enrolment.id not in G:
        return "not in the snapshot"
    d = G.nodes[enrolment.id]
    kind = _value(d.get("kind"))
    if kind not in {k.value for k in MENTOR_KINDS}:
        return f"a {str(kind).replace('_', ' ')} cannot mentor"
    if not d.get("discoverable"):
        return "not discoverable"
    offers = tuple(d.get("offers") or ())
    if MENTORING_TOPIC not in offers:
        return f"does not offer {MENTORING_TOPIC}"
    if kind == Kind.ENTREPRENEUR.value and _value(d.get("stage")) not in {
            s.value for s in EXPERIENCED_STAGES}:
        return "an entrepreneur mentors from the operating stage on"
    capacity = enrolment.capacity
    if capacity is not None and (not isinstance(capacity, int) or isinstance(capacity, bool)
                                 or capacity < 1):
        return "the enrolment's capacity must be a positive integer"
    if capacity is None:
        stated = d.get("capacity")
        if stated is None:
            capacity = DEFAULT_CAPACITY
        else:
            capacity = int(stated) - int(index.load[index.row[enrolment.id]])
            if capacity < 1:
                return "no capacity left (its mentees and clients of the last year)"
    mentor = Mentor(id=enrolment.id, capacity=capacity, kind=kind,
                    languages=frozenset(d.get("languages") or ()), region=d.get("region"),
                    topics=frozenset(t for t in offers if t.startswith("training.")),
                    available_from=enrolment.available_from,
                    available_until=enrolment.available_until)
    if start is not None and not mentor.available_on(start):
        return f"not available on {start.isoformat()}"
    return mentor


def mentors_of(G, enrolments: Iterable[MentorEnrolment | str] | None = None, *,
               start: date | None = None) -> list[Mentor]:
    """The mentors of a programme, by id, from the snapshot and the enrolments.

    Parameters
    ----------
    G : networkx.MultiGraph or Snapshot
        The snapshot.
    enrolments : iterable of MentorEnrolment or str, optional
        Who the programme enrols (an id alone keeps the snapshot's capacity). By default every
        stakeholder of the snapshot who may mentor.
    start : date, optional
        The programme's start: an enrolled mentor must be available then.

    Returns
    -------
    list of Mentor
        By id.

    Raises
    ------
    InvalidInput
        When an enrolled stakeholder may not mentor; ``errors`` maps each such id to why.

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> [(m.id, m.kind, m.capacity) for m in mentors_of(example_graph())]
    [('sup', 'support_organisation', 8)]
    >>> mentors_of(example_graph(), [MentorEnrolment("sup", capacity=3)])[0].capacity
    3
    >>> mentors_of(example_graph(), ["inv"])
    Traceback (most recent call last):
    ...
    graph_models.domain.errors.InvalidInput: 1 enrolled stakeholder cannot mentor
    """
    G = _graph(G)
    index = as_index(G)
    if enrolments is None:
        found = (_mentor(G, index, MentorEnrolment(node), start) for node in sorted(G, key=str))
        return [m for m in found if isinstance(m, Mentor)]
    mentors, errors = [], {}
    for item in enrolments:
        enrolment = _enrolment(item)
        result = _mentor(G, index, enrolment, start)
        if isinstance(result, Mentor):
            mentors.append(result)
        else:
            errors[enrolment.id] = [result]
    if errors:
        # One sentence per number, so that each is in the catalogues as it is written.
        raise InvalidInput(f"{len(errors)} enrolled stakeholders cannot mentor" if len(errors) > 1
                           else "1 enrolled stakeholder cannot mentor", errors=errors)
    return sorted(mentors, key=lambda m: m.id)


def mentees_of(G, ids: Iterable[str]) -> list[Mentee]:
    """The mentees of a programme, by id: entrepreneurs of the snapshot, with their languages,
    region and training needs.

    Raises
    ------
    NotFound
        For an id not in the snapshot.
    InvalidInput
        For a stakeholder who is not an entrepreneur (``errors`` by id).

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> mentees_of(example_graph(), ["ent"])
    [Mentee(id='ent', languages=frozenset({'el'}), region='EL303', needs=frozenset())]
    """
    G = _graph(G)
    out, errors = [], {}
    for node in ids:
        if node not in G:
            raise NotFound(f"no stakeholder {node} in the snapshot")
        d = G.nodes[node]
        if _value(d.get("kind")) != Kind.ENTREPRENEUR.value:
            errors[node] = ["a mentee must be an entrepreneur"]
            continue
        out.append(Mentee(id=node, languages=frozenset(d.get("languages") or ()),
                          region=d.get("region"),
                          needs=frozenset(t for t in d.get("needs") or ()
                                          if t.startswith("training."))))
    if errors:
        raise InvalidInput("only entrepreneurs can be mentees", errors=errors)
    return sorted(out, key=lambda m: m.id)


def _profiles(people: Iterable[_Person]) -> tuple[list[_Person], np.ndarray]:
    """The distinct (languages, region) profiles of ``people`` and each one's profile number."""
    number: dict[tuple, int] = {}
    firsts: list[_Person] = []
    which: list[int] = []
    for person in people:
        key = (tuple(sorted(person.languages)), person.region)
        if key not in number:
            number[key] = len(firsts)
            firsts.append(person)
        which.append(number[key])
    return firsts, np.asarray(which, dtype=np.int64)


def allowed_matrix(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
                   constraints: Constraints) -> np.ndarray:
    """``(mentees, mentors)`` booleans: the pairs that pass the hard constraints.

    Language and region are checked once per distinct (languages, region) profile.

    Examples
    --------
    >>> ana, bo = Mentee("ana", frozenset({"el"})), Mentee("bo", frozenset({"en"}))
    >>> kim = Mentor("kim", 1, languages=frozenset({"el"}))
    >>> allowed_matrix([ana, bo], [kim], Constraints()).tolist()
    [[True], [False]]
    """
    ok = np.zeros((len(mentees), len(mentors)), dtype=bool)
    if not len(mentees) or not len(mentors):
        return ok
    left, li = _profiles(mentees)
    right, ri = _profiles(mentors)
    table = np.array([[constraints.language_ok(e, t) and constraints.region_ok(e, t)
                       for t in right] for e in left], dtype=bool)
    ok = table[np.ix_(li, ri)]
    row = {e.id: i for i, e in enumerate(mentees)}
    col = {t.id: j for j, t in enumerate(mentors)}
    for e, t in constraints.excluded:
        if e in row and t in col:
            ok[row[e], col[t]] = False
    for e, i in row.items():
        if e in col:
            ok[i, col[e]] = False
    return ok


def candidate_scores(G, mentees: Sequence[Mentee], mentors: Sequence[Mentor], *,
                     k: int = DEFAULT_CANDIDATES,
                     constraints: Constraints = _DEFAULT_CONSTRAINTS,
                     pins: Iterable[tuple[str, str]] = (),
                     weights: MatchWeights = DEFAULT_WEIGHTS,
                     feedback: Mapping[tuple[str, str], float] | None = None,
                     blocked: Iterable[tuple[str, str]] = frozenset(),
                     include_connected: bool = False,
                     private_needs: Reach | None = None) -> dict[tuple[str, str], float]:
    """Each mentee's ``k`` best mentors that pass the constraints, with their match scores.

    Parameters
    ----------
    G : networkx.MultiGraph or Snapshot
    mentees, mentors : sequence of Mentee, Mentor
    k : int
        Candidates per mentee, 1 to 100.
    constraints : Constraints
        Applied before the best ``k`` are chosen.
    pins : iterable of (mentee id, mentor id)
        Pairs whose score is wanted even if not among the best (when matching scores them).
    weights, feedback, blocked, include_connected, private_needs
        As for :func:`~graph_models.matching.recommend`.

    Returns
    -------
    dict of (mentee id, mentor id) to float
        Scores rounded to 1/1000, by mentee id then score descending then mentor id.

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> G = example_graph()
    >>> candidate_scores(G, mentees_of(G, ["ent", "ent2"]), mentors_of(G),
    ...                  include_connected=True)
    {('ent', 'sup'): 61.167, ('ent2', 'sup'): 61.167}
    """
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_CANDIDATES:
        raise InvalidInput("invalid candidates", errors={"k": [
            f"must be an integer from 1 to {MAX_CANDIDATES}"]})
    mentees = sorted(mentees, key=lambda m: m.id)
    mentors = sorted(mentors, key=lambda m: m.id)
    matrix = mentor_scores(G, [e.id for e in mentees], [t.id for t in mentors],
                           weights=weights, feedback=feedback, blocked=blocked,
                           include_connected=include_connected, private_needs=private_needs)
    scored = ~np.isnan(matrix)
    usable = scored & allowed_matrix(mentees, mentors, constraints)
    key = np.where(usable, np.rint(np.nan_to_num(matrix) * 1000), -1.0)
    wanted: dict[int, list[int]] = {}
    row = {e.id: i for i, e in enumerate(mentees)}
    col = {t.id: j for j, t in enumerate(mentors)}
    for mentee_id, mentor_id in pins:
        if mentee_id in row and mentor_id in col and scored[row[mentee_id], col[mentor_id]]:
            wanted.setdefault(row[mentee_id], []).append(col[mentor_id])
    out: dict[tuple[str, str], float] = {}
    for i, e in enumerate(mentees):
        cols = np.flatnonzero(usable[i])
        if len(cols) > k:
            top = key[i, cols]
            threshold = top[np.argpartition(-top, k - 1)[:k]].min()
            cols = cols[top >= threshold]
        cols = cols[np.lexsort((cols, -key[i, cols]))][:k]
        extra = sorted(set(wanted.get(i, ())) - set(cols.tolist()))
        for j in [*cols.tolist(), *extra]:
            out[(e.id, mentors[j].id)] = round(float(matrix[i, j]), 3)
    return out


def explain(G, proposal: Proposal, *, weights: MatchWeights = DEFAULT_WEIGHTS,
            feedback: Mapping[tuple[str, str], float] | None = None,
            blocked: Iterable[tuple[str, str]] = frozenset(),
            include_connected: bool = False, private_needs: Reach | None = None) -> Proposal:
    """The proposal with each placement's ``match``: matching's explanation of the mentor for
    the mentee, term by term (None for a pin matching would not make).

    Pass the same scoring options as to :func:`candidate_scores`, so that the explanation adds
    up to the score the assignment used.

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> from graph_models.mentorship.assignment import assign
    >>> G = example_graph()
    >>> mentees, mentors = mentees_of(G, ["ent"]), mentors_of(G)
    >>> scores = candidate_scores(G, mentees, mentors, include_connected=True)
    >>> p = explain(G, assign(mentees, mentors, scores), include_connected=True)
    >>> [(t.name, t.points) for t in p.placements[0].match.terms][:3]
    [('need_offer', 0.0), ('sector', 6.0), ('region', 12.0)]
    """
    placements = tuple(
        dataclasses.replace(p, match=explain_mentor_pair(
            G, p.mentee_id, p.mentor_id, weights=weights, feedback=feedback, blocked=blocked,
            include_connected=include_connected, private_needs=private_needs))
        for p in proposal.placements)
    return dataclasses.replace(proposal, placements=placements)


__all__ = ["DEFAULT_CAPACITY", "EXPERIENCED_STAGES", "MENTORING_TOPIC", "MENTOR_KINDS",
           "allowed_matrix", "candidate_scores", "explain", "mentees_of", "mentors_of"]
