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
"""

from __future__ import annotations

import gc
import math
import random
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import accumulate

from graph_models import vocabularies
from graph_models.domain import (
    Instrument,
    InvestorType,
    Kind,
    KoinsepCategory,
    LegalForm,
    PolicyLevel,
    Stage,
    Stakeholder,
    SupportType,
    Tie,
    TieType,
)
from graph_models.errors import InvalidInput

__all__ = ["DemoEcosystem", "generate_ecosystem"]

TIES_PER_STAKEHOLDER = 6
# Shares of the stakeholders by kind; entrepreneurs are the rest (about 75%).
KIND_SHARES = {Kind.INVESTOR: 0.06, Kind.POLICYMAKER: 0.07, Kind.SUPPORT_ORGANISATION: 0.12}
NEWCOMER_SHARE = 0.065  # of entrepreneurs: joined recently, no ties yet
HUB_SHARE = 0.005  # of support organisations: national hubs with very many ties
MIN_SIZE_FOR_A_HUB = 50
DISCOVERABLE_SHARE = 0.85
CONTACT_SHARING_SHARE = 0.40
# DOMAIN.md: 94% of KoinSEp registrants (Dec 2022) are of collective and social benefit.
KOINSEP_CATEGORY_WEIGHTS = {KoinsepCategory.COLLECTIVE_SOCIAL_BENEFIT: 94,
                            KoinsepCategory.INTEGRATION_VULNERABLE: 4,
                            KoinsepCategory.INTEGRATION_SPECIAL: 2}

# How the requested ties are shared out between the generating processes, in the order they run.
TIE_BUDGET = (("knows", 0.42), ("partners", 0.12), ("supported", 0.13), ("hubs", 0.04),
              ("funded", 0.08), ("mentors", 0.06), ("closure", 0.15))
CO_INVESTMENT_SHARE = 0.5  # of FUNDED draws that try to follow a co-investor
SYNDICATE_SHARE = 0.4  # of the other FUNDED draws that pick a venture someone already funded
PREFERENTIAL_SHARE = 0.35  # of in-community picks that take the end of an existing tie
MIN_HUB_TIES = 25
MEAN_LAG_SHARE = 0.08  # mean delay between two stakeholders' joining and their tie, of the span
GROWTH = 2.0  # entrepreneurs join 1 + GROWTH times as fast at the end as at the start

_KNOWS, _PARTNERS, _MENTORS, _FUNDED, _SUPPORTED = range(5)
_TIE_TYPES = (TieType.KNOWS, TieType.PARTNERS_WITH, TieType.MENTORS, TieType.FUNDED,
              TieType.SUPPORTED)
_STAGE_RANK = {Stage.IDEA: 0, Stage.FORMING: 1, Stage.OPERATING: 2, Stage.SCALING: 3}
_STAGES = tuple(_STAGE_RANK)
# Cumulative weights of KNOWS strengths 1-5: close inside a community, weaker across, and weaker
# still between two people who met through a third.
_CLOSE = (1, 3, 6, 9, 11)
_DISTANT = (4, 7, 9, 10, 11)
_INTRODUCED = (3, 6, 8, 9, 10)


@dataclass(frozen=True)
class DemoEcosystem:
    """A generated ecosystem: stakeholders ordered by joining, ties ordered by ``since``."""

    stakeholders: list[Stakeholder]
    ties: list[Tie]


def generate_ecosystem(size: int, *, ties: int | None = None, seed: int = 7,
                       start: date = date(2019, 1, 1),
                       end: date = date(2026, 10, 31)) -> DemoEcosystem:
    """Generate a synthetic Greek SSE ecosystem with planted, learnable structure.

    Parameters
    ----------
    size : int
        The number of stakeholders, exactly.
    ties : int, optional
        The number of ties wanted (default ``6 * size``). When uniqueness makes it unreachable
        (a tiny ecosystem asked for too many), as many as can be made.
    seed : int
        The same ``(size, ties, seed)`` always gives the same ecosystem, ids included.
    start, end : date
        Stakeholders join, and ties begin, within these dates (both included).

    Returns
    -------
    DemoEcosystem
        Stakeholders that pass :func:`~graph_models.domain.stakeholder_problems` and ties that
        pass :func:`~graph_models.domain.tie_problems` and :meth:`TieType.allows`, with unique
        natural keys and no INTRODUCED ties.

    Raises
    ------
    InvalidInput
        When ``size`` or ``ties`` is negative, or ``start`` is after ``end``.

    Notes
    -----
    About 75% entrepreneurs (about 6.5% of them recent newcomers without ties), 6% investors,
    7% policymakers and 12% support organisations, of which 0.5% (at least one from 50
    stakeholders on) are national hubs. Ties are about 60% KNOWS, 12% PARTNERS_WITH, 14%
    SUPPORTED, 8% FUNDED and 6% MENTORS, most inside a (NUTS-2 region, sector) community.
    Stakeholders and ties come in order of joining and of ``since``; ids and external ids
    (``DEMO-ENT-000001``, …) follow that order. 10^5 stakeholders with 10^6 ties take about
    15 s and 0.6 GB.

    Examples
    --------
    >>> eco = generate_ecosystem(200, seed=1)
    >>> len(eco.stakeholders), len(eco.ties)
    (200, 1200)
    >>> eco == generate_ecosystem(200, seed=1)
    True
    >>> from graph_models.domain import stakeholder_problems, tie_problems
    >>> any(stakeholder_problems(s) for s in eco.stakeholders)
    False
    >>> any(tie_problems(t) for t in eco.ties)
    False
    >>> len({t.key for t in eco.ties}) == len(eco.ties)
    True
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(size, int) or size < 0:
        errors["size"] = ["must be a non-negative integer"]
    if ties is not None and (not isinstance(ties, int) or ties < 0):
        errors["ties"] = ["must be a non-negative integer"]
    if start > end:
        errors["end"] = ["must not be before start"]
    if errors:
        raise InvalidInput("cannot generate this ecosystem", errors=errors)
    wanted = TIES_PER_STAKEHOLDER * size if ties is None else ties

    # Millions of new objects and no reference cycles: the cyclic collector would only rescan
    # them again and again (about 40% of the time at 10^6 ties), so it pauses while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        world = _world()
        people_rng = random.Random(f"syndesmos-demo/{seed}/stakeholders")
        drafts = _draft_stakeholders(people_rng, size, world, start.toordinal(),
                                     end.toordinal())
        stakeholders, ids = _build_stakeholders(people_rng, drafts, end)
        tie_maker = _TieMaker(random.Random(f"syndesmos-demo/{seed}/ties"), drafts,
                              end.toordinal())
        tie_maker.run(wanted)
        id_rng = random.Random(f"syndesmos-demo/{seed}/tie-ids")
        return DemoEcosystem(stakeholders=stakeholders, ties=tie_maker.build(ids, id_rng))
    finally:
        if collecting:
            gc.enable()


# --- vocabulary of names and places -------------------------------------------------------------

