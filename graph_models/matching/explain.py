"""Explanations for the matches that are returned (never for the whole candidate set).

Each term gets a reason in English that names the concrete things behind it; the proximity term
names the connections that carried the walk to the candidate. Stakeholders who are not
discoverable still carry the walk, but are never named: they are counted as "others".
"""

from __future__ import annotations

import numpy as np

from graph_models.domain import vocabularies
from graph_models.domain.matches import Connection, Match, Term
from graph_models.domain.stakeholders import Instrument, TieType
from graph_models.matching.config import (
    FEEDBACK_TERM,
    INSTRUMENT_STAGES,
    TERM_NAMES,
    MatchWeights,
)
from graph_models.matching.encoding import STAGES
from graph_models.matching.index import MatchIndex
from graph_models.matching.roles import SEEKER, Role
from graph_models.matching.scoring import Block, term_values
from graph_models.matching.terms import needs_of

MAX_CONNECTIONS = 3
MAX_NAMES = 3

_PILLAR_WORDS = {"financing": "financing", "consulting": "consulting", "training": "training",
                 "networking": "networking"}
_LEVEL_NAMES = {0: "country", 1: "NUTS-1 region", 2: "NUTS-2 region", 3: "NUTS-3 region"}


def _names(items: list[str], total: int | None = None) -> str:
    total = len(items) if total is None else total
    shown = items[:MAX_NAMES]
    text = ", ".join(shown)
    others = total - len(shown)
    if others > 0:
        text += f" and {others} other{'s' if others > 1 else ''}" if shown else \
            f"{others} other{'s' if others > 1 else ''}"
    return text


def _euros(x: float) -> str:
    return f"€{round(x):,}"


def _region_name(code: str) -> str:
    region = vocabularies.greek_regions().get(code)
    return f"{code} ({region.name_en})" if region else code


def _strongest(values: np.ndarray, k: int) -> np.ndarray:
    """The positions of the ``k`` largest values, largest first, the first position among
    equals: ``np.argsort(-values, kind="stable")[:k]`` without sorting a hub's thousands of
    neighbours.

    >>> _strongest(np.array([0.1, 0.5, 0.3, 0.5, 0.2]), 3).tolist()
    [1, 3, 2]
    """
    if len(values) <= k:
        return np.argsort(-values, kind="stable")
    cut = np.partition(values, len(values) - k)[len(values) - k]
    at = np.flatnonzero(values >= cut)
    return at[np.lexsort((at, -values[at]))][:k]


def _entries_towards(matrix, row: int, columns: np.ndarray) -> np.ndarray:
    """The positions, in increasing order, of the entries of a CSR ``row`` (its columns
    sorted) whose column is one of ``columns`` (sorted).

    >>> import scipy.sparse as sp
    >>> m = sp.csr_matrix(np.array([[0, 1, 0, 1, 1], [1, 0, 1, 0, 0]]))
    >>> _entries_towards(m, 0, np.array([0, 3, 4])).tolist()
    [1, 2]
    """
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    cells = matrix.indices[start:end]
    at = np.searchsorted(cells, columns)
    hit = at < len(cells)
    hit[hit] = cells[at[hit]] == columns[hit]
    return start + at[hit]


