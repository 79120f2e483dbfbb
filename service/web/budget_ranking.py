"""The ranking form of an ordinal ballot: each project's row sends its id and a rank (0 for
not ranked), read here into the ranking the ballot holds, the most preferred first. It works
without JavaScript; static/budgets.js only renumbers the ranks as they are chosen."""

from __future__ import annotations

from service.i18n.locale import N_, gettext

ALIGN_RANKS = N_("Give each project a rank, or leave it unranked.")
REPEATED_RANK = N_("Give each rank to one project only: %(ranks)s given twice.")


def read_ranking(fields: dict) -> tuple[dict | None, dict[str, str], dict[str, int]]:
    """``(fields with projects ranked, {}, ranks)``, or ``(None, errors, ranks)`` when a rank
    is given twice or a row came without one; ``ranks`` maps each ranked project to its rank,
    for the page to show them again."""
    rows = list(zip(fields["projects"], fields.get("ranks") or [], strict=False))
    ranks = {project: rank for project, rank in rows if rank > 0}
    if len(rows) != len(fields["projects"]) or len(rows) != len(fields.get("ranks") or []):
        return None, {"projects": gettext(ALIGN_RANKS)}, ranks
    given = sorted(rank for _, rank in rows if rank > 0)
    repeated = sorted({rank for rank in given if given.count(rank) > 1})
    if repeated:
        return None, {"projects": gettext(REPEATED_RANK) % {
            "ranks": ", ".join(str(rank) for rank in repeated)}}, ranks
    ranking = [project for project, rank in sorted(ranks.items(), key=lambda item: item[1])]
    return {**fields, "projects": ranking}, {}, ranks
