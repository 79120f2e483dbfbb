"""The domain: what Syndesmos is about, in plain Python.

Entities and value types (stakeholders and ties, accounts, introductions, mentorships and
programmes, notifications, matches), the rules they keep, the errors they raise, who may do what
(:mod:`~.policy`), and the values that cross the layers (queries and pages, import plans,
idempotency claims). It imports nothing else of ``graph_models``: stores, algorithms and use
cases all speak its language.
"""