# Municipalities by NUTS-3 region: "name|genitive" or "name|genitive|official name of the Δήμος".
# The first one is the regional capital and is drawn more often. Regions missing here (a newer
# regions_el.json) fall back to the region's Greek name.
_TOWNS: dict[str, tuple[str, ...]] = {
    "EL301": ("Αμαρούσιο|Αμαρουσίου", "Χαλάνδρι|Χαλανδρίου", "Κηφισιά|Κηφισιάς",
              "Νέα Ιωνία|Νέας Ιωνίας", "Αγία Παρασκευή|Αγίας Παρασκευής",
              "Βριλήσσια|Βριλησσίων", "Παπάγου-Χολαργός|Παπάγου-Χολαργού"),
    "EL302": ("Περιστέρι|Περιστερίου", "Αιγάλεω|Αιγάλεω", "Πετρούπολη|Πετρούπολης",
              "Ίλιον|Ιλίου", "Χαϊδάρι|Χαϊδαρίου", "Αγία Βαρβάρα|Αγίας Βαρβάρας"),
    "EL303": ("Αθήνα|Αθήνας|Δήμος Αθηναίων", "Βύρωνας|Βύρωνα|Δήμος Βύρωνος",
              "Γαλάτσι|Γαλατσίου", "Ζωγράφου|Ζωγράφου", "Ηλιούπολη|Ηλιούπολης",
              "Καισαριανή|Καισαριανής"),
    "EL304": ("Καλλιθέα|Καλλιθέας", "Γλυφάδα|Γλυφάδας", "Παλαιό Φάληρο|Παλαιού Φαλήρου",
              "Άλιμος|Αλίμου", "Νέα Σμύρνη|Νέας Σμύρνης", "Άγιος Δημήτριος|Αγίου Δημητρίου"),
    "EL305": ("Αχαρνές|Αχαρνών", "Μαραθώνας|Μαραθώνα|Δήμος Μαραθώνος", "Παλλήνη|Παλλήνης",
              "Ραφήνα-Πικέρμι|Ραφήνας-Πικερμίου", "Λαυρεωτική|Λαυρεωτικής",
              "Παιανία|Παιανίας"),
    "EL306": ("Ελευσίνα|Ελευσίνας", "Ασπρόπυργος|Ασπροπύργου", "Μέγαρα|Μεγάρων|Δήμος Μεγαρέων",
              "Φυλή|Φυλής"),
    "EL307": ("Πειραιάς|Πειραιά", "Νίκαια|Νίκαιας|Δήμος Νίκαιας-Αγίου Ιωάννη Ρέντη",
              "Κερατσίνι-Δραπετσώνα|Κερατσινίου-Δραπετσώνας", "Κορυδαλλός|Κορυδαλλού",
              "Σαλαμίνα|Σαλαμίνας", "Αίγινα|Αίγινας"),
    "EL411": ("Μυτιλήνη|Μυτιλήνης", "Λήμνος|Λήμνου"),
    "EL412": ("Σάμος|Σάμου|Δήμος Ανατολικής Σάμου", "Ικαρία|Ικαρίας"),
    "EL413": ("Χίος|Χίου",),
    "EL421": ("Ρόδος|Ρόδου", "Κως|Κω", "Κάλυμνος|Καλύμνου"),
    "EL422": ("Σύρος|Σύρου|Δήμος Σύρου-Ερμούπολης", "Νάξος|Νάξου|Δήμος Νάξου και Μικρών Κυκλάδων",
              "Πάρος|Πάρου", "Θήρα|Θήρας"),
    "EL431": ("Ηράκλειο|Ηρακλείου", "Χερσόνησος|Χερσονήσου", "Φαιστός|Φαιστού",
              "Μαλεβίζι|Μαλεβιζίου"),
    "EL432": ("Άγιος Νικόλαος|Αγίου Νικολάου", "Ιεράπετρα|Ιεράπετρας", "Σητεία|Σητείας"),
    "EL433": ("Ρέθυμνο|Ρεθύμνου|Δήμος Ρεθύμνης",),
    "EL434": ("Χανιά|Χανίων", "Πλατανιάς|Πλατανιά", "Αποκόρωνας|Αποκορώνου"),
    "EL511": ("Αλεξανδρούπολη|Αλεξανδρούπολης", "Ορεστιάδα|Ορεστιάδας",
              "Διδυμότειχο|Διδυμοτείχου"),
    "EL512": ("Ξάνθη|Ξάνθης",),
    "EL513": ("Κομοτηνή|Κομοτηνής",),
    "EL514": ("Δράμα|Δράμας",),
    "EL515": ("Καβάλα|Καβάλας", "Θάσος|Θάσου"),
    "EL521": ("Βέροια|Βέροιας", "Νάουσα|Νάουσας|Δήμος Ηρωικής Πόλεως Νάουσας"),
    "EL522": ("Θεσσαλονίκη|Θεσσαλονίκης", "Καλαμαριά|Καλαμαριάς", "Παύλος Μελάς|Παύλου Μελά",
              "Νεάπολη-Συκεές|Νεάπολης-Συκεών", "Κορδελιό-Εύοσμος|Κορδελιού-Ευόσμου",
              "Αμπελόκηποι-Μενεμένη|Αμπελοκήπων-Μενεμένης", "Πυλαία-Χορτιάτης|Πυλαίας-Χορτιάτη",
              "Θέρμη|Θέρμης", "Λαγκαδάς|Λαγκαδά"),
    "EL523": ("Κιλκίς|Κιλκίς",),
    "EL524": ("Έδεσσα|Έδεσσας", "Γιαννιτσά|Γιαννιτσών|Δήμος Πέλλας"),
    "EL525": ("Κατερίνη|Κατερίνης",),
    "EL526": ("Σέρρες|Σερρών",),
    "EL527": ("Πολύγυρος|Πολυγύρου", "Κασσάνδρα|Κασσάνδρας"),
    "EL531": ("Κοζάνη|Κοζάνης", "Πτολεμαΐδα|Πτολεμαΐδας|Δήμος Εορδαίας", "Γρεβενά|Γρεβενών"),
    "EL532": ("Καστοριά|Καστοριάς",),
    "EL533": ("Φλώρινα|Φλώρινας",),
    "EL541": ("Άρτα|Άρτας|Δήμος Αρταίων", "Πρέβεζα|Πρέβεζας"),
    "EL542": ("Ηγουμενίτσα|Ηγουμενίτσας",),
    "EL543": ("Ιωάννινα|Ιωαννίνων|Δήμος Ιωαννιτών",),
    "EL611": ("Τρίκαλα|Τρικάλων|Δήμος Τρικκαίων", "Καρδίτσα|Καρδίτσας",
              "Καλαμπάκα|Καλαμπάκας|Δήμος Μετεώρων"),
    "EL612": ("Λάρισα|Λάρισας|Δήμος Λαρισαίων", "Τύρναβος|Τυρνάβου", "Ελασσόνα|Ελασσόνας"),
    "EL613": ("Βόλος|Βόλου", "Αλμυρός|Αλμυρού", "Σκιάθος|Σκιάθου"),
    "EL621": ("Ζάκυνθος|Ζακύνθου",),
    "EL622": ("Κέρκυρα|Κέρκυρας|Δήμος Κεντρικής Κέρκυρας και Διαποντίων Νήσων",),
    "EL623": ("Αργοστόλι|Αργοστολίου", "Ιθάκη|Ιθάκης"),
    "EL624": ("Λευκάδα|Λευκάδας",),
    "EL631": ("Αγρίνιο|Αγρινίου", "Μεσολόγγι|Μεσολογγίου|Δήμος Ιεράς Πόλης Μεσολογγίου",
              "Ναύπακτος|Ναυπάκτου|Δήμος Ναυπακτίας"),
    "EL632": ("Πάτρα|Πάτρας|Δήμος Πατρέων", "Αίγιο|Αιγίου|Δήμος Αιγιαλείας",
              "Καλάβρυτα|Καλαβρύτων"),
    "EL633": ("Πύργος|Πύργου", "Αμαλιάδα|Αμαλιάδας|Δήμος Ήλιδας"),
    "EL641": ("Λιβαδειά|Λιβαδειάς|Δήμος Λεβαδέων", "Θήβα|Θήβας|Δήμος Θηβαίων"),
    "EL642": ("Χαλκίδα|Χαλκίδας|Δήμος Χαλκιδέων", "Ερέτρια|Ερέτριας"),
    "EL643": ("Καρπενήσι|Καρπενησίου",),
    "EL644": ("Λαμία|Λαμίας|Δήμος Λαμιέων", "Στυλίδα|Στυλίδας"),
    "EL645": ("Άμφισσα|Άμφισσας|Δήμος Δελφών",),
    "EL651": ("Τρίπολη|Τρίπολης", "Άργος|Άργους|Δήμος Άργους-Μυκηνών",
              "Ναύπλιο|Ναυπλίου|Δήμος Ναυπλιέων"),
    "EL652": ("Κόρινθος|Κορίνθου|Δήμος Κορινθίων", "Λουτράκι|Λουτρακίου"),
    "EL653": ("Καλαμάτα|Καλαμάτας", "Σπάρτη|Σπάρτης"),
}
# NUTS-2 regions are the Greek Περιφέρειες: the genitive of each name, its seat (a NUTS-3 code)
# and the first digits of its landline numbers.
_PERIPHERIES: dict[str, tuple[str, str, str]] = {
    "EL30": ("Αττικής", "EL303", "21"), "EL41": ("Βορείου Αιγαίου", "EL411", "22"),
    "EL42": ("Νοτίου Αιγαίου", "EL422", "22"), "EL43": ("Κρήτης", "EL431", "28"),
    "EL51": ("Ανατολικής Μακεδονίας και Θράκης", "EL513", "25"),
    "EL52": ("Κεντρικής Μακεδονίας", "EL522", "23"), "EL53": ("Δυτικής Μακεδονίας", "EL531", "24"),
    "EL54": ("Ηπείρου", "EL543", "26"), "EL61": ("Θεσσαλίας", "EL612", "24"),
    "EL62": ("Ιονίων Νήσων", "EL622", "26"), "EL63": ("Δυτικής Ελλάδας", "EL632", "26"),
    "EL64": ("Στερεάς Ελλάδας", "EL644", "22"), "EL65": ("Πελοποννήσου", "EL651", "27"),
}
_CAPITAL = "EL303"
_UNIVERSITIES: dict[str, tuple[str, ...]] = {
    "EL30": ("Εθνικό και Καποδιστριακό Πανεπιστήμιο Αθηνών", "Οικονομικό Πανεπιστήμιο Αθηνών",
             "Πάντειο Πανεπιστήμιο", "Χαροκόπειο Πανεπιστήμιο", "Πανεπιστήμιο Πειραιώς",
             "Πανεπιστήμιο Δυτικής Αττικής", "Εθνικό Μετσόβιο Πολυτεχνείο",
             "Γεωπονικό Πανεπιστήμιο Αθηνών"),
    "EL41": ("Πανεπιστήμιο Αιγαίου",), "EL42": ("Πανεπιστήμιο Αιγαίου",),
    "EL43": ("Πανεπιστήμιο Κρήτης", "Ελληνικό Μεσογειακό Πανεπιστήμιο", "Πολυτεχνείο Κρήτης"),
    "EL51": ("Δημοκρίτειο Πανεπιστήμιο Θράκης", "Διεθνές Πανεπιστήμιο της Ελλάδος"),
    "EL52": ("Αριστοτέλειο Πανεπιστήμιο Θεσσαλονίκης", "Πανεπιστήμιο Μακεδονίας",
             "Διεθνές Πανεπιστήμιο της Ελλάδος"),
    "EL53": ("Πανεπιστήμιο Δυτικής Μακεδονίας",), "EL54": ("Πανεπιστήμιο Ιωαννίνων",),
    "EL61": ("Πανεπιστήμιο Θεσσαλίας",), "EL62": ("Ιόνιο Πανεπιστήμιο",),
    "EL63": ("Πανεπιστήμιο Πατρών",), "EL64": ("Πανεπιστήμιο Θεσσαλίας",),
    "EL65": ("Πανεπιστήμιο Πελοποννήσου",),
}
_EPITHETS = (
    "Κυψέλη", "Αγκαλιά", "Ρίζες", "Σπόρος", "Ορίζοντας", "Γέφυρα", "Πυξίδα", "Κοινός Τόπος",
    "Άλλος Τρόπος", "Λιθαράκι", "Μαζί", "Ανάσα", "Φάρος", "Καρπός", "Ελιά", "Δρυς", "Πλάτανος",
    "Αλκυόνη", "Νέα Πνοή", "Συν-Εργασία", "Μέλισσα", "Αρμονία", "Πέρασμα", "Ίριδα", "Αμάλθεια",
    "Ανατολή", "Εστία", "Αυλή", "Γειτονιά", "Στέκι", "Κρίκος", "Βότσαλο", "Πράσινη Κλωστή",
    "Ξέφωτο", "Χαμομήλι", "Θυμάρι", "Ρόδι", "Σμίλη", "Αργαλειός", "Κοινό Τραπέζι", "Πανδοχείο",
    "Αλφάδι", "Σκυταλοδρομία", "Λύχνος", "Ανεμόμυλος", "Πυγολαμπίδα", "Κάστανο", "Αμπέλι",
    "Ευ Ζην", "Αειφορία", "Ελαιώνας", "Κλαδί", "Σταφίδα", "Λιμάνι", "Καΐκι", "Αλάτι", "Κρήνη",
    "Πηγή", "Γαλήνη", "Ηλιοτρόπιο", "Αμυγδαλιά", "Κυκλάμινο", "Ανεμώνη", "Πεύκο", "Ψηφίδα",
    "Μωσαϊκό", "Κοινό Όραμα", "Νέοι Δρόμοι", "Σπίθα", "Φωλιά", "Αγκυροβόλι", "Ζωντανό Νερό",
    "Πολύχρωμο", "Αλώνι", "Αρχιπέλαγος", "Ιστός", "Σπαρτό", "Αμπελώνας", "Ορεινή Ζωή", "Μυρτιά",
    "Δενδρολίβανο", "Ελάτη", "Βελανιδιά", "Χελιδόνι", "Γλάρος", "Δελφίνι", "Ζύμη", "Φούρνος",
    "Αργώ", "Οδύσσεια", "Καλειδοσκόπιο", "Συντροφιά", "Ομόνοια", "Παρέα", "Κοινωνία",
)
# What an enterprise of each sector is called, before the place it is in.
_CONCEPTS: dict[str, tuple[str, ...]] = {
    "agrifood": ("Αγρόκτημα Αλληλεγγύης", "Κοινοτικός Λαχανόκηπος", "Μέλι και Βότανα",
                 "Βιολογικά Προϊόντα", "Παραδοσιακά Προϊόντα"),
    "social_care": ("Φροντίδα στο Σπίτι", "Κέντρο Ημερήσιας Φροντίδας", "Αλληλεγγύη Γενεών"),
    "education": ("Εργαστήρι Μάθησης", "Σχολείο της Γειτονιάς", "Παιδότοπος Δημιουργίας"),
    "culture_arts": ("Πολιτιστικό Εργαστήρι", "Θεατρική Σκηνή", "Συνεργατικό Βιβλιοπωλείο"),
    "sustainable_tourism": ("Εναλλακτικός Τουρισμός", "Φιλοξενία και Περίπατοι",
                            "Οικοτουριστικές Διαδρομές"),
    "renewable_energy": ("Ηλιακή Ενέργεια", "Καθαρή Ενέργεια", "Ενεργειακή Αυτονομία"),
    "circular_economy": ("Ανακύκλωση και Επισκευή", "Εργαστήρι Επαναχρησιμοποίησης",
                         "Κυκλική Γειτονιά"),
    "housing": ("Συνεργατική Κατοικία", "Στέγη Αλληλεγγύης"),
    "digital_it": ("Ψηφιακή Συνεργατική", "Κώδικας για Όλους", "Ανοιχτό Λογισμικό"),
    "crafts": ("Χειροποίητα", "Εργαστήρι Κεραμικής", "Υφαντουργείο"),
    "fair_trade_retail": ("Δίκαιο Εμπόριο", "Παντοπωλείο Αλληλεγγύης",
                          "Αγορά Χωρίς Μεσάζοντες"),
    "health": ("Κοινωνικό Ιατρείο", "Φυσικοθεραπεία για Όλους", "Ψυχική Υγεία στην Κοινότητα"),
    "mobility": ("Συνεργατικές Μεταφορές", "Ποδήλατο στην Πόλη", "Κοινόχρηστα Οχήματα"),
    "finance": ("Ταμείο Αλληλεγγύης", "Συνεργατική Αποταμίευση"),
    "media": ("Ανεξάρτητη Ενημέρωση", "Κοινοτικό Ραδιόφωνο", "Συνεργατικό Περιοδικό"),
    "environment": ("Πράσινη Γειτονιά", "Προστασία Ακτών", "Δάση και Μονοπάτια"),
    "catering_food_services": ("Αλληλέγγυα Κουζίνα", "Συνεργατικό Καφενείο",
                               "Κοινωνικό Μαγειρείο", "Γεύσεις της Γειτονιάς"),
    "cleaning_facility_services": ("Υπηρεσίες Καθαρισμού", "Καθαρή Πόλη"),
    "construction": ("Συνεργατικές Κατασκευές", "Αναπαλαίωση Κτιρίων"),
    "work_integration": ("Εργασία για Όλους", "Νέα Αρχή", "Δρόμοι Ένταξης"),
}
_FIRST_NAMES = (("Γιώργος", "Νίκος", "Δημήτρης", "Κώστας", "Γιάννης", "Αλέξανδρος",
                 "Παναγιώτης", "Σταύρος", "Χρήστος", "Μιχάλης"),
                ("Μαρία", "Ελένη", "Κατερίνα", "Σοφία", "Αναστασία", "Δέσποινα", "Ιωάννα",
                 "Χαρά", "Αγγελική", "Βασιλική"))
