// The review page, made better with JavaScript (it works without it): the rating sheet's total
// and level, counted as the reviewer types.
(function () {
  "use strict";
  var total = document.getElementById("rubric-total");
  if (!total) return;
  var floors = total.dataset.levels.split(",").map(Number);
  var titles = total.dataset.titles.split("|");
  var level = document.getElementById("rubric-level");
  var inputs = document.querySelectorAll('input[name^="score_"]');

  function update() {
    var sum = 0, complete = true;
    inputs.forEach(function (input) {
      var value = input.value.trim();
      if (/^\d+$/.test(value) && Number(value) <= Number(input.dataset.max)) sum += Number(value);
      else complete = false;
    });
    total.textContent = String(sum);
    var reached = "";
    for (var i = 0; i < floors.length; i++) {
      if (sum >= floors[i]) { reached = titles[i]; break; }
    }
    level.textContent = complete ? reached : "";  // a level only once every criterion is scored
  }

  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
