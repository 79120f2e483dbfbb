"""A small ecosystem of Attica for the territory, report and network pages' tests: two
cooperatives of Central Athens need a loan and a bank there lends; one needs accounting help,
which nobody offers; a support centre offers marketing; Thessaloniki has a cooperative too."""

from __future__ import annotations

from dataclasses import dataclass

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD

E, INV, S = Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION


@dataclass(frozen=True)
class Attica:
    ids: dict[str, str]  # by short name


def attica(app) -> Attica:
    """The ecosystem, written by the system; its stakeholders' ids by short name."""
    eco = use_cases(app).stakeholders
    people = {
        "kitchen": (E, "Κοιν.Σ.Επ. Κουζίνα Αλληλεγγύης", "EL303", {"needs": ["financing.loan"]}),
        "formula": (E, "=HYPERLINK(\"http://evil.example\")", "EL303",
                    {"needs": ["financing.loan"]}),
        "books": (E, "Συνεταιρισμός Βιβλία", "EL303", {"needs": ["consulting.accounting_tax"]}),
        "bank": (INV, "Συνεταιριστική Τράπεζα Αθήνας", "EL303", {"offers": ["financing.loan"]}),
        "centre": (S, "Κέντρο Στήριξης Ζύμη", "EL303", {"offers": ["consulting.marketing"]}),
        "north": (E, "Κοιν.Σ.Επ. Βορράς", "EL522", {"needs": ["financing.loan"]}),
    }
    ids = {short: eco.create_stakeholder({"kind": kind, "name": name, "region": region,
                                          "discoverable": True, **fields}).id
           for short, (kind, name, region, fields) in people.items()}
    for source, target, tie_type in (("bank", "centre", "KNOWS"), ("centre", "kitchen", "KNOWS"),
                                     ("centre", "books", "KNOWS")):
        eco.create_tie({"type": tie_type, "source": ids[source], "target": ids[target]})
    return Attica(ids)


def person(app, username: str, role: Role, **fields):
    """A user who signs in with :data:`PASSWORD`."""
    return make_user(app, username, role, password=PASSWORD, **fields)[0]