# Surnames as (masculine, feminine).
_SURNAMES = (("Παπαδόπουλος", "Παπαδοπούλου"), ("Γεωργίου", "Γεωργίου"),
             ("Οικονόμου", "Οικονόμου"), ("Νικολάου", "Νικολάου"), ("Καραγιάννης", "Καραγιάννη"),
             ("Μακρής", "Μακρή"), ("Δημητρίου", "Δημητρίου"), ("Πετρόπουλος", "Πετροπούλου"),
             ("Σταθόπουλος", "Σταθοπούλου"), ("Χατζηδάκης", "Χατζηδάκη"),
             ("Κυριακίδης", "Κυριακίδου"), ("Παπαδάκης", "Παπαδάκη"), ("Βασιλείου", "Βασιλείου"),
             ("Αντωνίου", "Αντωνίου"), ("Λαμπράκης", "Λαμπράκη"), ("Μαυρίδης", "Μαυρίδου"),
             ("Αθανασίου", "Αθανασίου"), ("Σπυρόπουλος", "Σπυροπούλου"),
             ("Αναγνωστόπουλος", "Αναγνωστοπούλου"), ("Μιχαηλίδης", "Μιχαηλίδου"),
             ("Θεοδωρίδης", "Θεοδωρίδου"), ("Τσακίρης", "Τσακίρη"), ("Ζαχαρίου", "Ζαχαρίου"),
             ("Παναγιωτόπουλος", "Παναγιωτοπούλου"), ("Σαββίδης", "Σαββίδου"),
             ("Φραγκιαδάκης", "Φραγκιαδάκη"), ("Ξενάκης", "Ξενάκη"), ("Ρήγας", "Ρήγα"),
             ("Αλεξόπουλος", "Αλεξοπούλου"), ("Χριστοδούλου", "Χριστοδούλου"),
             ("Μαργαρίτης", "Μαργαρίτη"), ("Καλογεράκης", "Καλογεράκη"),
             ("Δημόπουλος", "Δημοπούλου"), ("Σωτηρίου", "Σωτηρίου"))
_OTHER_LANGUAGES = ("de", "fr", "it", "es", "bg", "sq", "ar", "tr", "ru", "uk")
_STAGE_TEXT = {Stage.IDEA: "Η ομάδα βρίσκεται στο στάδιο της ιδέας.",
               Stage.FORMING: "Σε φάση σύστασης.", Stage.OPERATING: "Σε λειτουργία.",
               Stage.SCALING: "Σε φάση επέκτασης."}
_INSTRUMENT_TEXT = {Instrument.GRANT: "επιχορηγήσεις", Instrument.LOAN: "δάνεια",
                    Instrument.EQUITY: "συμμετοχή στο κεφάλαιο",
                    Instrument.GUARANTEE: "εγγυήσεις",
                    Instrument.CROWDFUNDING: "συμμετοχική χρηματοδότηση",
                    Instrument.MICROCREDIT: "μικροπιστώσεις"}

# --- entrepreneurs ------------------------------------------------------------------------------

# Legal form: weight, Greek description, name pattern, (min, max) members.
_LEGAL_FORMS: dict[LegalForm, tuple[float, str, str, tuple[int, int]]] = {
    LegalForm.KOINSEP: (56, "Κοινωνική Συνεταιριστική Επιχείρηση", "Κοιν.Σ.Επ. {what}", (5, 40)),
    LegalForm.WORKERS_COOPERATIVE: (8, "Συνεταιρισμός Εργαζομένων",
                                    "Συνεταιρισμός Εργαζομένων {what}", (3, 30)),
    LegalForm.AGRICULTURAL_COOPERATIVE: (8, "Αγροτικός Συνεταιρισμός",
                                         "Αγροτικός Συνεταιρισμός {what}", (10, 250)),
    LegalForm.ENERGY_COMMUNITY: (5, "Ενεργειακή Κοινότητα", "Ενεργειακή Κοινότητα {what}",
                                 (15, 400)),
    LegalForm.KOISPE: (3, "Κοινωνικός Συνεταιρισμός Περιορισμένης Ευθύνης",
                       "Κοι.Σ.Π.Ε. {what}", (10, 80)),
    LegalForm.COOPERATIVE: (4, "Αστικός Συνεταιρισμός", "Συνεταιρισμός {what}", (7, 120)),
    LegalForm.CIVIL_NONPROFIT: (5, "Αστική Μη Κερδοσκοπική Εταιρεία", "ΑΜΚΕ {what}", (3, 30)),
    LegalForm.ASSOCIATION: (2, "Σωματείο", "Σωματείο {what}", (10, 150)),
    LegalForm.INFORMAL_GROUP: (9, "Άτυπη ομάδα πολιτών", "Ομάδα {what}", (2, 12)),
}
_KOINSEP_TEXT = {KoinsepCategory.COLLECTIVE_SOCIAL_BENEFIT: "συλλογικού και κοινωνικού οφέλους",
                 KoinsepCategory.INTEGRATION_VULNERABLE: "ένταξης ευάλωτων ομάδων",
                 KoinsepCategory.INTEGRATION_SPECIAL: "ένταξης ειδικών ομάδων"}
_SECTOR_WEIGHTS = {
    "catering_food_services": 11, "agrifood": 9, "social_care": 9, "education": 8,
    "culture_arts": 8, "sustainable_tourism": 7, "circular_economy": 6, "crafts": 5,
    "cleaning_facility_services": 5, "digital_it": 5, "environment": 5, "fair_trade_retail": 5,
    "health": 4, "media": 3, "renewable_energy": 2, "housing": 2, "mobility": 2,
    "construction": 2, "work_integration": 2, "finance": 1,
}
# Primary sectors that a legal form (or KoinSEp category) implies, when it implies any.
_FORM_SECTORS: dict[object, dict[str, float]] = {
    LegalForm.AGRICULTURAL_COOPERATIVE: {"agrifood": 9, "environment": 1},
    LegalForm.ENERGY_COMMUNITY: {"renewable_energy": 1},
    LegalForm.KOISPE: {"work_integration": 4, "social_care": 2, "crafts": 1, "health": 1},
    KoinsepCategory.INTEGRATION_VULNERABLE: {
        "work_integration": 3, "cleaning_facility_services": 3, "catering_food_services": 2,
        "circular_economy": 1, "crafts": 1},
    KoinsepCategory.INTEGRATION_SPECIAL: {
        "work_integration": 3, "cleaning_facility_services": 2, "catering_food_services": 2,
        "social_care": 1},
}
# Needs by stage: early teams need a legal form, a plan and training; going concerns need money
# and markets.
_NEEDS_BY_STAGE: dict[Stage, dict[str, float]] = {
    Stage.IDEA: {
        "consulting.legal_form": 5, "consulting.business_plan": 5, "training.sse_fundamentals": 4,
        "training.cooperative_management": 3, "training.mentoring": 4, "networking.partners": 3,
        "financing.grant": 3, "financing.member_capital": 1, "consulting.governance": 2,
        "training.financial_literacy": 2, "networking.community_engagement": 1},
    Stage.FORMING: {
        "consulting.legal_form": 4, "consulting.business_plan": 5, "consulting.accounting_tax": 3,
        "consulting.governance": 3, "training.cooperative_management": 3, "training.mentoring": 3,
        "training.project_management": 2, "financing.grant": 3, "financing.microcredit": 2,
        "financing.crowdfunding": 2, "networking.partners": 2, "consulting.legal_compliance": 2,
        "training.financial_literacy": 2},
    Stage.OPERATING: {
        "financing.loan": 4, "financing.crowdfunding": 2, "financing.microcredit": 2,
        "financing.public_programmes": 3, "networking.market_access": 4,
        "networking.suppliers": 2, "consulting.marketing": 3, "consulting.digital_tools": 2,
        "consulting.public_procurement": 2, "consulting.pricing_costing": 2,
        "training.digital_skills": 2, "training.sales": 2, "consulting.impact_measurement": 2,
        "networking.public_bodies": 2, "consulting.accounting_tax": 2, "networking.events": 1,
        "training.mentoring": 1, "networking.consortia": 1},
    Stage.SCALING: {
        "financing.loan": 4, "financing.equity": 3, "financing.guarantee": 2,
        "financing.investment_readiness": 3, "consulting.growth_scaling": 4,
        "networking.market_access": 3, "networking.international": 2,
        "consulting.impact_measurement": 2, "consulting.hr_employment": 2,
        "networking.consortia": 2, "training.leadership": 2, "networking.private_sector": 1},
}
_FORM_NEEDS: dict[object, dict[str, float]] = {
    LegalForm.AGRICULTURAL_COOPERATIVE: {"networking.suppliers": 3, "networking.market_access": 3},
    LegalForm.ENERGY_COMMUNITY: {"consulting.legal_compliance": 4, "financing.loan": 2},
    KoinsepCategory.INTEGRATION_VULNERABLE: {"training.work_integration": 4},
    KoinsepCategory.INTEGRATION_SPECIAL: {"training.work_integration": 4},
    LegalForm.KOISPE: {"training.work_integration": 4},
}
# What experienced entrepreneurs offer others.
_PEER_OFFERS = {"training.mentoring": 3, "training.peer_learning": 3, "networking.partners": 2,
                "networking.suppliers": 2, "training.sector_skills": 2,
                "networking.market_access": 1, "networking.consortia": 1}
