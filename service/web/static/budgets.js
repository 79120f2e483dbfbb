/* The ballot's tally: as projects are ticked, how many are chosen and what they cost in all,
   against the ballot's limits. The form works without it; the server checks the limits. */
(function () {
  "use strict";
  function tally(form) {
    var out = form.querySelector(".tally");
    if (!out) { return; }
    var boxes = form.querySelectorAll("input[type=checkbox][name=projects]");
    var euros = new Intl.NumberFormat(document.documentElement.lang || undefined,
      {style: "currency", currency: "EUR", maximumFractionDigits: 0});
    var maxCount = parseInt(form.dataset.maxProjects, 10);
    var maxCost = parseInt(form.dataset.maxCost, 10);
    function update() {
      var count = 0, cost = 0;
      boxes.forEach(function (box) {
        if (box.checked) { count += 1; cost += parseInt(box.dataset.cost, 10) || 0; }
      });
      out.textContent = out.dataset.template.replace("{count}", String(count))
        .replace("{cost}", euros.format(cost));
      out.classList.toggle("over", (maxCount && count > maxCount) || (maxCost && cost > maxCost));
    }
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    out.hidden = false;
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.ballot").forEach(tally);
  });
}());
