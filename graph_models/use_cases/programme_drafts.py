"""A programme's draft between proposals: a coordinator's edits, and what an enrolment change
or a capacity taken elsewhere does to it.

Every function here takes the draft and the programme's people as they are now and returns a
new draft; none reads or writes the store (the programme use cases do).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Collection
from enum import StrEnum

from graph_models.domain.errors import InvalidInput
from graph_models.domain.programmes import (
    Constraints,
    Draft,
    DraftPair,
    Mentee,
    Mentor,
    Programme,
    Unplaced,
    UnplacedReason,
)


class Edit(StrEnum):
    """The edits a coordinator makes to a draft."""

    SWAP = "swap"  # exchange the mentors of two mentees (one may be unplaced)
    PLACE = "place"  # give a mentee this mentor
    REMOVE = "remove"  # drop a mentee's pair, and never propose that pair again
    PIN = "pin"  # keep a pair when re-solving
    UNPIN = "unpin"


class DraftEditor:
    """One edit of a draft, checked against capacities and the hard constraints.

    A pair whose mentee or mentor has left the network since the draft was made is dropped
    with the edit; its mentee, if still there, is left unplaced."""

    def __init__(self, programme: Programme, draft: Draft, mentees: dict[str, Mentee],
                 mentors: dict[str, Mentor], score: Callable[[str, str], float | None]):
        self.programme = programme
        self.draft = draft
        self.mentees, self.mentors, self.score = mentees, mentors, score
        self.pairs = {p.mentee_id: p for p in draft.pairs
                      if p.mentee_id in mentees and p.mentor_id in mentors}
        self.orphans = {p.mentee_id for p in draft.pairs} - set(self.pairs)
        self.before = Counter(p.mentor_id for p in self.pairs.values())
        self.constraints = programme.constraints()

    def _mentee(self, mentee_id: str | None, field: str = "mentee_id") -> str:
        if mentee_id is None or mentee_id not in self.mentees:
            raise InvalidInput("not an enrolled mentee", errors={field: ["not an enrolled mentee"]})
        return mentee_id

    def _pair(self, mentee_id: str, field: str = "mentee_id") -> DraftPair:
        pair = self.pairs.get(mentee_id)
        if pair is None:
            raise InvalidInput("the mentee is not placed", errors={field: ["not placed"]})
        return pair

    def _placed(self, mentee_id: str, mentor_id: str | None, field: str) -> DraftPair:
        """A hand-made, pinned pair, once it passes the constraints."""
        if mentor_id is None or mentor_id not in self.mentors:
            raise InvalidInput("not an enrolled mentor", errors={field: ["not an enrolled mentor"]})
        if not self.constraints.allows(self.mentees[mentee_id], self.mentors[mentor_id]):
            raise InvalidInput("the pair breaks the programme's constraints (language, region "
                               "or an exclusion)", errors={field: ["breaks the constraints"]})
        return DraftPair(mentee_id, mentor_id, self.score(mentee_id, mentor_id), pinned=True)

    def apply(self, action: Edit, mentee_id: str, *, mentor_id: str | None = None,
              other_mentee_id: str | None = None) -> tuple[Draft, tuple[tuple[str, str], ...]]:
        """The draft after the edit, and the programme's excluded pairs after it."""
        excluded = self.programme.excluded
        mentee_id = self._mentee(mentee_id)
        if action == Edit.PIN or action == Edit.UNPIN:
            pair = self._pair(mentee_id)
            self.pairs[mentee_id] = dataclasses.replace(pair, pinned=action == Edit.PIN)
        elif action == Edit.REMOVE:
            pair = self._pair(mentee_id)
            del self.pairs[mentee_id]
            excluded = tuple(sorted({*excluded, (pair.mentee_id, pair.mentor_id)}))
        elif action == Edit.PLACE:
            self.pairs[mentee_id] = self._placed(mentee_id, mentor_id, "mentor_id")
        else:
            self._swap(mentee_id, self._mentee(other_mentee_id, "other_mentee_id"))
        self._check_capacities()
        return self._unplaced_after(action, mentee_id), excluded

    def _swap(self, mentee_id: str, other: str) -> None:
        if other == mentee_id:
            raise InvalidInput("swap two different mentees",
                               errors={"other_mentee_id": ["must differ from mentee_id"]})
        mine, theirs = self.pairs.get(mentee_id), self.pairs.get(other)
        if mine is None and theirs is None:
            raise InvalidInput("neither mentee is placed", errors={"mentee_id": ["not placed"]})
        self.pairs.pop(mentee_id, None)
        self.pairs.pop(other, None)
        if theirs is not None:
            self.pairs[mentee_id] = self._placed(mentee_id, theirs.mentor_id, "mentee_id")
        if mine is not None:
            self.pairs[other] = self._placed(other, mine.mentor_id, "other_mentee_id")

    def _check_capacities(self) -> None:
        load = Counter(p.mentor_id for p in self.pairs.values())
        # A mentor may be over its places already (another programme took some since the
        # proposal): an edit is refused only for giving one more to a mentor with none left.
        full = sorted(t for t, n in load.items()
                      if n > self.mentors[t].capacity and n > self.before[t])
        if full:
            raise InvalidInput("a mentor would take more mentees than its capacity",
                               errors={"mentor_id": [f"{t} is full" for t in full]})

    def _unplaced_after(self, action: Edit, mentee_id: str) -> Draft:
        """The draft of the edited pairs, each enrolled mentee without a pair unplaced."""
        placed = set(self.pairs)
        unplaced = [u for u in self.draft.unplaced if u.mentee_id not in placed]
        known = {u.mentee_id for u in unplaced}
        for e in sorted(set(self.mentees) - placed - known):
            if action == Edit.REMOVE and e == mentee_id:
                unplaced.append(Unplaced(e, UnplacedReason.EXCLUDED,
                                         "removed from the proposal by the coordinator"))
            elif e in self.orphans:
                unplaced.append(Unplaced(e, UnplacedReason.NO_CANDIDATE, "its mentor has left "
                                         "the network: ask for a proposal again"))
            else:
                unplaced.append(Unplaced(e, UnplacedReason.ALL_FULL,
                                         "left without a mentor by the coordinator's edit"))
        return dataclasses.replace(
            self.draft, pairs=tuple(sorted(self.pairs.values(), key=lambda p: p.mentee_id)),
            unplaced=tuple(sorted(unplaced, key=lambda u: u.mentee_id)))


