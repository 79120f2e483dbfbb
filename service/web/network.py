"""The network view of a region: an interactive drawing (cytoscape.js, ``static/network.js``)
of its most connected stakeholders, coloured by community or kind and searchable by name,
fed by a JSON answer of this module; and, for screen readers and browsers without scripts,
the same in text: counts by kind and community and a table of the most connected.

What is drawn and named follows :mod:`graph_models.use_cases.network_view`."""

from __future__ import annotations

from collections import Counter
from http import HTTPStatus

from flask import Response, jsonify, render_template, url_for
from marshmallow import Schema, fields, validate

from graph_models.domain.search_keys import MAX_QUERY_LENGTH
from graph_models.use_cases.network_view import (
    MAX_NODES,
    NetworkView,
    find_nodes,
    network_view,
)
from service.api.common import region_filter_field
from service.auth import current_actor
from service.extensions import reports
from service.i18n.labels import label
from service.i18n.locale import gettext
from service.web.forms import read_query
from service.web.scopes import page_status, region_choices, region_in_reach
from service.web.site import blp

MOST_CONNECTED_LISTED = 25


class NetworkQuerySchema(Schema):
    region = region_filter_field()
    as_of = fields.Date()
    q = fields.String(validate=validate.Length(max=MAX_QUERY_LENGTH))


def _view_asked() -> tuple[dict, NetworkView | None, dict[str, str], HTTPStatus]:
    """The query read, the view it asks for (None when refused), the errors by field and
    the answer's status."""
    actor = current_actor()
    asked, errors = read_query(NetworkQuerySchema())
    region, refused = region_in_reach(actor, asked.pop("region", None))
    errors.update(refused)
    asked["region"] = region
    if errors:
        return asked, None, errors, page_status(errors, refused)
    return asked, network_view(reports(), region=region, as_of=asked.get("as_of"),
                               limit=MAX_NODES, actor=actor), {}, HTTPStatus.OK


@blp.get("/network", endpoint="network")
def network_page():
    asked, view, errors, status = _view_asked()
    found = find_nodes(view, asked["q"]) if view and asked.get("q") else []
    scope = {"region": asked["region"], "as_of": asked.get("as_of")}
    page = render_template(
        "network.html", asked=asked, view=view, errors=errors, found=found,
        regions=region_choices(current_actor()), max_nodes=MAX_NODES,
        listed=MOST_CONNECTED_LISTED, by_kind=_counts(view, "kind"),
        by_community=_counts(view, "community"), named=any(n.name for n in view.nodes)
        if view else False, data_url=url_for("web.network_data", **scope),
        search_url=url_for("web.network_search", **scope))
    return Response(page, status)


@blp.get("/network/data.json", endpoint="network_data")
def network_data():
    _, view, errors, status = _view_asked()
    if view is None:
        return jsonify(errors=errors), status
    return jsonify(_drawing(view))


@blp.get("/network/search.json", endpoint="network_search")
def network_search():
    asked, view, errors, status = _view_asked()
    if view is None:
        return jsonify(errors=errors), status
    found = find_nodes(view, asked.get("q") or "")
    return jsonify(found=[_node_key(i) for i in found],
                   names=[view.nodes[i].name for i in found])


def _node_key(position: int) -> str:
    """A drawn node's key in the drawing: its position, which tells nothing about who it is."""
    return f"n{position}"


def _drawing(view: NetworkView) -> dict:
    """What network.js draws: the nodes (name, kind and its label, community, degree, a link
    when named) and the ties between them."""
    hidden = gettext("Kind hidden")
    page_of = url_for("web.stakeholder", stakeholder_id="-").removesuffix("-")  # one build
    return {
        "region": view.region, "as_of": view.as_of.isoformat() if view.as_of else None,
        "stakeholders": view.stakeholders, "drawable": view.drawable,
        "complete": view.complete,
        "nodes": [{"id": _node_key(i), "name": node.name, "kind": node.kind,
                   "kind_label": label("kind", node.kind) if node.kind else hidden,
                   "community": node.community, "degree": node.degree,
                   "href": page_of + node.id if node.id else None}
                  for i, node in enumerate(view.nodes)],
        "ties": [{"source": _node_key(u), "target": _node_key(v)} for u, v in view.pairs],
    }


def _counts(view: NetworkView | None, attribute: str) -> list[tuple[object, int]]:
    """How many drawn stakeholders have each kind or community (None: other), most first."""
    if view is None:
        return []
    counted = Counter(getattr(node, attribute) for node in view.nodes)
    return sorted(counted.items(), key=lambda item: (-item[1], str(item[0])))