class Explainer:
    """Explains pairs of one block; holds the seeker's walk vectors once per seeker."""

    def __init__(self, block: Block, weights: MatchWeights, walk_steps: int):
        self.block = block
        self.index: MatchIndex = block.index
        self.weights = weights
        self.steps = walk_steps
        self._vectors: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._found: dict[tuple[int, int], tuple] = {}
        self._ties: dict[tuple[int, int], tuple[str, str | None]] = {}

    def match(self, b: int, c: int) -> Match:
        """The explained match of seeker ``b`` of the block with the candidate at column
        ``c``."""
        return self.matches(b, np.array([c]))[0]

    def matches(self, b: int, columns: np.ndarray) -> list[Match]:
        """The explained matches of seeker ``b`` with the candidates at ``columns``, in that
        order; each term's values are computed for all of them at once."""
        block = self.block
        values = term_values(block, b, columns)
        return [self._explained(b, int(c), {name: float(v[j]) for name, v in values.items()})
                for j, c in enumerate(columns)]

    def _explained(self, b: int, c: int, values: dict[str, float]) -> Match:
        block, index = self.block, self.index
        seeker, cand = int(block.seekers[b]), int(block.cands[c])
        terms = []
        before = 0.0
        for name in TERM_NAMES:
            if name not in block.weights:
                continue
            value = values[name]
            weight = float(block.weights[name][b])
            before += 100 * weight * value
            reason = getattr(self, f"_{name}")(seeker, cand, b, c, value)
            terms.append(Term(name=name, value=round(value, 3), weight=round(weight, 4),
                              points=round(100 * weight * value, 1), reason=reason))
        score = float(block.score[b, c])
        if block.penalty is not None and block.penalty[b, c] > 0:
            p = float(block.penalty[b, c])
            cut = self.weights.feedback * p
            terms.append(Term(
                name=FEEDBACK_TERM, value=round(p, 3), weight=self.weights.feedback,
                points=-round(before - score, 1),
                reason=f"past feedback on this pair (penalty {p:.2f}) lowers the score by "
                       f"{cut:.0%}"))
        connections = self.connections(b, c) if block.raw[b, c] > 0 else ()
        return Match(candidate_id=index.ids[cand], kind=block.kind.value, role=block.role.value,
                     score=round(score, 1), terms=tuple(terms), connections=connections)

    # -- the terms' reasons -----------------------------------------------------------------

    def _scope_word(self) -> str:
        block = self.block
        if block.pillar is not None:
            return f"{block.pillar.value} "
        if len(block.spec.scope) == 1:
            return f"{_PILLAR_WORDS[block.spec.scope[0]]} "
        return ""

    def _need_offer(self, seeker, cand, b, c, value) -> str:
        index, block = self.index, self.block
        topics = index.topics
        if block.spec.needer == SEEKER:
            needs = topics.decode(needs_of(index, seeker, block.hidden_needs) & block.scope)
            offers = set(topics.decode(index.offers[cand]))
            met = [t for t in needs if t in offers]
            if not needs:
                return f"you state no {self._scope_word()}need"
            if met:
                return f"offers {', '.join(met)} that you need ({len(met)} of {len(needs)})"
            return f"offers none of your {self._scope_word()}needs ({', '.join(needs)})"
        needs = topics.decode(needs_of(index, cand, block.hidden_needs) & block.scope)
        offers = set(topics.decode(index.offers[seeker]))
        met = [t for t in needs if t in offers]
        if not needs:
            return f"states no {self._scope_word()}need"
        if met:
            return f"needs {', '.join(met)} that you offer ({len(met)} of {len(needs)})"
        return f"needs {', '.join(needs)}, none of which you offer"

    def _sector(self, seeker, cand, b, c, value) -> str:
        index, block = self.index, self.block
        mine = index.sector_vocab.decode(index.sectors[seeker])
        theirs = index.sector_vocab.decode(index.sectors[cand])
        if not mine or not theirs:
            return "sectors not stated"
        if block.role == Role.PEER:
            shared = [s for s in mine if s in theirs]
            if shared:
                return f"same sector: {', '.join(shared)}"
            codes = index.sector_vocab.bit
            a, z = max(((x, y) for x in mine for y in theirs),
                       key=lambda p: (index.sector_affinity[codes[p[0]], codes[p[1]]], p))
            count = int(index.sector_partnerships[codes[a], codes[z]])
            if count:
                return (f"sector {z} often partners with yours ({a}): {count} partnership"
                        f"{'s' if count > 1 else ''} seen")
            return f"no sector in common (yours: {', '.join(mine)}; theirs: {', '.join(theirs)})"
        shared = [s for s in mine if s in theirs]
        if not shared:
            return f"no sector in common (yours: {', '.join(mine)}; theirs: {', '.join(theirs)})"
        if block.spec.entrepreneur == SEEKER:
            if block.role == Role.FUNDER:
                return f"focuses on {', '.join(theirs)}, covering your sector {', '.join(shared)}"
            if block.role == Role.POLICYMAKER:
                return f"policy areas cover your sector {', '.join(shared)}"
            return f"works in your sector {', '.join(shared)}"
        if block.role == Role.CONSTITUENT:
            return f"works in your policy area {', '.join(shared)}"
        return f"works in {', '.join(shared)}, within your focus"

    def _region(self, seeker, cand, b, c, value) -> str:
        index, block = self.index, self.block
        mine = index.place_codes[index.place[seeker]]
        if block.role == Role.POLICYMAKER:
            held = _region_name(index.place_codes[index.jurisdiction[cand]])
            return f"its jurisdiction {held} covers your region {mine}"
        theirs = index.place_codes[index.place[cand]]
        level = int(index.place_level[index.place[seeker], index.place[cand]])
        if level == 4:
            return f"same region {_region_name(mine)}"
        if level < 0:
            return f"different countries ({mine}, {theirs})"
        shared = mine[:level + 2]
        return f"same {_LEVEL_NAMES[level]} {_region_name(shared)} (you {mine}, they {theirs})"

    def _language(self, seeker, cand, b, c, value) -> str:
        vocab = self.index.language_vocab
        mine = vocab.decode(self.index.languages[seeker])
        theirs = vocab.decode(self.index.languages[cand])
        if not mine or not theirs:
            return "languages not stated"
        shared = [x for x in mine if x in theirs]
        if shared:
            return f"you both speak {', '.join(shared)}"
        return f"no common language (yours: {', '.join(mine)}; theirs: {', '.join(theirs)})"

    def _stage(self, seeker, cand, b, c, value) -> str:
        index, block = self.index, self.block
        spec = block.spec
        if spec.stage == "financing":
            e, i = (seeker, cand) if spec.entrepreneur == SEEKER else (cand, seeker)
            return "; ".join((self._ticket(e, i, spec.entrepreneur == SEEKER),
                              self._instruments(e, i)))
        s, k = int(index.stage[seeker]), int(index.stage[cand])
        if s < 0 or k < 0:
            return "stage not stated"
        mine, theirs = STAGES[s].value, STAGES[k].value
        if spec.stage == "seniority":
            if k > s:
                return f"a {theirs} venture, ahead of your {mine} stage"
            return f"a {theirs} venture, not ahead of your {mine} stage"
        if k == s:
            return f"same stage ({mine})"
        return f"stages {mine} and {theirs}"

    def _ticket(self, e: int, i: int, seeker_is_entrepreneur: bool) -> str:
        index = self.index
        sought, low, high = index.funding[e], index.ticket_min[i], index.ticket_max[i]
        if np.isnan(sought):
            return "no funding sought stated"
        if np.isnan(low) and np.isnan(high):
            return "no ticket range stated"
        ticket = (f"{_euros(low)}–{_euros(high)}" if not (np.isnan(low) or np.isnan(high))
                  else f"from {_euros(low)}" if not np.isnan(low) else f"up to {_euros(high)}")
        inside = (np.isnan(low) or sought >= low) and (np.isnan(high) or sought <= high)
        if seeker_is_entrepreneur:
            verdict = "covers" if inside else "does not cover"
            return f"ticket {ticket} {verdict} the {_euros(sought)} sought"
        verdict = "within" if inside else "outside"
        return f"seeks {_euros(sought)}, {verdict} your ticket {ticket}"

    def _instruments(self, e: int, i: int) -> str:
        index = self.index
        instruments = [getattr(x, "value", x) for x in index.stakeholders[i].instruments or ()]
        s = int(index.stage[e])
        if s < 0 or not instruments:
            return "stage or instruments not stated"
        stage = STAGES[s]
        suited = [x for x in instruments if stage in INSTRUMENT_STAGES.get(Instrument(x), ())]
        if suited:
            return f"{', '.join(suited)} suit{'s' if len(suited) == 1 else ''} " \
                   f"a venture at the {stage.value} stage"
        return f"{', '.join(instruments)} rarely suit a venture at the {stage.value} stage"

    def _proximity(self, seeker, cand, b, c, value) -> str:
        block = self.block
        if self.index.degree[seeker] == 0:
            return "you have no ties yet: not counted, this match rests on attributes alone"
        if block.raw[b, c] <= 0:
            return f"no path within {self.steps} ties"
        shared, named, paths, others = self._paths(b, c)
        parts = []
        if named:
            total = shared + others
            parts.append(f"{total} shared connection{'s' if total > 1 else ''}: "
                         f"{_names([n for n, _ in named], total)}")
        funded = [p for p in paths if p[0] == "funded"]
        rest = [p for p in paths if p[0] != "funded"]
        if funded:
            parts.append("funded ventures like yours: " + ", ".join(
                f"{name_b} (via {role_a} {name_a})" for _, name_b, role_a, name_a, _ in funded))
        parts.extend(f"{verb} {name_b} (via {role_a} {name_a})"
                     for verb, name_b, role_a, name_a, _ in rest)
        if not parts:
            return f"linked to you through the network (within {self.steps} ties)"
        return "; ".join(parts)

    def _inclusion(self, seeker, cand, b, c, value) -> str:
        degree = int(self.index.degree[cand])
        if degree == 0:
            return "a newcomer with no ties yet, lifted so newcomers are not left out"
        if degree < self.weights.inclusion_half_degree:
            return f"peripheral ({degree} tie{'s' if degree > 1 else ''}), lifted for inclusion"
        return f"well connected ({degree} ties)"

    def _capacity(self, seeker, cand, b, c, value) -> str:
        index = self.index
        cap = index.capacity[cand]
        if np.isnan(cap):
            return "no capacity limit stated"
        load = int(index.load[cand])
        left = int(cap) - load
        return (f"{left} of {int(cap)} places left ({load} taken in the last "
                f"{index.load_window_days} days)")

    # -- connections ------------------------------------------------------------------------

    def _walk_vectors(self, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Dense rows of P and P² for seeker ``b`` (computed once per seeker)."""
        cached = self._vectors.get(b)
        if cached is None:
            walk = self.block.walk
            cached = self._vectors[b] = (walk.row(1, b), walk.row(2, b))
        return cached

    def _tie(self, a: int, b: int) -> tuple[str, str | None]:
        key = (a, b) if a < b else (b, a)
        tie = self._ties.get(key)
        if tie is None:
            tie = self._ties[key] = self.index.strongest_tie(a, b)
        return tie

    def _paths(self, b: int, c: int):
        """Shared connections and 3-paths, strongest first, and the count of unnamed.

        Returns ``(shared, named, paths, others)``: ``shared`` counts the discoverable shared
        neighbours and ``named`` holds at least the strongest :data:`MAX_NAMES` of them as
        (name, value); ``paths`` as (verb, name_b, role_a, name_a, value) for the strongest
        3-paths seeker – a – b – candidate with discoverable a and b.
        """
        return self._path_data(b, c)[:4]

    def connections(self, b: int, c: int) -> tuple[Connection, ...]:
        return self._path_data(b, c)[4]

    def _path_data(self, b: int, c: int):
        cached = self._found.get((b, c))
        if cached is not None:
            return cached
        index, block = self.index, self.block
        walk = index.walk(self.weights)
        P, strength = walk.P, walk.strength
        p1, p2 = self._walk_vectors(b)
        seeker, cand = int(block.seekers[b]), int(block.cands[c])
        decay = 1.0 - self.weights.walk_restart
        steps = self.weights.walk_steps
        penalty = walk.penalty(index, block.kind, self.weights.degree_exponent)
        total = float(block.raw[b, c]) / max(float(penalty[index.kind_pos[cand]]), 1e-300)
        start, end = P.indptr[cand], P.indptr[cand + 1]
        around, out = P.indices[start:end], P.data[start:end]
        # P[z, c] = P[c, z] · d_c / d_z on a symmetric adjacency (0 through a zero-weight tie).
        into = out * strength[cand] / np.maximum(strength[around], 1e-300)
        found: list[tuple[float, tuple[int, ...]]] = []
        named: list[tuple[str, float]] = []
        shared = others = 0
        if steps >= 2:
            via2 = decay ** 2 * p1[around] * into
            between = (via2 > 0) & (around != seeker) & (around != cand)
            nodes, carried = around[between], via2[between]
            seen = index.discoverable[nodes]
            others = int(len(nodes) - np.count_nonzero(seen))
            nodes, carried = nodes[seen], carried[seen]
            shared = len(nodes)
            # Only the strongest are named or become connections: those at or above the
            # value of the MAX_CONNECTIONS-th (all that tie with it), sorted in Python.
            strongest = max(MAX_NAMES, MAX_CONNECTIONS)
            if shared > strongest:
                cut = np.partition(carried, shared - strongest)[shared - strongest]
                keep = carried >= cut
                nodes, carried = nodes[keep], carried[keep]
            for node, value in zip(nodes.tolist(), carried.tolist(), strict=True):
                named.append((index.names[node], value))
                found.append((value, (node,)))
            named.sort(key=lambda x: (-x[1], x[0]))
        paths = []
        if steps >= 3:
            via3 = p2[around] * into
            # The walk's first step reaches only the seeker's neighbours: a hub's thousands of
            # other neighbours carry nothing, so only those it shares with the seeker are
            # looked at (rows of P are sorted by column).
            mine = P.indices[P.indptr[seeker]:P.indptr[seeker + 1]]
            for z in _strongest(via3, 6):
                if via3[z] <= 0:
                    break
                node_b = int(around[z])
                if node_b in (seeker, cand) or not index.discoverable[node_b]:
                    continue
                at = _entries_towards(P, node_b, mine)
                near, back = P.indices[at], P.data[at]
                reach = p1[near] * back * strength[node_b] / np.maximum(strength[near], 1e-300)
                for y in _strongest(reach, 2):
                    node_a = int(near[y])
                    if reach[y] <= 0 or node_a in (seeker, cand) or not index.discoverable[node_a]:
                        continue
                    value = decay ** 3 * float(reach[y]) * float(into[z])
                    found.append((value, (node_a, node_b)))
        found.sort(key=lambda x: (-x[0], x[1]))
        connections = []
        for value, via in found[:MAX_CONNECTIONS]:
            hops = (seeker, *via, cand)
            ties = tuple(self._tie(hops[i], hops[i + 1])[0] for i in range(len(hops) - 1))
            connections.append(Connection(
                via=tuple(index.ids[v] for v in via), via_names=tuple(index.names[v] for v in via),
                ties=ties, share=round(value / total, 3) if total > 0 else 0.0))
            if len(via) == 2:
                node_a, node_b = via
                paths.append((self._verb(cand, node_b), index.names[node_b],
                              self._role(seeker, node_a), index.names[node_a], value))
        result = (shared, named, paths, others, tuple(connections))
        self._found[(b, c)] = result
        return result

    def _verb(self, cand: int, other: int) -> str:
        """What the candidate is to ``other``, as a verb phrase."""
        tie, source = self._tie(cand, other)
        active = source == self.index.ids[cand]
        return {
            TieType.FUNDED.value: "funded" if active else "was funded by",
            TieType.SUPPORTED.value: "supported" if active else "was supported by",
            TieType.MENTORS.value: "mentors" if active else "is mentored by",
            TieType.KNOWS.value: "knows",
            TieType.PARTNERS_WITH.value: "partners with",
            TieType.INTRODUCED.value: "was introduced to",
        }.get(tie, "is linked to")

    def _role(self, seeker: int, other: int) -> str:
        """What ``other`` is to the seeker, as "your …"."""
        tie, source = self._tie(seeker, other)
        theirs = source == self.index.ids[other]
        return {
            TieType.FUNDED.value: "your investor" if theirs else "your investee",
            TieType.SUPPORTED.value: "your support organisation" if theirs else "your client",
            TieType.MENTORS.value: "your mentor" if theirs else "your mentee",
            TieType.KNOWS.value: "your contact",
            TieType.PARTNERS_WITH.value: "your partner",
            TieType.INTRODUCED.value: "your introduction",
        }.get(tie, "your connection")
