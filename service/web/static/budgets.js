/* The ballot's tally: as projects are ticked, how many are chosen and what they cost in all,
   against the ballot's limits; on a ranked ballot, a rank taken from another project moves
   that project to the rank given up, and the order so far is spelled out. The form works
   without it; the server checks the limits and the ranks. */
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
  function ranking(form) {
    var out = form.querySelector(".order");
    if (!out) { return; }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select.rank"));
    function title(select) {
      return form.querySelector("label[for='" + select.id + "']").textContent.split(" · ")[0];
    }
    function update() {
      var ranked = selects.filter(function (s) { return s.value !== "0"; })
        .sort(function (a, b) { return parseInt(a.value, 10) - parseInt(b.value, 10); });
      out.textContent = ranked.length ? out.dataset.template.replace(
        "{order}", ranked.map(title).join(", ")) : out.dataset.none;
    }
    selects.forEach(function (select) {
      select.dataset.previous = select.value;
      select.addEventListener("change", function () {
        selects.forEach(function (other) {
          if (other !== select && select.value !== "0" && other.value === select.value) {
            other.value = select.dataset.previous;
            other.dataset.previous = other.value;
          }
        });
        select.dataset.previous = select.value;
        update();
      });
    });
    out.hidden = false;
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.ballot").forEach(tally);
    document.querySelectorAll("form.ballot").forEach(ranking);
  });
}());
