// The network view (templates/network.html): draws the region's network with cytoscape.js
// from the page's JSON (data-source), colours it by community or kind as the legend's
// swatches are coloured in terr.css, finds a stakeholder by name through the server's search
// (data-search: Greeklish and all), and opens a stakeholder's page when its dot is clicked.
// Without scripts the page shows the same in text; nothing here is needed to read it.
"use strict";

(function () {
  const LAYOUT_ANIMATED_UP_TO = 300; // a force layout beyond this takes seconds: rings instead

  function swatchColours(legend, attribute) {
    const colours = {};
    for (const item of legend.querySelectorAll("li")) {
      const swatch = item.querySelector(".swatch");
      colours[item.dataset[attribute]] = getComputedStyle(swatch).backgroundColor;
    }
    return colours;
  }

  function colourKey(value) {
    return value === null || value === undefined ? "other" : String(value);
  }

  function elementsOf(data) {
    const nodes = data.nodes.map((node) => ({
      group: "nodes",
      data: {
        id: node.id, name: node.name, href: node.href, degree: node.degree,
        community: colourKey(node.community), kind: colourKey(node.kind),
      },
    }));
    const edges = data.ties.map((tie, i) => ({
      group: "edges", data: { id: "t" + i, source: tie.source, target: tie.target },
    }));
    return nodes.concat(edges);
  }

  function draw(container, data) {
    const communityLegend = document.getElementById("legend-community");
    const kindLegend = document.getElementById("legend-kind");
    const colours = {
      community: swatchColours(communityLegend, "community"),
      kind: swatchColours(kindLegend, "kind"),
    };
    const maxDegree = Math.max(1, ...data.nodes.map((node) => node.degree));
    container.hidden = false;
    const cy = cytoscape({
      container: container,
      elements: elementsOf(data),
      minZoom: 0.05,
      maxZoom: 4,
      style: [
        { selector: "node", style: {
          width: (n) => 8 + 22 * Math.sqrt(n.data("degree") / maxDegree),
          height: (n) => 8 + 22 * Math.sqrt(n.data("degree") / maxDegree),
          "background-color": (n) => colours.community[n.data("community")] ||
            colours.community.other,
          "border-width": 1, "border-color": "#ffffff",
        } },
        { selector: "node.by-kind", style: {
          "background-color": (n) => colours.kind[n.data("kind")] || colours.kind.other,
        } },
        { selector: "node:selected", style: {
          "border-width": 4, "border-color": "#1b1f23", label: "data(name)",
          "font-size": 14, "text-background-color": "#ffffff", "text-background-opacity": 1,
          "text-valign": "top", "z-index": 10,
        } },
        { selector: "edge", style: { width: 0.6, "line-color": "#9aa19a", opacity: 0.5 } },
      ],
      layout: data.nodes.length <= LAYOUT_ANIMATED_UP_TO
        ? { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 6000 }
        : { name: "concentric", concentric: (n) => n.data("degree"), levelWidth: () => 4,
          animate: false },
    });
    cy.on("tap", "node", (event) => {
      const href = event.target.data("href");
      if (href) {
        window.location.assign(href);
      }
    });
    for (const choice of document.querySelectorAll('input[name="colour"]')) {
      choice.addEventListener("change", () => {
        const byKind = choice.value === "kind" && choice.checked;
        cy.nodes().toggleClass("by-kind", byKind);
        kindLegend.hidden = !byKind;
        communityLegend.hidden = byKind;
      });
    }
    return cy;
  }

  function searchWith(cy, container, form) {
    const status = document.getElementById("search-result");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const url = new URL(container.dataset.search, window.location.href);
      url.searchParams.set("q", new FormData(form).get("q") || "");
      const answer = await fetch(url, { headers: { Accept: "application/json" } });
      const found = answer.ok ? await answer.json() : { found: [], names: [] };
      cy.nodes().unselect();
      if (!found.found.length) {
        status.textContent = container.dataset.foundNone;
        return;
      }
      const node = cy.getElementById(found.found[0]);
      node.select();
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.5) }, { duration: 300 });
      status.textContent = container.dataset.foundOne.replace("{name}", found.names[0]);
    });
  }

  async function start() {
    const container = document.getElementById("network-canvas");
    if (!container || typeof cytoscape !== "function") {
      return;
    }
    const answer = await fetch(container.dataset.source, { headers: { Accept: "application/json" } });
    if (!answer.ok) {
      return;
    }
    const cy = draw(container, await answer.json());
    window.syndesmosNetwork = cy; // for the browser tests, which check what was drawn
    const form = document.querySelector("form.network-search");
    if (form) {
      searchWith(cy, container, form);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
}());