_PEER_OFFER_SHARE = 0.45
# Funding sought (€) by stage, drawn log-uniformly.
_FUNDING_BY_STAGE = {Stage.IDEA: (2_000, 20_000), Stage.FORMING: (5_000, 50_000),
                     Stage.OPERATING: (10_000, 150_000), Stage.SCALING: (50_000, 600_000)}

# --- investors ----------------------------------------------------------------------------------

# Type: weight, instrument sets to choose from, ticket range (€), share with a regional focus,
# extra financing topics offered (with their probability), Greek description.
_INVESTOR_TYPES: dict[InvestorType, tuple] = {
    InvestorType.ETHICAL_BANK: (
        6, ((Instrument.LOAN, Instrument.MICROCREDIT), (Instrument.LOAN,),
            (Instrument.LOAN, Instrument.GUARANTEE)), (5_000, 250_000), 0.2,
        {"financing.investment_readiness": 0.3}, "Ηθική τράπεζα"),
    InvestorType.COOPERATIVE_BANK: (
        10, ((Instrument.LOAN,), (Instrument.LOAN, Instrument.MICROCREDIT)), (3_000, 300_000),
        1.0, {"financing.member_capital": 0.3}, "Συνεταιριστική τράπεζα"),
    InvestorType.IMPACT_FUND: (
        10, ((Instrument.EQUITY,), (Instrument.EQUITY, Instrument.LOAN)), (50_000, 1_000_000),
        0.0, {"financing.investment_readiness": 0.8, "training.mentoring": 0.3},
        "Ταμείο επενδύσεων κοινωνικού αντικτύπου"),
    InvestorType.CROWDFUNDING_PLATFORM: (
        10, ((Instrument.CROWDFUNDING,),), (1_000, 50_000), 0.0,
        {"financing.matchfunding": 0.4, "financing.donations_sponsorship": 0.3},
        "Πλατφόρμα συμμετοχικής χρηματοδότησης"),
    InvestorType.PUBLIC_FUND: (
        14, ((Instrument.GRANT,), (Instrument.GRANT,), (Instrument.GRANT, Instrument.GUARANTEE)),
        (5_000, 200_000), 0.7, {"financing.public_programmes": 0.9,
                                "financing.participatory_budgeting": 0.2},
        "Δημόσιο χρηματοδοτικό ταμείο"),
    InvestorType.FOUNDATION: (
        18, ((Instrument.GRANT,),), (2_000, 100_000), 0.3,
        {"financing.donations_sponsorship": 0.5}, "Κοινωφελές ίδρυμα"),
    InvestorType.BUSINESS_ANGEL: (
        27, ((Instrument.EQUITY,), (Instrument.EQUITY, Instrument.LOAN)), (10_000, 150_000), 0.6,
        {"training.mentoring": 0.5}, "Επιχειρηματικός άγγελος"),
    InvestorType.OTHER: (
        5, ((Instrument.MICROCREDIT,),), (1_000, 25_000), 0.5, {},
        "Φορέας μικροχρηματοδοτήσεων"),
}
# The stages an instrument suits: grants start ideas, loans and equity grow going concerns.
_INSTRUMENT_STAGES = {
    Instrument.GRANT: (Stage.IDEA, Stage.FORMING, Stage.OPERATING),
    Instrument.LOAN: (Stage.OPERATING, Stage.SCALING),
    Instrument.EQUITY: (Stage.OPERATING, Stage.SCALING),
    Instrument.GUARANTEE: (Stage.OPERATING, Stage.SCALING),
    Instrument.CROWDFUNDING: (Stage.FORMING, Stage.OPERATING),
    Instrument.MICROCREDIT: (Stage.FORMING, Stage.OPERATING),
}

# --- support organisations ----------------------------------------------------------------------

# Type: weight, offers with weights, (min, max) number of offers, (min, max) capacity, Greek text.
_SUPPORT_TYPES: dict[SupportType, tuple] = {
    SupportType.SSE_SUPPORT_CENTRE: (15, {
        "consulting.legal_form": 5, "consulting.business_plan": 5, "consulting.governance": 3,
        "consulting.legal_compliance": 3, "consulting.accounting_tax": 2,
        "training.sse_fundamentals": 4, "training.cooperative_management": 3,
        "training.mentoring": 4, "networking.federations": 2, "networking.public_bodies": 2,
        "financing.public_programmes": 2, "financing.investment_readiness": 1,
        "consulting.impact_measurement": 1}, (4, 8), (15, 60), "Κέντρο στήριξης ΚΑλΟ"),
    SupportType.INCUBATOR: (12, {
        "consulting.business_plan": 4, "consulting.growth_scaling": 3, "consulting.marketing": 3,
        "consulting.digital_tools": 2, "consulting.pricing_costing": 2, "training.mentoring": 6,
        "training.peer_learning": 3, "financing.investment_readiness": 3,
        "networking.market_access": 2, "networking.private_sector": 1, "networking.events": 2,
        "consulting.legal_form": 1}, (4, 7), (8, 30),
        "Θερμοκοιτίδα κοινωνικής επιχειρηματικότητας"),
    SupportType.UNIVERSITY: (6, {
        "training.sse_fundamentals": 3, "training.cooperative_management": 3,
        "networking.research_academia": 4, "consulting.impact_measurement": 3,
        "training.project_management": 2, "training.digital_skills": 2, "training.leadership": 1,
        "training.mentoring": 2, "training.financial_literacy": 2, "networking.international": 1},
        (3, 6), (20, 80), "Πανεπιστημιακή μονάδα"),
    SupportType.NGO: (25, {
        "training.work_integration": 4, "training.sse_fundamentals": 3,
        "networking.community_engagement": 3, "consulting.impact_measurement": 2,
        "training.mentoring": 3, "networking.policy_advocacy": 2, "training.leadership": 2,
        "consulting.legal_form": 1, "training.peer_learning": 2}, (3, 6), (10, 40),
        "Μη κυβερνητική οργάνωση"),
    SupportType.TRAINER: (20, {
        "training.financial_literacy": 3, "training.digital_skills": 3, "training.sales": 3,
        "training.sector_skills": 3, "training.leadership": 2, "training.project_management": 3,
        "training.mentoring": 3, "training.peer_learning": 2,
        "training.cooperative_management": 2, "training.sse_fundamentals": 2}, (3, 6), (5, 25),
        "Πάροχος εκπαίδευσης ενηλίκων"),
    SupportType.CONSULTANCY: (20, {
        "consulting.accounting_tax": 4, "consulting.business_plan": 4, "consulting.marketing": 3,
        "consulting.legal_compliance": 3, "consulting.hr_employment": 2,
        "consulting.public_procurement": 2, "consulting.pricing_costing": 3,
        "consulting.digital_tools": 2, "consulting.legal_form": 3,
        "training.project_management": 2, "financing.investment_readiness": 2,
        "consulting.governance": 1}, (3, 7), (5, 30), "Συμβουλευτική εταιρεία"),
    SupportType.OTHER: (2, {
        "training.peer_learning": 3, "networking.events": 3, "networking.community_engagement": 2,
        "training.mentoring": 2, "networking.market_access": 2, "training.sse_fundamentals": 2},
        (2, 5), (5, 20), "Συνεργατικός χώρος"),
}

# --- policymakers -------------------------------------------------------------------------------

_LEVEL_WEIGHTS = {PolicyLevel.MUNICIPAL: 80, PolicyLevel.REGIONAL: 15, PolicyLevel.NATIONAL: 5}
_MUNICIPAL_UNITS = ("Γραφείο Κοινωνικής Οικονομίας", "Αντιδημαρχία Κοινωνικής Πολιτικής",
                    "Διεύθυνση Τοπικής Οικονομικής Ανάπτυξης", "Κοινωφελής Επιχείρηση",
                    "Επιτροπή Διαβούλευσης", "Τμήμα Κοινωνικής Προστασίας",
                    "Κέντρο Κοινότητας", "Τμήμα Απασχόλησης", "Αναπτυξιακή Εταιρεία",
                    "Επιτροπή Ισότητας", "Γραφείο Συμμετοχικού Προϋπολογισμού")
_REGIONAL_UNITS = ("Διεύθυνση Αναπτυξιακού Προγραμματισμού",
                   "Αντιπεριφέρεια Κοινωνικής Πολιτικής", "Περιφερειακό Πρόγραμμα",
                   "Παρατηρητήριο Κοινωνικής Οικονομίας")
_MINISTRY_UNITS = ("Γενική Γραμματεία Συντονισμού", "Διεύθυνση Στρατηγικού Σχεδιασμού",
                   "Μονάδα Κοινωνικής Καινοτομίας", "Ειδική Υπηρεσία Εφαρμογής Προγραμμάτων")
# Ministries and the sectors their policies cover.
_MINISTRIES = (
    ("Υπουργείο Εργασίας και Κοινωνικής Ασφάλισης — Διεύθυνση Κοινωνικής Οικονομίας",
     ("work_integration", "social_care")),
    ("Υπουργείο Κοινωνικής Συνοχής και Οικογένειας", ("social_care", "housing", "health")),
    ("Υπουργείο Ανάπτυξης", ("digital_it", "fair_trade_retail", "crafts")),
    ("Υπουργείο Αγροτικής Ανάπτυξης και Τροφίμων", ("agrifood",)),
    ("Υπουργείο Περιβάλλοντος και Ενέργειας",
     ("renewable_energy", "environment", "circular_economy")),
    ("Υπουργείο Εσωτερικών — Γενική Γραμματεία Τοπικής Αυτοδιοίκησης",
     ("mobility", "housing", "culture_arts")),
)


def _cumulative(weights) -> list[float]:
    return list(accumulate(weights))


