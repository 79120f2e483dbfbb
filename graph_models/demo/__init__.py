"""A deterministic synthetic Greek SSE ecosystem, for demos, benchmarks and evaluations.

The generator plants the structure that Syndesmos' algorithms are meant to find, so that their
output can be judged against it:

- stakeholders of the four kinds in plausible proportions, placed in NUTS-3 regions in proportion
  to population, with needs, offers, stages, instruments and tickets that fit together;
- communities by (NUTS-2 region, sector) that hold most KNOWS and PARTNERS_WITH ties, triadic
  closure inside them, and preferential attachment that makes degrees heavy-tailed;
- FUNDED ties that follow each investor's focus, with co-investment (investor → venture →
  co-investor → venture), SUPPORTED ties whose topic the entrepreneur needs and the organisation
  offers, MENTORS ties from experienced to newer stakeholders, a few national hubs, and isolated
  newcomers;
- dates that grow over time and never precede a stakeholder's joining, so that a cutoff date
  splits the history into a past to learn from and a future to predict.

Every draw comes from ``random.Random`` streams derived from the seed (no wall clock, no iteration
over sets of strings), so one ``(size, ties, seed)`` always gives the same objects, ids included.
Stakeholders and ties use separate streams: asking for more ties keeps the same stakeholders.

Read it in this order: :mod:`.generator` tells the story; :mod:`.population` drafts who joins
and when, :mod:`.entrepreneurs` and :mod:`.organisations` who they are; :mod:`.stakeholders`
gives them ids, times and contacts; :mod:`.ties` holds the ties that :mod:`.social_ties` and
:mod:`.helping_ties` make. The vocabulary and proportions are data, in
``graph_models/data/demo/*.json`` (:mod:`.tables` reads them); :mod:`.activity` seeds the work
waiting in a fresh demo.
"""

from graph_models.demo.generator import DemoEcosystem, generate_ecosystem

__all__ = ["DemoEcosystem", "generate_ecosystem"]
