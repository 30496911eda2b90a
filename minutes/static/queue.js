// The review queue and the review page by keyboard, for a reviewer working through a month:
// j or ↓ moves to the next minutes of the queue, k or ↑ to the one before, Enter opens it, / goes
// to the filters; on the review page, d goes to the decision. Keys typed into a field stay the field's.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("a[data-queue-row]"));
  var decision = document.querySelector("#decision input[name=decision]");
  var filter = document.getElementById("period");
  function typing(target) {
    return target && target.closest && target.closest("input, textarea, select, [contenteditable]");
  }
  function move(step) {
    var at = rows.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
    rows[next].focus();
    rows[next].scrollIntoView({block: "nearest"});
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var onRow = rows.indexOf(document.activeElement) >= 0;
    var step = {j: 1, k: -1}[event.key] || (onRow ? {ArrowDown: 1, ArrowUp: -1}[event.key] : 0);
    if (step && rows.length) {
      event.preventDefault();
      move(step);
    } else if (event.key === "/" && filter) {
      event.preventDefault();
      filter.focus();
    } else if (event.key === "d" && decision) {
      event.preventDefault();
      decision.scrollIntoView({block: "center"});
      decision.focus();
    }
  });
})();
