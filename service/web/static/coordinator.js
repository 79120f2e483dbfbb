// The coordinator's pages, enhanced: the directory keeps showing a refused filter's message when
// htmx replaces it, and a stakeholder's page draws its neighbourhood with cytoscape.js. Without
// this script the pages work as they are: the directory's form is sent, the ties are a table.
"use strict";

// htmx swaps no answer of an error status; a refused filter (422) is a page to show all the same.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// The colour of each kind, read from the legend's swatches: the stylesheet holds them once.
function kindColours(legend) {
  const colours = {};
  for (const swatch of legend.querySelectorAll("[data-kind]")) {
    colours[swatch.dataset.kind] = getComputedStyle(swatch).backgroundColor;
  }
  return colours;
}

function graphStyle(colours) {
  const ink = getComputedStyle(document.documentElement).getPropertyValue("--ink").trim() || "#1b1f23";
  return [
    { selector: "node", style: {
      "background-color": (node) => colours[node.data("kind")] || ink,
      "label": "data(name)", "color": ink, "font-size": 11, "text-wrap": "ellipsis",
      "text-max-width": 120, "text-valign": "bottom", "text-margin-y": 4,
      "width": 18, "height": 18 } },
    { selector: "node.center", style: { "width": 30, "height": 30, "border-width": 3,
      "border-color": ink, "font-weight": "bold" } },
    { selector: "edge", style: { "width": 1.5, "line-color": "#8a929a", "curve-style": "bezier" } },
  ];
}

async function drawNeighbourhood(container) {
  const legend = container.closest("figure").querySelector(".legend");
  let data;
  try {
    const answer = await fetch(container.dataset.url, { headers: { Accept: "application/json" } });
    if (!answer.ok) throw new Error(String(answer.status));
    data = await answer.json();
  } catch (error) {
    container.textContent = container.dataset.failed;
    return;
  }
  const elements = [
    ...data.nodes.map((node) => ({ data: node, classes: node.id === data.center ? "center" : "" })),
    ...data.edges.map((edge) => ({ data: edge })),
  ];
  const cy = cytoscape({
    container, elements, style: graphStyle(kindColours(legend)),
    layout: { name: "concentric", concentric: (node) => 10 - node.data("distance"),
              levelWidth: () => 1, minNodeSpacing: 24, animate: false },
    minZoom: 0.2, maxZoom: 1.5, wheelSensitivity: 0.3,
  });
  cy.on("tap", "node", (event) => { window.location.assign(event.target.data("url")); });
  cy.on("mouseover", "node", () => { container.classList.add("pointing"); });
  cy.on("mouseout", "node", () => { container.classList.remove("pointing"); });
  // What was drawn, for whoever checks the page (the browser tests).
  container.dataset.drawnNodes = String(cy.nodes().length);
  container.dataset.drawnEdges = String(cy.edges().length);
}

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("neighbourhood");
  if (container && typeof cytoscape === "function") drawNeighbourhood(container);
});