def after_enrolment(draft: Draft, *, removed: Collection[str], new_mentees: Collection[str],
                    excluded: Collection[tuple[str, str]]) -> Draft:
    """The draft once ``removed`` stakeholders left the programme, ``new_mentees`` joined it
    and ``excluded`` pairs are never to be proposed: pairs these touch are dropped and their
    mentees, like the new ones, left unplaced until the next proposal.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> d = Draft("optimal", (DraftPair("ana", "kim", 50.0), DraftPair("bo", "lee", 70.0)),
    ...           (), at)
    >>> after = after_enrolment(d, removed={"lee"}, new_mentees=["cy"], excluded=())
    >>> [p.mentee_id for p in after.pairs], [(u.mentee_id, u.reason.value) for u in
    ...                                      after.unplaced]
    (['ana'], [('bo', 'excluded'), ('cy', 'not_proposed')])
    """
    kept = tuple(p for p in draft.pairs if p.mentee_id not in removed
                 and p.mentor_id not in removed and (p.mentee_id, p.mentor_id) not in excluded)
    dropped = [Unplaced(p.mentee_id, UnplacedReason.EXCLUDED, "its pair was excluded or its "
                        "mentor left the programme: ask for a proposal again")
               for p in draft.pairs if p not in kept and p.mentee_id not in removed]
    dropped += [Unplaced(e, UnplacedReason.NOT_PROPOSED, "enrolled after the proposal was "
                         "made: ask for a proposal again")
                for e in new_mentees if e not in removed]
    return dataclasses.replace(draft, pairs=kept, unplaced=tuple(sorted(
        [*(u for u in draft.unplaced if u.mentee_id not in removed), *dropped],
        key=lambda u: u.mentee_id)))


def within_capacities(draft: Draft, capacities: dict[str, int]) -> Draft:
    """The draft with each mentor's pairs cut to its capacity (pinned pairs kept first, then
    the better scores) and mentors no longer enrolled dropped; their mentees left unplaced.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> d = Draft("optimal", (DraftPair("ana", "kim", 50.0), DraftPair("bo", "kim", 70.0),
    ...                       DraftPair("cy", "kim", 10.0, pinned=True)), (), at)
    >>> cut = within_capacities(d, {"kim": 2})
    >>> [p.mentee_id for p in cut.pairs], [(u.mentee_id, u.reason.value) for u in cut.unplaced]
    (['bo', 'cy'], [('ana', 'all_full')])
    """
    kept, dropped, load = [], [], dict.fromkeys(capacities, 0)
    for p in sorted(draft.pairs, key=lambda p: (not p.pinned, -(p.score or 0.0), p.mentee_id)):
        if p.mentor_id in load and load[p.mentor_id] < capacities[p.mentor_id]:
            load[p.mentor_id] += 1
            kept.append(p)
        else:
            dropped.append(Unplaced(p.mentee_id, UnplacedReason.ALL_FULL,
                                    "its mentor has fewer places now: ask for a proposal again"))
    if not dropped:
        return draft
    return dataclasses.replace(
        draft, pairs=tuple(sorted(kept, key=lambda p: p.mentee_id)),
        unplaced=tuple(sorted([*draft.unplaced, *dropped], key=lambda u: u.mentee_id)))


def misfits(draft: Draft, mentees: dict[str, Mentee], mentors: dict[str, Mentor],
            constraints: Constraints) -> list[str]:
    """What keeps the draft's pairs from being published as they are: a pair whose mentee or
    mentor is no longer enrolled, breaks a constraint, or a mentor over its capacity."""
    problems: list[str] = []
    load: dict[str, int] = {}
    for p in draft.pairs:
        mentee, mentor = mentees.get(p.mentee_id), mentors.get(p.mentor_id)
        if mentee is None or mentor is None:
            problems.append(f"({p.mentee_id}, {p.mentor_id}): not enrolled any more")
        elif not constraints.allows(mentee, mentor):
            problems.append(f"({p.mentee_id}, {p.mentor_id}): breaks the constraints now")
        else:
            load[p.mentor_id] = load.get(p.mentor_id, 0) + 1
    problems += [f"{t}: {n} mentees, {mentors[t].capacity} places"
                 for t, n in sorted(load.items()) if n > mentors[t].capacity]
    return problems
