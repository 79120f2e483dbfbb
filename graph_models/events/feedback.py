"""What meetings at networking events tell the matcher: a meeting a side found not useful
lowers that pair's score, in the spirit of a declined introduction
(:mod:`graph_models.introductions.feedback`).

Each side's answer counts once: the pair's penalty is the share of its answers that said "not
useful" (one of one, or both of two: 1.0; one of two: 0.5), so a pair that one side found useful
and the other did not keeps half its penalty. Matching's hook only lowers scores, so useful
meetings give no entry; a later meeting of the same pair replaces nothing — the strongest
penalty stays, as for declines.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph_models.domain.activities import Meeting


def meeting_penalties(meetings: Iterable[Meeting]) -> dict[tuple[str, str], float]:
    """The penalty (0–1) of each pair (``a``, ``b``) with a "not useful" answer.

    Examples
    --------
    >>> m = Meeting("m1", "ev", 0, 0, "ana", "bo", 70.0, useful_a=False, useful_b=True)
    >>> meeting_penalties([m, Meeting("m2", "ev", 1, 0, "ana", "cy", 60.0, useful_b=False)])
    {('ana', 'bo'): 0.5, ('ana', 'cy'): 1.0}
    """
    penalties: dict[tuple[str, str], float] = {}
    for m in meetings:
        answers = [x for x in (m.useful_a, m.useful_b) if x is not None]
        if not answers or all(answers):
            continue
        penalty = answers.count(False) / len(answers)
        pair = (m.a, m.b)
        penalties[pair] = max(penalties.get(pair, 0.0), penalty)
    return penalties
