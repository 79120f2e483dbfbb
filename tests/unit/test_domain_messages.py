"""Every message the domain refuses with is in the catalogues, so a Greek client reads it in
Greek: graph_models is read with ``ast`` for the texts written where InvalidInput, Conflict,
Forbidden, NotFound and Gone are made, and each must be matched by a catalogue entry
(service/i18n/domain_messages.py)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.i18n.catalogues import translations
from service.i18n.messages import catalogued, translate_message

DOMAIN = Path(__file__).resolve().parents[2] / "graph_models"
REFUSALS = {"InvalidInput", "Conflict", "Forbidden", "NotFound", "Gone"}
# What an f-string's value is taken to be: any text a template's placeholder may stand for.
VALUE = "v1"


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(DOMAIN.rglob("*.py"))]


def _named_texts(modules) -> dict[str, ast.expr]:
    """The module-level text constants (``IMPORT_REFUSED = "…"``) and the functions that return
    one text (``tie_write_refused``), by name, so that a refusal naming them is read too."""
    named: dict[str, ast.expr] = {}
    for _, module in modules:
        for node in module.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Constant | ast.JoinedStr)):
                named[node.targets[0].id] = node.value
            elif isinstance(node, ast.FunctionDef):
                returned = [n.value for n in ast.walk(node) if isinstance(n, ast.Return)]
                if len(returned) == 1 and isinstance(returned[0], ast.Constant | ast.JoinedStr):
                    named[node.name] = returned[0]
    return named


def _texts(node: ast.expr | None, named: dict[str, ast.expr]) -> Iterator[str]:
    """The texts ``node`` (a message, or the ``errors`` of a refusal) writes out, an f-string's
    values filled with VALUE; a text the domain only passes on (a variable) is not one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        literal = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        if re.search(r"[^\W\d_]", literal):  # "{k}: {v}" only joins what was said elsewhere
            yield "".join(part.value if isinstance(part, ast.Constant) else VALUE
                          for part in node.values)
    elif isinstance(node, ast.Name) and node.id in named:
        yield from _texts(named[node.id], named)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in named:
        yield from _texts(named[node.func.id], named)
    elif isinstance(node, ast.IfExp):
        yield from _texts(node.body, named)
        yield from _texts(node.orelse, named)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _texts(value, named)
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            yield from _texts(item, named)
    elif isinstance(node, ast.ListComp):
        yield from _texts(node.elt, named)
    elif isinstance(node, ast.DictComp):
        yield from _texts(node.value, named)


def domain_messages() -> list[tuple[str, str]]:
    """Each text a refusal in graph_models is made with, and where."""
    modules = _modules()
    named = _named_texts(modules)
    found = []
    for path, module in modules:
        for node in ast.walk(module):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in REFUSALS):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            message = node.args[0] if node.args else keywords.get("message")
            where = f"{path.relative_to(DOMAIN.parent)}:{node.lineno}"
            for part in (message, keywords.get("errors")):
                found += [(text, where) for text in _texts(part, named)]
    return found


MESSAGES = domain_messages()


def test_the_scan_finds_the_domains_refusals_and_the_messages_inside_their_errors():
    texts = {text for text, _ in MESSAGES}
    assert len(MESSAGES) > 200
    assert "the import has invalid lines; nothing was written" in texts  # a named constant
    assert f"no {VALUE} with id {VALUE}" in texts  # an f-string in a helper
    assert "changed meanwhile" in texts  # inside errors
    assert f"you may {VALUE} ties of your own or your territories' stakeholders only" in texts


@pytest.mark.parametrize(("text", "where"), MESSAGES, ids=[w for _, w in MESSAGES])
def test_every_domain_message_is_in_the_catalogues_in_greek(text, where):
    found = catalogued(text)
    assert found is not None, f"{where}: add {text!r} to service/i18n/domain_messages.py"
    message_id, _ = found
    assert translations("el").gettext(message_id) != message_id


def test_the_domains_own_words_in_a_message_are_translated_with_it():
    assert translate_message("no programme with id p1", locale="el") == (
        "δεν βρέθηκε πρόγραμμα καθοδήγησης με αναγνωριστικό p1")
    assert translate_message("your role may not create a stakeholder", locale="el") == (
        "ο ρόλος σας δεν επιτρέπει: δημιουργία (φορέας)")
    # A value the client sent is left as it was, even when it spells one of those words.
    assert translate_message("no user programme", locale="el") == (
        "δεν υπάρχει χρήστης programme")


def test_in_english_a_domain_message_reads_as_the_domain_wrote_it():
    assert translate_message("no tie with id t1", locale="en") == "no tie with id t1"
    assert translate_message("the tie breaks the domain's rules", locale="en") == (
        "the tie breaks the domain's rules")