class _Weighted:
    """Items drawn with fixed weights: a bisection on the cumulative weights."""

    __slots__ = ("cumulative", "items", "total")

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = _cumulative(weights)
        self.total = self.cumulative[-1] if self.cumulative else 0.0

    def __len__(self) -> int:
        return len(self.items)

    def draw(self, rng: random.Random):
        index = bisect_right(self.cumulative, rng.random() * self.total)
        # random() * total can round up to total itself.
        return self.items[min(index, len(self.items) - 1)]


@dataclass(frozen=True)
class _Town:
    name: str
    genitive: str
    municipality: str  # the official name of its Δήμος


@cache
def _world() -> _World:
    return _World()


class _World:
    """The vocabularies joined with the tables above, checked against them once per process."""

    def __init__(self):
        regions = vocabularies.greek_regions()
        nuts3 = [r for r in regions.values() if r.level == 3 and r.population > 0]
        self.nuts3 = _Weighted([r.code for r in nuts3], [r.population for r in nuts3])
        self.parent = {r.code: r.parent for r in nuts3}
        self.region_names = {code: r.name_el or r.name_en for code, r in regions.items()}
        self.nuts2 = sorted({r.parent for r in nuts3})
        nuts2_population = {code: regions[code].population for code in self.nuts2}
        self.periphery = _Weighted(self.nuts2, [max(1, nuts2_population[c]) for c in self.nuts2])
        self.towns: dict[str, _Weighted] = {}
        for code in self.nuts3.items:
            entries = _TOWNS.get(code) or (f"{self.region_names[code]}|{self.region_names[code]}",)
            towns = []
            for entry in entries:
                name, genitive, *official = entry.split("|")
                official_name = official[0] if official else f"Δήμος {genitive}"
                towns.append(_Town(name, genitive, official_name))
            # The capital is as likely as all the others together.
            self.towns[code] = _Weighted(towns, [max(1, len(towns) - 1)] + [1] * (len(towns) - 1))
        sectors = vocabularies.sectors()
        self.sectors = [code for code in _SECTOR_WEIGHTS if code in sectors] or sorted(sectors)
        self.sector_index = {code: n for n, code in enumerate(sorted(sectors))}
        self.sector_draw = _Weighted(self.sectors,
                                     [_SECTOR_WEIGHTS.get(c, 1) for c in self.sectors])
        self.sector_names = {code: term.name_el or term.name_en for code, term in sectors.items()}
        self.languages = [code for code in _OTHER_LANGUAGES if vocabularies.is_language(code)]
        self.topics = vocabularies.topics()

    def periphery_genitive(self, nuts2: str) -> str:
        return _PERIPHERIES[nuts2][0] if nuts2 in _PERIPHERIES else self.region_names[nuts2]

    def seat(self, nuts2: str) -> str:
        seat = _PERIPHERIES.get(nuts2, ("", "", ""))[1]
        if seat in self.parent:
            return seat
        return next(code for code in self.nuts3.items if self.parent[code] == nuts2)

    def known_topics(self, weighted: dict[str, float]) -> dict[str, float]:
        return {code: w for code, w in weighted.items() if code in self.topics}

    def known_sectors(self, weighted: dict[str, float]) -> dict[str, float]:
        return {code: w for code, w in weighted.items() if code in self.sector_index}


# --- stakeholders -------------------------------------------------------------------------------


class _Draft:
    """A stakeholder being made: its fields, and what the tie generator needs to know of it."""

    __slots__ = ("community", "fields", "fitness", "focus_nuts2", "funding", "hub", "instruments",
                 "investor_stages", "join", "kind", "needs", "newcomer", "nuts2", "offers",
                 "region", "sectors", "stage", "tickets")

    def __init__(self, kind: Kind, join: int, region: str, nuts2: str):
        self.kind = kind
        self.join = join
        self.region = region
        self.nuts2 = nuts2
        self.fields: dict = {}
        self.sectors: tuple[str, ...] = ()
        self.needs: tuple[str, ...] = ()
        self.offers: tuple[str, ...] = ()
        self.stage: Stage | None = None
        self.funding: int | None = None
        self.hub = False
        self.newcomer = False
        self.fitness = 1.0
        self.focus_nuts2: str | None = None
        self.tickets = (0, 0)
        self.instruments: tuple[Instrument, ...] = ()
        self.investor_stages: tuple[Stage, ...] = ()
        self.community = 0


def _choice(rng: random.Random, weighted: dict):
    """One key of ``weighted``, drawn with its weight."""
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys])[0]


def _distinct(rng: random.Random, weighted: dict[str, float], k: int) -> list[str]:
    """Up to ``k`` distinct keys drawn with their weights (Efraimidis–Spirakis keys)."""
    keyed = sorted(weighted, key=lambda code: rng.random() ** (1.0 / weighted[code]), reverse=True)
    return keyed[:k]


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _round_to(value: float, step: int) -> int:
    return round(value / step) * step


def _pareto_fitness(rng: random.Random) -> float:
    # Exponent 2.5, capped so that one node cannot swallow a small ecosystem.
    return min(60.0, (1.0 - rng.random()) ** (-1 / 1.5))


