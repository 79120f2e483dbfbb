"""Events: the algorithms of activities and networking events.

Pure functions over plain values; nothing here reads a store.

Public API
----------
schedule_meetings(pairs, availability, *, slots, tables, max_passes, depth) -> list[Meeting]
mutual_pairs(wishes) -> dict[(id, id), (priority, priority)]
total_weight(meetings) -> float
meeting_penalties(meetings) -> dict[(id, id), penalty]
"""

from graph_models.events.feedback import meeting_penalties
from graph_models.events.schedule import Meeting, mutual_pairs, schedule_meetings, total_weight

__all__ = ["Meeting", "meeting_penalties", "mutual_pairs", "schedule_meetings", "total_weight"]
