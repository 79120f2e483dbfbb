"""The store contract, one small protocol per aggregate.

:class:`~graph_models.stores.base.GraphStore` combines them; both engines (the packages
:mod:`graph_models.stores.sqlite` and :mod:`graph_models.stores.neo4j`) keep all of them, and
one contract suite (``tests/contract``) checks each engine against them.
"""
