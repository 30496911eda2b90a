// The review page, made better with JavaScript (it works without it): the parts folded to their
// first lines, and the rating sheet's total and level, counted as the reviewer types.
(function () {
  "use strict";
  // Parts folded to their first lines: she opens those she reads closely and comments on. A part
  // the checks flag, that changed since the return, or that holds her comment stays open.
  var form = document.getElementById("review-form");
  if (form) {
    var T = JSON.parse(form.dataset.texts || "{}");
    form.classList.add("folding");
    form.querySelectorAll("section.section").forEach(function (part) {
      var comment = part.querySelector("textarea");
      var open = part.classList.contains("changed") || part.querySelector("ul.findings li") || (comment && comment.value.trim());
      var button = document.createElement("button");
      button.type = "button"; button.className = "secondary small unfold";
      function show(opened) {
        part.classList.toggle("open", opened);
        button.setAttribute("aria-expanded", String(opened));
        button.textContent = opened ? T.fold : T.unfold;
      }
      button.addEventListener("click", function () {
        show(!part.classList.contains("open"));
        if (part.classList.contains("open") && comment) comment.focus();
      });
      show(Boolean(open));
      part.appendChild(button);
    });
  }

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
