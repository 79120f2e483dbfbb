"""Explanations for the matches that are returned (never for the whole candidate set).

Each term gets a reason that names the concrete things behind it, as a
:class:`~graph_models.domain.phrases.Phrase` (English templates, codes kept for the reader's
labels); the proximity term names the connections that carried the walk to the candidate.
Stakeholders who are not discoverable still carry the walk, but are never named: they are
counted as "others".
"""

from __future__ import annotations

import heapq

import numpy as np

from graph_models.domain.matches import Connection, Match, Term
from graph_models.domain.phrases import Codes, Joined, Money, Names, Number, Phrase, counted
from graph_models.domain.stakeholders import Instrument
from graph_models.matching import behaviour_terms
from graph_models.matching.config import (
    FEEDBACK_TERM,
    INSTRUMENT_STAGES,
    OPTIONAL_TERMS,
    TERM_NAMES,
    MatchWeights,
)
from graph_models.matching.encoding import STAGES
from graph_models.matching.index import MatchIndex
from graph_models.matching.roles import SEEKER, Role
from graph_models.matching.scoring import Block, term_values
from graph_models.matching.terms import needs_of
from graph_models.matching.wording import (
    CANDIDATE_IS,
    FUNDED,
    LINKED_TO,
    SAME_LEVEL,
    YOUR,
    YOUR_CONNECTION,
    by_direction,
    language_codes,
    naming,
    region_code,
    sector_codes,
    stage_code,
    topic_codes,
)