def _draft_stakeholders(rng: random.Random, size: int, world: _World, start: int,
                        end: int) -> list[_Draft]:
    counts = {kind: (max(1, round(share * size)) if size >= 4 else 0)
              for kind, share in KIND_SHARES.items()}
    entrepreneurs = size - sum(counts.values())
    newcomers = round(NEWCOMER_SHARE * entrepreneurs)
    hubs = max(1, round(HUB_SHARE * counts[Kind.SUPPORT_ORGANISATION])) \
        if size >= MIN_SIZE_FOR_A_HUB else 0
    span = end - start
    newcomer_window = max(0, min(150, span // 10))

    def joined(bias: float) -> int:
        # Institutions (bias > 1) were there early.
        return start + int(span * rng.random() ** bias)

    def founded() -> int:
        # Entrepreneurs arrive at a rate growing linearly from 1 to 1 + GROWTH (inverse CDF).
        u = rng.random()
        if GROWTH > 0:
            u = (math.sqrt(1 + GROWTH * (2 + GROWTH) * u) - 1) / GROWTH
        return start + int(span * u)

    drafts: list[_Draft] = []
    for n in range(entrepreneurs):
        newcomer = n < newcomers
        join = end - int(newcomer_window * rng.random()) if newcomer else founded()
        drafts.append(_entrepreneur(rng, world, join, (join - start) / max(1, span), newcomer))
    for _ in range(counts[Kind.INVESTOR]):
        drafts.append(_investor(rng, world, joined(1.4)))
    for _ in range(counts[Kind.POLICYMAKER]):
        drafts.append(_policymaker(rng, world, joined(1.6)))
    for n in range(counts[Kind.SUPPORT_ORGANISATION]):
        hub = n < hubs
        join = start + int(span * 0.1 * rng.random()) if hub else joined(1.3)
        drafts.append(_support(rng, world, join, hub=hub))
    for draft in drafts:
        draft.community = (world.nuts2.index(draft.nuts2) * len(world.sector_index)
                           + world.sector_index[draft.sectors[0]])
    return drafts


def _place(rng: random.Random, world: _World, region: str | None = None):
    region = region or world.nuts3.draw(rng)
    return region, world.parent[region], world.towns[region].draw(rng)


def _languages(rng: random.Random, world: _World, english: float) -> tuple[str, ...]:
    languages = ["el"]
    if rng.random() < english:
        languages.append("en")
    if world.languages and rng.random() < 0.1:
        languages.append(rng.choice(world.languages))
    return tuple(languages)


def _sectors(rng: random.Random, world: _World, primary: str) -> tuple[str, ...]:
    sectors = [primary]
    for chance in (0.45, 0.12):
        if rng.random() < chance:
            other = world.sector_draw.draw(rng)
            if other not in sectors:
                sectors.append(other)
    return tuple(sectors)


def _person(rng: random.Random) -> tuple[str, str, str]:
    """A first name, the surname in the matching gender, and the masculine surname."""
    female = rng.random() < 0.5
    first = rng.choice(_FIRST_NAMES[female])
    surname = rng.choice(_SURNAMES)
    return first, surname[female], surname[0]


def _epithet(rng: random.Random) -> str:
    return f"«{rng.choice(_EPITHETS)}»"


def _entrepreneur(rng: random.Random, world: _World, join: int, when: float,
                  newcomer: bool) -> _Draft:
    region, nuts2, town = _place(rng, world)
    draft = _Draft(Kind.ENTREPRENEUR, join, region, nuts2)
    draft.newcomer = newcomer
    form = _choice(rng, {f: spec[0] for f, spec in _LEGAL_FORMS.items()})
    category = _choice(rng, KOINSEP_CATEGORY_WEIGHTS) if form == LegalForm.KOINSEP else None
    # Early members of the platform are more often established; informal groups and newcomers
    # are just starting.
    if newcomer or form == LegalForm.INFORMAL_GROUP:
        stage = Stage.IDEA if rng.random() < 0.6 else Stage.FORMING
    else:
        stage = _choice(rng, {Stage.IDEA: 0.08 + 0.17 * when, Stage.FORMING: 0.12 + 0.15 * when,
                              Stage.OPERATING: 0.55 - 0.15 * when,
                              Stage.SCALING: 0.25 - 0.17 * when})
    implied = world.known_sectors(_FORM_SECTORS.get(category) or _FORM_SECTORS.get(form) or {})
    primary = _choice(rng, implied) if implied else world.sector_draw.draw(rng)
    sectors = _sectors(rng, world, primary)

    need_weights = dict(_NEEDS_BY_STAGE[stage])
    for key in (form, category):
        for code, weight in _FORM_NEEDS.get(key, {}).items():
            need_weights[code] = need_weights.get(code, 0) + weight
    needs = tuple(_distinct(rng, world.known_topics(need_weights), rng.randint(2, 5)))
    funding = None
    if any(code.startswith("financing.") for code in needs):
        funding = _round_to(_log_uniform(rng, *_FUNDING_BY_STAGE[stage]), 1_000)
    offers: tuple[str, ...] = ()
    if stage in (Stage.OPERATING, Stage.SCALING) and rng.random() < _PEER_OFFER_SHARE:
        choices = {c: w for c, w in world.known_topics(_PEER_OFFERS).items() if c not in needs}
        offers = tuple(_distinct(rng, choices, rng.randint(1, 3)))
    low, high = _LEGAL_FORMS[form][3]
    if category in (KoinsepCategory.INTEGRATION_VULNERABLE, KoinsepCategory.INTEGRATION_SPECIAL):
        low = max(low, 7)  # DOMAIN.md: 7 founding members for an integration KoinSEp
    members = int(_log_uniform(rng, low, high * (1.5 if stage == Stage.SCALING else 1.0)))

    concept = rng.choice(_CONCEPTS.get(primary, ("Κοινωνική Οικονομία",)))
    what = rng.choice((f"{concept} {town.genitive}", f"{_epithet(rng)} {town.genitive}",
                       f"{concept} {_epithet(rng)}", f"{concept} {_epithet(rng)} {town.genitive}"))
    if form == LegalForm.ENERGY_COMMUNITY and rng.random() < 0.6:
        what = town.genitive
    name = _LEGAL_FORMS[form][2].format(what=what)
    kind_text = _LEGAL_FORMS[form][1]
    if category is not None:
        kind_text += f" {_KOINSEP_TEXT[category]}"
    sector_text = ", ".join(world.sector_names[s].lower() for s in sectors)
    description = (f"{kind_text} με δραστηριότητα στους τομείς: {sector_text}. "
                   f"Έδρα: {town.municipality}. {_STAGE_TEXT[stage]}")

    draft.sectors, draft.needs, draft.offers = sectors, needs, offers
    draft.stage, draft.funding = stage, funding
    draft.fitness = _pareto_fitness(rng) * (0.6, 0.8, 1.2, 1.6)[_STAGE_RANK[stage]]
    draft.fields = dict(
        name=name, description=description, municipality=town.name, sectors=sectors,
        languages=_languages(rng, world, 0.55), needs=needs, offers=offers,
        capacity=rng.randint(1, 3) if "training.mentoring" in offers else None,
        legal_form=form, koinsep_category=category, stage=stage, members=members,
        funding_sought=funding)
    return draft


def _investor(rng: random.Random, world: _World, join: int) -> _Draft:
    kind = _choice(rng, {t: spec[0] for t, spec in _INVESTOR_TYPES.items()})
    _, instrument_sets, (low, high), regional, extra_offers, kind_text = _INVESTOR_TYPES[kind]
    region, nuts2, town = _place(rng, world)
    draft = _Draft(Kind.INVESTOR, join, region, nuts2)
    instruments = rng.choice(instrument_sets)
    # Tickets are whole thousands inside the type's range, the maximum well above the minimum.
    ticket_min = min(high // 4, max(low, _round_to(low * rng.uniform(1.0, 3.0), 1_000)))
    ticket_max = max(ticket_min * 2, min(high, _round_to(high * rng.uniform(0.35, 1.0), 1_000)))
    offers = [f"financing.{i.value}" for i in instruments]
    offers += [code for code, chance in extra_offers.items()
               if code in world.topics and rng.random() < chance]
    sectors = tuple(_distinct(rng, {s: _SECTOR_WEIGHTS.get(s, 1) for s in world.sectors},
                              rng.randint(1, 4)))
    focus = nuts2 if rng.random() < regional else None

    epithet = _epithet(rng)
    periphery = world.periphery_genitive(nuts2)
    if kind == InvestorType.ETHICAL_BANK:
        name = rng.choice((f"Ηθική Τράπεζα {epithet}", f"Ταμείο Ηθικής Πίστης {periphery}"))
    elif kind == InvestorType.COOPERATIVE_BANK:
        name = f"Συνεταιριστική Τράπεζα {town.genitive}"
    elif kind == InvestorType.IMPACT_FUND:
        name = rng.choice((f"Ταμείο Κοινωνικού Αντικτύπου {epithet}",
                           f"Επενδύσεις Κοινωνικού Αντικτύπου {epithet} {town.genitive}"))
    elif kind == InvestorType.CROWDFUNDING_PLATFORM:
        name = f"Πλατφόρμα Συμμετοχικής Χρηματοδότησης {epithet}"
    elif kind == InvestorType.PUBLIC_FUND:
        name = (f"Ταμείο Κοινωνικής Οικονομίας Περιφέρειας {periphery}" if focus
                else rng.choice(("Εθνικό Ταμείο Κοινωνικής Οικονομίας",
                                 "Πρόγραμμα Επιχορήγησης Φορέων ΚΑλΟ",
                                 "Ταμείο Κοινωνικής Καινοτομίας")) + f" {epithet}")
    elif kind == InvestorType.FOUNDATION:
        _, _, surname = _person(rng)
        genitive = surname[:-2] + "ου" if surname.endswith("ος") else surname.rstrip("ς")
        name = rng.choice((f"Ίδρυμα {genitive}", f"Κοινωφελές Ίδρυμα {epithet}"))
    elif kind == InvestorType.BUSINESS_ANGEL:
        first, surname, _ = _person(rng)
        name = (f"{first} {surname}" if rng.random() < 0.7
                else f"Δίκτυο Επιχειρηματικών Αγγέλων {town.genitive}")
    else:
        name = f"Φορέας Μικροχρηματοδοτήσεων {epithet}"
    instrument_text = ", ".join(_INSTRUMENT_TEXT[i] for i in instruments)
    description = (f"{kind_text} που χρηματοδοτεί φορείς ΚΑλΟ με {instrument_text}, "
                   f"από {ticket_min:,} έως {ticket_max:,} €.").replace(",", ".")
    if focus:
        description += f" Εστιάζει στην Περιφέρεια {periphery}."

    draft.sectors, draft.offers, draft.focus_nuts2 = sectors, tuple(offers), focus
    draft.tickets, draft.instruments = (ticket_min, ticket_max), instruments
    draft.investor_stages = tuple(s for s in _STAGES
                                  if any(s in _INSTRUMENT_STAGES[i] for i in instruments))
    draft.fitness = _pareto_fitness(rng) * 1.2
    draft.fields = dict(
        name=name, description=description, municipality=town.name, sectors=sectors,
        languages=_languages(rng, world, 0.9), offers=tuple(offers), instruments=instruments,
        ticket_min=ticket_min, ticket_max=ticket_max, organisation_type=kind.value)
    return draft


def _policymaker(rng: random.Random, world: _World, join: int) -> _Draft:
    level = _choice(rng, _LEVEL_WEIGHTS)
    if level == PolicyLevel.NATIONAL:
        ministry, areas = rng.choice(_MINISTRIES)
        region, nuts2, town = _place(rng, world, _CAPITAL if _CAPITAL in world.parent else None)
        if "—" not in ministry and rng.random() < 0.6:
            ministry += f" — {rng.choice(_MINISTRY_UNITS)}"
        name, jurisdiction = ministry, "EL"
        areas = tuple(a for a in areas if a in world.sector_index)
        description = "Υπουργείο με αρμοδιότητα σε πολιτικές για την Κοινωνική Οικονομία."
    elif level == PolicyLevel.REGIONAL:
        nuts2 = world.periphery.draw(rng)
        region, nuts2, town = _place(rng, world, world.seat(nuts2))
        periphery = world.periphery_genitive(nuts2)
        name = f"Περιφέρεια {periphery} — {rng.choice(_REGIONAL_UNITS)}"
        jurisdiction, areas = nuts2, ()
        description = f"Περιφερειακή αρχή· χαράσσει πολιτικές ΚΑλΟ στην Περιφέρεια {periphery}."
    else:
        region, nuts2, town = _place(rng, world)
        name = town.municipality
        if rng.random() < 0.7:
            name += f" — {rng.choice(_MUNICIPAL_UNITS)}"
        jurisdiction, areas = region, ()
        description = ("Δημοτική αρχή· στηρίζει την Κοινωνική Οικονομία στον Δήμο "
                       f"{town.municipality.removeprefix('Δήμος ')}.")
    if not areas:
        areas = tuple(_distinct(rng, {s: _SECTOR_WEIGHTS.get(s, 1) for s in world.sectors},
                                rng.randint(1, 4)))
    draft = _Draft(Kind.POLICYMAKER, join, region, nuts2)
    draft.sectors = areas
    draft.fitness = _pareto_fitness(rng) * 1.5
    draft.fields = dict(
        name=name, description=description, municipality=town.name,
        languages=_languages(rng, world, 0.7), level=level, jurisdiction=jurisdiction,
        policy_areas=areas)
    return draft


def _support(rng: random.Random, world: _World, join: int, *, hub: bool) -> _Draft:
    kind = SupportType.SSE_SUPPORT_CENTRE if hub else _choice(
        rng, {t: spec[0] for t, spec in _SUPPORT_TYPES.items()})
    _, offer_weights, (fewest, most), (low, high), kind_text = _SUPPORT_TYPES[kind]
    if hub:
        # National hubs sit in Athens or Thessaloniki and offer nearly everything.
        seat = "EL303" if rng.random() < 0.7 else "EL522"
        region, nuts2, town = _place(rng, world, seat if seat in world.parent else None)
        offer_weights = {**_SUPPORT_TYPES[SupportType.INCUBATOR][1], **offer_weights}
        fewest, most, low, high = 12, 16, 150, 400
    else:
        region, nuts2, town = _place(rng, world)
    offers = _distinct(rng, world.known_topics(offer_weights), rng.randint(fewest, most))
    if hub or (rng.random() < 0.5 and "training.mentoring" in world.topics):
        offers = ["training.mentoring"] + [o for o in offers if o != "training.mentoring"]
    if not any(o.startswith(("consulting.", "training.")) for o in offers):
        offers.append("training.mentoring")
    sectors = tuple(_distinct(rng, {s: _SECTOR_WEIGHTS.get(s, 1) for s in world.sectors},
                              rng.randint(1, 3)))

    epithet = _epithet(rng)
    periphery = world.periphery_genitive(nuts2)
    if hub:
        name = rng.choice((f"Πανελλαδικό Δίκτυο Στήριξης Κοινωνικής Οικονομίας {epithet}",
                           f"Εθνικός Κόμβος Κοινωνικής και Αλληλέγγυας Οικονομίας {epithet}"))
        kind_text = "Πανελλαδικός κόμβος στήριξης της ΚΑλΟ"
    elif kind == SupportType.SSE_SUPPORT_CENTRE:
        name = rng.choice((f"Κέντρο Στήριξης ΚΑλΟ {periphery}",
                           f"Κέντρο Στήριξης ΚΑλΟ {town.genitive}",
                           f"Φορέας Στήριξης ΚΑλΟ {epithet} {town.genitive}",
                           f"Φορέας Στήριξης ΚΑλΟ {epithet}"))
    elif kind == SupportType.INCUBATOR:
        name = rng.choice((f"Θερμοκοιτίδα Κοινωνικής Επιχειρηματικότητας {town.genitive}",
                           f"Κόμβος Καινοτομίας {epithet}"))
    elif kind == SupportType.UNIVERSITY:
        university = rng.choice(_UNIVERSITIES.get(nuts2, _UNIVERSITIES["EL30"]))
        unit = rng.choice(("Εργαστήριο Κοινωνικής Οικονομίας", "Γραφείο Διασύνδεσης",
                           "Μονάδα Καινοτομίας και Επιχειρηματικότητας",
                           "Κέντρο Επιμόρφωσης και Δια Βίου Μάθησης",
                           "Τμήμα Οικονομικών Επιστημών", "Τμήμα Κοινωνικής Εργασίας",
                           "Τμήμα Διοίκησης Επιχειρήσεων", "Τμήμα Κοινωνικής Πολιτικής",
                           "Τμήμα Πληροφορικής", "Τμήμα Γεωπονίας",
                           "Ερευνητικό Κέντρο Συνεργατικής Οικονομίας"))
        name = f"{university} — {unit}"
    elif kind == SupportType.NGO:
        name = rng.choice((f"ΜΚΟ {epithet}", f"Δίκτυο Αλληλεγγύης {town.genitive}",
                           f"Οργάνωση Κοινωνικής Παρέμβασης {epithet}"))
    elif kind == SupportType.TRAINER:
        first, surname, _ = _person(rng)
        name = rng.choice((f"Κέντρο Δια Βίου Μάθησης {epithet}",
                           f"{first} {surname} — Εκπαίδευση Ενηλίκων"))
    elif kind == SupportType.CONSULTANCY:
        _, _, surname = _person(rng)
        _, _, partner = _person(rng)
        name = rng.choice((f"{surname} & Συνεργάτες — Σύμβουλοι Κοινωνικής Οικονομίας",
                           f"{surname} – {partner} Σύμβουλοι Επιχειρήσεων",
                           f"Σύμβουλοι Συνεργατικής Επιχειρηματικότητας {epithet}",
                           f"Σύμβουλοι Συνεργατικής Επιχειρηματικότητας {town.genitive}"))
    else:
        name = f"Συνεργατικός Χώρος {epithet} {town.genitive}"
    topic_text = ", ".join(world.topics[o].name_el or world.topics[o].name_en
                           for o in offers[:3]).lower()
    description = f"{kind_text}. Προσφέρει, μεταξύ άλλων: {topic_text}."

    draft = _Draft(Kind.SUPPORT_ORGANISATION, join, region, nuts2)
    draft.hub = hub
    draft.sectors, draft.offers = sectors, tuple(offers)
    draft.fitness = _pareto_fitness(rng) * 2.0
    draft.fields = dict(
        name=name, description=description, municipality=town.name, sectors=sectors,
        languages=_languages(rng, world, 0.8), offers=tuple(offers),
        capacity=rng.randint(low, high), organisation_type=kind.value)
    return draft


_EXTERNAL_PREFIX = {Kind.ENTREPRENEUR: "ENT", Kind.INVESTOR: "INV", Kind.POLICYMAKER: "POL",
                    Kind.SUPPORT_ORGANISATION: "SUP"}


# uuid.UUID(int=..., version=4) clears these bits and sets the RFC 4122 variant and version 4.
_UUID_KEEP = ~((0xC000 << 48) | (0xF000 << 64))
_UUID_SET = (0x8000 << 48) | (4 << 76)


def _uuid4_hex(rng: random.Random) -> str:
    """``uuid.UUID(int=rng.getrandbits(128), version=4).hex``, four times faster."""
    return "%032x" % (rng.getrandbits(128) & _UUID_KEEP | _UUID_SET)


def _build_stakeholders(rng: random.Random, drafts: list[_Draft], end: date):
    """Stakeholders in order of joining; ids and external ids are numbered in that order."""
    moments = []
    for draft in drafts:
        # Stakeholders register in the morning and ties are recorded in the afternoon, so a tie
        # made on a stakeholder's first day is still created after it.
        moments.append(datetime.fromordinal(draft.join).replace(
            hour=rng.randint(8, 11), minute=rng.randint(0, 59), second=rng.randint(0, 59),
            tzinfo=UTC))
    order = sorted(range(len(drafts)), key=lambda i: (moments[i], i))
    numbers = dict.fromkeys(_EXTERNAL_PREFIX, 0)
    names: dict[str, int] = {}
    last = datetime(end.year, end.month, end.day, 23, 59, 59, tzinfo=UTC)
    ids = [""] * len(drafts)
    stakeholders = []
    for i in order:
        draft = drafts[i]
        ids[i] = _uuid4_hex(rng)
        numbers[draft.kind] += 1
        external_id = f"DEMO-{_EXTERNAL_PREFIX[draft.kind]}-{numbers[draft.kind]:06d}"
        created = moments[i]
        updated = created
        if rng.random() < 0.3:
            updated = min(last, created + timedelta(days=rng.randint(0, 365),
                                                    hours=rng.randint(0, 6)))
        nuts2 = draft.nuts2
        area = _PERIPHERIES.get(nuts2, ("", "", "21"))[2]
        digits = f"{area}{rng.randrange(10**8):08d}"
        discoverable = rng.random() < DISCOVERABLE_SHARE
        sharing = rng.random() < CONTACT_SHARING_SHARE
        slug = external_id.lower()
        fields = draft.fields
        name = _unique_name(names, fields["name"])
        stakeholders.append(Stakeholder(
            id=ids[i], kind=draft.kind, region=draft.region, external_id=external_id,
            discoverable=discoverable, discoverable_at=created if discoverable else None,
            contact_sharing=sharing, contact_sharing_at=created if sharing else None,
            email=f"contact-{slug}@example.org" if rng.random() < 0.9 else None,
            phone=f"+30 {digits[:3]} {digits[3:]}" if rng.random() < 0.7 else None,
            website=(f"https://{slug}.example.org"
                     if draft.kind != Kind.ENTREPRENEUR or rng.random() < 0.3 else None),
            created_at=created, updated_at=updated, **{**fields, "name": name}))
    return stakeholders, ids


def _unique_name(used: dict[str, int], name: str) -> str:
    """``name``, numbered from its second use on, so that search results can be told apart."""
    count = used.get(name, 0)
    while True:
        count += 1
        candidate = name if count == 1 else f"{name} ({count})"
        if candidate not in used:
            used[name] = count
            used[candidate] = max(1, used.get(candidate, 0))
            return candidate


# --- ties ---------------------------------------------------------------------------------------


class _TieMaker:
    """Ties as columns of integers while they are made; domain objects only at the end."""

    def __init__(self, rng: random.Random, drafts: list[_Draft], end: int):
        self.rng = rng
        self.drafts = drafts
        self.n = len(drafts)
        self.end = end
        self.join = [d.join for d in drafts]
        self.types = array("b")
        self.sources = array("l")
        self.targets = array("l")
        self.since = array("l")
        self.extras: list = []
        self.keys: set[int] = set()
        self.degree = array("l", [0]) * self.n
        self.active = [i for i, d in enumerate(drafts) if not d.newcomer]
        self.everyone = _Weighted(self.active, [drafts[i].fitness for i in self.active])
        self.community = [d.community for d in drafts]
        by_community: dict[int, list[int]] = {}
        by_region: dict[str, list[int]] = {}
        for i in self.active:
            by_community.setdefault(self.community[i], []).append(i)
            by_region.setdefault(drafts[i].nuts2, []).append(i)
        self.in_community = {c: _Weighted(m, [drafts[i].fitness for i in m])
                             for c, m in by_community.items()}
        self.in_region = {r: _Weighted(m, [drafts[i].fitness for i in m])
                          for r, m in by_region.items()}
        # Ends of the ties made so far, by community: drawing from it is preferential attachment.
        self.ends: dict[int, list[int]] = {}
        self.wanted = 0
        self.mean_lag = max(1.0, (end - min(self.join, default=end)) * MEAN_LAG_SHARE)

    def __len__(self) -> int:
        return len(self.types)

    def lag(self, after: int, *, censored: bool = True) -> int | None:
        """A start date an exponential delay after ``after``; None when it falls after ``end``.

        A tie that would begin after ``end`` has not happened yet, so the caller draws another
        pair: stakeholders who joined late have had less time to make ties, and the ties do not
        pile up on the last days. Uncensored, the delay is drawn cut off at ``end`` instead.
        """
        rng, mean = self.rng, self.mean_lag
        if censored:
            since = after + int(rng.expovariate(1.0 / mean))
            return since if since <= self.end else None
        room = self.end - after
        if room <= 0:
            return after
        cut = 1.0 - math.exp(-room / mean)
        return after + int(-mean * math.log(1.0 - rng.random() * cut))

    def add(self, code: int, source: int, target: int, since: int | None, extra=None) -> bool:
        if source == target or since is None:
            return False
        low, high = source, target
        if code in (_KNOWS, _PARTNERS) and low > high:
            low, high = high, low
        key = (code * self.n + low) * self.n + high
        if key in self.keys:
            return False
        self.keys.add(key)
        self.degree[source] += 1
        self.degree[target] += 1
        self.types.append(code)
        self.sources.append(source)
        self.targets.append(target)
        self.since.append(since)
        self.extras.append(extra)
        return True

    def run(self, wanted: int) -> None:
        self.wanted = wanted
        if len(self.active) < 2 or wanted <= 0:
            return
        budget = {name: int(share * wanted) for name, share in TIE_BUDGET}
        steps = (("knows", self.social), ("partners", self.partners),
                 ("supported", self.supported), ("hubs", self.hubs), ("funded", self.funded),
                 ("mentors", self.mentors))
        for name, step in steps:
            step(min(budget[name], wanted - len(self)))
        self.anchor(wanted - len(self))
        self.closure(min(budget["closure"], wanted - len(self)))
        self.top_up(wanted)

    # Each step makes up to ``quota`` ties and gives up after a bounded number of draws, so that a
    # crowded small ecosystem cannot loop for ever; ``top_up`` makes up the difference.

    def social(self, quota: int, code: int = _KNOWS, inside: float = 0.72,
               region: float = 0.16) -> None:
        rng, drafts, join = self.rng, self.drafts, self.join
        everyone, in_community, in_region = self.everyone, self.in_community, self.in_region
        community, ends = self.community, self.ends
        made = draws = 0
        while made < quota and draws < 5 * quota + 100:
            draws += 1
            u = everyone.draw(rng)
            r = rng.random()
            c = community[u]
            if r < inside and len(in_community[c]) > 1:
                seen = ends.get(c)
                v = (seen[int(rng.random() * len(seen))]
                     if seen and rng.random() < PREFERENTIAL_SHARE else in_community[c].draw(rng))
            elif r < inside + region:
                v = in_region[drafts[u].nuts2].draw(rng)
            else:
                v = everyone.draw(rng)
            same = community[v] == c
            extra = None
            if code == _KNOWS:
                cumulative = _CLOSE if same else _DISTANT
                extra = bisect_right(cumulative, rng.random() * cumulative[-1]) + 1
            if self.add(code, u, v, self.lag(max(join[u], join[v])), extra):
                made += 1
                ends.setdefault(c, []).append(u)
                ends.setdefault(community[v], []).append(v)

    def partners(self, quota: int) -> None:
        self.social(quota, _PARTNERS, inside=0.8, region=0.14)

    def anchor(self, quota: int) -> None:
        """One KNOWS tie for each stakeholder left without any, so only newcomers are isolated.

        The draws leave a few stakeholders with a low fitness or a late start alone; in a real
        ecosystem whoever registered through a coordinator knows at least that coordinator's
        network. Uncensored, as that first tie is known to exist.
        """
        rng, drafts, join, degree = self.rng, self.drafts, self.join, self.degree
        made = 0
        for u in self.active:
            if made >= quota:
                return
            if degree[u]:
                continue
            for _ in range(10):
                c = self.community[u]
                pool = self.in_community[c] if len(self.in_community[c]) > 1 else \
                    self.in_region[drafts[u].nuts2]
                if len(pool) < 2:
                    pool = self.everyone
                v = pool.draw(rng)
                since = self.lag(max(join[u], join[v]), censored=False)
                if self.add(_KNOWS, u, v, since, 2):
                    made += 1
                    break

    def closure(self, quota: int) -> None:
        """KNOWS between two people who share an acquaintance, after both ties began."""
        rng, types, sources, targets, since = (self.rng, self.types, self.sources, self.targets,
                                               self.since)
        social = [t for t in range(len(types)) if types[t] in (_KNOWS, _PARTNERS)]
        if not social:
            return
        around: list[list[int]] = [[] for _ in range(self.n)]
        for t in social:
            around[sources[t]].append(t)
            around[targets[t]].append(t)
        made = draws = 0
        while made < quota and draws < 5 * quota + 100:
            draws += 1
            first = social[int(rng.random() * len(social))]
            a, b = sources[first], targets[first]
            if rng.random() < 0.5:
                a, b = b, a
            near = around[b]
            second = near[int(rng.random() * len(near))]
            c = sources[second] if targets[second] == b else targets[second]
            strength = bisect_right(_INTRODUCED, rng.random() * _INTRODUCED[-1]) + 1
            if self.add(_KNOWS, a, c, self.lag(max(since[first], since[second])), strength):
                made += 1

    def supported(self, quota: int) -> None:
        """Support organisations help entrepreneurs with a topic they need, mostly nearby."""
        rng, drafts, join = self.rng, self.drafts, self.join
        by_place: dict[tuple, list[int]] = {}
        for i in self.active:
            d = drafts[i]
            if d.kind == Kind.SUPPORT_ORGANISATION and not d.hub:
                for topic in d.offers:
                    for place in (d.region, d.nuts2, ""):
                        by_place.setdefault((place, topic), []).append(i)
        offered = {topic for _, topic in by_place}
        pools = {key: _Weighted(m, [drafts[i].fitness for i in m]) for key, m in by_place.items()}
        seekers = [i for i in self.active if drafts[i].kind == Kind.ENTREPRENEUR
                   and any(t in offered for t in drafts[i].needs)]
        if not seekers:
            return
        seeker = _Weighted(seekers, [drafts[i].fitness for i in seekers])
        made = draws = 0
        while made < quota and draws < 5 * quota + 100:
            draws += 1
            e = seeker.draw(rng)
            d = drafts[e]
            topic = rng.choice([t for t in d.needs if t in offered])
            r = rng.random()
            place = d.region if r < 0.55 else d.nuts2 if r < 0.85 else ""
            pool = pools.get((place, topic)) or pools.get((d.nuts2, topic)) or pools[("", topic)]
            org = pool.draw(rng)
            if self.add(_SUPPORTED, org, e, self.lag(max(join[org], join[e])), topic):
                made += 1

    def hubs(self, quota: int) -> None:
        """National hubs support and know stakeholders all over the country."""
        rng, drafts, join = self.rng, self.drafts, self.join
        hubs = [i for i in self.active if drafts[i].hub]
        if not hubs:
            return
        each = max(MIN_HUB_TIES, quota // len(hubs))
        for h in hubs:
            offers = set(drafts[h].offers)
            made = draws = 0
            while made < each and draws < 5 * each + 100 and len(self) < self.wanted:
                draws += 1
                v = self.everyone.draw(rng)
                d = drafts[v]
                topics = [t for t in d.needs if t in offers] if d.kind == Kind.ENTREPRENEUR else []
                since = self.lag(max(join[h], join[v]))
                if topics and rng.random() < 0.6:
                    ok = self.add(_SUPPORTED, h, v, since, rng.choice(topics))
                else:
                    ok = self.add(_KNOWS, h, v, since, rng.choices((1, 2, 3), (3, 2, 1))[0])
                made += ok

    def funded(self, quota: int) -> None:
        """Investors fund ventures that fit their focus, and what their co-investors fund.

        Three habits make funding predictable: an investor's deal flow is the ventures of its
        sectors, stages (those its instruments suit) and region; ventures that others funded
        draw more money (syndicates); and an investor follows its co-investors, funding what
        they funded (the investor → venture ← co-investor → venture path closes).
        """
        rng, drafts, join, since = self.rng, self.drafts, self.join, self.since
        investors = [i for i in self.active if drafts[i].kind == Kind.INVESTOR]
        by_focus: dict[tuple, list[int]] = {}
        for i in self.active:
            d = drafts[i]
            if d.kind == Kind.ENTREPRENEUR and d.funding is not None:
                for sector in d.sectors:
                    by_focus.setdefault((None, sector, d.stage), []).append(i)
                    by_focus.setdefault((d.nuts2, sector, d.stage), []).append(i)
        flows: dict[int, _Weighted] = {}
        for i in investors:
            d = drafts[i]
            keys = [key for s in d.sectors for stage in d.investor_stages
                    if (key := (d.focus_nuts2, s, stage)) in by_focus]
            if keys:
                flows[i] = _Weighted(keys, [len(by_focus[key]) for key in keys])
        if not flows:
            return
        funders = list(flows)
        activity = _Weighted(funders, [drafts[i].fitness for i in funders])
        funded_in: dict[tuple, list[int]] = {}  # deal-flow key -> a venture for each deal
        deals: dict[int, list[tuple[int, int]]] = {}  # investor -> (venture, tie)
        backers: dict[int, list[tuple[int, int]]] = {}  # venture -> (investor, tie)
        made = draws = 0
        while made < quota and draws < 6 * quota + 100:
            draws += 1
            investor = activity.draw(rng)
            stages = drafts[investor].investor_stages
            floor, key, venture = 0, None, -1
            own = deals.get(investor)
            if own and rng.random() < CO_INVESTMENT_SHARE:
                for _ in range(4):
                    known, t1 = own[int(rng.random() * len(own))]
                    others = backers[known]
                    co, t2 = others[int(rng.random() * len(others))]
                    if co == investor:
                        continue
                    their = deals[co]
                    candidate, t3 = their[int(rng.random() * len(their))]
                    if drafts[candidate].stage in stages:
                        venture, floor = candidate, max(since[t1], since[t2], since[t3])
                        break
            if venture < 0:
                key = flows[investor].draw(rng)
                popular = funded_in.get(key)
                pool = popular if popular and rng.random() < SYNDICATE_SHARE else by_focus[key]
                venture = pool[int(rng.random() * len(pool))]
            d, v = drafts[investor], drafts[venture]
            wanted = [i for i in d.instruments if f"financing.{i.value}" in v.needs]
            instrument = rng.choice(wanted or d.instruments)
            low, high = d.tickets
            asked = (v.funding or low) * rng.uniform(0.4, 1.0)
            amount = float(min(high, max(low, _round_to(asked, 500))))
            start = self.lag(max(join[investor], join[venture], floor))
            if self.add(_FUNDED, investor, venture, start, (amount, instrument)):
                made += 1
                tie = len(self) - 1
                deals.setdefault(investor, []).append((venture, tie))
                backers.setdefault(venture, []).append((investor, tie))
                if key is not None:
                    funded_in.setdefault(key, []).append(venture)

    def mentors(self, quota: int) -> None:
        """Experienced stakeholders mentor newer entrepreneurs of their sector or region."""
        rng, drafts, join = self.rng, self.drafts, self.join
        pools: dict[object, list[int]] = {}
        for i in self.active:
            d = drafts[i]
            mentoring = "training.mentoring" in d.offers
            if d.kind == Kind.ENTREPRENEUR:
                if d.stage not in (Stage.OPERATING, Stage.SCALING):
                    continue
                copies = 3 if mentoring else 1
            elif d.kind in (Kind.SUPPORT_ORGANISATION, Kind.INVESTOR) and mentoring:
                copies = 2
            else:
                continue
            # Listing a mentor more than once makes it more likely to be drawn.
            for key in (self.community[i], d.nuts2, d.sectors[0]):
                pools.setdefault(key, []).extend([i] * copies)
        mentees = [i for i in self.active if drafts[i].kind == Kind.ENTREPRENEUR
                   and drafts[i].stage != Stage.SCALING]
        if not pools or not mentees:
            return
        mentee_draw = _Weighted(mentees, [drafts[i].fitness * (3, 3, 1, 0)[_STAGE_RANK[
            drafts[i].stage]] for i in mentees])
        made = draws = 0
        while made < quota and draws < 5 * quota + 100:
            draws += 1
            e = mentee_draw.draw(rng)
            d = drafts[e]
            r = rng.random()
            key = self.community[e] if r < 0.55 else d.nuts2 if r < 0.8 else d.sectors[0]
            pool = pools.get(key) or pools.get(d.nuts2) or pools.get(d.sectors[0])
            if not pool:
                continue
            m = pool[int(rng.random() * len(pool))]
            if (drafts[m].kind == Kind.ENTREPRENEUR
                    and _STAGE_RANK[drafts[m].stage] <= _STAGE_RANK[d.stage]):
                continue
            if self.add(_MENTORS, m, e, self.lag(max(join[m], join[e]))):
                made += 1

    def top_up(self, wanted: int) -> None:
        """Make up any shortfall with KNOWS ties, then PARTNERS_WITH, drawn or enumerated."""
        if len(self) >= wanted:
            return
        self.social(wanted - len(self), inside=0.5, region=0.2)
        for code in (_KNOWS, _PARTNERS):
            if len(self) >= wanted:
                return
            self.social(wanted - len(self), code, inside=0.3, region=0.2)
        if len(self) >= wanted or len(self.active) > 2_000:
            return
        # Small and crowded: list every pair still free, in a seeded order.
        rng, join = self.rng, self.join
        for code in (_KNOWS, _PARTNERS):
            free = [(a, b) for x, a in enumerate(self.active) for b in self.active[x + 1:]
                    if (code * self.n + a) * self.n + b not in self.keys]
            rng.shuffle(free)
            for a, b in free[:wanted - len(self)]:
                self.add(code, a, b, self.lag(max(join[a], join[b]), censored=False),
                         rng.randint(1, 3) if code == _KNOWS else None)

    def build(self, ids: list[str], rng: random.Random) -> list[Tie]:
        """The ties as domain objects, in order of ``since`` (then of making)."""
        self.keys = set()  # no longer needed: free it before the objects are made
        types, sources, targets, since, extras = (self.types, self.sources, self.targets,
                                                  self.since, self.extras)
        days: dict[int, tuple[date, datetime]] = {}
        ties = []
        append = ties.append
        getrandbits = rng.getrandbits
        for t in sorted(range(len(types)), key=since.__getitem__):
            day = since[t]
            if day not in days:
                moment = datetime.fromordinal(day).replace(
                    hour=12 + day % 8, minute=(day * 7) % 60, tzinfo=UTC)
                days[day] = (moment.date(), moment)
            when, moment = days[day]
            code, extra = types[t], extras[t]
            strength = amount = instrument = topic = None
            if code == _KNOWS:
                strength = extra
            elif code == _FUNDED:
                amount, instrument = extra
            elif code == _SUPPORTED:
                topic = extra
            append(Tie(id="%032x" % (getrandbits(128) & _UUID_KEEP | _UUID_SET),
                       type=_TIE_TYPES[code], source=ids[sources[t]], target=ids[targets[t]],
                       since=when, strength=strength, amount=amount, instrument=instrument,
                       topic=topic, created_at=moment, updated_at=moment))
        return ties
