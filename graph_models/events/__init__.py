"""Events: the algorithms of activities and networking events.

Pure functions over plain values; nothing here reads a store.

Public API
----------
schedule_meetings(pairs, availability, *, slots, tables, max_passes) -> list[Meeting]
mutual_pairs(wishes) -> dict[(id, id), (priority, priority)]
total_weight(meetings) -> float
meeting_penalties(outcomes) -> dict[(id, id), penalty]
"""