MAX_CONNECTIONS = 3
MAX_NAMES = 3
# Relative error allowed between two sums of the same walk mass taken in another order.
_ROUNDING = 1e-9


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
        self._recent: dict[int, np.ndarray] = {}  # a candidate's recent ventures

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
            reason = (getattr(self, f"_{name}")(seeker, cand, b, c, value)
                      if name not in OPTIONAL_TERMS else self._behaviour(name, seeker, cand))
            terms.append(Term(name=name, value=round(value, 3), weight=round(weight, 4),
                              points=round(100 * weight * value, 1), reason=reason))
        score = float(block.score[b, c])
        if block.penalty is not None and block.penalty[b, c] > 0:
            p = float(block.penalty[b, c])
            cut = self.weights.feedback * p
            terms.append(Term(
                name=FEEDBACK_TERM, value=round(p, 3), weight=self.weights.feedback,
                points=-round(before - score, 1),
                reason=Phrase("past feedback on this pair (penalty {penalty}) lowers the score "
                              "by {cut}", penalty=Number(p, 2), cut=Number(cut, percent=True))))
        connections = self.connections(b, c) if block.raw[b, c] > 0 else ()
        return Match(candidate_id=index.ids[cand], kind=block.kind.value, role=block.role.value,
                     score=round(score, 1), terms=tuple(terms), connections=connections)

    # -- the terms' reasons -----------------------------------------------------------------

    def _pillar(self) -> Codes | None:
        """The one pillar the block's needs are counted in, if one."""
        block = self.block
        if block.pillar is not None:
            return Codes("pillar", (block.pillar.value,))
        if len(block.spec.scope) == 1:
            return Codes("pillar", (block.spec.scope[0],))
        return None

    def _need_offer(self, seeker, cand, b, c, value) -> Phrase:
        index, block = self.index, self.block
        topics, pillar = index.topics, self._pillar()
        if block.spec.needer == SEEKER:
            needs = topics.decode(needs_of(index, seeker, block.hidden_needs) & block.scope)
            offers = set(topics.decode(index.offers[cand]))
            met = [t for t in needs if t in offers]
            if not needs:
                return (Phrase("you state no need") if pillar is None else
                        Phrase("you state no need in {pillar}", pillar=pillar))
            if met:
                return Phrase("offers {topics} that you need ({met} of {needed})",
                              topics=topic_codes(met), met=len(met), needed=len(needs))
            return (Phrase("offers none of your needs ({topics})", topics=topic_codes(needs))
                    if pillar is None else
                    Phrase("offers none of your needs in {pillar} ({topics})", pillar=pillar,
                           topics=topic_codes(needs)))
        needs = topics.decode(needs_of(index, cand, block.hidden_needs) & block.scope)
        offers = set(topics.decode(index.offers[seeker]))
        met = [t for t in needs if t in offers]
        if not needs:
            return (Phrase("states no need") if pillar is None else
                    Phrase("states no need in {pillar}", pillar=pillar))
        if met:
            return Phrase("needs {topics} that you offer ({met} of {needed})",
                          topics=topic_codes(met), met=len(met), needed=len(needs))
        return Phrase("needs {topics}, none of which you offer", topics=topic_codes(needs))

    def _sector(self, seeker, cand, b, c, value) -> Phrase:
        index, block = self.index, self.block
        mine = index.sector_vocab.decode(index.sectors[seeker])
        theirs = index.sector_vocab.decode(index.sectors[cand])
        if not mine or not theirs:
            return Phrase("sectors not stated")
        none_shared = Phrase("no sector in common (yours: {mine}; theirs: {theirs})",
                             mine=sector_codes(mine), theirs=sector_codes(theirs))
        shared = [s for s in mine if s in theirs]
        if block.role == Role.PEER:
            if shared:
                return Phrase("same sector: {sectors}", sectors=sector_codes(shared))
            codes = index.sector_vocab.bit
            a, z = max(((x, y) for x in mine for y in theirs),
                       key=lambda p: (index.sector_affinity[codes[p[0]], codes[p[1]]], p))
            count = int(index.sector_partnerships[codes[a], codes[z]])
            if count:
                return counted("sector {theirs} often partners with yours ({mine}): "
                               "{count} partnership seen",
                               "sector {theirs} often partners with yours ({mine}): "
                               "{count} partnerships seen",
                               count, theirs=sector_codes([z]), mine=sector_codes([a]))
            return none_shared
        if not shared:
            return none_shared
        if block.spec.entrepreneur == SEEKER:
            if block.role == Role.FUNDER:
                return Phrase("focuses on {sectors}, covering your sector {shared}",
                              sectors=sector_codes(theirs), shared=sector_codes(shared))
            if block.role == Role.POLICYMAKER:
                return Phrase("policy areas cover your sector {shared}",
                              shared=sector_codes(shared))
            return Phrase("works in your sector {shared}", shared=sector_codes(shared))
        if block.role == Role.CONSTITUENT:
            return Phrase("works in your policy area {shared}", shared=sector_codes(shared))
        return Phrase("works in {shared}, within your focus", shared=sector_codes(shared))

    def _region(self, seeker, cand, b, c, value) -> Phrase:
        index, block = self.index, self.block
        mine = index.place_codes[index.place[seeker]]
        if block.role == Role.POLICYMAKER:
            held = index.place_codes[index.jurisdiction[cand]]
            return Phrase("its jurisdiction {held} covers your region {mine}",
                          held=region_code(held), mine=region_code(mine))
        theirs = index.place_codes[index.place[cand]]
        level = int(index.place_level[index.place[seeker], index.place[cand]])
        if level == 4:
            return Phrase("same region {region}", region=region_code(mine))
        if level < 0:
            return Phrase("different countries ({mine}, {theirs})", mine=region_code(mine),
                          theirs=region_code(theirs))
        return Phrase(SAME_LEVEL[level].text, region=region_code(mine[:level + 2]),
                      mine=region_code(mine), theirs=region_code(theirs))

    def _behaviour(self, name: str, seeker: int, cand: int) -> Phrase:
        index = self.index
        ventures = None
        if name in behaviour_terms.COUNTING_TERMS:  # one search of its ties for all of them
            ventures = self._recent.get(cand)
            if ventures is None:
                ventures = self._recent[cand] = behaviour_terms.recent_ventures(index, cand)
        return behaviour_terms.reason(
            name, index, seeker, cand,
            sector_codes(index.sector_vocab.decode(index.sectors[seeker])),
            region_code(index.place_codes[index.place[seeker]]), ventures)

    def _language(self, seeker, cand, b, c, value) -> Phrase:
        vocab = self.index.language_vocab
        mine = vocab.decode(self.index.languages[seeker])
        theirs = vocab.decode(self.index.languages[cand])
        if not mine or not theirs:
            return Phrase("languages not stated")
        shared = [x for x in mine if x in theirs]
        if shared:
            return Phrase("you both speak {languages}", languages=language_codes(shared))
        return Phrase("no common language (yours: {mine}; theirs: {theirs})",
                      mine=language_codes(mine), theirs=language_codes(theirs))

    def _stage(self, seeker, cand, b, c, value) -> Phrase | Joined:
        index, block = self.index, self.block
        spec = block.spec
        if spec.stage == "financing":
            e, i = (seeker, cand) if spec.entrepreneur == SEEKER else (cand, seeker)
            return Joined((self._ticket(e, i, spec.entrepreneur == SEEKER),
                           self._instruments(e, i)))
        s, k = int(index.stage[seeker]), int(index.stage[cand])
        if s < 0 or k < 0:
            return Phrase("stage not stated")
        mine, theirs = stage_code(STAGES[s].value), stage_code(STAGES[k].value)
        if spec.stage == "seniority":
            if k > s:
                return Phrase("a {theirs} venture, ahead of your {mine} stage", theirs=theirs,
                              mine=mine)
            return Phrase("a {theirs} venture, not ahead of your {mine} stage", theirs=theirs,
                          mine=mine)
        if k == s:
            return Phrase("same stage ({stage})", stage=mine)
        return Phrase("stages {mine} and {theirs}", mine=mine, theirs=theirs)

    def _ticket(self, e: int, i: int, seeker_is_entrepreneur: bool) -> Phrase:
        index = self.index
        sought, low, high = index.funding[e], index.ticket_min[i], index.ticket_max[i]
        if np.isnan(sought):
            return Phrase("no funding sought stated")
        if np.isnan(low) and np.isnan(high):
            return Phrase("no ticket range stated")
        ticket = (Phrase("{low}–{high}", low=Money(low), high=Money(high))
                  if not (np.isnan(low) or np.isnan(high)) else
                  Phrase("from {low}", low=Money(low)) if not np.isnan(low) else
                  Phrase("up to {high}", high=Money(high)))
        inside = (np.isnan(low) or sought >= low) and (np.isnan(high) or sought <= high)
        if seeker_is_entrepreneur:
            return (Phrase("ticket {ticket} covers the {sought} sought", ticket=ticket,
                           sought=Money(sought)) if inside else
                    Phrase("ticket {ticket} does not cover the {sought} sought", ticket=ticket,
                           sought=Money(sought)))
        return (Phrase("seeks {sought}, within your ticket {ticket}", sought=Money(sought),
                       ticket=ticket) if inside else
                Phrase("seeks {sought}, outside your ticket {ticket}", sought=Money(sought),
                       ticket=ticket))

    def _instruments(self, e: int, i: int) -> Phrase:
        index = self.index
        instruments = [getattr(x, "value", x) for x in index.stakeholders[i].instruments or ()]
        s = int(index.stage[e])
        if s < 0 or not instruments:
            return Phrase("stage or instruments not stated")
        stage = STAGES[s]
        suited = [x for x in instruments if stage in INSTRUMENT_STAGES.get(Instrument(x), ())]
        if suited:
            return counted("{instruments} suits a venture at the {stage} stage",
                           "{instruments} suit a venture at the {stage} stage", len(suited),
                           instruments=Codes("instrument", tuple(suited)),
                           stage=stage_code(stage.value))
        return Phrase("{instruments} rarely suit a venture at the {stage} stage",
                      instruments=Codes("instrument", tuple(instruments)),
                      stage=stage_code(stage.value))

    def _proximity(self, seeker, cand, b, c, value) -> Phrase | Joined:
        block = self.block
        if self.index.degree[seeker] == 0:
            return Phrase("you have no ties yet: not counted, this match rests on attributes "
                          "alone")
        if block.raw[b, c] <= 0:
            return counted("no path within {count} tie", "no path within {count} ties",
                           self.steps)
        shared, named, paths, others = self._paths(b, c)
        parts = []
        if named:
            total = shared + others
            parts.append(counted("{count} shared connection: {names}",
                                 "{count} shared connections: {names}", total,
                                 names=Names(tuple(n for n, _ in named[:MAX_NAMES]), total)))
        funded = [p for p in paths if p[0] is FUNDED]
        rest = [p for p in paths if p[0] is not FUNDED]
        if funded:
            parts.append(Phrase("funded ventures like yours: {ventures}", ventures=Joined(tuple(
                Phrase("{name} (via {whom})", name=name_b, whom=whom)
                for _, name_b, whom in funded), ", ")))
        parts.extend(Phrase("{what} (via {whom})", what=naming(what, name_b), whom=whom)
                     for what, name_b, whom in rest)
        if not parts:
            return counted("linked to you through the network (within {count} tie)",
                           "linked to you through the network (within {count} ties)",
                           self.steps)
        return parts[0] if len(parts) == 1 else Joined(tuple(parts))

    def _inclusion(self, seeker, cand, b, c, value) -> Phrase:
        degree = int(self.index.degree[cand])
        if degree == 0:
            return Phrase("a newcomer with no ties yet, lifted so newcomers are not left out")
        if degree < self.weights.inclusion_half_degree:
            return counted("peripheral ({count} tie), lifted for inclusion",
                           "peripheral ({count} ties), lifted for inclusion", degree)
        return counted("well connected ({count} tie)", "well connected ({count} ties)", degree)

    def _capacity(self, seeker, cand, b, c, value) -> Phrase:
        index = self.index
        cap = index.capacity[cand]
        if np.isnan(cap):
            return Phrase("no capacity limit stated")
        load = int(index.load[cand])
        return Phrase("{left} of {capacity} places left ({load} taken in the last {days} days)",
                      left=int(cap) - load, capacity=int(cap), load=load,
                      days=index.load_window_days)

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
        (name, value); ``paths`` as (what the candidate is to b, b's name, what a is to the
        seeker, with a's name) for the strongest 3-paths seeker – a – b – candidate with
        discoverable a and b.
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
            # A 3-path seeker – a – b – candidate carries decay³ · P[seeker, a] · P[a, b] ·
            # P[b, candidate], at most decay³ · P²[seeker, b] · P[b, candidate] = decay³ ·
            # via3[b]: once the strongest paths found beat that bound (by more than rounding),
            # no b after it in via3's order can give one of them.
            kept = heapq.nlargest(MAX_CONNECTIONS, (value for value, _ in found))
            for z in _strongest(via3, 6):
                if via3[z] <= 0:
                    break
                if len(kept) == MAX_CONNECTIONS and \
                        decay ** 3 * float(via3[z]) * (1 + _ROUNDING) < kept[-1]:
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
                    kept = heapq.nlargest(MAX_CONNECTIONS, [*kept, value])
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
                paths.append((self._candidate_is(cand, node_b), index.names[node_b],
                              naming(self._your(seeker, node_a), index.names[node_a])))
        result = (shared, named, paths, others, tuple(connections))
        self._found[(b, c)] = result
        return result

    def _candidate_is(self, cand: int, other: int) -> Phrase:
        """What the candidate is to ``other`` ("funded {name}"), by their strongest tie."""
        tie, source = self._tie(cand, other)
        return by_direction(CANDIDATE_IS, tie, source == self.index.ids[cand], LINKED_TO)

    def _your(self, seeker: int, other: int) -> Phrase:
        """What ``other`` is to the seeker ("your mentor {name}"), by their strongest tie."""
        tie, source = self._tie(seeker, other)
        return by_direction(YOUR, tie, source == self.index.ids[other], YOUR_CONNECTION)
